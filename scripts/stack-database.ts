/**
 * The store's database for `npm start`: the server DATABASE_URL names, or else the embedded
 * PostgreSQL under DATA_DIR/postgres (database `campaigns`), with the store's schema brought up
 * to date before the worker and the web server start, so a failing migration stops the start-up
 * with its message instead of two processes failing on their own.
 */
import path from 'node:path';
import type { Env } from '../config/env';
import { openStore, redactUrl } from '../store/database';
import { embeddedServerUrl, ensureDatabase, startPostgres } from './postgres';

export interface StackDatabase {
  url: string;
  /** The line of the start-up table: where it is, without the password. */
  description: string;
  /** Settles if the embedded server exits on its own. */
  unexpectedExit: Promise<string>;
  /** Stops the embedded server (nothing for DATABASE_URL's). */
  stop(): Promise<void>;
}

export const storeDatabaseName = 'campaigns';

export async function startStackDatabase(env: Env, dataDir: string, output: (line: string) => void): Promise<StackDatabase> {
  if (env.DATABASE_URL) {
    await migrate(env.DATABASE_URL);
    return { url: env.DATABASE_URL, description: `${redactUrl(env.DATABASE_URL)}  (DATABASE_URL)`, unexpectedExit: new Promise(() => undefined), stop: async () => undefined };
  }
  let stopping = false;
  const server = await startPostgres({
    dataDir: path.join(dataDir, 'postgres'),
    port: env.EMBEDDED_POSTGRES_PORT,
    // As the other processes' lines: prefixed, and quiet while stopping.
    log: (line) => stopping || output(`${'[postgres]'.padEnd(10)}${line}`),
  });
  if (server.initialised) output(`${'[postgres]'.padEnd(10)}initialised a new data folder, ${server.dataDir} (owned by the server's user, mode 0700)`);
  const stop = async () => {
    stopping = true;
    await server.stop();
  };
  try {
    const url = await ensureDatabase(server.url, storeDatabaseName);
    await migrate(url);
    return { url, description: `${redactUrl(url)}  (embedded, data ${server.dataDir})`, unexpectedExit: server.unexpectedExit, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * The store's URL for a command run beside the stack (the CLI): DATABASE_URL, or the embedded
 * server `npm start` runs under DATA_DIR/postgres; undefined when there is neither.
 */
export function localStoreUrl(env: Env, dataDir: string): string | undefined {
  return env.DATABASE_URL ?? embeddedServerUrl(path.join(dataDir, 'postgres'), env.EMBEDDED_POSTGRES_PORT, storeDatabaseName);
}

async function migrate(url: string): Promise<void> {
  const store = await openStore({ url, poolSize: 1 });
  await store.close();
}
