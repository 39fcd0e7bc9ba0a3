/**
 * The cluster's PostgreSQL: the embedded server of `scripts/postgres.ts` on a data folder of the
 * cluster's, prepared once for Temporal (connections for four services and the application's
 * processes, `pg_stat_statements` to say where the time goes), with the role `temporal` that
 * owns Temporal's databases and the store, as the `postgres:16` image's POSTGRES_USER does in
 * docker-compose.yml. It can be restarted (fast shutdown) on the same data and port.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import { databaseUrl, type PostgresServer, startPostgres } from './postgres';

export const temporalRole = 'temporal';

export interface ClusterPostgresOptions {
  /** The cluster's folder: PostgreSQL's data goes to `postgres/`, the role's password beside it. */
  dataDir: string;
  port: number;
  durable: boolean;
  /** Stop with the parent process (tests) instead of surviving a Ctrl-C meant for the parent. */
  attachedToParent: boolean;
  log: (line: string) => void;
}

export interface ClusterPostgres {
  port: number;
  /** The superuser's URL of the maintenance database (statistics, test databases). */
  superuserUrl: string;
  /** The role `temporal`: user and password for Temporal's configuration and the schema tool. */
  role: { user: string; password: string };
  /** postgres://temporal:…@127.0.0.1:port/<database> */
  urlOf(database: string): string;
  /** The postmaster's process id, read from its pid file. */
  pid(): number | undefined;
  dataDir: string;
  /** Settles if the server of the moment exits on its own. */
  readonly unexpectedExit: Promise<string>;
  /** Fast shutdown (SIGINT: clients disconnected, a checkpoint written), `downtimeMs` without a server, then a start on the same data and port. */
  restart(downtimeMs?: number): Promise<void>;
  stop(): Promise<void>;
}

/** Four Temporal services (up to 30 connections each), two workers and two web servers (10 each), psql, the tests. */
const settings = { max_connections: '300', shared_preload_libraries: 'pg_stat_statements' };

export async function startClusterPostgres(options: ClusterPostgresOptions): Promise<ClusterPostgres> {
  const pgData = path.join(options.dataDir, 'postgres');
  const start = () => startPostgres({ dataDir: pgData, port: options.port, durable: options.durable, ownProcessGroup: !options.attachedToParent, log: options.log });
  let server: PostgresServer = await start();
  let password: string;
  try {
    if (!(await isPrepared(server.url))) {
      // ALTER SYSTEM writes postgresql.auto.conf in the data folder: later starts keep it.
      await withClient(server.url, async (client) => {
        for (const [name, value] of Object.entries(settings)) await client.query(`alter system set ${name} = '${value}'`);
      });
      await server.stop();
      server = await start();
      await withClient(server.url, (client) => client.query('create extension if not exists pg_stat_statements'));
    }
    password = await ensureRole(server.url, path.join(options.dataDir, 'temporal-role-password'));
  } catch (error) {
    await server.stop();
    throw error;
  }
  return {
    port: options.port,
    superuserUrl: server.url,
    role: { user: temporalRole, password },
    urlOf: (database) => {
      const url = new URL(databaseUrl(server.url, database));
      url.username = temporalRole;
      url.password = encodeURIComponent(password);
      return url.toString();
    },
    pid: () => postmasterPid(pgData),
    dataDir: pgData,
    // The server of the moment: a restart's stop is ours, never reported.
    get unexpectedExit() {
      return server.unexpectedExit;
    },
    async restart(downtimeMs = 0) {
      await server.stop();
      await new Promise((resolve) => setTimeout(resolve, downtimeMs));
      server = await start();
    },
    stop: () => server.stop(),
  };
}

async function isPrepared(url: string): Promise<boolean> {
  return withClient(url, async (client) => {
    const { rows } = await client.query<{ shared_preload_libraries: string }>('show shared_preload_libraries');
    return rows[0]?.shared_preload_libraries.includes('pg_stat_statements') ?? false;
  });
}

/** The role `temporal` (may create databases), with a password generated once and kept beside the data (mode 0600). */
async function ensureRole(superuserUrl: string, passwordFile: string): Promise<string> {
  if (!existsSync(passwordFile)) writeFileSync(passwordFile, `${randomBytes(18).toString('base64url')}\n`, { mode: 0o600 });
  const password = readFileSync(passwordFile, 'utf8').trim();
  await withClient(superuserUrl, async (client) => {
    const found = await client.query('select 1 from pg_roles where rolname = $1', [temporalRole]);
    const verb = found.rowCount === 0 ? 'create' : 'alter';
    await client.query(`${verb} role ${temporalRole} with login createdb password ${client.escapeLiteral(password)}`);
    // The statistics of every database, for the benchmarks' "where the time goes".
    await client.query(`grant pg_read_all_stats to ${temporalRole}`);
  });
  return password;
}

function postmasterPid(pgData: string): number | undefined {
  try {
    const pid = Number(readFileSync(path.join(pgData, 'postmaster.pid'), 'utf8').split('\n')[0]);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

export async function withClient<T>(url: string, use: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}
