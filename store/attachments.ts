/**
 * Attachments of submissions on the blobs: what web/attachments.ts's AttachmentStore does (the
 * same ids `sha256-<hex>-<16 hex>` and metadata), shared by every web server, plus two limits:
 *
 * - a quota per (campaign, unit) on the bytes of uploads no submission has used yet, so one link
 *   cannot fill the database with uploads it never hands in (UploadQuotaExceeded);
 * - a clean-up of such orphans: uploads no submission used within N hours are deleted, and then
 *   the blobs nothing uses any more (deleteOrphans, called from a timer: store/maintenance.ts).
 *
 * File names, types and sizes are checked by the caller (web/attachments.ts checkUploads and
 * safeFileName) before they reach here.
 */
import { randomBytes } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import type { BlobStore } from './blobs';
import { msInterval } from './clock';
import type { Database } from './database';
import { pgErrorCode, StoreError } from './errors';

export interface Uploader {
  campaignId: string;
  unitId: string;
}

export interface AttachmentMeta {
  id: string;
  fileName: string;
  contentType: string;
  size: number;
  /** The stored bytes: `sha256-<hex>`. */
  content: string;
  /** The unit whose link uploaded it (absent for the CLI's uploads, which no quota counts). */
  uploadedBy?: Uploader;
}

export interface Upload {
  fileName: string;
  contentType: string;
  content: Buffer;
}

export const attachmentIdPattern = /^sha256-[0-9a-f]{64}(-[0-9a-f]{16})?$/;

/** A unit's uploads not yet handed in would exceed its quota; nothing was stored. */
export class UploadQuotaExceeded extends StoreError {
  /** The form field a page shows the message at, as AttachmentRefused has. */
  readonly field = 'attachments';
  constructor(
    readonly usedBytes: number,
    readonly quotaBytes: number,
    fileName: string,
    size: number,
  ) {
    super(
      'UPLOAD_QUOTA_EXCEEDED',
      `本单位已上传但尚未随报送提交的附件共${formatMb(usedBytes)}，再上传“${fileName}”（${formatMb(size)}）将超过上限${formatMb(quotaBytes)}；请先提交报送，未使用的附件会被定期清理`,
    );
  }
}

export class AttachmentRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly blobs: BlobStore,
    private readonly limits: { unitQuotaBytes: number },
  ) {}

  /**
   * Stores the bytes once (by hash) and this upload under an id of its own, within the uploading
   * unit's quota. The quota is checked under a lock per (campaign, unit), so parallel uploads to
   * several web servers cannot pass it together.
   */
  async save(upload: Upload, uploadedBy?: Uploader): Promise<AttachmentMeta> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await this.db.transaction().execute(async (transaction) => {
          if (uploadedBy) await this.checkQuota(transaction, uploadedBy, upload);
          const sha256 = await this.blobs.put(upload.content, transaction);
          const id = `sha256-${sha256}-${randomBytes(8).toString('hex')}`;
          await transaction
            .insertInto('attachments')
            .values({ id, content_sha256: sha256, file_name: upload.fileName, content_type: upload.contentType, size: upload.content.length, campaign_id: uploadedBy?.campaignId ?? null, unit_id: uploadedBy?.unitId ?? null, referenced_at: null })
            .execute();
          return { id, fileName: upload.fileName, contentType: upload.contentType, size: upload.content.length, content: `sha256-${sha256}`, ...(uploadedBy ? { uploadedBy } : {}) };
        });
      } catch (error) {
        // 23503: the clean-up deleted these bytes between our look and our reference: store them again.
        if (pgErrorCode(error) !== '23503' || attempt >= 3) throw error;
      }
    }
  }

  async read(id: string): Promise<{ meta: AttachmentMeta; content: Buffer } | undefined> {
    const meta = await this.describe(id);
    if (!meta) return undefined;
    const content = await this.blobs.get(meta.content.slice('sha256-'.length));
    return content ? { meta, content } : undefined;
  }

  /** The upload's name, type, size and uploader. */
  async describe(id: string): Promise<AttachmentMeta | undefined> {
    if (!attachmentIdPattern.test(id)) return undefined;
    const row = await this.db.selectFrom('attachments').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) return undefined;
    const uploadedBy = row.campaign_id !== null && row.unit_id !== null ? { campaignId: row.campaign_id, unitId: row.unit_id } : undefined;
    return { id: row.id, fileName: row.file_name, contentType: row.content_type, size: row.size, content: `sha256-${row.content_sha256}`, ...(uploadedBy ? { uploadedBy } : {}) };
  }

  /** A submission uses these uploads: they no longer count against the quota and are never cleaned up. Returns how many were newly marked. */
  async markReferenced(ids: string[]): Promise<number> {
    const valid = ids.filter((id) => attachmentIdPattern.test(id));
    if (valid.length === 0) return 0;
    const result = await this.db.updateTable('attachments').set({ referenced_at: sql<Date>`now()` }).where('id', 'in', valid).where('referenced_at', 'is', null).executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  /** Bytes of the unit's uploads that no submission has used. */
  async pendingBytes(uploader: Uploader, executor: Kysely<Database> = this.db): Promise<number> {
    const row = await executor
      .selectFrom('attachments')
      .select(sql<number>`coalesce(sum(size), 0)::bigint::float8`.as('bytes'))
      .where('campaign_id', '=', uploader.campaignId)
      .where('unit_id', '=', uploader.unitId)
      .where('referenced_at', 'is', null)
      .executeTakeFirstOrThrow();
    return row.bytes;
  }

  /**
   * Deletes uploads no submission used within `olderThanMs`, then the blobs nothing uses any more
   * (of any age: an orphan's bytes are not "just put").
   */
  async deleteOrphans({ olderThanMs }: { olderThanMs: number }): Promise<{ attachments: number; blobs: number; bytes: number }> {
    const deleted = await this.db
      .deleteFrom('attachments')
      .where('referenced_at', 'is', null)
      .where('uploaded_at', '<', sql<Date>`now() - ${msInterval(olderThanMs)}`)
      .executeTakeFirst();
    const blobs = await this.blobs.deleteUnreferenced({ minAgeMs: Math.min(olderThanMs, 60 * 60_000) });
    return { attachments: Number(deleted.numDeletedRows), ...blobs };
  }

  private async checkQuota(transaction: Kysely<Database>, uploader: Uploader, upload: Upload): Promise<void> {
    // Held until the transaction ends: the next upload of this unit sees this one's row.
    await sql`select pg_advisory_xact_lock(hashtextextended(${`${uploader.campaignId}/${uploader.unitId}`}, 0))`.execute(transaction);
    const used = await this.pendingBytes(uploader, transaction);
    if (used + upload.content.length > this.limits.unitQuotaBytes) throw new UploadQuotaExceeded(used, this.limits.unitQuotaBytes, upload.fileName, upload.content.length);
  }
}

function formatMb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(bytes < 1024 * 1024 ? 2 : 1)} MB`;
}
