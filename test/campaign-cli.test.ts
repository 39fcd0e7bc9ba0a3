/** The administrators' command line: formats, filters, exit codes 0/1/2, --help. */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { runCampaignCli } from '../cli/campaign';

const fixture = 'test/fixtures/minimal-campaign.yaml';

async function run(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCampaignCli(argv, { cwd: path.resolve(__dirname, '..'), stdout: (text) => (stdout += text), stderr: (text) => (stderr += text) });
  return { code, stdout, stderr };
}

describe('campaign plan', () => {
  it('prints the timeline of one unit as a table, grouped by moment', async () => {
    const { code, stdout } = await run('plan', fixture, '--unit', 'tengzhou', '--to', '2022-04-30');
    expect(code).toBe(0);
    expect(stdout.split('\n').slice(3)).toEqual([
      '时间              事项                            节点                             单位',
      '----------------  ------------------------------  -------------------------------  --------',
      '2022-04-12 09:00  落实措施                        提醒：截止前3个工作日            滕州市局',
      '2022-04-14 09:00  落实措施                        提醒：截止前1个工作日            滕州市局',
      '2022-04-15 17:30  落实措施                        截止                             滕州市局',
      '2022-04-18 09:00  落实措施                        督办：逾期提醒（逾期1个工作日）  滕州市局',
      '2022-04-22 09:00  落实措施                        督办：督办通知（逾期5个工作日）  滕州市局',
      '2022-04-26 09:00  宣传情况（4·26世界知识产权日）  提醒：截止前3个工作日            滕州市局',
      '2022-04-28 09:00  宣传情况（4·26世界知识产权日）  提醒：截止前1个工作日            滕州市局',
      '2022-04-29 17:30  宣传情况（4·26世界知识产权日）  截止                             滕州市局',
      '',
    ]);
  });

  it('writes JSON with every instance, its deadline instant and steps', async () => {
    const plan = JSON.parse((await run('plan', fixture, '--format', 'json')).stdout);
    expect(plan.instances.map((instance: { id: string }) => instance.id)).toEqual([
      'minimal/tengzhou/measures',
      'minimal/xuecheng/measures',
      'minimal/tengzhou/publicity@world-ip-day',
      'minimal/xuecheng/publicity@world-ip-day',
    ]);
    expect(plan.instances[0].schedule).toMatchObject({
      dueAt: '2022-04-15T09:30:00.000Z',
      dueLocal: '2022-04-15 17:30',
      reminders: [{ key: 'reminder-3wd', at: '2022-04-12T01:00:00.000Z' }, { key: 'reminder-1wd', at: '2022-04-14T01:00:00.000Z' }],
      escalations: [
        { key: 'escalation-1-overdue-notice', local: '2022-04-18 09:00', level: 1, requiresDecision: false },
        { key: 'escalation-2-supervision-notice', local: '2022-04-22 09:00', level: 2, requiresDecision: true },
      ],
    });
    expect(plan.instances[0].recipients['unit-contacts']).toEqual(['tengzhou@example.gov.cn']);
  });

  it('writes CSV that Excel opens as UTF-8, one line per unit and moment', async () => {
    const lines = (await run('plan', fixture, '--format', 'csv')).stdout.split('\r\n');
    expect(lines[0]).toBe('\uFEFF时间,时间(UTC),单位,任务,期次,节点,方案条目,工作流ID,暂定,年度,活动');
    // 2022 has its official arrangement: nothing is provisional (暂定).
    expect(lines[1]).toBe('2022-04-12 09:00,2022-04-12T01:00:00.000Z,滕州市市场监督管理局,落实措施,,提醒：截止前3个工作日,通知,minimal/tengzhou/measures,,2022,测试活动方案');
    expect(lines).toHaveLength(1 + 4 * 5 + 1);
  });

  it('writes an iCalendar file with one event per moment and per named event, at local times of the campaign’s zone', async () => {
    const ics = (await run('plan', fixture, '--format', 'ics')).stdout;
    expect(ics).toMatch(/^BEGIN:VCALENDAR\r\n/);
    expect(ics.match(/BEGIN:VEVENT/g)).toHaveLength(10 + 1);
    expect(ics).toContain('DTSTART;TZID=Asia/Shanghai:20220415T173000');
    expect(ics).toContain('SUMMARY:截止｜落实措施');
    expect(ics).toContain('UID:minimal.measures.once.deadline@campaigns');
  });

  it('cuts the JSON to the window of --from/--to: the moments in it, and only those steps of each schedule', async () => {
    const { code, stdout } = await run('plan', fixture, '--format', 'json', '--unit', 'tengzhou', '--from', '2022-04-14', '--to', '2022-04-18');
    expect(code).toBe(0);
    const plan = JSON.parse(stdout);
    expect(plan.filter).toEqual({ unitId: 'tengzhou', from: '2022-04-14', to: '2022-04-18' });
    expect(plan.moments.map((moment: { local: string; what: string; instanceIds: string[] }) => [moment.local, moment.what, moment.instanceIds])).toEqual([
      ['2022-04-14 09:00', '提醒：截止前1个工作日', ['minimal/tengzhou/measures']],
      ['2022-04-15 17:30', '截止', ['minimal/tengzhou/measures']],
      ['2022-04-18 09:00', '督办：逾期提醒（逾期1个工作日）', ['minimal/tengzhou/measures']],
    ]);
    expect(plan.instances.map((instance: { id: string }) => instance.id)).toEqual(['minimal/tengzhou/measures']);
    const { schedule } = plan.instances[0];
    expect(schedule.reminders.map((step: { key: string }) => step.key)).toEqual(['reminder-1wd']);
    expect(schedule.escalations.map((step: { key: string }) => step.key)).toEqual(['escalation-1-overdue-notice']);
    expect(plan.schedules).toEqual([schedule]);
  });

  it('gives each unit’s iCalendar export its own UIDs, so two exports imported into one calendar keep both', async () => {
    const uids = async (unit: string): Promise<string[]> => (await run('plan', fixture, '--format', 'ics', '--unit', unit)).stdout.match(/^UID:.*$/gm) ?? [];
    const tengzhou = await uids('tengzhou');
    const xuecheng = await uids('xuecheng');
    expect(tengzhou).toHaveLength(10 + 1);
    expect(tengzhou).toContain('UID:minimal.tengzhou.measures.once.deadline@campaigns');
    expect(xuecheng).toContain('UID:minimal.xuecheng.measures.once.deadline@campaigns');
    expect(tengzhou.filter((uid) => xuecheng.includes(uid))).toEqual([]);
  });

  it('rejects a wrong format, a bad date and an unknown unit with exit code 2', async () => {
    expect(await run('plan', fixture, '--format', 'pdf')).toMatchObject({ code: 2, stderr: expect.stringContaining("argument 'pdf' is invalid. Allowed choices are table, json, csv, ics") });
    expect(await run('plan', fixture, '--from', '15.04.2022')).toMatchObject({ code: 2, stderr: '--from must be a date YYYY-MM-DD, not "15.04.2022"\n' });
    expect(await run('plan', fixture, '--from', '2022-13-45')).toMatchObject({ code: 2, stderr: '--from must be a date that exists, not "2022-13-45"\n' });
    expect(await run('plan', fixture, '--to', '2022-02-29')).toMatchObject({ code: 2, stderr: '--to must be a date that exists, not "2022-02-29"\n' });
    expect(await run('plan', fixture, '--from', '2022-05-01', '--to', '2022-04-01')).toMatchObject({ code: 2, stderr: expect.stringContaining('--from 2022-05-01 is after --to 2022-04-01') });
    expect(await run('act', 'accept', 'minimal', 'tengzhou', 'measures', '--by', '科长', '--reason', '好', '--due', '2022-04-31')).toMatchObject({ code: 2, stderr: '--due must be a date YYYY-MM-DD that exists, not "2022-04-31"\n' });
    expect(await run('plan', fixture, '--unit', 'shanting')).toMatchObject({ code: 2, stderr: `--unit "shanting" is not a unit of ${fixture}; units: section, tengzhou, xuecheng\n` });
  });

  it('exits 1 with the problems when the definition is invalid', async () => {
    expect(await run('plan', 'test/fixtures/no-such-file.yaml')).toMatchObject({ code: 1, stderr: 'test/fixtures/no-such-file.yaml: expected a readable file, found test/fixtures/no-such-file.yaml (ENOENT)\n' });
  });
});

describe('campaign command line', () => {
  it('stops quietly when the reader of its output goes away (plan … | head)', async () => {
    const child = spawn(path.resolve(__dirname, '../node_modules/.bin/tsx'), ['cli/campaign.ts', 'plan', 'config/campaigns/zaozhuang-2022-ip-protection.yaml', '--format', 'json'], {
      cwd: path.resolve(__dirname, '..'),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    // Read the first chunk and close the pipe, as `head -1` does.
    await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
    child.stdout.destroy();
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).toBe('');
    expect(code).toBe(0);
  }, 30_000);

  it('answers --help on every command with exit code 0', async () => {
    for (const argv of [['--help'], ['validate', '--help'], ['plan', '--help']]) {
      const { code, stdout } = await run(...argv);
      expect(code).toBe(0);
      expect(stdout).toContain('Usage: campaign');
    }
    expect((await run('plan', '--help')).stdout).toContain('--format <format>');
    const start = (await run('start', '--help')).stdout;
    expect(start).toContain('Usage: campaign start|launch [options] <file>');
    expect(start).toContain('--no-wait');
    expect(start).toContain('--json');
    for (const action of ['pause', 'resume', 'cancel', 'amend']) expect((await run(action, '--help')).stdout).toContain('--json');
  });

  it('exits 2 on an unknown command or a missing argument', async () => {
    expect((await run('launch')).code).toBe(2);
    expect((await run('start')).code).toBe(2);
    expect(await run('validate')).toMatchObject({ code: 2, stderr: expect.stringContaining("missing required argument 'files'") });
  });

  it('validates several files and exits 1 if any is invalid', async () => {
    const { code, stdout, stderr } = await run('validate', fixture, 'test/fixtures/no-such-file.yaml');
    expect(code).toBe(1);
    expect(stdout).toBe(`${fixture}: valid (4 obligation instances, 2 deadlines)\n`);
    expect(stderr).toContain('test/fixtures/no-such-file.yaml: 1 problem');
  });
});
