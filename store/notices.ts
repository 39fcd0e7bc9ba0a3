/**
 * The DOCX notices kept for the record (督办通知, 约谈通知, 通报), per (campaign, unit, file name),
 * on the blobs: what activities/notices.ts writes under DATA_DIR/notices/<campaign>/<unit>/. A
 * retried send saves the same file name again and replaces the earlier copy, as the file did.
 */
import { type Kysely, sql } from 'kysely';
import type { BlobStore } from './blobs';
import type { Database } from './database';
import { pgErrorCode } from './errors';

export interface NoticeRecord {
  campaignId: string;
  unitId: string;
  /** e.g. 督办通知-山亭区市场监督管理局-落实措施及实施方案-2022-04-22.docx */
  fileName: string;
  size: number;
  savedAt: Date;
  /** The stored bytes: `sha256-<hex>`. */
  content: string;
}

export interface NoticeFileInput {
  campaignId: string;
  unitId: string;
  fileName: string;
  content: Buffer;
}

export class NoticeRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly blobs: BlobStore,
  ) {}

  async save(notice: NoticeFileInput): Promise<NoticeRecord> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await this.db.transaction().execute(async (transaction) => {
          const sha256 = await this.blobs.put(notice.content, transaction);
          const values = { content_sha256: sha256, size: notice.content.length, saved_at: sql<Date>`now()` };
          const row = await transaction
            .insertInto('notices')
            .values({ campaign_id: notice.campaignId, unit_id: notice.unitId, file_name: notice.fileName, ...values })
            .onConflict((conflict) => conflict.columns(['campaign_id', 'unit_id', 'file_name']).doUpdateSet(values))
            .returningAll()
            .executeTakeFirstOrThrow();
          return recordOf(row);
        });
      } catch (error) {
        // 23503: the clean-up deleted these bytes between our look and our reference: store them again.
        if (pgErrorCode(error) !== '23503' || attempt >= 3) throw error;
      }
    }
  }

  /** The unit's notices in this campaign, oldest first. */
  async list(campaignId: string, unitId: string): Promise<NoticeRecord[]> {
    const rows = await this.db.selectFrom('notices').selectAll().where('campaign_id', '=', campaignId).where('unit_id', '=', unitId).orderBy('saved_at').orderBy('file_name').execute();
    return rows.map(recordOf);
  }

  async read(campaignId: string, unitId: string, fileName: string): Promise<{ notice: NoticeRecord; content: Buffer } | undefined> {
    const row = await this.db.selectFrom('notices').selectAll().where('campaign_id', '=', campaignId).where('unit_id', '=', unitId).where('file_name', '=', fileName).executeTakeFirst();
    if (!row) return undefined;
    const content = await this.blobs.get(row.content_sha256);
    return content ? { notice: recordOf(row), content } : undefined;
  }
}

function recordOf(row: { campaign_id: string; unit_id: string; file_name: string; size: number; saved_at: Date; content_sha256: string }): NoticeRecord {
  return { campaignId: row.campaign_id, unitId: row.unit_id, fileName: row.file_name, size: row.size, savedAt: row.saved_at, content: `sha256-${row.content_sha256}` };
}
