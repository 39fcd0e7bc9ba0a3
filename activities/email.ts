/** Email through nodemailer: the transport from the environment and the classification of failures. */
import os from 'node:os';
import { activityInfo } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import nodemailer, { type Transporter } from 'nodemailer';
import type { Env } from '../config/env';
import { type DeliveryReceipt, type MessageRequest, permanentDeliveryFailure } from '../contracts/delivery';
import { renderMessage } from './messages';
import { type NoticeKeeper, officialNoticeFor, produceNotice } from './notices';
import type { SendLedger } from './send-ledger';

const docxType = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** nodemailer's timeouts (ms): each well under the delivery activity's start-to-close timeout. */
export const smtpTimeouts = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000 } as const;

/** The pooled SMTP transport the worker uses. */
export function createSmtpTransport(env: Env): Transporter {
  return nodemailer.createTransport({
    host: env.SMTP_HOST,
    port: env.SMTP_PORT,
    secure: env.SMTP_SECURE,
    pool: true,
    maxConnections: env.SMTP_POOL_SIZE,
    auth: env.SMTP_USER ? { user: env.SMTP_USER, pass: env.SMTP_PASSWORD ?? '' } : undefined,
    ...smtpTimeouts,
  });
}

/** Message-ID for one event of one obligation instance: `<campaign.unit.obligation.event@domain>`. */
export function buildMessageId(eventKey: string, from: string): string {
  const domain = /@([A-Za-z0-9.-]+)>?\s*$/.exec(from)?.[1] ?? 'campaigns.localhost';
  const localPart = eventKey
    .split('/')
    .map((part) => part.replace(/[^A-Za-z0-9_-]+/g, '-'))
    .join('.');
  return `<${localPart}@${domain}>`;
}

export interface EmailDependencies {
  transport: Transporter;
  from: string;
  /** Where copies of the notices (DOCX) are kept for the record (the store, or a folder); none kept when absent. */
  notices?: NoticeKeeper;
  /** What the relay already accepted: a send run again after a crash, or on another worker, is not sent twice. */
  ledger?: SendLedger;
}

/**
 * How long a claim on a send holds: longer than the delivery activity's start-to-close timeout
 * (2 minutes), so that an attempt still alive is never raced, and short enough that a retry
 * after a worker's death sends within minutes.
 */
const sendLeaseMs = 150_000;

/** This attempt of the delivery activity, as the ledger names the owner of a claim. */
function attemptOwner(sendKey: string): string {
  try {
    const info = activityInfo();
    return `${os.hostname()}:${process.pid}:${info.activityId}#${info.attempt}`;
  } catch {
    return `${os.hostname()}:${process.pid}:${sendKey}`; // called outside an activity (tools, tests)
  }
}

/**
 * Sends one message. `sendKey` identifies this send in the ledger: the event key within one
 * workflow run, so a campaign launched again (a new run) sends again.
 */
export async function sendMessage({ transport, from, notices, ledger }: EmailDependencies, request: MessageRequest, sendKey = request.eventKey): Promise<DeliveryReceipt> {
  const owner = attemptOwner(sendKey);
  const claim = await ledger?.claim(sendKey, owner, sendLeaseMs);
  if (claim?.state === 'sent') return { ...claim.receipt, alreadySent: true };
  // Another worker is sending it now (or died doing so): Temporal retries this attempt later.
  if (claim?.state === 'busy') throw new Error(`send ${sendKey} is claimed by ${claim.owner} until ${claim.until.toISOString()}`);
  const rendered = renderMessage(request);
  const messageId = buildMessageId(request.eventKey, from);
  const notice = officialNoticeFor(request, rendered);
  const document = notice ? await produceNotice(notice, request, notices) : undefined;
  let receipt: DeliveryReceipt;
  try {
    const info = await transport.sendMail({
      from,
      to: request.to,
      cc: request.cc,
      subject: rendered.subject,
      text: rendered.text,
      html: rendered.html,
      messageId,
      ...(document ? { attachments: [{ filename: document.fileName, content: document.content, contentType: docxType }] } : {}),
    });
    receipt = {
      messageId,
      accepted: (info.accepted ?? []).map(String),
      rejected: (info.rejected ?? []).map(String),
      ...(document ? { document: { fileName: document.fileName } } : {}),
    };
  } catch (error) {
    await ledger?.release(sendKey, owner).catch(() => undefined);
    throw classifySmtpError(error);
  }
  await recordSent(ledger, sendKey, receipt, owner);
  return receipt;
}

/** The relay has the message: a failing ledger must not turn that into a retry (a certain duplicate). */
async function recordSent(ledger: SendLedger | undefined, sendKey: string, receipt: DeliveryReceipt, owner: string): Promise<void> {
  try {
    await ledger?.recordSent(sendKey, receipt, owner);
  } catch (error) {
    console.warn(`send ledger: could not record ${sendKey}: ${(error as Error).message}`);
  }
}

/**
 * The one place that decides retry: 5xx answers and envelope errors (bad addresses) cannot be
 * fixed by retrying; everything else (4xx, timeouts, refused connections) is retried by
 * Temporal's policy with backoff.
 */
export function classifySmtpError(error: unknown): unknown {
  const smtpError = error as { code?: string; responseCode?: number; message?: string };
  const isPermanent =
    (typeof smtpError.responseCode === 'number' && smtpError.responseCode >= 500) || smtpError.code === 'EENVELOPE';
  if (!isPermanent) return error;
  return ApplicationFailure.nonRetryable(
    `SMTP refused the message: ${smtpError.message ?? String(error)}`,
    permanentDeliveryFailure,
    { code: smtpError.code, responseCode: smtpError.responseCode },
  );
}
