/**
 * Catch-up on the time-skipping server: an obligation launched after its deadline enters the
 * ladder at the level its lateness implies (no flood of back-dated email), and a campaign pause
 * neither drops a step that waits for a supervisor's decision nor counts the same lateness twice.
 * The unit's record is kept by the campaign: here a stand-in workflow receives the obligation's
 * `unitEvent` signals, and the test reads them from its history.
 */
import path from 'node:path';
import { defaultPayloadConverter } from '@temporalio/common';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { compilePlan } from '../config/compile';
import { loadCampaign } from '../config/definition/load';
import type { Definition } from '../config/definition/schema';
import { obligationInput, reschedule } from '../config/workflow-input';
import { obligationWorkflow } from '../workflows';
import { controlSignal, decideUpdate, type ObligationState, stateQuery, type UnitEvent } from '../contracts/obligation';
import { implementationMeasures } from './support/instances';
import { recordHistory } from './support/histories';
import { type MailCatcher } from './support/mail-catcher';
import { startTestStack, type TestStack } from './support/test-stack';

const taskQueue = 'obligation-catch-up';
const fixture = path.join(__dirname, 'fixtures/minimal-campaign.yaml');
let env: TestWorkflowEnvironment;
let mail: MailCatcher;
let stack: TestStack;
let runs = 0;

beforeAll(async () => {
  stack = await startTestStack({ taskQueue, withClient: false });
  ({ env, mail } = stack);
});

afterAll(async () => {
  await stack?.stop();
});

/** Each run has its own mailboxes and workflow IDs, so tests never read each other's mail. */
function withMailboxes(definition: Definition, run: string): Definition {
  const rename = (email: string) => email.replace('@', `+${run}@`);
  return {
    ...definition,
    campaign: { ...definition.campaign, id: `catch-up-${run}`, supervisors: definition.campaign.supervisors.map((person) => ({ ...person, ...(person.email ? { email: rename(person.email) } : {}) })) },
    units: definition.units.map((unit) => ({ ...unit, contacts: unit.contacts.map((contact) => ({ ...contact, ...(contact.email ? { email: rename(contact.email) } : {}) })) })),
  };
}

/**
 * Starts 滕州市's 落实措施 (due 2022-04-15 17:30) so that the server's "now" is `planNow`; its
 * unit events go to a stand-in for the campaign workflow.
 */
async function launch(planNow: string, change: (definition: Definition) => Definition = (definition) => definition) {
  const run = `r${(runs += 1)}`;
  const definition = change(withMailboxes(loadCampaign(fixture).definition, run));
  const { plan } = compilePlan(definition);
  const instance = plan.instances.find((candidate) => candidate.unitId === 'tengzhou' && candidate.schedule.obligationId === 'measures')!;
  const offset = (await env.currentTimeMs()) - Date.parse(planNow);
  const records = await env.client.workflow.start(obligationWorkflow, {
    taskQueue,
    workflowId: `${plan.campaign.id}/records`,
    // Open as long as any test runs, so that it receives every signal.
    args: [{ ...implementationMeasures(await env.currentTimeMs(), `records+${run}@example.gov.cn`, plan.campaign.id), closesAt: '2100-01-01T00:00:00.000Z' }],
  });
  const handle = await env.client.workflow.start(obligationWorkflow, {
    taskQueue,
    workflowId: instance.id,
    // The stand-in holds no definition to read templates from: the obligation carries its own.
    args: [{ ...obligationInput(plan, definition, instance, { timeOffsetMs: offset, campaignWorkflowId: records.workflowId }), templates: definition.messages }],
  });
  const receivedEvents = async () => {
    const history = await records.fetchHistory();
    return (history.events ?? [])
      .filter((event) => event.workflowExecutionSignaledEventAttributes?.signalName === 'unitEvent')
      .map((event) => defaultPayloadConverter.fromPayload<UnitEvent>(event.workflowExecutionSignaledEventAttributes!.input!.payloads![0]!));
  };
  /**
   * The unit events received once `count` have arrived (a signal may still be on its way when
   * the state shows the step), and a moment more to see that no other follows.
   */
  const unitEvents = async (count: number) => {
    const deadline = Date.now() + 10_000;
    while ((await receivedEvents()).length < count && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    await new Promise((resolve) => setTimeout(resolve, 300));
    return receivedEvents();
  };
  const sleepUntilPlan = async (instant: string) => env.sleep(Date.parse(instant) + offset - (await env.currentTimeMs()));
  const address = (name: string) => `${name}+${run}@example.gov.cn`;
  return { definition, plan, instance, handle, records, unitEvents, sleepUntilPlan, address, offset };
}

/** Polls the state query (a query does not move the server's clock) until `isReady`. */
async function waitForState(handle: { query: (query: typeof stateQuery) => Promise<ObligationState> }, isReady: (state: ObligationState) => boolean): Promise<ObligationState> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const state = await handle.query(stateQuery);
    if (isReady(state)) return state;
    if (Date.now() > deadline) throw new Error(`state never became ready: ${JSON.stringify(state)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Ends what a test started (the obligation may have completed already). */
async function finish(run: { handle: { terminate: (reason: string) => Promise<unknown> }; records: { terminate: (reason: string) => Promise<unknown> } }) {
  for (const handle of [run.handle, run.records]) await handle.terminate('test done').catch(() => undefined);
}

const events = (state: ObligationState) => state.history.map((entry) => entry.event);
const beijing = (localDateTime: string) => new Date(`${localDateTime}:00+08:00`).toISOString();

/** Levels: 逾期提醒 (04-18), 督办通知 without a decision (04-22, to the unit, copied to the supervisors), 约谈 with one (05-09). */
const threeLevels = (definition: Definition): Definition => ({
  ...definition,
  escalation: {
    ...definition.escalation,
    levels: [
      definition.escalation.levels[0]!,
      { ...definition.escalation.levels[1]!, requiresDecision: false, notify: ['unit-contacts', 'supervisors'] },
      { id: 'interview', name: '约谈', after: { workingDays: 15 }, notify: ['unit-contacts', 'supervisors'], message: 'interview-notice', requiresDecision: true },
    ],
  },
});

describe('a launch after the deadline', () => {
  it('enters the ladder at the level its lateness implies: one notice now, the steps below recorded as skipped and counted', async () => {
    // Launched on 2022-04-25: the deadline (04-15), the overdue notice (04-18) and the supervision notice (04-22) lie in the past.
    const run = await launch(beijing('2022-04-25 10:00'), threeLevels);
    const state = await waitForState(run.handle, (current) => current.escalationLevel === 2);

    expect(state).toMatchObject({ status: 'overdue', escalationLevel: 2 });
    expect(events(state)).toEqual(['message-skipped', 'message-skipped', 'overdue', 'message-skipped', 'escalated', 'message-sent', 'escalated']);
    expect(state.history.filter((entry) => entry.event === 'message-skipped').map((entry) => entry.detail)).toEqual([
      expect.stringContaining('（reminder-3wd）：计划时间早于启动时间，不补发'),
      expect.stringContaining('（reminder-1wd）：计划时间早于启动时间，不补发'),
      expect.stringContaining('（escalation-1-overdue-notice）：计划时间早于启动时间，不补发'),
    ]);
    // Sent now, on the plan's clock, not back-dated to 04-22.
    expect(state.history.find((entry) => entry.event === 'message-sent')!.at.slice(0, 10)).toBe('2022-04-25');

    // Exactly one email: the supervision notice, to the unit, copied to the supervisors.
    const unit = run.address('tengzhou');
    const supervisor = run.address('head');
    await mail.waitForMails(unit, 1);
    await env.sleep('1 hour'); // nothing else is on its way
    const arrived = mail.mails.filter((message) => message.to.includes(unit) || message.to.includes(supervisor));
    expect(arrived.map((message) => [message.subject, message.to.filter((address) => !message.cc.includes(address)), message.cc])).toEqual([['督办通知', [unit], [supervisor]]]);
    expect(arrived[0]!.messageId).toBe(`<${run.plan.campaign.id}.tengzhou.measures.escalation-2-supervision-notice@example.gov.cn>`);

    // The unit's record counts the lateness and both levels, the skipped one included.
    expect((await run.unitEvents(3)).map((event) => [event.kind, event.level])).toEqual([
      ['overdue', 0],
      ['overdue-notice', 1],
      ['supervision-notice', 2],
    ]);
    await finish(run);
    await recordHistory('obligation-late-launch', run.handle);
  });

  it('asks the supervisors, once, for the decision the current step needs, and sends nothing to the unit', async () => {
    // The fixture's 督办通知 (04-22) needs a decision; launched on 04-25.
    const run = await launch(beijing('2022-04-25 10:00'));
    const state = await waitForState(run.handle, (current) => current.history.at(-1)?.event === 'message-sent');
    expect(state).toMatchObject({ escalationLevel: 1, pendingDecision: { key: 'escalation-2-supervision-notice', level: 2 } });
    expect(events(state)).toEqual(['message-skipped', 'message-skipped', 'overdue', 'message-skipped', 'escalated', 'awaiting-decision', 'message-sent']);

    await env.sleep('2 days'); // before the first reminder of the decision (3 days)
    expect(mail.mailsTo(run.address('head')).map((message) => message.subject)).toEqual(['【转督办】落实措施']);
    expect(mail.mailsTo(run.address('tengzhou'))).toEqual([]);
    expect((await run.unitEvents(2)).map((event) => event.kind)).toEqual(['overdue', 'overdue-notice']);
    await finish(run);
  });
});

describe('a pause', () => {
  const pause = { action: 'pause' as const, by: '知识产权保护科', reason: '疫情防控' };
  const resume = { action: 'resume' as const, by: '知识产权保护科', reason: '恢复' };

  it('keeps a step that waits for a decision waiting (deadlines not shifted); the decision after the resume takes it', async () => {
    const run = await launch(beijing('2022-03-25 00:00'));
    await run.sleepUntilPlan(beijing('2022-04-22 12:00')); // the 督办通知 step (09:00) waits for a decision
    await waitForState(run.handle, (current) => current.status === 'awaiting-decision');
    await run.handle.signal(controlSignal, pause);
    await waitForState(run.handle, (current) => current.paused !== undefined);
    await run.sleepUntilPlan(beijing('2022-04-27 12:00'));
    await run.handle.signal(controlSignal, resume);
    const resumed = await waitForState(run.handle, (current) => current.paused === undefined);

    expect(resumed).toMatchObject({ status: 'awaiting-decision', escalationLevel: 1, pendingDecision: { key: 'escalation-2-supervision-notice', level: 2 } });
    expect(resumed.history.filter((entry) => entry.event === 'message-skipped')).toEqual([]);
    await run.handle.executeUpdate(decideUpdate, { args: [{ action: 'proceed', decidedBy: '知识产权保护科科长', reason: '逾期未报送' }] });
    const decided = await waitForState(run.handle, (current) => current.escalationLevel === 2);
    expect(decided.status).toBe('overdue');
    expect(decided.pendingDecision).toBeUndefined();
    expect(events(decided).slice(-6)).toEqual(['message-sent', 'paused', 'resumed', 'decided', 'message-sent', 'escalated']);
    // The supervisors were asked once (no reminder fell due outside the pause), then got the notice.
    await mail.waitForMails(run.address('head'), 2);
    expect(mail.mailsTo(run.address('head')).map((message) => message.messageId.replace(/@.*/, '').split('.').at(-1))).toEqual([
      'escalation-2-supervision-notice-decision',
      'escalation-2-supervision-notice',
    ]);
    expect((await run.unitEvents(3)).map((event) => event.kind)).toEqual(['overdue', 'overdue-notice', 'supervision-notice']);
    await finish(run);
    await recordHistory('obligation-decision-across-pause', run.handle);
  });

  it('counts an item overdue before a pause once when the resume shifts its deadline, and keeps the level it had taken', async () => {
    const run = await launch(beijing('2022-03-25 00:00'));
    await run.sleepUntilPlan(beijing('2022-04-19 12:00')); // overdue since 04-15, the overdue notice sent on 04-18
    await waitForState(run.handle, (current) => current.escalationLevel === 1);
    await run.handle.signal(controlSignal, pause);
    await waitForState(run.handle, (current) => current.paused !== undefined);
    await run.sleepUntilPlan(beijing('2022-04-26 12:00'));
    // Seven days paused: the deadline moves from 04-15 to 04-22, already past again.
    await run.handle.signal(controlSignal, { ...resume, shiftDays: 7, schedule: reschedule(run.definition, run.instance, '2022-04-22') });
    const resumed = await waitForState(run.handle, (current) => current.paused === undefined);

    expect(resumed).toMatchObject({ status: 'overdue', escalationLevel: 1, dueAt: '2022-04-22T09:30:00.000Z' });
    expect(resumed.history.find((entry) => entry.event === 'resumed')!.detail).toContain('截止时间顺延至 2022-04-22T09:30:00.000Z（顺延后仍已逾期，不重复计为逾期）');
    expect(events(resumed).filter((event) => event === 'overdue')).toHaveLength(1);
    // The shifted ladder goes on: its 督办通知 (5 working days after 04-22) waits for a decision.
    await run.sleepUntilPlan(beijing('2022-05-05 12:00'));
    const waiting = await waitForState(run.handle, (current) => current.status === 'awaiting-decision');
    expect(waiting).toMatchObject({ escalationLevel: 1, pendingDecision: { key: 'escalation-2-supervision-notice-20220422', level: 2 } });
    expect((await run.unitEvents(2)).map((event) => event.kind)).toEqual(['overdue', 'overdue-notice']);
    await finish(run);
    await recordHistory('obligation-shifted-while-late', run.handle);
  });

  it('counts a new lateness when a deadline moved into the future passes again', async () => {
    const run = await launch(beijing('2022-03-25 00:00'));
    await run.sleepUntilPlan(beijing('2022-04-19 12:00'));
    await waitForState(run.handle, (current) => current.escalationLevel === 1);
    await run.handle.signal(controlSignal, pause);
    await waitForState(run.handle, (current) => current.paused !== undefined);
    await run.sleepUntilPlan(beijing('2022-04-20 12:00'));
    await run.handle.signal(controlSignal, { ...resume, schedule: reschedule(run.definition, run.instance, '2022-04-29') });
    expect(await waitForState(run.handle, (current) => current.paused === undefined)).toMatchObject({ status: 'open', escalationLevel: 0 });
    await run.sleepUntilPlan(beijing('2022-04-29 18:00'));
    await waitForState(run.handle, (current) => current.status === 'overdue');
    expect((await run.unitEvents(3)).map((event) => event.kind)).toEqual(['overdue', 'overdue-notice', 'overdue']);
    await finish(run);
  });
});
