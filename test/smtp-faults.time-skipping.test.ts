/**
 * The mail relay misbehaves: each fault from a loopback SMTP server on raw sockets
 * (test/support/fault-smtp.ts), through the real delivery activity and the obligation workflow
 * on the time-skipping server, so retries and their backoff run as in production.
 * Transient answers are retried and delivered once; permanent ones are tried once, recorded and
 * reported to the administrator; a dropped or late answer is retried, and the copy the relay
 * already had carries the same Message-ID, so the duplicate is recognisable.
 */
import { createCampaignWorker } from '../workers/worker';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { MockActivityEnvironment, TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import nodemailer from 'nodemailer';
import { createActivities } from '../activities';
import type { DeliveryReceipt, MessageRequest } from '../contracts/delivery';
import { smtpTimeouts } from '../activities/email';
import { folderSendLedger } from '../activities/send-ledger';
import { ensureSearchAttributes } from '../workers/search-attributes';
import { obligationWorkflow } from '../workflows';
import { deliveryOptions } from '../workflows/activity-options';
import type { ObligationInstance, ObligationState } from '../contracts/obligation';
import { type DataFault, type FaultSmtpServer, startFaultSmtp } from './support/fault-smtp';
import { testServerPath, workflowBundle } from './support/temporal';

const taskQueue = 'smtp-faults';
const admin = 'admin@example.gov.cn';
let env: TestWorkflowEnvironment;
let relay: FaultSmtpServer;
let worker: Worker;
let workerRun: Promise<void>;

/** The fault for messages to each address, by attempt (1, 2, …); every other message is accepted. */
const faults = new Map<string, (attempt: number) => DataFault>();
const refusedRecipients = new Set<string>();

beforeAll(async () => {
  relay = await startFaultSmtp({
    rcpt: (address) => (refusedRecipients.has(address) ? '550 5.1.1 mailbox unavailable' : undefined),
    data: (message, attempt) => faults.get(message.to[0] ?? '')?.(attempt),
  });
  env = await TestWorkflowEnvironment.createTimeSkipping({ server: { executable: { type: 'existing-path', path: testServerPath() } } });
  await ensureSearchAttributes(env.connection, 'default');
  // The production timeouts, but a short silence limit, so the "late answer" case takes a second, not twenty.
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port: relay.port, secure: false, ignoreTLS: true, ...smtpTimeouts, socketTimeout: 1_000 });
  worker = await createCampaignWorker({
    namespace: 'default',
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: workflowBundle(),
    activities: createActivities({ transport, from: '知识产权保护科 <zscqbhk@example.gov.cn>' }),
  });
  workerRun = worker.run();
});

afterAll(async () => {
  worker?.shutdown();
  await workerRun;
  await env?.teardown();
  await relay?.close();
});

/** One obligation with a single reminder a minute after it starts; it closes two hours later. */
async function runObligation(name: string, emails: string[]): Promise<ObligationState> {
  const now = await env.currentTimeMs();
  const at = (offsetMs: number) => new Date(now + offsetMs).toISOString();
  const instance: ObligationInstance = {
    campaign: { id: 'faults', title: '测试活动方案', issuer: '知识产权保护科' },
    unit: { id: name, name: '滕州市市场监督管理局', emails },
    obligation: { id: 'measures', title: '落实措施' },
    dueAt: at(3_600_000),
    messages: [{ at: at(60_000), kind: 'reminder', key: 'reminder-1', label: '截止前提醒' }],
    closesAt: at(7_200_000),
    recipients: { 'issuer-contacts': [admin] },
  };
  const handle = await env.client.workflow.start(obligationWorkflow, { taskQueue, workflowId: `faults/${name}/measures`, args: [instance] });
  return handle.result();
}

const receivedBy = (address: string) => relay.received.filter((message) => message.to.includes(address));
const events = (state: ObligationState, event: string) => state.history.filter((entry) => entry.event === event);

it('keeps every nodemailer timeout well under the delivery activity’s, so a retry never races a live send', () => {
  const activityTimeoutMs = 2 * 60_000;
  expect(deliveryOptions.startToCloseTimeout).toBe('2 minutes');
  for (const timeout of Object.values(smtpTimeouts)) expect(timeout * 3).toBeLessThanOrEqual(activityTimeoutMs);
});

it.each(['421 4.3.2 service not available, closing channel', '450 4.2.1 mailbox busy', '451 4.3.0 local error', '452 4.3.1 insufficient storage'])(
  'retries a transient "%s" with backoff and delivers once',
  async (reply) => {
    const address = `transient-${reply.slice(0, 3)}@example.gov.cn`;
    faults.set(address, (attempt) => (attempt <= 2 ? { reply } : undefined));
    const state = await runObligation(`transient-${reply.slice(0, 3)}`, [address]);
    expect(receivedBy(address).map((message) => message.answer)).toEqual([reply.slice(0, 3), reply.slice(0, 3), '250']);
    expect(new Set(receivedBy(address).map((message) => message.messageId))).toEqual(new Set(['<faults.transient-' + reply.slice(0, 3) + '.measures.reminder-1@example.gov.cn>']));
    expect(events(state, 'message-sent')).toHaveLength(1);
    expect(events(state, 'message-failed')).toEqual([]);
  },
);

it.each(['550 5.7.1 message refused', '553 5.1.3 bad address syntax', '554 5.7.0 transaction failed'])(
  'tries a permanent "%s" once, records it, tells the administrator, and goes on',
  async (reply) => {
    const name = `permanent-${reply.slice(0, 3)}`;
    const address = `${name}@example.gov.cn`;
    faults.set(address, () => ({ reply }));
    const state = await runObligation(name, [address]);
    expect(receivedBy(address).map((message) => message.answer)).toEqual([reply.slice(0, 3)]);
    expect(events(state, 'message-failed').map((entry) => entry.detail)).toEqual([
      expect.stringMatching(new RegExp(`^截止前提醒（reminder-1）被拒收：SMTP refused the message: .*${reply.slice(0, 3)}`)),
    ]);
    expect(receivedBy(admin).map((message) => message.messageId)).toContain(`<faults.${name}.measures.reminder-1-delivery-failed@example.gov.cn>`);
    expect(state.status).toBe('closed');
  },
);

it('retries when the connection drops after the message was received but before the answer: the relay’s second copy has the same Message-ID', async () => {
  const address = 'dropped@example.gov.cn';
  faults.set(address, (attempt) => (attempt === 1 ? { drop: true } : undefined));
  const state = await runObligation('dropped', [address]);
  const copies = receivedBy(address);
  expect(copies.map((message) => message.answer)).toEqual(['dropped', '250']);
  expect(copies[0]!.messageId).toBe('<faults.dropped.measures.reminder-1@example.gov.cn>');
  expect(copies[1]!.messageId).toBe(copies[0]!.messageId);
  expect(events(state, 'message-sent')).toHaveLength(1);
});

it('gives up on an answer that does not come (nodemailer’s timeout) and retries', async () => {
  const address = 'slow@example.gov.cn';
  faults.set(address, (attempt) => (attempt === 1 ? { delayMs: 3_000 } : undefined));
  const state = await runObligation('slow', [address]);
  expect(receivedBy(address).map((message) => message.answer)).toEqual(['late', '250']);
  expect(events(state, 'message-sent')).toHaveLength(1);
});

it('notices a relay that accepts only some recipients: delivered to the rest, the refused address recorded', async () => {
  refusedRecipients.add('partial-gone@example.gov.cn');
  const state = await runObligation('partial', ['partial-ok@example.gov.cn', 'partial-gone@example.gov.cn']);
  expect(receivedBy('partial-ok@example.gov.cn').map((message) => message.to)).toEqual([['partial-ok@example.gov.cn']]);
  expect(events(state, 'message-sent').map((entry) => entry.detail)).toEqual([
    '截止前提醒（reminder-1）→ partial-ok@example.gov.cn；被拒收：partial-gone@example.gov.cn',
    expect.stringMatching(/^截止前提醒（reminder-1-delivery-failed）→ /),
  ]);
  // The administrator is told which address was refused, as for a message refused as a whole.
  const told = receivedBy(admin).find((message) => message.messageId === '<faults.partial.measures.reminder-1-delivery-failed@example.gov.cn>');
  expect(told).toBeDefined();
  const text = (await simpleParser(told!.raw)).text ?? '';
  expect(text).toContain('部分收件人被拒收：partial-gone@example.gov.cn；已送达：partial-ok@example.gov.cn');
});

describe('the send ledger', () => {
  let folder: string;
  beforeAll(async () => {
    folder = await mkdtemp(path.join(os.tmpdir(), 'send-ledger-'));
  });
  afterAll(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  // The activity context (run ID, attempt) is Temporal's MockActivityEnvironment: an activity run
  // again after a crash is what it stands for; the SMTP server and the ledger's files are real.
  it('does not send again what the relay already accepted when the activity runs again; a new run of the workflow sends', async () => {
    const transport = nodemailer.createTransport({ host: '127.0.0.1', port: relay.port, secure: false, ignoreTLS: true });
    const { deliverMessage } = createActivities({ transport, from: 'zscqbhk@example.gov.cn', ledger: folderSendLedger(folder) });
    const request: MessageRequest = {
      kind: 'reminder',
      eventKey: 'faults/ledger/measures/reminder-1',
      to: ['ledger@example.gov.cn'],
      label: '截止前提醒',
      dueAt: '2022-04-15T09:30:00.000Z',
      campaign: { id: 'faults', title: '测试活动方案' },
      unit: { id: 'ledger', name: '滕州市市场监督管理局' },
      obligation: { id: 'measures', title: '落实措施' },
    };
    const run = (runId: string): Promise<DeliveryReceipt> =>
      new MockActivityEnvironment({ workflowExecution: { workflowId: 'faults/ledger/measures', runId } }).run(deliverMessage, request);
    const first = await run('run-1');
    const again = await run('run-1');
    expect(receivedBy('ledger@example.gov.cn')).toHaveLength(1);
    expect(again).toEqual({ ...first, alreadySent: true });
    await run('run-2');
    expect(receivedBy('ledger@example.gov.cn')).toHaveLength(2);
    transport.close();
  });
});
