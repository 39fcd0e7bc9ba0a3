/**
 * The simulation's mail server: real SMTP on loopback (smtp-server, the same server the tests
 * catch mail with), so every message goes through the project's own transport and templates.
 * Each message is kept as an .eml file when a directory is given (open it in any mail client),
 * otherwise only counted.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { SMTPServer } from 'smtp-server';

export interface MailSink {
  port: number;
  /** Messages received so far. */
  count(): number;
  close(): Promise<void>;
}

export async function startMailSink(mailDir?: string): Promise<MailSink> {
  if (mailDir) await mkdir(mailDir, { recursive: true });
  let received = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('error', callback);
      stream.on('end', () => {
        received += 1;
        if (!mailDir) return callback();
        writeFile(path.join(mailDir, `${String(received).padStart(5, '0')}.eml`), Buffer.concat(chunks)).then(() => callback(), callback);
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.server.address() as AddressInfo).port,
    count: () => received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
