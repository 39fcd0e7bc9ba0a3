import { type Kysely, type Migration, sql } from 'kysely';

/** Server-side sessions, found by the hash of their id; a revoked session is a deleted row. */
export const sessions: Migration = {
  async up(db: Kysely<unknown>) {
    await sql`
      create table sessions (
        id_hash bytea primary key check (octet_length(id_hash) = 32),
        username text not null,
        name text not null,
        role text not null,
        csrf_nonce text not null,
        created_at timestamptz not null default now(),
        expires_at timestamptz not null
      )`.execute(db);
    await sql`create index sessions_by_username on sessions (username)`.execute(db);
    await sql`create index sessions_by_expiry on sessions (expires_at)`.execute(db);
  },
  async down(db: Kysely<unknown>) {
    await sql`drop table sessions`.execute(db);
  },
};
