/**
 * Rhythms of real work plans, compiled: every year, half-year, quarter, month and week, due a
 * number of working days after the period or on a day within it ("每年12月10日前", "每月5日前",
 * "每周四", "上半年/下半年"), between `from` and `until`; counts per period with a cumulative
 * target ("每年新建2家，到2025年累计不少于6家"). Dates are checked against the official calendar.
 */
import { obligationInput } from '../config/workflow-input';
import { campaignText, duesOf, loadText } from './support/definitions';

const rhythm = (id: string, recurrence: string) => `  - { id: ${id}, title: 报告, measure: 通知, assignees: [districts], kind: recurring, recurrence: ${recurrence} }\n`;
const threeYears = { period: ['2024-03-07', '2026-12-31'] as [string, string] };

describe('every period, anchored on a day of it', () => {
  it('plans a yearly report on 12-10 of each year of a three-year plan, named by the year', () => {
    const loaded = loadText(campaignText(rhythm('annual-summary', '{ every: year, on: "12-10" }'), threeYears));
    expect(duesOf(loaded, 'annual-summary')).toEqual({ '2024': '2024-12-10 17:30', '2025': '2025-12-10 17:30', '2026': '2026-12-10 17:30' });
    const instance = loaded.plan.instances.find((candidate) => candidate.id === 'minimal/xuecheng/annual-summary@2025')!;
    expect(instance.schedule).toMatchObject({ occurrence: '2025', occurrenceName: '2025年', year: 2025 });
  });

  it('plans the two halves on their own days, a Saturday moved to the Monday after', () => {
    const loaded = loadText(campaignText(rhythm('half', '{ every: half-year, on: ["06-25", "12-20"] }'), threeYears));
    expect(duesOf(loaded, 'half')).toEqual({
      '2024-h1': '2024-06-25 17:30',
      '2024-h2': '2024-12-20 17:30',
      '2025-h1': '2025-06-25 17:30',
      '2025-h2': '2025-12-22 17:30', // 12-20 is a Saturday
      '2026-h1': '2026-06-25 17:30',
      '2026-h2': '2026-12-21 17:30',
    });
    expect(loaded.plan.schedules.filter((schedule) => schedule.obligationId === 'half').map((schedule) => schedule.occurrenceName)).toEqual(['2024年上半年', '2024年下半年', '2025年上半年', '2025年下半年', '2026年上半年', '2026年下半年']);
  });

  it('plans "每季度最后一个月的30日前" as one day in each quarter', () => {
    const loaded = loadText(campaignText(rhythm('quarterly', '{ every: quarter, on: ["03-30", "06-30", "09-30", "12-30"], until: 2025-06-30 }'), threeYears));
    expect(duesOf(loaded, 'quarterly')).toEqual({
      '2024-q1': '2024-04-01 17:30', // 03-30 is a Saturday; the plan was issued on 03-07, before it
      '2024-q2': '2024-07-01 17:30',
      '2024-q3': '2024-09-30 17:30',
      '2024-q4': '2024-12-30 17:30',
      '2025-q1': '2025-03-31 17:30',
      '2025-q2': '2025-06-30 17:30',
    });
  });

  it('plans "每月31日前" on the last day of shorter months, after the Spring Festival when it falls in it', () => {
    const loaded = loadText(campaignText(rhythm('monthly', '{ every: month, on: 31, from: 2024-11-01, until: 2025-02-28 }'), threeYears));
    expect(duesOf(loaded, 'monthly')).toEqual({ '2024-11': '2024-12-02 17:30', '2024-12': '2024-12-31 17:30', '2025-01': '2025-02-05 17:30', '2025-02': '2025-02-28 17:30' });
  });

  it('plans "月底前" (on: end) on the last working day of each month', () => {
    const loaded = loadText(campaignText(rhythm('month-end', '{ every: month, on: end, until: 2024-06-30 }'), threeYears));
    expect(duesOf(loaded, 'month-end')).toEqual({ '2024-03': '2024-03-29 17:30', '2024-04': '2024-04-30 17:30', '2024-05': '2024-05-31 17:30', '2024-06': '2024-06-28 17:30' });
  });

  it('plans "每周四" from one date until another, weeks named by ISO week', () => {
    const loaded = loadText(campaignText(rhythm('weekly', '{ every: week, on: thursday, from: 2024-06-01, until: 2024-06-30 }'), threeYears));
    expect(duesOf(loaded, 'weekly')).toEqual({ '2024-w23': '2024-06-06 17:30', '2024-w24': '2024-06-13 17:30', '2024-w25': '2024-06-20 17:30', '2024-w26': '2024-06-27 17:30' });
  });

  it('names a week at the turn of the year by its ISO week-year', () => {
    const loaded = loadText(campaignText(rhythm('weekly', '{ every: week, on: monday }'), { period: ['2024-12-20', '2025-01-10'] }));
    expect(loaded.plan.schedules.map((schedule) => [schedule.occurrence, schedule.occurrenceName, schedule.year, schedule.dueDate])).toEqual([
      ['2024-w52', '2024年第52周', 2024, '2024-12-23'],
      ['2025-w01', '2025年第1周', 2025, '2024-12-30'],
      ['2025-w02', '2025年第2周', 2025, '2025-01-06'],
    ]);
  });

  it('moves a day on a holiday by the rhythm’s own rule, at its own time', () => {
    const loaded = loadText(campaignText(rhythm('before-holiday', '{ every: month, on: 1, onHoliday: previous-working-day, from: 2024-09-15, until: 2024-10-15, time: "12:00" }'), threeYears));
    expect(duesOf(loaded, 'before-holiday')).toEqual({ '2024-10': '2024-09-30 12:00' }); // 10-01 is 国庆节
  });
});

describe('every period, due after it ends', () => {
  it('reports on the first year of a plan issued in March, and leaves the last year to the final summary', () => {
    const loaded = loadText(campaignText(rhythm('yearly', '{ every: year, workingDaysAfter: 10 }'), threeYears));
    expect(duesOf(loaded, 'yearly')).toEqual({ '2024': '2025-01-15 17:30', '2025': '2026-01-15 17:30' });
  });

  it('keeps quarters and months as they always were: those that start within the campaign, 调休 days counted', () => {
    const loaded = loadText(campaignText(rhythm('quarterly', '{ every: quarter, workingDaysAfter: 5 }'), threeYears));
    const dues = duesOf(loaded, 'quarterly');
    expect(Object.keys(dues)).toEqual(['2024-q2', '2024-q3', '2024-q4', '2025-q1', '2025-q2', '2025-q3', '2025-q4', '2026-q1', '2026-q2', '2026-q3']);
    expect(dues['2024-q3']).toBe('2024-10-12 17:30'); // after 国庆节; Saturday 10-12 was a working day
  });

  it('marks an occurrence in a year without an official arrangement as provisional (暂定)', () => {
    const loaded = loadText(campaignText(rhythm('annual-summary', '{ every: year, on: "12-10" }'), { period: ['2026-01-01', '2027-12-31'] }));
    expect(loaded.plan.schedules.map((schedule) => [schedule.occurrence, schedule.dueProvisional ?? false])).toEqual([
      ['2026', false],
      ['2027', true],
    ]);
  });
});

describe('counts per period, with a cumulative target', () => {
  const sites = (extra = '') =>
    `  - { id: sites, title: 示范企业创建, measure: 三(二), assignees: [districts], kind: count, min: 2, perPeriod: year, cumulative: { min: 6, by: 2025-12-31 }${extra} }\n`;

  it('gives each unit one instance per year, named by the year, closing on its last working day', () => {
    const loaded = loadText(campaignText(sites(), threeYears));
    expect(duesOf(loaded, 'sites')).toEqual({ '2024': '2024-12-31 17:30', '2025': '2025-12-31 17:30', '2026': '2026-12-31 17:30' });
    expect(loaded.plan.instances.find((instance) => instance.id === 'minimal/tengzhou/sites@2025')!.schedule).toMatchObject({
      title: '示范企业创建',
      occurrenceName: '2025年',
      kind: 'count',
      count: { min: 2, cumulative: { min: 6, by: '2025-12-31', periods: ['2024', '2025'] } },
    });
  });

  it('closes the last window on the campaign’s last day when the campaign ends first', () => {
    const text = '  - { id: sites, title: 示范企业创建, measure: 三(二), assignees: [districts], kind: count, min: 2, max: 3, perPeriod: year, cumulative: { min: 3 } }\n';
    const loaded = loadText(campaignText(text, { period: ['2024-03-07', '2025-09-30'] }));
    expect(duesOf(loaded, 'sites')).toEqual({ '2024': '2024-12-31 17:30', '2025': '2025-09-30 17:30' });
    // Without `by`, the cumulative target is the campaign's.
    expect(loaded.plan.schedules[0]!.count).toEqual({ min: 2, max: 3, cumulative: { min: 3, by: '2025-09-30', periods: ['2024', '2025'] } });
  });

  it('keeps "1-2次" over one window as it was: min 1, max 2 by its deadline', () => {
    const loaded = loadText(campaignText('  - { id: meetings, title: 培训会, measure: 二, assignees: [districts], kind: count, min: 1, max: 2, due: { date: 2022-11-30 } }\n'));
    expect(loaded.plan.schedules.map((schedule) => [schedule.occurrence, schedule.count])).toEqual([[undefined, { min: 1, max: 2 }]]);
  });

  it('passes the cumulative target to the obligation workflow’s input', () => {
    const loaded = loadText(campaignText(sites(), threeYears));
    const instance = loaded.plan.instances.find((candidate) => candidate.id === 'minimal/tengzhou/sites@2024')!;
    expect(obligationInput(loaded.plan, loaded.definition, instance).count).toEqual({ min: 2, cumulative: { min: 6, by: '2025-12-31', periods: ['2024', '2025'] } });
  });
});
