/**
 * Runs once before the cluster suites (`*.cluster.test.ts`, jest's `cluster` project; ordinary
 * suites never pay for it): builds the full Temporal server on first use (about 7 minutes, then
 * cached under .temporal/), bundles the workflows unless the other project's setup did, and starts
 * one cluster (PostgreSQL, frontend, history, matching and worker processes) in the temp directory.
 * Suites read it through TEST_CLUSTER_ADDRESS and TEST_CLUSTER_DATABASE_URL; the fault suite starts
 * a cluster of its own, so killing its services never disturbs a suite running beside it.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { ensureClusterBinaries } from '../../scripts/cluster-binaries';
import { startScratchCluster } from '../../scripts/scratch-cluster';
import type { TemporalCluster } from '../../scripts/temporal-cluster';
import { workflowsPath } from '../../workers/worker';

const holder = globalThis as { campaignTestCluster?: TemporalCluster };
const projectDir = path.resolve(__dirname, '../..');

export default async function clusterGlobalSetup(): Promise<void> {
  const started = Date.now();
  const binaries = await ensureClusterBinaries({ projectDir, log: (line) => console.log(line) });
  if (!process.env.TEST_WORKFLOW_BUNDLE) {
    const ignore = () => undefined;
    const { code } = await bundleWorkflowCode({ workflowsPath, logger: { log: ignore, trace: ignore, debug: ignore, info: ignore, warn: ignore, error: console.error } });
    const bundlePath = path.join(mkdtempSync(path.join(tmpdir(), 'campaign-workflows-')), 'bundle.js');
    writeFileSync(bundlePath, code);
    process.env.TEST_WORKFLOW_BUNDLE = bundlePath;
  }
  const cluster = await startScratchCluster({ projectDir, binaries });
  holder.campaignTestCluster = cluster;
  process.env.TEST_CLUSTER_ADDRESS = cluster.address;
  process.env.TEST_CLUSTER_DATABASE_URL = cluster.postgres.superuserUrl;
  console.log(`\ncluster for the cluster suites: ${cluster.address} (${cluster.historyShards} history shards, PostgreSQL ${cluster.postgres.port}), ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
