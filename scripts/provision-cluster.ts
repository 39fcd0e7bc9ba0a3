/**
 * `npm run provision:cluster`: builds the full Temporal server and its SQL tool from the Go module
 * into .temporal/cluster-<version>/ (about 7 minutes the first time); later runs only check them.
 * `npm run cluster`, the cluster suites and `npm run bench -- --target cluster` do the same on first use.
 */
import path from 'node:path';
import { ensureClusterBinaries } from './cluster-binaries';
import { runMain } from './main';

runMain(async () => {
  const started = Date.now();
  const binaries = await ensureClusterBinaries({ projectDir: path.resolve(__dirname, '..'), log: (line) => console.log(line) });
  console.log(`Temporal server ${binaries.version}: ${binaries.server}`);
  console.log(`SQL tool:        ${binaries.sqlTool}`);
  console.log(`Schema:          ${binaries.schemaDir}`);
  console.log(`(ready in ${Date.now() - started} ms)`);
});
