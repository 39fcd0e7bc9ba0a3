/**
 * The Chinese date and number reader of the notice extractor: every written form a notice uses,
 * and the conventions that give vague words a day (shown in the reading, never silent).
 */
import { conventionsWith, defaultConventions } from '../config/notice/conventions';
import { type DateContext, findDates, parseDateExpression } from '../config/notice/dates';
import { parseNumber, parseYear } from '../config/notice/numbers';

const context: DateContext = { year: 2022, issuedOn: '2022-03-25', conventions: defaultConventions };
const read = (text: string, at: DateContext = context) => parseDateExpression(text, at);

describe('Chinese numbers', () => {
  it.each([
    ['15', 15], ['１５', 15], ['十五', 15], ['二十', 20], ['二十三', 23], ['三十一', 31], ['一百零五', 105], ['一百二十', 120], ['两', 2], ['十', 10], ['三千', 3000], ['一万二千', 12000],
  ])('reads %s as %d', (text, value) => expect(parseNumber(text)).toBe(value));

  it('refuses what is not a number', () => {
    for (const text of ['', '十五日', 'abc', '三个']) expect(parseNumber(text)).toBeUndefined();
  });

  it.each([['二〇二二', 2022], ['二○○七', 2007], ['二零二五', 2025], ['2030', 2030]])('reads the year %s', (text, year) => expect(parseYear(text)).toBe(year));
});

describe('dates in every written form', () => {
  it.each([
    ['二〇二二年四月十五日', '2022-04-15'],
    ['2022年4月15日', '2022-04-15'],
    ['２０２２年４月１５日', '2022-04-15'],
    ['二○○七年四月十三日', '2007-04-13'],
    ['2024-09-12', '2024-09-12'],
    ['2022.4.15', '2022-04-15'],
  ])('%s is %s', (text, date) => expect(read(text)).toEqual({ kind: 'date', date }));

  it('takes the year of a bare month-day from the sentence, else from the context, and says so', () => {
    const both = findDates('请区（市）局分别于2022年4月15日和11月11日前报送', context).map((mention) => mention.reading);
    expect(both).toEqual([{ kind: 'date', date: '2022-04-15' }, { kind: 'date', date: '2022-11-11' }]);
    expect(read('4月15日前')).toEqual({ kind: 'date', date: '2022-04-15', yearInferred: true });
    // Issued in December: "1月15日前" is next January.
    expect(read('1月15日前', { ...context, year: 2022, issuedOn: '2022-12-20' })).toEqual({ kind: 'date', date: '2023-01-15', yearInferred: true });
  });

  it('gives 中旬, 月底, 年底, 上半年 and 第一季度 a day by the conventions, naming the convention', () => {
    expect(read('11月中旬')).toEqual({ kind: 'date', date: '2022-11-20', convention: '中旬 → 20日', yearInferred: true });
    expect(read('2022年10月底前')).toEqual({ kind: 'date', date: '2022-10-31', convention: '底 → 31日' });
    expect(read('2月底', { year: 2024, conventions: defaultConventions })).toMatchObject({ date: '2024-02-29' });
    expect(read('2月底')).toMatchObject({ date: '2023-02-28' }); // issued 2022-03-25: next February
    expect(read('年底前')).toEqual({ kind: 'date', date: '2022-12-31', convention: '年底 → 12-31', yearInferred: true });
    expect(read('2025年底')).toEqual({ kind: 'date', date: '2025-12-31', convention: '底 → 12-31' });
    expect(read('到2027年')).toEqual({ kind: 'date', date: '2027-12-31', convention: '到2027年 → 12-31' });
    expect(read('年内')).toEqual({ kind: 'date', date: '2022-12-31', convention: '年内 → 12-31', yearInferred: true });
    expect(read('剩下的半年')).toMatchObject({ date: '2022-12-31', convention: '剩下的半年 → 12-31' });
    expect(read('上半年')).toMatchObject({ date: '2022-06-30', convention: '上半年 → 06-30' });
    expect(read('2023年第一季度')).toEqual({ kind: 'date', date: '2023-03-31', convention: '第一季度 → 季度末' });
    const office = conventionsWith({ midMonth: 15, yearEnd: '12-20' });
    expect(read('11月中旬', { ...context, conventions: office })).toMatchObject({ date: '2022-11-15', convention: '中旬 → 15日' });
    expect(read('年底前', { ...context, conventions: office })).toMatchObject({ date: '2022-12-20' });
  });

  it.each([
    ['十五日内', { kind: 'within', amount: 15, unit: 'days' }],
    ['三个工作日', { kind: 'within', amount: 3, unit: 'workingDays' }],
    ['5个工作日内', { kind: 'within', amount: 5, unit: 'workingDays' }],
    ['两个月内', { kind: 'within', amount: 2, unit: 'months' }],
  ])('%s is a duration', (text, reading) => expect(read(text)).toEqual(reading));

  it('does not read a day of the month as a duration', () => expect(read('15日')).toBeUndefined());
});

describe('recurring dates', () => {
  it.each([
    ['每季度结束后5个工作日内', { kind: 'recurrence', every: 'quarter', workingDaysAfter: 5 }],
    ['每月结束后十日内', { kind: 'recurrence', every: 'month', daysAfter: 10 }],
    ['每季度最后一个月的30日前', { kind: 'recurrence', every: 'quarter', on: { month: 3, day: 30 } }],
    ['每季度末', { kind: 'recurrence', every: 'quarter', on: 'end' }],
    ['每月5日前', { kind: 'recurrence', every: 'month', on: 5 }],
    ['每月25日前', { kind: 'recurrence', every: 'month', on: 25 }],
    ['每年12月10日前', { kind: 'recurrence', every: 'year', on: '12-10' }],
    ['每年9月10日前', { kind: 'recurrence', every: 'year', on: '09-10' }],
    ['每年11月中旬', { kind: 'recurrence', every: 'year', on: '11-20', convention: '中旬 → 20日' }],
    ['每半年', { kind: 'recurrence', every: 'half-year' }],
    ['每季度', { kind: 'recurrence', every: 'quarter' }],
    ['每周四下班前', { kind: 'recurrence', every: 'week', on: 4 }],
  ])('%s', (text, reading) => expect(read(text)).toEqual(reading));

  it('finds each recurrence of a sentence in order', () => {
    const mentions = findDates('三年行动过程中,每季度报送一次工作进展情况,每半年报送一次阶段性工作总结', context);
    expect(mentions.map((mention) => [mention.text, mention.reading])).toEqual([
      ['每季度', { kind: 'recurrence', every: 'quarter' }],
      ['每半年', { kind: 'recurrence', every: 'half-year' }],
    ]);
  });
});
