/**
 * What the campaign workflow's own history carries, on the time-skipping server with a real SMTP
 * server on loopback: the launch batches carry a revision of the definition, not the definition
 * (the activity reads it from the campaign, once per worker); the campaign continues as new at
 * a history length and keeps its progress, records, pause and amended definition; a unit-level
 * message the relay refuses is reported to the administrator.
 */
import { launched } from './support/poll';
import path from 'node:path';
import { TestWorkflowEnvironment, MockActivityEnvironment } from '@temporalio/testing';
import { temporal } from '@temporalio/proto';
import { definitionCache, launchObligations } from '../activities/launch';
import { syntheticDefinition } from '../bench/compile';
import { loadCampaign } from '../config/definition/load';
import type { Definition } from '../config/definition/schema';
import { rebaseOffset } from '../config/workflow-input';
import { campaignWorkflow } from '../workflows';
import { carriedRecords } from '../workflows/campaign/unit-records';
import { amendCampaignUpdate, type CampaignInput, campaignDefinitionQuery, campaignProgressQuery, campaignWorkflowId, pauseCampaignUpdate, resumeCampaignUpdate, unitActionUpdate, type UnitRecord, unitRecordsQuery } from '../contracts/campaign';
import { stateQuery, type UnitEvent, unitEventSignal } from '../contracts/obligation';
import { definitionRevision } from '../contracts/definition-revision';
import { recordHistory } from './support/histories';
import { type MailCatcher } from './support/mail-catcher';
import { startTestStack, type TestStack } from './support/test-stack';

const taskQueue = 'campaign-history';
const refused = ['refused-tengzhou@example.gov.cn', 'refused-head@example.gov.cn'];
let env: TestWorkflowEnvironment;
let mail: MailCatcher;
let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack({ taskQueue, rejectRecipients: refused });
  ({ env, mail } = stack);
});

afterAll(async () => {
  await stack?.stop();
});

afterEach(() => stack.terminateStarted());

const EventType = temporal.api.enums.v1.EventType;
const bytesOf = (history: temporal.api.history.v1.IHistory) => temporal.api.history.v1.History.encode(history).finish().length;

/** Launches the minimal campaign under its own id, rebased so that 2022-03-25 is now. */
async function launch(id: string, options: Partial<CampaignInput> = {}, change: (definition: Definition) => Definition = (definition) => definition) {
  const loaded = loadCampaign(path.join(__dirname, 'fixtures/minimal-campaign.yaml'));
  const definition = change({ ...loaded.definition, campaign: { ...loaded.definition.campaign, id } });
  const offset = rebaseOffset(loaded.plan, await env.currentTimeMs());
  const input: CampaignInput = { launch: { definition, taskQueue, timeOffsetMs: offset }, endsAt: loaded.plan.campaign.period.endsAt, ...options };
  const campaign = await env.client.workflow.start(campaignWorkflow, { taskQueue, workflowId: campaignWorkflowId(id), args: [input] });
  await launched(campaign);
  const obligations = loaded.plan.instances.map((instance) => instance.id.replace(/^minimal\//, `${id}/`));
  stack.started.push(campaignWorkflowId(id), ...obligations);
  return { campaign, definition, obligations, offset, endsAt: input.endsAt };
}

/** What an obligation tells its campaign when it takes a supervision notice step. */
const supervisionEvent = (unitId: string, unitName: string): UnitEvent => ({
  unit: { id: unitId, name: unitName },
  recipients: {},
  obligation: { id: 'measures', title: '落实措施' },
  dueAt: '2022-04-15T09:30:00.000Z',
  kind: 'supervision-notice',
  level: 2,
  returns: 0,
  at: '2022-04-22T01:00:00.000Z',
});

describe('the launch batches', () => {
  it('carry the definition’s revision, not the definition: the history grows by a few hundred bytes per batch, whatever the definition’s size', async () => {
    const four = await launch('batches-four', { batchSize: 1 });
    const definitionBytes = Buffer.byteLength(JSON.stringify(four.definition));
    const history = await four.campaign.fetchHistory();
    expect(await four.campaign.query(campaignProgressQuery)).toEqual({ phase: 'running', launched: 4, alreadyRunning: 0, total: 4 });

    const events = history.events ?? [];
    const launches = events.filter((event) => event.eventType === EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED);
    expect(launches).toHaveLength(4);
    for (const event of launches) {
      const attributes = event.activityTaskScheduledEventAttributes!;
      expect(attributes.activityType?.name).toBe('launchObligations');
      const payload = attributes.input!.payloads![0]!.data!;
      const slice = JSON.parse(Buffer.from(payload).toString('utf8')) as Record<string, unknown>;
      expect(slice).not.toHaveProperty('definition');
      expect(slice.definitionRevision).toBe(definitionRevision(four.definition));
      expect(payload.length).toBeLessThan(400);
    }
    // From the first batch scheduled to the last completed: the activity's events and the
    // workflow tasks between them, per batch.
    const first = events.indexOf(launches[0]!);
    const last = events.map((event) => event.eventType).lastIndexOf(EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED);
    const perBatch = bytesOf({ events: events.slice(first, last + 1) }) / 4;
    expect(perBatch).toBeLessThan(1_000);
    expect(perBatch).toBeLessThan(definitionBytes / 3);
    // The definition is in the history once, in the start event.
    const started = bytesOf({ events: events.slice(0, 1) });
    expect(started).toBeGreaterThan(definitionBytes);
    expect(bytesOf(history)).toBeLessThan(started + 4 * 1_000 + 3_000);

    const synthetic = Buffer.byteLength(JSON.stringify(syntheticDefinition(3000, 30)));
    console.log(
      `campaign history: ${bytesOf(history)} bytes, ${events.length} events for 4 batches (start event ${started}); ${perBatch.toFixed(0)} bytes per batch ` +
        `(definition ${definitionBytes} bytes, was carried in each); synthetic 3,000 × 30 definition ${synthetic} bytes`,
    );
    await recordHistory('campaign-launched-by-revision', four.campaign);
  });

  it('read the definition from the campaign once per worker and revision; the old input (definition inside) still launches', async () => {
    const run = await launch('read-once');
    const revision = definitionRevision(run.definition);
    const cache = definitionCache();
    const activity = new MockActivityEnvironment();
    const slice = { taskQueue, campaignWorkflowId: run.campaign.workflowId, definitionRevision: revision, timeOffsetMs: run.offset, offset: 0, limit: 10 };
    expect(await activity.run(launchObligations, env.client, slice, cache)).toEqual({ total: 4, started: 0, alreadyRunning: 4 });
    expect(await activity.run(launchObligations, env.client, { ...slice, offset: 2 }, cache)).toEqual({ total: 4, started: 0, alreadyRunning: 2 });
    expect(cache.reads).toBe(1);
    // A revision the campaign does not run is not launched from (retried by Temporal until the campaign runs it).
    await expect(activity.run(launchObligations, env.client, { ...slice, definitionRevision: 'other' }, cache)).rejects.toMatchObject({ type: 'DefinitionRevisionMismatch', nonRetryable: false });
    const old = { taskQueue, campaignWorkflowId: run.campaign.workflowId, timeOffsetMs: run.offset, offset: 0, limit: 10, definition: run.definition };
    expect(await activity.run(launchObligations, env.client, old, definitionCache())).toEqual({ total: 4, started: 0, alreadyRunning: 4 });
  });
});

describe('continue-as-new', () => {
  it('keeps progress, unit records, the pause and the amended definition; the campaign still ends', async () => {
    const run = await launch('carried', { continueAsNewAfterEvents: 120 });
    const firstRunId = (await run.campaign.describe()).runId;
    const head = { by: '科长', reason: '两次督办' };
    // 滕州市: two supervision notices fire the rule, whose step waits for a supervisor.
    await run.campaign.signal(unitEventSignal, supervisionEvent('tengzhou', '滕州市市场监督管理局'));
    await run.campaign.signal(unitEventSignal, supervisionEvent('tengzhou', '滕州市市场监督管理局'));
    await run.campaign.executeUpdate(unitActionUpdate, { args: [{ unitId: 'xuecheng', action: 'praise', ...head }] });
    const amended = { ...run.definition, obligations: run.definition.obligations.map((obligation) => (obligation.id === 'measures' ? { ...obligation, due: { date: '2022-04-22' } } : obligation)) };
    await run.campaign.executeUpdate(amendCampaignUpdate, { args: [{ by: '管理员', reason: '延长报送时间', definition: amended }] });
    await run.campaign.executeUpdate(pauseCampaignUpdate, { args: [{ by: '管理员', reason: '疫情防控' }] });
    const before = { progress: await run.campaign.query(campaignProgressQuery), records: await run.campaign.query(unitRecordsQuery), definition: await run.campaign.query(campaignDefinitionQuery) };
    expect(before.progress.phase).toBe('paused');
    expect(before.records.find((record) => record.unit.id === 'tengzhou')).toMatchObject({ supervisionNotices: 2, pending: [expect.objectContaining({ ruleId: 'repeated' })] });
    expect((await run.campaign.describe()).runId).toBe(firstRunId);
    console.log(`history before the continue-as-new: ${(await run.campaign.fetchHistory()).events?.length} events`);

    // Messages the record does not count still grow the history, up to the threshold.
    const reminder = { ...supervisionEvent('tengzhou', '滕州市市场监督管理局'), kind: 'reminder', level: 0 };
    // (Then quiet: a signal arriving while the workflow task that continues as new runs makes
    // Temporal refuse that task, and it is tried again.)
    const firstRun = env.client.workflow.getHandle(run.campaign.workflowId, firstRunId);
    for (let signals = 0; ((await firstRun.fetchHistory()).events ?? []).length < 120; signals += 1) {
      if (signals > 100) throw new Error('the history does not grow');
      await run.campaign.signal(unitEventSignal, reminder);
    }
    // The campaign looks at its history length in its next workflow task: one more signal a second.
    for (let waited = 0; (await run.campaign.describe()).runId === firstRunId; waited += 1) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      if (waited % 20 === 19) await run.campaign.signal(unitEventSignal, reminder).catch(() => undefined);
      if (waited > 400) {
        const events = (await firstRun.fetchHistory()).events ?? [];
        throw new Error(`the campaign did not continue as new: ${events.length} events: ${events.map((event) => EventType[event.eventType!]?.replace('EVENT_TYPE_', '')).join(' ')}`);
      }
    }
    const first = await env.client.workflow.getHandle(run.campaign.workflowId, firstRunId).fetchHistory();
    expect(first.events?.at(-1)?.eventType).toBe(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW);
    expect(first.events!.length).toBeGreaterThanOrEqual(120);
    await recordHistory('campaign-continued-as-new', env.client.workflow.getHandle(run.campaign.workflowId, firstRunId));

    expect(await run.campaign.query(campaignProgressQuery)).toEqual(before.progress);
    expect(await run.campaign.query(unitRecordsQuery)).toEqual(before.records);
    expect(await run.campaign.query(campaignDefinitionQuery)).toEqual(before.definition);
    // The pause goes on in the new run: resumed ten days later, the deadlines move by ten days.
    await env.sleep(10 * 24 * 3600 * 1000);
    expect(await run.campaign.executeUpdate(resumeCampaignUpdate, { args: [{ by: '管理员', reason: '恢复' }] })).toMatchObject({ phase: 'running' });
    const measures = env.client.workflow.getHandle(`${run.campaign.workflowId.replace(/^campaign\//, '')}/tengzhou/measures`);
    let dueAt = '';
    for (const deadline = Date.now() + 10_000; dueAt === '' || dueAt === '2022-04-22T09:30:00.000Z'; await new Promise((resolve) => setTimeout(resolve, 100))) {
      if (Date.now() > deadline) throw new Error(`the deadline did not move: ${dueAt}`);
      dueAt = (await measures.query(stateQuery)).dueAt;
    }
    // The amended deadline (04-22) about ten days later, on a working day: the pause began in the first run.
    expect(dueAt > '2022-04-29' && dueAt < '2022-05-10').toBe(true);
    // And the proposal made in the first run is decided in the second.
    const record = await run.campaign.executeUpdate(unitActionUpdate, { args: [{ unitId: 'tengzhou', action: 'proceed', ruleId: 'repeated', ...head }] });
    expect(record).toMatchObject({ supervisionNotices: 3, pending: [] });

    for (const id of run.obligations) await env.client.workflow.getHandle(id).terminate('test done');
    await env.sleep(Date.parse(run.endsAt) + run.offset - (await env.currentTimeMs()) + 60_000);
    expect(await run.campaign.result()).toMatchObject({ phase: 'ended', launched: 4, total: 4 });
  });

  // The carried shape of runs before patched('campaign-compact-carried-state'); the compact one,
  // at 1,000 and 3,000 units, is measured in campaign-scale.test.ts.
  it('carries what fits in a payload: the records’ history is trimmed to the budget, the omitted entries counted by event', () => {
    const entry = (index: number) => ({ at: '2022-04-22T01:00:00.000Z', event: index % 2 ? 'message-sent' : 'overdue', by: '系统', detail: `任务${index}：逾期；督办通知（rule-repeated）→ unit-${index}@example.gov.cn` });
    const recordsOf = (count: number): UnitRecord[] =>
      Array.from({ length: count }, (_, index) => ({
        unit: { id: `unit-${index}`, name: `第${index}单位市场监督管理局` },
        overdueCount: 20, supervisionNotices: 2, interviews: 0, criticisms: 0, praises: 0, onCriticismList: false,
        pending: [], firedRules: ['repeated'],
        history: Array.from({ length: 40 }, (_, at) => entry(at)),
      }));
    const lastEventsOf = (count: number) => Array.from({ length: count }, (_, index) => ({ ...supervisionEvent(`unit-${index}`, `第${index}单位市场监督管理局`), obligation: { id: 'obligation-12', title: '制定春节期间知识产权保护工作预案', measure: '二(三)12' } }));
    const weigh = (value: unknown) => Buffer.byteLength(JSON.stringify(value));
    /** The next run's input of a campaign of `units` units, every one with a record of 40 entries and a last event. */
    const carriedInput = (units: number) => {
      const records = recordsOf(units);
      const rest = { launch: { definition: syntheticDefinition(units, 30) }, carried: { lastEvents: lastEventsOf(units) } };
      const carried = carriedRecords(records, weigh(rest));
      return { records, carried, bytes: weigh({ ...rest, carried: { ...rest.carried, records: carried } }), whole: weigh({ ...rest, carried: { ...rest.carried, records } }) };
    };

    // 1,000 units: the most recent entries of each unit, the same number for every unit, under 2 MB.
    const regional = carriedInput(1000);
    const perUnit = regional.carried[0]!.history.length;
    expect(regional.whole).toBeGreaterThan(6_000_000);
    expect(regional.bytes).toBeLessThan(1_600_000);
    expect(perUnit).toBeGreaterThan(0);
    expect(perUnit).toBeLessThan(40);
    expect(regional.carried[7]!.history).toEqual(regional.records[7]!.history.slice(-perUnit));
    const kept = (event: string) => regional.carried[7]!.history.filter((candidate) => candidate.event === event).length;
    expect(regional.carried[7]!.omittedHistory).toEqual({ overdue: 20 - kept('overdue'), 'message-sent': 20 - kept('message-sent') });
    // The counts travel whole.
    expect(regional.carried.map(({ history: _history, omittedHistory: _omitted, ...counts }) => counts)).toEqual(regional.records.map(({ history: _history, ...counts }) => counts));

    // 3,000 units: no history is carried, and what remains (definition, counts, last events) is
    // what a continue-as-new weighs (reported in the README; the workflow refuses to go over 2 MB).
    const national = carriedInput(3000);
    expect(national.carried.every((record) => record.history.length === 0)).toBe(true);
    console.log(`carried input, every unit with a record and 40 entries: 1,000 units ${regional.bytes} bytes (${perUnit} entries each; whole ${regional.whole}); 3,000 units ${national.bytes} bytes (no entries; whole ${national.whole})`);

    // A small campaign carries its records whole.
    expect(carriedRecords(recordsOf(7), 10_000)).toEqual(recordsOf(7));
  });
});

it('tells the administrator when the relay refuses a unit-level message (【投递失败】), as for an obligation’s messages', async () => {
  const run = await launch('refused', {}, (definition) => ({
    ...definition,
    campaign: { ...definition.campaign, supervisors: [{ name: '科长', email: 'refused-head@example.gov.cn' }] },
    units: definition.units.map((unit) => (unit.id === 'tengzhou' ? { ...unit, contacts: [{ name: '联络员', email: 'refused-tengzhou@example.gov.cn' }] } : unit)),
  }));
  const record = await run.campaign.executeUpdate(unitActionUpdate, { args: [{ unitId: 'tengzhou', action: 'praise', by: '科长', reason: '按时完成' }] });
  const notice = (await mail.waitForMails('section@example.gov.cn', 1)).find((message) => message.messageId === '<campaign.refused.tengzhou.praise-1-delivery-failed@example.gov.cn>');
  expect(notice?.subject).toBe('【投递失败】滕州市市场监督管理局“测试活动方案”的表扬未能送达');
  expect(notice?.text).toContain('表扬（praise-1）被拒收：SMTP refused the message');
  expect(mail.recipientAttempts.get('refused-tengzhou@example.gov.cn')).toBe(1);
  expect(record.history.map((entry) => entry.event)).toEqual(['praise', 'message-failed', 'message-sent']);
  await recordHistory('campaign-delivery-failed', run.campaign);
  expect(record.history[2]!.detail).toMatch(/^表扬（praise-1-delivery-failed）→ section@example\.gov\.cn/);
});
