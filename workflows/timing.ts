/** Time in workflows: waiting on the workflow clock, and a schedule's moments in order. */
import { condition } from '@temporalio/workflow';
import type { PlannedMessage } from '../contracts/obligation';

export type Step = { type: 'deadline'; at: string } | { type: 'message'; at: string; message: PlannedMessage };

/** The deadline and the planned messages in time order (the deadline first on a tie). */
export function timeline(dueAt: string, messages: PlannedMessage[]): Step[] {
  const steps: Step[] = [{ type: 'deadline', at: dueAt }, ...messages.map((message): Step => ({ type: 'message', at: message.at, message }))];
  return steps
    .map((step, index) => ({ step, index }))
    .sort((a, b) => Date.parse(a.step.at) - Date.parse(b.step.at) || a.index - b.index)
    .map(({ step }) => step);
}

/** Sleeps until `atMs` on the workflow clock unless `isDone` becomes true first; returns isDone(). */
export async function waitUntil(atMs: number, isDone: () => boolean): Promise<boolean> {
  const remainingMs = atMs - Date.now();
  if (remainingMs > 0) await condition(isDone, remainingMs);
  return isDone();
}
