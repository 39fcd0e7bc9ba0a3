/**
 * Calendar dates as the plan writes them, 'YYYY-MM-DD' (a date on the campaign's wall clock),
 * the years the working-day calendar supports, and its typed errors. Every date loop of the
 * calendar stays inside {@link supportedYears}, so none runs longer than that range whatever
 * its input: 9999-12-31 is refused at once, not walked towards.
 */

const dayMs = 24 * 60 * 60 * 1000;

/**
 * The years whose working days the calendar knows. 2004 is the first year of the official tables
 * (`chinese-days`); an earlier year had other holiday rules than the provisional calendar's (the
 * law as amended in 2024), and nobody plans a campaign in it. 2199 is far beyond any plan; the
 * limit is what bounds every loop over days (at most 71,589 of them).
 */
export const supportedYears = { first: 2004, last: 2199 } as const;
/** Working days one step may move: 2,000 is about eight years, more than any plan's offset. */
export const maxWorkingDays = 2000;

export type CalendarErrorCode = 'CALENDAR_NOT_A_DATE' | 'CALENDAR_DATE_OUT_OF_RANGE' | 'CALENDAR_COUNT_OUT_OF_RANGE';

/** A date the calendar cannot use (not a date, outside {@link supportedYears}) or a count beyond {@link maxWorkingDays}. */
export class CalendarRangeError extends Error {
  constructor(
    readonly code: CalendarErrorCode,
    message: string,
    /** The same for a person who reads Chinese (the pages). */
    readonly messageZh: string,
  ) {
    super(message);
    this.name = 'CalendarRangeError';
  }
}

const datePattern = /^\d{4}-\d{2}-\d{2}$/;
const monthLengths = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Is `value` a date written YYYY-MM-DD that exists (2022-02-29 and 2022-13-45 do not)? */
export function isCalendarDate(value: string): boolean {
  if (typeof value !== 'string' || !datePattern.test(value)) return false;
  const year = Number(value.slice(0, 4));
  const month = Number(value.slice(5, 7));
  const day = Number(value.slice(8, 10));
  if (month < 1 || month > 12 || day < 1) return false;
  return day <= (month === 2 && daysInYear(year) === 366 ? 29 : monthLengths[month - 1]!);
}

/** Is `value` a real date within {@link supportedYears}? */
export function isSupportedDate(value: string): boolean {
  if (!isCalendarDate(value)) return false;
  const year = Number(value.slice(0, 4));
  return year >= supportedYears.first && year <= supportedYears.last;
}

/** Refuses, with a typed error, what is not a date within {@link supportedYears}. */
export function requireSupportedDate(value: string): void {
  if (!isCalendarDate(value)) throw notADate(value);
  if (!isSupportedDate(value)) throw outOfRange(value);
}

/** Refuses a year outside {@link supportedYears}. */
export function requireSupportedYear(year: number): void {
  if (!Number.isInteger(year) || year < supportedYears.first || year > supportedYears.last) throw outOfRange(String(year));
}

function notADate(value: unknown): CalendarRangeError {
  return new CalendarRangeError('CALENDAR_NOT_A_DATE', `not a date YYYY-MM-DD: ${JSON.stringify(value)}`, `不是有效日期（YYYY-MM-DD）：${JSON.stringify(value)}`);
}

function outOfRange(what: string): CalendarRangeError {
  const { first, last } = supportedYears;
  return new CalendarRangeError('CALENDAR_DATE_OUT_OF_RANGE', `${what} is outside the supported years ${first} … ${last}`, `${what} 超出支持的年份范围（${first} 至 ${last} 年）`);
}

/** Refuses a working-day count that is not a whole number within ±{@link maxWorkingDays}. */
export function requireWorkingDayCount(count: number): void {
  if (!Number.isInteger(count) || Math.abs(count) > maxWorkingDays) {
    throw new CalendarRangeError(
      'CALENDAR_COUNT_OUT_OF_RANGE',
      `a working-day count must be a whole number from -${maxWorkingDays} to ${maxWorkingDays}, not ${count}`,
      `工作日数应为 -${maxWorkingDays} 至 ${maxWorkingDays} 之间的整数，实际为 ${count}`,
    );
  }
}

/**
 * The date `days` calendar days after `date` (negative: before). Any real date of the years
 * 0000–9999 may be moved; a result that cannot be written YYYY-MM-DD (the day after 9999-12-31
 * would read "+010000-01-01", which sorts before it) is refused with a typed error.
 */
export function addDays(date: string, days: number): string {
  if (!isCalendarDate(date)) throw notADate(date);
  const moved = Number.isSafeInteger(days) ? new Date(Date.parse(`${date}T00:00:00Z`) + days * dayMs) : new Date(Number.NaN);
  const written = Number.isNaN(moved.getTime()) ? '' : moved.toISOString().slice(0, 10);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(written)) {
    throw new CalendarRangeError('CALENDAR_DATE_OUT_OF_RANGE', `${date} moved by ${days} days is not a date of the years 0000 … 9999`, `${date} 加 ${days} 天超出可表示的日期范围`);
  }
  return written;
}

/** 0 for 1 January of the date's year, 364 or 365 for 31 December. */
export function dayOfYear(date: string): number {
  const year = Number(date.slice(0, 4));
  return (Date.UTC(year, Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) - Date.UTC(year, 0, 1)) / dayMs;
}

/** The date of day `index` (0-based) of `year`; the index may run past the year's ends. */
export function dateOfDay(year: number, index: number): string {
  return new Date(Date.UTC(year, 0, 1) + index * dayMs).toISOString().slice(0, 10);
}

export function daysInYear(year: number): number {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 366 : 365;
}

/** 0 Sunday … 6 Saturday. */
export function weekdayOf(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}
