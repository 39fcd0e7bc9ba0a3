/**
 * A long start-up a person watches (`npm run cluster`): Ctrl-C, or a child that dies (a port
 * already taken), ends every step still waiting at once instead of after its timeout, and the
 * caller then stops what was started so far.
 *
 *   const startup = new Startup([processes.unexpectedExit]);
 *   const cluster = await startup.step(startCluster(…));   // throws StartupInterrupted on Ctrl-C
 *   const reason = await startup.running();                  // after start-up: Ctrl-C or a death
 */
export class StartupInterrupted extends Error {
  readonly code = 'STARTUP_INTERRUPTED';
}

export class Startup {
  private readonly stopped: Promise<string>;
  private readonly failures: Promise<string>[];
  /** Aborted on Ctrl-C or a failure: for polling loops that take a signal. */
  readonly signal: AbortSignal;

  constructor(failures: Promise<string>[] = []) {
    let requestStop: (signal: string) => void = () => undefined;
    this.stopped = new Promise((resolve) => (requestStop = resolve));
    for (const name of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(name, () => requestStop(name));
    this.failures = [...failures];
    const controller = new AbortController();
    this.signal = controller.signal;
    void this.interrupted().then(() => controller.abort());
  }

  /** Another thing whose end ends the start-up (a server started half-way through). */
  watch(failure: Promise<string>): void {
    this.failures.push(failure);
  }

  private interrupted(): Promise<string> {
    return Promise.race([this.stopped.then((name) => `stopped during start-up (${name})`), ...this.failures]);
  }

  /** The step's value, or StartupInterrupted with the reason once Ctrl-C came or something died. */
  async step<T>(step: Promise<T>): Promise<T> {
    const outcome = await Promise.race([step.then((value) => ({ value })), this.interrupted().then((reason) => ({ reason }))]);
    if ('reason' in outcome) {
      step.catch(() => undefined); // its own failure, if any, is no longer news
      throw new StartupInterrupted(outcome.reason);
    }
    return outcome.value;
  }

  /** After start-up: resolves with why to stop (Ctrl-C, or which process died). */
  running(): Promise<string> {
    return Promise.race([this.stopped, ...this.failures]);
  }
}

/** Says why the stack stops; a process that died makes the exit code 1. */
export function reportStop(reason: string): void {
  console.log(`\nStopping (${reason}) …`);
  if (reason.includes('exited')) process.exitCode = 1;
}
