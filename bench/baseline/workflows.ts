/**
 * The baselines of the Temporal benchmarks: the least a workflow can do for the same job, so
 * that the engine's figures are read against what Temporal itself costs.
 */
import { proxyActivities, sleep } from '@temporalio/workflow';
import type { BaselineActivities } from './activities';

const { sendOne } = proxyActivities<BaselineActivities>({ startToCloseTimeout: '2 minutes' });

/** Fan-out baseline: started, then only sleeps. */
export async function sleeper(): Promise<void> {
  await sleep('1 day');
}

/** Burst baseline (a): sleeps to the instant, then sends one message through one activity. */
export async function minimalReminder(atMs: number, to: string, messageId: string): Promise<void> {
  await sleep(Math.max(atMs - Date.now(), 0));
  await sendOne(to, messageId);
}
