/**
 * A campaign launched while its year's holidays are not yet published runs on the provisional
 * calendar (暂定); when the State Council publishes the arrangement, the administrator adds it as a
 * calendar file and amends: the preview says which deadlines move, and the running obligations
 * move with them. On the time-skipping server with a real SMTP server on loopback.
 *
 * The minimal campaign moved to 2027: 宣传情况 is due 3 working days after 国庆前夕 (Thu 2027-09-30).
 * Provisionally 国庆 is the law's three days (Fri 10-01 and the weekend, made up on Mon 10-04 and
 * Tue 10-05), so the deadline is Fri 10-08; the (here fictitious) official arrangement gives
 * 10-01 to 10-07 off with Saturday 10-09 worked, so it is Mon 10-11. 落实措施 is due on a fixed
 * date, Tue 10-12, a working day on both: the deadline stays, but its reminder 3 working days
 * before falls on Thu 10-07 provisionally (a working day there) and on Fri 10-08 officially.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describeAmendment } from '../app/administration';
import { loadCampaign } from '../config/definition/load';
import { rebaseOffset } from '../config/workflow-input';
import { amendCampaignUpdate, type CampaignInput, campaignWorkflowId } from '../contracts/campaign';
import { type ObligationState, stateQuery } from '../contracts/obligation';
import { campaignWorkflow } from '../workflows';
import { recordHistory } from './support/histories';
import { launched } from './support/poll';
import { startTestStack, type TestStack } from './support/test-stack';

const taskQueue = 'calendar-amendment';
let stack: TestStack;
const folder = mkdtempSync(path.join(os.tmpdir(), 'calendar-amendment-'));

beforeAll(async () => {
  stack = await startTestStack({ taskQueue });
});
afterAll(async () => {
  await stack?.stop();
  rmSync(folder, { recursive: true, force: true });
});

const arrangement2027 = `
  arrangements:
    - year: 2027
      source: 国办发明电〔2026〕（测试用，虚构）
      holidays:
        - { name: 国庆节, from: 2027-10-01, to: 2027-10-07 }
      workdays: [2027-09-26, 2027-10-09]
`;

/** The minimal campaign in 2027, its event on 09-30; `official` adds the arrangement. */
function write2027(name: string, official: boolean): string {
  const minimal = readFileSync(path.join(__dirname, 'fixtures/minimal-campaign.yaml'), 'utf8');
  const text = minimal
    .replace('id: minimal', 'id: calendar-2027')
    .replace('issuedOn: 2022-03-25', 'issuedOn: 2027-09-01')
    .replace('period: { start: 2022-03-25, end: 2022-12-31 }', 'period: { start: 2027-09-01, end: 2027-12-31 }')
    .replace('{ id: world-ip-day, name: 4·26世界知识产权日, date: 2022-04-26 }', '{ id: world-ip-day, name: 国庆前夕, date: 2027-09-30 }')
    .replace('due: { date: 2022-04-15 }', 'due: { date: 2027-10-12 }')
    .replace(/^calendar:\n/m, official ? `calendar:\n${arrangement2027}` : 'calendar:\n');
  const file = path.join(folder, name);
  writeFileSync(file, text);
  return file;
}

it('moves a running deadline from the provisional calendar to the official one, as the amendment preview says', async () => {
  const provisional = loadCampaign(write2027('provisional.yaml', false));
  const official = loadCampaign(write2027('official.yaml', true));
  expect(provisional.warnings.length).toBeGreaterThan(0); // 2027 is provisional (暂定)
  expect(official.warnings).toEqual([]);

  // What the administrator is shown before amending, for both districts: the deadline that moves,
  // and the fixed one that stays while its first reminder moves.
  const preview = describeAmendment(provisional.plan, official.plan);
  expect(preview).toEqual([
    expect.stringMatching(/^“宣传情况（国庆前夕）”截止时间由 .*2027.*10.*8.* 改为 .*2027.*10.*11.*（2 个单位）$/),
    '“落实措施”截止时间不变，提醒（截止前3个工作日）由 2027-10-07 09:00 改为 2027-10-08 09:00（2 个单位）',
  ]);

  const { env } = stack;
  const id = 'calendar-2027';
  const offset = rebaseOffset(provisional.plan, await env.currentTimeMs());
  const input: CampaignInput = { launch: { definition: provisional.definition, taskQueue, timeOffsetMs: offset }, endsAt: provisional.plan.campaign.period.endsAt };
  const campaign = await env.client.workflow.start(campaignWorkflow, { taskQueue, workflowId: campaignWorkflowId(id), args: [input] });
  await launched(campaign);
  stack.started.push(campaignWorkflowId(id), ...provisional.plan.instances.map((instance) => instance.id));
  const state = (unit: string): Promise<ObligationState> => env.client.workflow.getHandle(`${id}/${unit}/publicity@world-ip-day`).query(stateQuery);
  expect((await state('tengzhou')).dueAt).toBe('2027-10-08T09:30:00.000Z');

  await campaign.executeUpdate(amendCampaignUpdate, { args: [{ by: '管理员', reason: '国务院办公厅公布2027年节假日安排', definition: official.definition }] });
  for (const unit of ['tengzhou', 'xuecheng']) {
    const moved = await state(unit);
    expect(moved.dueAt).toBe('2027-10-11T09:30:00.000Z');
    expect(moved.history.at(-1)).toMatchObject({ event: 'extended', detail: expect.stringContaining('方案修订：国务院办公厅公布2027年节假日安排') });
  }
  // The fixed deadline of 落实措施 (10-12) stays, no extension recorded; its reminders are timed anew.
  const measures = (unit: string): Promise<ObligationState> => env.client.workflow.getHandle(`${id}/${unit}/measures`).query(stateQuery);
  for (const unit of ['tengzhou', 'xuecheng']) {
    const retimed = await measures(unit);
    expect(retimed.dueAt).toBe('2027-10-12T09:30:00.000Z');
    expect(retimed.history.some((entry) => entry.event === 'extended')).toBe(false);
    expect(retimed.history.at(-1)).toMatchObject({ event: 'retimed', detail: '管理员：方案修订：国务院办公厅公布2027年节假日安排（截止时间不变，提醒和督办时间按修订后的方案重新计算）' });
  }

  // Reminders follow the official days: 3 working days before Mon 10-11 is Thu 09-30 (the holiday
  // week does not count), 1 working day before it the Saturday worked, 10-09.
  await env.sleep(Date.parse('2027-10-11T02:00:00.000Z') + offset - (await env.currentTimeMs()));
  const sent = (await state('tengzhou')).history.filter((entry) => entry.event === 'message-sent').map((entry) => entry.at.slice(0, 16));
  expect(sent).toEqual(['2027-09-30T01:00', '2027-10-09T01:00']);
  const reminders = stack.mail.mailsTo('tengzhou@example.gov.cn').filter((message) => message.subject.includes('宣传情况'));
  expect(reminders.map((message) => message.text)).toEqual([expect.stringContaining('2027年10月11日'), expect.stringContaining('2027年10月11日')]);

  // 落实措施's reminders on the official working days: Fri 10-08 (not the holiday 10-07) and Mon 10-11.
  const measuresSent = (await measures('tengzhou')).history.filter((entry) => entry.event === 'message-sent').map((entry) => entry.at.slice(0, 16));
  expect(measuresSent).toEqual(['2027-10-08T01:00', '2027-10-11T01:00']);
  const measuresMail = stack.mail.mailsTo('tengzhou@example.gov.cn').filter((message) => message.subject.includes('落实措施'));
  expect(measuresMail.map((message) => message.text)).toEqual([expect.stringContaining('2027年10月12日'), expect.stringContaining('2027年10月12日')]);
  await recordHistory('obligation-retimed-by-amendment', env.client.workflow.getHandle(`${id}/tengzhou/measures`));
});
