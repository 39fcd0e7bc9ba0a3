/**
 * Child processes of the local stack: each in its own process group so that stopping one also
 * stops whatever it spawned, output prefixed with its name, stopped in reverse start order.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { connect } from 'node:net';
import readline from 'node:readline';

export interface ChildSpec {
  name: string;
  command: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
}

export class ProcessGroup {
  private readonly children: { spec: ChildSpec; child: ChildProcess; exited: Promise<number | null> }[] = [];
  private stopping = false;
  /** Settles when any child exits while the group is not stopping. */
  readonly unexpectedExit: Promise<string>;
  private reportExit!: (message: string) => void;

  constructor(private readonly output: (line: string) => void = (line) => console.log(line)) {
    this.unexpectedExit = new Promise((resolve) => (this.reportExit = resolve));
  }

  start(spec: ChildSpec): ChildProcess {
    const child = spawn(spec.command, spec.args, {
      env: spec.env ?? process.env,
      detached: true, // own process group: Ctrl-C reaches us, and we stop children in order
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const prefix = `[${spec.name}]`.padEnd(10);
    for (const stream of [child.stdout, child.stderr]) {
      // While stopping, servers log their own shutdown noise (failed polls, closed connections).
      if (stream) readline.createInterface({ input: stream }).on('line', (line) => this.stopping || this.output(`${prefix}${line}`));
    }
    const exited = new Promise<number | null>((resolve) => {
      child.on('error', (error) => {
        this.output(`${prefix}failed to start: ${error.message}`);
        resolve(null);
      });
      child.on('exit', (code, signal) => {
        if (!this.stopping) this.reportExit(`${spec.name} exited (${signal ?? `code ${code}`})`);
        resolve(code);
      });
    });
    this.children.push({ spec, child, exited });
    return child;
  }

  /** SIGTERM to each process group, newest first; SIGKILL whatever is still alive after the grace period. */
  async stop(graceMs = 10_000): Promise<void> {
    this.stopping = true;
    for (const { spec, child, exited } of [...this.children].reverse()) {
      if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) continue;
      signalGroup(child.pid, 'SIGTERM');
      const timer = setTimeout(() => {
        this.output(`${spec.name} did not stop within ${graceMs} ms; killing it`);
        signalGroup(child.pid!, 'SIGKILL');
      }, graceMs);
      await exited;
      clearTimeout(timer);
      // Grandchildren (e.g. the node process under tsx) may outlive their parent by a moment.
      signalGroup(child.pid, 'SIGKILL');
    }
  }
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // the group is already gone
  }
}

/** Resolves once a TCP connection to host:port succeeds; rejects after timeoutMs or once `signal` aborts. */
export async function waitForPort(host: string, port: number, timeoutMs = 60_000, signal?: AbortSignal): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    signal?.throwIfAborted();
    const isOpen = await new Promise<boolean>((resolve) => {
      const socket = connect({ host, port });
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (isOpen) return;
    if (Date.now() > deadline) throw new Error(`nothing answered on ${host}:${port} within ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
