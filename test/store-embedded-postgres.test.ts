/**
 * The embedded PostgreSQL of `npm start` (scripts/postgres.ts): a private data folder owned by an
 * unprivileged user, kept across restarts, and clear messages when it cannot start. Each test
 * starts servers of its own on data folders in the temp directory.
 */
import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { databaseUrl, ensureDatabase, type PostgresServer, startPostgres } from '../scripts/postgres';
import { blockingFolder, ensurePostgresBinaries, serverUser } from '../scripts/postgres-binaries';

let folder: string;
const running: PostgresServer[] = [];
beforeEach(() => {
  folder = mkdtempSync(path.join(tmpdir(), 'embedded-postgres-test-'));
  chmodSync(folder, 0o755); // mkdtemp's 0700 would keep the server's user out
});
afterEach(async () => {
  await Promise.all(running.splice(0).map((server) => server.stop()));
  rmSync(folder, { recursive: true, force: true });
});

async function start(dataDir: string, port?: number): Promise<PostgresServer> {
  const server = await startPostgres({ dataDir, port, durable: false, ownProcessGroup: false });
  running.push(server);
  return server;
}

async function query<T>(url: string, text: string): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text)).rows as T[];
  } finally {
    await client.end();
  }
}

describe('the embedded PostgreSQL server', () => {
  it('initialises a private data folder owned by its unprivileged user, and keeps the data across a restart', async () => {
    const dataDir = path.join(folder, 'postgres');
    const first = await start(dataDir);
    expect(first.initialised).toBe(true);
    const stats = statSync(dataDir);
    expect(stats.mode & 0o777).toBe(0o700);
    expect(stats.uid).toBe(serverUser().uid);
    if (process.getuid?.() === 0) expect(stats.uid).not.toBe(0);
    expect(first.url).toMatch(/^postgres:\/\/postgres:[A-Za-z0-9_-]+@127\.0\.0\.1:\d+\/postgres$/);

    const campaigns = await ensureDatabase(first.url, 'campaigns');
    expect(campaigns).toBe(databaseUrl(first.url, 'campaigns'));
    await query(campaigns, "create table kept (note text); insert into kept values ('滕州市')");
    await first.stop();
    await first.stop(); // a second stop is harmless

    const second = await start(dataDir);
    expect(second.initialised).toBe(false);
    expect(second.url).toBe(first.url.replace(`:${first.port}/`, `:${second.port}/`));
    expect(await query(await ensureDatabase(second.url, 'campaigns'), 'select note from kept')).toEqual([{ note: '滕州市' }]);
  });

  it('says so when another server already runs on the data folder, or holds the port', async () => {
    const first = await start(path.join(folder, 'one'));
    await expect(start(path.join(folder, 'one'))).rejects.toMatchObject({ code: 'POSTGRES_SETUP', message: expect.stringContaining('Another PostgreSQL is already running on') });
    await expect(start(path.join(folder, 'two'), first.port)).rejects.toMatchObject({ code: 'POSTGRES_SETUP', message: expect.stringContaining(`Port ${first.port} is taken`) });
  });

  it('refuses a folder that holds something other than its data', async () => {
    const dataDir = path.join(folder, 'not-empty');
    mkdirSync(path.join(dataDir, 'something'), { recursive: true });
    await expect(start(dataDir)).rejects.toThrow(`${dataDir} is neither empty nor a PostgreSQL data folder; move it away.`);
  });

  it('names the folder its user cannot enter, and the ways out', async () => {
    const privateFolder = path.join(folder, 'private');
    mkdirSync(privateFolder, { mode: 0o700 });
    chmodSync(privateFolder, 0o700);
    // Under root the server runs as another user, whom a 0700 folder of root's keeps out.
    const expected = process.getuid?.() === 0 ? `cannot enter ${privateFolder}, so it cannot use ${privateFolder}/data. Move the project, \`chmod o+x ${privateFolder}\`, or set DATABASE_URL.` : undefined;
    if (expected) await expect(start(path.join(privateFolder, 'data'))).rejects.toThrow(expected);
    else expect((await start(path.join(privateFolder, 'data'))).initialised).toBe(true);
  });

  it('finds the folder that keeps the server’s user out (a clone in mktemp -d), and binaries that user can run', () => {
    const user = { name: 'nobody', uid: 65534, gid: 65534 };
    const privateFolder = path.join(folder, 'private');
    mkdirSync(path.join(privateFolder, 'project'), { recursive: true });
    chmodSync(privateFolder, 0o700);
    expect(blockingFolder(path.join(privateFolder, 'project', '.data', 'postgres'), user)).toBe(privateFolder);
    chmodSync(privateFolder, 0o711);
    expect(blockingFolder(path.join(privateFolder, 'project', '.data', 'postgres'), user)).toBeUndefined();
    const binaries = ensurePostgresBinaries(user);
    expect(blockingFolder(path.join(binaries.binDir, 'postgres'), user, 0o5)).toBeUndefined();
    expect(binaries.version).toMatch(/^16\.\d+\.\d+/);
  });
});
