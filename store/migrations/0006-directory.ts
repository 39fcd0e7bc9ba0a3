import { type Kysely, type Migration, sql } from 'kysely';

/**
 * The unit directory (单位名录), versioned: every saved version is a whole snapshot (units with
 * contacts, groups, unit kinds), numbered 1, 2, … with who saved it, when, why, and what it
 * changed; a version is never changed once saved. Each launch or amendment of a campaign that
 * includes the directory records the version it ran with (the campaign keeps it until amended).
 */
export const directory: Migration = {
  async up(db: Kysely<unknown>) {
    await sql`
      create table directory_versions (
        number integer primary key check (number >= 1),
        content jsonb not null,
        changes jsonb not null default '[]',
        note text not null default '',
        saved_by text not null,
        saved_at timestamptz not null default now()
      )`.execute(db);
    await sql`
      create table campaign_directory_pins (
        id bigint generated always as identity primary key,
        campaign_id text not null,
        directory_version integer not null references directory_versions (number),
        action text not null check (action in ('launch', 'amend')),
        pinned_by text not null,
        pinned_at timestamptz not null default now()
      )`.execute(db);
    await sql`create index campaign_directory_pins_by_campaign on campaign_directory_pins (campaign_id, id)`.execute(db);
  },
  async down(db: Kysely<unknown>) {
    await sql`drop table campaign_directory_pins`.execute(db);
    await sql`drop table directory_versions`.execute(db);
  },
};
