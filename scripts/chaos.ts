/**
 * `npm run chaos [-- --scenario worker-kill|server-restart|hostile|all] [--n N]`: long fault runs against
 * the real parts (the Temporal CLI dev server on a SQLite file, the real worker process
 * `workers/main.ts`, an SMTP server on loopback that counts every copy it receives), with figures.
 *
 * - worker-kill: N obligations whose reminder falls on the same instant; the worker process is
 *   killed with SIGKILL again and again while it sends, and restarted. Run twice, with the send
 *   ledger on and off: messages planned, delivered, duplicated, lost.
 * - server-restart: N reminders fall due while the Temporal server is down; it comes back on its
 *   SQLite file; every reminder is sent, late by about the downtime.
 * - hostile: a hostile client against the web server process (scripts/chaos-hostile.ts): memory
 *   under failed log-ins, other requests' latency during a log-in flood, disk under an upload flood.
 *
 * Prints a table, writes JSON to chaos-results/ (ignored), and stops everything it started.
 */
import { ensureDatabase, startPostgres } from './postgres';
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { Client, Connection } from '@temporalio/client';
import { bundleWorkflowCode } from '@temporalio/worker';
import { Command } from 'commander';
import { workflowsPath } from '../workers/worker';
import { type Counter, startCounter } from './counting-smtp';
import { devServer, killGroup } from './dev-server';
import { startOneReminderObligation } from './synthetic-obligation';
import { hostileClient } from './chaos-hostile';

const projectDir = path.resolve(__dirname, '..');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const progress = (line: string) => process.stderr.write(`${line}\n`);

interface Stack {
  dir: string;
  address: string;
  bundle: string;
  counter: Counter;
  startServer(): Promise<void>;
  /** SIGTERM to the Temporal server, as a restart would. */
  stopServer(): Promise<void>;
  startWorker(taskQueue: string, env?: NodeJS.ProcessEnv): Promise<ChildProcess>;
  /** A fresh database on the run's PostgreSQL. */
  database(name: string): Promise<string>;
  client: Client;
  close(): Promise<void>;
}

async function exitOf(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  await new Promise((resolve) => child.once('exit', resolve));
}

async function startStack(): Promise<Stack> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'campaign-chaos-'));
  chmodSync(dir, 0o711); // the PostgreSQL server's own user enters it to reach its data folder
  const server = devServer(projectDir, dir, progress);
  const address = server.address;
  const children = new Set<ChildProcess>();
  const track = (child: ChildProcess) => {
    children.add(child);
    child.once('exit', () => children.delete(child));
    return child;
  };
  progress('chaos: starting the Temporal dev server (SQLite file) and bundling the workflows …');
  await server.start();
  const bundle = path.join(dir, 'workflows.js');
  writeFileSync(bundle, (await bundleWorkflowCode({ workflowsPath, logger: { log: () => undefined, trace: () => undefined, debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined } })).code);
  const counter = await startCounter();
  // The workers' store (send ledger, notices) on an embedded PostgreSQL of this run.
  const postgres = await startPostgres({ dataDir: path.join(dir, 'postgres'), durable: false });
  const databaseUrl = await ensureDatabase(postgres.url, 'campaigns');
  const connection = await Connection.connect({ address });
  const client = new Client({ connection });

  const startWorker = (taskQueue: string, env: NodeJS.ProcessEnv = {}) =>
    new Promise<ChildProcess>((resolve, reject) => {
      const child = track(
        spawn(process.execPath, [require.resolve('tsx/cli'), path.join(projectDir, 'workers/main.ts')], {
          cwd: projectDir,
          detached: true,
          stdio: ['ignore', 'pipe', 'ignore'],
          env: { ...process.env, TEMPORAL_ADDRESS: address, TEMPORAL_TASK_QUEUE: taskQueue, SMTP_HOST: '127.0.0.1', SMTP_PORT: String(counter.port), MAIL_FROM: 'chaos@example.gov.cn', WORKFLOW_BUNDLE: bundle, DATA_DIR: path.join(dir, 'data'), DATABASE_URL: databaseUrl, NODE_ENV: 'development', ...env },
        }),
      );
      readline.createInterface({ input: child.stdout! }).on('line', (line) => line.includes('worker: polling') && resolve(child));
      child.once('exit', (code, signal) => reject(new Error(`the worker exited (${signal ?? code}) before polling`)));
    });

  return {
    dir,
    address,
    bundle,
    counter,
    startServer: () => server.start(),
    stopServer: () => server.stop(),
    startWorker,
    database: (name: string) => ensureDatabase(postgres.url, name),
    client,
    async close() {
      for (const child of children) killGroup(child, 'SIGKILL');
      await server.stop();
      await connection.close();
      await counter.close();
      await postgres.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** N obligations of one campaign, each with one reminder at `reminderAtMs`. */
async function startObligations(stack: Stack, campaignId: string, taskQueue: string, n: number, reminderAtMs: number): Promise<void> {
  let started = 0;
  const ids = Array.from({ length: n }, (_, index) => `unit-${String(index).padStart(5, '0')}`);
  const startOne = async (unitId: string) => {
    await stack.client.workflow.start('obligationWorkflow', startOneReminderObligation(taskQueue, campaignId, unitId, reminderAtMs));
    started += 1;
    if (started % 250 === 0) progress(`  started ${started}/${n}`);
  };
  for (let next = 0; next < ids.length; next += 32) await Promise.all(ids.slice(next, next + 32).map(startOne));
}

const copiesOf = (counter: Counter, campaignId: string) => [...counter.copies.entries()].filter(([id]) => id.startsWith(`<${campaignId}.`));

async function waitForDelivery(counter: Counter, campaignId: string, n: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = -1;
  for (;;) {
    const unique = copiesOf(counter, campaignId).length;
    if (unique !== last) progress(`  delivered ${unique}/${n}`);
    last = unique;
    if (unique >= n || Date.now() > deadline) return;
    await sleep(1000);
  }
}

interface WorkerKillResult {
  ledger: boolean;
  planned: number;
  delivered: number;
  duplicates: number;
  lost: number;
  kills: number;
}

async function workerKill(stack: Stack, n: number, kills: number, ledger: boolean): Promise<WorkerKillResult> {
  const campaignId = `kill-${ledger ? 'ledger' : 'noledger'}-${randomUUID().slice(0, 6)}`;
  const taskQueue = campaignId;
  progress(`chaos: worker-kill, send ledger ${ledger ? 'on' : 'off'}: ${n} reminders at the same instant, ${kills} kills`);
  const env = { SEND_LEDGER: String(ledger), DATA_DIR: path.join(stack.dir, `data-${campaignId}`) };
  let worker = await stack.startWorker(taskQueue, env);
  const reminderAtMs = Date.now() + 15_000 + n * 5;
  await startObligations(stack, campaignId, taskQueue, n, reminderAtMs);
  await sleep(Math.max(reminderAtMs - Date.now(), 0) + 300);
  let done = 0;
  for (; done < kills && copiesOf(stack.counter, campaignId).length < n; done += 1) {
    // Kill while it sends: once this worker has delivered something, after a random part of a second more.
    const before = copiesOf(stack.counter, campaignId).length;
    for (let waited = 0; copiesOf(stack.counter, campaignId).length === before && waited < 180_000; waited += 100) await sleep(100);
    await sleep(200 + Math.floor(Math.random() * 800));
    killGroup(worker, 'SIGKILL');
    await exitOf(worker);
    progress(`  kill ${done + 1}: ${copiesOf(stack.counter, campaignId).length}/${n} delivered so far; restarting the worker`);
    worker = await stack.startWorker(taskQueue, env);
  }
  await waitForDelivery(stack.counter, campaignId, n, 10 * 60_000);
  killGroup(worker, 'SIGKILL');
  const copies = copiesOf(stack.counter, campaignId);
  const total = copies.reduce((sum, [, arrivals]) => sum + arrivals.length, 0);
  return { ledger, planned: n, delivered: copies.length, duplicates: total - copies.length, lost: n - copies.length, kills: done };
}

interface RestartResult {
  planned: number;
  delivered: number;
  duplicates: number;
  downtimeMs: number;
  latenessP50Ms: number;
  latenessP99Ms: number;
  latenessMaxMs: number;
}

async function serverRestart(stack: Stack, n: number, downtimeMs: number): Promise<RestartResult> {
  const campaignId = `restart-${randomUUID().slice(0, 6)}`;
  progress(`chaos: server-restart: ${n} reminders fall due while the Temporal server is down for ${downtimeMs / 1000} s`);
  const worker = await stack.startWorker(campaignId);
  const reminderAtMs = Date.now() + 15_000 + n * 5;
  await startObligations(stack, campaignId, campaignId, n, reminderAtMs);
  // Down from shortly before the reminders fall due until `downtimeMs` later.
  await sleep(Math.max(reminderAtMs - 2_000 - Date.now(), 0));
  const stoppedAt = Date.now();
  await stack.stopServer();
  progress(`  server stopped; ${copiesOf(stack.counter, campaignId).length} delivered before`);
  await sleep(Math.max(stoppedAt + downtimeMs - Date.now(), 0));
  await stack.startServer();
  progress(`  server back after ${((Date.now() - stoppedAt) / 1000).toFixed(1)} s`);
  await waitForDelivery(stack.counter, campaignId, n, 10 * 60_000);
  killGroup(worker, 'SIGKILL');
  const copies = copiesOf(stack.counter, campaignId);
  const lateness = copies.map(([, arrivals]) => arrivals[0]! - reminderAtMs).sort((a, b) => a - b);
  const quantile = (q: number) => lateness[Math.min(lateness.length - 1, Math.floor(q * lateness.length))] ?? 0;
  return {
    planned: n,
    delivered: copies.length,
    duplicates: copies.reduce((sum, [, arrivals]) => sum + arrivals.length - 1, 0),
    downtimeMs,
    latenessP50Ms: quantile(0.5),
    latenessP99Ms: quantile(0.99),
    latenessMaxMs: lateness.at(-1) ?? 0,
  };
}

async function main(): Promise<void> {
  const options = new Command()
    .option('--scenario <name>', 'worker-kill, server-restart, hostile or all', 'all')
    .option('--n <count>', 'obligations per run (default 2000 for worker-kill, 1000 for server-restart)')
    .option('--kills <count>', 'worker kills per run', '6')
    .option('--downtime <seconds>', 'server downtime', '20')
    .parse(process.argv)
    .opts<{ scenario: string; n?: string; kills: string; downtime: string }>();
  const stack = await startStack();
  // Whatever happens, leave nothing running.
  const abort = (reason: unknown) => {
    console.error(reason);
    void stack.close().finally(() => process.exit(1));
  };
  process.once('SIGINT', abort).once('SIGTERM', abort).once('uncaughtException', abort);
  const results: Record<string, unknown> = { machine: { cores: os.cpus().length, memoryGb: Math.round(os.totalmem() / 2 ** 30), node: process.version } };
  try {
    if (options.scenario === 'worker-kill' || options.scenario === 'all') {
      const n = Number(options.n ?? 2000);
      const runs = [await workerKill(stack, n, Number(options.kills), true), await workerKill(stack, n, Number(options.kills), false)];
      results.workerKill = runs;
      console.log('\nWorker killed with SIGKILL while sending (every run: the same burst, the same number of kills)');
      console.table(runs.map((run) => ({ 'send ledger': run.ledger ? 'on' : 'off', planned: run.planned, delivered: run.delivered, duplicates: run.duplicates, lost: run.lost, kills: run.kills })));
    }
    if (options.scenario === 'server-restart' || options.scenario === 'all') {
      const n = Number(options.n ?? 1000);
      const restart = await serverRestart(stack, n, Number(options.downtime) * 1000);
      results.serverRestart = restart;
      console.log('\nTemporal server down while reminders fell due, then restarted on its SQLite file');
      console.table([{ planned: restart.planned, delivered: restart.delivered, duplicates: restart.duplicates, 'downtime s': restart.downtimeMs / 1000, 'late p50 s': restart.latenessP50Ms / 1000, 'late p99 s': restart.latenessP99Ms / 1000, 'late max s': restart.latenessMaxMs / 1000 }]);
    }
    if (options.scenario === 'hostile' || options.scenario === 'all') {
      const hostile = await hostileClient({ temporalAddress: stack.address, databaseUrl: await stack.database('hostile'), progress });
      results.hostile = hostile;
      console.log('\nHostile client against the web server process');
      console.table([
        { figure: 'web RSS (MB) before → after 2,000 failed log-ins, maximal fields', value: `${hostile.memory.rssBeforeMb} → ${hostile.memory.rssAfterMb}`, answers: JSON.stringify(hostile.memory.statuses) },
        { figure: 'web RSS (MB) after each of 3 rounds of 100 log-ins with 3 MB user names', value: hostile.memory.rssAfterHugeMb.join(' → '), answers: JSON.stringify(hostile.memory.hugeStatuses) },
        { figure: 'other requests alone: p50 / p95 / max ms', value: `${hostile.latency.alone.p50Ms} / ${hostile.latency.alone.p95Ms} / ${hostile.latency.alone.maxMs}`, answers: `${hostile.latency.alone.requests} requests` },
        { figure: 'during a 16-way log-in flood: p50 / p95 / max ms', value: `${hostile.latency.duringFlood.p50Ms} / ${hostile.latency.duringFlood.p95Ms} / ${hostile.latency.duringFlood.maxMs}`, answers: `${hostile.latency.floodAttempts} log-ins ${JSON.stringify(hostile.latency.floodStatuses)}` },
        { figure: `store MB before → after ${hostile.disk.uploads} × ${hostile.disk.uploadMb} MB uploads from one link`, value: `${hostile.disk.storeBeforeMb} → ${hostile.disk.storeAfterMb}`, answers: `${hostile.disk.accepted} accepted, ${hostile.disk.refused} refused` },
      ]);
    }
  } finally {
    await stack.close();
  }
  const folder = path.join(projectDir, 'chaos-results');
  mkdirSync(folder, { recursive: true });
  const file = path.join(folder, `chaos-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`\nresults: ${path.relative(process.cwd(), file)}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
