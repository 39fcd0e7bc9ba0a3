/**
 * A campaign: launches one obligation workflow per (unit, obligation) instance of its compiled
 * plan, in batches through an activity (so that 3,000 units × 30 obligations never meet the
 * limits on pending child workflows or on history size), then lives until the campaign ends.
 * Launching is idempotent: an obligation that already runs is left as it is.
 */
import { condition, defineQuery, proxyActivities, setHandler } from '@temporalio/workflow';
import type { Activities } from '../activities';
import type { CampaignInput, CampaignProgress } from './contracts';

const { launchObligations } = proxyActivities<Activities>({
  startToCloseTimeout: '10 minutes',
  heartbeatTimeout: '1 minute',
  retry: { initialInterval: '5 seconds', maximumInterval: '5 minutes' },
});

export const campaignProgressQuery = defineQuery<CampaignProgress>('progress');

export async function campaignWorkflow(input: CampaignInput): Promise<CampaignProgress> {
  const progress: CampaignProgress = { launched: 0, alreadyRunning: 0, total: undefined, phase: 'launching' };
  setHandler(campaignProgressQuery, () => progress);
  const batchSize = input.batchSize ?? 500;
  for (let offset = 0; progress.total === undefined || offset < progress.total; offset += batchSize) {
    const batch = await launchObligations({ ...input.launch, offset, limit: batchSize });
    progress.total = batch.total;
    progress.launched += batch.started;
    progress.alreadyRunning += batch.alreadyRunning;
  }
  progress.phase = 'running';
  const remainingMs = Date.parse(input.endsAt) + (input.launch.timeOffsetMs ?? 0) - Date.now();
  if (remainingMs > 0) await condition(() => false, remainingMs);
  progress.phase = 'ended';
  return progress;
}
