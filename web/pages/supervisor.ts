/** The supervisor's inbox (escalated items, most severe and oldest first; submissions to review; items due soon) and one item's page. */
import type { InboxFilters, InboxItem, InboxView } from '../../app/inbox';
import type { ItemSummary, ItemView } from '../../app/views';
import { type ItemAction, itemActionNames } from '../../contracts/vocabulary';
import { type Html, html, messages, page, type PageUser } from './html';
import { recordStory, story } from './unit';

export function itemUrl(item: Pick<ItemSummary, 'campaignId' | 'unitId' | 'obligationId'>): string {
  return `/campaigns/${item.campaignId}/units/${item.unitId}/obligations/${encodeURIComponent(item.obligationId)}`;
}

export function inboxPage(view: InboxView, filters: InboxFilters, user: PageUser): string {
  const body = html`
    <form method="get" action="/inbox" class="card" role="search" aria-label="筛选事项">
      <label class="inline" for="filter-campaign">活动</label> <select id="filter-campaign" name="campaign"><option value="">全部</option>${view.campaigns.map((campaign) => html`<option value="${campaign.campaignId}" ${filters.campaign === campaign.campaignId ? 'selected' : ''}>${campaign.title}</option>`)}</select>
      <label class="inline" for="filter-unit">单位编号</label> <input type="text" id="filter-unit" name="unit" value="${filters.unit ?? ''}">
      <label class="inline" for="filter-level">督办层级 ≥</label> <input type="text" id="filter-level" name="level" size="2" inputmode="numeric" value="${filters.level ?? ''}">
      <button type="submit" class="secondary">筛选</button>
    </form>
    <h2 id="escalated">逾期和督办事项（${view.escalated.length}）</h2>
    ${itemTable(view.escalated, true, 'escalated')}
    <h2 id="to-review">待审核的报送（${view.toReview.length}）</h2>
    ${itemTable(view.toReview, false, 'to-review')}
    <h2 id="due-soon">7日内到期（${view.dueSoon.length}）</h2>
    <p class="muted">按各活动的方案时间计算（演练活动的方案时间与现实时间不同）。</p>
    ${itemTable(view.dueSoon, false, 'due-soon')}`;
  return page('督办收件箱', body, { user });
}

function itemTable(items: InboxItem[], showLevel: boolean, labelledBy: string): Html {
  if (items.length === 0) return html`<p class="muted">无</p>`;
  return html`<div class="scroll"><table aria-labelledby="${labelledBy}"><thead><tr><th scope="col">单位</th><th scope="col">任务</th><th scope="col">状态</th>${showLevel ? html`<th scope="col">督办层级</th>` : ''}<th scope="col">截止时间</th><th scope="col">活动</th></tr></thead><tbody>
    ${items.map((item) => html`<tr><td>${item.unitName}</td>
      <td>${item.unreadable ? html`${item.title}<br><span class="muted">（${item.unreadable}，无法打开事项页面）</span>` : html`<a href="${itemUrl(item)}">${item.title}</a>`}</td>
      <td><span class="status s-${item.status}">${item.statusName}</span></td>${showLevel ? html`<td>${item.escalationLevel}</td>` : ''}
      <td>${item.dueAtLocal}</td><td>${item.campaignTitle}</td></tr>`)}
  </tbody></table></div>`;
}

/** One action's form: a fieldset whose legend names the action, so that each 理由 says what it is the reason for. */
function actionForm(view: ItemView, name: ItemAction, hidden: Html): Html {
  const needsDate = name === 'extend' || name === 'return' || name === 'supervise';
  const label = name === 'proceed' && view.pendingStep ? `同意督办：${view.pendingStep}` : itemActionNames[name];
  const id = `action-${name}`;
  const isOptional = name === 'accept';
  return html`<form method="post" action="${itemUrl(view)}/actions" class="card" data-action="${name}">${hidden}<input type="hidden" name="action" value="${name}">
    <fieldset><legend>${label}</legend>
    ${needsDate ? html`<label for="${id}-date">${name === 'supervise' ? '整改期限' : '新的截止日期'}<span aria-hidden="true"> *</span></label><input type="date" id="${id}-date" name="dueDate" required>` : ''}
    <label for="${id}-reason">理由${isOptional ? '（可不填）' : html`<span aria-hidden="true"> *</span>`}</label><input type="text" id="${id}-reason" name="reason" size="50" ${isOptional ? '' : 'required'}>
    <p><button type="submit">${label}</button></p></fieldset></form>`;
}

export function itemPage(view: ItemView, user: PageUser, message?: { done?: string; errors?: string[] }): string {
  const hidden = html`<input type="hidden" name="_csrf" value="${user.csrfToken}">`;
  const unitForms = (['interview', 'criticize', 'praise', 'uncriticize'] as const)
    .filter((name) => name !== 'uncriticize' || view.record?.onCriticismList)
    .map(
      (name) => html`<form method="post" action="/campaigns/${view.campaignId}/units/${view.unitId}/actions" class="card" data-action="${name}">${hidden}
        <input type="hidden" name="action" value="${name}"><input type="hidden" name="back" value="${itemUrl(view)}">
        <fieldset><legend>${unitActionNames[name]}：${view.unitName}</legend>
        <label for="unit-${name}-reason">理由<span aria-hidden="true"> *</span></label><input type="text" id="unit-${name}-reason" name="reason" size="50" required>
        <p><button type="submit">${unitActionNames[name]}</button></p></fieldset></form>`,
    );
  const submission = view.state.submission;
  const body = html`
    <p>${view.unitName} · 《${view.campaignTitle}》 · 措施 ${view.measure} <span class="muted">（方案时间 ${view.planNowLocal}）</span></p>
    ${messages(message)}
    <p>状态 <span class="status s-${view.status}">${view.statusName}</span> · 截止 ${view.dueAtLocal} · 督办层级 ${view.escalationLevel} · 退回 ${view.state.returns} 次
      ${view.pendingStep ? html` · 待决定：${view.pendingStep}` : ''}</p>
    ${view.returnNote ? html`<div class="return-note" role="note"><p><strong>已退回修改：</strong>${view.returnNote.reason}</p><p class="muted">${view.returnNote.by}，${view.returnNote.atLocal}；修改期限 ${view.returnNote.dueAtLocal}</p></div>` : ''}
    ${submission
      ? html`<div class="card"><p>报送：${view.submittedAtLocal ?? ''}，${submission.submittedBy}</p><pre>${submission.content}</pre>
        ${submission.attachments?.length ? html`<p>附件：${submission.attachments.map((id: string) => html`<a href="/api/attachments/${id}">${view.attachmentNames[id] ?? id}</a> `)}</p>` : ''}</div>`
      : ''}
    <h2>可执行的操作</h2>
    ${view.actions.length > 0 ? view.actions.map((name) => actionForm(view, name, hidden)) : html`<p class="muted">该事项当前状态下没有可执行的操作</p>`}
    <h2>对单位的措施</h2>
    ${unitForms}
    <h2>经过</h2>
    ${story(view.story)}
    <h2>该单位收到的通知文书</h2>
    ${view.notices.length === 0
      ? html`<p class="muted">暂无</p>`
      : html`<ul>${view.notices.map((name) => html`<li><a href="/api/campaigns/${view.campaignId}/units/${view.unitId}/notices/${encodeURIComponent(name)}">${name}</a></li>`)}</ul>`}
    ${view.record ? html`<h2>单位记录</h2>${recordStory(view.recordStory)}` : ''}`;
  return page(`${view.title}（${view.unitName}）`, body, { user });
}

export const unitActionNames = { interview: '约谈', criticize: '通报批评', uncriticize: '撤销通报批评', praise: '表扬', proceed: '同意', dismiss: '不予采纳' } as const;
