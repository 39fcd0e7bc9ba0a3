/**
 * What administrators and supervisors do to a running campaign, on the time-skipping server with
 * a real SMTP server on loopback: pause and resume (deadlines shifted or kept, as the definition
 * says), cancel, amend (a new obligation, a deadline moved for every unit), the units' records
 * with a rule over them, and the supervisors' actions on a unit. The minimal campaign has two
 * districts (滕州市, 薛城区) and two obligations (落实措施 due 2022-04-15, 宣传情况 due 3 working
 * days after 4·26).
 */
import { launched } from './support/poll';
import path from 'node:path';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { loadCampaign } from '../config/definition/load';
import type { Definition } from '../config/definition/schema';
import { compilePlan } from '../config/compile';
import { rebaseOffset, supervision } from '../config/workflow-input';
import { campaignWorkflow } from '../workflows';
import { amendCampaignUpdate, type CampaignInput, campaignDefinitionQuery, campaignProgressQuery, campaignWorkflowId, cancelCampaignUpdate, pauseCampaignUpdate, resumeCampaignUpdate, unitActionUpdate, type UnitRecord, unitRecordsQuery } from '../contracts/campaign';
import { decideUpdate, type ObligationState, stateQuery, submitUpdate, superviseUpdate, unitEventSignal, waiveUpdate } from '../contracts/obligation';
import { recordHistory } from './support/histories';
import { type MailCatcher } from './support/mail-catcher';
import { startTestStack, type TestStack } from './support/test-stack';

const taskQueue = 'campaign-control';
let env: TestWorkflowEnvironment;
let mail: MailCatcher;
let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack({ taskQueue });
  ({ env, mail } = stack);
});

afterAll(async () => {
  await stack?.stop();
});

const admin = { by: '管理员', reason: '疫情防控' };
const beijing = (localDateTime: string) => new Date(`${localDateTime}:00+08:00`).toISOString();

/** Launches the minimal campaign under its own id (each test its own workflows), rebased so that 2022-03-25 is now. */
async function launch(id: string, change: (definition: Definition) => Definition = (definition) => definition) {
  const loaded = loadCampaign(path.join(__dirname, 'fixtures/minimal-campaign.yaml'));
  const definition = change({ ...loaded.definition, campaign: { ...loaded.definition.campaign, id } });
  const offset = rebaseOffset(loaded.plan, await env.currentTimeMs());
  const input: CampaignInput = { launch: { definition, taskQueue, timeOffsetMs: offset }, endsAt: loaded.plan.campaign.period.endsAt };
  const campaign = await env.client.workflow.start(campaignWorkflow, { taskQueue, workflowId: campaignWorkflowId(id), args: [input] });
  await launched(campaign);
  stack.started.push(campaignWorkflowId(id), ...loaded.plan.instances.map((instance) => instance.id.replace(/^minimal\//, `${id}/`)), `${id}/tengzhou/summary`, `${id}/xuecheng/summary`);
  const obligation = (unit: string, obligationId: string) => env.client.workflow.getHandle(`${id}/${unit}/${obligationId}`);
  return {
    campaign,
    definition,
    obligation,
    state: (unit: string, obligationId: string): Promise<ObligationState> => obligation(unit, obligationId).query(stateQuery),
    /** Sleeps (in skipped time) until a moment of the plan's own calendar. */
    async until(localDateTime: string) {
      const remaining = Date.parse(beijing(localDateTime)) + offset - (await env.currentTimeMs());
      if (remaining > 0) await env.sleep(remaining);
    },
  };
}

/** `2022-04-12T01:00 reminder-3wd` for every message an obligation sent (plan time, key). */
const sent = (state: ObligationState) =>
  state.history.filter((entry) => entry.event === 'message-sent').map((entry) => `${entry.at.slice(0, 16)} ${/（([^）]+)）→/.exec(entry.detail)?.[1]}`);
const events = (state: ObligationState) => state.history.map((entry) => entry.event);

it('pauses and resumes: no reminder while paused, the deadline moved by the days paused, on the plan’s calendar', async () => {
  const run = await launch('pause-shift');
  await run.until('2022-04-11 10:00'); // the 3-working-day reminder (04-12 09:00) is still to come
  expect(await run.campaign.executeUpdate(pauseCampaignUpdate, { args: [admin] })).toMatchObject({ phase: 'paused' });
  await expect(run.campaign.executeUpdate(pauseCampaignUpdate, { args: [admin] })).rejects.toThrow(WorkflowUpdateFailedError);
  await run.until('2022-04-18 10:00'); // seven days paused: past both reminders and the deadline
  const during = await run.state('tengzhou', 'measures');
  expect(sent(during)).toEqual([]);
  expect(during).toMatchObject({ status: 'open', paused: { by: '管理员', reason: '疫情防控' } });

  expect(await run.campaign.executeUpdate(resumeCampaignUpdate, { args: [{ by: '管理员', reason: '恢复工作' }] })).toMatchObject({ phase: 'running' });
  await run.until('2022-04-25 10:00');
  const after = await run.state('tengzhou', 'measures');
  // The deadline seven days later (04-15 → 04-22 17:30), its reminders and ladder recomputed on
  // 2022's calendar: the overdue notice on Sunday 04-24, a 调休 working day.
  expect(after.dueAt).toBe('2022-04-22T09:30:00.000Z');
  expect(sent(after)).toEqual(['2022-04-19T01:00 reminder-3wd-20220422', '2022-04-21T01:00 reminder-1wd-20220422', '2022-04-24T01:00 escalation-1-overdue-notice-20220422']);
  expect(events(after).slice(0, 2)).toEqual(['paused', 'resumed']);
  const reminders = mail.mailsTo('tengzhou@example.gov.cn').filter((message) => message.subject === '【提醒】落实措施' && message.text.includes('2022年4月22日 17:30'));
  expect(reminders).toHaveLength(2);
  await recordHistory('campaign-paused-and-resumed', run.campaign);
  await recordHistory('obligation-paused-and-resumed', run.obligation('tengzhou', 'measures'));
});

it('pauses without moving deadlines when the definition says so: what fell in the pause is skipped and recorded', async () => {
  const run = await launch('pause-keep', (definition) => ({ ...definition, campaign: { ...definition.campaign, onPause: { shiftDeadlines: false } } }));
  await run.until('2022-04-11 10:00');
  await run.campaign.executeUpdate(pauseCampaignUpdate, { args: [admin] });
  await run.until('2022-04-13 10:00'); // the 3-working-day reminder fell in the pause
  await run.campaign.executeUpdate(resumeCampaignUpdate, { args: [admin] });
  await run.until('2022-04-16 10:00');
  const state = await run.state('tengzhou', 'measures');
  expect(state.dueAt).toBe('2022-04-15T09:30:00.000Z');
  expect(sent(state)).toEqual(['2022-04-14T01:00 reminder-1wd']);
  expect(state.history.find((entry) => entry.event === 'message-skipped')?.detail).toBe('截止前3个工作日（reminder-3wd）：计划时间在活动暂停期间，不补发');
  expect(state.status).toBe('overdue');
});

it('cancels: every open obligation ends cancelled, a submitted one keeps its submission, no message follows', async () => {
  const run = await launch('cancel');
  await run.until('2022-04-08 10:00');
  await run.obligation('xuecheng', 'measures').executeUpdate(submitUpdate, { args: [{ unitId: 'xuecheng', submittedBy: '薛城区局', content: '落实措施' }] });
  await expect(run.campaign.executeUpdate(resumeCampaignUpdate, { args: [admin] })).rejects.toThrow(WorkflowUpdateFailedError);
  await expect(run.campaign.executeUpdate(cancelCampaignUpdate, { args: [{ by: '管理员', reason: '' }] })).rejects.toThrow(WorkflowUpdateFailedError);
  expect(await run.campaign.executeUpdate(cancelCampaignUpdate, { args: [{ by: '管理员', reason: '上级通知停止' }] })).toMatchObject({ phase: 'cancelled' });
  expect(await run.campaign.result()).toMatchObject({ phase: 'cancelled' });
  const tengzhou = (await run.obligation('tengzhou', 'measures').result()) as ObligationState;
  expect(tengzhou.status).toBe('cancelled');
  expect(tengzhou.history.at(-1)).toMatchObject({ event: 'cancelled', detail: '活动撤销（管理员：上级通知停止）' });
  expect(((await run.obligation('xuecheng', 'measures').result()) as ObligationState).status).toBe('submitted');
  const before = mail.mails.length;
  await env.sleep(30 * 24 * 3600 * 1000);
  expect(mail.mails.length).toBe(before);
});

it('amends a running campaign: a new obligation starts for every unit, a moved deadline moves for every unit', async () => {
  const run = await launch('amend');
  await run.until('2022-04-01 10:00');
  const amended = (definition: Definition): Definition => ({
    ...definition,
    obligations: [
      { ...definition.obligations[0]!, due: { date: '2022-04-22' } } as Definition['obligations'][number],
      ...definition.obligations.slice(1),
      { ...(definition.obligations[0] as Definition['obligations'][number]), id: 'summary', title: '半年工作总结', due: { date: '2022-06-30' } } as Definition['obligations'][number],
    ],
  });
  await expect(
    run.campaign.executeUpdate(amendCampaignUpdate, { args: [{ ...admin, definition: { ...amended(run.definition), campaign: { ...run.definition.campaign, id: 'other' } } }] }),
  ).rejects.toThrow(WorkflowUpdateFailedError);
  const progress = await run.campaign.executeUpdate(amendCampaignUpdate, { args: [{ by: '管理员', reason: '延长报送时间', definition: amended(run.definition) }] });
  expect(progress).toMatchObject({ phase: 'running', launched: 6, total: 6 });
  // What the pages and the CLI read as the campaign's definition from now on.
  const current = await run.campaign.query(campaignDefinitionQuery);
  expect((current.definition as Definition).obligations.map((obligation) => obligation.id)).toEqual(['measures', 'publicity', 'summary']);
  for (const unit of ['tengzhou', 'xuecheng']) {
    const measures = await run.state(unit, 'measures');
    expect(measures.dueAt).toBe('2022-04-22T09:30:00.000Z');
    expect(measures.history.at(-1)).toMatchObject({ event: 'extended', detail: '管理员延期至 2022-04-22T09:30:00.000Z：方案修订：延长报送时间' });
    expect((await run.state(unit, 'summary')).dueAt).toBe('2022-06-30T09:30:00.000Z');
  }
  await run.until('2022-04-21 10:00');
  expect(sent(await run.state('tengzhou', 'measures'))).toEqual(['2022-04-19T01:00 reminder-3wd-20220422', '2022-04-21T01:00 reminder-1wd-20220422']);
});

it('keeps each unit’s record: two supervision notices fire the rule, which waits for a supervisor; praise and the criticism list', async () => {
  // The supervision notice says how late: the unit-level one too, from the item behind it.
  const run = await launch('records', (definition) => ({ ...definition, messages: { ...definition.messages, 'supervision-notice': { subject: '督办通知', text: '{{unit}}：已逾期{{daysLate}}个工作日。' } } }));
  const head = '科长';
  // 滕州市 misses both reports; the supervisor takes the supervision notice step on each.
  await run.until('2022-04-22 12:00');
  await run.obligation('tengzhou', 'measures').executeUpdate(decideUpdate, { args: [{ action: 'proceed', decidedBy: head, reason: '逾期未报' }] });
  await run.until('2022-05-10 12:00');
  await run.obligation('tengzhou', 'publicity@world-ip-day').executeUpdate(decideUpdate, { args: [{ action: 'proceed', decidedBy: head, reason: '逾期未报' }] });
  await run.until('2022-05-10 12:05');
  let record = (await run.campaign.query(unitRecordsQuery)).find((entry) => entry.unit.id === 'tengzhou')!;
  expect(record).toMatchObject({ overdueCount: 2, supervisionNotices: 2, firedRules: ['repeated'] });
  expect(record.pending).toEqual([expect.objectContaining({ ruleId: 'repeated', levelName: '督办通知' })]);
  expect(mail.mailsTo('head@example.gov.cn').map((message) => message.subject)).toContain('【转督办】宣传情况（4·26世界知识产权日）');

  // A wrong call is refused with its reason and changes nothing.
  const refusal = (action: object) => run.campaign.executeUpdate(unitActionUpdate, { args: [{ unitId: 'tengzhou', by: head, reason: '多次督办', ...action } as never] });
  await expect(refusal({ unitId: 'nowhere', action: 'praise' })).rejects.toThrow(WorkflowUpdateFailedError);
  await expect(refusal({ action: 'uncriticize' })).rejects.toThrow(WorkflowUpdateFailedError);
  await expect(refusal({ action: 'proceed', ruleId: 'unknown' })).rejects.toThrow(WorkflowUpdateFailedError);
  const reason = await refusal({ action: 'uncriticize' }).catch((error: WorkflowUpdateFailedError) => (error.cause as Error).message);
  expect(reason).toBe('滕州市市场监督管理局不在通报批评名单上');

  // The supervisor agrees: the unit-level supervision notice goes out, with its document.
  record = await run.campaign.executeUpdate(unitActionUpdate, { args: [{ unitId: 'tengzhou', action: 'proceed', ruleId: 'repeated', by: head, reason: '本活动中两次督办' }] });
  expect(record).toMatchObject({ supervisionNotices: 3, pending: [] });
  const notices = mail.mailsTo('head@example.gov.cn').filter((message) => message.subject === '督办通知');
  expect(notices).toHaveLength(3);
  expect(notices.at(-1)!.attachments[0]?.filename).toBe('督办通知-滕州市市场监督管理局-宣传情况（4·26世界知识产权日）-2022-05-10.docx');
  expect(notices.map((notice) => notice.text.trim())).toEqual(Array(3).fill('滕州市市场监督管理局：已逾期5个工作日。'));

  // Praise for 薛城区, criticism and its withdrawal for 滕州市: each recorded with who and why.
  await run.campaign.executeUpdate(unitActionUpdate, { args: [{ unitId: 'xuecheng', action: 'praise', by: head, reason: '按时高质量完成' }] });
  const praise = mail.mailsTo('xuecheng@example.gov.cn').find((message) => message.subject === '表扬');
  expect(praise?.text.trim()).toBe('薛城区市场监督管理局');
  record = await run.campaign.executeUpdate(unitActionUpdate, { args: [{ unitId: 'tengzhou', action: 'criticize', by: head, reason: '多次督办仍未报送' }] });
  expect(record).toMatchObject({ criticisms: 1, onCriticismList: true });
  record = await run.campaign.executeUpdate(unitActionUpdate, { args: [{ unitId: 'tengzhou', action: 'uncriticize', by: head, reason: '已整改到位' }] });
  expect(record.onCriticismList).toBe(false);
  expect(record.history.map((entry) => [entry.event, entry.by])).toEqual(
    expect.arrayContaining([
      ['decided', head],
      ['criticism-bulletin', head],
      ['uncriticized', head],
    ]),
  );
  await recordHistory('campaign-unit-records', run.campaign);
});

it('a supervisor’s supervision notice: the notice and its document, a rectification with its own reminders and ladder, the item’s own ladder stopped', async () => {
  const run = await launch('supervise', (definition) => ({
    ...definition,
    escalation: { ...definition.escalation, levels: definition.escalation.levels.map((level) => (level.id === 'supervision-notice' ? { ...level, notify: ['unit-contacts', 'supervisors'] } : level)) },
    messages: { ...definition.messages, 'supervision-notice': { subject: '督办通知', text: '{{unit}}：\n贵单位“{{obligation}}”已逾期{{daysLate}}个工作日。{{reason}}\n{{issuer}}' } },
  }));
  const head = '科长';
  const instanceOf = (unit: string) => compilePlan(run.definition).plan.instances.find((candidate) => candidate.id === `supervise/${unit}/measures`)!;
  const order = async (unit: string, at: string) =>
    supervision(run.definition, instanceOf(unit), { issuedBy: head, reason: '逾期未报送落实措施', dueAt: (await run.state(unit, 'measures')).dueAt, now: beijing(at), rectifyBy: '2022-04-26' });
  await run.obligation('xuecheng', 'measures').executeUpdate(submitUpdate, { args: [{ unitId: 'xuecheng', submittedBy: '薛城区局', content: '落实措施' }] });
  await run.until('2022-04-19 10:00'); // 滕州市: two working days late, the overdue notice sent

  // Only an overdue item can be supervised; a wrong call says why and changes nothing.
  const refused = await run.obligation('xuecheng', 'measures').executeUpdate(superviseUpdate, { args: [await order('xuecheng', '2022-04-19 10:00')] }).catch((error: WorkflowUpdateFailedError) => (error.cause as Error).message);
  expect(refused).toBe('只能对已逾期未报送的任务下发督办通知（薛城区市场监督管理局的“落实措施”当前状态为“已报送待审核”）');
  await expect(run.obligation('tengzhou', 'measures').executeUpdate(superviseUpdate, { args: [{ ...(await order('tengzhou', '2022-04-19 10:00')), reason: ' ' }] })).rejects.toThrow(WorkflowUpdateFailedError);

  const state = await run.obligation('tengzhou', 'measures').executeUpdate(superviseUpdate, { args: [await order('tengzhou', '2022-04-19 10:00')] });
  const rectificationId = 'supervise/tengzhou/measures-rectification-1';
  stack.started.push(rectificationId);
  expect(state).toMatchObject({ status: 'overdue', escalationLevel: 2, rectifications: [rectificationId] });
  const notice = mail.mailsTo('tengzhou@example.gov.cn').find((message) => message.subject === '督办通知' && message.text.includes('已逾期2个工作日'))!;
  expect(notice.text).toContain('逾期未报送落实措施。请于2022年4月26日 17:30前报送整改情况。');
  expect(notice.to).toEqual(expect.arrayContaining(['tengzhou@example.gov.cn', 'head@example.gov.cn']));
  expect(notice.attachments.map((file) => file.filename)).toEqual(['督办通知-滕州市市场监督管理局-落实措施-2022-04-19.docx']);
  expect((await run.campaign.query(unitRecordsQuery)).find((entry) => entry.unit.id === 'tengzhou')).toMatchObject({ supervisionNotices: 1 });

  // The rectification runs on its own deadline with the definition's reminders and ladder, on
  // 2022's calendar (04-24, a Sunday, was a working day; 04-30 to 05-04 were holidays).
  await run.until('2022-05-06 12:00');
  const rectification = await env.client.workflow.getHandle(rectificationId).query(stateQuery);
  expect(rectification.dueAt).toBe('2022-04-26T09:30:00.000Z');
  expect(sent(rectification)).toEqual([
    '2022-04-22T01:00 reminder-3wd-20220426',
    '2022-04-25T01:00 reminder-1wd-20220426',
    '2022-04-27T01:00 escalation-1-overdue-notice-20220426',
    '2022-05-06T01:00 escalation-2-supervision-notice-20220426-decision',
  ]);
  expect(rectification).toMatchObject({ status: 'awaiting-decision' });
  expect(mail.mailsTo('tengzhou@example.gov.cn').filter((message) => message.subject === '【提醒】落实措施（整改）')).toHaveLength(2);
  // The item itself escalates no further: its own supervision step (due 04-22) never came.
  expect(sent(await run.state('tengzhou', 'measures'))).toEqual([
    '2022-04-12T01:00 reminder-3wd',
    '2022-04-14T01:00 reminder-1wd',
    '2022-04-18T01:00 escalation-1-overdue-notice',
    '2022-04-19T02:00 supervision-notice-1',
  ]);
  await recordHistory('obligation-supervised', run.obligation('tengzhou', 'measures'));
  // The campaign's control reaches the rectification through the item that ordered it.
  await run.campaign.executeUpdate(cancelCampaignUpdate, { args: [{ by: '管理员', reason: '上级通知停止' }] });
  expect(((await env.client.workflow.getHandle(rectificationId).result()) as ObligationState).status).toBe('cancelled');
});

it('a supervisor waives an obligation outright: recorded with who and why, nothing more is sent; a waiver without a reason is refused', async () => {
  const run = await launch('waive');
  await run.until('2022-04-11 10:00');
  const waived = await run.obligation('tengzhou', 'measures').executeUpdate(waiveUpdate, { args: [{ waivedBy: '科长', reason: '该局已并入专项整治' }] });
  expect(waived.status).toBe('waived');
  expect(waived.history.at(-1)).toMatchObject({ event: 'waived', detail: '科长免除该任务：该局已并入专项整治' });
  const refused = await run.obligation('xuecheng', 'measures').executeUpdate(waiveUpdate, { args: [{ waivedBy: '科长', reason: '' }] }).catch((error: WorkflowUpdateFailedError) => (error.cause as Error).message);
  expect(refused).toBe('免除须说明理由');
  await run.until('2022-04-25 10:00');
  const final = (await run.obligation('tengzhou', 'measures').result()) as ObligationState;
  expect(final.status).toBe('waived');
  expect(sent(final)).toEqual([]);
  expect(sent(await run.state('xuecheng', 'measures'))).toContain('2022-04-18T01:00 escalation-1-overdue-notice');
});

it('refuses to take a proposed step whose rule an amendment removed, with the reason, and changes nothing; the proposal can still be dismissed', async () => {
  const run = await launch('removed-rule');
  const head = '科长';
  const event = { unit: { id: 'tengzhou', name: '滕州市市场监督管理局' }, recipients: {}, obligation: { id: 'measures', title: '落实措施' }, dueAt: beijing('2022-04-15 17:30'), kind: 'supervision-notice', level: 2, returns: 0, at: beijing('2022-04-22 09:00') };
  // Two supervision notices (as the obligations tell them) fire the rule: its step waits for a supervisor.
  await run.campaign.signal(unitEventSignal, event);
  await run.campaign.signal(unitEventSignal, event);
  const tengzhou = async () => (await run.campaign.query(unitRecordsQuery)).find((record) => record.unit.id === 'tengzhou');
  // (Until the supervisors were told: the record notes the message once it is sent.)
  const isTold = (record: UnitRecord | undefined) => record?.pending.length === 1 && record.history.at(-1)?.event === 'message-sent';
  for (const deadline = Date.now() + 10_000; !isTold(await tengzhou()); await new Promise((resolve) => setTimeout(resolve, 50))) {
    if (Date.now() > deadline) throw new Error('the rule did not fire');
  }
  await run.campaign.executeUpdate(amendCampaignUpdate, { args: [{ by: '管理员', reason: '取消重复督办规则', definition: { ...run.definition, escalation: { ...run.definition.escalation, rules: [] } } }] });
  const before = await tengzhou();

  const refused = await run.campaign
    .executeUpdate(unitActionUpdate, { args: [{ unitId: 'tengzhou', action: 'proceed', ruleId: 'repeated', by: head, reason: '两次督办' }] })
    .catch((error: WorkflowUpdateFailedError) => (error.cause as Error).message);
  expect(refused).toBe('规则“repeated”已不在方案中，不能采取其措施（可选择不予采取）');
  expect(await tengzhou()).toEqual(before);
  expect(await run.campaign.query(campaignProgressQuery)).toMatchObject({ phase: 'running' });

  const dismissed = await run.campaign.executeUpdate(unitActionUpdate, { args: [{ unitId: 'tengzhou', action: 'dismiss', ruleId: 'repeated', by: head, reason: '规则已取消' }] });
  expect(dismissed).toMatchObject({ pending: [], supervisionNotices: 2 });
  expect(dismissed.history.at(-1)).toMatchObject({ event: 'dismissed', by: head });
});

// Obligations of a finished test must not go on sending while the next one skips time.
afterEach(() => stack.terminateStarted());
