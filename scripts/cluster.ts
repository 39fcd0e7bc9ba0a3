/**
 * `npm run cluster`: the product on a real Temporal cluster on this machine, the topology of
 * docker-compose.yml. PostgreSQL (embedded, data in DATA_DIR/cluster/postgres, survives restarts)
 * with Temporal's two databases and the store; the Temporal server as four processes (frontend,
 * history, matching, worker; 8 history shards; SQL advanced visibility with the project's search
 * attributes); the mail catcher; two campaign workers and two web servers. Ctrl-C stops the web
 * servers, the workers, the mail catcher, the Temporal services and PostgreSQL, in that order.
 * `npm start` stays the quick embedded stack (the CLI's dev server on SQLite).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { loadEnv } from '../config/env';
import { developmentSettings } from '../app/development-accounts';
import { loadWebEnv } from '../app/settings';
import { openStore } from '../store/database';
import { workflowsPath } from '../workers/worker';
import { ensureClusterBinaries } from './cluster-binaries';
import { serverLineFilter } from './cluster-output';
import { runMain } from './main';
import { ensureDatabase } from './postgres';
import { ProcessGroup, waitForPort } from './processes';
import { reportStop, Startup, StartupInterrupted } from './startup';
import { type TemporalCluster, startCluster } from './temporal-cluster';

const projectDir = path.resolve(__dirname, '..');
const loopbackHosts = new Set(['127.0.0.1', 'localhost', '::1']);
/** Two of each, as docker-compose.yml's replicas. */
const replicas = 2;

runMain(async () => {
  const env = loadEnv();
  const dataDir = path.resolve(projectDir, env.DATA_DIR, 'cluster');
  // What the workers and web servers share (the compose file's campaign-data volume).
  const appDataDir = path.join(dataDir, 'app');
  mkdirSync(path.join(appDataDir, 'mail'), { recursive: true });
  const [temporalHost, frontendPort] = splitAddress(env.TEMPORAL_ADDRESS);
  if (!loopbackHosts.has(temporalHost)) throw new ClusterUsageError(`TEMPORAL_ADDRESS=${env.TEMPORAL_ADDRESS}: npm run cluster runs the cluster on this machine, so its address must be a loopback one (127.0.0.1:PORT)`);
  const web = developmentSettings(appDataDir, process.env);
  const webEnv = loadWebEnv({ ...process.env, ...web.env });
  const processes = new ProcessGroup();
  const startup = new Startup([processes.unexpectedExit]);
  const filter = serverLineFilter((line) => console.log(line));
  let cluster: TemporalCluster | undefined;

  try {
    const binaries = await startup.step(ensureClusterBinaries({ projectDir, log: (line) => console.log(line) }));
    cluster = await startup.step(
      startCluster({ projectDir, dataDir, frontendPort, postgresPort: env.EMBEDDED_POSTGRES_PORT, namespace: env.TEMPORAL_NAMESPACE, binaries, log: (line) => console.log(line), output: filter.line }),
    );
    filter.started();
    startup.watch(cluster.unexpectedExit);
    const storeUrl = await startup.step(prepareStore(cluster));
    const bundle = await startup.step(prebuiltBundle(dataDir, env.WORKFLOW_BUNDLE));

    const catchesMail = loopbackHosts.has(env.SMTP_HOST);
    if (catchesMail) {
      processes.start({ name: 'mail', command: path.join(projectDir, 'node_modules', '.bin', 'maildev'), args: ['--smtp', String(env.SMTP_PORT), '--ip', env.SMTP_HOST, '--web', String(env.MAIL_INBOX_PORT), '--web-ip', '127.0.0.1', '--mail-directory', path.join(appDataDir, 'mail')] });
      await startup.step(waitForPort(env.SMTP_HOST, env.SMTP_PORT, 60_000, startup.signal));
    }
    const webUrls = Array.from({ length: replicas }, (_, index) => `http://${webEnv.WEB_HOST}:${webEnv.WEB_PORT + index}`);
    const appEnv = { ...process.env, ...web.env, TEMPORAL_ADDRESS: cluster.address, DATABASE_URL: storeUrl, DATA_DIR: appDataDir, WORKFLOW_BUNDLE: bundle, WEB_BASE_URL: process.env.WEB_BASE_URL ?? webUrls[0] };
    const tsx = (file: string) => [require.resolve('tsx/cli'), path.join(projectDir, file)];
    for (let index = 1; index <= replicas; index += 1) processes.start({ name: `worker-${index}`, command: process.execPath, args: tsx('workers/main.ts'), env: appEnv });
    for (let index = 0; index < replicas; index += 1) {
      processes.start({ name: `web-${index + 1}`, command: process.execPath, args: tsx('web/main.ts'), env: { ...appEnv, WEB_PORT: String(webEnv.WEB_PORT + index), WEB_BASE_URL: process.env.WEB_BASE_URL ?? webUrls[index] } });
    }
    for (let index = 0; index < replicas; index += 1) await startup.step(waitForPort(webEnv.WEB_HOST, webEnv.WEB_PORT + index, 120_000, startup.signal));

    const pids = cluster.pids();
    const { ports } = cluster;
    console.log(
      [
        '',
        'Cluster is up:',
        `  PostgreSQL        postgres://${cluster.postgres.role.user}:***@127.0.0.1:${cluster.postgres.port}  (data ${cluster.postgres.dataDir}; databases temporal, temporal_visibility, campaigns)`,
        `  Temporal          ${cluster.address}  (namespace ${cluster.namespace}, ${cluster.historyShards} history shards, SQL visibility; server ${binaries.version})`,
        `    frontend        127.0.0.1:${ports.frontend.grpc}  (HTTP ${ports.frontend.http}, pid ${pids.frontend})`,
        `    history         127.0.0.1:${ports.history.grpc}  (pid ${pids.history})`,
        `    matching        127.0.0.1:${ports.matching.grpc}  (pid ${pids.matching})`,
        `    worker          127.0.0.1:${ports.worker.grpc}  (pid ${pids.worker})`,
        catchesMail ? `  Mail inbox        http://127.0.0.1:${env.MAIL_INBOX_PORT}  (SMTP ${env.SMTP_HOST}:${env.SMTP_PORT})` : `  SMTP relay        ${env.SMTP_HOST}:${env.SMTP_PORT}  (not a loopback address: no local mail catcher)`,
        `  Campaign workers  ${replicas} on task queue "${env.TEMPORAL_TASK_QUEUE}"`,
        `  Web pages         ${webUrls.join(' and ')}  (API /api/openapi.json${web.passwordsFile ? `; log-ins in ${web.passwordsFile}` : ''})`,
        '',
        `No web UI for Temporal here; the CLI reads the cluster: .temporal/venv/bin/temporal workflow list --address ${cluster.address}`,
        'Stop: Ctrl-C',
        '',
      ].join('\n'),
    );
    reportStop(await startup.running());
  } catch (error) {
    if (!(error instanceof StartupInterrupted)) throw error;
    reportStop(error.message);
  } finally {
    filter.stopping();
    await processes.stop();
    // The Temporal services after what uses them, PostgreSQL last.
    await cluster?.stop();
    console.log('All processes stopped.');
  }
});

class ClusterUsageError extends Error {
  readonly code = 'CLUSTER_USAGE';
}

/** The store's database `campaigns`, owned by the role `temporal` as in docker-compose.yml, its schema brought up to date once. */
async function prepareStore(cluster: TemporalCluster): Promise<string> {
  const url = await ensureDatabase(cluster.postgres.urlOf('postgres'), 'campaigns');
  const store = await openStore({ url, poolSize: 1 });
  await store.close();
  return url;
}

/** The workflow bundle built once for both workers (WORKFLOW_BUNDLE when set). */
async function prebuiltBundle(dataDir: string, given: string | undefined): Promise<string> {
  if (given) return path.resolve(given);
  const file = path.join(dataDir, 'workflows.js');
  const ignore = () => undefined;
  const { code } = await bundleWorkflowCode({ workflowsPath, logger: { log: ignore, trace: ignore, debug: ignore, info: ignore, warn: ignore, error: (message) => console.error(message) } });
  writeFileSync(file, code);
  return file;
}

function splitAddress(address: string): [string, number] {
  const separator = address.lastIndexOf(':');
  return [address.slice(0, separator).replace(/^\[|\]$/g, ''), Number(address.slice(separator + 1))];
}
