/**
 * Renders the Chinese messages of an obligation: subject, plain text and HTML. Values are
 * escaped in the HTML part. (The campaign-definition issue replaces these built-in texts with
 * the definition's own templates; the variables stay the same.)
 */
import { renderTemplate, type TemplateVariable } from '../config/definition/templates';
import { campaignWorkflowId } from '../contracts/campaign';
import type { MessageRequest } from '../contracts/delivery';
import { chineseDateTime, defaultTimeZone } from '../config/time-format';

export interface RenderedMessage {
  subject: string;
  text: string;
  html: string;
}

/** The zone of requests from before the campaign's own zone travelled with them (the schema's default). */
export { defaultTimeZone } from '../config/time-format';

/**
 * 2022-04-15T09:30:00Z → 2022年4月15日 17:30: on the wall clock of the campaign's zone (Beijing
 * time unless the definition says otherwise), as the plan's readers read it (config/time-format.ts).
 */
export function formatChineseDateTime(iso: string, timeZone = defaultTimeZone): string {
  return chineseDateTime(iso, timeZone);
}

/** Makes the signed link of a unit's page (web/unit-token.ts `unitLinkMaker`). */
export type UnitLinkMaker = (scope: { campaignId: string; unitId: string }) => string;

/** The request with the unit's page link for {{link}}, unless it already has one or no maker is configured. */
export function withUnitLink(request: MessageRequest, unitLink: UnitLinkMaker | undefined): MessageRequest {
  if (!unitLink || request.link) return request;
  return { ...request, link: unitLink({ campaignId: request.campaign.id, unitId: request.unit.id }) };
}

export function renderMessage(request: MessageRequest): RenderedMessage {
  return request.template ? renderFromTemplate(request, request.template) : renderBuiltIn(request);
}

/** The definition's template, with every variable filled; HTML values escaped. */
function renderFromTemplate(request: MessageRequest, template: NonNullable<MessageRequest['template']>): RenderedMessage {
  const { campaign, unit, obligation } = request;
  const values: Record<TemplateVariable, string> = {
    campaign: campaign.title,
    documentNumber: campaign.documentNumber ?? '',
    issuer: campaign.issuer ?? '',
    unit: unit.name,
    // A message about the unit as a whole (a step on its record with no item behind it) names no item.
    obligation: isAboutUnit(request) ? '' : obligation.title,
    measure: isAboutUnit(request) ? '' : (obligation.measure ?? ''),
    due: formatChineseDateTime(request.dueAt, campaign.timeZone),
    label: request.label,
    level: request.level ?? request.label,
    daysLate: request.daysLate === undefined ? '' : String(request.daysLate),
    contact: campaign.contact ?? '',
    mailbox: campaign.mailbox ?? '',
    link: request.link ?? '',
    reason: asSentence(request.reason),
  };
  // A count obligation's reminder says how far the unit is: the definition's text asks to "报送" by
  // the deadline, which says nothing of the minimum. The line goes after the one with the deadline.
  const progress = countProgress(request);
  const lines = renderTemplate(template.text, values).split('\n');
  if (progress) {
    const at = lines.findIndex((line) => line.includes(values.due));
    lines.splice(at < 0 ? lines.length : at + 1, 0, progress);
  }
  const text = lines.join('\n');
  const html = template.html
    ? `${renderTemplate(template.html, values, escapeHtml)}${progress ? `\n<p>${escapeHtml(progress)}</p>` : ''}`
    : lines.map((line) => `<p>${escapeHtml(line)}</p>`).join('\n');
  return { subject: renderTemplate(template.subject, values), text, html };
}

/** The notices a step on a unit's record sends (约谈、通报批评、表扬, or a rule's 督办). */
const unitStepKinds: readonly string[] = ['supervision-notice', 'interview-notice', 'criticism-bulletin', 'praise'];

/**
 * Is the message about the unit as a whole? The campaign workflow's messages about a unit's record
 * with no item behind it carry the obligation id `campaign`; its notices (a supervisor's interview,
 * a rule's supervision notice) carry the item the unit last escalated on, which says how late it
 * was, but a notice about the unit as a whole names no obligation: not in its text, its title or
 * the name it is filed under. Its event key says who sent it: `campaign/<campaign>/<unit>/<step>`
 * for the campaign workflow (an item's own ladder uses the item's Workflow ID).
 */
export function isAboutUnit(request: Pick<MessageRequest, 'obligation' | 'kind' | 'eventKey' | 'campaign'>): boolean {
  if (request.obligation.id === 'campaign') return true;
  return unitStepKinds.includes(request.kind) && request.eventKey.startsWith(`${campaignWorkflowId(request.campaign.id)}/`);
}

/**
 * A reviewer's or supervisor's reason as a sentence: people type "多次逾期" without a full stop,
 * and a template prints it after a label (约谈事由：多次逾期。), so one is added when missing.
 */
export function asSentence(reason: string | undefined): string {
  const text = (reason ?? '').trim();
  if (text === '') return '';
  return /[。！？!?…]$/.test(text) ? text : `${text.replace(/[，,；;：:、]+$/, '')}。`;
}

/** Message kinds that ask a count obligation's unit to act: they say the minimum and what was reported. */
const countedKinds = ['reminder', 'overdue-notice'];

/**
 * 方案要求至少1次（至多2次），目前已报告0次，尚差1次。 for a count obligation's reminder, with its
 * cumulative target when the plan sets one (到2025年12月31日累计不少于6次，目前累计4次，尚差2次。),
 * and, for a lead's obligation, how its cooperating units stand; undefined when there is nothing to say.
 */
function countProgress(request: MessageRequest): string | undefined {
  if (!countedKinds.includes(request.kind)) return undefined;
  const { count } = request;
  const parts: string[] = [];
  if (count) {
    const maximum = count.max !== undefined && count.max > count.min ? `（至多${count.max}次）` : '';
    const missing = count.reported < count.min ? `，尚差${count.min - count.reported}次` : '';
    parts.push(`方案要求至少${count.min}次${maximum}，目前已报告${count.reported}次${missing}。`);
    const { cumulative } = count;
    if (cumulative?.reported !== undefined) {
      const short = cumulative.reported < cumulative.min ? `，尚差${cumulative.min - cumulative.reported}次` : '';
      parts.push(`到${chineseDate(cumulative.by)}累计不少于${cumulative.min}次，目前累计${cumulative.reported}次${short}。`);
    }
    parts.push('请逐次报告并附佐证材料。');
  }
  if (request.contributions?.length) {
    parts.push(`配合单位：${request.contributions.map((contribution) => `${contribution.unitName}（${contribution.isHandedIn ? '已报送' : '尚未报送'}）`).join('、')}。`);
  }
  return parts.length > 0 ? parts.join('') : undefined;
}

/** 2025-12-31 → 2025年12月31日 */
function chineseDate(date: string): string {
  const [year, month, day] = date.split('-').map(Number);
  return `${year}年${month}月${day}日`;
}

function renderBuiltIn(request: MessageRequest): RenderedMessage {
  const { campaign, unit, obligation } = request;
  const due = formatChineseDateTime(request.dueAt, campaign.timeZone);
  const reference = campaign.documentNumber ? `（${campaign.documentNumber}）` : '';
  const contact = campaign.contact ? `\n联系人：${campaign.contact}` : '';

  let subject: string;
  let body: string[];
  const progress = countProgress(request);
  if (request.kind === 'reminder') {
    subject = `【提醒】${obligation.title}将于${due}截止（${unit.name}）`;
    body = [
      `${unit.name}：`,
      request.count && progress
        ? `根据《${campaign.title}》${reference}要求，贵单位应于${due}前完成“${obligation.title}”。${progress}`
        : `根据《${campaign.title}》${reference}要求，贵单位应于${due}前报送“${obligation.title}”。${progress ?? ''}`,
      `本提醒为${request.label}提醒。如已报送，请忽略本邮件。`,
      ...(request.link ? [`报送页面：${request.link}`] : []),
    ];
  } else if (request.kind === 'delivery-failed') {
    // To the administrator: a message could not be delivered and needs a person.
    subject = `【投递失败】${unit.name}“${obligation.title}”的${request.label}未能送达`;
    body = [`${unit.name}“${obligation.title}”（截止时间${due}）的${request.label}未能送达：`, request.reason ?? '', '请核对该单位的联系邮箱。'];
  } else {
    subject = `【逾期提醒】${obligation.title}已逾期（${unit.name}）`;
    body = [
      `${unit.name}：`,
      request.count && progress
        ? `根据《${campaign.title}》${reference}要求，贵单位应于${due}前完成“${obligation.title}”，截至目前未达到方案要求，已经逾期。${progress}`
        : `根据《${campaign.title}》${reference}要求，贵单位应于${due}前报送“${obligation.title}”，截至目前尚未报送，已经逾期。${progress ?? ''}`,
      '请尽快报送。逾期情况将按方案要求纳入督办和绩效考核。',
      ...(request.link ? [`报送页面：${request.link}`] : []),
    ];
  }
  const signature = [`${campaign.title}工作组${contact}`];
  return {
    subject,
    text: [...body, '', ...signature].join('\n'),
    html: [...body.map((line) => `<p>${escapeHtml(line)}</p>`), `<p>${signature.map(escapeHtml).join('<br>')}</p>`]
      .join('\n')
      .replace(/\n联系人/g, '<br>联系人'),
  };
}

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}
