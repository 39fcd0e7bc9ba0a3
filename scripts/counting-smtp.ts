/**
 * An SMTP server on loopback that only counts, for the long runs: the arrival time of every copy
 * it receives, by Message-ID, as the mailboxes of all units at once would see them.
 */
import { randomUUID } from 'node:crypto';
import { SMTPServer } from 'smtp-server';

export interface Counter {
  port: number;
  /** Arrival time (ms) of every copy received, by Message-ID. */
  copies: Map<string, number[]>;
  close(): Promise<void>;
}

/** An SMTP server on loopback that only counts: the mailbox of every unit at once. */
export async function startCounter(): Promise<Counter> {
  const copies = new Map<string, number[]>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      let head = '';
      stream.on('data', (chunk: Buffer) => {
        if (head.length < 4096) head += chunk.toString('utf8');
      });
      stream.on('end', () => {
        const messageId = /^message-id:\s*(\S+)/im.exec(head)?.[1] ?? `unknown-${randomUUID()}`;
        copies.set(messageId, [...(copies.get(messageId) ?? []), Date.now()]);
        callback();
      });
    },
  });
  // A client killed mid-message resets its connection: expected here, not a reason to stop.
  server.on('error', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as { port: number }).port;
  return { port, copies, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
