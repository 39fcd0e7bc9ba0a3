/**
 * The store's periodic clean-up, for a timer in a long-running process (the worker or the web
 * server; several replicas running it at once is harmless): uploads no submission used, blobs
 * nothing uses, expired sessions, failed log-ins no window counts.
 */
import type { Store } from './database';

export interface MaintenanceReport {
  attachments: number;
  blobs: number;
  bytes: number;
  sessions: number;
  signInFailures: number;
}

export interface MaintenanceOptions {
  /** Uploads no submission used within this long are deleted (default 24 hours). */
  orphanUploadAgeMs?: number;
}

/** One pass of every clean-up. */
export async function runMaintenance(store: Store, options: MaintenanceOptions = {}): Promise<MaintenanceReport> {
  const orphans = await store.attachments.deleteOrphans({ olderThanMs: options.orphanUploadAgeMs ?? 24 * 60 * 60_000 });
  return { ...orphans, sessions: await store.sessions.purgeExpired(), signInFailures: await store.throttle.purge() };
}

/** Runs the clean-up every `everyMs` (default 15 minutes) until stop(); a failed pass is logged and the next one tried. */
export function startMaintenance(store: Store, options: MaintenanceOptions & { everyMs?: number; log?: (line: string) => void } = {}): { stop(): Promise<void> } {
  const log = options.log ?? ((line: string) => console.log(line));
  let running: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    running = runMaintenance(store, options).then(
      (report) => report.attachments + report.blobs > 0 && log(`store clean-up: ${report.attachments} unused uploads, ${report.blobs} blobs (${report.bytes} bytes)`),
      (error: unknown) => log(`store clean-up failed: ${(error as Error).message}`),
    );
  }, options.everyMs ?? 15 * 60_000);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
