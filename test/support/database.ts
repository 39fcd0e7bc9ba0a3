/**
 * A fresh database per suite on the test run's PostgreSQL server (started by the global setup),
 * so suites running side by side never see each other's rows:
 *
 *   const database = await createTestDatabase();   // CREATE DATABASE test_<random>
 *   const store = await openStore({ url: database.url });
 *   …
 *   await store.close();
 *   await database.drop();
 */
import { randomBytes } from 'node:crypto';
import type { Client } from 'pg';
import { withClient } from '../../scripts/cluster-postgres';
import { databaseUrl } from '../../scripts/postgres';
import { openStore, type Store, type StoreOptions } from '../../store/database';

export interface TestDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

export function testServerUrl(): string {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error('TEST_DATABASE_URL is not set: run the tests through jest, whose global setup starts PostgreSQL');
  return url;
}

/** A fresh database on the run's server, or on `serverUrl` (a cluster's PostgreSQL). */
export async function createTestDatabase(serverUrl = testServerUrl()): Promise<TestDatabase> {
  const name = `test_${randomBytes(6).toString('hex')}`;
  await asAdministrator(serverUrl, (client) => client.query(`create database ${name}`));
  return {
    url: databaseUrl(serverUrl, name),
    name,
    // WITH (FORCE): a connection a failed test left open does not keep the database alive.
    drop: () => asAdministrator(serverUrl, (client) => client.query(`drop database if exists ${name} with (force)`)).then(() => undefined),
  };
}

/** As the server's superuser, on its maintenance database. */
const asAdministrator = <T>(serverUrl: string, run: (client: Client) => Promise<T>): Promise<T> => withClient(serverUrl, run);

export interface TestStores {
  /** One store per "process" (each with its own connection pool), all on one fresh database. */
  stores: Store[];
  database: TestDatabase;
  close(): Promise<void>;
}

/** `count` stores on a fresh database, as `count` workers or web servers would open it. */
export async function openTestStores(count: number, options: Partial<StoreOptions> = {}): Promise<TestStores> {
  const database = await createTestDatabase();
  const stores: Store[] = [];
  // One after the other: concurrent first opens are a test of their own (store-migrations).
  for (let index = 0; index < count; index += 1) stores.push(await openStore({ poolSize: 4, ...options, url: database.url }));
  return {
    stores,
    database,
    async close() {
      await Promise.all(stores.map((store) => store.close()));
      await database.drop();
    },
  };
}

/** Polls `condition` every 25 ms until it holds; fails after `timeoutMs`. */
export async function eventually<T>(read: () => Promise<T>, condition: (value: T) => boolean, timeoutMs = 5_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (condition(value)) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms; last value: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/**
 * At a suite's top: before its tests, opens `count` stores on a fresh database and hands them to
 * `receive`; after them, closes the stores and drops the database.
 */
export function useTestStores(count: number, receive: (stores: Store[]) => void, options: Partial<StoreOptions> = {}): void {
  let opened: TestStores | undefined;
  beforeAll(async () => {
    opened = await openTestStores(count, options);
    receive(opened.stores);
  });
  afterAll(() => opened?.close());
}
