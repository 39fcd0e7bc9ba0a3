/** The administrator's pages: campaigns and definitions, a definition's validation and preview, a campaign's overview, confirmations. */
import { campaignPhaseNames, type CellState, cellStateName, type ControlAction, controlActionNames } from '../../contracts/vocabulary';
import type { CampaignProgress } from '../../contracts/campaign';
import type { DefinitionSource } from '../../app/administration';
import type { CampaignOverview, ChildRollup, OngoingColumn } from '../../app/overview';
import { chineseDateTime, chineseDay, chineseWallClock } from '../../config/time-format';
import { Html, html, messages, page, type PageUser } from './html';
import { itemUrl } from './supervisor';

const evaluationNames = { xlsx: '考核表（Excel）', docx: '考核通报（Word）', csv: 'CSV', html: '考核报告（网页）' } as const;

export function adminHome(
  campaigns: { campaignId: string; title: string; timeZone: string; progress: CampaignProgress; startedAt: string }[],
  files: string[],
  user: PageUser,
): string {
  const body = html`
    <h2>活动</h2>
    ${campaigns.length === 0
      ? html`<p class="muted">尚未启动任何活动</p>`
      : html`<div class="scroll"><table><thead><tr><th scope="col">活动</th><th scope="col">活动编号</th><th scope="col">阶段</th><th scope="col">任务数</th><th scope="col">启动时间</th></tr></thead><tbody>
        ${campaigns.map((campaign) => html`<tr><td><a href="/admin/campaigns/${campaign.campaignId}">${campaign.title}</a></td><td>${campaign.campaignId}</td>
          <td>${campaignPhaseNames[campaign.progress.phase]}</td><td>${campaign.progress.launched}/${campaign.progress.total ?? '?'}</td><td>${chineseDateTime(campaign.startedAt, campaign.timeZone)}</td></tr>`)}
        </tbody></table></div>`}
    <h2>校验和预览方案</h2>
    <form method="post" action="/admin/preview" class="card">
      <input type="hidden" name="_csrf" value="${user.csrfToken}">
      <label for="preview-file">选择方案文件（config/campaigns）</label><select id="preview-file" name="file">${files.map((file) => html`<option>${file}</option>`)}</select>
      <button type="submit">校验并预览</button>
    </form>
    <form method="post" action="/admin/preview" enctype="multipart/form-data" class="card">
      <input type="hidden" name="_csrf" value="${user.csrfToken}">
      <label for="preview-upload">或上传方案（YAML，可引用 ../shared/ 中的共用文件）</label><input type="file" id="preview-upload" name="definition" accept=".yaml,.yml">
      <button type="submit">上传、校验并预览</button>
    </form>`;
  return page('活动管理', body, { user });
}

export function previewPage(
  source: DefinitionSource,
  result: { valid: boolean; issues: string[]; title?: string; campaignId?: string; instances?: number; timeline?: { local: string; unit: string; obligation: string; what: string }[] },
  user: PageUser,
  errors: string[] = [],
): string {
  const sourceFields = 'file' in source ? html`<input type="hidden" name="file" value="${source.file}">` : html`<input type="hidden" name="upload" value="${source.upload}">`;
  const body = result.valid
    ? html`${errors.length > 0 ? html`<div class="error" role="alert"><ul>${errors.map((error) => html`<li>${error}</li>`)}</ul></div>` : ''}
      <p class="notice" role="status">方案有效：《${result.title}》（${result.campaignId}），${result.instances} 项任务实例</p>
      <form method="post" action="/admin/launch" class="card">
        <input type="hidden" name="_csrf" value="${user.csrfToken}">${sourceFields}
        <label for="launch-rebase">演练（可选）：把方案开始日映射到此时刻（now 或 2026-12-01T09:00:00+08:00）</label><input type="text" id="launch-rebase" name="rebaseTo" size="32">
        <button type="submit">启动活动</button>
      </form>
      <form method="post" action="/admin/simulate" enctype="multipart/form-data" class="card" id="simulate-form">
      <input type="hidden" name="_csrf" value="${user.csrfToken}">
        ${sourceFields}
        <p>启动之前，可以先在测试时间里运行整个活动周期：真实的工作流、提醒和督办邮件（发往本机的模拟邮箱），得到活动结束时的考核排名。</p>
        <label for="simulate-behaviour">单位行为文件（可选，YAML，如 config/behaviours/seed-2022.yaml；不选则所有单位按时报送）</label><input type="file" id="simulate-behaviour" name="behaviour" accept=".yaml,.yml">
        <button type="submit" class="secondary">模拟运行</button>
      </form>
      <h2>时间线预览</h2>
      <div class="scroll"><table><thead><tr><th scope="col">时间</th><th scope="col">事项</th><th scope="col">节点</th><th scope="col">单位</th></tr></thead><tbody>
      ${(result.timeline ?? []).map((row) => html`<tr><td>${chineseWallClock(row.local)}</td><td>${row.obligation}</td><td>${row.what}</td><td>${row.unit}</td></tr>`)}
      </tbody></table></div>`
    : html`<div class="error" role="alert"><p>方案有 ${result.issues.length} 处错误，不能启动：</p><ul>${result.issues.map((issue) => html`<li><code>${issue}</code></li>`)}</ul></div>
      <p><a href="/admin">返回</a></p>`;
  return page('方案校验和预览', body, { user });
}

export function overviewPage(overview: CampaignOverview, files: string[], user: PageUser, message?: { done?: string; errors?: string[] }): string {
  const legend = ['open', 'reminded', 'submitted', 'accepted', 'returned', 'overdue-1', 'overdue-2', 'overdue-3', 'overdue-4', 'waived', 'closed', 'cancelled'] as const;
  const stateName = cellStateName;
  // Raw inside a JSON data block: with every `<` escaped it cannot close the block.
  const chartData = JSON.stringify(overview.timeline).replace(/</g, '\\u003c');
  const body = html`
    <p>${overview.plan.campaign.documentNumber} · 阶段：<strong id="phase">${campaignPhaseNames[overview.progress.phase]}</strong> · 已启动 ${overview.progress.launched}/${overview.progress.total ?? '?'} 项任务
      ${overview.launchedBy ? html` · <span id="launched-by">由 ${overview.launchedBy.by} 于 ${chineseDateTime(overview.launchedBy.at, overview.plan.campaign.timeZone)} 启动</span>` : ''}</p>
    ${messages(message)}
    <h2>状态统计</h2>
    <p class="legend">${Object.entries(overview.counts).map(([state, count]) => html`<span class="status s-${state}">${stateName(state)} ${count}</span>`)}</p>
    <h2>进度</h2>
    <figure class="chart">
      <canvas id="progress-chart" height="110" role="img" aria-label="${progressSummary(overview.timeline)}"></canvas>
      <figcaption><details><summary>进度数据表</summary>
        <table><thead><tr><th scope="col">日期</th><th scope="col">累计报送</th><th scope="col">累计通过</th><th scope="col">累计逾期</th></tr></thead><tbody>
        ${overview.timeline.map((row) => html`<tr><td>${chineseDay(row.date)}</td><td>${row.submitted}</td><td>${row.accepted}</td><td>${row.overdue}</td></tr>`)}
        </tbody></table></details></figcaption>
    </figure>
    <script type="application/json" id="progress-data">${new Html(chartData)}</script>
    <script src="/assets/chart.umd.min.js"></script>
    <script src="/assets/progress-chart.js"></script>
    <h2>单位 × 任务</h2>
    <p class="legend">${[...legend, ...(overview.ongoing.length > 0 ? ['ongoing' as const] : [])].map((state) => html`<span class="status s-${state}">${stateName(state)}</span>`)}</p>
    <div class="matrix-scroll" tabindex="0" role="region" aria-label="单位 × 任务矩阵（可横向滚动，单位列和表头固定）"><table class="matrix"><thead><tr><th scope="col">单位</th>${overview.columns.map((column) => html`<th scope="col" title="截止 ${column.dueAtLocal}">${column.title}</th>`)}${overview.ongoing.map(ongoingHeader)}</tr></thead><tbody>
    ${overview.units.map((unit) => html`<tr><th scope="row">${unit.name}</th>${overview.columns.map((column) => {
      const cell = overview.cells[unit.id]?.[column.obligationId];
      if (!cell) return html`<td></td>`;
      const state = cell.cell;
      return html`<td><a class="status s-${state}" href="${itemUrl(cell)}" aria-label="${unit.name}：${column.title}：${stateName(state)}">${stateName(state)}</a></td>`;
    })}${overview.ongoing.map((column) => ongoingCell(column, unit))}</tr>`)}
    </tbody></table></div>
    ${childrenSection(overview.children)}
    <h2>绩效考核</h2>
    <p><a href="/admin/campaigns/${overview.campaignId}/evaluation" id="evaluation-page">查看考核排名和得分明细</a>（活动进行中时为阶段性结果）</p>
    <p>下载：${(['xlsx', 'docx', 'csv', 'html'] as const).map(
      (format) => html`<a href="/api/campaigns/${overview.campaignId}/evaluation/${format}">${evaluationNames[format]}</a> · `,
    )}<span class="muted">活动进行中时为阶段性结果</span></p>
    ${user.role === 'admin' ? controlSection(overview, files, user) : ''}`;
  return page(overview.title, body, { user });
}

/** Pause, resume, cancel and amend: administrators' actions, not offered to supervisors. */
function controlSection(overview: CampaignOverview, files: string[], user: PageUser): Html {
  return html`<h2>活动控制</h2>
    ${(['pause', 'resume', 'cancel'] as const).map(
      (action) => html`<form method="post" action="/admin/campaigns/${overview.campaignId}/confirm" class="inline">
        <input type="hidden" name="_csrf" value="${user.csrfToken}"><input type="hidden" name="action" value="${action}">
        <button type="submit" class="secondary">${controlActionNames[action]}…</button></form> `,
    )}
    <form method="post" action="/admin/campaigns/${overview.campaignId}/confirm" class="card" id="amend-file">
      <input type="hidden" name="_csrf" value="${user.csrfToken}"><input type="hidden" name="action" value="amend">
      <label for="amend-file-select">修订：选择修订后的方案文件（config/campaigns）</label><select id="amend-file-select" name="file">${files.map((file) => html`<option>${file}</option>`)}</select>
      <button type="submit" class="secondary">修订…</button></form>
    <form method="post" action="/admin/campaigns/${overview.campaignId}/confirm" enctype="multipart/form-data" class="card" id="amend-upload">
      <input type="hidden" name="_csrf" value="${user.csrfToken}">
      <input type="hidden" name="action" value="amend">
      <label for="amend-upload-file">或上传修订后的方案（YAML）</label><input type="file" id="amend-upload-file" name="definition" accept=".yaml,.yml" required>
      <button type="submit" class="secondary">上传并修订…</button></form>`;
}

/** Each parent's view of the units below it (a zone: its counties and their towns), their items counted by state. */
export function childrenSection(rollups: ChildRollup[]): Html | string {
  if (rollups.length === 0) return '';
  const states = [...new Set(rollups.flatMap((rollup) => Object.keys(rollup.counts) as CellState[]))].sort();
  return html`<h2>下级单位汇总</h2>
    <table id="children-rollup"><thead><tr><th scope="col">上级单位</th><th scope="col">下级单位</th>${states.map((state) => html`<th scope="col">${cellStateName(state)}</th>`)}<th scope="col">合计</th></tr></thead><tbody>
    ${rollups.map((rollup) => html`<tr><th scope="row">${rollup.unitName}</th><td>${rollup.childIds.length}</td>${states.map((state) => html`<td>${rollup.counts[state] ?? 0}</td>`)}<td>${rollup.total}</td></tr>`)}
    </tbody></table>`;
}

/** A task without a deadline of its own: its header says how it is followed. */
const ongoingHeader = (column: OngoingColumn) => html`<th scope="col" title="${column.how}">${column.title}</th>`;

/** 持续推进 for the task's units; its progress reports are columns of their own. */
function ongoingCell(column: OngoingColumn, unit: { id: string; name: string }) {
  if (!column.unitIds.includes(unit.id)) return html`<td></td>`;
  return html`<td><span class="status s-ongoing" title="${unit.name}：${column.title}（${column.how}）">${cellStateName('ongoing')}</span></td>`;
}

export function confirmPage(campaignId: string, action: ControlAction, changes: string[], amended: DefinitionSource | undefined, user: PageUser): string {
  const body = html`<div class="card"><p>将对活动 ${campaignId} 执行“${controlActionNames[action]}”。将会发生以下变化：</p>
      <ul id="changes">${changes.map((change) => html`<li>${change}</li>`)}</ul></div>
    <form method="post" action="/admin/campaigns/${campaignId}/control" class="card">
      <input type="hidden" name="_csrf" value="${user.csrfToken}"><input type="hidden" name="action" value="${action}">
      ${amended ? ('file' in amended ? html`<input type="hidden" name="file" value="${amended.file}">` : html`<input type="hidden" name="upload" value="${amended.upload}">`) : ''}
      <label for="control-reason">理由<span aria-hidden="true"> *</span></label><input type="text" id="control-reason" name="reason" size="50" required>
      <button type="submit">确认${controlActionNames[action]}</button> <a href="/admin/campaigns/${campaignId}">取消</a>
    </form>`;
  return page(`确认${controlActionNames[action]}`, body, { user });
}

/** What the progress chart shows, for a reader who cannot see it. */
function progressSummary(timeline: CampaignOverview['timeline']): string {
  const last = timeline.at(-1);
  if (!last) return '进度图：尚无报送、通过或逾期';
  return `进度图：截至${chineseDay(last.date)}，累计报送${last.submitted}项，累计通过${last.accepted}项，累计逾期${last.overdue}项`;
}

/** The evaluation report inside the page frame: the header, and the way back to the campaign. */
export function evaluationPage(campaignId: string, report: { heading: string; style: string; body: string }, user: PageUser): string {
  const body = html`<p><a href="/admin/campaigns/${campaignId}">← 返回活动总览</a></p>${new Html(report.body)}`;
  return page(report.heading, body, { user, head: html`<style>${new Html(report.style)}</style>` });
}
