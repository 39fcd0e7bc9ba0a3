import { type Kysely, type Migration, sql } from 'kysely';

/** Failed log-ins, one row each, kept only as long as a window counts them. */
export const signInFailures: Migration = {
  async up(db: Kysely<unknown>) {
    await sql`
      create table sign_in_failures (
        id bigint generated always as identity primary key,
        key_hash bytea not null check (octet_length(key_hash) = 32),
        failed_at timestamptz not null default now()
      )`.execute(db);
    await sql`create index sign_in_failures_by_key on sign_in_failures (key_hash, failed_at)`.execute(db);
    await sql`create index sign_in_failures_by_time on sign_in_failures (failed_at)`.execute(db);
  },
  async down(db: Kysely<unknown>) {
    await sql`drop table sign_in_failures`.execute(db);
  },
};
