/**
 * `npm run build`: what the production image runs, built ahead so it needs no TypeScript runner
 * and no bundler at start: the entry points compiled to dist/ (tsconfig.build.json), the campaign
 * definitions beside them (the web server lists dist/config/campaigns), and the workflows bundled
 * once into dist/workflow-bundle.js for the worker's WORKFLOW_BUNDLE.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { runMain } from './main';
import { workflowsPath } from '../workers/worker';

const projectDir = path.resolve(__dirname, '..');
const dist = path.join(projectDir, 'dist');
/** The definitions' folders the programs read at run time (YAML, not compiled). */
const definitionFolders = ['campaigns', 'shared', 'behaviours'];

runMain(async () => {
  rmSync(dist, { recursive: true, force: true });
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', path.join(projectDir, 'tsconfig.build.json')], { stdio: 'inherit' });
  for (const folder of definitionFolders) cpSync(path.join(projectDir, 'config', folder), path.join(dist, 'config', folder), { recursive: true });
  const silent = () => undefined;
  const { code } = await bundleWorkflowCode({ workflowsPath, logger: { log: silent, trace: silent, debug: silent, info: silent, warn: silent, error: console.error } });
  writeFileSync(path.join(dist, 'workflow-bundle.js'), code);
  console.log(`build: dist/ (entry points workers/main.js, web/main.js, cli/campaign.js) and dist/workflow-bundle.js (${Math.round(code.length / 1024)} KB)`);
});
