/** The unit's page: only its own obligations (by group), the submission form, its history and notices. */
import { type UnitGroup, unitGroupNames } from '../../contracts/vocabulary';
import type { StoryLine } from '../../app/story';
import type { UnitObligation, UnitView } from '../../app/views';
import type { Contribution } from '../../app/unit-connections';
import { chineseDateTime } from '../../config/time-format';
import { type Html, html, messages, page } from './html';
import { anchorOf, failureSummary, type FormFailure, occurrenceForm, submissionForm } from './unit-forms';

export interface UnitPageMessage {
  /** After a good submission: the notice, shown in the card of `doneItem` (where the page lands). */
  done?: string;
  doneItem?: string;
  /** A refusal that is not one form's (a link, the campaign). */
  errors?: string[];
  /** A refused form: every value kept, each message at its field. */
  failure?: FormFailure;
}

/** `otherTokens`: the unit's link token for each of its other campaigns (view.otherCampaigns). */
export function unitPage(view: UnitView, token: string, message: UnitPageMessage = {}, otherTokens: Record<string, string> = {}): string {
  const tokenQuery = `token=${encodeURIComponent(token)}`;
  const groups: UnitGroup[] = ['overdue', 'due-soon', 'open', 'standing', 'done'];
  const failed = message.failure && view.obligations.find((item) => item.obligationId === message.failure!.obligationId);
  const doneInCard = message.done && view.obligations.some((item) => item.obligationId === message.doneItem);
  const body = html`
    <p>${view.unitName} · 《${view.campaignTitle}》 <span class="muted">（方案时间 ${view.planNowLocal}；本页仅显示本单位事项）</span></p>
    ${failed && message.failure ? failureSummary(failed, message.failure) : ''}
    ${messages({ ...(doneInCard ? {} : { done: message.done }), ...(message.errors ? { errors: message.errors } : {}) })}
    ${groups.map((group) => {
      const items = view.obligations.filter((obligation) => obligation.group === group);
      if (group === 'standing' && items.length === 0) return '';
      return html`<h2>${unitGroupNames[group]}（${items.length}）</h2>
        ${items.length === 0 ? html`<p class="muted">无</p>` : items.map((item) => obligationCard(item, tokenQuery, message, view.timeZone))}`;
    })}
    <h2>本单位记录</h2>
    ${view.record
      ? html`<p>逾期 ${view.record.overdueCount} 次 · 督办通知 ${view.record.supervisionNotices} 次 · 约谈 ${view.record.interviews} 次 · 通报批评 ${view.record.criticisms} 次 · 表扬 ${view.record.praises} 次${view.record.onCriticismList ? ' · 在通报批评名单上' : ''}</p>
        ${recordStory(view.recordStory)}`
      : html`<p class="muted">暂无记录</p>`}
    <h2>收到的通知文书</h2>
    ${view.notices.length === 0
      ? html`<p class="muted">暂无</p>`
      : html`<ul>${view.notices.map((name) => html`<li><a href="/api/unit/notices/${encodeURIComponent(name)}?${tokenQuery}">${name}</a></li>`)}</ul>`}
    ${otherCampaignsBlock(view, otherTokens)}
  `;
  return page(`${view.unitName}的任务`, body);
}

function obligationCard(item: UnitObligation, tokenQuery: string, message: UnitPageMessage, timeZone: string): Html {
  const anchor = anchorOf(item.obligationId);
  const isDoneHere = message.done !== undefined && message.doneItem === item.obligationId;
  const count = item.count;
  return html`<section class="card" id="${anchor}" aria-labelledby="${anchor}-title">
    <h3 id="${anchor}-title">${item.title} <span class="status s-${item.isStanding ? 'standing' : item.status}">${item.statusName}</span></h3>
    ${isDoneHere ? html`<p class="notice" role="status" id="done" tabindex="-1" autofocus>${message.done}</p>` : ''}
    ${item.returnNote
      ? html`<div class="return-note" role="note"><p><strong>退回修改：</strong>${item.returnNote.reason}</p>
          <p class="muted">${item.returnNote.by ? `${item.returnNote.by}，` : ''}${item.returnNote.atLocal}；请于 ${item.returnNote.dueAtLocal} 前修改后重新报送。</p></div>`
      : ''}
    <p>${item.isStanding ? '常设渠道，随时报送，不计次数要求' : html`截止时间：${item.dueAtLocal}`}${item.escalationLevel > 0 ? `；督办层级 ${item.escalationLevel}` : ''}${item.state.returns > 0 ? `；已退回 ${item.state.returns} 次` : ''}</p>
    ${submissionBlock(item, tokenQuery)}
    ${item.contributions ? contributionsBlock(item.contributions, timeZone) : ''}
    ${item.canSubmit ? submissionForm(item, tokenQuery, message.failure) : ''}
    ${count
      ? html`<p>已报告 ${item.state.occurrences?.length ?? 0} 次${count.min > 0 ? `（方案要求 ${count.min}${count.max ? `–${count.max}` : ''} 次）` : ''}</p>
        <ul>${(item.state.occurrences ?? []).map((occurrence) => html`<li>${occurrence.date}：${Object.entries(occurrence.evidence).map(([label, value]) => `${label}：${value}`).join('；')}（${occurrence.reportedBy}）</li>`)}</ul>`
      : ''}
    ${item.canReport ? occurrenceForm(item, tokenQuery, message.failure) : ''}
    <details ${item.group === 'overdue' || item.group === 'due-soon' ? 'open' : ''}><summary aria-label="经过（${item.story.length} 条）：${item.title}">经过（${item.story.length} 条）</summary>${story(item.story)}</details>
  </section>`;
}

/** A lead's obligation: how each cooperating unit's part stands (配合单位报送情况). */
export function contributionsBlock(contributions: Contribution[], timeZone: string): Html {
  return html`<div class="card contributions"><p>配合单位报送情况：</p><ul>${contributions.map(
    (part) =>
      html`<li>${part.unitName}：<span class="status s-${part.status ?? 'not-started'}">${part.statusName}</span>${part.submittedAt ? html`（${chineseDateTime(part.submittedAt, timeZone)}报送）` : part.dueAt ? html`（配合截止 ${chineseDateTime(part.dueAt, timeZone)}）` : ''}</li>`,
  )}</ul></div>`;
}

/** The same unit's pages in the other campaigns it takes part in. */
export function otherCampaignsBlock(view: Pick<UnitView, 'otherCampaigns'>, otherTokens: Record<string, string>): Html | string {
  const linked = view.otherCampaigns.filter((campaign) => otherTokens[campaign.campaignId]);
  if (linked.length === 0) return '';
  return html`<h2>本单位参与的其他活动</h2>
    <ul id="other-campaigns">${linked.map((campaign) => html`<li><a href="/unit?token=${encodeURIComponent(otherTokens[campaign.campaignId]!)}">《${campaign.title}》</a></li>`)}</ul>`;
}

function submissionBlock(item: UnitObligation, tokenQuery: string): Html | string {
  const { submission } = item.state;
  if (!submission) return '';
  const names = item.attachmentNames;
  return html`<div class="card"><p>最近一次报送：${item.submittedAtLocal ?? ''}，${submission.submittedBy}</p>
    <pre>${submission.content}</pre>
    ${submission.attachments?.length ? html`<p>附件：${submission.attachments.map((id) => html`<a href="/api/attachments/${id}?${tokenQuery}">${names[id] ?? id}</a> `)}</p>` : ''}</div>`;
}

/** Every recorded event: who, when (plan time, the campaign's zone), what and why. */
export function story(lines: StoryLine[]): Html {
  return html`<ol class="story">${lines.map((line) => html`<li><span class="muted">${line.atLocal}</span> ${line.eventName}：${line.text}</li>`)}</ol>`;
}

/** A unit's record: each entry with who acted. */
export function recordStory(lines: StoryLine[]): Html {
  return html`<ul class="story">${lines.map((line) => html`<li><span class="muted">${line.atLocal}</span> ${line.eventName}：${line.text}（${line.by ?? ''}）</li>`)}</ul>`;
}
