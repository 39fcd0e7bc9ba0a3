/**
 * Idle cost: the worker's memory and CPU while N obligations wait on their timers (a reminder a
 * month away), at each cache size, N growing in steps within one worker process
 * (bench/idle-worker.ts, measured alone from /proc). What should hold: RSS bounded by the cache,
 * not by N, and CPU near zero while nothing is due. Baseline: the same worker process before any
 * obligation exists.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { startOneReminderObligation } from '../scripts/synthetic-obligation';
import { bundles, inParallel, progress, projectDir, type Row, sleep, usageOf, waitForCount, withStack } from './stack';

export interface IdleSample {
  cache: number;
  waiting: number;
  rssMiB: number;
  cpuPercent: number;
}

/** RSS after a settling pause, and CPU over the next 10 s. */
async function sample(pid: number, cache: number, waiting: number): Promise<IdleSample> {
  await sleep(5_000);
  const before = usageOf(pid);
  await sleep(10_000);
  const after = usageOf(pid);
  const cpuPercent = ((after.cpuSeconds - before.cpuSeconds) / 10) * 100;
  progress(`  cache ${cache}, ${waiting} waiting: RSS ${after.rssMiB.toFixed(0)} MiB, CPU ${cpuPercent.toFixed(1)} %`);
  return { cache, waiting, rssMiB: after.rssMiB, cpuPercent };
}

export async function benchIdle(steps: number[], caches: number[]): Promise<{ rows: Row[]; samples: IdleSample[] }> {
  const built = await bundles();
  const bundleFile = path.join(mkdtempSync(path.join(os.tmpdir(), 'campaign-bundle-')), 'workflows.js');
  writeFileSync(bundleFile, built.ours.code);
  return withStack(async ({ client, address, smtpPort }) => {
    const samples: IdleSample[] = [];
    const rows: Row[] = [];
    for (const cache of caches) {
      const campaignId = `idle-${cache}`;
      const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'idle-worker.ts'), address, campaignId, String(cache), bundleFile, String(smtpPort)], {
        cwd: projectDir,
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      try {
        await new Promise<void>((resolve, reject) => {
          readline.createInterface({ input: child.stdout! }).on('line', (line) => line === 'ready' && resolve());
          child.once('exit', (code) => reject(new Error(`the idle worker exited with ${code}`)));
        });
        const empty = await sample(child.pid!, cache, 0);
        samples.push(empty);
        let started = 0;
        for (const target of steps) {
          // A month away: nothing falls due while the worker is measured.
          const dueInAMonth = Date.now() + 30 * 24 * 3_600_000;
          const first = started;
          await inParallel(target - first, 16, (index) => client.workflow.start('obligationWorkflow', startOneReminderObligation(campaignId, campaignId, `unit-${first + index}`, dueInAMonth)), `cache ${cache}: started`);
          started = target;
          // Every one has run its first task (its status is searchable) before the worker is measured.
          await waitForCount(client, `CampaignId = "${campaignId}" AND ObligationStatus = "open"`, target, `cache ${cache}: first task run`);
          const measured = await sample(child.pid!, cache, target);
          samples.push(measured);
          rows.push({
            figure: `${target} obligations waiting, cache ${cache}`,
            ours: `${measured.rssMiB.toFixed(0)} MiB RSS, ${measured.cpuPercent.toFixed(1)} % CPU`,
            baseline: `${empty.rssMiB.toFixed(0)} MiB RSS, ${empty.cpuPercent.toFixed(1)} % CPU (no obligation)`,
            ratio: `${(measured.rssMiB / empty.rssMiB).toFixed(2)}× RSS`,
          });
        }
      } finally {
        child.kill('SIGKILL');
      }
    }
    return { rows, samples };
  });
}
