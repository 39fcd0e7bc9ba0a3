/**
 * What the pages read from Temporal: obligations through visibility queries on the search
 * attributes, an obligation's story through its `state` query, and a campaign's definition from
 * the input it was started with (so the page shows what runs, whoever launched it).
 */
import { type Client, WorkflowNotFoundError } from '@temporalio/client';
import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import { compilePlan, type Plan, type PlanInstance } from '../config/compile';
import type { Definition } from '../config/definition/schema';
import { type CampaignInput, type CampaignProgress, campaignProgressQuery, campaignWorkflowId, type UnitRecord, unitRecordQuery, campaignDefinitionQuery } from '../contracts/campaign';
import { type ObligationState, type ObligationStatus as Status, obligationWorkflowId, stateQuery } from '../contracts/obligation';
import { readUnitRecords } from '../evaluation/read-campaign';
import { CampaignId, DueAt, EscalationLevel, ObligationId, ObligationStatus, UnitId } from '../contracts/search-attributes';
import { NotFoundError } from './errors';

export interface ObligationRow {
  workflowId: string;
  campaignId: string;
  unitId: string;
  obligationId: string;
  status: Status;
  escalationLevel: number;
  dueAt: string;
}

export interface RunningCampaign {
  campaignId: string;
  definition: Definition;
  plan: Plan;
  timeOffsetMs: number;
}

/** Quotes a value for a visibility query (ids are validated, but never trust them inside a query). */
export function quote(value: string): string {
  return `"${value.replace(/["\\]/g, '\\$&')}"`;
}

export class CampaignReader {
  private readonly definitions = new Map<string, RunningCampaign>();
  private readonly launchers = new Map<string, CampaignInput['launchedBy']>();

  constructor(readonly client: Client) {}

  /** Every obligation workflow the visibility query finds, with its search attributes; `onProgress` every 100 read. */
  async listObligations(query: string, onProgress?: (read: number, total: number) => void, expected = 0): Promise<ObligationRow[]> {
    const rows: ObligationRow[] = [];
    for await (const execution of this.client.workflow.list({ query: `WorkflowType = "obligationWorkflow" AND ${query}` })) {
      const attributes = execution.typedSearchAttributes;
      rows.push({
        workflowId: execution.workflowId,
        campaignId: attributes.get(CampaignId) ?? '',
        unitId: attributes.get(UnitId) ?? '',
        obligationId: attributes.get(ObligationId) ?? '',
        status: (attributes.get(ObligationStatus) ?? 'open') as Status,
        escalationLevel: attributes.get(EscalationLevel) ?? 0,
        dueAt: attributes.get(DueAt)?.toISOString() ?? '',
      });
      if (onProgress && rows.length % 100 === 0) onProgress(rows.length, Math.max(expected, rows.length));
    }
    onProgress?.(rows.length, Math.max(expected, rows.length));
    return rows;
  }

  async state(campaignId: string, unitId: string, obligationId: string): Promise<ObligationState> {
    try {
      return await this.client.workflow.getHandle(obligationWorkflowId(campaignId, unitId, obligationId)).query(stateQuery);
    } catch (error) {
      if (isNotFound(error)) throw new NotFoundError(`没有找到任务 ${obligationWorkflowId(campaignId, unitId, obligationId)}`);
      throw error;
    }
  }

  /** Campaign ids with their progress, newest first. */
  async listCampaigns(): Promise<{ campaignId: string; title: string; timeZone: string; progress: CampaignProgress; startedAt: string }[]> {
    const found: { campaignId: string; startedAt: string }[] = [];
    for await (const execution of this.client.workflow.list({ query: 'WorkflowType = "campaignWorkflow"' })) {
      const campaignId = execution.workflowId.replace(/^campaign\//, '');
      if (!found.some((entry) => entry.campaignId === campaignId)) found.push({ campaignId, startedAt: execution.startTime.toISOString() });
    }
    return Promise.all(
      found.map(async ({ campaignId, startedAt }) => {
        const { title, timeZone } = (await this.campaign(campaignId)).plan.campaign;
        return { campaignId, startedAt, title, timeZone, progress: await this.progress(campaignId) };
      }),
    );
  }

  async progress(campaignId: string): Promise<CampaignProgress> {
    return this.campaignQuery(campaignId, (handle) => handle.query(campaignProgressQuery));
  }

  /** Every unit's record, read a page at a time (one answer for all would be ~20 MB at 3,000 units). */
  async unitRecords(campaignId: string): Promise<UnitRecord[]> {
    return this.campaignQuery(campaignId, (handle) => readUnitRecords(handle));
  }

  /** One unit's record (absent: nothing recorded for it yet). */
  async unitRecord(campaignId: string, unitId: string): Promise<UnitRecord | undefined> {
    return (await this.campaignQuery(campaignId, (handle) => handle.query(unitRecordQuery, unitId))) ?? undefined;
  }

  /**
   * The definition the campaign runs (as last amended: its `definition` query; the start event's
   * for campaigns started before the query existed), compiled again with the same pure code; cached
   * until `forget` (an amendment).
   */
  async campaign(campaignId: string): Promise<RunningCampaign> {
    const cached = this.definitions.get(campaignId);
    if (cached) return cached;
    const current = await this.campaignQuery(campaignId, async (handle) => {
      try {
        return await handle.query(campaignDefinitionQuery);
      } catch (error) {
        if (isNotFound(error)) throw error;
        const history = await handle.fetchHistory();
        const payload = history.events?.[0]?.workflowExecutionStartedEventAttributes?.input?.payloads?.[0];
        if (!payload) throw new NotFoundError(`活动 ${campaignId} 的启动参数不可读`);
        const input = defaultPayloadConverter.fromPayload<CampaignInput>(payload as Payload);
        return { definition: input.launch.definition, timeOffsetMs: input.launch.timeOffsetMs ?? 0 };
      }
    });
    const definition = current.definition as Definition;
    const running: RunningCampaign = { campaignId, definition, plan: compilePlan(definition).plan, timeOffsetMs: current.timeOffsetMs };
    this.definitions.set(campaignId, running);
    return running;
  }

  /** Who launched the campaign and when (plan time): the memo the pages set, else the start input's `launchedBy` (the CLI's). */
  async launchedBy(campaignId: string): Promise<CampaignInput['launchedBy']> {
    if (this.launchers.has(campaignId)) return this.launchers.get(campaignId);
    const launcher = await this.campaignQuery(campaignId, async (handle) => {
      const description = await handle.describe();
      const memo = description.memo?.launchedBy as CampaignInput['launchedBy'];
      if (memo) return memo;
      const history = await handle.fetchHistory();
      const payload = history.events?.[0]?.workflowExecutionStartedEventAttributes?.input?.payloads?.[0];
      return payload ? defaultPayloadConverter.fromPayload<CampaignInput>(payload as Payload).launchedBy : undefined;
    });
    this.launchers.set(campaignId, launcher);
    return launcher;
  }

  /** Forgets the cached definition: the next read asks the campaign again (after an amendment). */
  forget(campaignId: string): void {
    this.definitions.delete(campaignId);
  }

  /** The plan instance of one workflow (its title, submission rules, how to reschedule it). */
  async instance(campaignId: string, unitId: string, obligationId: string): Promise<{ running: RunningCampaign; instance: PlanInstance }> {
    const running = await this.campaign(campaignId);
    const workflowId = obligationWorkflowId(campaignId, unitId, obligationId);
    const instance = running.plan.instances.find((candidate) => candidate.id === workflowId);
    if (!instance) throw new NotFoundError(`活动 ${campaignId} 中没有单位 ${unitId} 的任务 ${obligationId}`);
    return { running, instance };
  }

  private async campaignQuery<T>(campaignId: string, read: (handle: ReturnType<Client['workflow']['getHandle']>) => Promise<T>): Promise<T> {
    try {
      return await read(this.client.workflow.getHandle(campaignWorkflowId(campaignId)));
    } catch (error) {
      if (isNotFound(error)) throw new NotFoundError(`没有找到活动 ${campaignId}`);
      throw error;
    }
  }
}

/** A workflow that does not exist: the client's error, or the service's NOT_FOUND (gRPC 5) from a history fetch. */
function isNotFound(error: unknown): boolean {
  return error instanceof WorkflowNotFoundError || (error as { code?: unknown }).code === grpcNotFound;
}
const grpcNotFound = 5;

/** The plan's clock for a campaign: now on the server minus the rebase offset. */
export function planNow(running: RunningCampaign, nowMs = Date.now()): Date {
  return new Date(nowMs - running.timeOffsetMs);
}
