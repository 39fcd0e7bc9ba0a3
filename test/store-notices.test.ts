/** The DOCX notices kept for the record, per campaign, unit and file name, on the blobs. */
import { sql } from 'kysely';
import type { Store } from '../store/database';
import { useTestStores } from './support/database';

let worker: Store;
let web: Store;
useTestStores(2, (stores) => ([worker, web] = stores as [Store, Store]));

const campaignId = 'zaozhuang-2022-ip-protection';
const supervision = '督办通知-山亭区市场监督管理局-落实措施及实施方案-2022-04-22.docx';
const interview = '约谈通知-山亭区市场监督管理局-2022-05-10.docx';

describe('notices in PostgreSQL', () => {
  it('keeps a worker’s notices for the web to list and read, per unit', async () => {
    const saved = await worker.notices.save({ campaignId, unitId: 'shanting', fileName: supervision, content: Buffer.from('PK supervision') });
    expect(saved).toMatchObject({ campaignId, unitId: 'shanting', fileName: supervision, size: 14, content: expect.stringMatching(/^sha256-[0-9a-f]{64}$/) });
    await worker.notices.save({ campaignId, unitId: 'shanting', fileName: interview, content: Buffer.from('PK interview') });
    await worker.notices.save({ campaignId, unitId: 'tengzhou', fileName: supervision.replace('山亭区', '滕州市'), content: Buffer.from('PK other unit') });

    expect((await web.notices.list(campaignId, 'shanting')).map((notice) => notice.fileName)).toEqual([supervision, interview]);
    expect(await web.notices.list('another-campaign', 'shanting')).toEqual([]);
    const read = await web.notices.read(campaignId, 'shanting', interview);
    expect(read?.content.toString()).toBe('PK interview');
    expect(read?.notice.savedAt).toBeInstanceOf(Date);
    expect(await web.notices.read(campaignId, 'tengzhou', interview)).toBeUndefined();
  });

  it('replaces the copy when a retried send saves the same notice again, and lets the old bytes be cleaned up', async () => {
    const first = await worker.notices.save({ campaignId, unitId: 'yicheng', fileName: supervision, content: Buffer.from('first render') });
    const again = await worker.notices.save({ campaignId, unitId: 'yicheng', fileName: supervision, content: Buffer.from('second render') });
    expect(await web.notices.list(campaignId, 'yicheng')).toEqual([again]);
    expect((await web.notices.read(campaignId, 'yicheng', supervision))?.content.toString()).toBe('second render');
    await worker.blobs.deleteUnreferenced({ minAgeMs: 0 });
    expect(await worker.blobs.has(first.content.slice('sha256-'.length))).toBe(false);
    expect(Number((await sql<{ count: string }>`select count(*) from notices where unit_id = 'yicheng'`.execute(web.db)).rows[0]!.count)).toBe(1);
  });
});
