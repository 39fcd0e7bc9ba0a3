/**
 * Message templates of a campaign definition: `{{name}}` placeholders, checked against the
 * variables below at validation time (an unknown variable is an error, never a blank), and
 * rendered with HTML escaping for the HTML part.
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
  reason: '退回、延期或督办的理由',
} as const;

export type TemplateVariable = keyof typeof templateVariables;

/** Message kinds the engine sends; a definition must provide each of them. */
export const requiredMessageKinds = ['reminder', 'overdue-notice', 'escalated', 'supervision-notice', 'interview-notice', 'criticism-bulletin', 'praise', 'review-result'] as const;

const placeholder = /\{\{\s*([^{}]*?)\s*\}\}/g;

export interface TemplatePlaceholder {
  name: string;
  /** Offset of `{{` in the template text. */
  offset: number;
}

/** Placeholders in `text` whose name is not a known variable. */
export function unknownPlaceholders(text: string): TemplatePlaceholder[] {
  const unknown: TemplatePlaceholder[] = [];
  for (const match of text.matchAll(placeholder)) {
    const name = match[1] ?? '';
    if (!(name in templateVariables)) unknown.push({ name, offset: match.index ?? 0 });
  }
  return unknown;
}

export function renderTemplate(text: string, values: Partial<Record<TemplateVariable, string>>, escape: (value: string) => string = (value) => value): string {
  return text.replace(placeholder, (_whole, name: string) => escape(values[name as TemplateVariable] ?? ''));
}
