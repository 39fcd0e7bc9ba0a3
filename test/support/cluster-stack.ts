/**
 * What a cluster suite starts before its tests: on the run's cluster (or a suite's own), the
 * product as docker-compose.yml deploys it, every part a real process: campaign workers
 * (`workers/main.ts`) and web servers (`web/main.ts`) sharing one data folder and one store
 * database, a real SMTP server on loopback, and a client of the suite's own. `stop()` ends them.
 *
 *   const app = await startClusterApp({ taskQueue: 'launch', workers: 2, webs: 2 });
 *   await app.client.workflow.start(…);  await app.mail.waitForMails(…);  await app.workers[0]!.kill();
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { hashPassword } from '../../app/accounts';
import { type AppProcess, startAppProcess } from '../../scripts/app-processes';
import { freePort } from '../../scripts/postgres';
import { createTestDatabase, type TestDatabase } from './database';
import { type MailCatcher, startMailCatcher } from './mail-catcher';
import { workflowBundle } from './temporal';
import { passwords } from './web-stack';

export { passwords };

/** The run's cluster, started by the cluster project's global setup. */
export function runCluster(): { address: string; databaseServerUrl: string } {
  const address = process.env.TEST_CLUSTER_ADDRESS;
  const databaseServerUrl = process.env.TEST_CLUSTER_DATABASE_URL;
  if (!address || !databaseServerUrl) throw new Error('TEST_CLUSTER_ADDRESS is not set: run cluster suites through jest (its cluster project starts the cluster)');
  return { address, databaseServerUrl };
}

export interface ClusterAppOptions {
  taskQueue: string;
  workers?: number;
  webs?: number;
  /** Default: the run's cluster. */
  cluster?: { address: string; databaseServerUrl: string };
  /** More environment for the workers (e.g. SEND_LEDGER). */
  workerEnv?: NodeJS.ProcessEnv;
  /** The mail catcher holds each 250 this long (a kill can then land while sends wait for it). */
  mailAcceptDelayMs?: number;
}

export interface WebProcess extends AppProcess {
  url: string;
}

export interface ClusterApp {
  address: string;
  taskQueue: string;
  client: Client;
  mail: MailCatcher;
  /** The workers' and web servers' shared DATA_DIR (docker-compose.yml's campaign-data volume). */
  dataDir: string;
  database: TestDatabase;
  linkSecret: string;
  workers: AppProcess[];
  webs: WebProcess[];
  /** One more worker on the task queue, once it polls. */
  startWorker(): Promise<AppProcess>;
  /** One more web server on a free port, once it serves. */
  startWeb(): Promise<WebProcess>;
  stop(): Promise<void>;
}

export async function startClusterApp(options: ClusterAppOptions): Promise<ClusterApp> {
  const cluster = options.cluster ?? runCluster();
  const mail = await startMailCatcher(options.mailAcceptDelayMs ? { acceptDelayMs: options.mailAcceptDelayMs } : {});
  const database = await createTestDatabase(cluster.databaseServerUrl);
  const dataDir = mkdtempSync(path.join(tmpdir(), 'campaign-cluster-app-'));
  const linkSecret = randomBytes(32).toString('hex');
  const accounts = JSON.stringify([
    { username: 'admin', name: '管理员张三', role: 'admin', passwordHash: hashPassword(passwords.admin) },
    { username: 'supervisor', name: '督办科长李四', role: 'supervisor', passwordHash: hashPassword(passwords.supervisor) },
  ]);
  const webPorts = await Promise.all(Array.from({ length: options.webs ?? 0 }, () => freePort()));
  const common = {
    ...process.env,
    TEMPORAL_ADDRESS: cluster.address,
    TEMPORAL_TASK_QUEUE: options.taskQueue,
    DATA_DIR: dataDir,
    DATABASE_URL: database.url,
    LINK_SECRET: linkSecret,
    // Links in the emails point at the first web server, as WEB_BASE_URL points at the proxy in front of both.
    WEB_BASE_URL: `http://127.0.0.1:${webPorts[0] ?? 9}`,
  };
  const debug = (name: string) => (process.env.DEBUG_CLUSTER ? (line: string) => console.log(`[${name}] ${line}`) : undefined);
  const workers: AppProcess[] = [];
  const webs: WebProcess[] = [];
  const startWorker = async () => {
    const name = `worker-${workers.length + 1}`;
    const worker = startAppProcess({
      name,
      entry: 'workers/main.ts',
      env: { ...common, SMTP_HOST: '127.0.0.1', SMTP_PORT: String(mail.port), MAIL_FROM: '知识产权保护科 <section@example.gov.cn>', WORKFLOW_BUNDLE: workflowBundle().codePath, ...options.workerEnv },
      output: debug(name),
    });
    workers.push(worker);
    await worker.ready;
    return worker;
  };
  const startWeb = async (port?: number) => {
    const name = `web-${webs.length + 1}`;
    const webPort = port ?? (await freePort());
    const url = `http://127.0.0.1:${webPort}`;
    const web = Object.assign(
      startAppProcess({ name, entry: 'web/main.ts', env: { ...common, WEB_HOST: '127.0.0.1', WEB_PORT: String(webPort), WEB_BASE_URL: url, WEB_ACCOUNTS: accounts, WEB_MAX_UPLOAD_MB: '5', WEB_TRUST_PROXY: 'false' }, output: debug(name) }),
      { url },
    );
    webs.push(web);
    await web.ready;
    return web;
  };
  const connection = await Connection.connect({ address: cluster.address });
  const stop = async () => {
    await Promise.all([...workers, ...webs].map((process) => process.kill('SIGTERM')));
    await connection.close();
    await mail.close();
    await database.drop();
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    // Side by side: each start-up is mostly tsx and the SDK loading, on two cores.
    await Promise.all([...Array.from({ length: options.workers ?? 1 }, () => startWorker()), ...webPorts.map((port) => startWeb(port))]);
  } catch (error) {
    await stop();
    throw error;
  }
  return { address: cluster.address, taskQueue: options.taskQueue, client: new Client({ connection }), mail, dataDir, database, linkSecret, workers, webs, startWorker, startWeb: () => startWeb(), stop };
}

/** Polls until `read` gives a value `isReady` accepts; fails after `timeoutMs` with the last value. */
export async function eventually<T>(read: () => Promise<T>, isReady: (value: T) => boolean, what: string, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (isReady(value)) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not reached within ${timeoutMs / 1000} s; last value: ${JSON.stringify(value).slice(0, 500)}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

export interface Answer {
  status: number;
  body: Record<string, unknown>;
}

/** A JSON API call to one web server: a JSON body, or a multipart form; the answer's status and parsed body. */
export async function callApi(baseUrl: string, method: string, url: string, options: { body?: unknown; headers?: Record<string, string>; form?: FormData } = {}): Promise<Answer> {
  const json: Record<string, string> = options.body === undefined ? {} : { 'content-type': 'application/json' };
  const response = await fetch(baseUrl + url, { method, headers: { ...json, ...options.headers }, body: options.form ?? (options.body === undefined ? undefined : JSON.stringify(options.body)) });
  const text = await response.text();
  return { status: response.status, body: text.startsWith('{') ? (JSON.parse(text) as Answer['body']) : { text } };
}
