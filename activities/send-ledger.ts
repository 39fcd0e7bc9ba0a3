/**
 * The record of what the SMTP relay accepted, keyed by (obligation, event). Temporal runs an
 * activity at least once: a worker that dies after the relay said 250 but before Temporal heard
 * of it makes the send run again. The ledger is checked before sending and written as soon as the
 * relay accepts, so that window shrinks from "the whole activity" to the few milliseconds of one
 * file write; the deterministic Message-ID makes a duplicate that slips through recognisable.
 *
 * One small JSON file per event under a folder (the data folder, or a volume shared by the
 * workers of one deployment), written to a temporary name and renamed, so a reader never sees
 * half a record.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { DeliveryReceipt } from '../contracts/delivery';

export interface SendLedger {
  /** The receipt of an earlier accepted send of this event, if there was one. */
  find(eventKey: string): Promise<DeliveryReceipt | undefined>;
  record(eventKey: string, receipt: DeliveryReceipt): Promise<void>;
}

export function fileSendLedger(folder: string): SendLedger {
  const fileOf = (eventKey: string) => {
    const digest = createHash('sha256').update(eventKey).digest('hex');
    // Two levels of folders keep any one folder small in a campaign of 100,000 sends.
    return path.join(folder, digest.slice(0, 2), `${digest}.json`);
  };
  return {
    async find(eventKey) {
      try {
        const entry = JSON.parse(await readFile(fileOf(eventKey), 'utf8')) as { eventKey: string; receipt: DeliveryReceipt };
        return entry.eventKey === eventKey ? entry.receipt : undefined;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw error;
      }
    },
    async record(eventKey, receipt) {
      const file = fileOf(eventKey);
      await mkdir(path.dirname(file), { recursive: true });
      const temporary = `${file}.${process.pid}.tmp`;
      await writeFile(temporary, JSON.stringify({ eventKey, sentAt: new Date().toISOString(), receipt }));
      await rename(temporary, file);
    },
  };
}
