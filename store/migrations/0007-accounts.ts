import { type Kysely, type Migration, sql } from 'kysely';

/**
 * Administrators' and supervisors' accounts in the store. `scope`: the directory's units and
 * groups a supervisor is limited to (null: every unit). `managed_by`: 'environment' for an account
 * imported from WEB_ACCOUNTS and changed by nobody since (a restart refreshes it from there), 'store'
 * once it was created or changed in the pages.
 */
export const accounts: Migration = {
  async up(db: Kysely<unknown>) {
    await sql`
      create table accounts (
        username text primary key check (username ~ '^[A-Za-z0-9._@-]{1,64}$'),
        name text not null check (length(name) between 1 and 100),
        role text not null check (role in ('admin', 'supervisor')),
        password_hash text not null,
        scope jsonb,
        is_disabled boolean not null default false,
        managed_by text not null check (managed_by in ('environment', 'store')),
        created_by text not null,
        created_at timestamptz not null default now(),
        updated_by text not null,
        updated_at timestamptz not null default now(),
        password_changed_at timestamptz
      )`.execute(db);
  },
  async down(db: Kysely<unknown>) {
    await sql`drop table accounts`.execute(db);
  },
};
