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
  maxConcurrentActivityTaskExecutions?: number | undefined;
}

/** Only the settings that are set: Worker.create takes an explicit undefined as a value. */
export function tuningOptions(tuning: WorkerTuning = {}): Partial<WorkerOptions> {
  return Object.fromEntries(Object.entries(tuning).filter(([, value]) => value !== undefined));
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
