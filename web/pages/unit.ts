/** The unit's page: only its own obligations (by group), the submission form, its history and notices. */
import { eventName, type UnitGroup, unitGroupNames } from '../../contracts/vocabulary';
import type { ObligationState } from '../../contracts/obligation';
import type { UnitObligation, UnitView } from '../../app/views';
import type { Contribution } from '../../app/unit-connections';
import { type Html, html, localTime, page } from './html';

/** `otherTokens`: the unit's link token for each of its other campaigns (view.otherCampaigns). */
export function unitPage(view: UnitView, token: string, message?: { done?: string; errors?: string[] }, otherTokens: Record<string, string> = {}): string {
  const tokenQuery = `token=${encodeURIComponent(token)}`;
  const groups: UnitGroup[] = ['overdue', 'due-soon', 'open', 'done'];
  const body = html`
    <p>${view.unitName} · 《${view.campaignTitle}》 <span class="muted">（方案时间 ${localTime(view.planNow)}；本页仅显示本单位事项）</span></p>
    ${message?.done ? html`<p class="notice" role="status">${message.done}</p>` : ''}
    ${message?.errors?.length ? html`<div class="error" role="alert"><ul>${message.errors.map((error) => html`<li>${error}</li>`)}</ul></div>` : ''}
    ${groups.map((group) => {
      const items = view.obligations.filter((obligation) => obligation.group === group);
      return html`<h2>${unitGroupNames[group]}（${items.length}）</h2>
        ${items.length === 0 ? html`<p class="muted">无</p>` : items.map((item) => obligationCard(item, tokenQuery))}`;
    })}
    <h2>本单位记录</h2>
    ${view.record
      ? html`<p>逾期 ${view.record.overdueCount} 次 · 督办通知 ${view.record.supervisionNotices} 次 · 约谈 ${view.record.interviews} 次 · 通报批评 ${view.record.criticisms} 次 · 表扬 ${view.record.praises} 次${view.record.onCriticismList ? ' · 在通报批评名单上' : ''}</p>
        <ul class="story">${view.record.history.map((entry) => html`<li>${localTime(entry.at)} ${entry.detail}（${entry.by}）</li>`)}</ul>`
      : html`<p class="muted">暂无记录</p>`}
    <h2>收到的通知文书</h2>
    ${view.notices.length === 0
      ? html`<p class="muted">暂无</p>`
      : html`<ul>${view.notices.map((name) => html`<li><a href="/api/unit/notices/${encodeURIComponent(name)}?${tokenQuery}">${name}</a></li>`)}</ul>`}
    ${otherCampaignsBlock(view, otherTokens)}
  `;
  return page(`${view.unitName}的任务`, body);
}

function obligationCard(item: UnitObligation, tokenQuery: string): Html {
  const anchor = `ob-${item.obligationId.replace(/[^a-z0-9-]/g, '-')}`;
  const limits = item.attachmentLimits;
  return html`<section class="card" id="${anchor}">
    <h3>${item.title} <span class="status s-${item.status}">${item.statusName}</span></h3>
    <p>截止时间：${localTime(item.dueAt)}${item.escalationLevel > 0 ? `；督办层级 ${item.escalationLevel}` : ''}${item.state.returns > 0 ? `；已退回 ${item.state.returns} 次` : ''}</p>
    ${submissionBlock(item.state, item.attachmentNames, tokenQuery)}
    ${item.contributions ? contributionsBlock(item.contributions) : ''}
    ${item.canSubmit
      ? html`<details ${item.group === 'open' && item.status !== 'returned' ? '' : 'open'}><summary>填写报送</summary>
          <form method="post" enctype="multipart/form-data" action="/unit/submit?${tokenQuery}&obligation=${encodeURIComponent(item.obligationId)}">
          <fieldset><legend>${item.status === 'returned' ? '重新报送' : '报送'}</legend>
          ${item.fields.map((field) => html`<label for="${anchor}-${field.id}">${field.label}${field.required ? ' *' : ''}</label>
            <textarea id="${anchor}-${field.id}" name="field.${field.id}" ${field.maxLength ? html`maxlength="${field.maxLength}"` : ''}></textarea>`)}
          <label for="${anchor}-by">报送人 *</label><input type="text" id="${anchor}-by" name="submittedBy" required>
          <label for="${anchor}-files">附件（最多 ${limits.maxCount} 个，每个不超过 ${Math.round(limits.maxBytes / 1024 / 1024)} MB；${limits.types.join('、')}）</label>
          <input type="file" id="${anchor}-files" name="files" multiple>
          <p><button type="submit">提交报送</button></p></fieldset></form></details>`
      : ''}
    ${item.count ? html`<p>已报告 ${item.state.occurrences?.length ?? 0} 次（方案要求 ${item.count.min}${item.count.max ? `–${item.count.max}` : ''} 次）</p>
      <ul>${(item.state.occurrences ?? []).map((occurrence) => html`<li>${occurrence.date}：${Object.entries(occurrence.evidence).map(([label, value]) => `${label}：${value}`).join('；')}（${occurrence.reportedBy}）</li>`)}</ul>` : ''}
    ${item.canReport
      ? html`<details ${item.group === 'open' ? '' : 'open'}><summary>报告一次</summary>
          <form method="post" enctype="multipart/form-data" action="/unit/report?${tokenQuery}&obligation=${encodeURIComponent(item.obligationId)}">
          <fieldset><legend>报告一次</legend>
          <label for="${anchor}-date">日期 *</label><input type="date" id="${anchor}-date" name="date" required>
          ${item.evidence.map((label, index) => html`<label for="${anchor}-evidence-${index}">${label}</label>
            <textarea id="${anchor}-evidence-${index}" name="evidence.${label}"></textarea>`)}
          <label for="${anchor}-reporter">报告人 *</label><input type="text" id="${anchor}-reporter" name="reportedBy" required>
          <label for="${anchor}-evidence-files">附件（最多 ${limits.maxCount} 个）</label><input type="file" id="${anchor}-evidence-files" name="files" multiple>
          <p><button type="submit">提交报告</button></p></fieldset></form></details>`
      : ''}
    <details ${item.group === 'overdue' || item.group === 'due-soon' ? 'open' : ''}><summary>经过（${item.state.history.length} 条）</summary>${story(item.state)}</details>
  </section>`;
}

/** A lead's obligation: how each cooperating unit's part stands (配合单位报送情况). */
export function contributionsBlock(contributions: Contribution[]): Html {
  return html`<div class="card contributions"><p>配合单位报送情况：</p><ul>${contributions.map(
    (part) => html`<li>${part.unitName}：<span class="status s-${part.status ?? 'not-started'}">${part.statusName}</span>${part.submittedAt ? html`（${localTime(part.submittedAt)}报送）` : part.dueAt ? html`（配合截止 ${localTime(part.dueAt)}）` : ''}</li>`,
  )}</ul></div>`;
}

/** The same unit's pages in the other campaigns it takes part in. */
export function otherCampaignsBlock(view: Pick<UnitView, 'otherCampaigns'>, otherTokens: Record<string, string>): Html | string {
  const linked = view.otherCampaigns.filter((campaign) => otherTokens[campaign.campaignId]);
  if (linked.length === 0) return '';
  return html`<h2>本单位参与的其他活动</h2>
    <ul id="other-campaigns">${linked.map((campaign) => html`<li><a href="/unit?token=${encodeURIComponent(otherTokens[campaign.campaignId]!)}">《${campaign.title}》</a></li>`)}</ul>`;
}

function submissionBlock(state: ObligationState, names: Record<string, string>, tokenQuery: string): Html | string {
  if (!state.submission) return '';
  const { submission } = state;
  return html`<div class="card"><p>最近一次报送：${localTime(submission.at)}，${submission.submittedBy}</p>
    <pre style="white-space: pre-wrap">${submission.content}</pre>
    ${submission.attachments?.length ? html`<p>附件：${submission.attachments.map((id) => html`<a href="/api/attachments/${id}?${tokenQuery}">${names[id] ?? id}</a> `)}</p>` : ''}</div>`;
}

/** Every recorded event: who, when (plan time), what and why. */
export function story(state: ObligationState): Html {
  return html`<ol class="story">${state.history.map((entry) => html`<li><span class="muted">${localTime(entry.at)}</span> ${eventName(entry.event)}：${entry.detail}</li>`)}</ol>`;
}

