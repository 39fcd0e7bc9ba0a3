/**
 * Attachments on the blobs: the web's AttachmentStore behaviour, a per-unit quota on uploads no
 * submission used, and the clean-up of such orphans.
 */
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { attachmentIdPattern, UploadQuotaExceeded } from '../store/attachments';
import type { Store } from '../store/database';
import { runMaintenance, startMaintenance } from '../store/maintenance';
import { eventually, useTestStores } from './support/database';

const quota = 1024 * 1024;
let webA: Store;
let webB: Store;
useTestStores(2, (stores) => ([webA, webB] = stores as [Store, Store]), { unitUploadQuotaBytes: quota });

const tengzhou = { campaignId: 'zaozhuang-2022', unitId: 'tengzhou' };
const shanting = { campaignId: 'zaozhuang-2022', unitId: 'shanting' };
const pdf = (fileName: string, size: number) => ({ fileName, contentType: 'application/pdf', content: randomBytes(size) });
const blobCount = async () => Number((await sql<{ count: string }>`select count(*) from blobs`.execute(webA.db)).rows[0]!.count);

describe('attachments in PostgreSQL', () => {
  it('keeps each upload under an id of its own, with its name, type, size and uploader, and the bytes once', async () => {
    const content = randomBytes(4096);
    const first = await webA.attachments.save({ fileName: '落实措施.pdf', contentType: 'application/pdf', content }, tengzhou);
    const second = await webB.attachments.save({ fileName: '实施方案.pdf', contentType: 'application/pdf', content }, shanting);
    expect(first.id).toMatch(attachmentIdPattern);
    expect(first.id).not.toBe(second.id);
    expect(first.content).toBe(second.content);
    expect(await webB.attachments.describe(first.id)).toEqual({ id: first.id, fileName: '落实措施.pdf', contentType: 'application/pdf', size: 4096, content: first.content, uploadedBy: tengzhou });
    const read = await webB.attachments.read(second.id);
    expect(read?.meta.fileName).toBe('实施方案.pdf');
    expect(read?.content.equals(content)).toBe(true);
    const fromCli = await webA.attachments.save(pdf('命令行.pdf', 10));
    expect(await webA.attachments.describe(fromCli.id)).not.toHaveProperty('uploadedBy');
    expect(await webA.attachments.describe('sha256-nothing')).toBeUndefined();
    expect(await webA.attachments.read(`${first.content}-0000000000000000`)).toBeUndefined();
  });

  it('refuses an upload that would take a unit’s unused uploads past its quota, and stores nothing of it', async () => {
    const unit = { campaignId: 'quota', unitId: 'xuecheng' };
    await webA.attachments.save(pdf('一.pdf', 600 * 1024), unit);
    const blobsBefore = await blobCount();
    const refused = webA.attachments.save(pdf('二.pdf', 600 * 1024), unit);
    await expect(refused).rejects.toBeInstanceOf(UploadQuotaExceeded);
    await expect(refused).rejects.toMatchObject({ code: 'UPLOAD_QUOTA_EXCEEDED', usedBytes: 600 * 1024, quotaBytes: quota, field: 'attachments' });
    await expect(refused).rejects.toThrow('本单位已上传但尚未随报送提交的附件共0.59 MB，再上传“二.pdf”（0.59 MB）将超过上限1.0 MB；请先提交报送，未使用的附件会被定期清理');
    expect(await blobCount()).toBe(blobsBefore);
    expect(await webA.attachments.pendingBytes(unit)).toBe(600 * 1024);
    // Another unit, and the CLI (no uploader), are not held by this unit's uploads.
    await webA.attachments.save(pdf('二.pdf', 600 * 1024), { campaignId: 'quota', unitId: 'yicheng' });
    await webA.attachments.save(pdf('二.pdf', 600 * 1024));
  });

  it('lets parallel uploads to two web servers pass the quota no further than one after the other', async () => {
    const unit = { campaignId: 'quota', unitId: 'taierzhuang' };
    const uploads = Array.from({ length: 6 }, (_, index) => (index % 2 ? webA : webB).attachments.save(pdf(`${index}.pdf`, 300 * 1024), unit));
    const outcomes = await Promise.allSettled(uploads);
    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(3);
    expect(outcomes.filter((outcome) => outcome.status === 'rejected' && outcome.reason instanceof UploadQuotaExceeded)).toHaveLength(3);
    expect(await webA.attachments.pendingBytes(unit)).toBe(900 * 1024);
  });

  it('frees the quota of uploads a submission used', async () => {
    const unit = { campaignId: 'quota', unitId: 'gaoxin' };
    const used = await webA.attachments.save(pdf('总结.pdf', 900 * 1024), unit);
    await expect(webA.attachments.save(pdf('补充.pdf', 200 * 1024), unit)).rejects.toBeInstanceOf(UploadQuotaExceeded);
    expect(await webB.attachments.markReferenced([used.id, 'not-an-id'])).toBe(1);
    expect(await webB.attachments.markReferenced([used.id])).toBe(0);
    expect(await webA.attachments.pendingBytes(unit)).toBe(0);
    await webA.attachments.save(pdf('补充.pdf', 200 * 1024), unit);
  });

  it('cleans up uploads no submission used, and then the bytes nothing else uses', async () => {
    const unit = { campaignId: 'orphans', unitId: 'shizhong' };
    const shared = randomBytes(2048);
    const handedIn = await webA.attachments.save({ fileName: '报送.pdf', contentType: 'application/pdf', content: shared }, unit);
    const sameBytesUnused = await webA.attachments.save({ fileName: '重复.pdf', contentType: 'application/pdf', content: shared }, unit);
    const abandoned = await webA.attachments.save(pdf('放弃.pdf', 3000), unit);
    await webA.attachments.markReferenced([handedIn.id]);

    // Younger than the age given: kept.
    expect(await webB.attachments.deleteOrphans({ olderThanMs: 60 * 60_000 })).toMatchObject({ attachments: 0 });
    expect(await webA.attachments.describe(abandoned.id)).toBeDefined();

    const report = await runMaintenance(webB, { orphanUploadAgeMs: 0 });
    expect(report.attachments).toBeGreaterThanOrEqual(2);
    expect(await webA.attachments.describe(abandoned.id)).toBeUndefined();
    expect(await webA.attachments.describe(sameBytesUnused.id)).toBeUndefined();
    expect(await webA.blobs.has(abandoned.content.slice('sha256-'.length))).toBe(false);
    // The handed-in upload keeps its bytes, which the removed duplicate shared.
    expect((await webA.attachments.read(handedIn.id))?.content.equals(shared)).toBe(true);
  });

  it('is cleaned up by the maintenance timer on its own, which reports what it removed', async () => {
    const abandoned = await webA.attachments.save(pdf('计时器.pdf', 1000), { campaignId: 'orphans', unitId: 'timer' });
    const lines: string[] = [];
    const maintenance = startMaintenance(webB, { everyMs: 50, orphanUploadAgeMs: 0, log: (line) => lines.push(line) });
    try {
      await eventually(() => webA.attachments.describe(abandoned.id), (meta) => meta === undefined);
    } finally {
      await maintenance.stop();
    }
    expect(lines[0]).toMatch(/^store clean-up: \d+ unused uploads, \d+ blobs \(\d+ bytes\)$/);
  });
});
