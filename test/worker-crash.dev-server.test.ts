/**
 * The worker process is killed (SIGKILL, the whole process group) in the middle of an
 * obligation and started again: every planned message arrives, and none twice. Runs the real
 * `workers/main.ts` against the dev server and a real SMTP server on loopback.
 */
import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { openStore, type Store } from '../store/database';
import { type ObligationInstance, stateQuery } from '../contracts/obligation';
import { searchAttributeKeys } from '../contracts/search-attributes';
import { type MailCatcher, startMailCatcher } from './support/mail-catcher';
import { createTestDatabase, type TestDatabase } from './support/database';
import { devServerPath } from './support/temporal';
import { killGroup, startWorkerProcess } from './support/worker-process';

const taskQueue = `crash-${randomUUID().slice(0, 8)}`;
let env: TestWorkflowEnvironment;
let mail: MailCatcher;
/** The workers' store: the send ledger the two worker processes share, as in a deployment. */
let database: TestDatabase;
let store: Store;
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'worker-crash-data-'));
const workers: ChildProcess[] = [];

beforeAll(async () => {
  mail = await startMailCatcher();
  database = await createTestDatabase();
  store = await openStore({ url: database.url, poolSize: 2 });
  env = await TestWorkflowEnvironment.createLocal({
    server: { executable: { type: 'existing-path', path: devServerPath() }, searchAttributes: searchAttributeKeys, ip: '127.0.0.1' },
  });
});

afterAll(async () => {
  for (const worker of workers) killGroup(worker, 'SIGKILL');
  await env?.teardown();
  await mail?.close();
  await store?.close();
  await database?.drop();
  rmSync(dataDir, { recursive: true, force: true });
});

function startWorker(): Promise<ChildProcess> {
  return startWorkerProcess(
    'worker',
    {
      TEMPORAL_ADDRESS: env.connection.options.address,
      TEMPORAL_TASK_QUEUE: taskQueue,
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(mail.port),
      MAIL_FROM: 'zscqbhk@zaozhuang.example.gov.cn',
      // The send ledger and notices go to this run's database, never into the project's .data.
      DATA_DIR: dataDir,
      DATABASE_URL: database.url,
    },
    workers,
  );
}

it('delivers every planned message exactly once across a kill -9 of the worker process', async () => {
  // Two worker start-ups (each bundles the workflows with webpack) on a busy 2-core machine.
  const address = `tengzhou-${randomUUID().slice(0, 8)}@example.gov.cn`;
  const campaignId = `crash-${randomUUID().slice(0, 8)}`;
  const first = await startWorker();
  const now = Date.now();
  const at = (offsetMs: number) => new Date(now + offsetMs).toISOString();
  const instance: ObligationInstance = {
    campaign: { id: campaignId, title: '枣庄市知识产权行政保护能力提升活动方案' },
    unit: { id: 'tengzhou', name: '滕州市市场监督管理局', emails: [address] },
    obligation: { id: 'implementation-measures', title: '落实措施' },
    dueAt: at(9_000),
    messages: [
      { at: at(2_000), kind: 'reminder', key: 'reminder-1', label: '第一次' },
      { at: at(6_000), kind: 'reminder', key: 'reminder-2', label: '第二次' },
      { at: at(10_000), kind: 'overdue-notice', key: 'overdue-notice', label: '逾期' },
    ],
    closesAt: at(12_000),
  };
  const handle = await env.client.workflow.start('obligationWorkflow', { taskQueue, workflowId: `${campaignId}/tengzhou/implementation-measures`, args: [instance] });

  await mail.waitForMails(address, 1, 20_000);
  // Killed once the workflow has recorded the first reminder as sent (the ledger holds it too): from
  // then on no copy may follow. (A kill between the relay's answer and the activity's completion
  // costs the retry's start-to-close timeout, and the ledger then stops the copy; the replicas
  // suite and `npm run chaos` measure that window.)
  const sendKey = `${handle.firstExecutionRunId}/${campaignId}/tengzhou/implementation-measures/reminder-1`;
  const isRecorded = async () => (await handle.query(stateQuery)).history.some((entry) => entry.event === 'message-sent');
  for (const giveUpAt = Date.now() + 10_000; !(await isRecorded()); await new Promise((resolve) => setTimeout(resolve, 20))) {
    if (Date.now() > giveUpAt) throw new Error('the workflow never recorded the first reminder');
  }
  expect(await store.sendLedger.find(sendKey)).toBeDefined();
  killGroup(first, 'SIGKILL');
  // While no worker runs, the second reminder and the deadline fall due on the server.
  await new Promise((resolve) => setTimeout(resolve, 6_000));
  expect(mail.mailsTo(address)).toHaveLength(1);

  await startWorker();
  await handle.result();
  await mail.waitForMails(address, 3, 20_000);
  await new Promise((resolve) => setTimeout(resolve, 1_000)); // a duplicate would arrive now
  expect(mail.mailsTo(address).map((message) => message.messageId)).toEqual([
    `<${campaignId}.tengzhou.implementation-measures.reminder-1@zaozhuang.example.gov.cn>`,
    `<${campaignId}.tengzhou.implementation-measures.reminder-2@zaozhuang.example.gov.cn>`,
    `<${campaignId}.tengzhou.implementation-measures.overdue-notice@zaozhuang.example.gov.cn>`,
  ]);
}, 240_000);
