/**
 * One unit's obligation, exactly as its compiled plan says: reminders before the deadline, the
 * escalation ladder after it (obligation/ladder.ts), and a submission that stops whatever is
 * still to come. It stays open to the campaign's end, so a late submission is still taken.
 * Deterministic: time comes from the workflow clock, every side effect is an activity.
 */
import { allHandlersFinished, condition, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type { ObligationInstance, ObligationState } from '../contracts/obligation';
import * as attributes from '../contracts/search-attributes';
import { registerHandlers } from './obligation/handlers';
import { walkLadder } from './obligation/ladder';
import { ObligationRun } from './obligation/run';
import { waitUntil } from './timing';

export async function obligationWorkflow(instance: ObligationInstance): Promise<ObligationState> {
  const run = new ObligationRun(instance);
  const { state } = run;
  // Started with its search attributes (the launch sets them), or sets them now. Deterministic on
  // replay: the start event says which, so histories from before either way replay as recorded.
  if (workflowInfo().typedSearchAttributes.get(attributes.CampaignId) !== instance.campaign.id) {
    upsertSearchAttributes(attributes.initialSearchAttributes(instance));
  }
  registerHandlers(run);

  for (;;) {
    if (state.paused) await waitUntil(run.closesAtMs, () => !state.paused || run.cancelled);
    if (run.cancelled || state.paused) break;
    const current = run.generation;
    await walkLadder(run);
    // The obligation stays open to the campaign's end: a late submission is still accepted, a
    // submission waits for its review, and a second one is refused by the validator.
    await waitUntil(run.closesAtMs, () => run.isFinal() || run.generation !== current);
    if (run.generation === current) break;
  }
  if (run.cancelled && !run.isSettled()) {
    run.setStatus('cancelled');
  } else if (!run.isSettled()) {
    run.setStatus('closed');
    const count = instance.count;
    run.record('closed', count ? `活动结束，完成${state.occurrences!.length}次，未达到${count.min}次` : '活动结束，仍未报送');
  }
  // A review handler may still be sending its verdict: finish it before completing.
  await condition(allHandlersFinished);
  return state;
}
