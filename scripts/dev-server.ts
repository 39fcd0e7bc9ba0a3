/**
 * The Temporal CLI dev server on a SQLite file: its command line (shared by `npm start`, the
 * benchmarks and the chaos runs), and a server of its own for the long runs, started and stopped
 * by the script, restartable on the same file, with the project's search attributes.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { searchAttributeFlags } from '../contracts/search-attributes';
import { waitForPort } from './processes';
import { ensureTemporalBinaries } from './servers';

/**
 * SQLite in write-ahead-log mode: one fsync per commit instead of several, about twice the
 * workflow starts per second on this machine (BENCHMARKS.md, "SQLite journal"); a crash of the
 * process loses nothing, a power cut at most the last commits, never the file.
 */
export const walPragmas = ['journal_mode=wal', 'synchronous=normal'];

export interface DevServerArgs {
  ip: string;
  port: number;
  dbFile: string;
  /** A port for the web UI; none: headless. */
  uiPort?: number;
  namespace?: string;
  logLevel?: 'debug' | 'info' | 'warn' | 'error';
  /** SQLite pragmas (`name=value`); default: write-ahead log. */
  pragmas?: string[];
}

/** `temporal server start-dev …` with the project's search attributes. */
export function devServerArgs(options: DevServerArgs): string[] {
  return [
    'server', 'start-dev',
    '--ip', options.ip,
    '--port', String(options.port),
    ...(options.uiPort === undefined ? ['--headless'] : ['--ui-port', String(options.uiPort)]),
    '--db-filename', options.dbFile,
    ...(options.namespace ? ['--namespace', options.namespace] : []),
    '--log-level', options.logLevel ?? 'warn',
    ...(options.pragmas ?? walPragmas).flatMap((pragma) => ['--sqlite-pragma', pragma]),
    ...searchAttributeFlags(),
  ];
}

export interface DevServer {
  address: string;
  /** The server's process id while it runs (for CPU and memory readings). */
  readonly pid: number | undefined;
  start(): Promise<void>;
  /** SIGTERM, as a restart would; resolves when the process is gone. */
  stop(): Promise<void>;
}

export function devServer(projectDir: string, folder: string, log: (line: string) => void = () => undefined, pragmas?: string[]): DevServer {
  const binaries = ensureTemporalBinaries({ projectDir, log });
  const port = 17_233 + Math.floor(Math.random() * 1000);
  let child: ChildProcess | undefined;
  return {
    address: `127.0.0.1:${port}`,
    get pid() {
      return child?.pid;
    },
    async start() {
      const args = devServerArgs({ ip: '127.0.0.1', port, dbFile: path.join(folder, 'temporal.sqlite'), logLevel: 'error', ...(pragmas ? { pragmas } : {}) });
      child = spawn(binaries.cli, args, { detached: true, stdio: 'ignore' });
      await waitForPort('127.0.0.1', port);
    },
    async stop() {
      const running = child;
      if (!running || running.exitCode !== null || running.signalCode !== null) return;
      const exited = new Promise((resolve) => running.once('exit', resolve));
      killGroup(running, 'SIGTERM');
      await exited;
    },
  };
}

export function killGroup(child: ChildProcess | undefined, signal: NodeJS.Signals): void {
  try {
    if (child?.pid) process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}
