/**
 * Benchmarks against a real Temporal dev server (SQLite file) and a real SMTP server on loopback,
 * each side by side with its baseline in the same run (these machines are shared and noisy; the
 * ratio is the figure to read):
 *
 * - `fanout --units U --obligations O`: a campaign launches its U×O obligations (the campaign
 *   workflow, its launch activity, the obligations' first task); baseline: the same client starts
 *   as many workflows that only sleep, with the same parallelism. Figure: starts per second.
 * - `burst --n N`: N obligations whose reminder falls on the same instant. Figures: time from the
 *   instant until the last reminder reached the SMTP server, lateness p50/p99. Baselines: (a) N
 *   minimal workflows that sleep to the instant and send one message through one activity, (b)
 *   nodemailer alone sending N messages with the same pool.
 * - `history`: events and bytes of every recorded history in test/histories (real runs).
 *
 * Writes JSON under bench-results/ (ignored) and leaves nothing running.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import { bundleWorkflowCode, NativeConnection, Worker } from '@temporalio/worker';
import nodemailer from 'nodemailer';
import { createActivities } from '../activities';
import { smtpTimeouts } from '../activities/email';
import { definitionSchema } from '../config/definition/schema';
import { compilePlan } from '../config/compile';
import { rebaseOffset } from '../config/workflow-input';
import { startCounter } from '../scripts/counting-smtp';
import { devServer } from '../scripts/dev-server';
import { historiesDir, readHistory } from '../test/support/histories';
import { workflowsPath } from '../workers/worker';
import { campaignProgressQuery, campaignWorkflowId, type CampaignInput, type ObligationInstance } from '../workflows/contracts';
import { baselineActivities } from './baseline/activities';
import { syntheticDefinition } from './compile';

const projectDir = path.resolve(__dirname, '..');
const progress = (line: string) => process.stderr.write(`${line}\n`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const silent = { log: () => undefined, trace: () => undefined, debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };
const from = 'bench@example.gov.cn';
const poolSize = 5;

interface Row {
  figure: string;
  ours: string;
  baseline: string;
  ratio: string;
}

async function withStack<T>(run: (stack: { client: Client; connection: NativeConnection; smtpPort: number; copies: Map<string, number[]> }) => Promise<T>): Promise<T> {
  const folder = mkdtempSync(path.join(os.tmpdir(), 'campaign-bench-'));
  const server = devServer(projectDir, folder, progress);
  const counter = await startCounter();
  progress('bench: starting the Temporal dev server (SQLite file) …');
  await server.start();
  const connection = await NativeConnection.connect({ address: server.address });
  const clientConnection = await Connection.connect({ address: server.address });
  try {
    return await run({ client: new Client({ connection: clientConnection }), connection, smtpPort: counter.port, copies: counter.copies });
  } finally {
    await clientConnection.close();
    await connection.close();
    await counter.close();
    await server.stop();
    rmSync(folder, { recursive: true, force: true });
  }
}

async function bundles() {
  progress('bench: bundling the workflows …');
  const [ours, baseline] = await Promise.all([
    bundleWorkflowCode({ workflowsPath, logger: silent }),
    bundleWorkflowCode({ workflowsPath: path.join(__dirname, 'baseline/workflows.ts'), logger: silent }),
  ]);
  return { ours: { code: ours.code }, baseline: { code: baseline.code } };
}

const pooledTransport = (port: number) => nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true, pool: true, maxConnections: poolSize, ...smtpTimeouts });
const ratio = (ours: number, baseline: number) => (baseline > 0 ? `${(ours / baseline).toFixed(2)}×` : '—');

/** Starts `count` items with `parallel` calls in flight, reporting progress every 10 %. */
async function inParallel(count: number, parallel: number, start: (index: number) => Promise<unknown>, label: string): Promise<void> {
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

async function benchFanout(units: number, obligations: number): Promise<Row[]> {
  const built = await bundles();
  return withStack(async ({ client, connection, smtpPort }) => {
    const definition = definitionSchema.parse(syntheticDefinition(units, obligations));
    const { plan } = compilePlan(definition);
    const total = plan.instances.length;
    const transport = pooledTransport(smtpPort);
    const ours = await Worker.create({ connection, taskQueue: 'fanout', workflowBundle: built.ours, activities: createActivities({ transport, from, client }) });
    const baseline = await Worker.create({ connection, taskQueue: 'fanout-baseline', workflowBundle: built.baseline, activities: baselineActivities(transport, from) });
    const running = Promise.all([ours.run(), baseline.run()]);
    try {
      progress(`bench fanout: ${units} units × ${obligations} obligations = ${total} obligation workflows`);
      const input: CampaignInput = { launch: { definition, taskQueue: 'fanout', timeOffsetMs: rebaseOffset(plan, Date.now()) }, endsAt: plan.campaign.period.endsAt };
      const startedAt = Date.now();
      const campaign = await client.workflow.start('campaignWorkflow', { taskQueue: 'fanout', workflowId: campaignWorkflowId(plan.campaign.id), args: [input] });
      for (let last = -1; ; await sleep(500)) {
        const state = await campaign.query(campaignProgressQuery);
        if (state.launched !== last) progress(`  launched ${state.launched}/${total}`);
        last = state.launched;
        if (state.phase !== 'launching') break;
      }
      const oursSeconds = (Date.now() - startedAt) / 1000;

      progress(`bench fanout baseline: ${total} workflows that only sleep, 16 starts in flight`);
      const baselineStartedAt = Date.now();
      await inParallel(total, 16, (index) => client.workflow.start('sleeper', { taskQueue: 'fanout-baseline', workflowId: `baseline-${index}` }), 'started');
      const baselineSeconds = (Date.now() - baselineStartedAt) / 1000;
      const oursRate = total / oursSeconds;
      const baselineRate = total / baselineSeconds;
      return [
        { figure: `obligations started (${total})`, ours: `${oursSeconds.toFixed(1)} s`, baseline: `${baselineSeconds.toFixed(1)} s`, ratio: ratio(oursSeconds, baselineSeconds) },
        { figure: 'starts per second', ours: oursRate.toFixed(0), baseline: baselineRate.toFixed(0), ratio: ratio(oursRate, baselineRate) },
      ];
    } finally {
      ours.shutdown();
      baseline.shutdown();
      await running;
      transport.close();
    }
  });
}

interface Drain {
  seconds: number;
  p50: number;
  p99: number;
}

function drainOf(arrivals: number[], atMs: number): Drain {
  const lateness = arrivals.map((arrival) => arrival - atMs).sort((a, b) => a - b);
  const at = (q: number) => (lateness[Math.min(lateness.length - 1, Math.floor(q * lateness.length))] ?? 0) / 1000;
  return { seconds: (lateness.at(-1) ?? 0) / 1000, p50: at(0.5), p99: at(0.99) };
}

async function waitForCopies(copies: Map<string, number[]>, prefix: string, n: number, label: string): Promise<number[]> {
  const deadline = Date.now() + 30 * 60_000;
  for (let last = -1; ; await sleep(250)) {
    const arrived = [...copies.entries()].filter(([id]) => id.startsWith(prefix));
    if (arrived.length !== last && arrived.length % Math.max(1, Math.floor(n / 10)) === 0) progress(`  ${label}: ${arrived.length}/${n} at the SMTP server`);
    last = arrived.length;
    if (arrived.length >= n || Date.now() > deadline) return arrived.map(([, times]) => times[0]!);
  }
}

async function benchBurst(n: number): Promise<Row[]> {
  const built = await bundles();
  return withStack(async ({ client, connection, smtpPort, copies }) => {
    const transport = pooledTransport(smtpPort);
    const ours = await Worker.create({ connection, taskQueue: 'burst', workflowBundle: built.ours, activities: createActivities({ transport, from }) });
    const baseline = await Worker.create({ connection, taskQueue: 'burst-baseline', workflowBundle: built.baseline, activities: baselineActivities(transport, from) });
    const running = Promise.all([ours.run(), baseline.run()]);
    try {
      // Ours: N obligations, one reminder each at the same instant.
      const oursAt = Date.now() + 15_000 + n * 8;
      progress(`bench burst: ${n} obligations, one reminder each at the same instant`);
      const at = (offsetMs: number) => new Date(oursAt + offsetMs).toISOString();
      await inParallel(n, 16, (index) => {
        const unit = `unit-${index}`;
        const instance: ObligationInstance = {
          campaign: { id: 'burst', title: '压力测试活动方案' },
          unit: { id: unit, name: `单位${index}`, emails: [`${unit}@example.gov.cn`] },
          obligation: { id: 'report', title: '落实情况' },
          dueAt: at(3_600_000),
          messages: [{ at: at(0), kind: 'reminder', key: 'reminder-1', label: '截止前提醒' }],
          closesAt: at(7_200_000),
        };
        return client.workflow.start('obligationWorkflow', { taskQueue: 'burst', workflowId: `burst/${unit}/report`, args: [instance] });
      }, 'started');
      const oursDrain = drainOf(await waitForCopies(copies, '<burst.', n, 'ours'), oursAt);

      // (a) Minimal workflow + one activity.
      const minimalAt = Date.now() + 15_000 + n * 8;
      progress(`bench burst baseline (a): ${n} minimal workflows that sleep to the instant and send once`);
      await inParallel(n, 16, (index) => client.workflow.start('minimalReminder', { taskQueue: 'burst-baseline', workflowId: `minimal-${index}`, args: [minimalAt, `unit-${index}@example.gov.cn`, `<minimal.${index}@example.gov.cn>`] }), 'started');
      const minimalDrain = drainOf(await waitForCopies(copies, '<minimal.', n, 'baseline (a)'), minimalAt);

      // (b) nodemailer alone, same pool.
      progress(`bench burst baseline (b): nodemailer alone, ${n} messages, pool of ${poolSize}`);
      const nodemailerAt = Date.now();
      await inParallel(n, 64, (index) => transport.sendMail({ from, to: `unit-${index}@example.gov.cn`, subject: 'baseline', text: 'baseline', messageId: `<nodemailer.${index}@example.gov.cn>` }), 'sent');
      const nodemailerDrain = drainOf(await waitForCopies(copies, '<nodemailer.', n, 'baseline (b)'), nodemailerAt);

      return [
        { figure: `last of ${n} reminders (s after the instant)`, ours: oursDrain.seconds.toFixed(1), baseline: `(a) ${minimalDrain.seconds.toFixed(1)} · (b) ${nodemailerDrain.seconds.toFixed(1)}`, ratio: `${ratio(oursDrain.seconds, minimalDrain.seconds)} (a) · ${ratio(oursDrain.seconds, nodemailerDrain.seconds)} (b)` },
        { figure: 'lateness p50 (s)', ours: oursDrain.p50.toFixed(1), baseline: `(a) ${minimalDrain.p50.toFixed(1)} · (b) ${nodemailerDrain.p50.toFixed(1)}`, ratio: ratio(oursDrain.p50, minimalDrain.p50) + ' (a)' },
        { figure: 'lateness p99 (s)', ours: oursDrain.p99.toFixed(1), baseline: `(a) ${minimalDrain.p99.toFixed(1)} · (b) ${nodemailerDrain.p99.toFixed(1)}`, ratio: ratio(oursDrain.p99, minimalDrain.p99) + ' (a)' },
      ];
    } finally {
      ours.shutdown();
      baseline.shutdown();
      await running;
      transport.close();
    }
  });
}

function benchHistory(): Row[] {
  return readdirSync(historiesDir)
    .filter((file) => file.endsWith('.binpb'))
    .map((file) => {
      const events = readHistory(file).events?.length ?? 0;
      const kib = statSync(path.join(historiesDir, file)).size / 1024;
      return { figure: file.replace('.binpb', ''), ours: `${events} events, ${kib.toFixed(1)} KiB`, baseline: '10,240 events (warning)', ratio: `${((events / 10_240) * 100).toFixed(1)} %` };
    });
}

function machine(): string {
  return `${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
}

function report(name: string, rows: Row[]): void {
  console.log(`\n${name} — ${machine()}`);
  console.table(rows);
  const folder = path.join(projectDir, 'bench-results');
  mkdirSync(folder, { recursive: true });
  const file = path.join(folder, `${name}-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, `${JSON.stringify({ name, machine: machine(), rows }, null, 2)}\n`);
  console.log(`results: ${path.relative(process.cwd(), file)}`);
}

export async function benchTemporal(scenario: 'fanout' | 'burst' | 'history', argv: string[]): Promise<void> {
  const { values } = parseArgs({ args: argv, options: { units: { type: 'string', default: '100' }, obligations: { type: 'string', default: '10' }, n: { type: 'string', default: '1000' } } });
  if (scenario === 'fanout') report('fanout', await benchFanout(Number(values.units), Number(values.obligations)));
  if (scenario === 'burst') report('burst', await benchBurst(Number(values.n)));
  if (scenario === 'history') report('history', benchHistory());
}
