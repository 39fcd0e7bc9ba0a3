/**
 * Periods of the calendar (years, half-years, quarters, months, ISO weeks), how they are named,
 * and the occurrences of an `every` rhythm: which periods a campaign plans, and the day each one
 * is due ("每季度结束后5个工作日内", "每年12月10日前", "每月5日前", "每周四").
 */
import { addDays } from '../calendar';
import { weekdayOf } from '../calendar-dates';
import type { Anchor, PeriodKind, Recurrence } from '../definition/schema';
import { weekdays } from '../definition/schema';

export interface Period {
  /** 2024, 2024-h1, 2024-q2, 2024-05, 2024-w19: the occurrence id. */
  id: string;
  /** 2024年, 2024年上半年, 2024年第2季度, 2024年5月, 2024年第19周 */
  name: string;
  /** The year it belongs to (a week's ISO week-year). */
  year: number;
  start: string;
  end: string;
}

const monthsOf: Record<Exclude<PeriodKind, 'week'>, number> = { year: 12, 'half-year': 6, quarter: 3, month: 1 };
const pad = (value: number) => String(value).padStart(2, '0');

/** Every period of `kind` that overlaps `start … end`, in order. */
export function periodsOverlapping(kind: PeriodKind, start: string, end: string): Period[] {
  return kind === 'week' ? weeksOverlapping(start, end) : monthPeriodsOverlapping(kind, start, end);
}

function monthPeriodsOverlapping(kind: Exclude<PeriodKind, 'week'>, start: string, end: string): Period[] {
  const months = monthsOf[kind];
  const periods: Period[] = [];
  const startYear = Number(start.slice(0, 4));
  // The period holding `start`, then each following one, until one starts after `end`.
  for (let index = Math.floor((Number(start.slice(5, 7)) - 1) / months); ; index += 1) {
    const year = startYear + Math.floor((index * months) / 12);
    const month = ((index * months) % 12) + 1;
    const first = `${year}-${pad(month)}-01`;
    if (first > end) return periods;
    const nextYear = startYear + Math.floor(((index + 1) * months) / 12);
    const last = addDays(`${nextYear}-${pad((((index + 1) * months) % 12) + 1)}-01`, -1);
    periods.push({ ...periodNaming(kind, year, month), year, start: first, end: last });
  }
}

function periodNaming(kind: Exclude<PeriodKind, 'week'>, year: number, month: number): { id: string; name: string } {
  switch (kind) {
    case 'year':
      return { id: `${year}`, name: `${year}年` };
    case 'half-year':
      return month <= 6 ? { id: `${year}-h1`, name: `${year}年上半年` } : { id: `${year}-h2`, name: `${year}年下半年` };
    case 'quarter': {
      // 第2季度 (not 第二季度): the seed's plans have named quarters so since the first release.
      const quarter = Math.floor((month - 1) / 3) + 1;
      return { id: `${year}-q${quarter}`, name: `${year}年第${quarter}季度` };
    }
    case 'month':
      return { id: `${year}-${pad(month)}`, name: `${year}年${month}月` };
  }
}

/** ISO weeks (Monday to Sunday), named by their ISO week-year and number. */
function weeksOverlapping(start: string, end: string): Period[] {
  const periods: Period[] = [];
  for (let monday = addDays(start, -((weekdayOf(start) + 6) % 7)); monday <= end; monday = addDays(monday, 7)) {
    const { year, week } = isoWeekOf(monday);
    periods.push({ id: `${year}-w${pad(week)}`, name: `${year}年第${week}周`, year, start: monday, end: addDays(monday, 6) });
  }
  return periods;
}

/** The ISO week-year and week number of a Monday: the week of its Thursday. */
function isoWeekOf(monday: string): { year: number; week: number } {
  const thursday = addDays(monday, 3);
  const year = Number(thursday.slice(0, 4));
  const dayIndex = (Date.parse(`${thursday}T00:00:00Z`) - Date.UTC(year, 0, 1)) / 86_400_000;
  return { year, week: Math.floor(dayIndex / 7) + 1 };
}

/** The day `on` names within `period`: "12-10" of a year, the 5th of a month, Thursday of a week; undefined for `end`. */
export function anchorDate(period: Period, kind: PeriodKind, on: Exclude<Anchor, 'end'>): string {
  if (kind === 'week') return addDays(period.start, (weekdays.indexOf(on as (typeof weekdays)[number]) + 6) % 7);
  if (kind === 'month') return clampedDate(Number(period.start.slice(0, 4)), Number(period.start.slice(5, 7)), on as number);
  const monthDay = Array.isArray(on) ? on[partIndex(period, kind)]! : (on as string);
  return clampedDate(period.year, Number(monthDay.slice(0, 2)), Number(monthDay.slice(3)));
}

/** Which half or quarter of its year a period is (0-based). */
function partIndex(period: Period, kind: PeriodKind): number {
  return kind === 'year' ? 0 : Math.floor((Number(period.start.slice(5, 7)) - 1) / monthsOf[kind as Exclude<PeriodKind, 'week'>]);
}

/** The day of a month, or its last day when the month is shorter ("每月31日" in April is the 30th; 02-29 in 2023 the 28th). */
function clampedDate(year: number, month: number, day: number): string {
  const last = Number(addDays(`${month === 12 ? year + 1 : year}-${pad((month % 12) + 1)}-01`, -1).slice(8));
  return `${year}-${pad(month)}-${pad(Math.min(day, last))}`;
}

/** How a rhythm's occurrences are anchored, after the language's defaults. */
export type PeriodAnchor = { kind: 'after'; workingDays: number } | { kind: 'on'; on: Anchor };

export function anchorOf(recurrence: Recurrence): PeriodAnchor {
  if (recurrence.on !== undefined) return { kind: 'on', on: recurrence.on };
  // Months and quarters are due 5 working days after they end unless the definition says otherwise.
  return { kind: 'after', workingDays: recurrence.workingDaysAfter ?? 5 };
}

/**
 * The periods a rhythm plans within `window` (the campaign period, narrowed by `from`/`until`):
 * - anchored `on` a day: every period whose day lies within the window;
 * - `workingDaysAfter` the end, months and quarters: those that start within the window (as
 *   since the language began: a quarter begun before the campaign is not reported on);
 * - `workingDaysAfter` the end, years, half-years and weeks: every period that overlaps the window
 *   (a plan issued in March still reports on its first year).
 */
export function plannedPeriods(kind: PeriodKind, anchor: PeriodAnchor, window: { start: string; end: string }): { period: Period; day?: string }[] {
  const periods = periodsOverlapping(kind, window.start, window.end);
  if (anchor.kind === 'after') {
    const isLegacy = kind === 'month' || kind === 'quarter';
    return periods.filter((period) => !isLegacy || period.start >= window.start).map((period) => ({ period }));
  }
  return periods.flatMap((period) => {
    const day = anchor.on === 'end' ? period.end : anchorDate(period, kind, anchor.on);
    return day >= window.start && day <= window.end ? [{ period, day }] : [];
  });
}
