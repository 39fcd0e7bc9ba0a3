/**
 * What most workflow suites start before their tests: a Temporal server (the time-skipping test
 * server, or the CLI's dev server where visibility queries or real time matter) with the
 * project's search attributes, a real SMTP server on loopback, and a worker on the pre-built
 * workflow bundle with the real activities sending to it. `stop()` ends all of them.
 */
import { createCampaignWorker } from '../../workers/worker';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import nodemailer from 'nodemailer';
import { type ActivityDependencies, createActivities } from '../../activities';
import { ensureSearchAttributes } from '../../workers/search-attributes';
import { searchAttributeKeys } from '../../contracts/search-attributes';
import { type MailCatcher, startMailCatcher } from './mail-catcher';
import { devServerPath, testServerPath, workflowBundle } from './temporal';

export interface TestStack {
  env: TestWorkflowEnvironment;
  mail: MailCatcher;
  worker: Worker;
  /** Workflows the current test started: `terminateStarted()` (after each test) ends them. */
  started: string[];
  /** Terminates what the test started, so its obligations do not go on sending during the next one. */
  terminateStarted(): Promise<void>;
  stop(): Promise<void>;
}

export interface TestStackOptions {
  taskQueue: string;
  /** `time-skipping` (default) or `dev` (the Temporal CLI's dev server, real time, visibility). */
  server?: 'time-skipping' | 'dev';
  /** The sender of every message. */
  from?: string;
  /** Addresses the SMTP server refuses at RCPT TO (550). */
  rejectRecipients?: string[];
  /** Whether the activities get a Temporal client (launching and controlling obligations); default yes. */
  withClient?: boolean;
  /** Other activity dependencies (a notices folder, a send ledger, a unit link maker). */
  activities?: Partial<ActivityDependencies>;
}

export async function startTestStack(options: TestStackOptions): Promise<TestStack> {
  const mail = await startMailCatcher(options.rejectRecipients ? { rejectRecipients: options.rejectRecipients } : {});
  const env =
    options.server === 'dev'
      ? await TestWorkflowEnvironment.createLocal({ server: { executable: { type: 'existing-path', path: devServerPath() }, searchAttributes: searchAttributeKeys, ip: '127.0.0.1' } })
      : await TestWorkflowEnvironment.createTimeSkipping({ server: { executable: { type: 'existing-path', path: testServerPath() } } });
  if (options.server !== 'dev') await ensureSearchAttributes(env.connection, 'default');
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port: mail.port, secure: false, ignoreTLS: true });
  const worker = await createCampaignWorker({
    namespace: 'default',
    connection: env.nativeConnection,
    taskQueue: options.taskQueue,
    workflowBundle: workflowBundle(),
    activities: createActivities({
      transport,
      from: options.from ?? '知识产权保护科 <section@example.gov.cn>',
      ...(options.withClient === false ? {} : { client: env.client }),
      ...options.activities,
    }),
  });
  const running = worker.run();
  const started: string[] = [];
  return {
    env,
    mail,
    worker,
    started,
    async terminateStarted() {
      for (const id of started.splice(0)) await env.client.workflow.getHandle(id).terminate('test done').catch(() => undefined);
    },
    async stop() {
      worker.shutdown();
      await running;
      transport.close();
      await env.teardown();
      await mail.close();
    },
  };
}
