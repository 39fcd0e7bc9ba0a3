/**
 * `campaign start` (alias `launch`) against a Temporal server (the time-skipping server, the
 * minimal campaign rebased to the server's now): it follows the launch with a progress bar on a
 * terminal until every obligation is started, `--no-wait` returns at once, and start, pause,
 * resume and cancel answer JSON with `--json`.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { runCampaignCli } from '../cli/campaign';
import { campaignProgressQuery, campaignWorkflowId } from '../contracts/campaign';
import { startTestStack, type TestStack } from './support/test-stack';

const taskQueue = 'campaign-start-cli';
const fixture = path.join(__dirname, 'fixtures/minimal-campaign.yaml');
let env: TestWorkflowEnvironment;
let stack: TestStack;
let directory: string;

beforeAll(async () => {
  directory = await mkdtemp(path.join(os.tmpdir(), 'campaign-start-cli-'));
  stack = await startTestStack({ taskQueue, from: 'section@example.gov.cn' });
  ({ env } = stack);
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

/** The CLI as a person at a terminal runs it (`isTTY`), against the test server. */
async function run(argv: string[], isTTY = true): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCampaignCli(argv, {
    cwd: directory,
    env: { TEMPORAL_ADDRESS: env.address, TEMPORAL_TASK_QUEUE: taskQueue },
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    isTTY,
  });
  return { code, stdout, stderr };
}

const now = async () => new Date(await env.currentTimeMs()).toISOString();

it('starts the campaign and follows the launch with a progress bar until every obligation is started', async () => {
  const { code, stdout, stderr } = await run(['start', fixture, '--rebase-to', await now(), '--by', '管理员王五']);
  expect(code).toBe(0);
  expect(stdout).toContain('测试活动方案: launched as campaign/minimal, 4 obligation instances, rebased: 2022-03-25 runs at ');
  expect(stdout).toContain('campaign/minimal: 4 obligations started, 0 already running; phase running\n');
  // The bar is redrawn in place and ends full, with a line break.
  expect(stderr).toMatch(/^\r启动任务 [█░]{30} \d\/4/);
  expect(stderr.endsWith(`\r启动任务 ${'█'.repeat(30)} 4/4\n`)).toBe(true);
  // When the command returns, the launch is over.
  const campaign = env.client.workflow.getHandle(campaignWorkflowId('minimal'));
  expect(await campaign.query(campaignProgressQuery)).toEqual({ phase: 'running', launched: 4, alreadyRunning: 0, total: 4 });
  // Who launched it, at plan time, as the overview page shows it.
  expect((await campaign.describe()).memo).toEqual({ launchedBy: { by: '管理员王五', at: expect.stringMatching(/^2022-03-24T16:00/) } }); // 2022-03-25 00:00 in Beijing
});

it('answers a second start (as `launch`) with JSON that nothing was started, and draws no bar off a terminal', async () => {
  const { code, stdout, stderr } = await run(['launch', fixture, '--json'], false);
  expect(code).toBe(0);
  expect(stderr).toBe('');
  expect(JSON.parse(stdout)).toEqual({ campaignId: 'minimal', workflowId: 'campaign/minimal', started: false, instances: 4, link: expect.stringContaining('/workflows/campaign%2Fminimal') });
});

it('pauses and resumes with --json', async () => {
  const paused = await run(['pause', 'minimal', '--by', '科长', '--reason', '核对名单', '--json']);
  expect(paused.code).toBe(0);
  expect(JSON.parse(paused.stdout)).toEqual({ campaignId: 'minimal', workflowId: 'campaign/minimal', action: 'pause', progress: { phase: 'paused', launched: 4, alreadyRunning: 0, total: 4 } });
  const resumed = await run(['resume', 'minimal', '--by', '科长', '--reason', '名单无误', '--json']);
  expect(JSON.parse(resumed.stdout)).toMatchObject({ action: 'resume', progress: { phase: 'running' } });
  // A refusal is a person's message on stderr and exit code 3, JSON or not.
  const again = await run(['resume', 'minimal', '--by', '科长', '--reason', '再次', '--json']);
  expect(again).toMatchObject({ code: 3, stdout: '', stderr: expect.stringContaining('campaign/minimal: resume refused: ') });
});

it('returns at once with --no-wait, and cancels with --json', async () => {
  const other = path.join(directory, 'other.yaml');
  await writeFile(other, (await readFile(fixture, 'utf8')).replace('  id: minimal\n', '  id: minimal-other\n'));
  const started = await run(['start', other, '--rebase-to', await now(), '--no-wait', '--json']);
  expect(started.code).toBe(0);
  expect(started.stderr).toBe('');
  const result = JSON.parse(started.stdout);
  expect(result).toMatchObject({ campaignId: 'minimal-other', started: true, instances: 4 });
  expect(result).not.toHaveProperty('progress');

  const handle = env.client.workflow.getHandle(campaignWorkflowId('minimal-other'));
  for (let attempt = 0; (await handle.query(campaignProgressQuery)).phase === 'launching'; attempt += 1) {
    if (attempt > 150) throw new Error('the launch did not end');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const cancelled = await run(['cancel', 'minimal-other', '--by', '科长', '--reason', '重复下发', '--json']);
  expect(cancelled.code).toBe(0);
  expect(JSON.parse(cancelled.stdout)).toMatchObject({ campaignId: 'minimal-other', action: 'cancel', progress: { phase: 'cancelled' } });
});
