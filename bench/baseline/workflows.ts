/**
 * The baselines of the Temporal benchmarks: the least a workflow can do for the same job, so
 * that the engine's figures are read against what Temporal itself costs.
 */
import { defineSignal, proxyActivities, setHandler, sleep } from '@temporalio/workflow';
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

/** Simulation baseline: sleeps through the same instants as one obligation's plan, then to the period's end; pokes cost nothing. */
export async function timerChain(instantsMs: number[], endMs: number): Promise<void> {
  setHandler(pokeSignal, () => undefined);
  for (const instantMs of [...instantsMs, endMs]) await sleep(Math.max(instantMs - Date.now(), 1));
}

export const pokeSignal = defineSignal('poke');
