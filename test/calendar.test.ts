/** Working-day arithmetic on the real 2022 calendar, 调休 included. */
import { addWorkingDays, adjustForHoliday, isWorkingDay, zonedInstant } from '../config/calendar';

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

  it('refuses years the official holiday tables do not cover', () => {
    expect(() => isWorkingDay('2031-05-01')).toThrow('no official holiday calendar for 2031');
  });
});
