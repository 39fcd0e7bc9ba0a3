/** A draft's saved versions (who, when, which campaign ran them), two versions compared as "what changes for whom", and launch or amend from a version. */
import type { VersionComparison } from '../../app/authoring/compare';
import type { DraftRecord, VersionRecord, VersionSummary } from '../../store/drafts';
import { html, page, type PageUser } from './html';
import { authoringHead as head, errorsBox } from './authoring';
import { chineseDateTime } from '../../config/time-format';

const when = (date: Date) => chineseDateTime(date.toISOString());
const actionNames = { launch: '启动', amend: '修订' } as const;

export function versionsPage(draft: DraftRecord, versions: VersionSummary[], user: PageUser, errors: string[] = []): string {
  const [latest, previous] = versions;
  const body = html`${errorsBox(errors)}
    <p>《${draft.title}》 · <a href="/authoring/drafts/${draft.id}">返回活动设计</a> · <a href="/authoring">草稿列表</a></p>
    ${versions.length === 0 ? html`<p class="muted">还没有保存的版本：在活动设计中点“保存为版本”。只有保存的版本才能启动或修订活动。</p>` : ''}
    <table id="versions"><thead><tr><th scope="col">版本</th><th scope="col">保存人 · 时间</th><th scope="col">活动编号</th><th scope="col">状态</th><th scope="col">说明</th><th scope="col">使用</th><th scope="col">文件</th></tr></thead><tbody>
    ${versions.map((version) => html`<tr data-version="${version.number}"><td>版本 ${version.number}</td><td>${version.savedBy} · ${when(version.savedAt)}</td><td>${version.campaignId ?? ''}</td>
      <td>${version.isValid ? html`<span class="status s-accepted">有效</span>` : html`<span class="status s-overdue">有错误</span>`}</td><td>${version.note}</td>
      <td>${version.uses.map((use) => html`${actionNames[use.action]} <a href="/admin/campaigns/${use.campaignId}">${use.campaignId}</a>（${use.usedBy} · ${when(use.usedAt)}）<br>`)}</td>
      <td><a href="/api/authoring/versions/${version.id}/yaml">下载 YAML</a></td></tr>`)}
    </tbody></table>
    ${versions.length >= 2
      ? html`<h2>比较两个版本</h2><form method="get" action="/authoring/drafts/${draft.id}/compare" class="card" id="compare-form">
        <label>从 <select name="from">${versions.map((version) => html`<option value="${version.id}" ${version === previous ? 'selected' : ''}>版本 ${version.number}</option>`)}</select></label>
        <label>到 <select name="to">${versions.map((version) => html`<option value="${version.id}" ${version === latest ? 'selected' : ''}>版本 ${version.number}</option>`)}</select></label>
        <button type="submit" class="secondary">比较：对谁有什么变化</button></form>`
      : ''}
    ${latest
      ? html`<h2>启动或修订</h2>
      <form method="post" action="/authoring/launch" class="card" id="launch-form">
        <input type="hidden" name="_csrf" value="${user.csrfToken}">
        <label>版本 <select name="version">${versions.filter((version) => version.isValid).map((version) => html`<option value="${version.id}">版本 ${version.number}（${version.campaignId ?? ''}）</option>`)}</select></label>
        <label>演练（可选）：把方案开始日映射到此时刻（now 或 2026-12-01T09:00:00+08:00）<input type="text" name="rebaseTo" size="32"></label>
        <button type="submit">以此版本启动活动</button>
      </form>
      <form method="post" action="/authoring/amend/confirm" class="card" id="amend-form">
        <input type="hidden" name="_csrf" value="${user.csrfToken}">
        <label>版本 <select name="version">${versions.filter((version) => version.isValid).map((version) => html`<option value="${version.id}">版本 ${version.number}（${version.campaignId ?? ''}）</option>`)}</select></label>
        <button type="submit" class="secondary">以此版本修订正在运行的活动…</button>
      </form>`
      : ''}`;
  return page('版本与启动', body, { user, head });
}

export function comparePage(draftId: string, from: VersionRecord, to: VersionRecord, comparison: VersionComparison | undefined, problems: string[], user: PageUser): string {
  const body = html`<p>从版本 ${from.number}（${from.savedBy} · ${when(from.savedAt)}）到版本 ${to.number}（${to.savedBy} · ${when(to.savedAt)}） · <a href="/authoring/drafts/${draftId}/versions">返回版本列表</a></p>
    ${errorsBox(problems)}
    ${comparison
      ? html`<div class="card"><h2>修订时将显示</h2><ul class="changes" id="summary">${comparison.summary.map((line) => html`<li>${line}</li>`)}</ul></div>
        ${comparison.sections.length === 0 ? html`<p class="muted">两个版本的计划、规则、模板和考核相同。</p>` : ''}
        ${comparison.sections.map((section) => html`<h2>${section.title}</h2><ul class="changes" data-section="${section.title}">${section.lines.map((line) => html`<li>${line}</li>`)}</ul>`)}
        <h2>按单位</h2>
        ${comparison.byUnit.length === 0 ? html`<p class="muted">没有单位的任务或截止时间变化。</p>` : html`<table id="by-unit"><thead><tr><th scope="col">单位</th><th scope="col">变化</th></tr></thead><tbody>
          ${comparison.byUnit.map((entry) => html`<tr><th scope="row">${entry.unit}</th><td><ul class="changes">${entry.lines.map((line) => html`<li>${line}</li>`)}</ul></td></tr>`)}</tbody></table>`}`
      : ''}`;
  return page(`比较版本 ${from.number} 与 ${to.number}`, body, { user, head });
}

export function amendConfirmPage(version: VersionRecord, campaignId: string, changes: string[], user: PageUser): string {
  const body = html`<div class="card"><p>将以版本 ${version.number} 修订正在运行的活动 ${campaignId}。将会发生以下变化：</p>
      <ul id="changes">${changes.map((change) => html`<li>${change}</li>`)}</ul></div>
    <form method="post" action="/authoring/amend" class="card">
      <input type="hidden" name="_csrf" value="${user.csrfToken}"><input type="hidden" name="version" value="${version.id}">
      <label>理由 * <input type="text" name="reason" size="50" required></label>
      <button type="submit">确认修订</button> <a href="/authoring/drafts/${version.draftId}/versions">取消</a>
    </form>`;
  return page('确认修订', body, { user, head });
}
