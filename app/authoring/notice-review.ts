/**
 * 导入方案: what the import page shows of a notice read by the extractor (config/notice/), and
 * how the administrator's answers to its 待确认 questions go into the draft definition. Every
 * extracted item keeps the span of the words it came from, so the page highlights them in the
 * notice's text; every question says what the draft could not decide, the convention it applied,
 * and a suggestion the administrator accepts or changes. Nothing is guessed silently.
 */
import { isMap, isScalar, isSeq, type Document, type Node, parseDocument } from 'yaml';
import type { Draft, DraftItem } from '../../config/notice/draft';
import type { Unresolved } from '../../config/notice/definition';
import type { ObligationDeadline } from '../../config/notice/obligations';
import type { SourceSpan } from '../../config/notice/text';
import type { UnitReference } from '../../config/notice/units';
import { InvalidInputError } from '../errors';

/** One extracted item, beside the words it came from. */
export interface ReviewItem {
  id: number;
  group: '文件信息' | '主送单位' | '任务' | '时间节点' | '联系人';
  label: string;
  value: string;
  notes: string[];
  needsReview: boolean;
  source: SourceSpan;
}

/** How a question is answered on the page. */
export type AnswerControl = 'units' | 'unit' | 'period' | 'date' | 'id' | 'yaml';

export interface ReviewQuestion {
  index: number;
  path: Array<string | number>;
  question: string;
  /** What the obligation or field is, for the person answering (“任务3 全市…培训会 · 截止日期”). */
  about: string;
  control: AnswerControl;
  suggestion?: unknown;
  source?: SourceSpan;
}

/** What is kept with the draft for the import page (drafts.notice). */
export interface NoticeReview {
  text: string;
  format: string;
  fileName?: string;
  items: ReviewItem[];
  questions: ReviewQuestion[];
  unresolvedUnits: string[];
  conventions: Record<string, unknown>;
  answeredAt?: string;
  answeredBy?: string;
}

/** The items of a draft in the page's order: facts, addressees, obligations, events, contacts. */
export function reviewItemsOf(draft: Draft): ReviewItem[] {
  const items: Omit<ReviewItem, 'id'>[] = [];
  const fact = <T>(label: string, item: DraftItem<T> | undefined, show: (value: T) => string) => {
    if (item) items.push({ group: '文件信息', label, value: show(item.value), notes: item.notes, needsReview: item.needsReview, source: item.source });
  };
  fact('活动名称', draft.title, String);
  fact('发文字号', draft.documentNumber, String);
  fact('发文单位', draft.issuer, unitText);
  fact('印发日期', draft.issuedOn, String);
  fact('活动期限', draft.period, (period) => `${period.start} 至 ${period.end}`);
  for (const addressee of draft.addressees) {
    items.push({ group: '主送单位', label: addressee.value.text, value: unitText(addressee.value), notes: addressee.needsReview ? ['单位名录中未找到，请在下方选择对应单位'] : addressee.notes, needsReview: addressee.needsReview, source: addressee.source });
  }
  draft.obligations.forEach((obligation, index) => {
    const units = obligation.assignees.map(unitText).join('、') || '（未写明）';
    const cooperating = obligation.cooperating.length > 0 ? `；配合：${obligation.cooperating.map(unitText).join('、')}` : '';
    items.push({
      group: '任务',
      label: `任务${index + 1}（${obligation.measure || '通知'}）${obligation.title}`,
      value: `${deadlineText(obligation.deadline)}；承办：${units}${cooperating}`,
      notes: obligation.notes,
      needsReview: obligation.needsReview,
      source: obligation.source,
    });
  });
  for (const event of draft.events) items.push({ group: '时间节点', label: event.value.name, value: event.value.date ?? '日期待确认', notes: event.notes, needsReview: event.needsReview, source: event.source });
  const { contacts } = draft;
  contacts.sources.forEach((source, index) => {
    const value = index === 0 ? [...contacts.names, ...contacts.phones].join('、') : contacts.emails.join('、');
    items.push({ group: '联系人', label: index === 0 ? '联系人及电话' : '邮箱', value: value || source.sentence, notes: [], needsReview: false, source });
  });
  return items.map((item, id) => ({ ...item, id }));
}

function unitText(reference: UnitReference): string {
  const resolved = reference.groupId ?? reference.unitId ?? reference.unitIds?.join('、');
  if (reference.isIssuer) return `${reference.text}（发文单位${resolved ? `：${resolved}` : ''}）`;
  return resolved ? `${reference.text} → ${resolved}` : `${reference.text}（名录中未找到）`;
}

function deadlineText(deadline: ObligationDeadline): string {
  switch (deadline.kind) {
    case 'date':
      return `截止 ${deadline.date}${deadline.convention ? `（${deadline.convention}）` : ''}`;
    case 'count':
      return `次数 ${deadline.min ?? 0}${deadline.max !== undefined ? `–${deadline.max}` : ' 起'} 次`;
    case 'events':
      return `围绕 ${deadline.events.join('、')}`;
    case 'ongoing':
      return `长期任务，按 ${deadline.progress} 报告进展`;
    case 'within':
      return `${deadline.amount} ${{ days: '日', workingDays: '个工作日', months: '个月', weeks: '周' }[deadline.unit]}内`;
    case 'recurrence':
      return `每${{ year: '年', 'half-year': '半年', quarter: '季度', month: '月', week: '周' }[deadline.every] ?? deadline.every}${deadline.on !== undefined ? ` ${String(deadline.on)}` : ''}`;
    case 'undated':
      return '未写明期限';
  }
}

/** The questions of draftToDefinition's `unresolved`, each with the control that answers it. */
export function reviewQuestionsOf(unresolved: Unresolved[], yaml: string): ReviewQuestion[] {
  const document = parseDocument(yaml);
  return unresolved.map((entry, index) => ({
    index,
    path: entry.path,
    question: entry.question,
    about: aboutOf(document, entry.path),
    control: controlOf(entry),
    ...(entry.suggestion !== undefined ? { suggestion: entry.suggestion } : {}),
    ...(entry.source ? { source: entry.source } : {}),
  }));
}

const fieldNames: Record<string, string> = {
  id: '活动编号', title: '活动名称', documentNumber: '发文字号', issuer: '发文单位', issuedOn: '印发日期', period: '活动期限', reportsTo: '报送对象',
  assignees: '承办单位', due: '截止日期', date: '截止日期', recurrence: '周期', progress: '进展报告',
};

function aboutOf(document: Document, path: Array<string | number>): string {
  const field = fieldNames[String(path[path.length - 1])] ?? String(path[path.length - 1]);
  if (path[0] !== 'obligations' || typeof path[1] !== 'number') return field;
  const title = document.getIn(['obligations', path[1], 'title']);
  return `任务${path[1] + 1}「${String(title ?? '')}」· ${field}`;
}

function controlOf(entry: Unresolved): AnswerControl {
  const last = entry.path[entry.path.length - 1];
  if (last === 'assignees' || last === 'cooperating') return 'units';
  if (entry.path[0] === 'campaign' && (last === 'issuer' || last === 'reportsTo')) return 'unit';
  if (entry.path[0] === 'campaign' && last === 'period') return 'period';
  if (entry.path[0] === 'campaign' && last === 'id') return 'id';
  const suggestion = entry.suggestion as Record<string, unknown> | undefined;
  if (last === 'date' || (last === 'due' && (suggestion === undefined || typeof suggestion.date === 'string'))) return 'date';
  return 'yaml';
}

/**
 * Writes the answers into the draft's YAML (Document API: comments and order stay), each at its
 * question's path, the question's 待确认 comment becoming 已确认. A question left unanswered, or an
 * answer that is not of its kind, is a field error naming the question; nothing is written then.
 */
export function applyAnswers(yaml: string, questions: ReviewQuestion[], answers: Record<string, unknown>): string {
  const document = parseDocument(yaml);
  const errors: Record<string, string[]> = {};
  const values = questions.map((question) => {
    const value = valueOf(question, answers[String(question.index)]);
    if (typeof value === 'string' && value.startsWith('!')) errors[`q${question.index}`] = [`${question.about}：${value.slice(1)}`];
    return value;
  });
  if (Object.keys(errors).length > 0) throw new InvalidInputError(errors, '还有待确认的项目没有回答');
  questions.forEach((question, index) => setAnswered(document, question, values[index]));
  return document.toString(yamlOutput);
}

/** How every draft's text is written: flows on one line, so a form edit changes the lines it concerns only. */
export const yamlOutput = { lineWidth: 0, flowCollectionPadding: true } as const;

function valueOf(question: ReviewQuestion, answer: unknown): unknown {
  const text = typeof answer === 'string' ? answer.trim() : answer;
  if (text === undefined || text === '' || (Array.isArray(text) && text.length === 0)) return '!请回答此项';
  switch (question.control) {
    case 'units': {
      const list = (Array.isArray(text) ? text : [text]).map(String).filter(Boolean);
      return list.length > 0 ? list : '!请至少选择一个单位或单位组';
    }
    case 'period': {
      const period = text as { start?: unknown; end?: unknown };
      return typeof period === 'object' && isDate(period.start) && isDate(period.end) ? { start: period.start, end: period.end } : '!请填写开始和结束日期';
    }
    case 'date': {
      if (!isDate(text)) return '!请填写日期（YYYY-MM-DD）';
      if (question.path[question.path.length - 1] === 'date') return text;
      const suggestion = question.suggestion as Record<string, unknown> | undefined;
      return { ...(suggestion ?? {}), date: text };
    }
    case 'yaml': {
      if (typeof text !== 'string') return text;
      try {
        return parseDocument(text).toJS() as unknown;
      } catch {
        return '!应为 YAML 值，如 { every: quarter, workingDaysAfter: 5 }';
      }
    }
    default:
      return typeof text === 'string' ? text : '!应为文字';
  }
}

const isDate = (value: unknown): value is string => typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value);

function setAnswered(document: Document, question: ReviewQuestion, value: unknown): void {
  const previous = document.getIn(question.path, true) as Node | undefined;
  const comment = previous && 'comment' in previous ? previous.comment : undefined;
  if (isScalar(previous) && (value === null || typeof value !== 'object')) previous.value = value;
  else {
    const isFlow = isMap(previous) || isSeq(previous) ? previous.flow === true : true;
    const node = document.createNode(value, { flow: isFlow });
    document.setIn(question.path, node);
  }
  const now = document.getIn(question.path, true) as Node & { comment?: string | null };
  const confirmed = ` 已确认：${question.question}`;
  now.comment = comment?.includes('待确认') ? comment.replace(/\s*待确认：[^#]*/, confirmed) : comment ?? confirmed;
}
