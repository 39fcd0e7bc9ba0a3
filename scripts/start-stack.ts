/**
 * `npm start`: the embedded local stack. PostgreSQL for the application's store (embedded under
 * DATA_DIR/postgres, or DATABASE_URL's), Temporal dev server (SQLite file under DATA_DIR, the
 * project's search attributes, web UI), a mail catcher with a web inbox, the worker and the
 * people's web pages. Ctrl-C stops all of them, PostgreSQL last.
 */
import { chmodSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { bundleWorkflowCode } from '@temporalio/worker';
import { type Env, loadEnv } from '../config/env';
import { loadLinkSettings } from '../app/settings';
import { developmentSettings } from '../app/development-accounts';
import { devServerArgs } from './dev-server';
import { runMain } from './main';
import { ProcessGroup, waitForPort } from './processes';
import { ensureTemporalBinaries, type TemporalBinaries } from './servers';
import { type StackDatabase, startStackDatabase } from './stack-database';
import { workflowsPath } from '../workers/worker';

const projectDir = path.resolve(__dirname, '..');
const loopbackHosts = new Set(['127.0.0.1', 'localhost', '::1']);

runMain(async () => {
  const env = loadEnv();
  const binaries = ensureTemporalBinaries({ projectDir, log: (line) => console.log(line) });
  const dataDir = prepareDataFolder(env);
  const processes = new ProcessGroup();
  // The worker signs the units' links with the same secret the web server checks them with.
  const web = developmentSettings(dataDir, process.env);
  const webUrl = loadLinkSettings({ ...process.env, ...web.env }).baseUrl;
  let databaseStart: Promise<StackDatabase> | undefined;
  // The workflows are bundled here, once, while the servers start, and handed to the worker: the
  // worker's own bundling prints some twenty lines of webpack output over the start-up table.
  const bundleFile = path.join(dataDir, 'workflow-bundle.js');
  const bundling = env.WORKFLOW_BUNDLE ? Promise.resolve(path.resolve(env.WORKFLOW_BUNDLE)) : bundleQuietly(bundleFile);
  bundling.catch(() => undefined); // awaited below; a failure is reported there
  const stop = watchForStop(processes);

  try {
    databaseStart = startStackDatabase(env, dataDir, (line) => console.log(line));
    const database = await stop.untilInterrupted(databaseStart);
    void database.unexpectedExit.then(stop.requested);
    const webEnv: NodeJS.ProcessEnv = { ...process.env, ...web.env, DATABASE_URL: database.url };
    const catchesMail = await startServices({ env, binaries, dataDir, processes, webEnv, bundling, stop });
    console.log(stackTable({ env, dataDir, database, catchesMail, webUrl, passwordsFile: web.passwordsFile }));

    const reason = await Promise.race([stop.signal, processes.unexpectedExit]);
    console.log(`\nStopping (${reason}) …`);
    if (reason.includes('exited')) process.exitCode = 1;
  } catch (error) {
    if (!(error instanceof StartupInterrupted)) throw error;
    console.log(`\nStopping (${error.message}) …`);
    if (error.message.includes('exited')) process.exitCode = 1;
  } finally {
    await shutDown(processes, databaseStart);
  }
});

/** DATA_DIR made and made private; returns its absolute path. */
function prepareDataFolder(env: Env): string {
  const dataDir = path.resolve(projectDir, env.DATA_DIR);
  // What the stack writes (caught mail with the units' links, Temporal's database, the secrets) is
  // the service user's alone: every file this process and its children create is private.
  process.umask(0o077);
  mkdirSync(path.join(dataDir, 'mail'), { recursive: true, mode: 0o700 });
  makePrivate(dataDir);
  // The embedded PostgreSQL runs as its own user (under root), who must pass through the data
  // folder to reach DATA_DIR/postgres (its own, 0700): the folder is traversable, not readable.
  if (!env.DATABASE_URL) chmodSync(dataDir, 0o711);
  return dataDir;
}

/** Ctrl-C (or SIGTERM, SIGHUP) and the start-up steps it, or a child's death, interrupts. */
interface StopWatch {
  /** The signal's name once one arrives (or `requested` is called). */
  signal: Promise<string>;
  requested: (signal: string) => void;
  /** `step`, or StartupInterrupted when a stop comes first. */
  untilInterrupted: <T>(step: Promise<T>) => Promise<T>;
  /** Aborted when start-up is interrupted: ends the polling loops left behind. */
  startup: AbortSignal;
}

/** Listens for the stop signals and interrupts start-up on them or when a child dies. */
function watchForStop(processes: ProcessGroup): StopWatch {
  let stopRequested: (signal: string) => void = () => undefined;
  const stopSignal = new Promise<string>((resolve) => (stopRequested = resolve));
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => stopRequested(signal));

  /**
   * Start-up waits end early on Ctrl-C or when a child dies (a port already taken): the person
   * is not kept waiting for a timeout, and everything started so far is stopped below.
   */
  const interrupted = Promise.race([
    stopSignal.then((signal) => `stopped during start-up (${signal})`),
    processes.unexpectedExit,
  ]);
  const startup = new AbortController(); // ends the polling loops left behind
  void interrupted.then(() => startup.abort());
  const untilInterrupted = async <T>(step: Promise<T>): Promise<T> => {
    const result = await Promise.race([step.then((value) => ({ value })), interrupted.then((reason) => ({ reason }))]);
    if ('reason' in result) throw new StartupInterrupted(result.reason);
    return result.value;
  };
  return { signal: stopSignal, requested: stopRequested, untilInterrupted, startup: startup.signal };
}

/** Starts Temporal, the mail catcher (for a loopback SMTP host), the worker and the web server, each once the one before answers; says whether mail is caught. */
async function startServices(stack: { env: Env; binaries: TemporalBinaries; dataDir: string; processes: ProcessGroup; webEnv: NodeJS.ProcessEnv; bundling: Promise<string>; stop: StopWatch }): Promise<boolean> {
  const { env, binaries, dataDir, processes, webEnv, bundling, stop } = stack;
  const { untilInterrupted } = stop;
  const [temporalHost, temporalPort] = splitAddress(env.TEMPORAL_ADDRESS);
  processes.start({
    name: 'temporal',
    command: binaries.cli,
    args: devServerArgs({
      ip: temporalHost,
      port: temporalPort,
      uiPort: env.TEMPORAL_UI_PORT,
      dbFile: path.join(dataDir, 'temporal.sqlite'),
      namespace: env.TEMPORAL_NAMESPACE,
    }),
  });
  await untilInterrupted(waitForTemporal(env.TEMPORAL_ADDRESS, env.TEMPORAL_NAMESPACE, stop.startup));

  const catchesMail = loopbackHosts.has(env.SMTP_HOST);
  if (catchesMail) {
    processes.start({
      name: 'mail',
      command: path.join(projectDir, 'node_modules', '.bin', 'maildev'),
      args: [
        '--smtp', String(env.SMTP_PORT),
        '--ip', env.SMTP_HOST,
        '--web', String(env.MAIL_INBOX_PORT),
        '--web-ip', '127.0.0.1',
        '--mail-directory', path.join(dataDir, 'mail'),
      ],
    });
    await untilInterrupted(waitForPort(env.SMTP_HOST, env.SMTP_PORT, 60_000, stop.startup));
    await untilInterrupted(waitForPort('127.0.0.1', env.MAIL_INBOX_PORT, 60_000, stop.startup));
  }

  processes.start({
    name: 'worker',
    command: process.execPath,
    args: [require.resolve('tsx/cli'), path.join(projectDir, 'workers', 'main.ts')],
    env: { ...webEnv, WORKFLOW_BUNDLE: await untilInterrupted(bundling) },
  });
  processes.start({
    name: 'web',
    command: process.execPath,
    args: [require.resolve('tsx/cli'), path.join(projectDir, 'web', 'main.ts')],
    env: webEnv,
  });
  return catchesMail;
}

/** The table printed once the stack is up: where each service answers. */
function stackTable(stack: { env: Env; dataDir: string; database: StackDatabase; catchesMail: boolean; webUrl: string; passwordsFile: string | undefined }): string {
  const { env, dataDir, database, catchesMail, webUrl, passwordsFile } = stack;
  return [
    '',
    'Local stack is up:',
    `  PostgreSQL        ${database.description}`,
    `  Temporal server   ${env.TEMPORAL_ADDRESS}  (namespace ${env.TEMPORAL_NAMESPACE}, data ${path.join(dataDir, 'temporal.sqlite')})`,
    `  Temporal UI       http://127.0.0.1:${env.TEMPORAL_UI_PORT}`,
    catchesMail
      ? `  Mail inbox        http://127.0.0.1:${env.MAIL_INBOX_PORT}  (SMTP ${env.SMTP_HOST}:${env.SMTP_PORT})`
      : `  SMTP relay        ${env.SMTP_HOST}:${env.SMTP_PORT}  (not a loopback address: no local mail catcher)`,
    `  Worker            task queue "${env.TEMPORAL_TASK_QUEUE}"`,
    `  Web pages         ${webUrl}  (API ${webUrl}/api/openapi.json${passwordsFile ? `; log-ins in ${passwordsFile}` : ''})`,
    '',
    'Try it: npm run demo:obligation    Stop: Ctrl-C',
    '',
  ].join('\n');
}

/** Stops the services, then PostgreSQL: after the web server and the worker that use it (a start interrupted half-way is stopped too). */
async function shutDown(processes: ProcessGroup, databaseStart: Promise<StackDatabase> | undefined): Promise<void> {
  await processes.stop();
  await databaseStart?.then((database) => database.stop(), () => undefined);
  console.log('All processes stopped.');
}

class StartupInterrupted extends Error {}

/** Bundles the workflows into `file` with webpack's progress and statistics dropped (its warnings and errors kept). */
async function bundleQuietly(file: string): Promise<string> {
  const ignore = () => undefined;
  const { code } = await bundleWorkflowCode({ workflowsPath, logger: { log: ignore, trace: ignore, debug: ignore, info: ignore, warn: (message) => console.warn(`[bundle]  ${message}`), error: (message) => console.error(`[bundle]  ${message}`) } });
  writeFileSync(file, code);
  return file;
}

function splitAddress(address: string): [string, number] {
  const separator = address.lastIndexOf(':');
  return [address.slice(0, separator).replace(/^\[|\]$/g, ''), Number(address.slice(separator + 1))];
}

/** The dev server answers on its port before the namespace exists; wait until it is usable. */
async function waitForTemporal(address: string, namespace: string, signal: AbortSignal, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    signal.throwIfAborted();
    try {
      const connection = await Connection.connect({ address, connectTimeout: 1_000 });
      try {
        await connection.workflowService.describeNamespace({ namespace });
        return;
      } finally {
        await connection.close();
      }
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`Temporal did not become ready on ${address}`, { cause: error });
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
}

/** Folders 0700 and files 0600 under `directory` (a data folder written before the stack made it private); PostgreSQL's own folder is its server's. */
function makePrivate(directory: string): void {
  chmodSync(directory, 0o700);
  for (const name of readdirSync(directory)) {
    if (name === 'postgres') continue;
    const entry = path.join(directory, name);
    if (statSync(entry).isDirectory()) makePrivate(entry);
    else chmodSync(entry, 0o600);
  }
}
