/**
 * A real SMTP server on loopback (smtp-server) that parses what arrives (mailparser), so tests
 * assert on the message a person would read. Addresses in `rejectRecipients` are refused at
 * RCPT TO with 550, as a real relay refuses an unknown mailbox.
 */
import type { AddressInfo } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface CaughtMail {
  /** Every recipient of the envelope (To and Cc). */
  to: string[];
  /** The Cc header's addresses. */
  cc: string[];
  from: string;
  subject: string;
  text: string;
  html: string;
  messageId: string;
  attachments: { filename: string; contentType: string; content: Buffer }[];
  receivedAt: number;
}

export interface MailCatcher {
  port: number;
  mails: CaughtMail[];
  /** RCPT TO attempts per address, accepted or not. */
  recipientAttempts: Map<string, number>;
  /** Messages whose sender went away before the server accepted them (with `acceptDelayMs`). */
  dropped(): number;
  /** Messages received whose answer is being held now (with `acceptDelayMs`). */
  holding(): number;
  mailsTo(address: string): CaughtMail[];
  /** Waits until `count` messages to `address` have arrived (bounded poll). */
  waitForMails(address: string, count: number, timeoutMs?: number): Promise<CaughtMail[]>;
  close(): Promise<void>;
}

/**
 * `acceptDelayMs`: the server holds its 250 that long after the message's data; a sender that
 * disconnects meanwhile (a worker killed) never had it accepted, and it is not caught, as a real
 * relay drops a transaction its client abandoned. `dropped` counts those.
 */
export async function startMailCatcher(options: { rejectRecipients?: string[]; acceptDelayMs?: number } = {}): Promise<MailCatcher> {
  const mails: CaughtMail[] = [];
  const closedSessions = new Set<string>();
  let dropped = 0;
  let holding = 0;
  const recipientAttempts = new Map<string, number>();
  const rejected = new Set(options.rejectRecipients ?? []);
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(address, _session, callback) {
      recipientAttempts.set(address.address, (recipientAttempts.get(address.address) ?? 0) + 1);
      if (rejected.has(address.address)) {
        callback(Object.assign(new Error('5.1.1 mailbox unavailable'), { responseCode: 550 }));
      } else {
        callback();
      }
    },
    onClose(session) {
      closedSessions.add(session.id);
    },
    onData(stream, session, callback) {
      simpleParser(stream)
        .then(async (parsed: ParsedMail) => {
          if (options.acceptDelayMs) {
            holding += 1;
            await new Promise((resolve) => setTimeout(resolve, options.acceptDelayMs));
            holding -= 1;
          }
          if (closedSessions.has(session.id)) {
            dropped += 1;
            return callback(new Error('the client went away before the message was accepted'));
          }
          mails.push({
            to: session.envelope.rcptTo.map((recipient) => recipient.address),
            cc: [parsed.cc ?? []].flat().flatMap((list) => list.value.map((address) => address.address ?? '')),
            from: typeof session.envelope.mailFrom === 'object' ? session.envelope.mailFrom.address : '',
            subject: parsed.subject ?? '',
            text: parsed.text ?? '',
            html: typeof parsed.html === 'string' ? parsed.html : '',
            messageId: parsed.messageId ?? '',
            attachments: parsed.attachments.map((attachment) => ({ filename: attachment.filename ?? '', contentType: attachment.contentType, content: attachment.content })),
            receivedAt: Date.now(),
          });
          callback();
        })
        .catch(callback);
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;

  const mailsTo = (address: string) => mails.filter((mail) => mail.to.includes(address));
  return {
    port,
    mails,
    recipientAttempts,
    dropped: () => dropped,
    holding: () => holding,
    mailsTo,
    async waitForMails(address, count, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      while (mailsTo(address).length < count) {
        if (Date.now() > deadline) {
          throw new Error(`expected ${count} message(s) to ${address}, got ${mailsTo(address).length} after ${timeoutMs} ms`);
        }
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      return mailsTo(address);
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
