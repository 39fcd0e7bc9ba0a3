/**
 * Working-day arithmetic on the Mainland-China calendar: public holidays and make-up working
 * days (调休) from the official arrangements (calendar files of the definition, then the
 * maintained `chinese-days` tables), and a provisional calendar (暂定) for a year that has none
 * yet (./calendar-working-days.ts). Dates are plain 'YYYY-MM-DD' strings (a date in the
 * campaign's own time zone); instants are made only at the end, by {@link zonedInstant}.
 *
 * The free functions below use the calendar without arrangements; a campaign's own calendar is
 * {@link calendarOf}`(definition)`, built from its calendar files.
 */
import { createCalendar, type HolidayRule, type OfficialArrangement, type WorkingCalendar } from './calendar-working-days';

export {
  addDays,
  CalendarRangeError,
  type CalendarErrorCode,
  isCalendarDate,
  isSupportedDate,
  maxWorkingDays,
  requireSupportedDate,
  supportedYears,
} from './calendar-dates';
/** How a person reads an instant: ./time-format.ts, the one formatter. */
export { chineseDateTime } from './time-format';
export { type CalendarSource, createCalendar, type HolidayRule, type OfficialArrangement, type WorkingCalendar } from './calendar-working-days';

/** The calendar without arrangements: `chinese-days`, then the provisional calendar. */
export const defaultCalendar = createCalendar();

const campaignCalendars = new WeakMap<readonly OfficialArrangement[], WorkingCalendar>();

/**
 * A campaign's calendar: its definition's official arrangements (`calendar.arrangements`, from
 * its calendar files), then `chinese-days`, then the provisional calendar. One per definition.
 */
export function calendarOf(definition: { calendar: { arrangements?: readonly OfficialArrangement[] } }): WorkingCalendar {
  // A definition recorded before arrangements existed (a running campaign's input) has none.
  const arrangements = definition.calendar.arrangements;
  if (!arrangements || arrangements.length === 0) return defaultCalendar;
  let calendar = campaignCalendars.get(arrangements);
  if (!calendar) {
    calendar = createCalendar({ arrangements });
    campaignCalendars.set(arrangements, calendar);
  }
  return calendar;
}

/** Is `date` a working day in Mainland China (weekdays that are not holidays, plus 调休 weekends)? */
export function isWorkingDay(date: string): boolean {
  return defaultCalendar.isWorkingDay(date);
}

/**
 * Moves `workingDays` working days from `date` (negative: backwards). Counting starts on the
 * next (or previous) day: 1 working day before Friday 2022-04-15 is Thursday 2022-04-14, and 1
 * working day before Monday 2022-04-25 is Sunday 2022-04-24 (a 调休 working day).
 */
export function addWorkingDays(date: string, workingDays: number): string {
  return defaultCalendar.addWorkingDays(date, workingDays);
}

/** Applies the definition's rule to a date that falls on a holiday or weekend. */
export function adjustForHoliday(date: string, rule: HolidayRule): string {
  return defaultCalendar.adjustForHoliday(date, rule);
}

/** Working days after `from` up to and including `to` (0 when `to` is not later): how late on `to`. */
export function workingDaysAfter(from: string, to: string): number {
  return defaultCalendar.workingDaysAfter(from, to);
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
