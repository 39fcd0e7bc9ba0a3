/**
 * `npm run bench [-- --scenario NAME [options]]`: one benchmark, or the quick ones (compile,
 * history). Every Temporal benchmark starts its own servers, shows progress on stderr, prints a
 * table (figure, ours, baseline, ratio, machine) and writes JSON under bench-results/.
 *
 *   --scenario compile    [--units 3000 --obligations 30 --runs 5]
 *   --scenario history    recorded histories (quick)
 *   --scenario fanout     --n 1000,10000,30000 (U×O, 10 obligations per unit) | --units U --obligations O
 *   --scenario burst      --n 1000,10000      (also draws bench-results/burst.svg)
 *   --scenario idle       --n 1000,10000,30000 --cache 100,1000
 *   --scenario simulation the seed year on the time-skipping server, with every workflow's history
 *   --scenario settings   --n 1000            what each tuning setting buys
 *   --scenario first-tasks --n 2000           the worker's workflow-task pollers alone (part of settings)
 *   --scenario store      --claims 2000       the embedded PostgreSQL's start, the send ledger's claim
 *   --scenario national   --units 3000 --obligations 30   a national launch on the cluster (wall time, store size)
 *
 *   --target cluster      fanout and burst on the CLI's dev server and on a real Temporal cluster
 *                         (PostgreSQL, four service processes, 8 history shards), side by side in
 *                         the same run, with each server process's CPU, where PostgreSQL spent its
 *                         time, and a model of more machines (bench/machine-model.ts)
 */
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { benchBurst, type BurstResult } from './burst';
import { burstChart } from './chart';
import { benchCompile } from './compile';
import { benchFanout } from './fanout';
import { benchRecordedHistories } from './history';
import { benchIdle } from './idle';
import { benchFirstTasks, benchSettings } from './settings';
import { benchSimulation } from './simulation';
import type { Statistics } from './cluster-target';
import { machineModel, demandPerUnit } from './machine-model';
import { benchNational } from './national';
import { type CpuReading, machine, projectDir, report, type Row, type Target } from './stack';
import { benchStore } from './store';

const list = (value: string) => value.split(',').map((item) => Number(item.trim()));
/** `--target cluster`: the dev server and the cluster side by side; `--target dev` (default): the dev server alone. */
let targets: Target[] = ['dev'];

const scenarios: Record<string, (argv: string[]) => void | Promise<void>> = {
  compile: benchCompile,
  history: () => void report('history', benchRecordedHistories()),
  async fanout(argv) {
    const { values } = parseArgs({ args: argv, options: { n: { type: 'string' }, units: { type: 'string' }, obligations: { type: 'string', default: '10' } } });
    const obligations = Number(values.obligations);
    const sizes = values.units ? [Number(values.units) * obligations] : list(values.n ?? '1000');
    const rows: Row[] = [];
    const results = [];
    for (const size of sizes) {
      for (const target of targets) {
        const { rows: sizeRows, result } = await benchFanout(values.units ? Number(values.units) : Math.ceil(size / obligations), obligations, undefined, target);
        rows.push(...sizeRows, ...statisticsRows(result.statistics), ...modelRows(result.target, result.cpu, result.total, 'start'));
        results.push(result);
      }
    }
    report('fanout', rows, { results });
  },
  async burst(argv) {
    const { values } = parseArgs({ args: argv, options: { n: { type: 'string', default: '1000' } } });
    const rows: Row[] = [];
    const results: BurstResult[] = [];
    for (const n of list(values.n)) {
      for (const target of targets) {
        const { rows: sizeRows, result } = await benchBurst(n, { target });
        rows.push(...sizeRows, ...statisticsRows(result.statistics), ...modelRows(result.target, result.ours.cpu, n, 'reminder'));
        results.push(result);
      }
    }
    report('burst', rows, { results });
    for (const target of targets) {
      const chart = path.join(projectDir, 'bench-results', target === 'dev' ? 'burst.svg' : 'burst-cluster.svg');
      writeFileSync(chart, burstChart(results.filter((result) => result.target === target), `${machine()}${target === 'cluster' ? '; Temporal cluster on PostgreSQL' : ''}`));
      console.log(`chart: ${path.relative(process.cwd(), chart)}`);
    }
  },
  async idle(argv) {
    const { values } = parseArgs({ args: argv, options: { n: { type: 'string', default: '1000,10000,30000' }, cache: { type: 'string', default: '100,1000' } } });
    const { rows, samples } = await benchIdle(list(values.n), list(values.cache));
    report('idle', rows, { samples });
  },
  async simulation() {
    const { rows, figures } = await benchSimulation();
    report('simulation', rows, { figures: { ...figures, histories: figures.histories.slice(0, 20) } });
  },
  async settings(argv) {
    const { values } = parseArgs({ args: argv, options: { n: { type: 'string', default: '1000' } } });
    report('settings', await benchSettings(Number(values.n)));
  },
  async store(argv) {
    const { rows, figures } = await benchStore(argv);
    report('store', rows, { figures });
  },
  async national(argv) {
    const { values } = parseArgs({ args: argv, options: { units: { type: 'string', default: '3000' }, obligations: { type: 'string', default: '30' } } });
    const { rows, result } = await benchNational(Number(values.units), Number(values.obligations));
    report('national', [...rows, ...statisticsRows(result.statistics), ...modelRows('cluster', result.cpu, result.total, 'start')], { result });
  },
  async 'first-tasks'(argv) {
    const { values } = parseArgs({ args: argv, options: { n: { type: 'string', default: '2000' } } });
    report('first-tasks', await benchFirstTasks(Number(values.n)));
  },
};
const quick = ['compile', 'history'];

/** Where PostgreSQL spent the measured phase: the costliest statements and the tables written most. */
function statisticsRows(statistics: Statistics | undefined): Row[] {
  if (!statistics) return [];
  const total = statistics.statements.reduce((sum, statement) => sum + statement.totalMs, 0);
  const statements = statistics.statements.slice(0, 4).map((statement) => `${statement.database}: ${statement.query.slice(0, 70)} (${statement.calls} calls, ${statement.totalMs} ms)`);
  const tables = statistics.tables.slice(0, 5).map((table) => `${table.table} +${table.inserted}/~${table.updated}/-${table.deleted}`);
  return [
    { figure: 'cluster: PostgreSQL time by statement (top 4)', ours: statements.join(' · '), baseline: `${total} ms in the top 12`, ratio: '' },
    { figure: 'cluster: rows by table (inserted/updated/deleted)', ours: tables.join(', '), baseline: '', ratio: '' },
  ];
}

/** The model's rows (cluster only): CPU per unit of work by process, and the ceilings of more machines. */
function modelRows(target: Target, cpu: CpuReading, units: number, unit: string): Row[] {
  if (target !== 'cluster') return [];
  const demand = demandPerUnit(cpu, units);
  const perUnit = Object.entries(demand).sort(([, a], [, b]) => b - a).map(([name, ms]) => `${name} ${ms.toFixed(2)}`).join(', ');
  return [
    { figure: `cluster: CPU-ms per ${unit}, by process`, ours: perUnit, baseline: '', ratio: '' },
    ...machineModel(demand, os.cpus().length, [2, 4]).map((line) => ({ figure: `MODEL (computed, not measured): ${line.layout}`, ours: `≤ ${line.ceiling.toFixed(0)} ${unit}s/s`, baseline: '', ratio: `limit: ${line.bottleneck}` })),
  ];
}

async function main(): Promise<void> {
  const argv = extractTarget(process.argv.slice(2));
  // `--scenario NAME` or the name first.
  const flag = argv.indexOf('--scenario');
  const name = flag >= 0 ? argv[flag + 1] : argv[0] && !argv[0].startsWith('-') ? argv[0] : undefined;
  const rest = flag >= 0 ? [...argv.slice(0, flag), ...argv.slice(flag + 2)] : name ? argv.slice(1) : argv;
  if (name !== undefined && !(name in scenarios)) {
    console.error(`unknown scenario "${name}"; known: ${Object.keys(scenarios).join(', ')}`);
    process.exitCode = 2;
    return;
  }
  for (const scenario of name ? [name] : quick) await scenarios[scenario]!(name ? rest : []);
  if (!name) console.log('\nThe Temporal benchmarks take minutes each, e.g. npm run bench -- --scenario burst --n 1000,10000 (BENCHMARKS.md)');
}

/** Removes `--target X` from the arguments and sets the targets. */
function extractTarget(argv: string[]): string[] {
  const flag = argv.indexOf('--target');
  if (flag < 0) return argv;
  const value = argv[flag + 1];
  if (value !== 'dev' && value !== 'cluster') throw new Error(`--target ${value ?? ''}: expected dev or cluster`);
  targets = value === 'cluster' ? ['dev', 'cluster'] : ['dev'];
  return [...argv.slice(0, flag), ...argv.slice(flag + 2)];
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
