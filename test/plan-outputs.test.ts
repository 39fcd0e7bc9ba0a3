/**
 * The plan as people read it, for plans over several years and several campaigns: a year
 * heading in the table, 年度 and 活动 columns in CSV, and an iCalendar file that an independent
 * parser (Python's `icalendar`) reads with local times of the campaign's zone, its VTIMEZONE,
 * the campaign's events and activity days, the year as a category, and lines of at most 75 octets.
 */
import path from 'node:path';
import { runCampaignCli } from '../cli/campaign';
import { parseIcs } from './support/icalendar';

const root = path.resolve(__dirname, '..');
const multiYear = 'test/fixtures/multi-year-plan.yaml';
const seed = 'config/campaigns/zaozhuang-2022-ip-protection.yaml';

async function run(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCampaignCli(argv, { cwd: root, stdout: (text) => (stdout += text), stderr: (text) => (stderr += text) });
  return { code, stdout, stderr };
}

it('heads each year of a multi-year plan in the table, and leaves a one-year plan as it was', async () => {
  const { stdout } = await run('plan', multiYear, '--unit', 'emergency');
  const headings = stdout.split('\n').filter((line) => /^【\d{4}年】$/.test(line));
  expect(headings).toEqual(['【2024年】', '【2025年】', '【2026年】']);
  const lines = stdout.split('\n');
  expect(lines[lines.indexOf('【2025年】') + 1]).toMatch(/^2025-/);
  expect((await run('plan', seed)).stdout).not.toContain('【2022年】');
});

it('writes the year each moment is assessed in and its campaign in CSV, after the columns it always had', async () => {
  const lines = (await run('plan', multiYear, '--format', 'csv', '--unit', 'emergency', '--from', '2025-01-01', '--to', '2025-01-31')).stdout.split('\r\n');
  expect(lines[0]).toBe('\uFEFF时间,时间(UTC),单位,任务,期次,节点,方案条目,工作流ID,暂定,年度,活动');
  // The 2024 Q4 progress report is due in January 2025 and belongs to 2024.
  expect(lines).toContain('2025-01-15 17:30,2025-01-15T09:30:00.000Z,市应急管理局,重大事故隐患排查整治进展情况,2024-q4,截止,三(一),multi-year-safety/emergency/hazard-investigation@2024-q4,,2024,安全生产治本攻坚三年行动方案');
});

describe('iCalendar', () => {
  it('carries local times with the VTIMEZONE of Asia/Shanghai, the year as a category, folded at 75 octets', async () => {
    const { stdout } = await run('plan', multiYear, '--format', 'ics', '--unit', 'emergency');
    const lines = stdout.split('\r\n');
    expect(Math.max(...lines.map((line) => Buffer.byteLength(line, 'utf8')))).toBeLessThanOrEqual(75);
    expect(lines.some((line) => line.startsWith(' '))).toBe(true); // long Chinese lines were folded, not cut
    const calendar = parseIcs(stdout);
    expect(calendar.timezones).toEqual(['Asia/Shanghai']);
    const deadline = calendar.events.find((event) => event.uid === 'multi-year-safety.emergency.annual-summary.2025.deadline@campaigns')!;
    expect(deadline).toMatchObject({ summary: '截止｜年度工作总结（2025年）', start: '2025-12-10T17:30:00+08:00', tzid: 'Asia/Shanghai', duration: '0:30:00', categories: ['2025年'] });
    const report = calendar.events.find((event) => event.uid === 'multi-year-safety.emergency.hazard-investigation.2024-q4.deadline@campaigns')!;
    expect(report.categories).toEqual(['2024年']);
    // Every description is read back whole: the longest summary survived its folding.
    expect(calendar.events.find((event) => event.summary.includes('督办：督办通知（逾期5个工作日）｜交通建设领域专项整治方案'))).toBeDefined();
  });

  it('exports the campaign’s events: whole days, and an activity at its time and place', async () => {
    const calendar = parseIcs((await run('plan', multiYear, '--format', 'ics')).stdout);
    const events = calendar.events.filter((event) => event.uid.includes('.event.'));
    expect(events.map((event) => [event.summary, event.start, event.end, event.location, event.categories])).toEqual([
      ['2024年安全生产月', '2024-06-01', '2024-07-01', null, ['2024年', '重要时间节点']],
      ['安全宣传咨询日', '2024-06-16T09:30:00+08:00', '2024-06-16T11:30:00+08:00', '利州区东坝广场', ['2024年', '重要时间节点']],
      ['全国防灾减灾日', '2025-05-12', '2025-05-13', null, ['2025年', '重要时间节点']],
    ]);
  });

  it('repeats an activity with a time on each day of its span', async () => {
    const text = `${(await import('node:fs')).readFileSync(path.join(root, 'test/fixtures/minimal-campaign.yaml'), 'utf8')}`.replace(
      '    - { id: world-ip-day, name: 4·26世界知识产权日, date: 2022-04-26 }',
      '    - { id: world-ip-day, name: 4·26世界知识产权日, date: 2022-04-26 }\n    - { id: ip-week, name: 知识产权宣传周主题活动, start: 2022-04-20, end: 2022-04-26, time: "09:00", endTime: "11:00", place: 市民中心 }',
    );
    const { writeFileSync, mkdtempSync, rmSync } = await import('node:fs');
    const dir = mkdtempSync(path.join(root, '.temporal/ics-'));
    try {
      writeFileSync(path.join(dir, 'week.yaml'), text);
      const calendar = parseIcs((await run('plan', path.relative(root, path.join(dir, 'week.yaml')), '--format', 'ics')).stdout);
      expect(calendar.events.find((event) => event.summary === '知识产权宣传周主题活动')).toMatchObject({ start: '2022-04-20T09:00:00+08:00', end: '2022-04-20T11:00:00+08:00', rrule: 'FREQ=DAILY;COUNT=7', location: '市民中心' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('one unit across campaigns', () => {
  it('prints a unit’s moments of several campaigns together, each row naming its campaign', async () => {
    const { code, stdout } = await run('plan', seed, 'test/fixtures/minimal-campaign.yaml', '--unit', 'tengzhou', '--to', '2022-04-20');
    expect(code).toBe(0);
    const rows = stdout.split('\n').filter((line) => /^\S+方案\s+2022-/.test(line));
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.some((row) => row.startsWith('全市知识产权行政保护能力提升年活动方案'))).toBe(true);
    expect(rows.some((row) => row.startsWith('测试活动方案'))).toBe(true);
    const times = rows.map((row) => /(\d{4}-\d{2}-\d{2} \d{2}:\d{2})/.exec(row)![1]!);
    expect(times).toEqual([...times].sort());
  });

  it('says which campaigns a unit is in, and refuses a unit none of them has', async () => {
    const csv = (await run('plan', seed, multiYear, '--unit', 'tengzhou', '--format', 'csv')).stdout;
    expect(csv).not.toContain('安全生产治本攻坚三年行动方案');
    expect(await run('plan', seed, multiYear, '--unit', 'nobody')).toMatchObject({ code: 2, stderr: expect.stringContaining('--unit "nobody" is not a unit of') });
    const json = JSON.parse((await run('plan', seed, 'test/fixtures/minimal-campaign.yaml', '--unit', 'tengzhou', '--format', 'json')).stdout) as { plans: { campaign: { id: string } }[] };
    expect(json.plans.map((plan) => plan.campaign.id)).toEqual(['zaozhuang-2022-ip-protection', 'minimal']);
  });
});
