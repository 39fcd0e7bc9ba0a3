/**
 * A campaign lives until its end, and starts afresh (continue-as-new) before its history nears
 * Temporal's limits, carrying its definition, progress, pause and every unit's record within the
 * payload limit (carried-state.ts). Servers that never suggest it (the time-skipping server, older
 * clusters) still see the campaign start afresh, at `continueAsNewAfterEvents`.
 */
import { allHandlersFinished, condition, continueAsNew, log, patched, workflowInfo } from '@temporalio/workflow';
import type { CampaignInput, CampaignProgress } from '../../contracts/campaign';
import type { UnitEvent } from '../../contracts/obligation';
import { compactCarriedInput, utf8Length } from '../carried-state';
import { patches } from '../patches';
import type { CampaignRun } from './run';
import { carriedRecords } from './unit-records';

/** Continue-as-new after this many history events unless the input says otherwise (Temporal may suggest it sooner). */
const defaultContinueAsNewAfterEvents = 10_000;
/** A fresh run starts with a few events: a smaller threshold would continue as new forever. */
const minimumContinueAsNewAfterEvents = 20;
/** Temporal's default `limit.blobSize.error` (2 MiB), less room for the payload's envelope. */
const payloadLimitBytes = 2_000_000;

type CampaignWorkflow = (input: CampaignInput) => Promise<CampaignProgress>;

/** Waits for the campaign's end (or its cancellation), continuing as new whenever the history asks for it. */
export async function liveUntilEnd(run: CampaignRun): Promise<void> {
  const { input, progress } = run;
  const endsAtMs = Date.parse(input.endsAt) + run.offsetMs;
  const isOver = () => progress.phase === 'cancelled' || Date.now() >= endsAtMs;
  const isHistoryBounded = patched(patches.continueAsNewAtHistoryLength);
  const continueAfterEvents = Math.max(input.continueAsNewAfterEvents ?? defaultContinueAsNewAfterEvents, minimumContinueAsNewAfterEvents);
  /** After a continue-as-new the input could not carry: the history length of the next attempt. */
  let retryAtEvents: number | undefined;
  const shouldContinueAsNew = () =>
    retryAtEvents !== undefined
      ? workflowInfo().historyLength >= retryAtEvents
      : workflowInfo().continueAsNewSuggested || (isHistoryBounded && workflowInfo().historyLength >= continueAfterEvents);
  for (;;) {
    await condition(() => isOver() || (shouldContinueAsNew() && run.busy === 0), Math.max(endsAtMs - Date.now(), 1));
    if (isOver()) return;
    // Unit events and actions grow the history: start afresh with the state, as one campaign.
    await condition(allHandlersFinished);
    const carriedInput = await nextInput(run, isHistoryBounded);
    const bytes = utf8Length(JSON.stringify(carriedInput));
    if (bytes <= payloadLimitBytes) await continueAsNew<CampaignWorkflow>(carriedInput);
    // Temporal would fail the campaign on an input over its payload limit: go on in this run
    // (its history has room up to 50 MB) and try again later; the operator must act.
    log.error('campaign state too large to continue as new', { bytes, limit: payloadLimitBytes, units: run.records.size });
    retryAtEvents = workflowInfo().historyLength + 1_000;
  }
}

/** The next run's input: compact (counts, names and last events; every person's note kept, the system's trimmed first). */
async function nextInput(run: CampaignRun, isHistoryBounded: boolean): Promise<CampaignInput> {
  const { input, progress, pausedAtMs, definition } = run;
  // Runs before the compact shape hold the unit events whole, as signalled or carried.
  const events = [...run.lastEvents.values()] as UnitEvent[];
  const next: CampaignInput = {
    ...input,
    launch: { ...input.launch, definition },
    // (The recipients of an obligation's event are not read here: the definition has them.)
    carried: { progress, records: [], lastEvents: isHistoryBounded ? events.map((event) => ({ ...event, recipients: {} })) : events, pausedAtMs },
  };
  if (!isHistoryBounded) {
    // Runs before `continue-as-new-at-history-length` carried the records whole, unconditionally.
    next.carried!.records = run.records.all();
    await continueAsNew<CampaignWorkflow>(next);
  }
  const isCompact = patched(patches.campaignCompactCarriedState);
  if (isCompact) return compactCarriedInput(input, { definition, progress, pausedAtMs, records: run.records.all(), lastEvents: run.lastEvents });
  next.carried!.records = carriedRecords(run.records.all(), utf8Length(JSON.stringify(next)));
  return next;
}
