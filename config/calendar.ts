/**
 * Working-day arithmetic on the Mainland-China calendar: public holidays and make-up working
 * days (调休) come from the maintained `chinese-days` tables, never from a hand-typed list.
 * Dates are plain 'YYYY-MM-DD' strings (a date in the campaign's own time zone); instants are
 * made only at the end, by {@link zonedInstant}.
 */
import chineseDays from 'chinese-days';

const dayMs = 24 * 60 * 60 * 1000;

/** Raised for a date the holiday tables do not cover (the State Council publishes each year late in the year before). */
export class CalendarRangeError extends Error {
  readonly code = 'CALENDAR_RANGE';
}

/** Is `value` a date written YYYY-MM-DD that exists (2022-02-29 and 2022-13-45 do not)? */
export function isCalendarDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const parsed = Date.parse(`${value}T00:00:00Z`);
  return !Number.isNaN(parsed) && new Date(parsed).toISOString().startsWith(value);
}

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * dayMs).toISOString().slice(0, 10);
}

const coveredYears = new Map<number, boolean>();
function isYearCovered(year: number): boolean {
  let covered = coveredYears.get(year);
  if (covered === undefined) {
    covered = chineseDays.getHolidaysInRange(`${year}-01-01`, `${year}-12-31`, false).length > 0;
    coveredYears.set(year, covered);
  }
  return covered;
}

const workingDayCache = new Map<string, boolean>();

/** Is `date` a working day in Mainland China (weekdays that are not holidays, plus 调休 weekends)? */
export function isWorkingDay(date: string): boolean {
  let working = workingDayCache.get(date);
  if (working === undefined) {
    const year = Number(date.slice(0, 4));
    if (!isYearCovered(year)) {
      throw new CalendarRangeError(`no official holiday calendar for ${year} (chinese-days covers the years published so far)`);
    }
    working = chineseDays.isWorkday(date);
    workingDayCache.set(date, working);
  }
  return working;
}

/**
 * Moves `workingDays` working days from `date` (negative: backwards). Counting starts on the
 * next (or previous) day: 1 working day before Friday 2022-04-15 is Thursday 2022-04-14, and 1
 * working day before Monday 2022-04-25 is Sunday 2022-04-24 (a 调休 working day).
 */
export function addWorkingDays(date: string, workingDays: number): string {
  const step = workingDays < 0 ? -1 : 1;
  let remaining = Math.abs(workingDays);
  let current = date;
  while (remaining > 0) {
    current = addDays(current, step);
    if (isWorkingDay(current)) remaining -= 1;
  }
  return current;
}

export type HolidayRule = 'next-working-day' | 'previous-working-day' | 'keep';

/** Applies the definition's rule to a date that falls on a holiday or weekend. */
export function adjustForHoliday(date: string, rule: HolidayRule): string {
  if (rule === 'keep' || isWorkingDay(date)) return date;
  return addWorkingDays(date, rule === 'next-working-day' ? 1 : -1);
}

const offsetFormatters = new Map<string, Intl.DateTimeFormat>();

/** The UTC instant (ISO 8601) of a wall-clock date and time in `timeZone`. */
export function zonedInstant(date: string, time: string, timeZone: string): string {
  const wallClockMs = Date.parse(`${date}T${time}:00Z`);
  // Two passes settle the offset even next to a daylight-saving change (China has none today).
  let instant = wallClockMs - offsetMs(wallClockMs, timeZone);
  instant = wallClockMs - offsetMs(instant, timeZone);
  return new Date(instant).toISOString();
}

/** The calendar date (YYYY-MM-DD) of an instant on the wall clock of `timeZone`. */
export function localDateOf(instant: string, timeZone: string): string {
  return new Date(Date.parse(instant) + offsetMs(Date.parse(instant), timeZone)).toISOString().slice(0, 10);
}

/** 2022-04-29T09:30:00Z in Asia/Shanghai → 2022年4月29日 17:30, as the plan's readers read it. */
export function chineseDateTime(instant: string, timeZone: string): string {
  const local = new Date(Date.parse(instant) + offsetMs(Date.parse(instant), timeZone));
  const time = local.toISOString().slice(11, 16);
  return `${local.getUTCFullYear()}年${local.getUTCMonth() + 1}月${local.getUTCDate()}日 ${time}`;
}

/** Working days after `from` up to and including `to` (0 when `to` is not later): how late on `to`. */
export function workingDaysAfter(from: string, to: string): number {
  let count = 0;
  for (let date = addDays(from, 1); date <= to; date = addDays(date, 1)) if (isWorkingDay(date)) count += 1;
  return count;
}

function offsetMs(instantMs: number, timeZone: string): number {
  let formatter = offsetFormatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    offsetFormatters.set(timeZone, formatter);
  }
  const parts = Object.fromEntries(formatter.formatToParts(new Date(instantMs)).map((part) => [part.type, part.value]));
  const asUtc = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second));
  return asUtc - Math.floor(instantMs / 1000) * 1000;
}

/** Is `timeZone` a zone this runtime knows? */
export function isKnownTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}
