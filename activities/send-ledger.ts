/**
 * The record of what the SMTP relay accepted, keyed by (obligation run, event). Temporal runs an
 * activity at least once, and with several workers a retry may run on another one. Before
 * sending, a worker claims the send for a lease; a send already recorded is not sent again, and
 * one another worker holds is retried later; the relay's 250 is recorded at once. The store's
 * ledger (PostgreSQL, store/send-ledger.ts) is the one every worker of a deployment shares; the
 * folder ledger below serves single-process tools and tests.
 *
 * What remains at-least-once: a worker that dies between the relay's 250 and the record. Its
 * lease runs out and the retry sends again, with the same Message-ID, so the duplicate is
 * recognisable (RELIABILITY.md measures how often).
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { DeliveryReceipt } from '../contracts/delivery';

export type SendClaim = { state: 'claimed' } | { state: 'sent'; receipt: DeliveryReceipt } | { state: 'busy'; owner: string; until: Date };

export interface SendLedger {
  /** Claims the send for `owner` for `leaseMs`, unless it was sent or another owner's lease runs. */
  claim(sendKey: string, owner: string, leaseMs: number): Promise<SendClaim>;
  recordSent(sendKey: string, receipt: DeliveryReceipt, owner?: string): Promise<void>;
  /** Gives a claim up (the relay refused, or the connection failed): a retry may claim at once. */
  release(sendKey: string, owner: string): Promise<boolean>;
}

/** A ledger in a folder of one machine: one small JSON file per send, written to a temporary name and renamed. */
export function folderSendLedger(folder: string): SendLedger {
  const fileOf = (sendKey: string) => {
    const digest = createHash('sha256').update(sendKey).digest('hex');
    // Two levels of folders keep any one folder small in a campaign of 100,000 sends.
    return path.join(folder, digest.slice(0, 2), `${digest}.json`);
  };
  return {
    async claim(sendKey) {
      try {
        const entry = JSON.parse(await readFile(fileOf(sendKey), 'utf8')) as { sendKey: string; receipt: DeliveryReceipt };
        return entry.sendKey === sendKey ? { state: 'sent', receipt: entry.receipt } : { state: 'claimed' };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { state: 'claimed' };
        throw error;
      }
    },
    async recordSent(sendKey, receipt) {
      const file = fileOf(sendKey);
      await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
      const temporary = `${file}.${process.pid}.tmp`;
      await writeFile(temporary, JSON.stringify({ sendKey, sentAt: new Date().toISOString(), receipt }), { mode: 0o600 });
      await rename(temporary, file);
    },
    async release() {
      return true;
    },
  };
}
