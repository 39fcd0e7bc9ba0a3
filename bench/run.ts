/** `npm run bench [-- <benchmark> [options]]`: runs one benchmark, or all of them. */
import { benchCompile } from './compile';

const benchmarks: Record<string, (argv: string[]) => void | Promise<void>> = { compile: benchCompile };

async function main(): Promise<void> {
  const [name, ...rest] = process.argv.slice(2);
  if (name && !(name in benchmarks)) {
    console.error(`unknown benchmark "${name}"; known: ${Object.keys(benchmarks).join(', ')}`);
    process.exitCode = 2;
    return;
  }
  for (const [benchmark, run] of Object.entries(benchmarks)) {
    if (!name || name === benchmark) await run(name ? rest : []);
  }
}

void main();
