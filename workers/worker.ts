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
    ...(options.workflowBundle ? { workflowBundle: options.workflowBundle } : { workflowsPath }),
  });
}
