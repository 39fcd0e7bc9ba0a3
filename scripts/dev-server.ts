/**
 * A Temporal CLI dev server of its own, on a SQLite file in a folder of its own, for the long
 * runs (`npm run chaos`, `npm run bench`): started and stopped by the script, restartable on the
 * same file, with the project's search attributes.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { searchAttributeFlags } from '../workflows/search-attributes';
import { waitForPort } from './processes';
import { ensureTemporalBinaries } from './servers';

export interface DevServer {
  address: string;
  start(): Promise<void>;
  /** SIGTERM, as a restart would; resolves when the process is gone. */
  stop(): Promise<void>;
}

export function devServer(projectDir: string, folder: string, log: (line: string) => void = () => undefined): DevServer {
  const binaries = ensureTemporalBinaries({ projectDir, log });
  const port = 17_233 + Math.floor(Math.random() * 1000);
  let child: ChildProcess | undefined;
  return {
    address: `127.0.0.1:${port}`,
    async start() {
      const args = ['server', 'start-dev', '--ip', '127.0.0.1', '--port', String(port), '--headless', '--db-filename', path.join(folder, 'temporal.sqlite'), '--log-level', 'error'];
      child = spawn(binaries.cli, [...args, ...searchAttributeFlags()], { detached: true, stdio: 'ignore' });
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
