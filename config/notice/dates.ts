/**
 * Dates, periods and durations as notices write them: 二〇二二年四月十五日, 2022年4月15日,
 * 4月15日前 (the year from the sentence, else from the context), 11月中旬 and 年底 (by the
 * conventions, and said so), 十五日内, 三个工作日, 两个月内, 第一季度, and the recurring forms
 * 每季度结束后5个工作日内, 每季度最后一个月的30日前, 每月5日前, 每年12月10日前, 每半年, 每周四.
 */
import type { Conventions } from './conventions';
import { numberPattern as N, parseNumber, parseYear } from './numbers';

export type Period = 'year' | 'half-year' | 'quarter' | 'month' | 'week';
/** A day within each period: day of month (month), "MM-DD" (year), weekday 1–7 (week), or the period's last day. */
export type RecurrenceDay = number | string | 'end' | { month: number; day: number | 'end' };

export type DateReading =
  | { kind: 'date'; date: string; convention?: string; yearInferred?: boolean }
  | { kind: 'recurrence'; every: Period; on?: RecurrenceDay; workingDaysAfter?: number; daysAfter?: number; convention?: string }
  | { kind: 'within'; amount: number; unit: 'days' | 'workingDays' | 'months' | 'weeks' };

/** A date expression found in a sentence; offsets are relative to the sentence. */
export interface DateMention {
  reading: DateReading;
  start: number;
  end: number;
  text: string;
}

export interface DateContext {
  /** The year a bare "4月15日" belongs to (the period's or the issue date's). */
  year?: number;
  /** A bare month-day before this date is read as next year's. */
  issuedOn?: string;
  conventions: Conventions;
}

const Y = '[0-9０-９]{4}|[〇○零Ｏ一二三四五六七八九]{4}';
const periodWords: Record<string, Period> = { 年: 'year', 半年: 'half-year', 季度: 'quarter', 季: 'quarter', 月: 'month', 周: 'week' };
const weekdays: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 日: 7, 天: 7 };

const pad = (value: number) => String(value).padStart(2, '0');
export const isoDate = (year: number, month: number, day: number) => `${year}-${pad(month)}-${pad(day)}`;
export const lastDayOf = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();
const isRealDate = (year: number, month: number, day: number) => month >= 1 && month <= 12 && day >= 1 && day <= lastDayOf(year, month);

interface Rule {
  pattern: RegExp;
  read: (match: RegExpExecArray, context: DateContext, earlier: DateMention[]) => DateReading | undefined;
}

/** The day a 旬 word or 底 means, with the convention that says so. */
function partOfMonth(word: string, year: number, month: number, conventions: Conventions): DateReading | undefined {
  const day = (value: number | 'end') => (value === 'end' ? lastDayOf(year, month) : value);
  const table: Record<string, number | 'end'> = {
    上旬: conventions.earlyMonth, 初: conventions.monthStart, 中旬: conventions.midMonth, 中: conventions.midMonth,
    下旬: conventions.lateMonth, 底: 'end', 末: 'end',
  };
  const value = table[word];
  if (value === undefined || month < 1 || month > 12) return undefined;
  const resolved = day(value);
  return { kind: 'date', date: isoDate(year, month, resolved), convention: `${word} → ${resolved}日` };
}

function yearEnd(year: number, word: string, conventions: Conventions): DateReading {
  return { kind: 'date', date: `${year}-${conventions.yearEnd}`, convention: `${word} → ${conventions.yearEnd}` };
}

/** A month-day without a year: the year from the sentence, else the context (and said so). */
function inferYear(month: number, day: number, context: DateContext, earlier: DateMention[], at: number): { year: number; inferred: boolean } | undefined {
  const carried = [...earlier].reverse().find((mention) => mention.start < at && mention.reading.kind === 'date' && !mention.reading.yearInferred);
  if (carried && carried.reading.kind === 'date') return { year: Number(carried.reading.date.slice(0, 4)), inferred: false };
  if (context.year === undefined) return undefined;
  let year = context.year;
  if (context.issuedOn && isoDate(year, month, Math.min(day, 28)) < context.issuedOn.slice(0, 7) + '-01') year += 1;
  return { year, inferred: true };
}

const quarterEnds = ['03-31', '06-30', '09-30', '12-31'];

const rules: Rule[] = [
  // 每季度结束后5个工作日内, 每月结束后10日内
  {
    pattern: new RegExp(`每个?(半年|季度|季|月|年|周)(?:结束|度结束|末)?后\\s*(${N})\\s*个?(工作日|日|天)(?:内|之内)?`, 'g'),
    read: (m) => {
      const amount = parseNumber(m[2]!);
      if (amount === undefined) return undefined;
      const every = periodWords[m[1]!]!;
      return m[3] === '工作日' ? { kind: 'recurrence', every, workingDaysAfter: amount } : { kind: 'recurrence', every, daysAfter: amount };
    },
  },
  // 每季度最后一个月的30日前
  {
    pattern: new RegExp(`每季度最后一个月的?\\s*(${N})\\s*日`, 'g'),
    read: (m) => {
      const day = parseNumber(m[1]!);
      return day === undefined ? undefined : { kind: 'recurrence', every: 'quarter', on: { month: 3, day } };
    },
  },
  // 每季度末, 每月底, 每年年底
  {
    pattern: /每(季度|季|月|年|半年)(?:末|底|年底|年末|度末)/g,
    read: (m) => ({ kind: 'recurrence', every: periodWords[m[1]!]!, on: 'end' }),
  },
  // 每年12月10日前
  {
    pattern: new RegExp(`每年\\s*(${N})\\s*月\\s*(${N})\\s*日`, 'g'),
    read: (m) => {
      const month = parseNumber(m[1]!);
      const day = parseNumber(m[2]!);
      if (month === undefined || day === undefined || !isRealDate(2024, month, day)) return undefined;
      return { kind: 'recurrence', every: 'year', on: `${pad(month)}-${pad(day)}` };
    },
  },
  // 每年11月中旬
  {
    pattern: new RegExp(`每年\\s*(${N})\\s*月(上旬|中旬|下旬|底|末|初)`, 'g'),
    read: (m, context) => {
      const month = parseNumber(m[1]!);
      const reading = month === undefined ? undefined : partOfMonth(m[2]!, 2023, month, context.conventions);
      if (!reading || reading.kind !== 'date') return undefined;
      return { kind: 'recurrence', every: 'year', on: reading.date.slice(5), convention: reading.convention };
    },
  },
  // 每月5日前
  {
    pattern: new RegExp(`每月\\s*(${N})\\s*[日号]`, 'g'),
    read: (m) => {
      const day = parseNumber(m[1]!);
      return day === undefined || day < 1 || day > 31 ? undefined : { kind: 'recurrence', every: 'month', on: day };
    },
  },
  // 每周四
  {
    pattern: /每(?:周|星期)([一二三四五六日天])/g,
    read: (m) => ({ kind: 'recurrence', every: 'week', on: weekdays[m[1]!]! }),
  },
  // 每半年, 每季度, 每月, 每年 (the day not stated)
  {
    pattern: /每(半年|季度|个季度|季|个月|月|年|周)/g,
    read: (m) => ({ kind: 'recurrence', every: periodWords[m[1]!.replace('个', '')]! }),
  },
  // 二〇二二年四月十五日, 2022年4月15日
  {
    pattern: new RegExp(`(${Y})\\s*年\\s*(${N})\\s*月\\s*(${N})\\s*[日号]`, 'g'),
    read: (m) => {
      const [year, month, day] = [parseYear(m[1]!), parseNumber(m[2]!), parseNumber(m[3]!)];
      if (year === undefined || month === undefined || day === undefined || !isRealDate(year, month, day)) return undefined;
      return { kind: 'date', date: isoDate(year, month, day) };
    },
  },
  // 2024-09-12, 2022.4.15
  {
    pattern: /([12][0-9]{3})[-./]([0-9]{1,2})[-./]([0-9]{1,2})(?![0-9])/g,
    read: (m) => {
      const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
      return isRealDate(year, month, day) ? { kind: 'date', date: isoDate(year, month, day) } : undefined;
    },
  },
  // 2022年11月中旬, 2022年10月底
  {
    pattern: new RegExp(`(${Y})\\s*年\\s*(${N})\\s*月(上旬|中旬|下旬|底|末|初)`, 'g'),
    read: (m, context) => {
      const [year, month] = [parseYear(m[1]!), parseNumber(m[2]!)];
      return year === undefined || month === undefined ? undefined : partOfMonth(m[3]!, year, month, context.conventions);
    },
  },
  // 2022年上半年, 2023年第一季度
  {
    pattern: new RegExp(`(${Y})\\s*年\\s*(?:(上半年|下半年)|第([一二三四1-4])季度)`, 'g'),
    read: (m, context) => {
      const year = parseYear(m[1]!);
      if (year === undefined) return undefined;
      if (m[2]) return halfYear(year, m[2], context.conventions);
      const quarter = parseNumber(m[3]!)!;
      return { kind: 'date', date: `${year}-${quarterEnds[quarter - 1]}`, convention: `第${m[3]}季度 → 季度末` };
    },
  },
  // 2025年底, 到2025年, 2030年年底前
  {
    pattern: new RegExp(`(?:(到|至)\\s*)?(${Y})\\s*年(年底|年末|底|末)?(?![0-9０-９${'〇○零一二两三四五六七八九十'}]|度)`, 'g'),
    read: (m, context) => {
      const year = parseYear(m[2]!);
      if (year === undefined || (!m[1] && !m[3])) return undefined;
      return yearEnd(year, m[3] ? `${m[3]}` : `${m[1]}${year}年`, context.conventions);
    },
  },
  // 4月15日 (year from the sentence or the context)
  {
    pattern: new RegExp(`(${N})\\s*月\\s*(${N})\\s*[日号]`, 'g'),
    read: (m, context, earlier) => {
      const [month, day] = [parseNumber(m[1]!), parseNumber(m[2]!)];
      if (month === undefined || day === undefined || !isRealDate(2024, month, day)) return undefined;
      const year = inferYear(month, day, context, earlier, m.index);
      if (!year || !isRealDate(year.year, month, day)) return undefined;
      return { kind: 'date', date: isoDate(year.year, month, day), ...(year.inferred ? { yearInferred: true } : {}) };
    },
  },
  // 11月中旬, 10月底
  {
    pattern: new RegExp(`(${N})\\s*月(上旬|中旬|下旬|底|末|初)`, 'g'),
    read: (m, context, earlier) => {
      const month = parseNumber(m[1]!);
      const year = month === undefined ? undefined : inferYear(month, 1, context, earlier, m.index);
      const reading = year && month !== undefined ? partOfMonth(m[2]!, year.year, month, context.conventions) : undefined;
      return reading && reading.kind === 'date' && year?.inferred ? { ...reading, yearInferred: true } : reading;
    },
  },
  // 年底前, 年内, 剩下的半年, 上半年, 第一季度 (of the context's year)
  {
    pattern: /(年底|年末|年内|剩下的半年|剩余半年|上半年|下半年)|第([一二三四])季度/g,
    read: (m, context) => {
      if (context.year === undefined) return undefined;
      if (m[1] && /年底|年末|年内|剩/.test(m[1])) return { ...yearEnd(context.year, m[1], context.conventions), yearInferred: true } as DateReading;
      if (m[1]) return { ...halfYear(context.year, m[1], context.conventions), yearInferred: true } as DateReading;
      const quarter = parseNumber(m[2]!)!;
      return { kind: 'date', date: `${context.year}-${quarterEnds[quarter - 1]}`, convention: `第${m[2]}季度 → 季度末`, yearInferred: true };
    },
  },
  // 十五日内, 三个工作日, 两个月内
  {
    pattern: new RegExp(`(${N})\\s*个?(工作日|日|天|月|周|星期)(内|之内)?`, 'g'),
    read: (m) => {
      const amount = parseNumber(m[1]!);
      if (amount === undefined) return undefined;
      const units: Record<string, 'days' | 'workingDays' | 'months' | 'weeks'> = { 工作日: 'workingDays', 日: 'days', 天: 'days', 月: 'months', 周: 'weeks', 星期: 'weeks' };
      const unit = units[m[2]!]!;
      // "15日" alone is a day of the month; only 工作日 or an explicit 内/个 makes it a duration.
      if (unit !== 'workingDays' && !m[3] && !m[0].includes('个')) return undefined;
      return { kind: 'within', amount, unit };
    },
  },
];

function halfYear(year: number, word: string, conventions: Conventions): DateReading {
  const monthDay = word === '上半年' ? conventions.firstHalf : conventions.secondHalf;
  return { kind: 'date', date: `${year}-${monthDay}`, convention: `${word} → ${monthDay}` };
}

/** Every date, recurrence and duration in a sentence, in order, none overlapping another. */
export function findDates(sentence: string, context: DateContext): DateMention[] {
  const found: DateMention[] = [];
  const overlaps = (start: number, end: number) => found.some((mention) => start < mention.end && mention.start < end);
  for (const rule of rules) {
    rule.pattern.lastIndex = 0;
    for (let match = rule.pattern.exec(sentence); match; match = rule.pattern.exec(sentence)) {
      const start = match.index;
      const end = start + match[0].length;
      if (overlaps(start, end)) continue;
      const reading = rule.read(match, context, found);
      if (reading) found.push({ reading, start, end, text: match[0] });
    }
    found.sort((a, b) => a.start - b.start);
  }
  return found;
}

/** Reads one whole expression ("2022年4月15日", "每月5日前"); undefined when it is not one. */
export function parseDateExpression(value: string, context: DateContext): DateReading | undefined {
  const mentions = findDates(value, context);
  return mentions.length === 1 ? mentions[0]!.reading : undefined;
}
