/**
 * `npm run chaos -- --target cluster [--scenario NAME] [--n N]`: the long fault runs on a real
 * Temporal cluster of their own (PostgreSQL, frontend, history, matching and worker processes, 8
 * history shards; durable PostgreSQL), two campaign worker processes sharing the send ledger in the
 * store, and an SMTP server on loopback that counts every copy by Message-ID.
 *
 * - worker-kill: N reminders at one instant; one of the two workers is killed with SIGKILL while it sends.
 * - history-restart: the history service killed (SIGKILL) 2 s before N reminders fall due, started again after the downtime.
 * - matching-restart: the matching service stopped and started again as N reminders fall due.
 * - postgres-restart: PostgreSQL stopped (fast shutdown) 2 s before N reminders fall due, started again after the downtime.
 * - web-kill: two web servers; U units upload a file (trickled) and submit; one server is killed
 *   in the middle, the units retry on the other (chaos-web.ts).
 *
 * Each: planned, delivered, duplicates, lost, lateness (from the planned instant to the first copy).
 */
import { randomUUID } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { bundleWorkflowCode } from '@temporalio/worker';
import { workflowsPath } from '../workers/worker';
import { type AppProcess, startAppProcess } from './app-processes';
import { webKill } from './chaos-web';
import { type Counter, startCounter } from './counting-smtp';
import { type DeliveryFigures, deliveryFigures, startBurst, waitForDeliveries } from './fault-run';
import { ensureDatabase } from './postgres';
import { startScratchCluster } from './scratch-cluster';
import type { TemporalCluster } from './temporal-cluster';

const projectDir = path.resolve(__dirname, '..');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
export const progress = (line: string) => process.stderr.write(`${line}\n`);

export interface ClusterChaosStack {
  cluster: TemporalCluster;
  client: Client;
  counter: Counter;
  storeUrl: string;
  dir: string;
  bundle: string;
  /** A campaign worker process on `taskQueue`, once it polls. */
  startWorker(taskQueue: string): Promise<AppProcess>;
  close(): Promise<void>;
}

export async function startClusterChaosStack(): Promise<ClusterChaosStack> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'campaign-chaos-cluster-'));
  chmodSync(dir, 0o711);
  progress('chaos: starting a Temporal cluster (durable PostgreSQL, four service processes) and bundling the workflows …');
  const cluster = await startScratchCluster({ projectDir, durable: true, log: progress });
  const bundle = path.join(dir, 'workflows.js');
  const ignore = () => undefined;
  writeFileSync(bundle, (await bundleWorkflowCode({ workflowsPath, logger: { log: ignore, trace: ignore, debug: ignore, info: ignore, warn: ignore, error: ignore } })).code);
  const counter = await startCounter();
  const storeUrl = await ensureDatabase(cluster.postgres.urlOf('postgres'), 'campaigns');
  const connection = await Connection.connect({ address: cluster.address });
  const processes: AppProcess[] = [];
  const startWorker = async (taskQueue: string) => {
    const worker = startAppProcess({
      name: `worker-${processes.length + 1}`,
      entry: 'workers/main.ts',
      env: { ...process.env, TEMPORAL_ADDRESS: cluster.address, TEMPORAL_TASK_QUEUE: taskQueue, SMTP_HOST: '127.0.0.1', SMTP_PORT: String(counter.port), MAIL_FROM: 'chaos@example.gov.cn', WORKFLOW_BUNDLE: bundle, DATA_DIR: path.join(dir, 'data'), DATABASE_URL: storeUrl, NODE_ENV: 'development' },
    });
    processes.push(worker);
    await worker.ready;
    return worker;
  };
  return {
    cluster,
    client: new Client({ connection }),
    counter,
    storeUrl,
    dir,
    bundle,
    startWorker,
    async close() {
      await Promise.all(processes.map((worker) => worker.kill()));
      await connection.close();
      await counter.close();
      await cluster.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface FaultRun extends DeliveryFigures {
  scenario: string;
  /** What the fault was, with its measured downtime. */
  fault: string;
}

/**
 * `n` reminders at one instant on two fresh workers; `fault` runs from `leadMs` before the instant
 * and says what it did; then every delivery is awaited (at most 10 minutes).
 */
async function burstWithFault(stack: ClusterChaosStack, scenario: string, n: number, fault: (workers: AppProcess[], atMs: number) => Promise<string>): Promise<FaultRun> {
  const campaignId = `${scenario}-${randomUUID().slice(0, 6)}`;
  const workers = [await stack.startWorker(campaignId), await stack.startWorker(campaignId)];
  // Far enough ahead that every obligation has started and run its first task.
  const atMs = Date.now() + 20_000 + n * 8;
  progress(`chaos ${scenario}: ${n} reminders due at one instant, two workers`);
  await startBurst(stack.client, campaignId, campaignId, n, atMs, progress);
  const done = await fault(workers, atMs);
  await waitForDeliveries(stack.counter.copies, campaignId, n, 10 * 60_000, progress);
  await sleep(3_000); // a late duplicate would arrive now
  await Promise.all(workers.map((worker) => worker.kill()));
  return { scenario, fault: done, ...deliveryFigures(stack.counter.copies, campaignId, n, atMs) };
}

/** One of the two workers killed with SIGKILL once the burst is under way (its sends in flight are retried after their 2-minute timeout). */
export function workerKill(stack: ClusterChaosStack, n: number): Promise<FaultRun> {
  return burstWithFault(stack, 'worker-kill', n, async (workers, atMs) => {
    await sleep(Math.max(atMs - Date.now(), 0));
    const before = stack.counter.copies.size;
    while (stack.counter.copies.size < before + Math.min(50, n / 10)) await sleep(50);
    await workers[0]!.kill('SIGKILL');
    return `worker-1 of 2 killed after ${stack.counter.copies.size - before} deliveries`;
  });
}

/** The history service killed 2 s before the instant and started again after `downtimeMs`. */
export function historyRestart(stack: ClusterChaosStack, n: number, downtimeMs: number): Promise<FaultRun> {
  return burstWithFault(stack, 'history-restart', n, async (_workers, atMs) => {
    await sleep(Math.max(atMs - 2_000 - Date.now(), 0));
    const stoppedAt = Date.now();
    await stack.cluster.service('history').kill();
    await sleep(Math.max(stoppedAt + downtimeMs - Date.now(), 0));
    await stack.cluster.service('history').start();
    return `history SIGKILL, back after ${((Date.now() - stoppedAt) / 1000).toFixed(1)} s`;
  });
}

/** The matching service stopped (SIGTERM) as the reminders fall due and started again at once. */
export function matchingRestart(stack: ClusterChaosStack, n: number): Promise<FaultRun> {
  return burstWithFault(stack, 'matching-restart', n, async (_workers, atMs) => {
    await sleep(Math.max(atMs - Date.now(), 0));
    const stoppedAt = Date.now();
    await stack.cluster.service('matching').restart();
    return `matching SIGTERM and start, back after ${((Date.now() - stoppedAt) / 1000).toFixed(1)} s`;
  });
}

/** PostgreSQL stopped with a fast shutdown 2 s before the instant and started again after `downtimeMs`. */
export function postgresRestart(stack: ClusterChaosStack, n: number, downtimeMs: number): Promise<FaultRun> {
  return burstWithFault(stack, 'postgres-restart', n, async (_workers, atMs) => {
    await sleep(Math.max(atMs - 2_000 - Date.now(), 0));
    const stoppedAt = Date.now();
    await stack.cluster.postgres.restart(downtimeMs);
    return `PostgreSQL fast shutdown, back after ${((Date.now() - stoppedAt) / 1000).toFixed(1)} s`;
  });
}

export const clusterScenarios = ['worker-kill', 'history-restart', 'matching-restart', 'postgres-restart', 'web-kill'] as const;

/** The chosen scenarios on one cluster, one after the other; prints each table as it finishes. */
export async function runClusterChaos(options: { scenario: string; n?: string; downtime: string }): Promise<Record<string, unknown>> {
  const chosen = options.scenario === 'all' ? [...clusterScenarios] : options.scenario.split(',');
  const unknown = chosen.filter((name) => !(clusterScenarios as readonly string[]).includes(name));
  if (unknown.length > 0) throw new Error(`unknown cluster scenario ${unknown.join(', ')}; known: ${clusterScenarios.join(', ')}, all`);
  const downtimeMs = Number(options.downtime) * 1000;
  const stack = await startClusterChaosStack();
  const runs: FaultRun[] = [];
  try {
    for (const scenario of chosen) {
      const n = Number(options.n ?? (scenario === 'worker-kill' ? 2000 : scenario === 'web-kill' ? 200 : 1000));
      const load = os.loadavg()[0]!.toFixed(1);
      const run =
        scenario === 'worker-kill' ? await workerKill(stack, n)
        : scenario === 'history-restart' ? await historyRestart(stack, n, downtimeMs)
        : scenario === 'matching-restart' ? await matchingRestart(stack, n)
        : scenario === 'postgres-restart' ? await postgresRestart(stack, n, downtimeMs)
        : await webKill(stack, n, progress);
      runs.push({ ...run, fault: `${run.fault}; load ${load} at the start` });
      console.table([tableRow(runs.at(-1)!)]);
    }
  } finally {
    await stack.close();
  }
  console.log('\nFaults on the cluster (two workers, PostgreSQL durable, 8 history shards)');
  console.table(runs.map(tableRow));
  return { target: 'cluster', runs };
}

function tableRow(run: FaultRun): Record<string, string | number> {
  return { scenario: run.scenario, planned: run.planned, delivered: run.delivered, duplicates: run.duplicates, lost: run.lost, 'late p50 s': run.latenessP50, 'late p99 s': run.latenessP99, 'late max s': run.latenessMax, fault: run.fault };
}
