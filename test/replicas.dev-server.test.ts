/**
 * Two worker processes and two web servers on one Temporal server and one PostgreSQL store, as a
 * deployment at scale runs them. A worker is killed (SIGKILL) in the middle of a burst while its
 * messages wait for the relay's answer; the other finishes, and every message arrives exactly once
 * (the send ledger in the database decides who sends). A unit's upload through one web server is
 * served by the other; the log-in throttle and the sessions hold across both.
 */
import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import type { FastifyInstance } from 'fastify';
import { hashPassword } from '../app/accounts';
import { signUnitToken } from '../app/unit-links';
import type { ObligationInstance } from '../contracts/obligation';
import { searchAttributeKeys } from '../contracts/search-attributes';
import { openStore, type Store } from '../store/database';
import { buildWebServer } from '../web/server';
import { createTestDatabase, type TestDatabase } from './support/database';
import { type MailCatcher, startMailCatcher } from './support/mail-catcher';
import { devServerPath, workflowBundle } from './support/temporal';
import { linkSecret, testSimulations } from './support/web-stack';
import { killGroup, startWorkerProcess } from './support/worker-process';

const projectDir = path.resolve(__dirname, '..');
const taskQueue = `replicas-${randomUUID().slice(0, 8)}`;
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'replicas-'));
let env: TestWorkflowEnvironment;
/** Each worker sends to a relay of its own (one mailbox in all): the kill can wait until the first worker's sends are held. */
let mail: MailCatcher;
let relayOfFirst: MailCatcher;
let database: TestDatabase;
const stores: Store[] = [];
const webServers: FastifyInstance[] = [];
const workers: ChildProcess[] = [];

beforeAll(async () => {
  // The relay answers each message two seconds after its data: long enough to kill a worker
  // while its sends wait for the 250, never in the milliseconds between the 250 and the ledger.
  mail = await startMailCatcher({ acceptDelayMs: 2_000 });
  relayOfFirst = await startMailCatcher({ acceptDelayMs: 2_000 });
  database = await createTestDatabase();
  env = await TestWorkflowEnvironment.createLocal({
    server: { executable: { type: 'existing-path', path: devServerPath() }, searchAttributes: searchAttributeKeys, ip: '127.0.0.1' },
  });
}, 60_000);

afterAll(async () => {
  for (const worker of workers) killGroup(worker, 'SIGKILL');
  for (const server of webServers) await server.close();
  for (const store of stores) await store.close();
  await env?.teardown();
  await mail?.close();
  await relayOfFirst?.close();
  await database?.drop();
  rmSync(dataDir, { recursive: true, force: true });
});

/** A worker process on the shared store and the pre-built bundle. */
function startWorker(name: string, relay: MailCatcher): Promise<ChildProcess> {
  return startWorkerProcess(
    name,
    {
      TEMPORAL_ADDRESS: env.connection.options.address,
      TEMPORAL_TASK_QUEUE: taskQueue,
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(relay.port),
      MAIL_FROM: 'zscqbhk@zaozhuang.example.gov.cn',
      DATA_DIR: path.join(dataDir, name),
      DATABASE_URL: database.url,
      WORKFLOW_BUNDLE: workflowBundle().codePath,
    },
    workers,
  );
}

it('delivers every message of a burst exactly once when one of two workers is killed in the middle of it', async () => {
  const [first] = await Promise.all([startWorker('a', relayOfFirst), startWorker('b', mail)]);
  const campaignId = `burst-${randomUUID().slice(0, 8)}`;
  const dueIn = 5_000;
  const at = (offsetMs: number) => new Date(Date.now() + offsetMs).toISOString();
  const units = Array.from({ length: 16 }, (_, index) => `unit${index}`);
  const handles = await Promise.all(
    units.map((unitId) => {
      const instance: ObligationInstance = {
        campaign: { id: campaignId, title: '压力测试活动' },
        unit: { id: unitId, name: `单位${unitId}`, emails: [`${unitId}@example.gov.cn`] },
        obligation: { id: 'report', title: '情况报告' },
        dueAt: at(dueIn + 600_000),
        messages: [{ at: at(dueIn), kind: 'reminder', key: 'reminder-1', label: '截止前提醒' }],
        closesAt: at(dueIn + 660_000),
      };
      return env.client.workflow.start('obligationWorkflow', { taskQueue, workflowId: `${campaignId}/${unitId}/report`, args: [instance] });
    }),
  );
  // The first worker dies while its relay holds its sends unanswered.
  for (const giveUpAt = Date.now() + dueIn + 60_000; relayOfFirst.holding() === 0; await new Promise((resolve) => setTimeout(resolve, 20))) {
    if (Date.now() > giveUpAt) throw new Error('the first worker never sent');
  }
  killGroup(first, 'SIGKILL');
  // The dead worker's sends come back after their start-to-close timeout (2 min) and its ledger
  // lease (2.5 min): the surviving worker claims and sends them.
  const deadline = Date.now() + 240_000;
  const received = (unitId: string) => [...mail.mailsTo(`${unitId}@example.gov.cn`), ...relayOfFirst.mailsTo(`${unitId}@example.gov.cn`)];
  while (units.some((unitId) => received(unitId).length === 0)) {
    if (Date.now() > deadline) throw new Error(`not delivered: ${units.filter((unitId) => received(unitId).length === 0).join(', ')}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  await new Promise((resolve) => setTimeout(resolve, 3_000)); // a duplicate would arrive now
  expect(relayOfFirst.dropped()).toBeGreaterThan(0); // the kill did catch sends in flight
  const ids = [...mail.mails, ...relayOfFirst.mails].map((message) => message.messageId).sort();
  expect(ids).toEqual(units.map((unitId) => `<${campaignId}.${unitId}.report.reminder-1@zaozhuang.example.gov.cn>`).sort());
  const store = await openStore({ url: database.url, poolSize: 1 });
  stores.push(store);
  for (const handle of handles) expect(await store.sendLedger.find(`${handle.firstExecutionRunId}/${handle.workflowId}/reminder-1`)).toBeDefined();
}, 360_000);

describe('two web servers', () => {
  const base: string[] = [];
  const password = 'replica-pass-1';
  beforeAll(async () => {
    for (let index = 0; index < 2; index += 1) {
      const store = await openStore({ url: database.url, poolSize: 2 });
      stores.push(store);
      const server = await buildWebServer({
        client: env.client,
        store,
        env: { WEB_HOST: '127.0.0.1', WEB_PORT: 0, WEB_BASE_URL: 'http://placeholder', LINK_SECRET: linkSecret, LINK_TTL_DAYS: 30, WEB_MAX_UPLOAD_MB: 1, WEB_TRUST_PROXY: 'false', accounts: [{ username: 'li', name: '督办科长李四', role: 'supervisor', passwordHash: hashPassword(password) }] },
        dataDir: path.join(dataDir, `web-${index}`),
        configDir: path.join(projectDir, 'config'),
        taskQueue,
        simulations: testSimulations(),
      });
      await server.listen({ host: '127.0.0.1', port: 0 });
      webServers.push(server);
      base.push(`http://127.0.0.1:${(server.server.address() as AddressInfo).port}`);
    }
  });

  it('serves a unit’s upload through the other server', async () => {
    const unit = { authorization: `Bearer ${signUnitToken({ campaignId: 'shared', unitId: 'tengzhou' }, linkSecret, Date.now() + 60_000)}` };
    const form = new FormData();
    form.append('files', new Blob([Buffer.from('%PDF-1.4 uploaded through the first server')]), '方案.pdf');
    const uploaded = await fetch(`${base[0]}/api/unit/attachments`, { method: 'POST', headers: unit, body: form });
    const { attachments } = (await uploaded.json()) as { attachments: { id: string }[] };
    const served = await fetch(`${base[1]}/api/attachments/${attachments[0]!.id}`, { headers: unit });
    expect(served.status).toBe(200);
    expect(await served.text()).toBe('%PDF-1.4 uploaded through the first server');
  });

  it('counts failed log-ins across both servers, and a session (and its log-out) holds on both', async () => {
    const logIn = (server: string, secret: string) => fetch(`${server}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'li', password: secret }) });
    for (const server of [base[0]!, base[1]!, base[0]!, base[1]!, base[0]!]) expect((await logIn(server, 'wrong')).status).toBe(401);
    expect((await logIn(base[1]!, password)).status).toBe(429);

    await stores[0]!.throttle.succeeded('127.0.0.1|li'); // the window cleared, as a success would
    const signedIn = await logIn(base[0]!, password);
    expect(signedIn.status).toBe(200);
    const cookie = signedIn.headers.getSetCookie().map((value) => value.split(';')[0]).join('; ');
    expect((await fetch(`${base[1]}/api/inbox`, { headers: { cookie } })).status).toBe(200);
    expect((await fetch(`${base[1]}/api/session`, { method: 'DELETE', headers: { cookie } })).status).toBe(200);
    expect((await fetch(`${base[0]}/api/inbox`, { headers: { cookie } })).status).toBe(401);
  });
});
