/**
 * The test run's one PostgreSQL server: started by the global setup on a fresh data folder in the
 * temp directory (not durable: its data dies with the run), stopped and deleted by the global
 * teardown. Suites reach it through TEST_DATABASE_URL and each creates a database of its own
 * (test/support/database.ts). A TEST_DATABASE_URL set before the run names a server to use instead.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type PostgresServer, startPostgres } from '../../scripts/postgres';

interface RunningServer {
  server: PostgresServer;
  dataDir: string;
}

// The global setup and teardown run in the same process: the server is handed over here.
const holder = globalThis as { campaignTestPostgres?: RunningServer };

export async function startTestPostgres(): Promise<void> {
  if (process.env.TEST_DATABASE_URL) return;
  const dataDir = mkdtempSync(path.join(tmpdir(), 'campaign-test-postgres-'));
  const lines: string[] = [];
  try {
    const server = await startPostgres({ dataDir, durable: false, ownProcessGroup: false, log: (line) => lines.push(line) });
    holder.campaignTestPostgres = { server, dataDir };
    process.env.TEST_DATABASE_URL = server.url;
  } catch (error) {
    rmSync(dataDir, { recursive: true, force: true });
    console.error(lines.join('\n'));
    throw error;
  }
}

export async function stopTestPostgres(): Promise<void> {
  const running = holder.campaignTestPostgres;
  if (!running) return;
  delete holder.campaignTestPostgres;
  await running.server.stop();
  rmSync(running.dataDir, { recursive: true, force: true });
}
