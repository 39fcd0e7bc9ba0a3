/**
 * `npm start` as a person runs it (scripts/start-stack.ts, every port its own): it brings up the
 * embedded PostgreSQL, Temporal's dev server, the mail catcher, the worker and the web pages; what
 * it writes is private to its user (a caught mail holds valid unit links); and Ctrl-C stops it
 * all, leaving no process and no open port behind.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readdirSync, rmSync, statSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import nodemailer from 'nodemailer';
import { freePort } from '../scripts/postgres';
import { waitFor } from './support/poll';

const projectDir = path.resolve(__dirname, '..');
let stack: ChildProcess | undefined;
const output: string[] = [];
let dataDir: string;
let ports: Record<'temporal' | 'ui' | 'smtp' | 'inbox' | 'web' | 'postgres', number>;

beforeAll(async () => {
  // Not made by mkdtemp (0700 and root's): the stack creates the folder and sets its modes itself.
  dataDir = path.join(os.tmpdir(), `npm-start-${process.pid}`);
  ports = { temporal: await freePort(), ui: await freePort(), smtp: await freePort(), inbox: await freePort(), web: await freePort(), postgres: await freePort() };
  stack = spawn(process.execPath, ['--import', require.resolve('tsx'), path.join(projectDir, 'scripts/start-stack.ts')], {
    cwd: projectDir,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      DATA_DIR: dataDir,
      TEMPORAL_ADDRESS: `127.0.0.1:${ports.temporal}`,
      TEMPORAL_UI_PORT: String(ports.ui),
      SMTP_PORT: String(ports.smtp),
      MAIL_INBOX_PORT: String(ports.inbox),
      WEB_PORT: String(ports.web),
      EMBEDDED_POSTGRES_PORT: String(ports.postgres),
      DATABASE_URL: '',
      LINK_SECRET: '',
      WEB_ACCOUNTS: '',
      NODE_ENV: 'development',
    },
  });
  for (const stream of [stack.stdout!, stack.stderr!]) readline.createInterface({ input: stream }).on('line', (line) => output.push(line));
  await waitFor(async () => output.join('\n'), (text) => text.includes('Local stack is up:') || text.includes('All processes stopped.'), 'the start-up table', 240_000, 500);
  await waitFor(() => fetch(`http://127.0.0.1:${ports.web}/healthz`).then((answer) => answer.status, () => 0), (status) => status === 200, 'the web pages', 120_000, 500);
}, 400_000);

afterAll(async () => {
  if (stack && stack.exitCode === null) {
    try {
      process.kill(-stack.pid!, 'SIGKILL');
    } catch {
      // gone
    }
  }
  rmSync(dataDir, { recursive: true, force: true });
});

const modeOf = (file: string) => statSync(file).mode & 0o777;
const isOpen = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => resolve(socket.destroy() === undefined));
    socket.once('error', () => resolve(false));
  });

it('prints where everything runs, with PostgreSQL, and serves the pages', () => {
  const text = output.join('\n');
  expect(text).toMatch(/PostgreSQL\s+postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:\d+\/campaigns {2}\(embedded/);
  expect(text).toContain(`Temporal server   127.0.0.1:${ports.temporal}`);
  expect(text).toContain(`Web pages         http://127.0.0.1:${ports.web}`);
  // The workflow bundling's webpack report does not drown the table.
  expect(text).not.toMatch(/modules by path/);
});

it('keeps what it writes private: folders 0700, files 0600 (caught mail with its unit links included)', async () => {
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port: ports.smtp, secure: false, ignoreTLS: true });
  await transport.sendMail({ from: 'section@example.gov.cn', to: 'unit@example.gov.cn', subject: '【提醒】落实措施', text: '报送页面：http://127.0.0.1/unit?token=secret' });
  transport.close();
  const mailDir = path.join(dataDir, 'mail');
  await waitFor(async () => readdirSync(mailDir).filter((name) => name.endsWith('.eml')).length, (count) => count > 0, 'the caught mail on disk');
  const seen: string[] = [];
  const walk = (directory: string) => {
    for (const name of readdirSync(directory)) {
      const entry = path.join(directory, name);
      if (statSync(entry).isDirectory()) {
        if (name === 'postgres') continue; // its server's user's, checked below
        seen.push(`${path.relative(dataDir, entry)}/ ${modeOf(entry).toString(8)}`);
        walk(entry);
      } else {
        seen.push(`${path.relative(dataDir, entry)} ${modeOf(entry).toString(8)}`);
      }
    }
  };
  walk(dataDir);
  // Traversable, not readable: the embedded PostgreSQL's own user passes through to its folder.
  expect(modeOf(dataDir)).toBe(0o711);
  expect(seen.filter((line) => !/ (700|600)$/.test(line))).toEqual([]);
  expect(seen).toEqual(expect.arrayContaining([expect.stringMatching(/^mail\/.+\.eml 600$/), 'link-secret 600', 'web-passwords.txt 600', expect.stringMatching(/^temporal\.sqlite 600$/)]));
  expect(modeOf(path.join(dataDir, 'postgres'))).toBe(0o700);
});

it('stops every process and frees every port on Ctrl-C', async () => {
  stack!.kill('SIGINT');
  await new Promise((resolve) => stack!.once('exit', resolve));
  expect(output.join('\n')).toContain('All processes stopped.');
  expect(stack!.exitCode).toBe(0);
  for (const [name, port] of Object.entries(ports)) expect([name, await isOpen(port)]).toEqual([name, false]);
}, 120_000);
