/**
 * Working-day arithmetic on the real 2022 calendar, 调休 included, and the bounds every
 * calendar function keeps whatever its input (property tests with fast-check; each call runs in
 * a worker with a time limit, so a loop is reported, not waited for). FUZZ_RUNS scales them.
 */
import fc from 'fast-check';
import {
  addDays,
  addWorkingDays,
  adjustForHoliday,
  CalendarRangeError,
  type HolidayRule,
  isCalendarDate,
  isWorkingDay,
  maxWorkingDays,
  type OfficialArrangement,
  supportedYears,
  workingDaysAfter,
  zonedInstant,
} from '../config/calendar';
import { type BoundedCalendar, boundedCalendar, type Outcome } from './support/bounded-calendar';

const seed = Number(process.env.FUZZ_SEED ?? 20260101);

describe('the 2022 Mainland-China calendar', () => {
  it.each([
    ['2022-04-02', true, 'Saturday, a make-up working day for 清明'],
    ['2022-04-24', true, 'Sunday, a make-up working day for 劳动节'],
    ['2022-05-07', true, 'Saturday, a make-up working day for 劳动节'],
    ['2022-04-04', false, '清明 holiday'],
    ['2022-04-05', false, '清明 holiday (Tuesday)'],
    ['2022-05-04', false, '劳动节 holiday (Wednesday)'],
    ['2022-10-07', false, '国庆 holiday (Friday)'],
    ['2022-04-15', true, 'an ordinary Friday'],
    ['2022-04-16', false, 'an ordinary Saturday'],
  ])('%s is a working day: %s (%s)', (date, expected) => {
    expect(isWorkingDay(date)).toBe(expected);
  });

  it('counts working days backwards across 清明 and a make-up Saturday', () => {
    // 10 working days before Friday 2022-04-15: 14 13 12 11 8 7 6 2(Sat) 1 3-31.
    expect(addWorkingDays('2022-04-15', -10)).toBe('2022-03-31');
    expect(addWorkingDays('2022-04-15', -1)).toBe('2022-04-14');
  });

  it('counts a make-up Sunday as a working day', () => {
    expect(addWorkingDays('2022-04-25', -1)).toBe('2022-04-24');
  });

  it('skips the whole 劳动节 holiday going forwards', () => {
    expect(addWorkingDays('2022-04-29', 1)).toBe('2022-05-05');
  });

  it('moves a deadline that falls on a holiday by the stated rule', () => {
    expect(adjustForHoliday('2022-10-01', 'next-working-day')).toBe('2022-10-08'); // 10-08 is a make-up Saturday
    expect(adjustForHoliday('2022-10-01', 'previous-working-day')).toBe('2022-09-30');
    expect(adjustForHoliday('2022-10-01', 'keep')).toBe('2022-10-01');
    expect(adjustForHoliday('2022-04-15', 'next-working-day')).toBe('2022-04-15');
  });

  it('turns a Beijing wall-clock time into the UTC instant', () => {
    expect(zonedInstant('2022-04-15', '17:30', 'Asia/Shanghai')).toBe('2022-04-15T09:30:00.000Z');
    expect(zonedInstant('2022-07-01', '09:00', 'Europe/Berlin')).toBe('2022-07-01T07:00:00.000Z');
  });

  it('knows the years the official tables do not cover yet, on the provisional calendar', () => {
    expect(isWorkingDay('2031-05-01')).toBe(false); // 劳动节 by the law itself
    expect(isWorkingDay('2031-05-06')).toBe(true);
  });
});

/** Runs `compute`, returning the typed error's code it throws (or the value it returns). */
function outcome(compute: () => unknown): unknown {
  try {
    return compute();
  } catch (error) {
    if (!(error instanceof CalendarRangeError)) throw error;
    return error.code;
  }
}

describe('a calendar bounded by construction', () => {
  it('refuses 9999-12-31 at once instead of walking towards it (it froze the web server)', () => {
    // addDays wrote the day after 9999-12-31 as "+010000-01-01", which sorts before it.
    expect(outcome(() => addDays('9999-12-31', 1))).toBe('CALENDAR_DATE_OUT_OF_RANGE');
    for (const compute of [
      () => addWorkingDays('9999-12-31', 1),
      () => adjustForHoliday('9999-12-31', 'next-working-day'),
      () => workingDaysAfter('2022-04-15', '9999-12-31'),
      () => isWorkingDay('9999-12-31'),
    ]) {
      expect(outcome(compute)).toBe('CALENDAR_DATE_OUT_OF_RANGE');
    }
  });

  it('supports the years 2004 to 2199, and refuses what lies outside or is no date', () => {
    expect(supportedYears).toEqual({ first: 2004, last: 2199 });
    expect(outcome(() => isWorkingDay('2004-01-02'))).toBe(true);
    expect(outcome(() => isWorkingDay('2199-12-31'))).toBe(true); // a Tuesday
    expect(outcome(() => isWorkingDay('2003-12-31'))).toBe('CALENDAR_DATE_OUT_OF_RANGE');
    expect(outcome(() => isWorkingDay('2200-01-01'))).toBe('CALENDAR_DATE_OUT_OF_RANGE');
    expect(outcome(() => isWorkingDay('2022-02-30'))).toBe('CALENDAR_NOT_A_DATE');
    expect(outcome(() => addWorkingDays('2199-12-30', 5))).toBe('CALENDAR_DATE_OUT_OF_RANGE');
    expect(outcome(() => addWorkingDays('2004-01-05', -5))).toBe('CALENDAR_DATE_OUT_OF_RANGE');
  });

  it('refuses to move more than 2,000 working days at once', () => {
    expect(maxWorkingDays).toBe(2000);
    expect(addWorkingDays('2026-01-05', 2000) > '2033-01-01').toBe(true);
    expect(outcome(() => addWorkingDays('2026-01-05', 2001))).toBe('CALENDAR_COUNT_OUT_OF_RANGE');
    expect(outcome(() => addWorkingDays('2026-01-05', -2001))).toBe('CALENDAR_COUNT_OUT_OF_RANGE');
    expect(outcome(() => addWorkingDays('2026-01-05', 1.5))).toBe('CALENDAR_COUNT_OUT_OF_RANGE');
  });

  it('keeps isCalendarDate strict: a date that exists, written YYYY-MM-DD', () => {
    for (const value of ['2022-02-30', '2022-13-45', '2022-00-10', '2022-04-00', '2023-02-29', '2022-4-15', ' 2022-04-15', '2022-04-15T00:00', '']) expect(isCalendarDate(value)).toBe(false);
    for (const value of ['2024-02-29', '2000-02-29', '2022-12-31', '0000-01-01', '9999-12-31']) expect(isCalendarDate(value)).toBe(true);
    // The same answer as the platform's own calendar, for any string of that form.
    const written = fc.tuple(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 99 }), fc.integer({ min: 0, max: 99 }));
    fc.assert(
      fc.property(written, ([year, month, day]) => {
        const value = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
        const parsed = Date.parse(`${value}T00:00:00Z`);
        expect(isCalendarDate(value)).toBe(!Number.isNaN(parsed) && new Date(parsed).toISOString().startsWith(value));
      }),
      { numRuns: 3000, seed },
    );
  });
});

describe('property: every calendar function returns or throws its typed error, never loops', () => {
  /** A call slower than this is a loop (the slowest honest call lays out every supported year once). */
  const limitMs = 10_000;
  // Also a calendar whose arrangement makes a whole year (and the December before) days off.
  const wholeYearOff: OfficialArrangement = { year: 2030, source: '虚构（测试用）', holidays: [{ name: '测试', from: '2029-12-01', to: '2030-12-31' }], workdays: [] };
  const calendars: [string, BoundedCalendar][] = [];
  beforeAll(() => {
    calendars.push(['the default calendar', boundedCalendar([], limitMs)], ['a calendar with a year without working days', boundedCalendar([wholeYearOff], limitMs)]);
  });
  afterAll(async () => {
    for (const [, calendar] of calendars) await calendar.close();
  });

  const codes = ['CALENDAR_NOT_A_DATE', 'CALENDAR_DATE_OUT_OF_RANGE', 'CALENDAR_COUNT_OUT_OF_RANGE'];
  const isTypedError = (result: Outcome) => 'error' in result && result.error.name === 'CalendarRangeError' && codes.includes(result.error.code ?? '');
  const supportedDate = fc.date({ min: new Date('2004-01-01T00:00:00Z'), max: new Date('2199-12-31T00:00:00Z'), noInvalidDate: true }).map((date) => date.toISOString().slice(0, 10));
  const anyDate = fc.oneof(
    supportedDate,
    fc.constantFrom('2004-01-01', '2199-12-31', '2003-12-31', '2200-01-01', '9999-12-31', '0000-01-01', '1970-01-01', '2022-02-30', '2022-13-45', '+010000-01-01', ''),
    fc.date({ min: new Date('0000-01-01T00:00:00Z'), max: new Date('9999-12-31T00:00:00Z'), noInvalidDate: true }).map((date) => date.toISOString().slice(0, 10)),
    fc.string({ maxLength: 12 }),
  );
  const anyCount = fc.oneof(fc.integer({ min: -2500, max: 2500 }), fc.constantFrom(0, 2000, -2000, 2001, -2001, 1e9, -1e9, Number.MAX_SAFE_INTEGER, Number.NaN, Infinity), fc.double());
  const rule = fc.constantFrom<HolidayRule>('next-working-day', 'previous-working-day', 'keep');
  const isSupported = (value: unknown) => typeof value === 'string' && isCalendarDate(value) && value >= '2004-01-01' && value <= '2199-12-31';
  // A loop stops the worker: the first counterexample is reported as found, not shrunk.
  const runs = { numRuns: Number(process.env.FUZZ_RUNS ?? 300), seed, endOnFailure: true };

  it('addWorkingDays lands on a working day that many working days away, or refuses', () => {
    for (const [, calendar] of calendars) {
      fc.assert(
        fc.property(anyDate, anyCount, (date, count) => {
          const result = calendar.call('addWorkingDays', date, count);
          if (!('value' in result)) return expect(isTypedError(result)).toBe(true);
          expect(isSupported(result.value)).toBe(true);
          const landed = result.value as string;
          if (count === 0) return expect(landed).toBe(date);
          expect(calendar.call('isWorkingDay', landed)).toEqual({ value: true });
          const [from, to] = count > 0 ? [date, landed] : [landed, date];
          const between = calendar.call('workingDaysAfter', from, to) as { value: number };
          const isDateWorking = (calendar.call('isWorkingDay', date) as { value: boolean }).value;
          expect(between.value).toBe(count > 0 ? count : -count - 1 + (isDateWorking ? 1 : 0));
        }),
        runs,
      );
    }
  });

  it('workingDaysAfter, adjustForHoliday, isWorkingDay, isProvisional, provisionalYears and holidayName return or refuse', () => {
    for (const [, calendar] of calendars) {
      fc.assert(
        fc.property(anyDate, anyDate, rule, (from, to, holidayRule) => {
          const outcomes = [
            calendar.call('workingDaysAfter', from, to),
            calendar.call('adjustForHoliday', from, holidayRule),
            calendar.call('isWorkingDay', from),
            calendar.call('isProvisional', from),
            calendar.call('provisionalYears', from, to),
            calendar.call('holidayName', from),
          ];
          const isValid = isSupported(from) && isSupported(to);
          for (const result of outcomes) expect('value' in result || isTypedError(result)).toBe(true);
          if (!isValid) return;
          const [count, adjusted, working] = outcomes.map((result) => (result as { value: unknown }).value);
          expect(Number.isInteger(count) && (count as number) >= 0 && (to <= from ? count === 0 : true)).toBe(true);
          if (holidayRule === 'keep' || working) expect(adjusted).toBe(from);
          else if (isSupported(adjusted)) expect(calendar.call('isWorkingDay', adjusted as string)).toEqual({ value: true });
        }),
        runs,
      );
    }
  });

  it('addDays returns a date written YYYY-MM-DD or refuses', () => {
    fc.assert(
      fc.property(anyDate, anyCount, (date, days) => {
        const result = outcome(() => addDays(date, days));
        if (typeof result === 'string' && !codes.includes(result)) expect(isCalendarDate(result)).toBe(true);
        else expect(codes).toContain(result);
      }),
      { numRuns: 2000, seed },
    );
  });
});
