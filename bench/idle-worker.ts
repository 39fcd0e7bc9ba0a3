/**
 * The worker of the idle benchmark, in a process of its own so that its memory and CPU are
 * measured alone: `tsx bench/idle-worker.ts ADDRESS TASK_QUEUE CACHE_SIZE BUNDLE SMTP_PORT`.
 * Prints "ready" once it polls.
 */
import { NativeConnection } from '@temporalio/worker';
import nodemailer from 'nodemailer';
import { createActivities } from '../activities';
import { createCampaignWorker } from '../workers/worker';

async function main(): Promise<void> {
  const [address, taskQueue, cacheSize, bundle, smtpPort] = process.argv.slice(2);
  const connection = await NativeConnection.connect({ address: address! });
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port: Number(smtpPort), secure: false, ignoreTLS: true, pool: true });
  const worker = await createCampaignWorker({
    connection,
    namespace: 'default',
    taskQueue: taskQueue!,
    workflowBundle: { codePath: bundle! },
    tuning: { maxCachedWorkflows: Number(cacheSize) },
    activities: createActivities({ transport, from: 'bench@example.gov.cn' }),
  });
  console.log('ready');
  await worker.run();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
