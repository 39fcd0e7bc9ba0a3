/**
 * Checks of the official holiday arrangements (`calendar.arrangements`, usually from calendar
 * files) that the schema cannot make alone: one arrangement per year, its dates within its year
 * (元旦 may begin, and a make-up day fall, in the December before), ranges that run forwards,
 * make-up working days on a weekend and not also a holiday. Reads the definition as written.
 */
import { isCalendarDate } from '../calendar';
import { weekdayOf } from '../calendar-dates';
import type { FieldPath } from './issues';

type Report = (path: FieldPath, expected: string, found: string) => void;

const asMapping = (value: unknown): Record<string, unknown> | undefined =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
const asList = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const asDate = (value: unknown): string | undefined => (typeof value === 'string' && isCalendarDate(value) ? value : undefined);

export function checkArrangements(arrangements: unknown, report: Report): void {
  const years = new Set<number>();
  asList(arrangements).forEach((item, index) => {
    const arrangement = asMapping(item);
    const year = arrangement?.year;
    if (!arrangement || typeof year !== 'number' || !Number.isInteger(year)) return;
    const at: FieldPath = ['calendar', 'arrangements', index];
    if (years.has(year)) report([...at, 'year'], 'one arrangement per year', `${year} again`);
    years.add(year);
    const isOfYear = (date: string) => date.startsWith(`${year}-`) || date.startsWith(`${year - 1}-12-`);
    const within = `a date of ${year} (or of December ${year - 1})`;
    const ranges = asList(arrangement.holidays).map(asMapping).map((holiday) => [asDate(holiday?.from), asDate(holiday?.to)] as const);
    ranges.forEach(([from, to], position) => {
      for (const [field, date] of [['from', from], ['to', to]] as const) {
        if (date && !isOfYear(date)) report([...at, 'holidays', position, field], within, JSON.stringify(date));
      }
      if (from && to && from > to) report([...at, 'holidays', position], 'a period whose start is not after its end', `${from} … ${to}`);
    });
    asList(arrangement.workdays).forEach((entry, position) => {
      const date = asDate(entry);
      if (!date) return;
      const where: FieldPath = [...at, 'workdays', position];
      if (!isOfYear(date)) report(where, within, JSON.stringify(date));
      else if (ranges.some(([from, to]) => from && to && from <= date && date <= to)) report(where, 'a day that is not also one of the holidays', JSON.stringify(date));
      else if (weekdayOf(date) !== 0 && weekdayOf(date) !== 6) report(where, 'a Saturday or Sunday (a weekday is a working day anyway)', JSON.stringify(date));
    });
  });
}
