/**
 * The project's own programs as separate processes (`workers/main.ts`, `web/main.ts`) for the
 * cluster suites, the chaos runs and the benchmarks: started with an environment, ready once
 * they say so, killed with SIGKILL (a machine failure) or stopped with SIGTERM, each in a
 * process group of its own, and never outliving the process that started them.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';

const projectDir = path.resolve(__dirname, '..');

export interface AppProcess {
  name: string;
  readonly pid: number | undefined;
  /** Its last 200 lines (stdout and stderr). */
  readonly lines: string[];
  /** Settles once it printed its ready line; rejects if it exits or times out first. */
  readonly ready: Promise<void>;
  readonly exited: Promise<void>;
  /** SIGKILL to its process group (default), or another signal; resolves once it is gone. */
  kill(signal?: NodeJS.Signals): Promise<void>;
}

export interface AppProcessOptions {
  name: string;
  /** The entry point, relative to the project: workers/main.ts or web/main.ts. */
  entry: string;
  env: NodeJS.ProcessEnv;
  /** The line that says it is ready (default: by entry point). */
  readyWhen?: RegExp;
  timeoutMs?: number;
  /** Each line it prints, e.g. to a DEBUG switch. */
  output?: (line: string) => void;
}

/** What each entry point prints once it serves. */
export const readyLines: Record<string, RegExp> = {
  'workers/main.ts': /^worker: polling task queue/,
  'web/main.ts': /^web: pages at/,
};

const killedOnExit = new Set<ChildProcess>();

/** Kills `child`'s process group when this process exits (one listener for all of them). */
export function killOnExit(child: ChildProcess): void {
  if (killedOnExit.size === 0) process.once('exit', () => killedOnExit.forEach((each) => signalGroup(each, 'SIGKILL')));
  killedOnExit.add(child);
  child.once('exit', () => killedOnExit.delete(child));
}

export function startAppProcess(options: AppProcessOptions): AppProcess {
  const child = spawn(process.execPath, [require.resolve('tsx/cli'), path.join(projectDir, options.entry)], {
    cwd: projectDir,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: options.env,
  });
  killOnExit(child);
  const lines: string[] = [];
  const readyWhen = options.readyWhen ?? readyLines[options.entry];
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.once('error', () => resolve());
  });
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${options.name} was not ready within ${(options.timeoutMs ?? 120_000) / 1000} s:\n${lines.slice(-20).join('\n')}`)), options.timeoutMs ?? 120_000);
    for (const stream of [child.stdout!, child.stderr!]) {
      readline.createInterface({ input: stream }).on('line', (line) => {
        lines.push(line);
        if (lines.length > 200) lines.shift();
        options.output?.(line);
        if (readyWhen?.test(line)) {
          clearTimeout(timer);
          resolve();
        }
      });
    }
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`${options.name} exited (${child.signalCode ?? `code ${child.exitCode}`}) before it was ready:\n${lines.slice(-20).join('\n')}`));
    });
  });
  ready.catch(() => undefined); // a caller that never waits for it is not told twice
  return {
    name: options.name,
    get pid() {
      return child.exitCode === null && child.signalCode === null ? child.pid : undefined;
    },
    lines,
    ready,
    exited,
    async kill(signal: NodeJS.Signals = 'SIGKILL') {
      if (child.exitCode !== null || child.signalCode !== null) return;
      signalGroup(child, signal);
      await exited;
      signalGroup(child, 'SIGKILL'); // the node process under tsx may outlive its parent by a moment
    },
  };
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    if (child.pid) process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}
