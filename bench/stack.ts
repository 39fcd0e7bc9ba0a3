/**
 * What every Temporal benchmark shares: a Temporal server of its own (the CLI's dev server on a
 * SQLite file in a temporary folder, or with target `cluster` a real cluster on PostgreSQL:
 * bench/cluster-target.ts), a counting SMTP server on loopback, the two workflow bundles (ours and the baseline's),
 * bounded parallel starts, CPU readings from /proc, and the report (a table on stdout, JSON under
 * bench-results/). Progress goes to stderr; everything started here is stopped here.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { bundleWorkflowCode, NativeConnection } from '@temporalio/worker';
import nodemailer from 'nodemailer';
import { smtpTimeouts } from '../activities/email';
import { startCounter } from '../scripts/counting-smtp';
import { devServer } from '../scripts/dev-server';
import { ensureTemporalBinaries } from '../scripts/servers';
import type { TemporalCluster } from '../scripts/temporal-cluster';
import { workflowsPath } from '../workers/worker';
import { serverCpuSeconds, startBenchCluster } from './cluster-target';

export const projectDir = path.resolve(__dirname, '..');
export const progress = (line: string) => process.stderr.write(`${line}\n`);
export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const ignore = () => undefined;
export const silentLogger = { log: ignore, trace: ignore, debug: ignore, info: ignore, warn: ignore, error: ignore };
export const from = 'bench@example.gov.cn';
/** SMTP connections per pool, in ours and in both baselines (the project's default, SMTP_POOL_SIZE). */
export const defaultPoolSize = 5;

export interface Row {
  figure: string;
  ours: string;
  baseline: string;
  ratio: string;
}

/** Where a benchmark runs: the CLI's dev server on SQLite, or the real cluster on PostgreSQL. */
export type Target = 'dev' | 'cluster';

export interface Stack {
  target: Target;
  client: Client;
  connection: NativeConnection;
  address: string;
  smtpPort: number;
  /** Arrival times at the SMTP server, by Message-ID. */
  copies: Map<string, number[]>;
  /** The server's processes of the moment (dev: `server`; cluster: each service and `postgres`); CPU is read from /proc. */
  serverPids(): Record<string, number | undefined>;
  /** The cluster, for its statistics (target cluster only). */
  cluster?: TemporalCluster;
}

export async function withStack<T>(run: (stack: Stack) => Promise<T>, pragmas?: string[], target: Target = 'dev'): Promise<T> {
  const folder = mkdtempSync(path.join(os.tmpdir(), 'campaign-bench-'));
  const counter = await startCounter();
  const server = target === 'dev' ? devServer(projectDir, folder, progress, pragmas) : undefined;
  const cluster = target === 'cluster' ? await startBenchCluster() : undefined;
  if (server) {
    progress(`bench: starting the Temporal dev server (SQLite file${pragmas ? `, pragmas ${pragmas.join(' ') || 'none'}` : ', write-ahead log'}) …`);
    await server.start();
  }
  const address = server?.address ?? cluster!.address;
  const connection = await NativeConnection.connect({ address });
  const clientConnection = await Connection.connect({ address });
  try {
    const serverPids = () => (cluster ? cluster.pids() : { server: server!.pid });
    const stack: Stack = { target, client: new Client({ connection: clientConnection }), connection, address, smtpPort: counter.port, copies: counter.copies, serverPids, ...(cluster ? { cluster } : {}) };
    return await run(stack);
  } finally {
    // Each step on its own: a connection that will not close (a worker still holds it after a
    // failed run) must not leave the server running.
    const steps = [() => clientConnection.close(), async () => connection.close(), () => counter.close(), async () => server?.stop(), async () => cluster?.stop()];
    for (const step of steps) await step().catch((error: unknown) => progress(`bench: while stopping: ${error instanceof Error ? error.message : String(error)}`));
    rmSync(folder, { recursive: true, force: true });
  }
}

export interface Bundles {
  ours: { code: string };
  baseline: { code: string };
}

/** Both workflow bundles, built once per run (the pre-built bundle a deployment would ship). */
export async function bundles(): Promise<Bundles> {
  progress('bench: bundling the workflows …');
  const [ours, baseline] = await Promise.all([
    bundleWorkflowCode({ workflowsPath, logger: silentLogger }),
    bundleWorkflowCode({ workflowsPath: path.join(__dirname, 'baseline/workflows.ts'), logger: silentLogger }),
  ]);
  return { ours: { code: ours.code }, baseline: { code: baseline.code } };
}

export const pooledTransport = (port: number, poolSize = defaultPoolSize) =>
  nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true, pool: true, maxConnections: poolSize, ...smtpTimeouts });

export const ratio = (ours: number, baseline: number) => (baseline > 0 ? `${(ours / baseline).toFixed(2)}×` : '—');

/** Runs `count` calls with `parallel` in flight, reporting progress every 10 %. */
export async function inParallel(count: number, parallel: number, start: (index: number) => Promise<unknown>, label: string): Promise<void> {
  let next = 0;
  let done = 0;
  const step = Math.max(1, Math.floor(count / 10));
  const lane = async () => {
    while (next < count) {
      const index = next;
      next += 1;
      await start(index);
      done += 1;
      if (done % step === 0) progress(`  ${label}: ${done}/${count}`);
    }
  };
  await Promise.all(Array.from({ length: parallel }, lane));
}

/** Waits until a visibility query counts `target` workflows (e.g. all have run their first task). */
export async function waitForCount(client: Client, query: string, target: number, label: string): Promise<void> {
  for (let last = -1; ; await sleep(2_000)) {
    const { count } = await client.workflow.count(query);
    if (count !== last) progress(`  ${label}: ${count}/${target}`);
    last = count;
    if (count >= target) return;
  }
}

/** CPU time (s) and RSS (MiB) of a process, from /proc. */
export function usageOf(pid: number): { cpuSeconds: number; rssMiB: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const rssKiB = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]); // utime + stime, in clock ticks (100 per second)
  return { cpuSeconds: ticks / 100, rssMiB: rssKiB / 1024 };
}

export interface CpuReading {
  /** All the server's processes together, % of one core. */
  server: number;
  /** This process (worker, client, SMTP counter), % of one core. */
  bench: number;
  /** Each server process, % of one core (dev: `server`; cluster: frontend, history, matching, worker, postgres). */
  byProcess: Record<string, number>;
  /** CPU seconds of each, and of `bench`, over the reading. */
  seconds: Record<string, number>;
  wallSeconds: number;
}

/** CPU used by the Temporal server's processes and by this process between start and read. */
export function cpuMeter(serverPids: () => Record<string, number | undefined>): () => CpuReading {
  const startedAt = Date.now();
  const before = serverCpuSeconds(serverPids());
  const bench = process.cpuUsage();
  return () => {
    const wallSeconds = (Date.now() - startedAt) / 1000;
    const after = serverCpuSeconds(serverPids());
    const used = process.cpuUsage(bench);
    const seconds: Record<string, number> = Object.fromEntries(Object.entries(after).map(([name, value]) => [name, Math.max(0, value - (before[name] ?? 0))]));
    const byProcess = Object.fromEntries(Object.entries(seconds).map(([name, value]) => [name, (value / wallSeconds) * 100]));
    seconds.bench = (used.user + used.system) / 1e6;
    const server = Object.values(byProcess).reduce((sum, value) => sum + value, 0);
    return { server, bench: (seconds.bench / wallSeconds) * 100, byProcess, seconds, wallSeconds };
  };
}

/** The busiest server processes of a reading, e.g. `history 61 %, postgres 48 %, frontend 22 %`. */
export function describeCpu(reading: CpuReading): string {
  return Object.entries(reading.byProcess).sort(([, a], [, b]) => b - a).map(([name, value]) => `${name} ${value.toFixed(0)} %`).join(', ');
}

/** Which side ran out, from the CPU readings of a drain: on 2 cores, a process near 100 % of a core is the limit. */
export function limitOf(cpu: CpuReading, bench = 'worker'): string {
  const cores = os.cpus().length;
  const total = cpu.server + cpu.bench;
  // A cluster's processes, each named: where on the server the time went.
  const parts = Object.keys(cpu.byProcess).length > 1 ? ` [${describeCpu(cpu)}]` : '';
  if (total > cores * 100 * 0.85) return `both cores (server ${cpu.server.toFixed(0)} %${parts}, ${bench} ${cpu.bench.toFixed(0)} %)`;
  return cpu.server >= cpu.bench ? `Temporal server (${cpu.server.toFixed(0)} % CPU${parts}; ${bench} ${cpu.bench.toFixed(0)} %)` : `${bench} (${cpu.bench.toFixed(0)} % CPU; server ${cpu.server.toFixed(0)} %${parts})`;
}

let cliVersion: string | undefined;
export function machine(): string {
  cliVersion ??= (() => {
    try {
      const binaries = ensureTemporalBinaries({ projectDir });
      return execFileSync(binaries.cli, ['--version'], { encoding: 'utf8' }).trim().replace(/^temporal version /, '');
    } catch {
      return 'unknown';
    }
  })();
  return `${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, Temporal CLI ${cliVersion}`;
}

/** Prints the table and writes it, with the machine and the options, as JSON under bench-results/. */
export function report(name: string, rows: Row[], details: Record<string, unknown> = {}): string {
  console.log(`\n${name} — ${machine()}`);
  console.log('| figure | ours | baseline | ratio |\n|---|---|---|---|');
  for (const row of rows) console.log(`| ${row.figure} | ${row.ours} | ${row.baseline} | ${row.ratio} |`);
  const folder = path.join(projectDir, 'bench-results');
  mkdirSync(folder, { recursive: true });
  const file = path.join(folder, `${name}-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, `${JSON.stringify({ name, machine: machine(), at: new Date().toISOString(), rows, ...details }, null, 2)}\n`);
  console.log(`results: ${path.relative(process.cwd(), file)}`);
  return file;
}
