/** `npm run worker`: the campaign worker against the Temporal server and SMTP relay of the environment. */
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { createActivities } from '../activities';
import { createSmtpTransport } from '../activities/email';
import { loadEnv } from '../config/env';
import { openStore, storeOptionsFrom } from '../store/database';
import { runMain } from '../scripts/main';
import { loadLinkSettings, requireLinkSecret } from '../app/settings';
import { unitLinkMaker } from '../app/unit-links';
import { ensureSearchAttributes } from './search-attributes';
import { createCampaignWorker } from './worker';

runMain(async () => {
  const env = loadEnv();
  // Outside development a missing or weak secret stops the worker, as it stops the web server.
  const links = requireLinkSecret(loadLinkSettings());
  if (!links.secret) console.warn('worker: LINK_SECRET is not set (NODE_ENV=development): emails carry no link to the units\' page');
  // The send ledger and the notices live in the store every worker and web server shares.
  const store = await openStore(storeOptionsFrom(env));
  const transport = createSmtpTransport(env);
  const connection = await NativeConnection.connect({ address: env.TEMPORAL_ADDRESS });
  // The launch activity starts obligation workflows through an ordinary client.
  const clientConnection = await Connection.connect({ address: env.TEMPORAL_ADDRESS });
  const client = new Client({ connection: clientConnection, namespace: env.TEMPORAL_NAMESPACE });
  try {
    const registered = await ensureSearchAttributes(connection, env.TEMPORAL_NAMESPACE);
    if (registered.length > 0) console.log(`worker: registered search attributes ${registered.join(', ')}`);
    const worker = await createCampaignWorker({
      connection,
      namespace: env.TEMPORAL_NAMESPACE,
      taskQueue: env.TEMPORAL_TASK_QUEUE,
      ...(env.WORKFLOW_BUNDLE ? { workflowBundle: { codePath: path.resolve(env.WORKFLOW_BUNDLE) } } : {}),
      tuning: {
        maxCachedWorkflows: env.WORKER_MAX_CACHED_WORKFLOWS,
        maxConcurrentWorkflowTaskExecutions: env.WORKER_MAX_CONCURRENT_WORKFLOW_TASKS,
        maxConcurrentWorkflowTaskPolls: env.WORKER_MAX_WORKFLOW_TASK_POLLS,
        maxConcurrentActivityTaskExecutions: env.WORKER_MAX_CONCURRENT_ACTIVITIES,
      },
      activities: createActivities({
        transport,
        from: env.MAIL_FROM,
        client,
        notices: store.notices,
        ...(links.secret ? { unitLink: unitLinkMaker({ ...links, secret: links.secret }) } : {}),
        ...(env.SEND_LEDGER ? { ledger: store.sendLedger } : {}),
      }),
    });
    console.log(`worker: polling task queue "${env.TEMPORAL_TASK_QUEUE}" on ${env.TEMPORAL_ADDRESS}`);
    // Worker.run() returns after SIGINT/SIGTERM once in-flight tasks are done.
    await worker.run();
  } finally {
    transport.close();
    await store.close();
    await clientConnection.close();
    await connection.close();
  }
});
