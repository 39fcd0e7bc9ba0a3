/**
 * Starting a campaign's obligations and passing the administrator's control on to them, both
 * through activities (a workflow may have only 2,000 pending children; 3,000 units × 30
 * obligations are 90,000 workflows).
 */
import { patched, proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../../activities';
import { definitionRevision } from '../../contracts/definition-revision';
import type { CampaignControl } from '../../contracts/obligation';
import { patches } from '../patches';
import type { CampaignRun } from './run';

const { launchObligations, controlObligations, amendObligations } = proxyActivities<Activities>({
  startToCloseTimeout: '30 minutes',
  heartbeatTimeout: '1 minute',
  retry: { initialInterval: '5 seconds', maximumInterval: '5 minutes' },
});

/** Starts every instance not yet started (idempotent), in batches; returns how many it started. */
export async function launchAll(run: CampaignRun): Promise<number> {
  const { input, progress } = run;
  const batchSize = input.batchSize ?? 500;
  let started = 0;
  // The activity reads the definition from this campaign (campaignDefinitionQuery), once per
  // worker and revision: carried in every batch, it would put 3,000 × 30 obligations' history
  // at ~180 × 427 KB, beyond Temporal's 50 MB.
  const isDefinitionRead = patched(patches.launchReadsDefinition);
  const revision = isDefinitionRead ? definitionRevision(run.definition) : undefined;
  for (let offset = 0, total = Infinity; offset < total; offset += batchSize) {
    const batch = await launchObligations(
      revision !== undefined
        ? { taskQueue: input.launch.taskQueue, timeOffsetMs: run.offsetMs, definitionRevision: revision, campaignWorkflowId: run.selfId, offset, limit: batchSize }
        : { ...input.launch, definition: run.definition, campaignWorkflowId: run.selfId, offset, limit: batchSize },
    );
    total = batch.total;
    progress.total = batch.total;
    started += batch.started;
    progress.launched += batch.started;
    if (progress.phase === 'launching') progress.alreadyRunning += batch.alreadyRunning;
  }
  return started;
}

/** Pause, resume or cancel, signalled to every obligation of the campaign. */
export async function controlAll(run: CampaignRun, command: CampaignControl): Promise<void> {
  run.busy += 1;
  try {
    await controlObligations({ definition: run.definition, control: command });
  } finally {
    run.busy -= 1;
  }
}

/** A new version of the definition: new obligations start, moved deadlines move for every unit. */
export async function amendAll(run: CampaignRun, amendment: { definition: unknown; by: string; reason: string }): Promise<void> {
  run.busy += 1;
  try {
    const previous = run.definition;
    run.amend(amendment.definition as CampaignRun['definition']);
    await launchAll(run);
    await amendObligations({ previous, definition: run.definition, by: amendment.by, reason: amendment.reason, timeOffsetMs: run.offsetMs });
  } finally {
    run.busy -= 1;
  }
}
