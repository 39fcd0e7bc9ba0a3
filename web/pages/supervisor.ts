/** The supervisor's inbox (escalated items, most severe and oldest first; submissions to review) and one item's page. */
import type { InboxFilters, InboxView, ItemSummary, ItemView } from '../../app/views';
import { itemActionNames } from '../../contracts/vocabulary';
import { type Html, html, localTime, page, type PageUser } from './html';
import { story } from './unit';

export function itemUrl(item: Pick<ItemSummary, 'campaignId' | 'unitId' | 'obligationId'>): string {
  return `/campaigns/${item.campaignId}/units/${item.unitId}/obligations/${encodeURIComponent(item.obligationId)}`;
}

export function inboxPage(view: InboxView, filters: InboxFilters, user: PageUser): string {
  const body = html`
    <form method="get" action="/inbox" class="card">
      <label class="inline">活动 <select name="campaign"><option value="">全部</option>${view.campaigns.map((id) => html`<option ${filters.campaign === id ? 'selected' : ''}>${id}</option>`)}</select></label>
      <label class="inline">单位编号 <input type="text" name="unit" value="${filters.unit ?? ''}"></label>
      <label class="inline">督办层级 ≥ <input type="text" name="level" size="2" value="${filters.level ?? ''}"></label>
      <button type="submit" class="secondary">筛选</button>
    </form>
    <h2>逾期和督办事项（${view.escalated.length}）</h2>
    ${itemTable(view.escalated, true)}
    <h2>待审核的报送（${view.toReview.length}）</h2>
    ${itemTable(view.toReview, false)}`;
  return page('督办收件箱', body, { user });
}

function itemTable(items: ItemSummary[], showLevel: boolean): Html {
  if (items.length === 0) return html`<p class="muted">无</p>`;
  return html`<table><thead><tr><th>单位</th><th>任务</th><th>状态</th>${showLevel ? html`<th>督办层级</th>` : ''}<th>截止时间</th><th>活动</th></tr></thead><tbody>
    ${items.map((item) => html`<tr><td>${item.unitName}</td><td><a href="${itemUrl(item)}">${item.title}</a></td>
      <td><span class="status s-${item.status}">${item.statusName}</span></td>${showLevel ? html`<td>${item.escalationLevel}</td>` : ''}
      <td>${localTime(item.dueAt)}</td><td class="muted">${item.campaignId}</td></tr>`)}
  </tbody></table>`;
}

export function itemPage(view: ItemView, user: PageUser, message?: { done?: string; errors?: string[] }): string {
  const action = `${itemUrl(view)}/actions`;
  const hidden = html`<input type="hidden" name="_csrf" value="${user.csrfToken}">`;
  const forms = view.actions.map((name) => {
    const needsDate = name === 'extend' || name === 'return' || name === 'supervise';
    const label = name === 'proceed' && view.pendingStep ? `同意督办：${view.pendingStep}` : itemActionNames[name];
    return html`<form method="post" action="${action}" class="card" data-action="${name}">${hidden}<input type="hidden" name="action" value="${name}">
      <strong>${label}</strong>
      ${needsDate ? html`<label>${name === 'supervise' ? '整改期限' : '新的截止日期'} <input type="date" name="dueDate" required></label>` : ''}
      <label>理由${name === 'accept' ? '（可不填）' : ' *'} <input type="text" name="reason" size="50" ${name === 'accept' ? '' : 'required'}></label>
      <button type="submit">${label}</button></form>`;
  });
  const unitForms = (['interview', 'criticize', 'praise', 'uncriticize'] as const)
    .filter((name) => name !== 'uncriticize' || view.record?.onCriticismList)
    .map(
      (name) => html`<form method="post" action="/campaigns/${view.campaignId}/units/${view.unitId}/actions" class="card" data-action="${name}">${hidden}
        <input type="hidden" name="action" value="${name}"><input type="hidden" name="back" value="${itemUrl(view)}">
        <strong>${unitActionNames[name]}</strong> <label>理由 * <input type="text" name="reason" size="50" required></label> <button type="submit">${unitActionNames[name]}</button></form>`,
    );
  const body = html`
    <p>${view.unitName} · ${view.campaignId} · 措施 ${view.measure} <span class="muted">（方案时间 ${localTime(view.planNow)}）</span></p>
    ${message?.done ? html`<p class="notice" role="status">${message.done}</p>` : ''}
    ${message?.errors?.length ? html`<div class="error" role="alert"><ul>${message.errors.map((error) => html`<li>${error}</li>`)}</ul></div>` : ''}
    <p>状态 <span class="status s-${view.status}">${view.statusName}</span> · 截止 ${localTime(view.state.dueAt)} · 督办层级 ${view.escalationLevel} · 退回 ${view.state.returns} 次
      ${view.pendingStep ? html` · 待决定：${view.pendingStep}` : ''}</p>
    ${view.state.submission
      ? html`<div class="card"><p>报送：${localTime(view.state.submission.at)}，${view.state.submission.submittedBy}</p><pre style="white-space: pre-wrap">${view.state.submission.content}</pre>
        ${view.state.submission.attachments?.length ? html`<p>附件：${view.state.submission.attachments.map((id) => html`<a href="/api/attachments/${id}">${view.attachmentNames[id] ?? id}</a> `)}</p>` : ''}</div>`
      : ''}
    <h2>可执行的操作</h2>
    ${forms.length > 0 ? forms : html`<p class="muted">该事项当前状态下没有可执行的操作</p>`}
    <h2>对单位的措施</h2>
    ${unitForms}
    <h2>经过</h2>
    ${story(view.state)}
    <h2>该单位收到的通知文书</h2>
    ${view.notices.length === 0
      ? html`<p class="muted">暂无</p>`
      : html`<ul>${view.notices.map((name) => html`<li><a href="/api/campaigns/${view.campaignId}/units/${view.unitId}/notices/${encodeURIComponent(name)}">${name}</a></li>`)}</ul>`}
    ${view.record ? html`<h2>单位记录</h2><ul class="story">${view.record.history.map((entry) => html`<li>${localTime(entry.at)} ${entry.detail}（${entry.by}）</li>`)}</ul>` : ''}`;
  return page(`${view.title}（${view.unitName}）`, body, { user });
}

export const unitActionNames = { interview: '约谈', criticize: '通报批评', uncriticize: '撤销通报批评', praise: '表扬', proceed: '同意', dismiss: '不予采纳' } as const;
