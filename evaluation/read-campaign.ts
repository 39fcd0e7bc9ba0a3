/**
 * Reads a running or ended campaign from a Temporal server and evaluates it: the definition (as
 * launched, or as last amended) and rebase offset (the campaign workflow's input and updates), every obligation's state
 * (the result of an ended workflow, the `state` query of a running one, found through the
 * Workflow ID the plan gives it) and the units' records (the campaign's `unitRecordsPage` query,
 * a page at a time: all of them in one answer would weigh ~20 MB at 3,000 units).
 */
import { Client, Connection, type WorkflowHandle, WorkflowNotFoundError } from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';
import { compilePlan } from '../config/compile';
import { type Definition, definitionSchema } from '../config/definition/schema';
import { type Amendment, amendCampaignUpdate, type CampaignInput, campaignWorkflowId, type UnitRecord, type UnitRecordsPage, unitRecordsPageQuery } from '../contracts/campaign';
import { type ObligationState, stateQuery } from '../contracts/obligation';
import type { EvaluatedObligation } from './outcome';
import { type Evaluation, evaluateCampaign } from './score';
import { evaluatedObligations } from './sources';

export class CampaignNotFoundError extends Error {
  readonly code = 'CAMPAIGN_NOT_FOUND';
}

export interface CampaignEvaluation {
  evaluation: Evaluation;
  timeZone: string;
  /** What the evaluation was computed from: each instance with its state, and the units' records. */
  obligations: EvaluatedObligation[];
  records: UnitRecord[];
}

/** Evaluates the campaign `campaignId` through an existing client (the web pages have one). */
/** `period`: a yearly evaluation (年度考核) of that year; absent: the whole campaign. */
export async function evaluateRunningCampaign(client: Client, campaignId: string, options: { definition?: Definition; nowMs?: number; period?: number } = {}): Promise<CampaignEvaluation> {
  const handle = client.workflow.getHandle(campaignWorkflowId(campaignId));
  let description;
  try {
    description = await handle.describe();
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) throw new CampaignNotFoundError(`${campaignWorkflowId(campaignId)}: no such campaign on this Temporal server`);
    throw error;
  }
  const history = await handle.fetchHistory();
  const started = history.events?.[0]?.workflowExecutionStartedEventAttributes?.input?.payloads?.[0];
  if (!started) throw new CampaignNotFoundError(`${campaignWorkflowId(campaignId)}: its history has no start input`);
  const input = defaultPayloadConverter.fromPayload<CampaignInput>(started);
  const definition = options.definition ?? definitionSchema.parse(lastAmendment(history) ?? input.launch.definition);
  const { plan } = compilePlan(definition);
  const offsetMs = input.launch.timeOffsetMs ?? 0;

  // An ended obligation's result is its state; a running one answers the `state` query.
  const states = new Map<string, ObligationState>();
  const ids = plan.instances.map((instance) => instance.id);
  for (let start = 0; start < ids.length; start += 50) {
    await Promise.all(
      ids.slice(start, start + 50).map(async (id) => {
        const obligation = client.workflow.getHandle(id);
        try {
          const { status } = await obligation.describe();
          states.set(id, status.name === 'COMPLETED' ? await completedResult(obligation) : await obligation.query(stateQuery));
        } catch (error) {
          if (!(error instanceof WorkflowNotFoundError)) throw error; // not started (yet): scored as such
        }
      }),
    );
  }
  const records = await readUnitRecords(handle);
  const isFinal = description.status.name !== 'RUNNING';
  // Never older than what was read: on a time-skipping server the clock is far ahead of Date.now().
  let latestRecorded = 0;
  for (const state of states.values()) for (const entry of state.history) latestRecorded = Math.max(latestRecorded, Date.parse(entry.at));
  const planNow = Math.min(Math.max((options.nowMs ?? Date.now()) - offsetMs, latestRecorded), Date.parse(plan.campaign.period.endsAt));
  const asOf = isFinal ? plan.campaign.period.endsAt : new Date(planNow).toISOString();
  const obligations = evaluatedObligations(plan, states);
  const evaluation = evaluateCampaign({ definition, obligations, records, asOf, isFinal, ...(options.period !== undefined ? { period: options.period } : {}) });
  return { evaluation, timeZone: plan.campaign.timeZone, obligations, records };
}

/** Records per page: 200 records of 40 history entries weigh ~1.3 MB, and the campaign stops a page at ~1 MB anyway. */
export const unitRecordsPageSize = 200;

/**
 * Every unit's record, read a page at a time (each answer within ~1 MB, well under gRPC's 4 MB).
 * Pages follow the order the campaign first recorded each unit, and a unit recorded meanwhile
 * comes last, so nothing is read twice or missed; counts may move between two pages of a
 * running campaign, as between two reads. `onPage` sees each answer (tests weigh them).
 */
export async function readUnitRecords(handle: WorkflowHandle, options: { pageSize?: number; onPage?: (page: UnitRecordsPage) => void } = {}): Promise<UnitRecord[]> {
  const records: UnitRecord[] = [];
  for (let total = Infinity; records.length < total; ) {
    const page = await handle.query(unitRecordsPageQuery, { offset: records.length, limit: options.pageSize ?? unitRecordsPageSize });
    options.onPage?.(page);
    total = page.total;
    if (page.records.length === 0) break;
    records.push(...page.records);
  }
  return records;
}

/** The definition of the last amendment the campaign accepted in this run (a new run starts with the current one). */
function lastAmendment(history: Awaited<ReturnType<WorkflowHandle['fetchHistory']>>): unknown {
  let amended: unknown;
  for (const event of history.events ?? []) {
    const request = event.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input;
    const payload = request?.args?.payloads?.[0];
    if (request?.name === amendCampaignUpdate.name && payload) amended = defaultPayloadConverter.fromPayload<Amendment>(payload).definition;
  }
  return amended;
}

/**
 * An ended workflow's result, read from its history: `result()` of the time-skipping client
 * would unlock time skipping around the call and let the simulated clock run on meanwhile.
 */
async function completedResult(handle: WorkflowHandle): Promise<ObligationState> {
  const history = await handle.fetchHistory();
  const payload = history.events?.at(-1)?.workflowExecutionCompletedEventAttributes?.result?.payloads?.[0];
  if (!payload) throw new Error(`${handle.workflowId}: completed without a result in its history`);
  return defaultPayloadConverter.fromPayload<ObligationState>(payload);
}

/** Connects to `address`, evaluates, disconnects. */
export async function readCampaignEvaluation(options: { address: string; namespace: string; campaignId: string; definition?: Definition; period?: number }): Promise<CampaignEvaluation> {
  const connection = await Connection.connect({ address: options.address });
  try {
    const client = new Client({ connection, namespace: options.namespace });
    return await evaluateRunningCampaign(client, options.campaignId, {
      ...(options.definition ? { definition: options.definition } : {}),
      ...(options.period !== undefined ? { period: options.period } : {}),
    });
  } finally {
    await connection.close();
  }
}
