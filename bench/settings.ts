/**
 * What each setting that is ours to tune buys, each variant against the defaults in the same run:
 * - a pre-built workflow bundle (WORKFLOW_BUNDLE) against bundling at start: worker start time;
 * - SQLite in write-ahead-log mode against the dev server's default journal: workflow starts per second;
 * - the worker's workflow-task slots and pollers (workers/worker.ts) against the SDK's: first tasks
 *   of new obligations per second (what a launch waits on);
 * - the burst of N reminders (ours only) with the workflow cache cut to 10 (every timer then
 *   replays its history), with 5 activity slots instead of 100, with an SMTP pool of 1 and of 10
 *   instead of 5.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { Worker, type WorkerOptions } from '@temporalio/worker';
import { createActivities } from '../activities';
import { compilePlan } from '../config/compile';
import { definitionSchema } from '../config/definition/schema';
import { obligationInput, rebaseOffset } from '../config/workflow-input';
import { devServer, walPragmas } from '../scripts/dev-server';
import { tuningOptions, workflowsPath } from '../workers/worker';
import { initialSearchAttributes } from '../contracts/search-attributes';
import { benchBurst, type BurstOptions } from './burst';
import { syntheticDefinition } from './compile';
import { bundles, from, inParallel, pooledTransport, progress, projectDir, ratio, type Row, sleep, withStack } from './stack';

export async function benchSettings(n: number): Promise<Row[]> {
  const rows: Row[] = [];
  rows.push(await workerStart());
  rows.push(await sqliteJournal(Math.max(n, 1000)));
  rows.push(...(await benchFirstTasks(Math.max(n, 1000))));
  const variants: [string, BurstOptions][] = [
    ['workflow cache 10 (default: the SDK\'s, from memory)', { tuning: { maxCachedWorkflows: 10 } }],
    ['5 activity slots (default 100)', { tuning: { maxConcurrentActivityTaskExecutions: 5 } }],
    ['SMTP pool of 1 (default 5)', { poolSize: 1 }],
    ['SMTP pool of 10 (default 5)', { poolSize: 10 }],
  ];
  progress(`bench settings: burst of ${n} with the defaults`);
  const defaults = (await benchBurst(n, { oursOnly: true })).result.ours;
  for (const [name, options] of variants) {
    progress(`bench settings: burst of ${n} with ${name}`);
    const variant = (await benchBurst(n, { ...options, oursOnly: true })).result.ours;
    rows.push({ figure: `burst of ${n}, last reminder (s): ${name}`, ours: variant.seconds.toFixed(1), baseline: `${defaults.seconds.toFixed(1)} (defaults)`, ratio: ratio(variant.seconds, defaults.seconds) });
  }
  return rows;
}

/** Worker.create with the bundle built ahead against bundling `workflows/` (webpack) at start. */
async function workerStart(): Promise<Row> {
  const built = await bundles();
  return withStack(async ({ connection, client, smtpPort }) => {
    const transport = pooledTransport(smtpPort);
    const time = async (code: Pick<WorkerOptions, 'workflowBundle' | 'workflowsPath'>) => {
      const startedAt = Date.now();
      const worker = await Worker.create({ connection, taskQueue: 'settings', activities: createActivities({ transport, from, client }), ...code });
      const seconds = (Date.now() - startedAt) / 1000;
      const running = worker.run();
      worker.shutdown();
      await running;
      return seconds;
    };
    const bundling = await time({ workflowsPath });
    const prebuilt = await time({ workflowBundle: built.ours });
    transport.close();
    return { figure: 'worker start (s): pre-built bundle (WORKFLOW_BUNDLE)', ours: prebuilt.toFixed(2), baseline: `${bundling.toFixed(2)} (bundling at start)`, ratio: ratio(prebuilt, bundling) };
  });
}

/** Starts per second of workflows that only sleep, on the default journal and in WAL mode, one server each. */
async function sqliteJournal(count: number): Promise<Row> {
  const rate = async (pragmas: string[]) => {
    const folder = mkdtempSync(path.join(os.tmpdir(), 'campaign-bench-sqlite-'));
    const server = devServer(projectDir, folder, progress, pragmas);
    await server.start();
    const connection = await Connection.connect({ address: server.address });
    try {
      const client = new Client({ connection });
      const startedAt = Date.now();
      await inParallel(count, 16, (index) => client.workflow.start('sleeper', { taskQueue: 'nobody', workflowId: `sleeper-${index}` }), `started (${pragmas.join(' ') || 'default journal'})`);
      return count / ((Date.now() - startedAt) / 1000);
    } finally {
      await connection.close();
      await server.stop();
      rmSync(folder, { recursive: true, force: true });
    }
  };
  const defaultJournal = await rate([]);
  const wal = await rate(walPragmas);
  return { figure: `workflow starts per second (${count}): SQLite ${walPragmas.join(', ')}`, ours: wal.toFixed(0), baseline: `${defaultJournal.toFixed(0)} (default journal)`, ratio: ratio(wal, defaultJournal) };
}

/**
 * N obligations started while no worker runs, then one worker takes their first tasks (each
 * writes the obligation's first timer), with the SDK's slots and pollers and with ours; twice
 * each, alternating, on one server. Figure: first tasks per second (N below the worker's cache,
 * so every obligation taken stays cached and is counted there).
 */
export async function benchFirstTasks(n: number): Promise<Row[]> {
  const built = await bundles();
  return withStack(async ({ connection, client, smtpPort }) => {
    const transport = pooledTransport(smtpPort);
    const rate = async (queue: string, options: Partial<WorkerOptions>) => {
      const definition = definitionSchema.parse(syntheticDefinition(Math.ceil(n / 10), 10, { recurring: false }));
      const { plan } = compilePlan(definition);
      const timeOffsetMs = rebaseOffset(plan, Date.now());
      await inParallel(
        n,
        32,
        (index) => {
          const input = obligationInput(plan, definition, plan.instances[index]!, { timeOffsetMs, campaignWorkflowId: `campaign/${queue}` });
          return client.workflow.start('obligationWorkflow', { taskQueue: queue, workflowId: `${queue}/${index}`, args: [input], typedSearchAttributes: initialSearchAttributes(input) });
        },
        `${queue}: started`,
      );
      const worker = await Worker.create({ connection, taskQueue: queue, workflowBundle: built.ours, activities: createActivities({ transport, from, client }), ...options });
      const startedAt = Date.now();
      const running = worker.run();
      while (worker.getStatus().numCachedWorkflows < n) await sleep(50);
      const perSecond = n / ((Date.now() - startedAt) / 1000);
      worker.shutdown();
      await running;
      progress(`  ${queue}: ${perSecond.toFixed(0)} first tasks per second`);
      return perSecond;
    };
    const sdk: number[] = [];
    const ours: number[] = [];
    for (const round of [1, 2]) {
      sdk.push(await rate(`first-tasks-sdk-${round}`, {}));
      ours.push(await rate(`first-tasks-ours-${round}`, tuningOptions()));
    }
    transport.close();
    const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
    return [
      {
        figure: `first tasks of ${n} new obligations per second: 80 slots, 20 pollers, half for uncached workflows (workers/worker.ts)`,
        ours: mean(ours).toFixed(0),
        baseline: `${mean(sdk).toFixed(0)} (SDK: 40 slots, 10 pollers, 2 for uncached)`,
        ratio: ratio(mean(ours), mean(sdk)),
      },
    ];
  });
}
