/**
 * Years without an official holiday arrangement (十五五: 2026–2030): the provisional calendar
 * (暂定) by the law itself, the official arrangements as calendar files that win over it and
 * over `chinese-days`, the validation warning in both languages, and the plan that says 暂定.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import chineseDays from 'chinese-days';
import { runCampaignCli } from '../cli/campaign';
import { addDays, calendarOf, CalendarRangeError, defaultCalendar } from '../config/calendar';
import { provisionalHolidays, statutoryFestivals } from '../config/calendar-provisional';
import { rescheduleObligation } from '../config/compile';
import { loadCampaign } from '../config/definition/load';
import { supervision } from '../config/workflow-input';

const projectDir = path.resolve(__dirname, '..');
const base = readFileSync(path.join(__dirname, 'fixtures/minimal-campaign.yaml'), 'utf8');
const sampleCalendar = path.join(projectDir, 'config/shared/calendars/2026.yaml');
let dir: string;
beforeAll(() => (dir = mkdtempSync(path.join(tmpdir(), 'provisional-'))));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Replaces exactly one occurrence, so a changed base fails loudly instead of testing nothing. */
function change(from: string, to: string, text: string): string {
  expect(text.split(from)).toHaveLength(2);
  return text.replace(from, to);
}

/** The minimal campaign moved to 2026–2027: 落实措施 due 2027-04-15 (provisional), 宣传 after 2026-04-26 (official). */
function campaignOf(include: string[] = [], due = '2027-04-15'): string {
  let text = change('period: { start: 2022-03-25, end: 2022-12-31 }', 'period: { start: 2026-01-05, end: 2027-12-31 }', base);
  text = change('issuedOn: 2022-03-25', 'issuedOn: 2026-01-05', text);
  text = change('date: 2022-04-26 }', 'date: 2026-04-26 }', text);
  text = change('due: { date: 2022-04-15 }', `due: { date: ${due} }`, text);
  return include.length > 0 ? `include: [${include.join(', ')}]\n${text}` : text;
}

function write(name: string, text: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
}

async function cli(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCampaignCli(argv, { cwd: dir, stdout: (text) => (stdout += text), stderr: (text) => (stderr += text) });
  return { code, stdout, stderr };
}

const daysOf = (year: number) => Array.from({ length: year % 4 === 0 ? 366 : 365 }, (_day, index) => addDays(`${year}-01-01`, index));

describe('the provisional calendar: weekends and the holidays of the law (国务院令第795号)', () => {
  it('gives the 13 days of Art. 2 in 2027: 元旦, 春节 from 除夕, 清明, 劳动节 two days, 端午, 中秋, 国庆', () => {
    expect(statutoryFestivals(2027)).toEqual([
      { name: '元旦', dates: ['2027-01-01'] },
      { name: '春节', dates: ['2027-02-05', '2027-02-06', '2027-02-07', '2027-02-08'] },
      { name: '清明节', dates: ['2027-04-05'] },
      { name: '劳动节', dates: ['2027-05-01', '2027-05-02'] },
      { name: '端午节', dates: ['2027-06-09'] },
      { name: '中秋节', dates: ['2027-09-15'] },
      { name: '国庆节', dates: ['2027-10-01', '2027-10-02', '2027-10-03'] },
    ]);
  });

  // The lunar dates as tyme4ts computes them; lunar-javascript 1.7.7 gives the same ones.
  it.each([
    [2028, '2028-01-25', '2028-04-04', '2028-05-28', '2028-10-03'],
    [2029, '2029-02-12', '2029-04-04', '2029-06-16', '2029-09-22'],
    [2030, '2030-02-02', '2030-04-05', '2030-06-05', '2030-09-12'],
  ])('%i: 除夕 %s, 清明 %s, 端午 %s, 中秋 %s', (year, eve, qingming, duanwu, midAutumn) => {
    const festivals = Object.fromEntries(statutoryFestivals(year).map(({ name, dates }) => [name, dates]));
    expect(festivals['春节']![0]).toBe(eve);
    expect([festivals['清明节'], festivals['端午节'], festivals['中秋节']]).toEqual([[qingming], [duanwu], [midAutumn]]);
    expect(Object.values(festivals).flat()).toHaveLength(13);
  });

  it('makes up (补假) a holiday on a weekend, or on another holiday, on the weekdays right after it (Art. 6)', () => {
    const off = (date: string) => !defaultCalendar.isWorkingDay(date);
    // 春节 2027: 初一 and 初二 are Saturday and Sunday → Tuesday 02-09 and Wednesday 02-10.
    expect(['2027-02-05', '2027-02-08', '2027-02-09', '2027-02-10'].map(off)).toEqual([true, true, true, true]);
    expect(off('2027-02-11')).toBe(false);
    expect(defaultCalendar.holidayName('2027-02-06')).toBe('春节');
    expect(defaultCalendar.holidayName('2027-02-10')).toBe('春节（补假）');
    // 元旦 2028 is a Saturday → Monday 01-03.
    expect(defaultCalendar.holidayName('2028-01-03')).toBe('元旦（补假）');
    // 2028: 国庆 from Sunday 10-01, and 中秋 on 10-03 → 10-04 and 10-05 off, 10-06 a working day.
    expect(['2028-10-04', '2028-10-05', '2028-10-06'].map(off)).toEqual([true, true, false]);
  });

  it('guesses no make-up working day: every Saturday and Sunday of 2027–2030 is a day off', () => {
    const weekends = [2027, 2028, 2029, 2030].flatMap(daysOf).filter((date) => [0, 6].includes(new Date(date).getUTCDay()));
    expect(weekends.filter((date) => defaultCalendar.isWorkingDay(date))).toEqual([]);
    expect(weekends.length).toBeGreaterThan(400);
  });

  it('has only days off that the official arrangements also gave, in the years of the amended law (2025, 2026)', () => {
    for (const year of [2025, 2026]) {
      const provisional = [...provisionalHolidays(year).keys()];
      // 13 days of Art. 2, and 补假 for those on a weekend (2026: 清明, 劳动节, 国庆节).
      expect(provisional.length).toBe(year === 2025 ? 14 : 16);
      expect(provisional.filter((date) => chineseDays.isWorkday(date))).toEqual([]);
    }
  });

  it('marks its dates provisional, and says which years are', () => {
    expect(defaultCalendar.provisionalYears('2025-01-01', '2030-12-31')).toEqual([2027, 2028, 2029, 2030]);
    expect(defaultCalendar.isProvisional('2027-04-15')).toBe(true);
    expect(defaultCalendar.isProvisional('2026-12-31')).toBe(false);
    expect(defaultCalendar.sourceOf(2027)).toBe('provisional');
  });

  it('keeps 2026 as chinese-days has it, day by day (调休 included)', () => {
    expect(defaultCalendar.sourceOf(2026)).toBe('official');
    expect(daysOf(2026).filter((date) => defaultCalendar.isWorkingDay(date) !== chineseDays.isWorkday(date))).toEqual([]);
    expect(defaultCalendar.isWorkingDay('2026-02-28')).toBe(true); // a make-up Saturday for 春节
    expect(defaultCalendar.holidayName('2026-02-23')).toBe('春节');
  });
});

describe('official arrangements as calendar files', () => {
  it('loads the sample 2026 file: it wins for 2026 and has exactly the days of chinese-days', () => {
    const { definition, plan } = loadCampaign(write('with-2026.yaml', campaignOf([sampleCalendar])));
    const calendar = calendarOf(definition);
    expect(calendar.sourceOf(2026)).toBe('arrangement');
    expect(daysOf(2026).filter((date) => calendar.isWorkingDay(date) !== chineseDays.isWorkday(date))).toEqual([]);
    expect(plan.calendar).toEqual({ provisionalYears: [2027], arrangements: [{ year: 2026, source: '国办发明电〔2025〕7号' }] });
  });

  it('wins over chinese-days: a (fictitious) holiday on a Monday of 2026 moves the deadline', () => {
    const fictitious = 'calendar:\n  arrangements:\n    - year: 2026\n      source: 虚构〔2026〕0号（测试用）\n      holidays: [{ name: 虚构假日, from: 2026-03-02, to: 2026-03-02 }]\n';
    const file = write('fictitious-2026.yaml', fictitious);
    expect(loadCampaign(write('official.yaml', campaignOf([], '2026-03-02'))).plan.schedules[0]!.dueDate).toBe('2026-03-02');
    const { plan } = loadCampaign(write('arranged.yaml', campaignOf([file], '2026-03-02')));
    expect(plan.schedules.find((schedule) => schedule.obligationId === 'measures')!.dueDate).toBe('2026-03-03');
  });

  it('wins over the provisional calendar: a (fictitious) 2027 arrangement makes a Saturday a working day and 2027 no longer provisional', () => {
    const fictitious = 'calendar:\n  arrangements:\n    - year: 2027\n      source: 虚构〔2027〕0号（测试用）\n      holidays: [{ name: 春节, from: 2027-02-05, to: 2027-02-13 }]\n      workdays: [2027-02-20]\n';
    const provisional = loadCampaign(write('provisional.yaml', campaignOf([], '2027-02-20')));
    expect(provisional.plan.schedules.find((schedule) => schedule.obligationId === 'measures')).toMatchObject({ dueDate: '2027-02-22', dueProvisional: true });
    const arranged = loadCampaign(write('arranged-2027.yaml', campaignOf([write('fictitious-2027.yaml', fictitious)], '2027-02-20')));
    const measures = arranged.plan.schedules.find((schedule) => schedule.obligationId === 'measures')!;
    expect(measures.dueDate).toBe('2027-02-20');
    expect(measures.dueProvisional).toBeUndefined();
    expect(arranged.plan.calendar.provisionalYears).toEqual([]);
    expect(arranged.warnings).toEqual([]);
    // A supervision notice counts the days late on the campaign's calendar: Saturday 02-20 works there.
    const order = { issuedBy: '科长', reason: '逾期', dueAt: '2027-02-19T09:30:00.000Z', now: '2027-02-22T02:00:00.000Z', rectifyBy: '2027-03-01' };
    const daysLate = (loaded: typeof arranged) => supervision(loaded.definition, loaded.plan.instances.find((instance) => instance.schedule.obligationId === 'measures')!, order).daysLate;
    expect([daysLate(provisional), daysLate(arranged)]).toEqual([1, 2]);
  });

  it('adds up the arrangements of several files, and says a problem in the file that has it', async () => {
    const wrong = 'calendar:\n  arrangements:\n    - year: 2027\n      source: 虚构（测试用）\n      workdays: [2027-02-17]\n';
    write('wrong-2027.yaml', wrong);
    write('both.yaml', campaignOf([sampleCalendar, 'wrong-2027.yaml']));
    const { code, stderr } = await cli('validate', 'both.yaml');
    expect(code).toBe(1);
    expect(stderr).toBe('wrong-2027.yaml:5:18: calendar.arrangements[1].workdays[0]: expected a Saturday or Sunday (a weekday is a working day anyway), found "2027-02-17"\nboth.yaml: 1 problem\n');
    write('twice.yaml', campaignOf([sampleCalendar, sampleCalendar]));
    expect((await cli('validate', 'twice.yaml')).stderr).toContain('calendars/2026.yaml:9:13: calendar.arrangements[1].year: expected one arrangement per year, found 2026 again');
  });
});

describe('validation and the plan say 暂定', () => {
  const warning =
    "campaign.yaml:52:18: obligations[0].due.date: warning: 2027 has no official holiday arrangement yet: working days are provisional (weekends and statutory holidays); add the State Council's arrangement as a calendar file when it is published\n";

  it('validates a campaign reaching 2027 with a warning at its first 2027 deadline, exit 0', async () => {
    write('campaign.yaml', campaignOf());
    expect(await cli('validate', 'campaign.yaml')).toEqual({ code: 0, stdout: 'campaign.yaml: valid (4 obligation instances, 2 deadlines; 1 warning)\n', stderr: warning });
  });

  it('says the warning in Chinese with 暂定', async () => {
    write('campaign.yaml', campaignOf());
    const { code, stdout, stderr } = await cli('validate', '--lang', 'zh', 'campaign.yaml');
    expect(code).toBe(0);
    expect(stdout).toBe('campaign.yaml：有效（4 项任务实例，2 个截止时间；1 条警告）\n');
    expect(stderr).toBe(
      'campaign.yaml:52:18：obligations[0].due.date：警告：2027 年尚无国务院办公厅发布的放假安排，工作日为暂定（只按周末和法定节假日计算，不含调休）；安排公布后，请将其作为日历文件加入 `include`\n',
    );
  });

  it('shows the warning among the problems of an invalid file, and counts both', async () => {
    write('campaign.yaml', change('  title: 测试活动方案', '  title: 42', campaignOf()));
    const { code, stderr } = await cli('validate', 'campaign.yaml');
    expect(code).toBe(1);
    expect(stderr).toBe(`campaign.yaml:4:10: campaign.title: expected a text, found 42\n${warning}campaign.yaml: 1 problem; 1 warning\n`);
  });

  it('prints the table with the provisional years in its header and （暂定） on every 2027 moment', async () => {
    write('campaign.yaml', campaignOf());
    const { code, stdout } = await cli('plan', 'campaign.yaml', '--unit', 'tengzhou');
    expect(code).toBe(0);
    const lines = stdout.split('\n');
    expect(lines[2]).toBe('暂定日历：2027年尚无国务院办公厅的放假安排，工作日只按周末和法定节假日计算（不含调休），标“（暂定）”的日期在安排公布后可能变动');
    const rows = lines.slice(6).filter((line) => line !== '');
    expect(rows.filter((line) => line.startsWith('2026-')).every((line) => !line.includes('（暂定）'))).toBe(true);
    expect(rows.filter((line) => line.startsWith('2027-'))).toEqual([
      expect.stringMatching(/^2027-04-12 09:00（暂定） {2}落实措施 +提醒：截止前3个工作日/),
      expect.stringMatching(/^2027-04-14 09:00（暂定） {2}落实措施 +提醒：截止前1个工作日/),
      expect.stringMatching(/^2027-04-15 17:30（暂定） {2}落实措施 +截止/),
      expect.stringMatching(/^2027-04-16 09:00（暂定） {2}落实措施 +督办：逾期提醒/),
      expect.stringMatching(/^2027-04-22 09:00（暂定） {2}落实措施 +督办：督办通知/),
    ]);
  });

  it('marks 暂定 in CSV, iCalendar and JSON', async () => {
    write('campaign.yaml', campaignOf());
    const csv = (await cli('plan', 'campaign.yaml', '--format', 'csv')).stdout.split('\r\n');
    expect(csv.find((line) => line.startsWith('2027-04-15 17:30'))).toMatch(/,minimal\/tengzhou\/measures,暂定,2027,测试活动方案$/);
    expect(csv.find((line) => line.startsWith('2026-04-29 17:30'))).toMatch(/,minimal\/tengzhou\/publicity@world-ip-day,,2026,测试活动方案$/);
    const ics = (await cli('plan', 'campaign.yaml', '--format', 'ics')).stdout;
    expect(ics).toContain('SUMMARY:截止（暂定）｜落实措施');
    expect(ics).toContain('SUMMARY:截止｜宣传情况');
    const plan = JSON.parse((await cli('plan', 'campaign.yaml', '--format', 'json')).stdout);
    expect(plan.calendar).toEqual({ provisionalYears: [2027], arrangements: [] });
    const measures = plan.instances.find((instance: { id: string }) => instance.id === 'minimal/tengzhou/measures').schedule;
    expect(measures.dueProvisional).toBe(true);
    expect([...measures.reminders, ...measures.escalations].map((step: { provisional?: boolean }) => step.provisional)).toEqual([true, true, true, true]);
  });

  it('marks a 2026 reminder counted back from a 2027 deadline, and refuses a new deadline beyond the supported years', () => {
    const { definition } = loadCampaign(write('campaign.yaml', campaignOf()));
    const schedule = rescheduleObligation(definition, { obligationId: 'measures' }, '2027-01-05');
    // 3 working days before Tuesday 2027-01-05, across 元旦 (Friday 01-01): Wednesday 2026-12-30.
    expect(schedule.reminders.map((step) => [step.local, step.provisional])).toEqual([['2026-12-30 09:00', true], ['2027-01-04 09:00', true]]);
    expect(() => rescheduleObligation(definition, { obligationId: 'measures' }, '9999-12-31')).toThrow(CalendarRangeError);
  });
});
