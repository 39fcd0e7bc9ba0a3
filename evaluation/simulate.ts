/**
 * Simulation: the campaign's real workflows and activities on the time-skipping test server,
 * from the start of its period to its end, rebased so that a past (or future) plan runs now;
 * units behave as the behaviour file says; email goes by real SMTP to a catcher on loopback.
 * Returns the timeline of everything recorded and the evaluation the campaign would end with.
 */
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { type Client, WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, Worker } from '@temporalio/worker';
import nodemailer from 'nodemailer';
import { createActivities } from '../activities';
import { folderNoticeKeeper } from '../activities/notices';
import { localDateOf, zonedInstant } from '../config/calendar';
import type { LoadedCampaign } from '../config/definition/load';
import type { Definition } from '../config/definition/schema';
import { rebaseOffset, reschedule } from '../config/workflow-input';
import { ensureSearchAttributes } from '../workers/search-attributes';
import { workflowsPath } from '../workers/worker';
import { campaignWorkflow } from '../workflows';
import { type CampaignInput, campaignProgressQuery, campaignWorkflowId, unitActionUpdate, type UnitRecord } from '../contracts/campaign';
import { decideUpdate, extendUpdate, reportOccurrenceUpdate, reviewUpdate, stateQuery, submitUpdate } from '../contracts/obligation';
import type { Behaviour } from './behaviour';
import { startMailSink } from './mail-sink';
import type { EvaluatedObligation } from './outcome';
import { evaluateRunningCampaign } from './read-campaign';
import type { Evaluation } from './score';
import { type ScriptedAction, scriptActions } from './script';
import { type TimelineEntry, timelineOf } from './sources';

export interface SimulationOptions {
  campaign: LoadedCampaign;
  behaviour: Behaviour;
  /** The time-skipping server executable (scripts/servers.ts `ensureTemporalBinaries().testServer`). */
  testServerPath: string;
  /** A pre-built workflow bundle; otherwise `workflows/` is bundled (a few seconds). */
  workflowBundle?: { codePath: string } | { code: string };
  /** Keep every message as an .eml file here; otherwise they are only counted. */
  mailDir?: string;
  /** Where the DOCX notices go (default: a temporary directory). */
  noticesDir?: string;
  /** Plan dates (YYYY-MM-DD) at which an interim evaluation is read from the running campaign (at 18:00). */
  interimAt?: string[];
  /** Called before each scripted action with the plan date reached. */
  onProgress?: (progress: { planDate: string; done: number; total: number }) => void;
  /** Also read the recorded history of every workflow of the run (events and bytes; the benchmarks' figure). */
  measureHistories?: boolean;
}

export interface HistorySize {
  workflowId: string;
  events: number;
  bytes: number;
}

export interface RejectedAction {
  at: string;
  /** The Workflow ID acted on: an obligation, or the campaign for a unit action. */
  workflowId: string;
  kind: ScriptedAction['kind'];
  reason: string;
}

export interface SimulationResult {
  /** The final evaluation, read from the ended workflows exactly as `evaluate` reads a campaign. */
  evaluation: Evaluation;
  /** The interim evaluations asked for, in date order. */
  interim: Evaluation[];
  timeline: TimelineEntry[];
  obligations: EvaluatedObligation[];
  records: UnitRecord[];
  /** Messages the SMTP catcher received. */
  mailCount: number;
  /** Scripted actions the workflows refused (each with the workflow's reason). */
  rejected: RejectedAction[];
  noticesDir: string;
  /** With `measureHistories`: every workflow of the run, the largest (by events) first. */
  histories?: HistorySize[];
}

const taskQueue = 'simulation';
const supervisor = '督办人员（模拟）';

/** Who reviews what units hand in: the campaign's reviewing unit (`campaign.reportsTo`), by its name. */
export function reviewerOf(definition: Definition): string {
  const { reportsTo } = definition.campaign;
  return definition.units.find((unit) => unit.id === reportsTo)?.name ?? reportsTo;
}

/** Runs the whole campaign period; the first progress report comes once the campaign has launched. */
export async function simulateCampaign(options: SimulationOptions): Promise<SimulationResult> {
  const { plan, definition } = options.campaign;
  const actions = scriptActions(plan, definition, options.behaviour);
  const timeZone = plan.campaign.timeZone;
  const noticesDir = options.noticesDir ?? (await mkdtemp(path.join(os.tmpdir(), 'simulation-notices-')));
  const bundle = options.workflowBundle ?? { code: await defaultBundle() };
  const mail = await startMailSink(options.mailDir);
  const env = await TestWorkflowEnvironment.createTimeSkipping({ server: { executable: { type: 'existing-path', path: options.testServerPath } } });
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port: mail.port, secure: false, ignoreTLS: true, pool: true, maxConnections: 5 });
  let worker: Worker | undefined;
  let workerRun: Promise<void> | undefined;
  try {
    await ensureSearchAttributes(env.connection, 'default');
    worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowBundle: bundle,
      activities: createActivities({ transport, from: `${plan.campaign.issuer.name} <simulation@campaigns.localhost>`, client: env.client, notices: folderNoticeKeeper(noticesDir) }),
    });
    workerRun = worker.run();

    const offset = rebaseOffset(plan, await env.currentTimeMs());
    const input: CampaignInput = { launch: { definition, taskQueue, timeOffsetMs: offset }, endsAt: plan.campaign.period.endsAt };
    const campaign = await env.client.workflow.start(campaignWorkflow, { taskQueue, workflowId: campaignWorkflowId(plan.campaign.id), args: [input] });
    // Launching is an activity in real time; the script starts once every obligation runs.
    while ((await campaign.query(campaignProgressQuery)).phase === 'launching') await new Promise((resolve) => setTimeout(resolve, 100));

    const rejected: RejectedAction[] = [];
    const interim: Evaluation[] = [];
    const checkpoints = (options.interimAt ?? []).map((date) => zonedInstant(date, '18:00', timeZone)).sort();
    const sleepUntilPlan = async (instant: string) => {
      const remaining = Date.parse(instant) + offset - (await env.currentTimeMs());
      if (remaining > 0) await env.sleep(remaining);
    };
    const readInterim = async (until: string) => {
      while (checkpoints.length > 0 && checkpoints[0]! <= until) {
        const checkpoint = checkpoints.shift()!;
        await sleepUntilPlan(checkpoint);
        // The clock is at the checkpoint (a few ms past it): evaluate as of the checkpoint itself.
        interim.push((await evaluateRunningCampaign(env.client, plan.campaign.id, { definition, nowMs: Date.parse(checkpoint) + offset })).evaluation);
      }
    };
    for (const [index, action] of actions.entries()) {
      options.onProgress?.({ planDate: localDateOf(action.at, timeZone), done: index, total: actions.length });
      await readInterim(action.at);
      await sleepUntilPlan(action.at);
      const workflowId = action.kind === 'unit-action' ? campaign.workflowId : action.instance.id;
      try {
        await perform(env.client.workflow.getHandle(workflowId), action, options.campaign);
      } catch (error) {
        if (!(error instanceof WorkflowUpdateFailedError)) throw error;
        rejected.push({ at: action.at, workflowId, kind: action.kind, reason: error.cause?.message ?? error.message });
      }
    }
    await readInterim(plan.campaign.period.endsAt);
    options.onProgress?.({ planDate: plan.campaign.period.end, done: actions.length, total: actions.length });
    await campaign.result();

    const { evaluation, obligations, records } = await evaluateRunningCampaign(env.client, plan.campaign.id, { definition });
    const result: SimulationResult = { evaluation, interim, timeline: timelineOf(obligations, records), obligations, records, mailCount: mail.count(), rejected, noticesDir };
    if (options.measureHistories) {
      const rectifications = await Promise.all(plan.instances.map(async (instance) => (await env.client.workflow.getHandle(instance.id).query(stateQuery)).rectifications ?? []));
      result.histories = await historySizes(env.client, [campaign.workflowId, ...plan.instances.map((instance) => instance.id), ...rectifications.flat()]);
    }
    return result;
  } finally {
    worker?.shutdown();
    await workerRun;
    transport.close();
    await env.teardown();
    await mail.close();
  }
}

async function perform(handle: WorkflowHandle, action: ScriptedAction, { definition, plan }: LoadedCampaign): Promise<void> {
  if (action.kind === 'unit-action') {
    await handle.executeUpdate(unitActionUpdate, { args: [{ unitId: action.unitId, action: action.action, by: supervisor, reason: action.reason }] });
    return;
  }
  const { instance } = action;
  switch (action.kind) {
    case 'submit': {
      const count = instance.schedule.count;
      if (count) {
        for (let occurrence = 0; occurrence < Math.max(count.min, 1); occurrence += 1) {
          const date = localDateOf(action.at, plan.campaign.timeZone);
          await handle.executeUpdate(reportOccurrenceUpdate, { args: [{ unitId: instance.unitId, reportedBy: instance.unitName, date, evidence: { 说明: '已完成（模拟）' } }] });
        }
        return;
      }
      await handle.executeUpdate(submitUpdate, { args: [{ unitId: instance.unitId, submittedBy: instance.unitName, content: `${instance.schedule.title}（${instance.unitName}，模拟）` }] });
      if (action.accept) await handle.executeUpdate(reviewUpdate, { args: [{ action: 'accept', reviewedBy: reviewerOf(definition), reason: '' }] });
      return;
    }
    case 'return':
      await handle.executeUpdate(reviewUpdate, { args: [{ action: 'return', reviewedBy: reviewerOf(definition), reason: '请补充完善（模拟）', schedule: reschedule(definition, instance, action.dueDate) }] });
      return;
    case 'extend':
      await handle.executeUpdate(extendUpdate, { args: [{ extendedBy: supervisor, reason: '同意延期（模拟）', schedule: reschedule(definition, instance, action.dueDate) }] });
      return;
    case 'decide': {
      // Only the step the script means: a unit that handed in late has no decision waiting.
      const pending = (await handle.query(stateQuery)).pendingDecision;
      if (!pending || !(pending.key === action.stepKey || pending.key.startsWith(`${action.stepKey}-`))) return;
      await handle.executeUpdate(decideUpdate, { args: [{ action: action.action, decidedBy: supervisor, reason: action.action === 'proceed' ? '同意督办（模拟）' : '免除（模拟）' }] });
      return;
    }
  }
}

/** Events and encoded bytes of each workflow's history (of its latest run, for a campaign that continued as new). */
async function historySizes(client: Client, workflowIds: string[]): Promise<HistorySize[]> {
  const sizes: HistorySize[] = [];
  for (const workflowId of workflowIds) {
    const history = await client.workflow.getHandle(workflowId).fetchHistory();
    sizes.push({ workflowId, events: history.events?.length ?? 0, bytes: temporal.api.history.v1.History.encode(history).finish().length });
  }
  return sizes.sort((a, b) => b.events - a.events || b.bytes - a.bytes);
}

let bundled: Promise<string> | undefined;
/** `workflows/` bundled once per process (webpack takes seconds; a web server simulates more than once). */
function defaultBundle(): Promise<string> {
  bundled ??= bundleWorkflowCode({ workflowsPath, logger: quietLogger }).then((bundle) => bundle.code);
  return bundled;
}

const ignore = () => undefined;
const quietLogger = { log: ignore, trace: ignore, debug: ignore, info: ignore, warn: ignore, error: console.error };
