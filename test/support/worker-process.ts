/**
 * `npm run worker`'s program (`workers/main.ts`) as a process of its own, as a deployment runs it:
 * the suites that kill a worker with SIGKILL (its whole process group) start it through here.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';

const projectDir = path.resolve(__dirname, '../..');

/** Starts the worker with `env` on top of this process's environment; resolves once it polls its task queue. */
export function startWorkerProcess(name: string, env: NodeJS.ProcessEnv, started: ChildProcess[]): Promise<ChildProcess> {
  const child = spawn(process.execPath, [require.resolve('tsx/cli'), path.join(projectDir, 'workers/main.ts')], {
    cwd: projectDir,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    // No link secret here: emails without the units' links, as in development.
    env: { ...process.env, NODE_ENV: 'development', ...env },
  });
  started.push(child);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`worker ${name} did not start polling within 90 s`)), 90_000);
    readline.createInterface({ input: child.stdout! }).on('line', (line) => {
      if (process.env.DEBUG_WORKER) console.log(`[${name}]`, line);
      if (line.includes('worker: polling')) {
        clearTimeout(timer);
        resolve(child);
      }
    });
    if (process.env.DEBUG_WORKER) readline.createInterface({ input: child.stderr! }).on('line', (line) => console.log(`[${name}:err]`, line));
    else child.stderr!.resume();
    child.once('exit', (code) => reject(new Error(`worker ${name} exited with ${code} before polling`)));
  });
}

/** SIGKILL (or another signal) to the worker's whole process group; nothing if it is gone. */
export function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    process.kill(-child.pid!, signal);
  } catch {
    // already gone
  }
}
