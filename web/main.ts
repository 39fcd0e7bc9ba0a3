/** `npm run web`: the people's pages and JSON API against the Temporal server of the environment. */
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { loadEnv } from '../config/env';
import { openStore, storeOptionsFrom } from '../store/database';
import { startMaintenance } from '../store/maintenance';
import { runMain } from '../scripts/main';
import { loadWebEnv } from '../app/settings';
import { buildWebServer } from './server';

const projectDir = path.resolve(__dirname, '..');

runMain(async () => {
  const env = loadEnv();
  const web = loadWebEnv();
  if (web.accounts.length === 0) console.warn('web: WEB_ACCOUNTS has no accounts: only accounts already in the store can log in (units still reach their pages by link)');
  const store = await openStore(storeOptionsFrom(env));
  // Uploads never handed in are deleted after ORPHAN_UPLOAD_HOURS; expired sessions and old throttle rows go too.
  const maintenance = startMaintenance(store, { orphanUploadAgeMs: env.ORPHAN_UPLOAD_HOURS * 3600_000 });
  const connection = await Connection.connect({ address: env.TEMPORAL_ADDRESS });
  const app = await buildWebServer({
    client: new Client({ connection, namespace: env.TEMPORAL_NAMESPACE }),
    store,
    env: web,
    dataDir: path.resolve(projectDir, env.DATA_DIR),
    configDir: path.join(projectDir, 'config'),
    taskQueue: env.TEMPORAL_TASK_QUEUE,
  });
  try {
    await app.listen({ host: web.WEB_HOST, port: web.WEB_PORT });
    console.log(`web: pages at ${web.WEB_BASE_URL} (API document ${web.WEB_BASE_URL}/api/openapi.json)`);
    await new Promise<void>((resolve) => {
      for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => resolve());
    });
  } finally {
    await app.close();
    await maintenance.stop();
    await store.close();
    await connection.close();
  }
});
