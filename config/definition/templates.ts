/**
 * Message templates of a campaign definition: `{{name}}` placeholders, checked against the
 * variables below at validation time (an unknown variable is an error, never a blank), and
 * rendered with HTML escaping for the HTML part. A section `{{#name}}…{{/name}}` is printed only
 * when the variable has a value, `{{^name}}…{{/name}}` only when it has none.
 */

/** Every variable a template may use, with what it holds. */
export const templateVariables = {
  campaign: '活动名称，如 全市知识产权行政保护能力提升年活动方案',
  documentNumber: '文号，如 枣市监知保〔2022〕1号',
  issuer: '发文单位（科室）名称',
  unit: '承办单位名称',
  obligation: '任务名称',
  measure: '方案条目，如 二(三)五',
  due: '截止时间，如 2022年4月15日 17:30',
  label: '提醒或督办层级的说明，如 截止前3个工作日',
  level: '督办层级名称，如 督办通知',
  daysLate: '逾期工作日数',
  contact: '联系人及电话',
  mailbox: '报送邮箱',
  link: '报送页面链接',
  reason: '退回、延期或督办的理由（以句号结尾，缺少时补上）',
} as const;

export type TemplateVariable = keyof typeof templateVariables;

/** Message kinds the engine sends; a definition must provide each of them. */
export const requiredMessageKinds = ['reminder', 'overdue-notice', 'escalated', 'supervision-notice', 'interview-notice', 'criticism-bulletin', 'praise', 'review-result'] as const;
export type MessageKind = (typeof requiredMessageKinds)[number];

/** What every message about one unit's obligation has (the campaign's own fields may still be empty). */
const aboutObligation = ['campaign', 'documentNumber', 'issuer', 'unit', 'obligation', 'measure', 'due', 'label', 'contact', 'mailbox', 'link'] as const satisfies TemplateVariable[];
/** What an escalation step carries: the level's name, the working days late of the ladder, a supervisor's or rule's reason. */
const escalationStep = [...aboutObligation, 'level', 'daysLate', 'reason'] as const satisfies TemplateVariable[];

/**
 * The variables the engine fills for each message kind (workflows/obligation.ts and
 * workflows/campaign.ts build the requests). A variable outside its kind's set would always
 * render blank, so validation rejects it: a reminder has no {{daysLate}} and no {{reason}}.
 */
export const messageKindVariables: Record<MessageKind, readonly TemplateVariable[]> = {
  reminder: aboutObligation,
  'overdue-notice': escalationStep,
  // To the supervisors: a ladder step waiting for a decision (level, days late) or a rule (its reason).
  escalated: escalationStep,
  // From the ladder, a supervisor's notice at will (days late, reason) or a rule.
  'supervision-notice': escalationStep,
  // Steps on a unit's record (a supervisor's action or a rule): a name and a reason, no lateness of their own.
  'interview-notice': [...aboutObligation, 'level', 'reason'],
  'criticism-bulletin': [...aboutObligation, 'level', 'reason'],
  praise: [...aboutObligation, 'level', 'reason'],
  // The verdict of a review is its reason; a return's new deadline is {{due}}.
  'review-result': [...aboutObligation, 'reason'],
};

/**
 * The variables a template of `kind` may use. A kind that an escalation level sends (its
 * `message`) gets what an escalation step carries; a template the engine never sends by that
 * name is not restricted beyond the known variables.
 */
export function variablesOfKind(kind: string, levelMessages: ReadonlySet<string>): readonly TemplateVariable[] {
  const own = (messageKindVariables as Record<string, readonly TemplateVariable[] | undefined>)[kind];
  if (!own && !levelMessages.has(kind)) return Object.keys(templateVariables) as TemplateVariable[];
  return [...new Set([...(own ?? []), ...(levelMessages.has(kind) ? escalationStep : [])])];
}

const placeholder = /\{\{\s*([#^/]?)\s*([^{}#^/]*?)\s*\}\}/g;
/** `{{#name}}…{{/name}}` (shown when the variable has a value) or `{{^name}}…{{/name}}` (when it has none), innermost first. */
const section = /\{\{\s*([#^])\s*([^{}#^/]*?)\s*\}\}((?:(?!\{\{\s*[#^])[\s\S])*?)\{\{\s*\/\s*\2\s*\}\}/g;

export interface TemplatePlaceholder {
  name: string;
  /** Offset of `{{` in the template text. */
  offset: number;
  /** As written, e.g. `{{ daysLate }}` or `{{#reason}}`. */
  written: string;
}

/** Every `{{name}}` in `text`, sections' `{{#name}}`, `{{^name}}` and `{{/name}}` included, with its name and where it starts. */
export function placeholdersOf(text: string): TemplatePlaceholder[] {
  return [...text.matchAll(placeholder)].map((match) => ({ name: match[2] ?? '', offset: match.index ?? 0, written: match[0] }));
}

/** Placeholders in `text` whose name is not a known variable. */
export function unknownPlaceholders(text: string): TemplatePlaceholder[] {
  return placeholdersOf(text).filter((found) => !(found.name in templateVariables));
}

/** Section tags without their pair: an opening `{{#name}}`/`{{^name}}` never closed, or a `{{/name}}` that closes nothing. */
export function unpairedSectionTags(text: string): TemplatePlaceholder[] {
  const open: TemplatePlaceholder[] = [];
  const unpaired: TemplatePlaceholder[] = [];
  for (const match of text.matchAll(placeholder)) {
    const tag = { name: match[2] ?? '', offset: match.index ?? 0, written: match[0] };
    if (match[1] === '#' || match[1] === '^') open.push(tag);
    else if (match[1] === '/') {
      if (open.at(-1)?.name === tag.name) open.pop();
      else unpaired.push(tag);
    }
  }
  return [...open, ...unpaired].sort((a, b) => a.offset - b.offset);
}

/**
 * Fills every `{{name}}`; a section's content is kept only when its variable has a value
 * (`{{#reason}}约谈事由：{{reason}}{{/reason}}`) or only when it has none (`{{^reason}}…{{/reason}}`),
 * so a text need not print a label before an empty value.
 */
export function renderTemplate(text: string, values: Partial<Record<TemplateVariable, string>>, escape: (value: string) => string = (value) => value): string {
  let resolved = text;
  for (let previous = ''; previous !== resolved; ) {
    previous = resolved;
    resolved = resolved.replace(section, (_whole, sigil: string, name: string, content: string) => ((values[name as TemplateVariable] ?? '') !== '' === (sigil === '#') ? content : ''));
  }
  return resolved.replace(placeholder, (_whole, _sigil: string, name: string) => escape(values[name as TemplateVariable] ?? ''));
}
