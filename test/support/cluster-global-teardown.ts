/** Runs once after the cluster suites: stops their cluster and deletes its folder. */
import type { TemporalCluster } from '../../scripts/temporal-cluster';

export default async function clusterGlobalTeardown(): Promise<void> {
  const holder = globalThis as { campaignTestCluster?: TemporalCluster };
  const cluster = holder.campaignTestCluster;
  delete holder.campaignTestCluster;
  await cluster?.stop();
}
