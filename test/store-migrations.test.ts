/**
 * The store's schema is brought up to date by openStore: once per migration, however often and
 * by however many processes at once it is opened.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { Kysely, PostgresDialect, sql } from 'kysely';
import { Pool } from 'pg';
import { loadEnv } from '../config/env';
import { type Database, migrateToLatest, openStore, storeOptionsFrom } from '../store/database';
import { migrations } from '../store/migrations';
import { createTestDatabase, type TestDatabase } from './support/database';

const migrationNames = Object.keys(migrations);
const tables = ['accounts', 'attachments', 'blobs', 'campaign_directory_pins', 'definition_version_uses', 'definition_versions', 'directory_versions', 'drafts', 'notices', 'send_ledger', 'sessions', 'sign_in_failures'];

let database: TestDatabase;
beforeEach(async () => (database = await createTestDatabase()));
afterEach(() => database.drop());

async function withDatabase<T>(run: (db: Kysely<Database>) => Promise<T>): Promise<T> {
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: new Pool({ connectionString: database.url, max: 2 }) }) });
  try {
    return await run(db);
  } finally {
    await db.destroy();
  }
}

const appliedMigrations = () =>
  withDatabase(async (db) => (await sql<{ name: string }>`select name from kysely_migration order by name`.execute(db)).rows.map((row) => row.name));

const storeTables = () =>
  withDatabase(async (db) =>
    (await sql<{ table_name: string }>`select table_name from information_schema.tables where table_schema = 'public' and table_name not like 'kysely%' order by table_name`.execute(db)).rows.map((row) => row.table_name),
  );

function openInAnotherProcess(url: string): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, [require.resolve('tsx/cli'), path.join(__dirname, 'support', 'open-store-process.ts'), url], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, output })));
}

describe('the store’s migrations', () => {
  it('create every table on the first open, and apply nothing the second time', async () => {
    expect(await withDatabase(migrateToLatest)).toEqual(migrationNames);
    expect(await storeTables()).toEqual(tables);
    expect(await withDatabase(migrateToLatest)).toEqual([]);
    const store = await openStore({ url: database.url, poolSize: 2 });
    await store.close();
    expect(await appliedMigrations()).toEqual(migrationNames);
  });

  it('run once when two stores of one process open a new database at the same moment', async () => {
    const opened = await Promise.all([openStore({ url: database.url, poolSize: 2 }), openStore({ url: database.url, poolSize: 2 })]);
    await Promise.all(opened.map((store) => store.close()));
    expect(await appliedMigrations()).toEqual(migrationNames);
    expect(await storeTables()).toEqual(tables);
  });

  it('run once when two processes start on a new database at the same moment', async () => {
    const results = await Promise.all([openInAnotherProcess(database.url), openInAnotherProcess(database.url)]);
    expect(results).toEqual([
      { code: 0, output: '' },
      { code: 0, output: '' },
    ]);
    expect(await appliedMigrations()).toEqual(migrationNames);
    expect(await storeTables()).toEqual(tables);
  });

  it('keep the store from opening, naming the database without its password, when it cannot be used', async () => {
    const missing = new URL(database.url);
    missing.pathname = '/no_such_database';
    const failure = openStore({ url: missing.toString() });
    await expect(failure).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE', message: expect.stringContaining('database "no_such_database" does not exist') });
    await expect(failure).rejects.toThrow(`store: cannot use the database postgres://postgres:***@${missing.host}/no_such_database: `);
  });

  it('open with the settings of the environment, and not without DATABASE_URL', async () => {
    const options = storeOptionsFrom(loadEnv({ DATABASE_URL: database.url, DATABASE_POOL_SIZE: '3', UNIT_UPLOAD_QUOTA_MB: '150' }));
    expect(options).toEqual({ url: database.url, poolSize: 3, unitUploadQuotaBytes: 150 * 1024 * 1024 });
    const store = await openStore(options);
    await store.close();
    expect(() => storeOptionsFrom(loadEnv({}))).toThrow(expect.objectContaining({ code: 'STORE_NOT_CONFIGURED' }));
  });
});
