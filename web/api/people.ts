/** 单位名录 and 账号管理 for scripts, as the pages do them; and anyone's own password. */
import { z } from 'zod';
import { adminGuard, requireStaff } from '../auth';
import type { WebContext } from '../context';
import { endSession, type Session } from '../session';
import type { ApiRegistry } from '../openapi';
import { id, yamlFileName } from './schemas';

const role = z.enum(['admin', 'supervisor'], { error: '应为 admin 或 supervisor' });
const scope = z.array(z.string().max(64)).max(500);
const account = z.object({
  username: z.string(),
  name: z.string(),
  role,
  scope: z.array(z.string()).optional(),
  isDisabled: z.boolean(),
  managedBy: z.enum(['environment', 'store']),
  createdBy: z.string(),
  createdAt: z.string(),
  updatedBy: z.string(),
  updatedAt: z.string(),
  passwordChangedAt: z.string().optional(),
});
const username = z.object({ username: z.string().regex(/^[A-Za-z0-9._@-]{1,64}$/, { error: '应为用户名（1–64个字母、数字或 . _ @ -）' }) });
const versionSummary = z.object({ number: z.number(), changes: z.array(z.string()), note: z.string(), savedBy: z.string(), savedAt: z.date() });
const summaryOf = (saved: z.infer<typeof versionSummary>) => ({ number: saved.number, changes: saved.changes, note: saved.note, savedBy: saved.savedBy, savedAt: saved.savedAt });
/** Every change of the directory names the version it was based on, and may say why. */
const directoryEdit = { basedOn: z.number({ error: '应为名录版本号' }).int().min(1).max(2_147_483_647), note: z.string().max(500).default('') };
const directoryChanged = '名录已在别处保存（basedOn 不是最新版本），没有任何改变';

export function registerPeopleApi(api: ApiRegistry, context: WebContext): void {
  registerDirectoryApi(api, context);
  registerDirectoryPartsApi(api, context);
  registerAccountApi(api, context);
}

/** The unit directory: its current version read, a unit saved. */
function registerDirectoryApi(api: ApiRegistry, context: WebContext): void {
  const { directory } = context.app;
  const admin = adminGuard(context.auth);
  api.add({
    method: 'GET',
    url: '/api/directory',
    summary: '单位名录的当前版本（单位、联系人、分组）及全部版本（谁、何时、为何、改了什么）',
    tag: '管理',
    security: 'admin',
    guard: admin(false),
    response: z.object({ version: versionSummary, directory: z.unknown(), versions: z.array(versionSummary) }),
    handler: async () => {
      const { directory: content, ...version } = await directory.current();
      return { version, directory: content, versions: await directory.list() };
    },
  });
  api.add({
    method: 'POST',
    url: '/api/directory/units/:unitId',
    summary: '新增或修改一个单位（名称、类别、上级、联系人），保存为名录的新版本；basedOn 不是最新版本时 409',
    tag: '管理',
    security: 'admin',
    params: z.object({ unitId: id }),
    body: z.object({ ...directoryEdit, unit: z.record(z.string(), z.unknown()) }),
    refusals: { 409: directoryChanged },
    guard: admin(true),
    response: versionSummary,
    handler: async ({ params, body, caller }) => {
      const isNew = !(await directory.current()).directory.units.some((unit) => unit.id === params.unitId);
      const saved = await directory.saveUnit({ ...body.unit, id: params.unitId }, { basedOn: body.basedOn, note: body.note, by: caller.name }, isNew);
      return summaryOf(saved);
    },
  });
}

/** The directory's groups saved and deleted, its own unit kinds saved, a whole YAML file imported: each a new version. */
function registerDirectoryPartsApi(api: ApiRegistry, context: WebContext): void {
  const { directory } = context.app;
  const admin = adminGuard(context.auth);
  const isGroup = async (groupId: string) => groupId in (await directory.current()).directory.groups;
  api.add({
    method: 'POST',
    url: '/api/directory/groups/:groupId',
    summary: '新增一个分组或设置其成员（单位编号），保存为名录的新版本',
    tag: '管理',
    security: 'admin',
    params: z.object({ groupId: id }),
    body: z.object({ ...directoryEdit, members: z.array(id).max(10_000) }),
    refusals: { 409: directoryChanged },
    guard: admin(true),
    response: versionSummary,
    handler: async ({ params, body, caller }) =>
      summaryOf(await directory.saveGroup(params.groupId, body.members, { basedOn: body.basedOn, note: body.note, by: caller.name }, !(await isGroup(params.groupId)))),
  });
  api.add({
    method: 'DELETE',
    url: '/api/directory/groups/:groupId',
    summary: '删除一个分组（其成员单位不变），保存为名录的新版本',
    tag: '管理',
    security: 'admin',
    params: z.object({ groupId: id }),
    query: z.object({ basedOn: z.coerce.number({ error: '应为名录版本号' }).int().min(1).max(2_147_483_647), note: z.string().max(500).default('') }),
    refusals: { 404: '名录中没有这个分组', 409: directoryChanged },
    guard: admin(true),
    response: versionSummary,
    handler: async ({ params, query, caller }) => summaryOf(await directory.deleteGroup(params.groupId, { ...query, by: caller.name })),
  });
  api.add({
    method: 'POST',
    url: '/api/directory/unit-kinds/:kindId',
    summary: '新增或改名名录自己的单位类别（如 town：镇；内置类别不能改），保存为名录的新版本',
    tag: '管理',
    security: 'admin',
    params: z.object({ kindId: id }),
    body: z.object({ ...directoryEdit, name: z.string().trim().min(1, { error: '请填写类别名称' }).max(40) }),
    refusals: { 409: directoryChanged },
    guard: admin(true),
    response: versionSummary,
    handler: async ({ params, body, caller }) => summaryOf(await directory.saveUnitKind(params.kindId, body.name, { basedOn: body.basedOn, note: body.note, by: caller.name })),
  });
  api.add({
    method: 'POST',
    url: '/api/directory/import',
    summary: '导入一个名录 YAML 文件（GET /admin/directory/versions/<n>.yaml 的格式），整体保存为名录的新版本；有错误时逐条指出行号，不保存',
    tag: '管理',
    security: 'admin',
    body: z.object({ ...directoryEdit, fileName: yamlFileName, yaml: z.string().min(1, { error: '文件为空' }).max(2_000_000, { error: '名录文件最多2000000字' }) }),
    refusals: { 409: directoryChanged },
    guard: admin(true),
    response: versionSummary,
    handler: async ({ body, caller }) => summaryOf(await directory.importYaml(body.fileName, body.yaml, { basedOn: body.basedOn, note: body.note, by: caller.name })),
  });
}

/** Accounts: listed, created, changed, and anyone's own password. */
function registerAccountApi(api: ApiRegistry, context: WebContext): void {
  const { auth } = context;
  const { accounts } = context.app;
  const admin = adminGuard(context.auth);
  api.add({
    method: 'GET',
    url: '/api/accounts',
    summary: '全部账号（不含密码）：角色、督办范围、是否停用、来源',
    tag: '管理',
    security: 'admin',
    guard: admin(false),
    response: z.object({ accounts: z.array(account) }),
    handler: async () => ({ accounts: await accounts.list() }),
  });
  api.add({
    method: 'POST',
    url: '/api/accounts',
    summary: '新建督办人员或管理员；scope：督办范围（名录中的单位或分组），不填为全部单位',
    tag: '管理',
    security: 'admin',
    body: username.extend({ name: z.string().trim().min(1, { error: '请填写姓名' }).max(100), role, password: z.string().max(256), scope: scope.optional() }),
    refusals: { 409: '已有这个用户名的账号' },
    guard: admin(true),
    response: account,
    handler: async ({ body, caller }) => accounts.create(body, caller.name),
  });
  api.add({
    method: 'POST',
    url: '/api/accounts/:username',
    summary: '修改账号：姓名、角色、督办范围（null：全部单位）、重置密码、停用或启用；重置密码或停用使其全部登录失效',
    tag: '管理',
    security: 'admin',
    params: username,
    body: z
      .object({ name: z.string().trim().min(1).max(100).optional(), role: role.optional(), scope: scope.nullable().optional(), password: z.string().max(256).optional(), isDisabled: z.boolean({ error: '应为 true 或 false' }).optional() })
      .refine((change) => Object.keys(change).length > 0, { error: '请至少填写一项修改（name、role、scope、password 或 isDisabled）' }),
    refusals: { 404: '没有这个账号' },
    guard: admin(true),
    response: account.extend({ sessionsEnded: z.number() }),
    handler: async ({ params, body, caller }) => {
      const { password, isDisabled, ...change } = body;
      let sessionsEnded = 0;
      let view = Object.keys(change).length > 0 ? await accounts.update(params.username, change, caller) : await accounts.get(params.username);
      if (password !== undefined) ({ account: view, sessionsEnded } = await accounts.resetPassword(params.username, password, caller));
      if (isDisabled !== undefined) {
        const result = await accounts.setDisabled(params.username, isDisabled, caller);
        view = result.account;
        sessionsEnded += result.sessionsEnded;
      }
      return { ...view, sessionsEnded };
    },
  });
  api.add({
    method: 'POST',
    url: '/api/account/password',
    summary: '修改自己的密码（需当前密码）；所有登录随即失效，需重新登录',
    tag: '登录',
    security: 'supervisor',
    body: z.object({ currentPassword: z.string().max(256), newPassword: z.string().max(256) }),
    guard: (request): Promise<Session> => requireStaff(request, auth, 'supervisor', { changesState: true }),
    response: z.object({ sessionsEnded: z.number() }),
    handler: async ({ body, caller }, request, reply) => {
      const ended = await accounts.changeOwnPassword(caller.username, body.currentPassword, body.newPassword);
      await endSession(request, reply, auth.sessions);
      return ended;
    },
  });
}
