import { type Kysely, type Migration, sql } from 'kysely';

/**
 * Content-addressed bytes, and the two things that point at them. Every reference to a blob is a
 * foreign key (store/blobs.ts lists them for its clean-up), so a blob in use cannot be deleted.
 */
export const blobsAttachmentsNotices: Migration = {
  async up(db: Kysely<unknown>) {
    await sql`
      create table blobs (
        sha256 text primary key check (sha256 ~ '^[0-9a-f]{64}$'),
        content bytea not null,
        size integer not null check (size = octet_length(content)),
        created_at timestamptz not null default now()
      )`.execute(db);
    // Uploads (PDF, DOCX, ZIP, images) are compressed already: stored out of line, not compressed again.
    await sql`alter table blobs alter column content set storage external`.execute(db);
    await sql`
      create table attachments (
        id text primary key check (id ~ '^sha256-[0-9a-f]{64}(-[0-9a-f]{16})?$'),
        content_sha256 text not null references blobs (sha256),
        file_name text not null check (file_name <> ''),
        content_type text not null,
        size integer not null,
        campaign_id text,
        unit_id text,
        uploaded_at timestamptz not null default now(),
        referenced_at timestamptz,
        check ((campaign_id is null) = (unit_id is null))
      )`.execute(db);
    // The quota sums a unit's uploads no submission used; the clean-up finds old ones.
    await sql`create index attachments_pending_by_unit on attachments (campaign_id, unit_id) where referenced_at is null`.execute(db);
    await sql`create index attachments_pending_by_age on attachments (uploaded_at) where referenced_at is null`.execute(db);
    await sql`create index attachments_content on attachments (content_sha256)`.execute(db);
    await sql`
      create table notices (
        campaign_id text not null,
        unit_id text not null,
        file_name text not null check (file_name <> ''),
        content_sha256 text not null references blobs (sha256),
        size integer not null,
        saved_at timestamptz not null default now(),
        primary key (campaign_id, unit_id, file_name)
      )`.execute(db);
    await sql`create index notices_content on notices (content_sha256)`.execute(db);
  },
  async down(db: Kysely<unknown>) {
    await sql`drop table notices, attachments, blobs`.execute(db);
  },
};
