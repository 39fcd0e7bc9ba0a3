/**
 * A campaign's working-day calendar. Each year's days come from the first of three sources
 * that has the year:
 *
 * 1. an official arrangement given with the definition (a calendar file the administrator adds
 *    as soon as the State Council publishes the year's 放假安排);
 * 2. `chinese-days`, the maintained tables of the arrangements published so far;
 * 3. the provisional calendar (暂定, ./calendar-provisional.ts): weekends and the holidays the
 *    law fixes, without make-up working days.
 *
 * Each year is laid out once as a table (working or not, per day, with running totals), so
 * counting working days between two dates takes a step per year, not per day. Every method
 * refuses a date outside the supported years (and a count beyond ±2,000) with a
 * CalendarRangeError before it loops, and no loop leaves the supported years.
 */
import chineseDays from 'chinese-days';
import {
  addDays,
  CalendarRangeError,
  dateOfDay,
  dayOfYear,
  daysInYear,
  requireSupportedDate,
  requireSupportedYear,
  requireWorkingDayCount,
  supportedYears,
  weekdayOf,
} from './calendar-dates';
import { provisionalHolidays } from './calendar-provisional';

export type HolidayRule = 'next-working-day' | 'previous-working-day' | 'keep';
export type CalendarSource = 'arrangement' | 'official' | 'provisional';

/** The State Council's holiday arrangement of one year (国务院办公厅关于某年部分节假日安排的通知). */
export interface OfficialArrangement {
  year: number;
  /** The notice's number, e.g. 国办发明电〔2025〕7号. */
  source: string;
  /** Days off, each festival's from … to (inclusive), weekends within included. */
  holidays: { name: string; from: string; to: string }[];
  /** Make-up working days (调休上班), usually a Saturday or Sunday. */
  workdays: string[];
}

export interface WorkingCalendar {
  /** Is `date` a working day (a weekday that is no holiday, or a make-up working day)? */
  isWorkingDay(date: string): boolean;
  /**
   * Moves `workingDays` working days from `date` (negative: backwards). Counting starts on the
   * next (or previous) day: 1 working day before Monday 2022-04-25 is Sunday 2022-04-24 (调休).
   */
  addWorkingDays(date: string, workingDays: number): string;
  /** Applies the definition's rule to a date that falls on a holiday or weekend. */
  adjustForHoliday(date: string, rule: HolidayRule): string;
  /** Working days after `from` up to and including `to` (0 when `to` is not later): how late on `to`. */
  workingDaysAfter(from: string, to: string): number;
  /** Is `date` on the provisional calendar (暂定: its year has no official arrangement yet)? */
  isProvisional(date: string): boolean;
  /** The years from `from`'s to `to`'s that are provisional, in order. */
  provisionalYears(from: string, to: string): number[];
  /** Where the year's days come from. */
  sourceOf(year: number): CalendarSource;
  /** The holiday `date` belongs to (春节, 国庆节（补假）, …), if it is a day off of one. */
  holidayName(date: string): string | undefined;
}

/** One year laid out: per day (0 = 1 January) whether it is a working day, with running totals. */
interface YearTable {
  source: CalendarSource;
  working: Uint8Array;
  /** before[i]: working days among days 0 … i-1; before[length] is the year's total. */
  before: Uint16Array;
  names: Map<number, string>;
}

function layOut(year: number, source: CalendarSource, isWorking: (date: string, index: number) => boolean, names: Map<number, string>): YearTable {
  const length = daysInYear(year);
  const working = new Uint8Array(length);
  const before = new Uint16Array(length + 1);
  for (let index = 0; index < length; index += 1) {
    working[index] = isWorking(dateOfDay(year, index), index) ? 1 : 0;
    before[index + 1] = before[index]! + working[index]!;
  }
  return { source, working, before, names };
}

const isWeekday = (date: string) => weekdayOf(date) !== 0 && weekdayOf(date) !== 6;

const officialYears = new Map<number, boolean>();
/** Does `chinese-days` have the year's official arrangement? */
function isOfficialYear(year: number): boolean {
  let isCovered = officialYears.get(year);
  if (isCovered === undefined) {
    isCovered = chineseDays.getHolidaysInRange(`${year}-01-01`, `${year}-12-31`, false).length > 0;
    officialYears.set(year, isCovered);
  }
  return isCovered;
}

function officialTable(year: number): YearTable {
  const names = new Map<number, string>();
  return layOut(year, 'official', (date, index) => {
    const { work, name } = chineseDays.getDayDetail(date);
    // "Spring Festival,春节,4" for the days of an arrangement, the weekday's name otherwise.
    const chinese = name.split(',')[1];
    if (!work && chinese) names.set(index, chinese);
    return work;
  }, names);
}

function provisionalTable(year: number): YearTable {
  const holidays = provisionalHolidays(year);
  const names = new Map<number, string>();
  for (const [date, name] of holidays) if (date.startsWith(`${year}-`)) names.set(dayOfYear(date), name);
  return layOut(year, 'provisional', (date) => isWeekday(date) && !holidays.has(date), names);
}

/** The years as `chinese-days` or the provisional calendar has them: the same for every calendar. */
const sharedTables = new Map<number, YearTable>();
function sharedTable(year: number): YearTable {
  let table = sharedTables.get(year);
  if (!table) {
    table = isOfficialYear(year) ? officialTable(year) : provisionalTable(year);
    sharedTables.set(year, table);
  }
  return table;
}

/** A day an arrangement names: a holiday (with its festival) or a make-up working day. */
interface ListedDay {
  isWorking: boolean;
  name?: string;
}

/** Every day the arrangements list, by date; a holiday's days are enumerated (within the supported years). */
function listedDays(arrangements: readonly OfficialArrangement[]): Map<string, ListedDay> {
  const listed = new Map<string, ListedDay>();
  for (const arrangement of arrangements) {
    for (const holiday of arrangement.holidays) {
      requireSupportedDate(holiday.from);
      requireSupportedDate(holiday.to);
      // Day by day from the start to the end (none when the end comes first): never past 2199-12-31.
      for (let date = holiday.from; date <= holiday.to; date = addDays(date, 1)) listed.set(date, { isWorking: false, name: holiday.name });
    }
    for (const date of arrangement.workdays) {
      requireSupportedDate(date);
      listed.set(date, { isWorking: true });
    }
  }
  return listed;
}

/** A calendar: the official tables and the provisional calendar, with `arrangements` winning for their years. */
export function createCalendar(options: { arrangements?: readonly OfficialArrangement[] } = {}): WorkingCalendar {
  return new ArrangedCalendar(options.arrangements ?? []);
}

class ArrangedCalendar implements WorkingCalendar {
  private readonly arrangedYears: Set<number>;
  private readonly listed: Map<string, ListedDay>;
  private readonly listedYears: Set<number>;
  private readonly ownTables = new Map<number, YearTable>();

  constructor(arrangements: readonly OfficialArrangement[]) {
    this.arrangedYears = new Set(arrangements.map((arrangement) => arrangement.year));
    this.listed = listedDays(arrangements);
    this.listedYears = new Set([...this.listed.keys()].map((date) => Number(date.slice(0, 4))));
  }

  private source(year: number): CalendarSource {
    return this.arrangedYears.has(year) ? 'arrangement' : isOfficialYear(year) ? 'official' : 'provisional';
  }

  private tableOf(year: number): YearTable {
    if (!this.arrangedYears.has(year) && !this.listedYears.has(year)) return sharedTable(year);
    let table = this.ownTables.get(year);
    if (!table) {
      // An arranged year: weekends and what its arrangement lists. Another year: its own source,
      // with the days an arrangement of a neighbouring year lists (元旦 may start on 31 December).
      const base = this.arrangedYears.has(year) ? undefined : sharedTable(year);
      const names = new Map(base?.names ?? []);
      table = layOut(year, this.source(year), (date, index) => {
        const day = this.listed.get(date);
        if (day?.name) names.set(index, day.name);
        if (day) return day.isWorking;
        return base ? base.working[index] === 1 : isWeekday(date);
      }, names);
      this.ownTables.set(year, table);
    }
    return table;
  }

  /** The table and day index of a supported date. */
  private locate(date: string): [YearTable, number, number] {
    requireSupportedDate(date);
    const year = Number(date.slice(0, 4));
    return [this.tableOf(year), dayOfYear(date), year];
  }

  isWorkingDay(date: string): boolean {
    const [table, index] = this.locate(date);
    return table.working[index] === 1;
  }

  addWorkingDays(date: string, workingDays: number): string {
    requireWorkingDayCount(workingDays);
    let [table, index, year] = this.locate(date);
    const step = workingDays < 0 ? -1 : 1;
    // One day per pass, never past the supported years: at most 71,589 passes.
    for (let remaining = Math.abs(workingDays); remaining > 0; remaining -= table.working[index]!) {
      index += step;
      if (index < 0 || index >= table.working.length) {
        year += step;
        if (year < supportedYears.first || year > supportedYears.last) {
          const { first, last } = supportedYears;
          throw new CalendarRangeError(
            'CALENDAR_DATE_OUT_OF_RANGE',
            `${workingDays} working days from ${date} go beyond the supported years ${first} … ${last}`,
            `${date} 起 ${workingDays} 个工作日超出支持的年份范围（${first} 至 ${last} 年）`,
          );
        }
        table = this.tableOf(year);
        index = step > 0 ? 0 : table.working.length - 1;
      }
    }
    return dateOfDay(year, index);
  }

  workingDaysAfter(from: string, to: string): number {
    const [fromTable, fromIndex, fromYear] = this.locate(from);
    const [toTable, toIndex, toYear] = this.locate(to);
    if (to <= from) return 0;
    if (fromYear === toYear) return toTable.before[toIndex + 1]! - fromTable.before[fromIndex + 1]!;
    let count = fromTable.before[fromTable.working.length]! - fromTable.before[fromIndex + 1]!;
    for (let year = fromYear + 1; year < toYear; year += 1) {
      const table = this.tableOf(year);
      count += table.before[table.working.length]!;
    }
    return count + toTable.before[toIndex + 1]!;
  }

  adjustForHoliday(date: string, rule: HolidayRule): string {
    if (rule === 'keep') {
      requireSupportedDate(date);
      return date;
    }
    return this.isWorkingDay(date) ? date : this.addWorkingDays(date, rule === 'next-working-day' ? 1 : -1);
  }

  isProvisional(date: string): boolean {
    const [table] = this.locate(date);
    return table.source === 'provisional' && !this.listed.has(date);
  }

  provisionalYears(from: string, to: string): number[] {
    const [, , fromYear] = this.locate(from);
    const [, , toYear] = this.locate(to);
    const years: number[] = [];
    for (let year = fromYear; year <= toYear; year += 1) if (this.source(year) === 'provisional') years.push(year);
    return years;
  }

  sourceOf(year: number): CalendarSource {
    requireSupportedYear(year);
    return this.source(year);
  }

  holidayName(date: string): string | undefined {
    const [table, index] = this.locate(date);
    return table.working[index] === 1 ? undefined : table.names.get(index);
  }
}
