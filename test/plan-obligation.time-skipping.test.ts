/**
 * An obligation run from a compiled plan, rebased so that the 2022 campaign starts at the
 * time-skipping server's "now": the messages and records show the plan's own dates, the
 * templates come from the definition, and the supervision step waits for a supervisor.
 */
import path from 'node:path';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { compilePlan } from '../config/compile';
import { loadCampaign } from '../config/definition/load';
import { obligationInput, rebaseOffset, reschedule } from '../config/workflow-input';
import { obligationWorkflow } from '../workflows';
import { decideUpdate, extendUpdate, reportOccurrenceUpdate, reviewUpdate, stateQuery, submitUpdate } from '../contracts/obligation';
import { type MailCatcher } from './support/mail-catcher';
import { recordHistory } from './support/histories';
import { startTestStack, type TestStack } from './support/test-stack';

const taskQueue = 'plan-obligations';
let env: TestWorkflowEnvironment;
let mail: MailCatcher;
let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack({ taskQueue, withClient: false });
  ({ env, mail } = stack);
});

afterAll(async () => {
  await stack?.stop();
});

async function waitForState<T extends { status: string }>(read: () => Promise<T>, status: string): Promise<T> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const state = await read();
    if (state.status === status) return state;
    if (Date.now() > deadline) throw new Error(`status stayed ${state.status}, expected ${status}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

it('runs 落实措施 of 滕州市 from the plan: reminders, overdue notice, a supervision notice after the supervisor decides', async () => {
  const { plan, definition } = loadCampaign(path.join(__dirname, 'fixtures/minimal-campaign.yaml'));
  const instance = plan.instances.find((candidate) => candidate.id === 'minimal/tengzhou/measures')!;
  const input = obligationInput(plan, definition, instance, { timeOffsetMs: rebaseOffset(plan, await env.currentTimeMs()) });
  const handle = await env.client.workflow.start(obligationWorkflow, { taskQueue, workflowId: instance.id, args: [input] });

  // The supervision step (plan: Friday 2022-04-22 09:00) is about 28 days after the campaign
  // start; the supervisors are reminded of the outstanding decision 3 working days later, at the
  // reminder time: Sunday 04-24 was a 调休 working day, so Tuesday 04-26 09:00, never a weekend.
  await env.sleep('33 days');
  const waiting = await waitForState(() => handle.query(stateQuery), 'awaiting-decision');
  expect(waiting.pendingDecision).toEqual({ key: 'escalation-2-supervision-notice', label: '督办通知（逾期5个工作日）', level: 2 });
  expect(waiting.escalationLevel).toBe(1);

  await expect(
    handle.executeUpdate(decideUpdate, { args: [{ action: 'proceed', decidedBy: '科长', reason: '  ' }] }),
  ).rejects.toThrow(WorkflowUpdateFailedError);
  await handle.executeUpdate(decideUpdate, { args: [{ action: 'proceed', decidedBy: '知识产权保护科科长', reason: '逾期未报送' }] });
  const state = await handle.result();
  // (Recorded as obligation-ladder-with-decision before decision reminders followed working days.)
  await recordHistory('obligation-decision-reminders-on-working-days', handle);

  const unitMails = mail.mailsTo('tengzhou@example.gov.cn');
  expect(unitMails.map((message) => [message.subject, message.text])).toEqual([
    ['【提醒】落实措施', '滕州市市场监督管理局：请于2022年4月15日 17:30前报送。'],
    ['【提醒】落实措施', '滕州市市场监督管理局：请于2022年4月15日 17:30前报送。'],
    ['【逾期】落实措施', '滕州市市场监督管理局：已逾期。'],
  ]);
  const supervisorMails = mail.mailsTo('head@example.gov.cn');
  expect(supervisorMails.map((message) => message.subject)).toEqual(['【转督办】落实措施', '【转督办】落实措施', '督办通知']);
  expect(supervisorMails[1]!.messageId).toBe('<minimal.tengzhou.measures.escalation-2-supervision-notice-decision-2@example.gov.cn>');
  // The supervision notice goes to the supervisors, as the level's `notify` says.
  expect(supervisorMails[2]!.messageId).toBe('<minimal.tengzhou.measures.escalation-2-supervision-notice@example.gov.cn>');

  expect(state.status).toBe('closed');
  expect(state.escalationLevel).toBe(2);
  // Records carry the plan's own 2022 dates, not the server's.
  expect(state.history.map((entry) => [entry.at.slice(0, 16), entry.event])).toEqual([
    ['2022-04-12T01:00', 'message-sent'],
    ['2022-04-14T01:00', 'message-sent'],
    ['2022-04-15T09:30', 'overdue'],
    ['2022-04-18T01:00', 'message-sent'],
    ['2022-04-18T01:00', 'escalated'],
    ['2022-04-22T01:00', 'awaiting-decision'],
    ['2022-04-22T01:00', 'message-sent'],
    ['2022-04-26T01:00', 'message-sent'],
    [expect.stringMatching(/^2022-04-2/), 'decided'],
    [expect.stringMatching(/^2022-04-2/), 'message-sent'],
    [expect.stringMatching(/^2022-04-2/), 'escalated'],
    ['2022-12-31T16:00', 'closed'],
  ]);
});

it('returns a submission for revision with a new deadline: new reminders, no old ones, then accepts the revision', async () => {
  const { plan, definition } = loadCampaign(path.join(__dirname, 'fixtures/minimal-campaign.yaml'));
  const instance = plan.instances.find((candidate) => candidate.id === 'minimal/xuecheng/measures')!;
  const offset = rebaseOffset(plan, await env.currentTimeMs());
  const handle = await env.client.workflow.start(obligationWorkflow, {
    taskQueue,
    workflowId: `${instance.id}-review`,
    args: [obligationInput(plan, definition, instance, { timeOffsetMs: offset })],
  });
  const sleepUntilPlan = async (planInstant: string) => env.sleep(Date.parse(planInstant) + offset - (await env.currentTimeMs()));

  await sleepUntilPlan('2022-04-13T12:00:00+08:00');
  await handle.executeUpdate(submitUpdate, { args: [{ unitId: 'xuecheng', submittedBy: '薛城区局', content: '落实措施（初稿）' }] });
  await expect(handle.executeUpdate(reviewUpdate, { args: [{ action: 'return', reviewedBy: '审核人', reason: '缺少实施方案' }] })).rejects.toMatchObject({
    cause: { message: '须提供新的截止时间及其提醒安排' },
  });
  await handle.executeUpdate(reviewUpdate, {
    args: [{ action: 'return', reviewedBy: '知识产权保护科', reason: '缺少实施方案', schedule: reschedule(definition, instance, '2022-04-29') }],
  });

  await sleepUntilPlan('2022-04-27T12:00:00+08:00');
  await handle.executeUpdate(submitUpdate, { args: [{ unitId: 'xuecheng', submittedBy: '薛城区局', content: '落实措施及实施方案（修改稿）' }] });
  await handle.executeUpdate(reviewUpdate, { args: [{ action: 'accept', reviewedBy: '知识产权保护科', reason: '' }] });
  const state = await handle.result();
  await recordHistory('obligation-returned-and-accepted', handle);

  const mails = mail.mailsTo('xuecheng@example.gov.cn');
  expect(mails.map((message) => [message.subject, message.messageId.replace(/@.*/, '').replace(/^<minimal\.xuecheng\.measures-review\./, '')])).toEqual([
    ['【提醒】落实措施', 'reminder-3wd'],
    ['审核结果', 'review-1'],
    ['【提醒】落实措施', 'reminder-3wd-20220429'],
    ['审核结果', 'review-2'],
  ]);
  // {{reason}} is printed as a sentence (activities/messages.ts asSentence): the reviewer typed no full stop.
  expect(mails[1]!.text).toBe('薛城区市场监督管理局退回修改：缺少实施方案。');
  expect(mails[2]!.text).toBe('薛城区市场监督管理局：请于2022年4月29日 17:30前报送。');
  expect(state).toMatchObject({ status: 'accepted', returns: 1, dueAt: '2022-04-29T09:30:00.000Z', escalationLevel: 0 });
  expect(state.history.map((entry) => entry.event)).toEqual([
    'message-sent', 'submitted', 'returned', 'message-sent', 'message-sent', 'submitted', 'accepted', 'message-sent',
  ]);
});

it('extends a deadline, before and after it passed: reminders for each new deadline, none of the old ones, none twice', async () => {
  const { plan, definition } = loadCampaign(path.join(__dirname, 'fixtures/minimal-campaign.yaml'));
  const instance = plan.instances.find((candidate) => candidate.id === 'minimal/xuecheng/measures')!;
  const offset = rebaseOffset(plan, await env.currentTimeMs());
  const workflowId = `${instance.id}-extend`;
  const handle = await env.client.workflow.start(obligationWorkflow, { taskQueue, workflowId, args: [obligationInput(plan, definition, instance, { timeOffsetMs: offset })] });
  const sleepUntilPlan = async (planInstant: string) => env.sleep(Date.parse(planInstant) + offset - (await env.currentTimeMs()));
  const extend = (reason: string, dueDate: string) => handle.executeUpdate(extendUpdate, { args: [{ extendedBy: '科长', reason, schedule: reschedule(definition, instance, dueDate) }] });

  // After the first reminder, before the deadline: 04-15 → 04-22.
  await sleepUntilPlan('2022-04-13T12:00:00+08:00');
  await expect(extend('', '2022-04-22')).rejects.toMatchObject({ cause: { message: '延期须说明理由' } });
  expect((await extend('疫情防控', '2022-04-22')).dueAt).toBe('2022-04-22T09:30:00.000Z');
  // Past the new deadline and its overdue notice (Sunday 04-24, a 调休 working day): extended again, to 05-06.
  await sleepUntilPlan('2022-04-26T12:00:00+08:00');
  expect(await handle.query(stateQuery)).toMatchObject({ status: 'overdue', escalationLevel: 1 });
  expect(await extend('材料需上级审批', '2022-05-06')).toMatchObject({ status: 'open', escalationLevel: 0, dueAt: '2022-05-06T09:30:00.000Z' });
  await sleepUntilPlan('2022-05-05T12:00:00+08:00');
  await handle.executeUpdate(submitUpdate, { args: [{ unitId: 'xuecheng', submittedBy: '薛城区局', content: '落实措施' }] });
  await handle.executeUpdate(reviewUpdate, { args: [{ action: 'accept', reviewedBy: '知识产权保护科', reason: '' }] });
  const state = await handle.result();

  const keys = [
    'reminder-3wd',
    'reminder-3wd-20220422',
    'reminder-1wd-20220422',
    'escalation-1-overdue-notice-20220422',
    'reminder-3wd-20220506',
    'reminder-1wd-20220506',
    'review-1',
  ];
  const arrived = mail.mailsTo('xuecheng@example.gov.cn').filter((message) => message.messageId.startsWith('<minimal.xuecheng.measures-extend.'));
  expect(arrived.map((message) => message.messageId.replace(/@.*/, '').replace('<minimal.xuecheng.measures-extend.', ''))).toEqual(keys);
  // When each went out, on the plan's clock.
  const sentAt = state.history.filter((entry) => entry.event === 'message-sent').map((entry) => entry.at.slice(0, 10));
  expect(sentAt).toEqual(['2022-04-12', '2022-04-19', '2022-04-21', '2022-04-24', '2022-04-28', '2022-05-05', '2022-05-05']);
  expect(state).toMatchObject({ status: 'accepted', escalationLevel: 0 });
  expect(state.history.filter((entry) => entry.event === 'extended').map((entry) => entry.detail)).toEqual([
    '科长延期至 2022-04-22T09:30:00.000Z：疫情防控',
    '科长延期至 2022-05-06T09:30:00.000Z：材料需上级审批',
  ]);
  expect(state.history.filter((entry) => entry.event === 'extended').map((entry) => entry.dueAt)).toEqual(['2022-04-22T09:30:00.000Z', '2022-05-06T09:30:00.000Z']);
});

it('counts meetings held "1-2 次": reminders stop at the minimum, a third is refused (the plan’s maximum), a submission is refused', async () => {
  // The seed's training meetings (二(一)一 "业务培训会 1-2 次"), organised by the IP protection section.
  const { plan, definition } = loadCampaign(path.join(__dirname, '../config/campaigns/zaozhuang-2022-ip-protection.yaml'));
  const meetings = plan.instances.find((candidate) => candidate.id === 'zaozhuang-2022-ip-protection/ip-protection-section/training-meetings')!;
  const offset = rebaseOffset(plan, await env.currentTimeMs());
  const handle = await env.client.workflow.start(obligationWorkflow, {
    taskQueue,
    workflowId: meetings.id,
    args: [obligationInput(plan, definition, meetings, { timeOffsetMs: offset })],
  });
  const report = (date: string) =>
    handle.executeUpdate(reportOccurrenceUpdate, { args: [{ unitId: 'ip-protection-section', reportedBy: '知识产权保护科', date, evidence: { 会议纪要: `${date} 培训会纪要` } }] });

  await expect(handle.executeUpdate(submitUpdate, { args: [{ unitId: 'ip-protection-section', submittedBy: '科', content: '培训' }] })).rejects.toMatchObject({
    cause: { message: '“全市知识产权行政保护业务培训会”按次数完成，请逐次报告（reportOccurrence），而非一次性报送' },
  });
  await expect(handle.executeUpdate(reportOccurrenceUpdate, { args: [{ unitId: 'ip-protection-section', reportedBy: '科', date: '2022-06-01', evidence: {} }] })).rejects.toMatchObject({
    cause: { message: '请提供佐证材料' },
  });
  expect((await report('2022-06-01')).status).toBe('target-met');
  await report('2022-09-01');
  await expect(report('2022-11-01')).rejects.toMatchObject({ cause: { message: '知识产权保护科的“全市知识产权行政保护业务培训会”方案上限为2次，已报告2次，不能再报告' } });
  const state = await handle.result();
  await recordHistory('obligation-count', handle);

  expect(state.status).toBe('target-met');
  expect(state.occurrences!.map((occurrence) => occurrence.date)).toEqual(['2022-06-01', '2022-09-01']);
  // The minimum was met at once, so none of the reminders before the window closes went out.
  expect(mail.mailsTo('scjgbhk@zz.shandong.cn')).toEqual([]);
});

it('reminds the organiser of meetings held "1-2 次" as the window closes while the minimum is not reached, saying how many were reported', async () => {
  // The seed's training meetings, here with a minimum of 2 (one is held on 06-01): the reminders
  // of 12-02, 12-13 and 12-15 go out, each saying the minimum and the one reported so far.
  const { definition } = loadCampaign(path.join(__dirname, '../config/campaigns/zaozhuang-2022-ip-protection.yaml'));
  const changed = { ...definition, obligations: definition.obligations.map((obligation) => (obligation.id === 'training-meetings' ? { ...obligation, min: 2, max: 3 } : obligation)) };
  const { plan } = compilePlan(changed as typeof definition);
  const meetings = plan.instances.find((candidate) => candidate.id === 'zaozhuang-2022-ip-protection/ip-protection-section/training-meetings')!;
  const offset = rebaseOffset(plan, await env.currentTimeMs());
  const handle = await env.client.workflow.start(obligationWorkflow, {
    taskQueue,
    workflowId: `${meetings.id}-minimum-not-reached`,
    args: [obligationInput(plan, changed as typeof definition, meetings, { timeOffsetMs: offset })],
  });
  await env.sleep(Date.parse('2022-06-01T04:00:00Z') + offset - (await env.currentTimeMs()));
  await handle.executeUpdate(reportOccurrenceUpdate, { args: [{ unitId: 'ip-protection-section', reportedBy: '知识产权保护科', date: '2022-06-01', evidence: { 会议纪要: '培训会纪要' } }] });
  const state = await handle.result();

  expect(state.status).toBe('closed');
  const reminders = mail.mailsTo('scjgbhk@zz.shandong.cn').filter((message) => message.messageId.startsWith('<zaozhuang-2022-ip-protection.ip-protection-section.training-meetings-minimum-not-reached.'));
  expect(reminders.map((message) => message.messageId.replace(/@.*/, '').split('.').at(-1))).toEqual(['reminder-10wd', 'reminder-3wd', 'reminder-1wd']);
  for (const reminder of reminders) {
    expect(reminder.text).toContain('请贵单位于2022年12月16日 17:30前报送“全市知识产权行政保护业务培训会”（方案二(一)一）。\n方案要求至少2次（至多3次），目前已报告1次，尚差1次。请逐次报告并附佐证材料。');
  }
  expect(state.history.filter((entry) => entry.event === 'message-sent').map((entry) => entry.at.slice(0, 10))).toEqual(['2022-12-02', '2022-12-13', '2022-12-15']);
});
