/** Wires configuration to Worker.create; nothing else lives here. */
import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import { type Activities } from '../activities';

export const workflowsPath = require.resolve('../workflows');

export interface CampaignWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  activities: Activities;
  /** A pre-built bundle (tests build it once); otherwise the worker bundles `workflows/`. */
  workflowBundle?: WorkerOptions['workflowBundle'];
  /** Tuning from the environment (WORKER_*); unset values keep the SDK's defaults. */
  tuning?: WorkerTuning;
}

export interface WorkerTuning {
  maxCachedWorkflows?: number | undefined;
  maxConcurrentWorkflowTaskExecutions?: number | undefined;
  maxConcurrentWorkflowTaskPolls?: number | undefined;
  maxConcurrentActivityTaskExecutions?: number | undefined;
}

/**
 * Workflow-task slots and pollers where the SDK's defaults (40 slots, 10 pollers of which 2 take
 * the tasks of workflows not in any worker's cache) starve a launch: every new obligation's first
 * task is such a task, and 2 pollers take about 50 a second on the dev server. 80 slots and 20
 * pollers, half of them for those tasks, take about twice as many (BENCHMARKS.md, settings).
 */
export const workflowTaskDefaults = { maxConcurrentWorkflowTaskExecutions: 80, maxConcurrentWorkflowTaskPolls: 20, nonStickyToStickyPollRatio: 0.5 };

/**
 * The options of a tuning: what is set, the defaults above for the rest, kept within the SDK's
 * rules (slots no more than the cache, pollers no more than the slots).
 */
export function tuningOptions(tuning: WorkerTuning = {}): Partial<WorkerOptions> {
  const set = Object.fromEntries(Object.entries(tuning).filter(([, value]) => value !== undefined)) as WorkerTuning;
  const cache = set.maxCachedWorkflows;
  const slots = set.maxConcurrentWorkflowTaskExecutions ?? (cache ? Math.max(2, Math.min(workflowTaskDefaults.maxConcurrentWorkflowTaskExecutions, cache)) : workflowTaskDefaults.maxConcurrentWorkflowTaskExecutions);
  const polls = Math.max(2, Math.min(set.maxConcurrentWorkflowTaskPolls ?? workflowTaskDefaults.maxConcurrentWorkflowTaskPolls, slots));
  return { ...set, maxConcurrentWorkflowTaskExecutions: slots, maxConcurrentWorkflowTaskPolls: polls, nonStickyToStickyPollRatio: workflowTaskDefaults.nonStickyToStickyPollRatio };
}

export function createCampaignWorker(options: CampaignWorkerOptions): Promise<Worker> {
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    activities: options.activities,
    // Workflow code that no longer replays its history (a deployment without `patched()`) fails
    // the execution, visibly, instead of retrying its task unseen for the rest of the year.
    // Recovery after the fix: `temporal workflow reset` of the failed executions (see RELIABILITY.md).
    workflowFailureErrorTypes: { '*': ['NondeterminismError'] },
    ...tuningOptions(options.tuning),
    ...(options.workflowBundle ? { workflowBundle: options.workflowBundle } : { workflowsPath }),
  });
}
