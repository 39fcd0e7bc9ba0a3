/**
 * The four example definitions written from real public plans (config/campaigns/examples/),
 * simulated whole on the time-skipping server (the real workflows and activities, real SMTP on
 * loopback) with their behaviour files (config/behaviours/<example>.yaml): in each, some units are
 * late and one never reports. Asserted: who was reminded when, who escalated how far, what each unit
 * completed (none of the four documents scores its units: evaluation says 该方案未设绩效考核), and
 * the report's three defects fixed end to end (the reviewing unit signs, an extension reads on the
 * campaign's clock, a unit-level interview is filed under no obligation).
 * The whole periods are short in plan events (4 years of 荆门 have 28 messages), so each runs whole:
 * about 5–10 s each on this machine once the workflows are bundled.
 */
import { readdir, readFile, mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { loadCampaign } from '../config/definition/load';
import { loadBehaviour } from '../evaluation/behaviour';
import { renderExport } from '../evaluation/exports';
import { formatEvaluationText, formatTimelineText, localDateTime } from '../evaluation/format';
import { simulateCampaign, type SimulationResult } from '../evaluation/simulate';
import { testServerPath, workflowBundle } from './support/temporal';

const root = path.join(__dirname, '..');
const timeZone = 'Asia/Shanghai';

interface Run {
  result: SimulationResult;
  mailDir: string;
  noticesDir: string;
}

/** Simulates one example with its behaviour file, timing the run. */
async function simulate(example: string, behaviourFile: string): Promise<Run> {
  const campaign = loadCampaign(path.join(root, `config/campaigns/examples/${example}.yaml`));
  const behaviour = loadBehaviour(`config/behaviours/${behaviourFile}.yaml`, campaign.plan, { cwd: root });
  const mailDir = await mkdtemp(path.join(os.tmpdir(), `${behaviourFile}-mail-`));
  const noticesDir = await mkdtemp(path.join(os.tmpdir(), `${behaviourFile}-notices-`));
  const started = Date.now();
  const result = await simulateCampaign({ campaign, behaviour, testServerPath: testServerPath(), workflowBundle: workflowBundle(), mailDir, noticesDir });
  console.log(`${example}: ${result.obligations.length} obligations, ${result.mailCount} messages, simulated in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return { result, mailDir, noticesDir };
}

const local = (at: string) => localDateTime(at, timeZone);
/** Local times of the reminders each unit received for an obligation (its id, or id.contribution). */
function reminders(run: Run, obligationId: string): Record<string, string[]> {
  const byUnit: Record<string, string[]> = {};
  for (const entry of run.result.timeline) {
    if (entry.obligationId !== obligationId || entry.event !== 'message-sent' || !entry.detail.includes('（reminder-')) continue;
    (byUnit[entry.unitName] ??= []).push(local(entry.at));
  }
  return byUnit;
}
/** Every escalation step taken, as "unit time step", in time order. */
const escalations = (run: Run) => run.result.timeline.filter((entry) => entry.event === 'escalated').map((entry) => `${entry.unitName} ${local(entry.at)} ${entry.detail}`);
/** What each unit completed: [due, on time, late, missing]. */
const completion = (run: Run) => Object.fromEntries(run.result.evaluation.units.map((unit) => [unit.unit.name, [unit.tally.due, unit.tally.onTime, unit.tally.late, unit.tally.missing]]));
const stateOf = (run: Run, instanceId: string) => run.result.obligations.find((obligation) => obligation.id === instanceId)!.state!;

/** Each run's evaluation says the plan is not scored, and lists completion instead of a ranking. */
function expectNotScored(run: Run) {
  expect(run.result.evaluation.isScored).toBe(false);
  expect(formatEvaluationText(run.result.evaluation, timeZone)).toContain('该方案未设绩效考核，以下只列各单位完成情况，不排名。');
  expect(run.result.evaluation.praised).toEqual([]);
  expect(run.result.evaluation.criticised).toEqual([]);
  expect(run.result.rejected).toEqual([]);
}

describe('荆门 2021–2025: a lead and its cooperating units, three of them late', () => {
  let run: Run;
  beforeAll(async () => {
    run = await simulate('jingmen-2021-14th-five-year-division', 'jingmen-2021');
  }, 120_000);

  it('reminds the cooperating units of their part and the lead of its own deadline', () => {
    const parts = reminders(run, 'gdp.contribution');
    expect(Object.keys(parts).sort()).toEqual(['东宝区', '京山市', '掇刀区', '沙洋县', '钟祥市']);
    for (const times of Object.values(parts)) expect(times).toEqual(['2025-12-10 09:00', '2025-12-19 09:00', '2025-12-23 09:00']);
    expect(reminders(run, 'gdp')).toEqual({ 市发改委: ['2025-12-17 09:00', '2025-12-26 09:00', '2025-12-30 09:00'] });
  });

  it('tells the lead in each reminder how its cooperating units stand', async () => {
    const lead = (await mails(run)).filter((mail) => mail.to.includes('ndrc@example.gov.cn') && mail.subject.startsWith('【提醒】'));
    expect(lead.map((mail) => mail.text.split('\n').find((line) => line.startsWith('配合单位：')))).toEqual([
      '配合单位：东宝区（尚未报送）、掇刀区（尚未报送）、沙洋县（尚未报送）、钟祥市（尚未报送）、京山市（尚未报送）。',
      '配合单位：东宝区（尚未报送）、掇刀区（已报送）、沙洋县（尚未报送）、钟祥市（已报送）、京山市（已报送）。',
      '配合单位：东宝区（已报送）、掇刀区（已报送）、沙洋县（尚未报送）、钟祥市（已报送）、京山市（已报送）。',
    ]);
  });

  it('escalates the late parts, and leaves the lead’s own obligation alone', () => {
    expect(escalations(run).sort()).toEqual(
      [
        '东宝区 2025-12-25 09:00 逾期提醒（逾期1个工作日）',
        '东宝区 2025-12-29 09:00 转督办（逾期3个工作日）',
        '掇刀区 2025-12-25 09:00 逾期提醒（逾期1个工作日）',
        '沙洋县 2025-12-25 09:00 逾期提醒（逾期1个工作日）',
        '沙洋县 2025-12-29 09:00 转督办（逾期3个工作日）',
      ].sort(),
    );
    const lead = stateOf(run, 'jingmen-2021-14th-five-year-division/development-reform/gdp');
    expect(lead).toMatchObject({ status: 'accepted', escalationLevel: 0, returns: 0 });
    expect(local(lead.submission!.at)).toBe('2025-12-30 12:00');
    expect(stateOf(run, 'jingmen-2021-14th-five-year-division/shayang/gdp.contribution')).toMatchObject({ status: 'closed', escalationLevel: 2 });
    expect(stateOf(run, 'jingmen-2021-14th-five-year-division/dongbao/gdp.contribution')).toMatchObject({ status: 'accepted', escalationLevel: 2 });
  });

  it('says the plan is not scored and lists each unit’s completion', () => {
    expectNotScored(run);
    expect(completion(run)).toEqual({ 市发改委: [1, 1, 0, 0], 东宝区: [1, 0, 1, 0], 掇刀区: [1, 0, 1, 0], 沙洋县: [1, 0, 0, 1], 钟祥市: [1, 1, 0, 0], 京山市: [1, 1, 0, 0] });
  });

  it('signs each review with the campaign’s reviewing unit, 荆门市人民政府办公室', () => {
    const reviews = run.result.timeline.filter((entry) => entry.event === 'accepted');
    expect(reviews).toHaveLength(5);
    for (const review of reviews) expect(review.detail).toBe('荆门市人民政府办公室审核通过');
    expect(formatTimelineText(run.result.timeline, timeZone)).not.toContain('知识产权保护科');
  });
});

describe('鲤城区 2016 科技活动周: activities counted over the week, a unit interviewed', () => {
  let run: Run;
  beforeAll(async () => {
    run = await simulate('licheng-2016-science-week', 'licheng-2016');
  }, 120_000);

  it('reminds every unit of its activity on the eve of the week’s last day, and of the summary on the eve of 05-20', () => {
    const streets = reminders(run, 'community-activities');
    expect(Object.keys(streets)).toHaveLength(8);
    for (const times of Object.values(streets)) expect(times).toEqual(['2016-05-17 09:00']);
    expect(reminders(run, 'science-films')).toEqual({ 鲤城区电影公司: ['2016-05-17 09:00'] });
    const summaries = reminders(run, 'summary');
    expect(Object.keys(summaries)).toHaveLength(11);
    for (const times of Object.values(summaries)) expect(times).toEqual(['2016-05-19 09:00']);
  });

  it('escalates the streets that report late and the company that never reports, as far as each went', () => {
    expect(escalations(run).sort()).toEqual(
      [
        '海滨街道 2016-05-19 09:00 逾期提醒（逾期1个工作日）',
        '开元街道 2016-05-19 09:00 逾期提醒（逾期1个工作日）',
        '开元街道 2016-05-20 09:00 转督办（逾期2个工作日）',
        '鲤城区电影公司 2016-05-19 09:00 逾期提醒（逾期1个工作日）',
        '鲤城区电影公司 2016-05-20 09:00 转督办（逾期2个工作日）',
      ].sort(),
    );
    const kaiyuan = stateOf(run, 'licheng-2016-science-week/kaiyuan/community-activities');
    expect(kaiyuan.occurrences!.map((occurrence) => local(occurrence.at))).toEqual(['2016-05-20 12:00']);
    expect(completion(run)).toMatchObject({ 海滨街道: [2, 1, 1, 0], 开元街道: [2, 1, 1, 0], 鲤城区电影公司: [2, 0, 0, 2], 临江街道: [2, 2, 0, 0] });
    expectNotScored(run);
  });

  it('files the interview of the company under the company, naming none of its obligations', async () => {
    const record = run.result.records.find((entry) => entry.unit.id === 'film-company')!;
    expect(record.interviews).toBe(1);
    const sent = record.history.find((entry) => entry.event === 'message-sent')!;
    expect(sent.detail).toContain('附通知文书 约谈通知-鲤城区电影公司-2016-05-20.docx');
    const files = await readdir(path.join(run.noticesDir, 'licheng-2016-science-week', 'film-company'));
    expect(files).toEqual(['约谈通知-鲤城区电影公司-2016-05-20.docx']);
    const interview = await findMail(run, (subject) => subject.startsWith('【约谈通知】'));
    expect(interview.subject).toBe('【约谈通知】鲤城区电影公司');
    expect(interview.text).toContain('约谈事由：活动周期间未安排科普电影放映，经提醒仍未报告。');
    expect(interview.text).not.toContain('安排科普电影进社区、企业、学校');
  });

  it('signs the summaries’ reviews with 鲤城区科协', () => {
    const reviews = run.result.timeline.filter((entry) => entry.event === 'accepted');
    expect(reviews).toHaveLength(10); // every summary but the film company's
    expect(new Set(reviews.map((entry) => entry.detail))).toEqual(new Set(['鲤城区科协审核通过']));
  });
});

describe('国发〔2020〕6号: 26 departments report their undated task at the year’s end', () => {
  let run: Run;
  beforeAll(async () => {
    run = await simulate('state-council-2020-government-report-division', 'state-council-2020');
  }, 120_000);

  it('reminds every department twice before 2020-12-31, and the one extended again before its new deadline', () => {
    const sent = reminders(run, 'overall-requirements@2020');
    expect(Object.keys(sent)).toHaveLength(26);
    expect(sent['外交部']).toEqual(['2020-12-17 09:00', '2020-12-28 09:00']);
    expect(sent['商务部']).toEqual(['2020-12-17 09:00', '2020-12-28 09:00', '2021-01-05 09:00']);
  });

  it('escalates the two late departments and the one that never reports', () => {
    expect(escalations(run).sort()).toEqual(
      [
        '教育部 2021-01-04 09:00 逾期提醒（逾期1个工作日）',
        '财政部 2021-01-04 09:00 逾期提醒（逾期1个工作日）',
        '财政部 2021-01-06 09:00 转督办（逾期3个工作日）',
        '审计署 2021-01-04 09:00 逾期提醒（逾期1个工作日）',
        '审计署 2021-01-06 09:00 转督办（逾期3个工作日）',
      ].sort(),
    );
    expect(completion(run)).toMatchObject({ 教育部: [1, 0, 1, 0], 财政部: [1, 0, 1, 0], 商务部: [1, 1, 0, 0], 审计署: [1, 0, 0, 1], 外交部: [1, 1, 0, 0] });
    expectNotScored(run);
  });

  it('prints the extension on the campaign’s clock, the Chinese way, in the text and HTML reports', async () => {
    const text = formatTimelineText(run.result.timeline, timeZone);
    expect(text).toContain('2020-12-28 10:00  商务部  延期  总体要求和主要预期目标进展情况（2020年）：督办人员（模拟）延期至2021年1月8日 17:30：同意延期（模拟）\n');
    const html = (await renderExport('html', run.result.evaluation, { timeZone, timeline: run.result.timeline })).toString('utf8');
    expect(html).toContain('延期至2021年1月8日 17:30');
    for (const report of [text, html]) expect(report).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/);
    expect(new Set(run.result.timeline.filter((entry) => entry.event === 'accepted').map((entry) => entry.detail))).toEqual(new Set(['国务院办公厅审核通过']));
  });
});

describe('成都 2024–2027: a deadline on the provisional calendar (暂定)', () => {
  let run: Run;
  beforeAll(async () => {
    run = await simulate('chengdu-2024-community-embedded-services', 'chengdu-2024');
  }, 120_000);

  it('reminds the seven districts on the working days of 2027 and chases them after the 暂定 New Year’s day off', () => {
    const sent = reminders(run, 'service-complexes-2027');
    expect(Object.keys(sent).sort()).toEqual(['四川天府新区', '成都高新区', '锦江区', '青羊区', '金牛区', '武侯区', '成华区'].sort());
    for (const times of Object.values(sent)) expect(times).toEqual(['2027-12-03 09:00', '2027-12-24 09:00', '2027-12-30 09:00']);
    // 2028-01-01 is a Saturday: its day off is made up on Monday 01-03, so the first working day after the deadline is 01-04.
    expect(escalations(run).sort()).toEqual(
      [
        '锦江区 2028-01-04 09:00 逾期提醒（逾期1个工作日）',
        '武侯区 2028-01-04 09:00 逾期提醒（逾期1个工作日）',
        '武侯区 2028-01-06 09:00 转督办（逾期3个工作日）',
        '成华区 2028-01-04 09:00 逾期提醒（逾期1个工作日）',
        '成华区 2028-01-06 09:00 转督办（逾期3个工作日）',
      ].sort(),
    );
    expect(local(stateOf(run, 'chengdu-2024-community-embedded-services/jinjiang/service-complexes-2027').submission!.at)).toBe('2028-01-05 12:00');
  });

  it('says the plan is not scored and lists each district’s completion', () => {
    expectNotScored(run);
    expect(completion(run)).toEqual({ 四川天府新区: [1, 1, 0, 0], 成都高新区: [1, 1, 0, 0], 锦江区: [1, 0, 1, 0], 青羊区: [1, 1, 0, 0], 金牛区: [1, 1, 0, 0], 武侯区: [1, 0, 1, 0], 成华区: [1, 0, 0, 1] });
  });
});

/** Every message of the run in the order sent, as the SMTP catcher kept it. */
async function mails(run: Run): Promise<{ to: string; subject: string; text: string }[]> {
  const kept = [];
  for (const file of (await readdir(run.mailDir)).sort()) {
    const mail = await simpleParser(await readFile(path.join(run.mailDir, file)));
    const to = [mail.to ?? []].flat().map((address) => address.text).join(', ');
    kept.push({ to, subject: mail.subject ?? '', text: mail.text ?? '' });
  }
  return kept;
}

/** The first message of the run whose subject matches. */
async function findMail(run: Run, isWanted: (subject: string) => boolean) {
  const found = (await mails(run)).find((mail) => isWanted(mail.subject));
  if (!found) throw new Error('no such message');
  return found;
}
