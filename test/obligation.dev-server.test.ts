/**
 * The same obligation workflow on the Temporal CLI's dev server, in real time: started through
 * the client, its worker shut down in the middle and a new worker on the same task queue
 * finishing it. Also checks that the search attributes make it findable by visibility queries.
 */
import { createCampaignWorker } from '../workers/worker';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import nodemailer from 'nodemailer';
import { createActivities } from '../activities';
import { runCampaignCli } from '../cli/campaign';
import { campaignProgressQuery } from '../contracts/campaign';
import { type ObligationInstance, type ObligationState, obligationWorkflowId, stateQuery } from '../contracts/obligation';
import { searchAttributeKeys } from '../contracts/search-attributes';
import { type MailCatcher, startMailCatcher } from './support/mail-catcher';
import { devServerPath, workflowBundle } from './support/temporal';

const taskQueue = 'obligations-dev-server';
let env: TestWorkflowEnvironment;
let mail: MailCatcher;

beforeAll(async () => {
  mail = await startMailCatcher();
  env = await TestWorkflowEnvironment.createLocal({
    server: {
      executable: { type: 'existing-path', path: devServerPath() },
      searchAttributes: searchAttributeKeys,
      ip: '127.0.0.1',
    },
  });
});

afterAll(async () => {
  await env?.teardown();
  await mail?.close();
});

function startWorker(): { worker: Promise<Worker>; stop: () => Promise<void> } {
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port: mail.port, secure: false, ignoreTLS: true });
  const worker = createCampaignWorker({
    namespace: 'default',
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: workflowBundle(),
    activities: createActivities({ transport, from: 'zscqbhk@zaozhuang.example.gov.cn', client: env.client }),
  });
  let running: Promise<void> = Promise.resolve();
  void worker.then((created) => (running = created.run()));
  return {
    worker,
    stop: async () => {
      (await worker).shutdown();
      await running;
      transport.close();
    },
  };
}

async function waitFor<T>(read: () => Promise<T>, isReady: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (isReady(value)) return value;
    if (Date.now() > deadline) throw new Error(`condition not reached within ${timeoutMs} ms; last value: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

it('finishes the obligation on a new worker after the first one stopped mid-way, with every message sent once', async () => {
  const address = `tengzhou-${randomUUID().slice(0, 8)}@example.gov.cn`;
  const campaignId = `dev-${randomUUID().slice(0, 8)}`;
  const now = Date.now();
  const at = (offsetMs: number) => new Date(now + offsetMs).toISOString();
  const instance: ObligationInstance = {
    campaign: { id: campaignId, title: '枣庄市知识产权行政保护能力提升活动方案' },
    unit: { id: 'tengzhou', name: '滕州市市场监督管理局', emails: [address] },
    obligation: { id: 'implementation-measures', title: '落实措施' },
    dueAt: at(7_000),
    messages: [
      { at: at(2_000), kind: 'reminder', key: 'reminder-1', label: '第一次' },
      { at: at(5_000), kind: 'reminder', key: 'reminder-2', label: '第二次' },
      { at: at(8_000), kind: 'overdue-notice', key: 'overdue-notice', label: '逾期' },
    ],
    closesAt: at(9_000),
  };

  const first = startWorker();
  await first.worker;
  const handle = await env.client.workflow.start('obligationWorkflow', {
    taskQueue,
    workflowId: obligationWorkflowId(campaignId, 'tengzhou', 'implementation-measures'),
    args: [instance],
  });
  await mail.waitForMails(address, 1);
  await first.stop();

  // No worker while the second reminder falls due: its timer fires on the server and waits.
  await new Promise((resolve) => setTimeout(resolve, 4_000));
  expect(mail.mailsTo(address)).toHaveLength(1);

  const second = startWorker();
  await second.worker;
  try {
    const state: ObligationState = await handle.result();
    expect(state.status).toBe('closed');
    const mails = await mail.waitForMails(address, 3);
    await new Promise((resolve) => setTimeout(resolve, 500)); // a duplicate would arrive now
    expect(mail.mailsTo(address).map((message) => message.messageId)).toEqual([
      `<${campaignId}.tengzhou.implementation-measures.reminder-1@zaozhuang.example.gov.cn>`,
      `<${campaignId}.tengzhou.implementation-measures.reminder-2@zaozhuang.example.gov.cn>`,
      `<${campaignId}.tengzhou.implementation-measures.overdue-notice@zaozhuang.example.gov.cn>`,
    ]);
    expect(mails[2]!.subject).toBe('【逾期提醒】落实措施已逾期（滕州市市场监督管理局）');

    const found = await waitFor(
      async () => {
        const ids: string[] = [];
        for await (const execution of env.client.workflow.list({
          query: `CampaignId = "${campaignId}" AND UnitId = "tengzhou" AND ObligationStatus = "closed"`,
        })) {
          ids.push(execution.workflowId);
        }
        return ids;
      },
      (ids) => ids.length === 1,
    );
    expect(found).toEqual([`${campaignId}/tengzhou/implementation-measures`]);
  } finally {
    await second.stop();
  }
});

it('launches a campaign from its definition file with `campaign launch`, and a second launch starts nothing', async () => {
  const running = startWorker();
  await running.worker;
  try {
    const io = () => {
      const output = { stdout: '', stderr: '' };
      return {
        output,
        io: {
          cwd: path.resolve(__dirname, '..'),
          env: { TEMPORAL_ADDRESS: env.connection.options.address, TEMPORAL_TASK_QUEUE: taskQueue },
          stdout: (text: string) => (output.stdout += text),
          stderr: (text: string) => (output.stderr += text),
        },
      };
    };
    const first = io();
    expect(await runCampaignCli(['launch', 'test/fixtures/minimal-campaign.yaml', '--rebase-to', 'now'], first.io)).toBe(0);
    expect(first.output.stdout).toMatch(/^测试活动方案: launched as campaign\/minimal, 4 obligation instances, rebased: 2022-03-25 runs at /);

    const campaign = env.client.workflow.getHandle('campaign/minimal');
    const progress = await waitFor(() => campaign.query(campaignProgressQuery), (value) => value.phase === 'running');
    expect(progress).toEqual({ phase: 'running', launched: 4, alreadyRunning: 0, total: 4 });
    const open = await waitFor(
      async () => {
        const ids: string[] = [];
        for await (const execution of env.client.workflow.list({ query: 'CampaignId = "minimal" AND ObligationStatus = "open"' })) ids.push(execution.workflowId);
        return ids.sort();
      },
      (ids) => ids.length === 4,
    );
    expect(open).toEqual(['minimal/tengzhou/measures', 'minimal/tengzhou/publicity@world-ip-day', 'minimal/xuecheng/measures', 'minimal/xuecheng/publicity@world-ip-day']);

    const second = io();
    expect(await runCampaignCli(['launch', 'test/fixtures/minimal-campaign.yaml', '--rebase-to', 'now'], second.io)).toBe(0);
    expect(second.output.stdout).toBe('测试活动方案: already launched as campaign/minimal; nothing was started again\n');

    // The administrator pauses; a second pause is refused with the campaign's reason; resume.
    const admin = ['--by', '管理员', '--reason', '疫情防控'];
    const pause = io();
    expect(await runCampaignCli(['pause', 'minimal', ...admin], pause.io)).toBe(0);
    expect(pause.output.stdout).toBe('campaign/minimal: pause done; phase paused, 4 obligations started of 4\n');
    const again = io();
    expect(await runCampaignCli(['pause', 'minimal', ...admin], again.io)).toBe(3);
    expect(again.output.stderr).toBe('campaign/minimal: pause refused: 活动已暂停，不能暂停\n');
    expect((await env.client.workflow.getHandle(open[0]!).query(stateQuery)).paused).toMatchObject({ by: '管理员', reason: '疫情防控' });
    expect(await runCampaignCli(['resume', 'minimal', ...admin], io().io)).toBe(0);
    expect(await runCampaignCli(['pause', 'nowhere', ...admin], io().io)).toBe(3);
    for (const id of ['campaign/minimal', ...open]) await env.client.workflow.getHandle(id).terminate('test done');
  } finally {
    await running.stop();
  }
});
