import { type Kysely, type Migration, sql } from 'kysely';

/**
 * Authoring in the browser: a draft is the definition an administrator is working on (its YAML,
 * autosaved with a revision counter that refuses a save based on an older text), with the notice
 * it was imported from; every version saved from it is kept with who and when, and each launch or
 * amendment records the version it ran.
 */
export const draftsDefinitionVersions: Migration = {
  async up(db: Kysely<unknown>) {
    await sql`
      create table drafts (
        id text primary key check (id ~ '^[0-9a-f]{16}$'),
        title text not null,
        yaml text not null,
        revision integer not null default 1 check (revision >= 1),
        notice jsonb,
        created_by text not null,
        created_at timestamptz not null default now(),
        updated_by text not null,
        updated_at timestamptz not null default now()
      )`.execute(db);
    await sql`
      create table definition_versions (
        id text primary key check (id ~ '^[0-9a-f]{16}$'),
        draft_id text not null references drafts (id) on delete cascade,
        number integer not null check (number >= 1),
        yaml text not null,
        campaign_id text,
        title text not null,
        is_valid boolean not null,
        note text not null default '',
        saved_by text not null,
        saved_at timestamptz not null default now(),
        unique (draft_id, number)
      )`.execute(db);
    await sql`
      create table definition_version_uses (
        version_id text not null references definition_versions (id) on delete cascade,
        campaign_id text not null,
        action text not null check (action in ('launch', 'amend')),
        used_by text not null,
        used_at timestamptz not null default now()
      )`.execute(db);
    await sql`create index definition_version_uses_by_version on definition_version_uses (version_id)`.execute(db);
    await sql`create index definition_version_uses_by_campaign on definition_version_uses (campaign_id, used_at)`.execute(db);
  },
  async down(db: Kysely<unknown>) {
    await sql`drop table definition_version_uses`.execute(db);
    await sql`drop table definition_versions`.execute(db);
    await sql`drop table drafts`.execute(db);
  },
};
