/**
 * docker-compose.yml cannot run here (no Docker engine), so its topology is started natively from
 * the file's own settings (test/support/compose-native.ts says how each image becomes a process and
 * how hosts, ports and paths translate): PostgreSQL, the schema steps, the four Temporal services
 * on the embedded configuration the image uses, the namespace step, the mail catcher, two campaign
 * workers and two web servers, each with exactly the environment the file gives it. A setting the
 * file gets wrong (a host, a port, a password, a missing variable, a dependency) fails here.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client as TemporalClient, Connection } from '@temporalio/client';
import { Client } from 'pg';
import { hashPassword } from '../app/accounts';
import { searchAttributeKeys } from '../contracts/search-attributes';
import { clusterServer, ensureClusterBinaries } from '../scripts/cluster-binaries';
import { startOneReminderObligation } from '../scripts/synthetic-obligation';
import { openStore } from '../store/database';
import { eventually } from './support/cluster-stack';
import { type ComposeService, imageEnvironment, readCompose, startOrder } from './support/compose-file';
import { type NativeContext, type NativeService, nativeEnvironment, nativePort, startNative } from './support/compose-native';
import { workflowBundle } from './support/temporal';
import { passwords } from './support/web-stack';

const projectDir = path.resolve(__dirname, '..');
const source = readFileSync(path.join(projectDir, 'docker-compose.yml'), 'utf8');
/** Images whose process nothing of the product uses: the Temporal UI only shows what the server holds. */
const viewers = new Set(['temporalio/ui']);
const shift = 10_000 + 10 * Math.floor(Math.random() * 1_000);
const variables = {
  POSTGRES_PASSWORD: randomBytes(12).toString('hex'),
  // The proxy's address in a deployment; here the first web replica's own.
  WEB_BASE_URL: `http://127.0.0.1:${3000 + shift}`,
  LINK_SECRET: randomBytes(32).toString('hex'),
  WEB_ACCOUNTS: JSON.stringify([{ username: 'supervisor', name: '督办科长李四', role: 'supervisor', passwordHash: hashPassword(passwords.supervisor) }]),
};
const services = readCompose(source, variables);
const volumesDir = mkdtempSync(path.join(tmpdir(), 'campaign-compose-'));
chmodSync(volumesDir, 0o711); // PostgreSQL's user enters it for its data volume
let context: NativeContext;
const running: NativeService[] = [];
const replicasOf = (name: string) => running.filter((service) => service.name === name);
const env = (name: string) => nativeEnvironment(context, services[name]!, 0);

beforeAll(async () => {
  const binaries = await ensureClusterBinaries({ projectDir });
  context = {
    projectDir,
    services,
    shift,
    volumesDir,
    binaries,
    // What the images hold: admin-tools' schema (the copy built from the same module), our image's workflow bundle (the run's).
    imagePaths: { '/etc/temporal/schema': path.dirname(path.dirname(binaries.schemaDir)), '/app/dist/workflow-bundle.js': workflowBundle().codePath },
    toolPath: [path.join(projectDir, '.temporal', 'venv', 'bin')],
    imageEnvironment: imageEnvironment(readFileSync(path.join(projectDir, 'Dockerfile'), 'utf8')),
  };
  for (const layer of startOrder(services)) {
    for (const name of layer) {
      const service = services[name]!;
      if (viewers.has(service.image?.split(':')[0] ?? '')) continue;
      await dependenciesMet(service);
      for (let replica = 0; replica < service.replicas; replica += 1) running.push(await startNative(context, service, replica));
    }
  }
  await Promise.all(running.map((service) => service.ready));
}, 300_000);

afterAll(async () => {
  for (const service of [...running].reverse()) await service.stop().catch(() => undefined);
  rmSync(volumesDir, { recursive: true, force: true });
});

/** What `depends_on` waits for: started (a server answers), healthy (the file must define a healthcheck), or exited 0. */
async function dependenciesMet(service: ComposeService): Promise<void> {
  for (const [other, condition] of Object.entries(service.dependsOn)) {
    const replicas = replicasOf(other);
    if (replicas.length === 0) throw new Error(`${service.name} depends on ${other}, which was not started`);
    if (condition === 'service_healthy' && !services[other]!.healthcheck) throw new Error(`${service.name} waits for ${other} to be healthy, but ${other} has no healthcheck`);
    if (condition === 'service_completed_successfully') {
      for (const replica of replicas) expect([other, await replica.exited]).toEqual([other, 0]);
    } else {
      await Promise.all(replicas.map((replica) => replica.ready));
    }
  }
}

it('runs the Temporal server version this project builds, in every Temporal image', () => {
  const version = clusterServer.version.replace(/^v/, '');
  const temporalImages = Object.values(services).flatMap((service) => (service.image?.startsWith('temporalio/server') || service.image?.startsWith('temporalio/admin-tools') ? [service.image] : []));
  expect(new Set(temporalImages)).toEqual(new Set([`temporalio/server:${version}`, `temporalio/admin-tools:${version}`]));
  expect(Object.values(services).filter((service) => service.image?.startsWith('temporalio/server')).map((service) => service.environment.TEMPORAL_SERVICES).sort()).toEqual(['frontend', 'history', 'matching', 'worker']);
});

it('starts every service of the file, with two replicas of the worker and of the web server', async () => {
  expect(Object.keys(services).filter((name) => !viewers.has(services[name]!.image?.split(':')[0] ?? '')).sort()).toEqual([...new Set(running.map((service) => service.name))].sort());
  expect([replicasOf('worker').length, replicasOf('web').length]).toEqual([2, 2]);
  for (let replica = 0; replica < 2; replica += 1) {
    const response = await fetch(`http://127.0.0.1:${nativePort(context, 'web', replica, 3000)}/healthz`);
    expect(await response.json()).toEqual({ ok: true });
  }
});

it('sets up the schema, 8 history shards and the namespace; the workers registered the search attributes', async () => {
  const postgres = services.postgresql!.environment;
  const url = (database: string) => `postgres://${postgres.POSTGRES_USER}:${postgres.POSTGRES_PASSWORD}@127.0.0.1:${nativePort(context, 'postgresql', 0, 5432)}/${database}`;
  const client = new Client({ connectionString: url('temporal') });
  await client.connect();
  try {
    expect((await client.query<{ count: string }>('select count(*) from shards')).rows[0]?.count).toBe(String(services['temporal-history']!.environment.NUM_HISTORY_SHARDS));
    expect((await client.query<{ curr_version: string }>('select curr_version from schema_version')).rows[0]?.curr_version).toMatch(/^1\.\d+$/);
  } finally {
    await client.end();
  }
  const connection = await Connection.connect({ address: env('worker').TEMPORAL_ADDRESS! });
  try {
    const attributes = await connection.operatorService.listSearchAttributes({ namespace: env('worker').TEMPORAL_NAMESPACE! });
    expect(Object.keys(attributes.customAttributes)).toEqual(expect.arrayContaining(searchAttributeKeys.map((key) => key.name)));
  } finally {
    await connection.close();
  }
  // The store's URL, as the workers and web servers get it, opens (and migrates) the database the file creates.
  const store = await openStore({ url: env('web').DATABASE_URL!, poolSize: 1 });
  await store.close();
});

it('delivers a reminder through the file’s frontend, workers and mail catcher, with the link of WEB_BASE_URL', async () => {
  const connection = await Connection.connect({ address: env('worker').TEMPORAL_ADDRESS! });
  try {
    const client = new TemporalClient({ connection, namespace: env('worker').TEMPORAL_NAMESPACE! });
    // The frontend learns the search attributes the workers registered with its namespace cache, within seconds.
    const start = () => client.workflow.start('obligationWorkflow', startOneReminderObligation(env('worker').TEMPORAL_TASK_QUEUE!, 'compose', 'tengzhou', Date.now() + 2_000));
    await eventually(() => start().then(() => 'started', (error: Error) => error.message), (outcome) => outcome === 'started', 'the obligation started', 30_000);
  } finally {
    await connection.close();
  }
  const inbox = `http://127.0.0.1:${env('mail').MAILDEV_WEB_PORT}/api/email`;
  const [mail] = await eventually(async () => (await (await fetch(inbox)).json()) as { text: string; headers: Record<string, string> }[], (mails) => mails.length === 1, 'the reminder in the mail catcher', 60_000);
  expect(mail!.headers['message-id']).toBe('<compose.tengzhou.report.reminder-1@campaigns.localhost>');
  expect(mail!.text).toContain(`${variables.WEB_BASE_URL}/unit?token=`);
});

it('lets a supervisor of WEB_ACCOUNTS log in on either web replica', async () => {
  for (let replica = 0; replica < 2; replica += 1) {
    const response = await fetch(`http://127.0.0.1:${nativePort(context, 'web', replica, 3000)}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'supervisor', password: passwords.supervisor }) });
    expect(response.status).toBe(200);
  }
});
