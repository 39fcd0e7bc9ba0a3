/**
 * A deployment that changes workflow code without `patched()` must fail loudly: the running
 * execution that no longer replays fails (visible in the UI, in `list`, to an alert on failed
 * executions), instead of retrying its workflow task unseen. The released worker runs an
 * obligation; a worker with incompatible code (test/fixtures/changed-workflows) takes over.
 */
import path from 'node:path';
import { WorkflowFailedError } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, Worker } from '@temporalio/worker';
import nodemailer from 'nodemailer';
import { createActivities } from '../activities';
import { ensureSearchAttributes } from '../workers/search-attributes';
import { createCampaignWorker } from '../workers/worker';
import { controlSignal, stateQuery } from '../contracts/obligation';
import { implementationMeasures } from './support/instances';
import { type MailCatcher, startMailCatcher } from './support/mail-catcher';
import { testServerPath, workflowBundle } from './support/temporal';

const taskQueue = 'nondeterminism';
let env: TestWorkflowEnvironment;
let mail: MailCatcher;

beforeAll(async () => {
  mail = await startMailCatcher();
  env = await TestWorkflowEnvironment.createTimeSkipping({ server: { executable: { type: 'existing-path', path: testServerPath() } } });
  await ensureSearchAttributes(env.connection, 'default');
});

afterAll(async () => {
  await env?.teardown();
  await mail?.close();
});

it('fails the execution with the non-determinism error when new code cannot replay its history', async () => {
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port: mail.port, secure: false, ignoreTLS: true });
  const activities = createActivities({ transport, from: 'zscqbhk@example.gov.cn' });
  const workerOptions = { connection: env.nativeConnection, namespace: 'default', taskQueue, activities };
  const instance = implementationMeasures(await env.currentTimeMs(), 'tengzhou@example.gov.cn', 'nondeterminism');

  // No sticky cache on the released worker: the next task goes to the task queue the new worker polls.
  const released = await Worker.create({ ...workerOptions, workflowBundle: workflowBundle(), maxCachedWorkflows: 0 });
  const handle = await released.runUntil(async () => {
    const started = await env.client.workflow.start('obligationWorkflow', { taskQueue, workflowId: 'nondeterminism/tengzhou/implementation-measures', args: [instance] });
    expect((await started.query(stateQuery)).status).toBe('open');
    return started;
  });

  const changed = await bundleWorkflowCode({ workflowsPath: path.join(__dirname, 'fixtures/changed-workflows'), logger: { log: () => undefined, trace: () => undefined, debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined } });
  const deployed = await createCampaignWorker({ ...workerOptions, workflowBundle: { code: changed.code } });
  const failure = await deployed.runUntil(async () => {
    // Anything that gives the execution a new workflow task makes the new code replay it.
    await handle.signal(controlSignal, { action: 'pause', by: '管理员', reason: '测试' });
    return handle.result().catch((error: unknown) => error);
  });
  expect(failure).toBeInstanceOf(WorkflowFailedError);
  expect(String((failure as WorkflowFailedError).cause?.message)).toMatch(/[Nn]ondeterminism/);
  expect((await handle.describe()).status.name).toBe('FAILED');
  transport.close();
});
