/**
 * A Temporal cluster on this machine: PostgreSQL (the embedded server), Temporal's two databases
 * set up by `deploy/temporal/setup-schema.sh` (the steps docker-compose.yml runs), and the server
 * as four processes (frontend, history, matching, worker) with 8 history shards and SQL advanced
 * visibility; then the namespace and the project's search attributes. Used by `npm run cluster`,
 * the cluster suites, the cluster benchmarks and the chaos runs.
 *
 *   const cluster = await startCluster({ projectDir, dataDir: '.data/cluster', frontendPort: 7233 });
 *   cluster.address            // 127.0.0.1:7233
 *   await cluster.service('history').kill(); await cluster.service('history').start();
 *   await cluster.stop();
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import readline from 'node:readline';
import { Client, Connection } from '@temporalio/client';
import { google } from '@temporalio/proto';
import { searchAttributeKeys } from '../contracts/search-attributes';
import { ensureSearchAttributes } from '../workers/search-attributes';
import { type ClusterBinaries, ensureClusterBinaries } from './cluster-binaries';
import { type ClusterPorts, type ClusterService, clusterConfigYaml, clusterServices, portsFrom } from './cluster-config';
import { type ClusterPostgres, startClusterPostgres } from './cluster-postgres';
import { ServiceProcess } from './cluster-services';
import { freePort } from './postgres';
import { waitForPort } from './processes';

export const defaultHistoryShards = 8;

export interface ClusterOptions {
  projectDir: string;
  /** The cluster's folder: PostgreSQL's data, the generated configuration, the role's password. */
  dataDir: string;
  /** The frontend's port, the others laid out from it (cluster-config.ts); default: free ports for all. */
  frontendPort?: number;
  /** Default: a free port. */
  postgresPort?: number;
  historyShards?: number;
  /** false: PostgreSQL without fsync (tests: the data dies with the run). Default true. */
  durable?: boolean;
  namespace?: string;
  logLevel?: 'debug' | 'info' | 'warn' | 'error';
  /** Everything is killed when this process exits (tests and benchmarks). Default false. */
  attachedToParent?: boolean;
  /** Progress lines of the start-up. */
  log?: (line: string) => void;
  /** Each line a server process prints, with its name (postgres, frontend, …). */
  output?: (process: string, line: string) => void;
  binaries?: ClusterBinaries;
}

export interface TemporalCluster {
  /** The frontend, host:port. */
  address: string;
  namespace: string;
  ports: ClusterPorts;
  historyShards: number;
  postgres: ClusterPostgres;
  service(name: ClusterService): ServiceProcess;
  /** Process ids of the moment: the four services and the postmaster. */
  pids(): Partial<Record<ClusterService | 'postgres', number>>;
  /** Settles when a service or PostgreSQL exits without being told to. */
  unexpectedExit: Promise<string>;
  /** Frontend first, PostgreSQL last. */
  stop(): Promise<void>;
}

const stopOrder: ClusterService[] = ['frontend', 'worker', 'matching', 'history'];

export async function startCluster(options: ClusterOptions): Promise<TemporalCluster> {
  const log = options.log ?? (() => undefined);
  const output = options.output ?? (() => undefined);
  const attachedToParent = options.attachedToParent ?? false;
  const binaries = options.binaries ?? (await ensureClusterBinaries({ projectDir: options.projectDir, log }));
  const dataDir = path.resolve(options.dataDir);
  mkdirSync(dataDir, { recursive: true });
  const ports = options.frontendPort === undefined ? await freeLayout() : portsFrom(options.frontendPort);
  await refuseTakenPorts(ports);
  const historyShards = options.historyShards ?? defaultHistoryShards;
  const namespace = options.namespace ?? 'default';

  log(`cluster: PostgreSQL on ${dataDir}/postgres …`);
  const postgres = await startClusterPostgres({ dataDir, port: options.postgresPort ?? (await freePort()), durable: options.durable ?? true, attachedToParent, log: (line) => output('postgres', line) });
  const services = new Map<ClusterService, ServiceProcess>();
  const stop = async () => {
    for (const name of stopOrder) await services.get(name)?.stop();
    await postgres.stop();
  };
  try {
    log('cluster: Temporal schema (deploy/temporal/setup-schema.sh) …');
    await runSchemaScript(options.projectDir, binaries, postgres, (line) => output('schema', line));
    const configDir = path.join(dataDir, 'config');
    mkdirSync(configDir, { recursive: true });
    const baseYaml = readFileSync(binaries.baseConfig, 'utf8');
    const dynamicConfigFile = path.join(options.projectDir, 'deploy', 'temporal', 'dynamicconfig.yaml');
    for (const name of clusterServices) {
      const configFile = path.join(configDir, `${name}.yaml`);
      const yaml = clusterConfigYaml(baseYaml, { ports, postgres: { host: '127.0.0.1', port: postgres.port, ...postgres.role }, historyShards, dynamicConfigFile, logLevel: options.logLevel ?? 'warn' }, name);
      writeFileSync(configFile, yaml, { mode: 0o600 }); // it holds the role's password
      services.set(name, new ServiceProcess({ name, server: binaries.server, configFile, grpcPort: ports[name].grpc, attachedToParent, output: (line) => output(name, line) }));
    }
    log(`cluster: Temporal ${binaries.version}: ${clusterServices.join(', ')} (${historyShards} history shards) …`);
    // History first: it owns the shards the others wait for; then the rest side by side.
    await services.get('history')!.start();
    await Promise.all(['matching', 'frontend', 'worker'].map((name) => services.get(name as ClusterService)!.start()));
    const address = `127.0.0.1:${ports.frontend.grpc}`;
    await prepareNamespace(address, namespace, log);
  } catch (error) {
    await stop();
    throw error;
  }
  const service = (name: ClusterService) => services.get(name)!;
  return {
    address: `127.0.0.1:${ports.frontend.grpc}`,
    namespace,
    ports,
    historyShards,
    postgres,
    service,
    pids: () => ({ ...Object.fromEntries(clusterServices.map((name) => [name, service(name).pid])), postgres: postgres.pid() }),
    unexpectedExit: Promise.race([...clusterServices.map((name) => service(name).unexpectedExit), postgres.unexpectedExit]),
    stop,
  };
}

/**
 * Free ports for every service, none twice. Membership ports lie below 32768: Temporal keeps them
 * in a smallint column (cluster_membership.rpc_port), and the kernel's free ports are above it.
 */
async function freeLayout(): Promise<ClusterPorts> {
  const taken = new Set<number>();
  const next = async (low = false): Promise<number> => {
    for (;;) {
      const port = low ? 10_000 + Math.floor(Math.random() * 22_000) : await freePort();
      if (!taken.has(port) && (await canListen(port))) {
        taken.add(port);
        return port;
      }
    }
  };
  const service = async (http: boolean) => ({ grpc: await next(), membership: await next(true), metrics: await next(), ...(http ? { http: await next() } : {}) });
  return { frontend: await service(true), history: await service(false), matching: await service(false), worker: await service(false) };
}

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

async function refuseTakenPorts(ports: ClusterPorts): Promise<void> {
  for (const name of clusterServices) {
    for (const [kind, port] of Object.entries(ports[name])) {
      const open = await waitForPort('127.0.0.1', port as number, 0).then(() => true, () => false);
      if (open) throw new ClusterStartError(`Port ${String(port)} (the Temporal ${name} service's ${kind} port) is taken: stop what listens there (another npm start or npm run cluster?), or move the cluster with TEMPORAL_ADDRESS.`);
    }
  }
}

export class ClusterStartError extends Error {
  readonly code = 'CLUSTER_START';
}

/** The schema steps docker-compose.yml runs, with the tool and schema built from the same module. */
function runSchemaScript(projectDir: string, binaries: ClusterBinaries, postgres: ClusterPostgres, output: (line: string) => void): Promise<void> {
  const script = path.join(projectDir, 'deploy', 'temporal', 'setup-schema.sh');
  const env = {
    PATH: `${path.dirname(binaries.sqlTool)}:${process.env.PATH ?? '/usr/bin:/bin'}`,
    SCHEMA_DIR: binaries.schemaDir,
    SQL_PLUGIN: 'postgres12',
    SQL_HOST: '127.0.0.1',
    SQL_PORT: String(postgres.port),
    SQL_USER: postgres.role.user,
    SQL_PASSWORD: postgres.role.password,
  };
  return new Promise((resolve, reject) => {
    const child = spawn('sh', [script], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const lines: string[] = [];
    for (const stream of [child.stdout, child.stderr]) {
      readline.createInterface({ input: stream }).on('line', (line) => {
        lines.push(line);
        output(line);
      });
    }
    child.on('error', (error) => reject(new ClusterStartError(`the schema script could not be started: ${error.message}`)));
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new ClusterStartError(`the schema script failed (code ${code}):\n  ${lines.slice(-15).join('\n  ')}`))));
  });
}

/**
 * Waits for the frontend, registers the namespace (3 days of retention, as the images' auto-setup)
 * and the project's search attributes, and waits until a visibility query on them answers: the
 * frontend learns new attributes with its namespace cache, a few seconds later.
 */
async function prepareNamespace(address: string, namespace: string, log: (line: string) => void, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const retry = async <T>(what: string, step: () => Promise<T>): Promise<T> => {
    for (;;) {
      try {
        return await step();
      } catch (error) {
        if (Date.now() > deadline) throw new ClusterStartError(`the cluster did not become ready (${what}): ${(error as Error).message}`);
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    }
  };
  const connection = await retry('frontend', () => Connection.connect({ address, connectTimeout: 2_000 }));
  try {
    await retry('system info', () => connection.workflowService.getSystemInfo({}));
    log(`cluster: namespace "${namespace}" and the search attributes …`);
    await retry('namespace', async () => {
      try {
        await connection.workflowService.registerNamespace({ namespace, workflowExecutionRetentionPeriod: google.protobuf.Duration.fromObject({ seconds: 3 * 24 * 3600 }) });
      } catch (error) {
        if ((error as { code?: number }).code !== alreadyExists) throw error;
      }
      await connection.workflowService.describeNamespace({ namespace });
    });
    await retry('search attributes', () => ensureSearchAttributes(connection, namespace));
    const client = new Client({ connection, namespace });
    const probe = searchAttributeKeys.map((key) => `${key.name} ${key.type === 'KEYWORD' ? '= "probe"' : key.type === 'INT' ? '= 0' : '> "2000-01-01T00:00:00Z"'}`).join(' AND ');
    await retry('visibility query on the search attributes', () => client.workflow.count(probe));
  } finally {
    await connection.close();
  }
}

const alreadyExists = 6;
