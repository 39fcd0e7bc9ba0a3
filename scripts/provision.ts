/**
 * `npm run provision` (also run by `npm install`): installs the Temporal servers into
 * .temporal/. With --lenient (the install hook) a failure is a warning, so `npm install` still
 * completes; `npm start` and `npm test` provision again and stop with the same message.
 */
import path from 'node:path';
import { ensureTemporalBinaries, ProvisioningError } from './servers';

const lenient = process.argv.includes('--lenient');
const started = Date.now();
try {
  const binaries = ensureTemporalBinaries({
    projectDir: path.resolve(__dirname, '..'),
    log: (line) => console.log(line),
  });
  console.log(`Temporal CLI:         ${binaries.cli}`);
  console.log(`Time-skipping server: ${binaries.testServer}`);
  console.log(`(checked in ${Date.now() - started} ms)`);
} catch (error) {
  if (!(error instanceof ProvisioningError)) throw error;
  console.error(`${lenient ? 'warning: ' : ''}${error.message}`);
  process.exitCode = lenient ? 0 : 1;
}
