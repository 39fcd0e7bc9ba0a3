import { type Kysely, type Migration, sql } from 'kysely';

/** One row per send key: claimed (owner, lease) until the relay accepts, then sent (receipt). */
export const sendLedger: Migration = {
  async up(db: Kysely<unknown>) {
    await sql`
      create table send_ledger (
        send_key text primary key,
        owner text,
        lease_until timestamptz,
        claimed_at timestamptz,
        sent_at timestamptz,
        receipt jsonb,
        check (sent_at is not null or lease_until is not null),
        check ((sent_at is null) = (receipt is null))
      )`.execute(db);
  },
  async down(db: Kysely<unknown>) {
    await sql`drop table send_ledger`.execute(db);
  },
};
