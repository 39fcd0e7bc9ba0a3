/**
 * The send ledger in the database: what the SMTP relay accepted, keyed by send key, shared by
 * every worker. It keeps the file ledger's `find`/`record` (activities/send-ledger.ts) and adds a
 * claim, so two workers running the same send at once (Temporal runs an activity at least once;
 * a retry can overlap a slow first attempt on another worker) never both send:
 *
 *   claim(key, owner, leaseMs)   'claimed' → send; 'sent' → do not send (receipt);
 *                                'busy' → another worker is sending: throw a retryable error
 *   recordSent(key, receipt)     right after the relay's 250
 *   release(key, owner)          on a permanent failure (5xx): the claim is given up
 *
 * The claim is one INSERT … ON CONFLICT on the send key's primary key: of two workers claiming at
 * once, PostgreSQL lets exactly one insert or take over the row. Leases are counted on the
 * database's clock, so the workers' clocks need not agree.
 *
 * At-least-once, not exactly-once, at one edge: a worker that dies after the relay accepted but
 * before recordSent leaves a claim whose lease expires; the next claim is granted and the message
 * is sent again (its Message-ID is the same, so the duplicate is recognisable). A lease shorter
 * than a send can take has the same effect; choose it longer than the activity's timeout.
 */
import { type Kysely, sql } from 'kysely';
import { msInterval } from './clock';
import type { Database } from './database';

/** What the relay said; the same shape as the activities' DeliveryReceipt, stored as JSON. */
export interface SendReceipt {
  messageId: string;
  accepted: string[];
  rejected: string[];
  alreadySent?: boolean;
  document?: { fileName: string; keptAt?: string };
}

export type ClaimResult =
  | { state: 'claimed' }
  | { state: 'sent'; receipt: SendReceipt }
  | { state: 'busy'; owner: string; until: Date };

export class SendLedgerStore {
  constructor(private readonly db: Kysely<Database>) {}

  /**
   * Claims the send for `owner` for `leaseMs`, unless it was sent or another owner's lease runs.
   * The same owner claiming again (its own retry) renews its lease.
   */
  async claim(sendKey: string, owner: string, leaseMs: number): Promise<ClaimResult> {
    // A row released between the two statements below is claimed on the next turn.
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const taken = await this.db
        .insertInto('send_ledger')
        .values({ send_key: sendKey, owner, lease_until: sql`now() + ${msInterval(leaseMs)}`, claimed_at: sql`now()` })
        .onConflict((conflict) =>
          conflict
            .column('send_key')
            .doUpdateSet({ owner, lease_until: sql`now() + ${msInterval(leaseMs)}`, claimed_at: sql`now()` })
            .where((row) =>
              row.and([
                row('send_ledger.sent_at', 'is', null),
                row.or([row('send_ledger.lease_until', '<=', sql<Date>`now()`), row('send_ledger.owner', '=', owner)]),
              ]),
            ),
        )
        .returning('send_key')
        .executeTakeFirst();
      if (taken) return { state: 'claimed' };
      const holder = await this.db.selectFrom('send_ledger').select(['owner', 'lease_until', 'sent_at', 'receipt']).where('send_key', '=', sendKey).executeTakeFirst();
      if (holder?.sent_at && holder.receipt) return { state: 'sent', receipt: holder.receipt };
      if (holder?.lease_until) return { state: 'busy', owner: holder.owner ?? '', until: holder.lease_until };
    }
    throw new Error(`send ledger: the claim of ${sendKey} kept changing hands`);
  }

  /** The relay accepted: the send is done, for every worker, whoever held the claim. */
  async recordSent(sendKey: string, receipt: SendReceipt, owner?: string): Promise<void> {
    const values = { receipt: JSON.stringify(receipt), sent_at: sql<Date>`now()`, lease_until: null };
    await this.db
      .insertInto('send_ledger')
      .values({ send_key: sendKey, owner: owner ?? null, ...values })
      .onConflict((conflict) => conflict.column('send_key').doUpdateSet(owner === undefined ? values : { ...values, owner }))
      .execute();
  }

  /** Gives up `owner`'s claim (the send failed for good): a later claim is granted at once. */
  async release(sendKey: string, owner: string): Promise<boolean> {
    const result = await this.db.deleteFrom('send_ledger').where('send_key', '=', sendKey).where('owner', '=', owner).where('sent_at', 'is', null).executeTakeFirst();
    return result.numDeletedRows > 0n;
  }

  /** The receipt of an earlier accepted send of this key, if there was one (the file ledger's `find`). */
  async find(sendKey: string): Promise<SendReceipt | undefined> {
    const row = await this.db.selectFrom('send_ledger').select('receipt').where('send_key', '=', sendKey).where('sent_at', 'is not', null).executeTakeFirst();
    return row?.receipt ?? undefined;
  }

  /** The file ledger's `record`. */
  record(sendKey: string, receipt: SendReceipt): Promise<void> {
    return this.recordSent(sendKey, receipt);
  }
}
