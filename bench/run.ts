/**
 * `npm run bench [-- <benchmark> [options]]`: one benchmark, or the quick ones (compile, history).
 * The Temporal ones start their own dev server and take minutes: `fanout`, `burst`.
 */
import { benchCompile } from './compile';
import { benchTemporal } from './temporal';

const benchmarks: Record<string, (argv: string[]) => void | Promise<void>> = {
  compile: benchCompile,
  history: (argv) => benchTemporal('history', argv),
  fanout: (argv) => benchTemporal('fanout', argv),
  burst: (argv) => benchTemporal('burst', argv),
};
const quick = ['compile', 'history'];

async function main(): Promise<void> {
  const [name, ...rest] = process.argv.slice(2);
  if (name && !(name in benchmarks)) {
    console.error(`unknown benchmark "${name}"; known: ${Object.keys(benchmarks).join(', ')}`);
    process.exitCode = 2;
    return;
  }
  for (const benchmark of name ? [name] : quick) await benchmarks[benchmark]!(name ? rest : []);
  if (!name) console.log('\nThe Temporal benchmarks take minutes each: npm run bench -- fanout --units 100 --obligations 10; npm run bench -- burst --n 1000');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
