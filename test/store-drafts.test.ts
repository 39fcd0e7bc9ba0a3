/**
 * Drafts and definition versions in PostgreSQL: autosave with a revision counter (a save based on
 * an older revision, from another tab or another web server, is refused and changes nothing),
 * versions numbered per draft with who and when, the same text saved twice making one version,
 * two servers saving versions at once getting distinct numbers, and the launches a version ran.
 */
import type { Store } from '../store/database';
import { DraftConflictError } from '../store/drafts';
import { useTestStores } from './support/database';

let webA: Store;
let webB: Store;
useTestStores(2, (stores) => ([webA, webB] = stores as [Store, Store]));

const yaml = 'campaign:\n  id: x\n  title: 草稿\n';

describe('drafts', () => {
  it('are created, read and listed by any web server, with who and when', async () => {
    const draft = await webA.drafts.create({ title: '能力提升年活动方案', yaml, notice: { text: '通知原文', unresolved: [] }, by: '管理员张三' });
    expect(draft).toMatchObject({ id: expect.stringMatching(/^[0-9a-f]{16}$/), revision: 1, createdBy: '管理员张三', updatedBy: '管理员张三', notice: { text: '通知原文' } });
    expect(await webB.drafts.get(draft.id)).toEqual(draft);
    expect(await webB.drafts.get('not-an-id')).toBeUndefined();
    expect(await webB.drafts.get('0123456789abcdef')).toBeUndefined();
    const listed = (await webB.drafts.list()).find((entry) => entry.id === draft.id);
    expect(listed).toMatchObject({ title: '能力提升年活动方案', versions: 0, hasNotice: true, revision: 1 });
  });

  it('saves on the revision it was based on, and refuses a save from an older one without changing anything', async () => {
    const draft = await webA.drafts.create({ title: 'a', yaml, by: '张三' });
    const saved = await webA.drafts.save(draft.id, { yaml: `${yaml}# 一\n`, title: 'a', basedOn: 1, by: '张三' });
    expect(saved.revision).toBe(2);
    // The other tab still holds revision 1.
    const refused = webB.drafts.save(draft.id, { yaml: `${yaml}# 另一个窗口\n`, title: 'a', basedOn: 1, by: '李四' });
    await expect(refused).rejects.toBeInstanceOf(DraftConflictError);
    await expect(refused).rejects.toMatchObject({ code: 'DRAFT_CONFLICT', current: { revision: 2, updatedBy: '张三' } });
    expect((await webB.drafts.get(draft.id))?.yaml).toBe(`${yaml}# 一\n`);
    await expect(webB.drafts.save('0123456789abcdef', { yaml, title: 'a', basedOn: 1, by: '李四' })).rejects.toMatchObject({ code: 'DRAFT_NOT_FOUND' });
  });

  it('lets exactly one of two saves based on the same revision win', async () => {
    const draft = await webA.drafts.create({ title: 'race', yaml, by: '张三' });
    const results = await Promise.allSettled([webA, webB].map((store, index) => store.drafts.save(draft.id, { yaml: `# ${index}\n`, title: 'race', basedOn: 1, by: `tab ${index}` })));
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    expect(results.filter((result) => result.status === 'rejected' && result.reason instanceof DraftConflictError)).toHaveLength(1);
  });
});

describe('definition versions', () => {
  it('numbers the versions of a draft, keeps who and when, and makes none for the same text again', async () => {
    const draft = await webA.drafts.create({ title: 'v', yaml, by: '张三' });
    const first = await webA.drafts.saveVersion(draft.id, { yaml, title: 'v', basedOn: 1, by: '张三', note: '由通知导入', campaignId: 'x', isValid: false });
    expect(first).toMatchObject({ isNew: true, version: { number: 1, savedBy: '张三', note: '由通知导入', isValid: false, campaignId: 'x' }, draft: { revision: 2 } });
    const again = await webB.drafts.saveVersion(draft.id, { yaml, title: 'v', basedOn: 2, by: '李四', note: '', campaignId: 'x', isValid: false });
    expect(again).toMatchObject({ isNew: false, version: { id: first.version.id, number: 1 } });
    const second = await webB.drafts.saveVersion(draft.id, { yaml: `${yaml}# 加一条规则\n`, title: 'v', basedOn: 3, by: '李四', note: '加规则', campaignId: 'x', isValid: true });
    expect(second.version).toMatchObject({ number: 2, savedBy: '李四', isValid: true });
    expect((await webA.drafts.version(first.version.id))?.yaml).toBe(yaml);
    const versions = await webA.drafts.versions(draft.id);
    expect(versions.map((version) => [version.number, version.savedBy, version.uses])).toEqual([[2, '李四', []], [1, '张三', []]]);
    expect((await webA.drafts.list()).find((entry) => entry.id === draft.id)?.versions).toBe(2);
  });

  it('refuses a version based on an older revision, and saves nothing', async () => {
    const draft = await webA.drafts.create({ title: 'w', yaml, by: '张三' });
    await webA.drafts.save(draft.id, { yaml: '# 新\n', title: 'w', basedOn: 1, by: '张三' });
    await expect(webB.drafts.saveVersion(draft.id, { yaml: '# 旧\n', title: 'w', basedOn: 1, by: '李四', note: '', campaignId: null, isValid: false })).rejects.toBeInstanceOf(DraftConflictError);
    expect(await webA.drafts.versions(draft.id)).toEqual([]);
  });

  it('records the launches and amendments that ran a version', async () => {
    const draft = await webA.drafts.create({ title: 'u', yaml, by: '张三' });
    const { version } = await webA.drafts.saveVersion(draft.id, { yaml, title: 'u', basedOn: 1, by: '张三', note: '', campaignId: 'x', isValid: true });
    await webB.drafts.recordUse(version.id, { campaignId: 'x', action: 'launch', by: '张三' });
    await webB.drafts.recordUse(version.id, { campaignId: 'x', action: 'amend', by: '李四' });
    const [listed] = await webA.drafts.versions(draft.id);
    expect(listed?.uses.map((use) => [use.campaignId, use.action, use.usedBy])).toEqual([['x', 'launch', '张三'], ['x', 'amend', '李四']]);
  });
});
