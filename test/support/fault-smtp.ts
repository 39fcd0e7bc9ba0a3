/**
 * A loopback SMTP server that misbehaves on purpose, written on raw sockets so that every fault
 * is exactly what a relay on the wire does: a 4xx or 5xx answer to DATA or RCPT TO, the
 * connection dropped after the message was received but before the answer, an answer that
 * comes too late. Every message the server received (whatever it answered) is kept, so a test
 * counts what a real mailbox would have got.
 */
import net, { type AddressInfo } from 'node:net';

/** What the server does at the end of DATA: answer with this line, drop the connection, or answer late. */
export type DataFault = { reply: string } | { drop: true } | { delayMs: number } | undefined;

export interface FaultPlan {
  /** An answer other than 250 for RCPT TO (e.g. `550 5.1.1 mailbox unavailable`). */
  rcpt?: (address: string) => string | undefined;
  /** The fault for this DATA: `attempt` counts the DATA commands carrying the same Message-ID, from 1. */
  data?: (message: ReceivedMessage, attempt: number) => DataFault;
}

export interface ReceivedMessage {
  messageId: string;
  to: string[];
  /** How the server answered: 250, a fault's code, `dropped`, or `late`. */
  answer: string;
  /** The message as it came (headers and body), for a test that reads it with mailparser. */
  raw: string;
}

export interface FaultSmtpServer {
  port: number;
  /** Every message received at the end of DATA, in order, whatever the answer. */
  received: ReceivedMessage[];
  close(): Promise<void>;
}

export async function startFaultSmtp(plan: FaultPlan): Promise<FaultSmtpServer> {
  const received: ReceivedMessage[] = [];
  const attempts = new Map<string, number>();
  const sockets = new Set<net.Socket>();

  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    socket.setEncoding('utf8');
    const say = (line: string) => {
      if (!socket.destroyed) socket.write(`${line}\r\n`);
    };
    let buffer = '';
    let recipients: string[] = [];
    let data: string[] | undefined;

    const endOfData = (lines: string[]) => {
      const headers = lines.slice(0, lines.indexOf(''));
      const messageId = /^message-id:\s*(.+)$/im.exec(headers.join('\n'))?.[1]?.trim() ?? '';
      const attempt = (attempts.get(messageId) ?? 0) + 1;
      attempts.set(messageId, attempt);
      const message: ReceivedMessage = { messageId, to: recipients, answer: '250', raw: lines.join('\r\n') };
      received.push(message);
      const fault = plan.data?.(message, attempt);
      recipients = [];
      if (!fault) return say('250 2.0.0 queued');
      if ('reply' in fault) {
        message.answer = fault.reply.slice(0, 3);
        say(fault.reply);
        if (fault.reply.startsWith('421')) socket.end();
      } else if ('drop' in fault) {
        message.answer = 'dropped';
        socket.destroy();
      } else {
        message.answer = 'late';
        setTimeout(() => say('250 2.0.0 queued (late)'), fault.delayMs);
      }
    };

    const onLine = (line: string) => {
      if (data) {
        if (line === '.') {
          const lines = data;
          data = undefined;
          endOfData(lines);
        } else {
          data.push(line.startsWith('..') ? line.slice(1) : line);
        }
        return;
      }
      const command = line.slice(0, 4).toUpperCase();
      if (command === 'EHLO') {
        say('250-fault.localhost');
        say('250 8BITMIME');
      } else if (command === 'HELO' || command === 'NOOP' || command === 'RSET') {
        if (command === 'RSET') recipients = [];
        say('250 OK');
      } else if (command === 'MAIL') {
        recipients = [];
        say('250 2.1.0 OK');
      } else if (command === 'RCPT') {
        const address = /<([^>]*)>/.exec(line)?.[1] ?? '';
        const refusal = plan.rcpt?.(address);
        if (refusal) return say(refusal);
        recipients.push(address);
        say('250 2.1.5 OK');
      } else if (command === 'DATA') {
        data = [];
        say('354 end with <CRLF>.<CRLF>');
      } else if (command === 'QUIT') {
        say('221 bye');
        socket.end();
      } else {
        say('502 5.5.2 command not implemented');
      }
    };

    socket.on('data', (chunk: string) => {
      buffer += chunk;
      for (let end = buffer.indexOf('\r\n'); end >= 0; end = buffer.indexOf('\r\n')) {
        const line = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        onLine(line);
      }
    });
    say('220 fault.localhost ESMTP');
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
