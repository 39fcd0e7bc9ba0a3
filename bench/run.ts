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
 */
import { writeFileSync } from 'node:fs';
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
import { machine, projectDir, report, type Row } from './stack';
import { benchStore } from './store';

const list = (value: string) => value.split(',').map((item) => Number(item.trim()));

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
      const { rows: sizeRows, result } = await benchFanout(values.units ? Number(values.units) : Math.ceil(size / obligations), obligations);
      rows.push(...sizeRows);
      results.push(result);
    }
    report('fanout', rows, { results });
  },
  async burst(argv) {
    const { values } = parseArgs({ args: argv, options: { n: { type: 'string', default: '1000' } } });
    const rows: Row[] = [];
    const results: BurstResult[] = [];
    for (const n of list(values.n)) {
      const { rows: sizeRows, result } = await benchBurst(n);
      rows.push(...sizeRows);
      results.push(result);
    }
    report('burst', rows, { results });
    const chart = path.join(projectDir, 'bench-results', 'burst.svg');
    writeFileSync(chart, burstChart(results, machine()));
    console.log(`chart: ${path.relative(process.cwd(), chart)}`);
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
  async 'first-tasks'(argv) {
    const { values } = parseArgs({ args: argv, options: { n: { type: 'string', default: '2000' } } });
    report('first-tasks', await benchFirstTasks(Number(values.n)));
  },
};
const quick = ['compile', 'history'];

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
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

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
