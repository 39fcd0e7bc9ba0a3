/**
 * Accounts in the store: WEB_ACCOUNTS as the bootstrap, an administrator creating, scoping,
 * resetting and disabling accounts, a person changing their own password; each disable or
 * password change ends that account's sessions (on every web server: they are in the store).
 */
import path from 'node:path';
import { AccountAdmin } from '../app/account-admin';
import { hashPassword } from '../app/accounts';
import { signIn } from '../app/sign-in';
import { UnitDirectory } from '../app/directory';
import type { Store } from '../store/database';
import { useTestStores } from './support/database';

const seedFile = path.resolve(__dirname, '../config/shared/zaozhuang-units.yaml');
let webA: Store;
let webB: Store;
useTestStores(2, (stores) => ([webA, webB] = stores as [Store, Store]));
const adminOf = (store: Store) => new AccountAdmin({ accounts: store.accounts, sessions: store.sessions, directory: new UnitDirectory(store.directory, seedFile) });
const boss = { username: 'admin', name: '管理员张三' };
const environment = [{ username: 'admin', name: '管理员张三', role: 'admin' as const, passwordHash: hashPassword('admin-password-1') }];

describe('accounts in the store', () => {
  it('imports WEB_ACCOUNTS once, refreshes them from there, and keeps one changed in the pages', async () => {
    const accounts = adminOf(webA);
    const none = { imported: [], refreshed: [], kept: [], withdrawn: [], keptLastAdmin: [] };
    expect(await accounts.importFromEnvironment(environment)).toEqual({ ...none, imported: ['admin'] });
    expect(await accounts.importFromEnvironment(environment)).toEqual(none);
    expect(await accounts.importFromEnvironment([{ ...environment[0]!, name: '管理员张三丰' }])).toEqual({ ...none, refreshed: ['admin'] });
    await accounts.update('admin', { name: '管理员张三' }, boss);
    expect(await accounts.importFromEnvironment([{ ...environment[0]!, name: '另一个名字' }])).toEqual({ ...none, kept: ['admin'] });
    expect(await adminOf(webB).get('admin')).toMatchObject({ name: '管理员张三', managedBy: 'store', role: 'admin' });
  });

  it('creates a scoped supervisor whose scope covers the county and the units below it', async () => {
    const accounts = adminOf(webA);
    const created = await accounts.create({ username: 'tengzhou-lead', name: '滕州督办王五', role: 'supervisor', password: 'tengzhou-password-1', scope: ['tengzhou'] }, boss.name);
    expect(created).toMatchObject({ username: 'tengzhou-lead', role: 'supervisor', scope: ['tengzhou'], isDisabled: false, createdBy: '管理员张三' });
    expect(JSON.stringify(created)).not.toContain('scrypt');
    const staff = await adminOf(webB).staffOf('tengzhou-lead');
    expect([...staff!.scope!.unitIds]).toEqual(['tengzhou']);
    await accounts.create({ username: 'districts-lead', name: '区县督办', role: 'supervisor', password: 'districts-password-1', scope: ['districts'] }, boss.name);
    expect((await accounts.staffOf('districts-lead'))!.scope!.unitIds.size).toBe(7);
    // Every supervisor sees every unit when no scope is given; an administrator's scope is ignored.
    await accounts.create({ username: 'city-lead', name: '市局督办', role: 'supervisor', password: 'city-password-01' }, boss.name);
    expect((await accounts.staffOf('city-lead'))!.scope).toBeUndefined();
  });

  it('refuses a taken name, a short password, an unknown scope and an empty one, at their fields', async () => {
    const accounts = adminOf(webA);
    await expect(accounts.create({ username: 'tengzhou-lead', name: '重名', role: 'supervisor', password: 'another-password-1' }, boss.name)).rejects.toMatchObject({ fieldErrors: { username: ['用户名“tengzhou-lead”已被使用'] } });
    await expect(accounts.create({ username: 'bad name', name: '甲', role: 'supervisor', password: 'short', scope: ['atlantis'] }, boss.name)).rejects.toMatchObject({
      fieldErrors: { username: [expect.stringContaining('用户名应为')], password: ['密码至少10个字符'], scope: ['单位名录中没有单位或分组 atlantis'] },
    });
    await expect(accounts.update('city-lead', { scope: [] }, boss)).rejects.toMatchObject({ fieldErrors: { scope: [expect.stringContaining('请至少选择一个')] } });
    await expect(accounts.get('nobody')).rejects.toMatchObject({ status: 404 });
  });

  it('ends every session of an account when it is disabled or its password reset, and signs it in no more', async () => {
    const accounts = adminOf(webA);
    const throttle = webA.throttle;
    const sign = (password: string) => signIn((username) => accounts.forSignIn(username), throttle, { address: '192.0.2.7', username: 'tengzhou-lead', password });
    await expect(sign('tengzhou-password-1')).resolves.toMatchObject({ username: 'tengzhou-lead', role: 'supervisor' });
    const sessions = await Promise.all([webA.sessions.create({ ...boss, username: 'tengzhou-lead', role: 'supervisor', ttlMs: 60_000 }), webB.sessions.create({ username: 'tengzhou-lead', name: '滕州督办王五', role: 'supervisor', ttlMs: 60_000 })]);
    expect(await accounts.setDisabled('tengzhou-lead', true, boss)).toMatchObject({ account: { isDisabled: true }, sessionsEnded: 2 });
    for (const session of sessions) expect(await webB.sessions.find(session.id)).toBeNull();
    expect(await accounts.staffOf('tengzhou-lead')).toBeUndefined();
    await expect(sign('tengzhou-password-1')).rejects.toMatchObject({ status: 401, message: '此账号已停用，请联系管理员' });
    await accounts.setDisabled('tengzhou-lead', false, boss);

    const session = await webB.sessions.create({ username: 'tengzhou-lead', name: '滕州督办王五', role: 'supervisor', ttlMs: 60_000 });
    expect(await accounts.resetPassword('tengzhou-lead', 'reset-password-22', boss)).toMatchObject({ sessionsEnded: 1, account: { passwordChangedAt: expect.any(String) } });
    expect(await webA.sessions.find(session.id)).toBeNull();
    await expect(sign('tengzhou-password-1')).rejects.toMatchObject({ status: 401 });
    await expect(sign('reset-password-22')).resolves.toMatchObject({ username: 'tengzhou-lead' });
  });

  it('lets a person change their own password only with the current one', async () => {
    const accounts = adminOf(webB);
    await expect(accounts.changeOwnPassword('city-lead', 'wrong-password', 'new-password-333')).rejects.toMatchObject({ fieldErrors: { currentPassword: ['当前密码不正确'] } });
    await expect(accounts.changeOwnPassword('city-lead', 'city-password-01', 'city-password-01')).rejects.toMatchObject({ fieldErrors: { newPassword: ['新密码不能与当前密码相同'] } });
    const session = await webA.sessions.create({ username: 'city-lead', name: '市局督办', role: 'supervisor', ttlMs: 60_000 });
    expect(await accounts.changeOwnPassword('city-lead', 'city-password-01', 'new-password-333')).toEqual({ sessionsEnded: 1 });
    expect(await webA.sessions.find(session.id)).toBeNull();
  });

  it('keeps an enabled administrator: nobody disables themselves or demotes the last one', async () => {
    const accounts = adminOf(webA);
    await expect(accounts.setDisabled('admin', true, boss)).rejects.toMatchObject({ status: 403, message: '不能停用自己的账号' });
    await expect(accounts.update('admin', { role: 'supervisor' }, { username: 'other', name: '其他人' })).rejects.toMatchObject({ message: '管理员张三是最后一个可用的管理员，不能改为督办人员' });
    await accounts.create({ username: 'admin2', name: '管理员二', role: 'admin', password: 'admin2-password' }, boss.name);
    await expect(accounts.update('admin', { role: 'supervisor' }, { username: 'admin2', name: '管理员二' })).resolves.toMatchObject({ role: 'supervisor' });
  });
});

describe('WEB_ACCOUNTS withdrawn', () => {
  // A store of its own: the bootstrap's effects depend on which accounts exist.
  let fresh: Store;
  useTestStores(1, (stores) => ([fresh] = stores as [Store]));

  it('disables an account WEB_ACCOUNTS no longer names and ends its sessions, enables it when named again, and never disables the last administrator', async () => {
    const accounts = adminOf(fresh);
    const none = { imported: [], refreshed: [], kept: [], withdrawn: [], keptLastAdmin: [] };
    const lead = { username: 'env-lead', name: '督办李四', role: 'supervisor' as const, passwordHash: hashPassword('lead-password-1') };
    expect(await accounts.importFromEnvironment([...environment, lead])).toEqual({ ...none, imported: ['admin', 'env-lead'] });
    const session = await fresh.sessions.create({ username: 'env-lead', name: '督办李四', role: 'supervisor', ttlMs: 60_000 });

    // The next start's WEB_ACCOUNTS leaves 李四 out: disabled everywhere, the session gone.
    expect(await accounts.importFromEnvironment(environment)).toEqual({ ...none, withdrawn: ['env-lead'] });
    expect(await adminOf(fresh).staffOf('env-lead')).toBeUndefined();
    expect(await fresh.sessions.find(session.id)).toBeNull();
    expect(await accounts.get('env-lead')).toMatchObject({ isDisabled: true, managedBy: 'environment', updatedBy: 'WEB_ACCOUNTS' });
    // Named again: enabled again.
    expect(await accounts.importFromEnvironment([...environment, lead])).toEqual({ ...none, refreshed: ['env-lead'] });
    expect(await adminOf(fresh).staffOf('env-lead')).toMatchObject({ name: '督办李四', role: 'supervisor' });

    // An empty WEB_ACCOUNTS: 李四 goes, the only administrator stays so that someone can sign in.
    expect(await accounts.importFromEnvironment([])).toEqual({ ...none, withdrawn: ['env-lead'], keptLastAdmin: ['admin'] });
    expect(await accounts.get('admin')).toMatchObject({ isDisabled: false });
    // Once another administrator exists in the store, the environment's one can go.
    await accounts.create({ username: 'store-admin', name: '管理员王五', role: 'admin', password: 'store-admin-password-1' }, boss.name);
    expect(await accounts.importFromEnvironment([])).toEqual({ ...none, withdrawn: ['admin'] });
    // Accounts made in the pages are never the environment's to withdraw.
    expect(await accounts.get('store-admin')).toMatchObject({ isDisabled: false, managedBy: 'store' });
  });
});
