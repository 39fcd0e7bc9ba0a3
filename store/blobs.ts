/**
 * Content-addressed bytes in the database (`bytea`), named by their SHA-256 and stored once
 * however often they are put: attachments and notices point at them. In the database rather than
 * on a disk or an object store: one place to back up (pg_dump), the same for every replica, and a
 * reference is a foreign key, so a blob in use cannot be deleted. The price: every byte passes
 * through PostgreSQL and the server's memory (a 50 MB upload is about 100 MB of hex text on the
 * wire), which is fine for office documents and would not be for video.
 */
import { createHash } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import { msInterval } from './clock';
import type { Database } from './database';
import { pgErrorCode } from './errors';

/**
 * Every column that references a blob. A new table that points at blobs must be added here, or
 * the clean-up would try to delete blobs it uses (the foreign key would refuse; test/store-blobs
 * checks this list against the database's own foreign keys).
 */
export const blobReferences = [
  { table: 'attachments', column: 'content_sha256' },
  { table: 'notices', column: 'content_sha256' },
] as const;

export const sha256Pattern = /^[0-9a-f]{64}$/;

export const sha256Of = (content: Buffer) => createHash('sha256').update(content).digest('hex');

export class BlobStore {
  constructor(private readonly db: Kysely<Database>) {}

  /**
   * Stores the bytes unless they are there already; returns their SHA-256 (hex). `executor`: a
   * transaction that also writes the reference, so that the blob cannot be cleaned up in between.
   */
  async put(content: Buffer, executor: Kysely<Database> = this.db): Promise<string> {
    const sha256 = sha256Of(content);
    // Asked first so that bytes already stored are not sent again (uploads are up to 50 MB).
    const found = await executor.selectFrom('blobs').select('sha256').where('sha256', '=', sha256).executeTakeFirst();
    if (!found) {
      await executor.insertInto('blobs').values({ sha256, content, size: content.length }).onConflict((conflict) => conflict.column('sha256').doNothing()).execute();
    }
    return sha256;
  }

  async get(sha256: string): Promise<Buffer | undefined> {
    if (!sha256Pattern.test(sha256)) return undefined;
    const row = await this.db.selectFrom('blobs').select('content').where('sha256', '=', sha256).executeTakeFirst();
    return row?.content;
  }

  async has(sha256: string): Promise<boolean> {
    if (!sha256Pattern.test(sha256)) return false;
    return (await this.db.selectFrom('blobs').select('sha256').where('sha256', '=', sha256).executeTakeFirst()) !== undefined;
  }

  /**
   * Deletes blobs nothing references that are older than `minAgeMs` (a blob just put, whose
   * reference is still to be written, is left alone). Rows a writer is referencing at this moment
   * are skipped (their foreign-key check holds a lock), and a reference that commits in the same
   * instant makes the statement fail on the foreign key: then nothing is deleted this time.
   */
  async deleteUnreferenced({ minAgeMs = 60 * 60_000, limit = 1_000 }: { minAgeMs?: number; limit?: number } = {}): Promise<{ blobs: number; bytes: number }> {
    const unreferenced = blobReferences.map(({ table, column }) => sql`not exists (select 1 from ${sql.table(table)} where ${sql.ref(`${table}.${column}`)} = blobs.sha256)`);
    try {
      const deleted = await sql<{ size: number }>`
        delete from blobs where sha256 in (
          select sha256 from blobs
          where created_at < now() - ${msInterval(minAgeMs)} and ${sql.join(unreferenced, sql` and `)}
          limit ${limit}
          for update skip locked)
        returning size`.execute(this.db);
      return { blobs: deleted.rows.length, bytes: deleted.rows.reduce((sum, row) => sum + row.size, 0) };
    } catch (error) {
      if (pgErrorCode(error) === '23503') return { blobs: 0, bytes: 0 };
      throw error;
    }
  }
}
