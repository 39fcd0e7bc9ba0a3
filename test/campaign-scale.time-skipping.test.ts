/**
 * A national campaign on the time-skipping server: 3,000 units, every one with a record of a
 * few people's notes and a last event, continues as new within Temporal's payload limit with
 * every person's note; its records are read a page at a time (each answer within ~1 MB) by the
 * evaluation, with the same result as one read. A run continued from the older carried shape
 * (records whole) loads and continues into the compact one.
 */
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { defaultPayloadConverter } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import type { Definition } from '../config/definition/schema';
import { evaluateRunningCampaign, readUnitRecords } from '../evaluation/read-campaign';
import { evaluateCampaign } from '../evaluation/score';
import { campaignWorkflow } from '../workflows';
import { carriedInputBytes, compactCarriedInput } from '../workflows/carried-state';
import { type CampaignInput, campaignProgressQuery, campaignWorkflowId, unitActionUpdate, unitRecordQuery, unitRecordsPageQuery, unitRecordsQuery } from '../contracts/campaign';
import { type UnitEvent, unitEventSignal } from '../contracts/obligation';
import { eventTotalsOf, nationalDefinition, nationalLastEvents, nationalRecords, peopleNotesOf } from './campaign-scale-records';
import { recordHistory } from './support/histories';
import { type MailCatcher } from './support/mail-catcher';
import { startTestStack, type TestStack } from './support/test-stack';

const taskQueue = 'campaign-scale';
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

afterEach(() => stack.terminateStarted());

const EventType = temporal.api.enums.v1.EventType;
const weigh = (value: unknown) => Buffer.byteLength(JSON.stringify(value));
const running = (launched: number) => ({ phase: 'running' as const, launched, alreadyRunning: 0, total: launched });

/** The campaign's launch input under its own id, its plan clock at 2022-06-01 (it launches nothing: its progress is carried as running). */
async function launchInput(id: string, definition: Definition): Promise<CampaignInput> {
  const offset = (await env.currentTimeMs()) - Date.parse('2022-06-01T00:00:00.000Z');
  return { launch: { definition: { ...definition, campaign: { ...definition.campaign, id } }, taskQueue, timeOffsetMs: offset }, endsAt: '2022-12-31T15:59:59.999Z', continueAsNewAfterEvents: 20 };
}

const overdue = (unit: number): UnitEvent => ({
  unit: { id: `unit-${unit}`, name: `第${unit}单位` },
  recipients: {},
  obligation: { id: 'obligation-3', title: '任务3', measure: '二(三)3' },
  dueAt: '2022-05-16T09:30:00.000Z',
  kind: 'overdue',
  level: 1,
  returns: 0,
  at: '2022-05-17T01:00:00.000Z',
});

/** Signals overdue events (unit 1, 2, … of `units`) until the campaign's first run has continued as new; returns that run's history. */
async function continueAsNew(campaignId: string, firstRunId: string, units: number) {
  const overdueOf = (signal: number) => overdue(1 + ((signal - 1) % (units - 1)));
  const handle = env.client.workflow.getHandle(campaignWorkflowId(campaignId));
  const firstRun = env.client.workflow.getHandle(campaignWorkflowId(campaignId), firstRunId);
  let signals = 0;
  // Up to the threshold, then quiet (a signal while the continuing workflow task runs makes Temporal refuse it), one more now and then.
  while (((await firstRun.fetchHistory()).events ?? []).length < 20) {
    if (signals > 60) throw new Error('the history does not grow');
    await handle.signal(unitEventSignal, overdueOf((signals += 1)));
  }
  for (let waited = 0; (await handle.describe()).runId === firstRunId; waited += 1) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    if (waited % 20 === 19) await handle.signal(unitEventSignal, overdueOf((signals += 1))).catch(() => undefined);
    if (waited > 300) throw new Error('the campaign did not continue as new');
  }
  const history = await firstRun.fetchHistory();
  const last = history.events!.at(-1)!;
  expect(last.eventType).toBe(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW);
  const payload = last.workflowExecutionContinuedAsNewEventAttributes!.input!.payloads![0]!;
  return { history: firstRun, payloadBytes: payload.data!.length, next: defaultPayloadConverter.fromPayload<CampaignInput>(payload), signals };
}

it('continues a national campaign as new within the payload limit, every person’s note kept; its records read in pages give the evaluation of one read', async () => {
  const definition = nationalDefinition(3000);
  const records = nationalRecords(3000);
  const base = await launchInput('national-scale', definition);
  // What a national campaign's earlier run carried (the 40 entries' system notes trimmed to fit).
  const input = compactCarriedInput(base, { definition: base.launch.definition as Definition, progress: running(0), pausedAtMs: 0, records, lastEvents: nationalLastEvents(3000) });
  const startBytes = weigh(input);
  expect(startBytes).toBeLessThanOrEqual(carriedInputBytes);
  const campaign = await env.client.workflow.start(campaignWorkflow, { taskQueue, workflowId: campaignWorkflowId('national-scale'), args: [input] });
  stack.started.push(campaign.workflowId);
  expect(await campaign.query(campaignProgressQuery)).toMatchObject({ phase: 'running' });

  const continued = await continueAsNew('national-scale', campaign.firstExecutionRunId, 3000);
  console.log(`3,000 units: started with ${startBytes} bytes; continued as new with ${continued.payloadBytes} bytes (${continued.signals} unit events in between)`);
  expect(continued.payloadBytes).toBeLessThanOrEqual(carriedInputBytes);
  expect(continued.next.carried).toMatchObject({ records: [], lastEvents: [], progress: running(0) });
  expect(continued.next.carried!.units!.ids).toHaveLength(3000);

  // The next run answers from what it carried: every person's note, the counts, the last events' units.
  const paged: number[] = [];
  const read = await readUnitRecords(campaign, { onPage: (page) => paged.push(weigh(page)) });
  const one = await campaign.query(unitRecordsQuery);
  console.log(`unitRecords: one answer ${weigh(one)} bytes; ${paged.length} pages, the largest ${Math.max(...paged)} bytes`);
  expect(read.map((record) => record.unit.id)).toEqual(one.map((record) => record.unit.id));
  expect(read).toEqual(one);
  expect(paged.length).toBeGreaterThan(1);
  expect(Math.max(...paged)).toBeLessThanOrEqual(1_000_000);
  expect(peopleNotesOf(read)).toEqual(peopleNotesOf(records));
  expect(read.map((record) => record.unit.name)).toEqual(records.map((record) => record.unit.name));
  // The unit events of this run counted on the records (an overdue each), and every entry counted, carried or omitted.
  const unit1 = read.find((record) => record.unit.id === 'unit-1')!;
  expect(unit1.overdueCount).toBe(records[1]!.overdueCount + 1);
  expect(eventTotalsOf(unit1)).toEqual({ ...eventTotalsOf(records[1]!), overdue: eventTotalsOf(records[1]!).overdue! + 1 });
  expect(await campaign.query(unitRecordQuery, 'unit-2999')).toEqual(read[2999]);
  expect(await campaign.query(unitRecordQuery, 'nobody')).toBeNull();
  await expect(campaign.query(unitRecordsPageQuery, { offset: -1, limit: 10 })).rejects.toThrow('分页参数有误');

  // The evaluation reads the records in pages: the same as evaluating what one read gives.
  const evaluated = await evaluateRunningCampaign(env.client, 'national-scale');
  expect(evaluated.records).toEqual(one);
  expect(evaluated.evaluation).toEqual(evaluateCampaign({ definition: continued.next.launch.definition as Definition, obligations: evaluated.obligations, records: one, asOf: evaluated.evaluation.asOf, isFinal: false }));
  expect(evaluated.evaluation.units.map((unit) => unit.unit.id)).toEqual(expect.arrayContaining(['unit-1', 'unit-2']));
});

it('loads a run continued from the older carried shape (records and unit events whole) and continues it into the compact one', async () => {
  const definition = nationalDefinition(5);
  const records = nationalRecords(5, 8);
  const lastEvents: UnitEvent[] = records.map((record) => ({ ...overdue(0), unit: record.unit, kind: 'supervision-notice', level: 3, daysLate: 5 }));
  const input: CampaignInput = { ...(await launchInput('older-shape', definition)), carried: { progress: running(0), records, lastEvents, pausedAtMs: 0 } };
  const campaign = await env.client.workflow.start(campaignWorkflow, { taskQueue, workflowId: campaignWorkflowId('older-shape'), args: [input] });
  stack.started.push(campaign.workflowId);
  expect(await campaign.query(unitRecordsQuery)).toEqual(records);

  // A supervisor praises 第4单位 again: its second praise, numbered from the carried history; the notice's subject is the carried last event.
  const praised = await campaign.executeUpdate(unitActionUpdate, { args: [{ unitId: 'unit-4', action: 'praise', by: '科长', reason: '整改到位' }] });
  expect(praised.history.at(-2)).toMatchObject({ event: 'praise', by: '科长', detail: '表扬：整改到位' });
  const [notice] = await mail.waitForMails('unit-4@example.gov.cn', 1);
  expect(notice!.messageId).toBe('<campaign.older-shape.unit-4.praise-2@example.gov.cn>');
  const before = await campaign.query(unitRecordsQuery);

  const continued = await continueAsNew('older-shape', campaign.firstExecutionRunId, 5);
  expect(continued.next.carried).toMatchObject({ records: [], lastEvents: [] });
  await recordHistory('campaign-continued-compact', continued.history);
  const after = await campaign.query(unitRecordsQuery);
  // Small: carried whole, with what the unit events at the first run's end added.
  expect(after.map((record) => record.unit.id)).toEqual(before.map((record) => record.unit.id));
  after.forEach((record, index) => {
    const { history, overdueCount, ...rest } = before[index]!;
    expect(record).toMatchObject(rest);
    expect(record.history.slice(0, history.length)).toEqual(history);
    expect(record.history.slice(history.length).every((entry) => entry.event === 'overdue' && entry.by === '系统')).toBe(true);
    expect(record.overdueCount).toBe(overdueCount + record.history.length - history.length);
  });
  expect(after.every((record) => record.omittedHistory === undefined)).toBe(true);
});
