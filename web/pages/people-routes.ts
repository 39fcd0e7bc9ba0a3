/**
 * The administrator's 单位名录 and 账号管理 pages, and everyone's 修改密码. A refused form is shown
 * again with its reasons (the status of the refusal); a saved one redirects (post/redirect/get).
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { requireStaff } from '../auth';
import type { WebContext } from '../context';
import { InvalidInputError, NotFoundError, WebError } from '../../app/errors';
import { endSession } from '../session';
import { directoryPage, unitOfForm, type UnitFormValues, unitPage } from './directory';
import { accountsPage, passwordPage } from './people';
import { definitionUploadMb, readMultipart } from '../http';
import { errorsOf, formOf, type PageKit, parseForm } from './kit';

const doneOf: Record<string, string> = {
  saved: '单位名录已保存为新版本。',
  imported: '名录文件已导入为新版本。',
  created: '账号已创建。',
  updated: '账号已保存。',
  reset: '密码已重置，该账号的所有登录已失效。',
  disabled: '账号已停用，其所有登录已失效。',
  enabled: '账号已重新启用。',
};

/** Every value of a form field that may repeat (checkboxes): the body parser gives a list then. */
function valuesOf(request: FastifyRequest, key: string): string[] {
  const value = (request.body as Record<string, unknown> | undefined)?.[key];
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

const editForm = z.object({ basedOn: z.coerce.number({ error: '缺少名录版本' }).int().min(1), note: z.string().max(500).default('') });
const roleField = z.enum(['admin', 'supervisor'], { error: '角色应为 admin 或 supervisor' });

/** Administrators only; `changesState` asks for the CSRF token. */
const adminOf = (auth: PageKit['auth']) => (request: FastifyRequest, changesState: boolean) => requireStaff(request, auth, 'admin', { changesState });
const doneFrom = (request: FastifyRequest) => doneOf[(request.query as { done?: string }).done ?? ''];

/** Runs a change; a refusal shows `again` with its reasons, else redirects to `to`. */
const changeOf = (sendPage: PageKit['sendPage']) => async (reply: FastifyReply, run: () => Promise<unknown>, again: (errors: string[]) => Promise<string>, to: string) => {
  try {
    await run();
  } catch (error) {
    if (!(error instanceof WebError) || error instanceof NotFoundError) throw error;
    return sendPage(reply, error.status, await again(errorsOf(error)));
  }
  return reply.redirect(to, 303);
};

export function registerPeoplePages(context: WebContext, kit: PageKit): void {
  registerDirectoryPages(context, kit);
  registerAccountPages(context, kit);
  registerPasswordPages(context, kit);
}

/** 单位名录: the directory, its versions downloaded, units and groups edited. */
function registerDirectoryPages(context: WebContext, kit: PageKit): void {
  const { server: app } = context;
  const { directory } = context.app;
  const { auth, userOf, sendPage, pageErrors } = kit;
  const admin = adminOf(auth);
  const change = changeOf(sendPage);
  const showDirectory = async (request: FastifyRequest, notice: { errors?: string[]; done?: string }) => {
    const session = await admin(request, false);
    const current = await directory.current();
    return directoryPage(current, await directory.list(), directory.kindsOf(current.directory), userOf(session), notice);
  };
  const showUnit = async (request: FastifyRequest, unitId: string | undefined, errors: string[] = [], values?: UnitFormValues) => {
    const session = await admin(request, false);
    const current = await directory.current();
    const unit = unitId === undefined ? undefined : current.directory.units.find((candidate) => candidate.id === unitId);
    if (unitId !== undefined && !unit) throw new NotFoundError(`单位名录中没有单位 ${unitId}`);
    return unitPage(current, directory.kindsOf(current.directory), userOf(session), unit, errors, values ?? unit);
  };
  app.get('/admin/directory', async (request, reply) => pageErrors(reply, async () => sendPage(reply, 200, await showDirectory(request, { ...(doneFrom(request) ? { done: doneFrom(request) } : {}) }))));
  app.get('/admin/directory/versions/:file', async (request, reply) =>
    pageErrors(reply, async () => {
      await admin(request, false);
      const { file } = parseForm(z.object({ file: z.string().regex(/^[1-9]\d{0,8}\.yaml$/, { error: '应为 <版本>.yaml' }) }), request.params);
      const { fileName, yaml } = await directory.yamlOf(Number(file.slice(0, -'.yaml'.length)));
      return reply.type('application/yaml; charset=utf-8').header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(fileName)}`).send(yaml);
    }),
  );
  app.get('/admin/directory/units/new', async (request, reply) => pageErrors(reply, async () => sendPage(reply, 200, await showUnit(request, undefined))));
  app.get('/admin/directory/units/:unitId', async (request, reply) =>
    pageErrors(reply, async () => sendPage(reply, 200, await showUnit(request, parseForm(z.object({ unitId: z.string() }), request.params).unitId))),
  );
  const saveUnit = (isNew: boolean) => async (request: FastifyRequest, reply: FastifyReply) =>
    pageErrors(reply, async () => {
      const session = await admin(request, true);
      const form = formOf(request);
      const unitId = isNew ? undefined : parseForm(z.object({ unitId: z.string() }), request.params).unitId;
      const edit = { ...parseForm(editForm, form), by: session.name };
      const unit = unitOfForm({ ...form, ...(unitId ? { id: unitId } : {}) });
      // The display order is not on the form: an edited unit keeps its own.
      const order = unitId ? (await directory.current()).directory.units.find((candidate) => candidate.id === unitId)?.order : undefined;
      return change(reply, () => directory.saveUnit({ ...unit, ...(order !== undefined ? { order } : {}) }, edit, isNew), (errors) => showUnit(request, unitId, errors, unit), '/admin/directory?done=saved');
    });
  app.post('/admin/directory/units', saveUnit(true));
  app.post('/admin/directory/units/:unitId', saveUnit(false));
  app.post('/admin/directory/units/:unitId/delete', async (request, reply) =>
    pageErrors(reply, async () => {
      const session = await admin(request, true);
      const { unitId } = parseForm(z.object({ unitId: z.string() }), request.params);
      const edit = { ...parseForm(editForm, formOf(request)), by: session.name };
      return change(reply, () => directory.deleteUnit(unitId, edit), (errors) => showUnit(request, unitId, errors), '/admin/directory?done=saved');
    }),
  );
  registerDirectoryPartPages(context, kit, showDirectory);
}

/** 单位名录's groups saved and deleted, its own unit kinds saved, a whole YAML file imported. */
function registerDirectoryPartPages(context: WebContext, kit: PageKit, showDirectory: (request: FastifyRequest, notice: { errors?: string[] }) => Promise<string>): void {
  const { server: app } = context;
  const { directory } = context.app;
  const { auth, sendPage, pageErrors } = kit;
  const admin = adminOf(auth);
  const change = changeOf(sendPage);
  app.post('/admin/directory/groups', async (request, reply) =>
    pageErrors(reply, async () => {
      const session = await admin(request, true);
      const form = formOf(request);
      const edit = { ...parseForm(editForm, form), by: session.name };
      const { id } = parseForm(z.object({ id: z.string().trim().min(1, { error: '请填写分组编号' }) }), form);
      const isNew = !(id in (await directory.current()).directory.groups);
      return change(reply, () => directory.saveGroup(id, valuesOf(request, 'members'), edit, isNew), (errors) => showDirectory(request, { errors }), '/admin/directory?done=saved');
    }),
  );
  app.post('/admin/directory/groups/:groupId/delete', async (request, reply) =>
    pageErrors(reply, async () => {
      const session = await admin(request, true);
      const { groupId } = parseForm(z.object({ groupId: z.string() }), request.params);
      const edit = { ...parseForm(editForm, formOf(request)), by: session.name };
      return change(reply, () => directory.deleteGroup(groupId, edit), (errors) => showDirectory(request, { errors }), '/admin/directory?done=saved');
    }),
  );
  app.post('/admin/directory/unit-kinds', async (request, reply) =>
    pageErrors(reply, async () => {
      const session = await admin(request, true);
      const form = formOf(request);
      const edit = { ...parseForm(editForm, form), by: session.name };
      const kind = parseForm(z.object({ kindId: z.string().trim().min(1, { error: '请填写类别编号' }), kindName: z.string().trim().min(1, { error: '请填写类别名称' }) }), form);
      return change(reply, () => directory.saveUnitKind(kind.kindId, kind.kindName, edit), (errors) => showDirectory(request, { errors }), '/admin/directory?done=saved');
    }),
  );
  app.post('/admin/directory/import', async (request, reply) =>
    pageErrors(reply, async () => {
      const session = await admin(request, true);
      const { fields, files } = await readMultipart(request, definitionUploadMb(context.env.WEB_MAX_UPLOAD_MB));
      const edit = { ...parseForm(editForm, fields), by: session.name };
      const file = files[0];
      if (!file || file.content.length === 0) return sendPage(reply, 400, await showDirectory(request, { errors: ['请选择名录 YAML 文件'] }));
      return change(reply, () => directory.importYaml(file.fileName, file.content.toString('utf8'), edit), (errors) => showDirectory(request, { errors }), '/admin/directory?done=imported');
    }),
  );
}

/** 账号管理: accounts listed, created, changed, their passwords reset, disabled or enabled. */
function registerAccountPages(context: WebContext, kit: PageKit): void {
  const { server: app } = context;
  const { directory, accounts } = context.app;
  const { auth, userOf, sendPage, pageErrors } = kit;
  const admin = adminOf(auth);
  const change = changeOf(sendPage);
  const showAccounts = async (request: FastifyRequest, notice: { errors?: string[]; done?: string }) => {
    const session = await admin(request, false);
    return accountsPage(await accounts.list(), (await directory.current()).directory, userOf(session), notice);
  };
  const scopeOf = (request: FastifyRequest) => {
    const scope = valuesOf(request, 'scope');
    return scope.length > 0 ? scope : undefined;
  };
  const usernameOf = (request: FastifyRequest) => parseForm(z.object({ username: z.string() }), request.params).username;
  app.get('/admin/accounts', async (request, reply) => pageErrors(reply, async () => sendPage(reply, 200, await showAccounts(request, { ...(doneFrom(request) ? { done: doneFrom(request) } : {}) }))));
  app.post('/admin/accounts', async (request, reply) =>
    pageErrors(reply, async () => {
      const session = await admin(request, true);
      const form = formOf(request);
      const input = parseForm(z.object({ username: z.string().trim(), name: z.string().trim().min(1, { error: '请填写姓名' }), role: roleField, password: z.string() }), form);
      const scope = input.role === 'supervisor' ? scopeOf(request) : undefined;
      return change(reply, () => accounts.create({ ...input, ...(scope ? { scope } : {}) }, session.name), (errors) => showAccounts(request, { errors }), '/admin/accounts?done=created');
    }),
  );
  app.post('/admin/accounts/:username', async (request, reply) =>
    pageErrors(reply, async () => {
      const session = await admin(request, true);
      const input = parseForm(z.object({ name: z.string().trim().min(1, { error: '请填写姓名' }), role: roleField }), formOf(request));
      const scope = input.role === 'supervisor' ? (scopeOf(request) ?? null) : null;
      return change(reply, () => accounts.update(usernameOf(request), { ...input, scope }, session), (errors) => showAccounts(request, { errors }), '/admin/accounts?done=updated');
    }),
  );
  app.post('/admin/accounts/:username/password', async (request, reply) =>
    pageErrors(reply, async () => {
      const session = await admin(request, true);
      const { password } = parseForm(z.object({ password: z.string() }), formOf(request));
      return change(reply, () => accounts.resetPassword(usernameOf(request), password, session), (errors) => showAccounts(request, { errors }), '/admin/accounts?done=reset');
    }),
  );
  for (const action of ['disable', 'enable'] as const) {
    app.post(`/admin/accounts/:username/${action}`, async (request, reply) =>
      pageErrors(reply, async () => {
        const session = await admin(request, true);
        formOf(request);
        return change(reply, () => accounts.setDisabled(usernameOf(request), action === 'disable', session), (errors) => showAccounts(request, { errors }), `/admin/accounts?done=${action}d`);
      }),
    );
  }
}

/** 修改密码: anyone's own password. */
function registerPasswordPages(context: WebContext, kit: PageKit): void {
  const { server: app } = context;
  const { accounts } = context.app;
  const { auth, userOf, sendPage, pageErrors } = kit;
  app.get('/account/password', async (request, reply) =>
    pageErrors(reply, async () => sendPage(reply, 200, passwordPage(userOf(await requireStaff(request, auth, 'supervisor', { changesState: false }))))),
  );
  app.post('/account/password', async (request, reply) =>
    pageErrors(reply, async () => {
      const session = await requireStaff(request, auth, 'supervisor', { changesState: true });
      const form = parseForm(z.object({ currentPassword: z.string(), newPassword: z.string() }), formOf(request));
      try {
        await accounts.changeOwnPassword(session.username, form.currentPassword, form.newPassword);
      } catch (error) {
        if (!(error instanceof InvalidInputError)) throw error;
        return sendPage(reply, 400, passwordPage(userOf(session), errorsOf(error)));
      }
      // Every session of the account has ended, this one too: sign in again with the new password.
      await endSession(request, reply, auth.sessions);
      return reply.redirect('/login?done=password', 303);
    }),
  );
}
