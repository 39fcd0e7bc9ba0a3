/**
 * Deadline burst: N obligations whose reminder falls on the same instant (every unit's report due
 * on 15 April). Figures: time from the instant until the last reminder reached the SMTP server on
 * loopback, and the lateness p50/p99 of the reminders. Baselines in the same run: (a) N minimal
 * workflows that sleep to the same instant and send one message through one activity with
 * nodemailer, (b) nodemailer alone sending N messages through the same pool. The CPU of the
 * server and of this process during each drain says which resource ran out.
 */
import { Worker } from '@temporalio/worker';
import { createActivities } from '../activities';
import { startOneReminderObligation } from '../scripts/synthetic-obligation';
import { tuningOptions, type WorkerTuning } from '../workers/worker';
import { baselineActivities } from './baseline/activities';
import {
  bundles,
  cpuMeter,
  type CpuReading,
  defaultPoolSize,
  from,
  inParallel,
  limitOf,
  pooledTransport,
  progress,
  ratio,
  type Row,
  sleep,
  type Stack,
  type Target,
  withStack,
} from './stack';
import { type Statistics, statisticsSince } from './cluster-target';

export interface Drain {
  seconds: number;
  p50: number;
  p99: number;
  /** CPU during the drain, % of one core, per server process too. */
  cpu: CpuReading;
}

export interface BurstResult {
  n: number;
  target: Target;
  ours: Drain;
  /** Cluster only: where PostgreSQL spent the time of our drain. */
  statistics?: Statistics;
  minimal?: Drain;
  nodemailer?: Drain;
}

export interface BurstOptions {
  poolSize?: number;
  tuning?: WorkerTuning;
  /** Only our obligations (the settings runs compare ours with ours). */
  oursOnly?: boolean;
  target?: Target;
}

function lateness(arrivals: number[], atMs: number): Omit<Drain, 'cpu'> {
  const late = arrivals.map((arrival) => arrival - atMs).sort((a, b) => a - b);
  const at = (q: number) => (late[Math.min(late.length - 1, Math.floor(q * late.length))] ?? 0) / 1000;
  return { seconds: (late.at(-1) ?? 0) / 1000, p50: at(0.5), p99: at(0.99) };
}

async function waitForCopies(copies: Map<string, number[]>, prefix: string, n: number, label: string): Promise<number[]> {
  const deadline = Date.now() + 60 * 60_000;
  const step = Math.max(1, Math.floor(n / 10));
  for (let reported = 0; ; await sleep(250)) {
    const arrived = [...copies.entries()].filter(([id]) => id.startsWith(prefix));
    if (arrived.length >= reported + step) {
      reported = arrived.length - (arrived.length % step);
      progress(`  ${label}: ${arrived.length}/${n} at the SMTP server`);
    }
    if (arrived.length >= n) return arrived.map(([, times]) => times[0]!);
    if (Date.now() > deadline) throw new Error(`${label}: only ${arrived.length} of ${n} messages arrived within an hour`);
  }
}

/** The instant all N fall due: far enough ahead that every workflow has started and run its first task. */
const instantFor = (n: number) => Date.now() + 20_000 + n * 12;

/** Waits for the instant, then measures the drain: arrivals and the CPU from the instant to the last one. */
async function drain(copies: Map<string, number[]>, serverPids: Stack['serverPids'], prefix: string, n: number, atMs: number, label: string): Promise<Drain> {
  await sleep(Math.max(0, atMs - Date.now()));
  const cpu = cpuMeter(serverPids);
  const arrivals = await waitForCopies(copies, prefix, n, label);
  return { ...lateness(arrivals, atMs), cpu: cpu() };
}

export async function benchBurst(n: number, options: BurstOptions = {}): Promise<{ rows: Row[]; result: BurstResult }> {
  const built = await bundles();
  const poolSize = options.poolSize ?? defaultPoolSize;
  const target = options.target ?? 'dev';
  return withStack(async ({ client, connection, smtpPort, copies, serverPids, cluster }) => {
    const transport = pooledTransport(smtpPort, poolSize);
    const ours = await Worker.create({ connection, taskQueue: 'burst', workflowBundle: built.ours, activities: createActivities({ transport, from }), ...tuningOptions(options.tuning) });
    const baseline = await Worker.create({ connection, taskQueue: 'burst-baseline', workflowBundle: built.baseline, activities: baselineActivities(transport, from) });
    const running = Promise.all([ours.run(), baseline.run()]);
    try {
      const oursAt = instantFor(n);
      progress(`bench burst: ${n} obligations, one reminder each at the same instant (SMTP pool ${poolSize})`);
      await inParallel(n, 16, (index) => client.workflow.start('obligationWorkflow', startOneReminderObligation('burst', 'burst', `unit-${index}`, oursAt)), 'started');
      const statistics = cluster ? await statisticsSince(cluster) : undefined;
      const result: BurstResult = { n, target, ours: await drain(copies, serverPids, '<burst.', n, oursAt, 'ours'), ...(statistics ? { statistics: await statistics() } : {}) };
      if (options.oursOnly) return { rows: [], result };

      const minimalAt = instantFor(n);
      progress(`bench burst baseline (a): ${n} minimal workflows that sleep to the instant and send once`);
      await inParallel(n, 16, (index) => client.workflow.start('minimalReminder', { taskQueue: 'burst-baseline', workflowId: `minimal-${index}`, args: [minimalAt, `unit-${index}@example.gov.cn`, `<minimal.${index}@example.gov.cn>`] }), 'started');
      result.minimal = await drain(copies, serverPids, '<minimal.', n, minimalAt, 'baseline (a)');

      progress(`bench burst baseline (b): nodemailer alone, ${n} messages, pool of ${poolSize}`);
      const nodemailerAt = Date.now();
      const cpu = cpuMeter(serverPids);
      await inParallel(n, 64, (index) => transport.sendMail({ from, to: `unit-${index}@example.gov.cn`, subject: 'baseline', text: 'baseline', messageId: `<nodemailer.${index}@example.gov.cn>` }), 'sent');
      result.nodemailer = { ...lateness(await waitForCopies(copies, '<nodemailer.', n, 'baseline (b)'), nodemailerAt), cpu: cpu() };
      return { rows: burstRows(result), result };
    } finally {
      ours.shutdown();
      baseline.shutdown();
      await running;
      transport.close();
    }
  }, undefined, target);
}

function burstRows({ n, target, ours, minimal, nodemailer }: BurstResult): Row[] {
  const both = (pick: (drain: Drain) => number) => `(a) ${pick(minimal!).toFixed(1)} · (b) ${pick(nodemailer!).toFixed(1)}`;
  return [
    {
      figure: `${target === 'cluster' ? 'cluster: ' : ''}last of ${n} reminders (s after the instant)`,
      ours: ours.seconds.toFixed(1),
      baseline: both((drain) => drain.seconds),
      ratio: `${ratio(ours.seconds, minimal!.seconds)} (a, target ≤ 1.5×) · ${ratio(ours.seconds, nodemailer!.seconds)} (b, target ≤ 2×)`,
    },
    { figure: `${target === 'cluster' ? 'cluster: ' : ''}lateness p50 (s)`, ours: ours.p50.toFixed(1), baseline: both((drain) => drain.p50), ratio: `${ratio(ours.p50, minimal!.p50)} (a)` },
    { figure: `${target === 'cluster' ? 'cluster: ' : ''}lateness p99 (s)`, ours: ours.p99.toFixed(1), baseline: both((drain) => drain.p99), ratio: `${ratio(ours.p99, minimal!.p99)} (a)` },
    { figure: `${target === 'cluster' ? 'cluster: ' : ''}what ran out`, ours: limitOf(ours.cpu), baseline: `(a) ${limitOf(minimal!.cpu)} · (b) ${limitOf(nodemailer!.cpu, 'nodemailer and the SMTP server, one process')}`, ratio: '' },
  ];
}
