/**
 * 单位名录 in the store: seeded from the shared file, every save a version with who, why and what
 * changed, a save based on an old version refused, a definition including `directory:current`
 * keeps the version its campaign was launched with, and a scope covers a unit and the units below it.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { UnitDirectory } from '../app/directory';
import { Admin } from '../app/administration';
import { CampaignReader } from '../app/campaign-reader';
import type { Store } from '../store/database';
import { useTestStores } from './support/database';
import type { Client } from '@temporalio/client';

const configDir = path.resolve(__dirname, '../config');
const seedFile = path.join(configDir, 'shared/zaozhuang-units.yaml');
let webA: Store;
let webB: Store;
useTestStores(2, (stores) => ([webA, webB] = stores as [Store, Store]));

/** The minimal campaign with its units from the store's directory instead of its own. */
const minimal = readFileSync(path.join(__dirname, 'fixtures/minimal-campaign.yaml'), 'utf8');
const definitionText = (campaignId: string) =>
  `include: [directory:current]\n${minimal
    .replace(/^units:\n( {2}- .*\n)+groups:\n( {2}.*\n)+/m, '')
    .replace('id: minimal', `id: ${campaignId}`)
    .replace(/(issuer|reportsTo): section/g, '$1: ip-protection-section')}`;

describe('the unit directory in the store', () => {
  it('starts as the shared file, and saves each change as a version any web server reads', async () => {
    const a = new UnitDirectory(webA.directory, seedFile);
    const b = new UnitDirectory(webB.directory, seedFile);
    const first = await a.current();
    expect(first.number).toBe(1);
    expect(first.changes).toEqual([expect.stringMatching(/^初始版本：\d+ 个单位，\d+ 个分组$/)]);
    expect((await b.current()).number).toBe(1);

    const tengzhou = first.directory.units.find((unit) => unit.id === 'tengzhou')!;
    const contacts = [
      { name: '张科长', role: '科长', email: 'zhang@tengzhou.example.gov.cn', phone: '0632-5510001' },
      { name: '李干事', email: 'li@tengzhou.example.gov.cn' },
    ];
    const second = await a.saveUnit({ ...tengzhou, contacts }, { basedOn: 1, note: '更新联系人', by: '管理员张三' }, false);
    expect(second).toMatchObject({ number: 2, note: '更新联系人', savedBy: '管理员张三', changes: [expect.stringContaining('修改单位 滕州市市场监督管理局（tengzhou）：联系人（新增或修改 张科长，科长、李干事')] });
    expect((await b.current()).directory.units.find((unit) => unit.id === 'tengzhou')!.contacts).toEqual(contacts);

    // A town below 滕州, of a kind the directory adds: a new unit with its parent; the same save again makes no version.
    expect((await a.saveUnitKind('town', '镇街', { basedOn: 2, note: '', by: '管理员张三' })).changes).toEqual(['单位类别 town：镇街']);
    const town = { id: 'tengzhou-jinghe', name: '荆河街道市场监管所', kind: 'town', parent: 'tengzhou', contacts: [{ name: '王所长', phone: '5510002' }] };
    expect((await a.saveUnit(town, { basedOn: 3, note: '', by: '管理员张三' }, true)).number).toBe(4);
    expect((await a.saveUnit(town, { basedOn: 4, note: '', by: '管理员张三' }, false)).number).toBe(4);
    expect((await b.list()).map((version) => version.number)).toEqual([4, 3, 2, 1]);
  });

  it('refuses a change based on an old version, a bad email at its field, and a unit still referred to', async () => {
    const directory = new UnitDirectory(webA.directory, seedFile);
    const latest = (await directory.current()).number;
    const unit = { id: 'new-unit', name: '新单位', kind: 'district', contacts: [] };
    await expect(directory.saveUnit(unit, { basedOn: latest - 1, note: '', by: '李四' }, true)).rejects.toMatchObject({ status: 409, message: expect.stringContaining(`已由管理员张三于`) });
    await expect(directory.saveUnit({ ...unit, contacts: [{ name: '甲', email: 'not-an-email' }] }, { basedOn: latest, note: '', by: '李四' }, true)).rejects.toMatchObject({
      status: 400,
      fieldErrors: { 'contacts.0.email': [expect.stringContaining('联系人 1 电子邮箱')] },
    });
    await expect(directory.deleteUnit('tengzhou', { basedOn: latest, note: '', by: '李四' })).rejects.toMatchObject({ fieldErrors: { id: [expect.stringContaining('是荆河街道市场监管所的上级单位'), expect.stringContaining('在分组 districts 中')] } });
    expect((await directory.current()).number).toBe(latest);
  });

  it('covers a unit with the units below it, and a group with its members', async () => {
    const directory = new UnitDirectory(webA.directory, seedFile);
    expect([...(await directory.unitsWithin(['tengzhou']))].sort()).toEqual(['tengzhou', 'tengzhou-jinghe']);
    const districts = await directory.unitsWithin(['districts']);
    expect(districts.has('shizhong') && districts.has('tengzhou-jinghe')).toBe(true);
    expect(districts.has('ip-protection-section')).toBe(false);
  });

  it('gives a definition the current version, and a launched campaign keeps its own until amended', async () => {
    const directory = new UnitDirectory(webA.directory, seedFile);
    const admin = new Admin({ reader: new CampaignReader({} as Client), configDir, uploadsDir: '/nonexistent', taskQueue: 'unused', directory });
    const checked = await admin.checkText('directory-test.yaml', definitionText('directory-test'));
    expect(checked.issues).toEqual([]);
    const pinned = checked.loaded!.directoryVersion!;
    expect(pinned).toBe((await directory.current()).number);
    expect(checked.loaded!.plan.instances.some((instance) => instance.unitId === 'tengzhou')).toBe(true);
    // As launch records it; then the directory moves on: the campaign's definition still reads its version.
    await directory.pin('directory-test', pinned, 'launch', '管理员张三');
    const tengzhou = (await directory.current()).directory.units.find((unit) => unit.id === 'tengzhou')!;
    await directory.saveUnit({ ...tengzhou, name: '滕州市市场监管局' }, { basedOn: pinned, note: '简称', by: '管理员张三' }, false);
    const again = await admin.checkText('directory-test.yaml', definitionText('directory-test'));
    expect(again.loaded!.directoryVersion).toBe(pinned);
    expect(again.loaded!.plan.instances.find((instance) => instance.unitId === 'tengzhou')!.unitName).toBe('滕州市市场监督管理局');
    // Another campaign gets the latest; a version the store does not hold is said at the include.
    expect((await admin.checkText('other.yaml', definitionText('other-campaign'))).loaded!.plan.instances.find((instance) => instance.unitId === 'tengzhou')!.unitName).toBe('滕州市市场监管局');
    const missing = await admin.checkText('other.yaml', definitionText('other-campaign').replace('directory:current', 'directory:999'));
    expect(missing.issues.map((issue) => issue.path.join('.') + ' ' + issue.expected).join('\n')).toMatch(/include/);
    expect(await directory.pinHistory('directory-test')).toEqual([expect.objectContaining({ version: pinned, action: 'launch', by: '管理员张三' })]);
  });
});
