/**
 * The readings an obligation is made of (see obligations.ts for the scan): which dates are
 * deadlines, the most specific recurrence, counts, titles, the roles a measure states.
 *
 * Obligations in a notice: every sentence that asks for something by a date (报送、上报、提交、
 * 报…、于…前, 反馈, 备案) or on a recurrence (每季度结束后5个工作日内, 每月25日前), counts
 * ("1-2次", "不少于3场", "每年新建2家，到2025年累计不少于6家"), work around named days
 * (围绕春节、五一…, 利用4·26…), undated tasks (持续推进、长期坚持、常态化, 及时报送) and the
 * items of a task division that carry 牵头/责任单位 but no date. Each keeps its sentence.
 */
import { type DateContext, type DateMention, type DateReading, findDates, type Period } from './dates';
import type { DraftEvent } from './events';
import type { Measure, MeasureTree } from './numbering';
import { numberPattern as N, parseNumber } from './numbers';
import { findRoleParenthesis, parseRoleStatement, type Roles } from './roles';
import type { SourceSpan } from './text';

export type ObligationDeadline =
  | Extract<DateReading, { kind: 'date' }>
  | (Extract<DateReading, { kind: 'recurrence' }> & { from?: string })
  | Extract<DateReading, { kind: 'within' }>
  | { kind: 'count'; min?: number; max?: number; perPeriod?: Period; cumulative?: { min: number; by: string } }
  | { kind: 'events'; events: string[] }
  | { kind: 'ongoing'; progress: Period }
  /** Asked for once, but the notice gives no date ("为下步召开座谈会做好准备"). */
  | { kind: 'undated' };

export interface FoundObligation {
  title: string;
  measure: string;
  kind: 'submission' | 'recurring' | 'count' | 'ongoing';
  deadline: ObligationDeadline;
  /** Names as the notice writes them, the lead first. */
  assignees: string[];
  cooperating: string[];
  source: SourceSpan;
  /** Absolute offsets of the words that gave the deadline and the units. */
  deadlineAt?: { start: number; end: number };
  assigneesAt?: { start: number; end: number };
  needsReview: boolean;
  notes: string[];
}

export interface ObligationContext {
  tree: MeasureTree;
  dates: DateContext;
  events: DraftEvent[];
  /** Sentences before this offset (title, addressees) and inside these ranges (contacts, foot) are not read. */
  bodyStart: number;
  skip: Array<{ start: number; end: number }>;
  ongoingProgress: Period;
}

export const reportVerb = /(报送|上报|提交|备案|反馈|报(?!告|道|名|经)[^，,。；;]{0,20}?(?:办公室|督查室|督查组|安办|办|科|局|组|处|委|部|中心|政府|邮箱))/;
export const actionVerb = /(完成|编制|公布|制定|出台|召开|举办|建成|实现|达到|突破|验收|启动|通报|督察|调度|开展|推进|落实|整改)/;
// 常态化 only as a way of working ("常态化开展"), not in "疫情防控常态化前提下".
export const ongoingPhrase = /(持续推进|长期坚持|常态化(?:开展|推进|监管|检查|管理|运行)|(?:实现|推进|保持)常态化|持续开展|持续打击|持续做好|持续跟踪|长期推进|年内持续推进)/;
/** A report asked for in so many words ("请…报送", "…要…上报"), with or without a date. */
export const requestedReport = /(请|(?<![主重需纪])要|须|应)[^。；;]{0,120}(报送|上报|提交|报(?!告|道|名|经)[^，,。；;]{0,20}?(?:办公室|督查室|室|办|科|局|组|处|委|部|中心|政府))/;
export const openChannel = /(及时|随时|定期)[^，,。；;]{0,6}(总结)?报送/;
const countUnit = '(?:次|场|个|家|期|批|项|篇|所)';
const countPatterns = [
  new RegExp(`(${N})\\s*[-—~～至到－]\\s*(${N})\\s*${countUnit}`, 'g'),
  // "至少召开1次", "不少于3场": a verb may stand between the bound and the number.
  new RegExp(`(?:不少于|至少|不低于)[^，,。；;0-9０-９一二两三四五六七八九十]{0,6}?(${N})\\s*${countUnit}`, 'g'),
  new RegExp(`(${N})\\s*${countUnit}(?:以上|及以上)`, 'g'),
  new RegExp(`每年(?:新建|建成|开展|举办|组织|培育|创建|新增)\\s*(${N})\\s*${countUnit}`, 'g'),
];
export const countVerb = /(组织|召开|开展|举办|申报|培育|新建|建成|查处|培训|创建|新增|打造)/;

/** The most specific recurrence per period ("每周四" over "每周"). */
export function recurrences(mentions: DateMention[]): DateMention[] {
  const best = new Map<Period, DateMention>();
  for (const mention of mentions) {
    if (mention.reading.kind !== 'recurrence') continue;
    const known = best.get(mention.reading.every);
    const detail = (reading: DateReading) => (reading.kind === 'recurrence' ? Object.keys(reading).length : 0);
    if (!known || detail(mention.reading) > detail(known.reading)) best.set(mention.reading.every, mention);
  }
  return [...best.values()].sort((a, b) => a.start - b.start);
}

/** A date is a deadline when the words around it say so (于…前, 到…底), not a start (从…起). */
export function isDeadline(sentence: string, mention: DateMention, next?: DateMention): boolean {
  const before = sentence.slice(Math.max(0, mention.start - 3), mention.start);
  const after = sentence.slice(mention.end, next ? Math.min(next.start, mention.end + 12) : mention.end + 12);
  if (/(从|自)$/.test(before) || /^(起|开始|以来)/.test(after)) return false;
  return /^(到|至)/.test(mention.text) || /(前|内)$/.test(mention.text) || /^[^，,。]{0,8}?(前|之前|以前|内|底前|为止)/.test(after) || /(于|在|到|截至|截止|至)\s*$/.test(before);
}

/** "从2022年3月起", "从2023年第一季度开始": the first day the recurrence counts from. */
export function startOf(sentence: string, mentions: DateMention[]): string | undefined {
  const month = /([12][0-9]{3})\s*年\s*([0-9]{1,2})\s*月份?\s*(?:起|开始)/.exec(sentence);
  if (month) return `${month[1]}-${month[2]!.padStart(2, '0')}-01`;
  const quarter = /([12][0-9]{3})\s*年\s*第([一二三四1-4])季度\s*(?:起|开始)/.exec(sentence);
  if (quarter) return `${quarter[1]}-${String((parseNumber(quarter[2]!)! - 1) * 3 + 1).padStart(2, '0')}-01`;
  const start = mentions.find((mention) => mention.reading.kind === 'date' && /^(起|开始)/.test(sentence.slice(mention.end, mention.end + 2)));
  return start && start.reading.kind === 'date' ? start.reading.date : undefined;
}

/** A short name for what is asked: the object of 将…报送, or what follows 报送一次. */
export function titleOf(sentence: string, measure?: Measure): string {
  const object = /将([^，,。；;]{2,60}?)(?:报送|上报|提交|报(?!告))/.exec(sentence);
  const named = object && /《(.+?)》/.exec(object[1]!);
  if (named) return named[1]!.replace(/[<>〈〉]/g, '');
  if (object && object[1]!.length <= 30 && !/^(不定期|对)/.test(object[1]!)) return object[1]!.replace(/^(本单位|本部门)/, '').trim();
  const after = /(?:报送|上报|提交)(?:一次|一篇|一份)?([^，,。；;]{2,24}?)(?:[，,。；;]|$)/.exec(sentence);
  if (after && !/^(至|到|市|区|县)/.test(after[1]!)) return after[1]!.trim();
  const made = /(?:研究)?(?:制定|编制|形成)([^，,。；;]{2,30}?)(?:[，,。；;]|$)/.exec(sentence);
  if (made) return made[1]!.trim();
  const clause = sentence.split(/[，,]/).find((part) => actionVerb.test(part) || countVerb.test(part));
  return (measure?.title || clause || sentence).replace(/^[一二三四五六七八九十0-9]+[、.．]/, '').slice(0, 40);
}

export function countTitle(sentence: string, at: number, length: number): string {
  const before = sentence.slice(0, at).split(/[，,]/).pop() ?? '';
  const verb = before.search(countVerb);
  const lead = verb >= 0 ? before.slice(verb).replace(/^(组织开展|组织召开|组织|召开|开展|举办|争取)+/, '') : '';
  if (lead.trim().length >= 2) return lead.trim();
  const after = sentence.slice(at + length).split(/[，,。]/)[0] ?? '';
  return after.trim() || sentence.slice(0, 30);
}

/** The count readings of a sentence (min/max, per year, cumulative by a year). */
/** A count in a sentence: its words (start, end) and, with a cumulative target, how far it reaches (through). */
export interface CountMention {
  deadline: ObligationDeadline & { kind: 'count' };
  start: number;
  end: number;
  through: number;
}

export function countsIn(sentence: string, dates: DateContext): CountMention[] {
  const found: Array<CountMention & { cumulative: boolean }> = [];
  countPatterns.forEach((pattern, index) => {
    pattern.lastIndex = 0;
    for (const match of sentence.matchAll(pattern)) {
      const start = match.index ?? 0;
      if (found.some((other) => start < other.end && other.start < start + match[0].length)) continue;
      const [first, second] = [parseNumber(match[1]!), match[2] ? parseNumber(match[2]) : undefined];
      if (first === undefined) continue;
      const deadline: ObligationDeadline & { kind: 'count' } =
        index === 0 ? { kind: 'count', min: first, ...(second !== undefined ? { max: second } : {}) } : index === 3 ? { kind: 'count', min: first, perPeriod: 'year' } : { kind: 'count', min: first };
      // "每年组织开展不少于3场": a period earlier in the clause makes the count per period.
      const clause = sentence.slice(0, start).split(/[，,；;。]/).pop() ?? '';
      const per = /每(年|半年|季度|月)/.exec(clause);
      if (per && !deadline.perPeriod) deadline.perPeriod = ({ 年: 'year', 半年: 'half-year', 季度: 'quarter', 月: 'month' } as const)[per[1] as '年'];
      const from = per ? start - clause.length + per.index : start;
      found.push({ deadline, start: from, end: start + match[0].length, through: start + match[0].length, cumulative: /累计/.test(sentence.slice(Math.max(0, start - 8), start)) });
    }
  });
  found.sort((a, b) => a.start - b.start);
  // "每年新建2家，到2025年累计不少于6家": the cumulative target belongs to the count before it.
  const out: typeof found = [];
  for (const count of found) {
    const previous = out[out.length - 1];
    const by = count.cumulative ? findDates(sentence.slice(0, count.start), dates).reverse().find((date) => date.reading.kind === 'date') : undefined;
    if (previous && by && by.reading.kind === 'date') {
      previous.deadline.cumulative = { min: count.deadline.min ?? 0, by: by.reading.date };
      previous.through = count.end;
    } else {
      out.push(count);
    }
  }
  return out.map(({ deadline, start, end, through }) => ({ deadline, start, end, through }));
}

/** Roles stated in a measure's own text (its heading up to its first sub-item). */
export function rolesOfMeasure(text: string, measure: Measure | undefined): Roles | undefined {
  if (!measure) return undefined;
  const own = text.slice(measure.start, measure.children[0]?.start ?? measure.end);
  const inParenthesis = findRoleParenthesis(own);
  if (inParenthesis) return { ...inParenthesis, start: measure.start + inParenthesis.start, end: measure.start + inParenthesis.end };
  const lines = own.split('\n').filter((line) => /^\s*(牵头(责任)?单位|责任单位|配合单位|协同(责任)?单位)\s*[:：]/.test(line));
  const roles = lines.length > 0 ? parseRoleStatement(lines.map((line) => line.trim()).join('；')) : undefined;
  if (!roles) return undefined;
  const at = measure.start + own.indexOf(lines[0]!.trim());
  return { ...roles, start: at, end: at + lines.join('\n').length };
}

