/** Content-addressed bytes in PostgreSQL: stored once, shared, cleaned up when nothing uses them. */
import { createHash, randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { blobReferences } from '../store/blobs';
import type { Store } from '../store/database';
import { useTestStores } from './support/database';

let store: Store;
let other: Store;
useTestStores(2, (stores) => ([store, other] = stores as [Store, Store]));

const countOf = async (sha256: string) => Number((await sql<{ count: string }>`select count(*) from blobs where sha256 = ${sha256}`.execute(store.db)).rows[0]!.count);

describe('blobs in PostgreSQL', () => {
  it('stores bytes under their SHA-256 and gives them back unchanged', async () => {
    const content = randomBytes(300_000);
    const sha256 = await store.blobs.put(content);
    expect(sha256).toBe(createHash('sha256').update(content).digest('hex'));
    expect((await other.blobs.get(sha256))?.equals(content)).toBe(true);
    expect(await other.blobs.has(sha256)).toBe(true);
    expect(await store.blobs.get('0'.repeat(64))).toBeUndefined();
    expect(await store.blobs.get('../etc/passwd')).toBeUndefined();
  });

  it('stores the same bytes once, even when two connections record them at the same moment', async () => {
    const content = randomBytes(2 * 1024 * 1024);
    const puts = Array.from({ length: 10 }, (_, index) => (index % 2 ? store : other).blobs.put(content));
    const hashes = new Set(await Promise.all(puts));
    expect(hashes.size).toBe(1);
    expect(await countOf([...hashes][0]!)).toBe(1);
  });

  it('deletes the blobs nothing references once they are old enough, and keeps those an attachment or a notice uses', async () => {
    const unused = await store.blobs.put(Buffer.from('nobody uses me'));
    const attached = (await store.attachments.save({ fileName: '落实措施.pdf', contentType: 'application/pdf', content: Buffer.from('%PDF-1.7 measures') })).content.slice('sha256-'.length);
    const kept = (await store.notices.save({ campaignId: 'c', unitId: 'u', fileName: '督办通知.docx', content: Buffer.from('PK notice') })).content.slice('sha256-'.length);
    // Just put: its reference may still be on its way.
    expect(await store.blobs.deleteUnreferenced({ minAgeMs: 60 * 60_000 })).toEqual({ blobs: 0, bytes: 0 });
    const deleted = await store.blobs.deleteUnreferenced({ minAgeMs: 0 });
    expect(deleted.blobs).toBeGreaterThanOrEqual(1);
    expect(await store.blobs.has(unused)).toBe(false);
    expect(await store.blobs.has(attached)).toBe(true);
    expect(await store.blobs.has(kept)).toBe(true);
  });

  it('knows every column that references a blob (the clean-up reads this list)', async () => {
    const { rows } = await sql<{ table: string; column: string }>`
      select source.relname as table, attribute.attname as column
      from pg_constraint fk
      join pg_class source on source.oid = fk.conrelid
      join pg_attribute attribute on attribute.attrelid = fk.conrelid and attribute.attnum = any (fk.conkey)
      where fk.contype = 'f' and fk.confrelid = 'blobs'::regclass
      order by 1, 2`.execute(store.db);
    expect(rows).toEqual([...blobReferences].sort((a, b) => a.table.localeCompare(b.table)));
  });
});
