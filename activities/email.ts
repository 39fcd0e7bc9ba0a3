/** Email through nodemailer: the transport from the environment and the classification of failures. */
import { ApplicationFailure } from '@temporalio/common';
import nodemailer, { type Transporter } from 'nodemailer';
import type { Env } from '../config/env';
import { type DeliveryReceipt, type MessageRequest, permanentDeliveryFailure } from './contracts';
import { renderMessage } from './messages';
import { officialNoticeFor, produceNotice } from './notices';

const docxType = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** The pooled SMTP transport the worker uses; its timeouts stay well under the activity's. */
export function createSmtpTransport(env: Env): Transporter {
  return nodemailer.createTransport({
    host: env.SMTP_HOST,
    port: env.SMTP_PORT,
    secure: env.SMTP_SECURE,
    pool: true,
    maxConnections: env.SMTP_POOL_SIZE,
    auth: env.SMTP_USER ? { user: env.SMTP_USER, pass: env.SMTP_PASSWORD ?? '' } : undefined,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 20_000,
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
  /** Where copies of notices (DOCX) are kept for the record; none kept when absent. */
  noticesDir?: string;
}

export async function sendMessage({ transport, from, noticesDir }: EmailDependencies, request: MessageRequest): Promise<DeliveryReceipt> {
  const rendered = renderMessage(request);
  const messageId = buildMessageId(request.eventKey, from);
  const notice = officialNoticeFor(request, rendered);
  const document = notice ? await produceNotice(notice, request, noticesDir) : undefined;
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
    return {
      messageId,
      accepted: (info.accepted ?? []).map(String),
      rejected: (info.rejected ?? []).map(String),
      ...(document ? { document: { fileName: document.fileName, ...(document.keptAt ? { keptAt: document.keptAt } : {}) } } : {}),
    };
  } catch (error) {
    throw classifySmtpError(error);
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
