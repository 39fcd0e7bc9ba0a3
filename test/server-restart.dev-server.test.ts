/**
 * The Temporal server restarted while reminders fall due (the short version of
 * `npm run chaos -- --scenario server-restart`): the dev server on its SQLite file is stopped
 * shortly before 30 reminders fall due and started again on the same file after a few seconds.
 * Every reminder arrives once, late by about the downtime, none before the server came back.
 */
import { createCampaignWorker } from '../workers/worker';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import nodemailer from 'nodemailer';
import { createActivities } from '../activities';
import { type DevServer, devServer } from '../scripts/dev-server';
import { startOneReminderObligation } from '../scripts/synthetic-obligation';
import { type MailCatcher, startMailCatcher } from './support/mail-catcher';
import { workflowBundle } from './support/temporal';

const projectDir = path.resolve(__dirname, '..');
const folder = mkdtempSync(path.join(os.tmpdir(), 'server-restart-'));
const taskQueue = 'server-restart';
const count = 30;
const downtimeMs = 6_000;
let server: DevServer;
let mail: MailCatcher;

beforeAll(async () => {
  mail = await startMailCatcher();
  server = devServer(projectDir, folder);
  await server.start();
});

afterAll(async () => {
  await server?.stop();
  await mail?.close();
  rmSync(folder, { recursive: true, force: true });
});

it('fires every timer that fell due while the server was down, once, after it came back on its SQLite file', async () => {
  const connection = await NativeConnection.connect({ address: server.address });
  const clientConnection = await Connection.connect({ address: server.address });
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port: mail.port, secure: false, ignoreTLS: true, pool: true });
  const worker = await createCampaignWorker({ connection, namespace: 'default', taskQueue, workflowBundle: workflowBundle(), activities: createActivities({ transport, from: 'zscqbhk@zaozhuang.example.gov.cn' }) });
  const running = worker.run();
  try {
    const client = new Client({ connection: clientConnection });
    const dueAtMs = Date.now() + 8_000;
    const units = Array.from({ length: count }, (_, index) => `unit-${index}`);
    await Promise.all(units.map((unit) => client.workflow.start('obligationWorkflow', startOneReminderObligation(taskQueue, 'restart', unit, dueAtMs))));

    await new Promise((resolve) => setTimeout(resolve, dueAtMs - 2_000 - Date.now()));
    await server.stop();
    await new Promise((resolve) => setTimeout(resolve, downtimeMs));
    const backAt = Date.now();
    await server.start();

    for (const unit of units) await mail.waitForMails(`${unit}@example.gov.cn`, 1, 90_000);
    const reminders = mail.mails.filter((message) => message.subject.startsWith('【提醒】'));
    expect(reminders).toHaveLength(count);
    expect(new Set(reminders.map((message) => message.messageId)).size).toBe(count);
    // None was sent while the server was down: each arrived after it came back.
    for (const message of reminders) expect(message.receivedAt).toBeGreaterThanOrEqual(backAt);
    for (const unit of units) expect(mail.mailsTo(`${unit}@example.gov.cn`).map((message) => message.subject)).toEqual([expect.stringMatching(new RegExp(`^【提醒】落实情况将于.+截止（单位${unit}）$`))]);
  } finally {
    worker.shutdown();
    await running;
    transport.close();
    await clientConnection.close();
    await connection.close();
  }
}, 180_000);
