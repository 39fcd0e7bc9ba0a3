/**
 * One process per Temporal service (`temporal-server --config-file … start --service NAME`), each
 * in a process group of its own, its output prefixed with its name, and each restartable alone:
 * the chaos runs and the fault tests kill the history service and restart the matching service
 * while the others run on.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import readline from 'node:readline';
import type { ClusterService } from './cluster-config';
import { killOnExit } from './app-processes';
import { waitForPort } from './processes';

export interface ServiceProcessOptions {
  name: ClusterService;
  server: string;
  configFile: string;
  grpcPort: number;
  /** Each line the process prints. */
  output: (line: string) => void;
  /** Killed when the parent process exits (tests): nothing outlives a crashed test run. */
  attachedToParent: boolean;
}

export class ServiceProcess {
  private child: ChildProcess | undefined;
  private exited: Promise<void> = Promise.resolve();
  /** Set while we stop or kill it ourselves: its exit is then no failure. */
  private expectingExit = false;
  private reportExit: (reason: string) => void = () => undefined;
  /** Settles when the process exits without being told to (a crash, a port already taken). */
  readonly unexpectedExit = new Promise<string>((resolve) => (this.reportExit = resolve));

  constructor(private readonly options: ServiceProcessOptions) {}

  get name(): ClusterService {
    return this.options.name;
  }

  get pid(): number | undefined {
    return this.isRunning ? this.child?.pid : undefined;
  }

  get isRunning(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Starts the process and waits until its gRPC port answers. */
  async start(timeoutMs = 120_000): Promise<void> {
    if (this.isRunning) return;
    const { name, server, configFile } = this.options;
    this.expectingExit = false;
    const child = spawn(server, ['--config-file', configFile, '--allow-no-auth', 'start', '--service', name], { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    const lastLines: string[] = [];
    for (const stream of [child.stdout, child.stderr]) {
      readline.createInterface({ input: stream! }).on('line', (line) => {
        lastLines.push(line);
        if (lastLines.length > 10) lastLines.shift();
        this.options.output(line);
      });
    }
    if (this.options.attachedToParent) killOnExit(child);
    this.exited = new Promise((resolve) => {
      child.once('exit', (code, exitSignal) => {
        if (!this.expectingExit) this.reportExit(`Temporal ${name} service exited (${exitSignal ?? `code ${code}`}): ${lastLines.join(' | ').slice(-600)}`);
        resolve();
      });
      child.once('error', (error) => {
        if (!this.expectingExit) this.reportExit(`Temporal ${name} service could not be started: ${error.message}`);
        resolve();
      });
    });
    const abort = new AbortController();
    void this.exited.then(() => abort.abort());
    try {
      await waitForPort('127.0.0.1', this.options.grpcPort, timeoutMs, abort.signal);
    } catch (error) {
      if (!this.isRunning) throw new Error(`the Temporal ${name} service exited while starting: ${lastLines.join("\n")}`, { cause: error });
      throw error;
    }
  }

  /** SIGTERM (the server drains and leaves the membership ring), SIGKILL after the grace period. */
  async stop(graceMs = 20_000): Promise<void> {
    if (!this.isRunning) return;
    this.expectingExit = true;
    signal(this.child, 'SIGTERM');
    const timer = setTimeout(() => signal(this.child, 'SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(timer);
  }

  /** SIGKILL: the process dies as in a machine failure, leaving its shards and membership behind. */
  async kill(): Promise<void> {
    if (!this.isRunning) return;
    this.expectingExit = true;
    signal(this.child, 'SIGKILL');
    await this.exited;
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }
}

function signal(child: ChildProcess | undefined, name: NodeJS.Signals): void {
  try {
    if (child?.pid) process.kill(-child.pid, name);
  } catch {
    // already gone
  }
}
