/**
 * The whole stack for the web tests, all real: the Temporal CLI's dev server (visibility
 * queries need it), a real SMTP server on loopback, the worker with the units' link signing,
 * and the web server on a free port with its data folder in a temp directory.
 */
import { createCampaignWorker } from '../../workers/worker';
import { openStore, type Store } from '../../store/database';
import { createTestDatabase } from './database';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import type { FastifyInstance } from 'fastify';
import nodemailer from 'nodemailer';
import { createActivities } from '../../activities';
import { searchAttributeKeys } from '../../contracts/search-attributes';
import { hashPassword } from '../../app/accounts';
import type { WebEnv } from '../../app/settings';
import { simulateBeforeLaunch } from '../../evaluation/api';
import { buildWebServer } from '../../web/server';
import { Simulations } from '../../app/simulations';
import { unitLinkMaker } from '../../app/unit-links';
import { type MailCatcher, startMailCatcher } from './mail-catcher';
import { devServerPath, testServerPath, workflowBundle } from './temporal';
import { runCampaignCli } from '../../cli/campaign';

export const linkSecret = 'test-link-secret-0123456789abcdef0123456789';
export const passwords = { admin: 'admin-password-1', supervisor: 'supervisor-password-1' };

export interface WebStack {
  env: TestWorkflowEnvironment;
  mail: MailCatcher;
  app: FastifyInstance;
  /** The web server's and the worker's store (a fresh database of the run's PostgreSQL). */
  store: Store;
  databaseUrl: string;
  baseUrl: string;
  dataDir: string;
  taskQueue: string;
  /** The server's WEB_ACCOUNTS: a second server on the same store gets the same (one without them would withdraw them). */
  accounts: WebEnv['accounts'];
  stop(): Promise<void>;
}

/** The simulations of the pages on this checkout's time-skipping server with the pre-built bundle (no webpack per run). */
export const testSimulations = () => new Simulations((request) => simulateBeforeLaunch({ ...request, testServerPath: testServerPath(), workflowBundle: workflowBundle() }));

/**
 * `unitUploadQuotaBytes`: the store's quota of a unit's uploads not yet handed in (default the store's).
 * `configDir`: the config/ folder the pages pick definitions from (default the project's).
 */
export async function startWebStack(taskQueue: string, options: { unitUploadQuotaBytes?: number; configDir?: string } = {}): Promise<WebStack> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'campaign-web-'));
  const mail = await startMailCatcher();
  const env = await TestWorkflowEnvironment.createLocal({
    server: { executable: { type: 'existing-path', path: devServerPath() }, searchAttributes: searchAttributeKeys, ip: '127.0.0.1' },
  });
  const database = await createTestDatabase();
  const store = await openStore({ url: database.url, poolSize: 4, ...(options.unitUploadQuotaBytes ? { unitUploadQuotaBytes: options.unitUploadQuotaBytes } : {}) });
  const accounts: WebEnv['accounts'] = [
    { username: 'admin', name: '管理员张三', role: 'admin', passwordHash: hashPassword(passwords.admin) },
    { username: 'supervisor', name: '督办科长李四', role: 'supervisor', passwordHash: hashPassword(passwords.supervisor) },
  ];
  const app = await buildWebServer({
    client: env.client,
    store,
    env: {
      WEB_HOST: '127.0.0.1',
      WEB_PORT: 0,
      WEB_BASE_URL: 'http://placeholder',
      LINK_SECRET: linkSecret,
      LINK_TTL_DAYS: 30,
      WEB_MAX_UPLOAD_MB: 1,
      WEB_TRUST_PROXY: 'false',
      accounts,
    },
    dataDir,
    configDir: options.configDir ?? path.resolve(__dirname, '../../config'),
    taskQueue,
    simulations: testSimulations(),
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const baseUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;

  const transport = nodemailer.createTransport({ host: '127.0.0.1', port: mail.port, secure: false, ignoreTLS: true });
  const worker = await createCampaignWorker({
    namespace: 'default',
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: workflowBundle(),
    activities: createActivities({
      transport,
      from: '知识产权保护科 <section@example.gov.cn>',
      client: env.client,
      notices: store.notices,
      unitLink: unitLinkMaker({ baseUrl, secret: linkSecret, ttlMs: 30 * 24 * 60 * 60 * 1000 }),
    }),
  });
  const running = worker.run();
  return {
    env,
    mail,
    app,
    store,
    databaseUrl: database.url,
    baseUrl,
    dataDir,
    taskQueue,
    accounts,
    async stop() {
      worker.shutdown();
      await running;
      transport.close();
      await app.close();
      await store.close();
      await database.drop();
      await env.teardown();
      await mail.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export { waitFor } from './poll';

/** The unit page link in a mail's text. */
export function linkIn(text: string): string {
  const match = /https?:\/\/\S+\/unit\?token=[A-Za-z0-9._%-]+/.exec(text);
  if (!match) throw new Error(`no unit link in:\n${text}`);
  return match[0];
}

/** The rebase instant that makes `planInstant` (on the plan's clock) be `leadMs` from now. */
export function rebaseSoThat(planStartsAt: string, planInstant: string, leadMs: number): string {
  return new Date(Date.now() + leadMs - (Date.parse(planInstant) - Date.parse(planStartsAt))).toISOString();
}

/** The campaign CLI against the stack's Temporal server and store, as an operator runs it: its exit code and what it printed. */
export async function cliOn(stack: WebStack, ...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const output = { stdout: '', stderr: '' };
  const code = await runCampaignCli(argv, {
    cwd: stack.dataDir,
    env: { TEMPORAL_ADDRESS: stack.env.connection.options.address, DATA_DIR: stack.dataDir, DATABASE_URL: stack.databaseUrl },
    stdout: (text) => (output.stdout += text),
    stderr: (text) => (output.stderr += text),
  });
  return { code, ...output };
}
