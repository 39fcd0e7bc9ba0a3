/**
 * The HTML pages: forms post here, the same operations as the JSON API run, and the browser is
 * redirected to the page that shows the result (post/redirect/get). A refusal re-renders the page
 * with the reason; nothing changed.
 */
import { itemActionNames } from '../../contracts/vocabulary';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { CampaignNotFoundError, campaignEvaluation } from '../../evaluation/api';
import { renderHtml } from '../../evaluation/exports/html';
import { authenticate } from '../../app/accounts';
import { requireStaff, requireUnit } from '../auth';
import type { WebContext } from '../context';
import { previewTimeline } from '../../config/plan-timeline';
import { } from '../context';
import { InvalidInputError, NotFoundError, RefusedError, TooManyAttemptsError, UnauthenticatedError, WebError } from '../../app/errors';
import { obligationActionBody, occurrenceBody, unitActionBody } from '../api';
import { readMultipart } from '../http';
import { fieldErrorsOf } from '../openapi';
import { csrfTokenOf, endSession, readSession, startSession, type Session } from '../session';
import { inboxView, itemView, unitView } from '../../app/views';
import { adminHome, confirmPage, overviewPage, previewPage } from './admin';
import { type PageUser, stylesheet } from './html';
import { errorPage, loginPage } from './login';
import { inboxPage, itemPage, itemUrl, unitActionNames } from './supervisor';
import { simulationPage } from './simulation';
import { unitPage } from './unit';
import type { DefinitionSource } from '../../app/administration';

const doneMessages: Record<string, string> = {
  submitted: '报送成功，等待审核。',
  reported: '已报告一次。',
  ...Object.fromEntries(Object.entries(itemActionNames).map(([action, name]) => [action, `已${name}。`])),
  ...Object.fromEntries(Object.entries(unitActionNames).map(([action, name]) => [`unit-${action}`, `已对该单位${name}。`])),
  launched: '活动已启动。',
  'already-launched': '该活动已经启动过，没有重复启动。',
  pause: '活动已暂停。',
  resume: '活动已恢复。',
  cancel: '活动已撤销。',
  amend: '方案已修订。',
};

/** A form's fields through a zod schema: field errors are a 400 like the API's. */
function parseForm<T extends z.ZodType>(schema: T, value: unknown): z.output<T> {
  const parsed = schema.safeParse(value ?? {});
  if (!parsed.success) throw new InvalidInputError(fieldErrorsOf(parsed.error));
  return parsed.data;
}

/** An urlencoded form's fields (strings only); anything else (multipart, JSON with objects) is a 400, never a crash. */
function formOf(request: FastifyRequest): Record<string, string> {
  if (request.isMultipart()) throw new InvalidInputError({ '(body)': ['应为表单（application/x-www-form-urlencoded）'] });
  const body = request.body;
  if (body === undefined || body === null) return {};
  if (typeof body !== 'object' || Array.isArray(body)) throw new InvalidInputError({ '(body)': ['应为表单'] });
  return Object.fromEntries(Object.entries(body as Record<string, unknown>).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
}

/** `WebError` → its message list, for a page that shows it beside the form. */
function errorsOf(error: WebError): string[] {
  return error instanceof InvalidInputError ? Object.entries(error.fieldErrors).flatMap(([, messages]) => messages) : [error.message];
}

export function registerPages(context: WebContext): void {
  const { server: app, env } = context;
  const { operations, admin } = context.app;
  const auth = { secret: env.LINK_SECRET, now: context.now };
  const userOf = (session: Session): PageUser => ({ name: session.name, role: session.role, csrfToken: csrfTokenOf(session, env.LINK_SECRET) });
  const sendPage = (reply: FastifyReply, status: number, body: string) => reply.code(status).type('text/html; charset=utf-8').send(body);
  const done = (request: FastifyRequest) => {
    const code = (request.query as { done?: string }).done;
    return code && doneMessages[code] ? { done: doneMessages[code] } : undefined;
  };

  /** Page errors: a person is sent to log in, or shown the reason with the right status. */
  const pageErrors = async (reply: FastifyReply, run: () => Promise<unknown>) => {
    try {
      return await run();
    } catch (error) {
      if (error instanceof UnauthenticatedError && error.message === '请先登录') return reply.redirect('/login', 303);
      if (error instanceof WebError) return sendPage(reply, error.status, errorPage(error.status, errorsOf(error).join('；')));
      throw error;
    }
  };

  app.get('/assets/site.css', async (_request, reply) => reply.type('text/css; charset=utf-8').header('cache-control', 'max-age=3600').send(stylesheet));
  const chartScript = readFileSync(path.join(path.dirname(require.resolve('chart.js')), 'chart.umd.min.js'), 'utf8');
  app.get('/assets/chart.umd.min.js', async (_request, reply) => reply.type('text/javascript; charset=utf-8').header('cache-control', 'max-age=86400').send(chartScript));

  app.get('/', async (request, reply) => {
    const session = readSession(request);
    return reply.redirect(!session ? '/login' : session.role === 'admin' ? '/admin' : '/inbox', 303);
  });
  app.get('/login', async (_request, reply) => sendPage(reply, 200, loginPage()));
  app.post('/login', async (request, reply) => {
    const body: Record<string, string | undefined> = request.isMultipart() ? {} : formOf(request);
    const attempt = `${request.ip}|${body.username ?? ''}`;
    try {
      context.signIns.check(attempt);
    } catch (error) {
      if (!(error instanceof TooManyAttemptsError)) throw error;
      return sendPage(reply, 429, loginPage(error.message));
    }
    const account = authenticate(env.accounts, body.username ?? '', body.password ?? '');
    if (!account) {
      context.signIns.failed(attempt);
      return sendPage(reply, 401, loginPage('用户名或密码不正确'));
    }
    context.signIns.succeeded(attempt);
    startSession(reply, account, env.WEB_BASE_URL.startsWith('https://'));
    return reply.redirect(account.role === 'admin' ? '/admin' : '/inbox', 303);
  });
  app.post('/logout', async (request, reply) =>
    pageErrors(reply, async () => {
      requireStaff(request, auth, 'supervisor', { changesState: true });
      endSession(reply);
      return reply.redirect('/login', 303);
    }),
  );

  // --- unit ----------------------------------------------------------------------------------
  app.get('/unit', async (request, reply) =>
    pageErrors(reply, async () => {
      const scope = requireUnit(request, auth);
      const token = (request.query as { token: string }).token;
      return sendPage(reply, 200, unitPage(await unitView(context.app.views, scope), token, done(request)));
    }),
  );
  app.post('/unit/submit', async (request, reply) =>
    pageErrors(reply, async () => {
      const scope = requireUnit(request, auth);
      const { token, obligation: obligationId = '' } = request.query as { token: string; obligation?: string };
      try {
        // Everything is checked first (fields, then the files within the obligation's limits); the files are stored only then.
        const { fields, files } = await readMultipart(request, env.WEB_MAX_UPLOAD_MB);
        const values = Object.fromEntries(Object.entries(fields).filter(([name]) => name.startsWith('field.')).map(([name, value]) => [name.slice(6), value]));
        if (!fields.submittedBy?.trim()) throw new InvalidInputError({ submittedBy: ['请填写报送人'] });
        await operations.submit(scope, { obligationId, submittedBy: fields.submittedBy.trim(), fields: values, attachments: [], uploads: files });
      } catch (error) {
        if (!(error instanceof InvalidInputError || error instanceof RefusedError)) throw error;
        return sendPage(reply, error.status, unitPage(await unitView(context.app.views, scope), token, { errors: errorsOf(error) }));
      }
      return reply.redirect(`/unit?token=${encodeURIComponent(token)}&done=submitted#ob-${obligationId.replace(/[^a-z0-9-]/g, '-')}`, 303);
    }),
  );

  app.post('/unit/report', async (request, reply) =>
    pageErrors(reply, async () => {
      const scope = requireUnit(request, auth);
      const { token, obligation: obligationId = '' } = request.query as { token: string; obligation?: string };
      try {
        const { fields, files } = await readMultipart(request, env.WEB_MAX_UPLOAD_MB);
        const report = parseForm(occurrenceBody, {
          reportedBy: fields.reportedBy,
          date: fields.date,
          evidence: Object.fromEntries(Object.entries(fields).filter(([name]) => name.startsWith('evidence.')).map(([name, value]) => [name.slice(9), value])),
        });
        await operations.reportOccurrence(scope, { obligationId, ...report, attachments: [], uploads: files });
      } catch (error) {
        if (!(error instanceof InvalidInputError || error instanceof RefusedError)) throw error;
        return sendPage(reply, error.status, unitPage(await unitView(context.app.views, scope), token, { errors: errorsOf(error) }));
      }
      return reply.redirect(`/unit?token=${encodeURIComponent(token)}&done=reported#ob-${obligationId.replace(/[^a-z0-9-]/g, '-')}`, 303);
    }),
  );

  // --- supervisors ---------------------------------------------------------------------------
  app.get('/inbox', async (request, reply) =>
    pageErrors(reply, async () => {
      const session = requireStaff(request, auth, 'supervisor', { changesState: false });
      const filters = parseForm(
        z.object({ campaign: z.string().optional(), unit: z.string().optional(), level: z.coerce.number({ error: '督办层级应为整数' }).int().min(0).optional() }),
        Object.fromEntries(Object.entries(request.query as Record<string, string>).filter(([, value]) => value !== '')),
      );
      return sendPage(reply, 200, inboxPage(await inboxView(context.app.views, filters), filters, userOf(session)));
    }),
  );
  const itemParams = z.object({ campaignId: z.string(), unitId: z.string(), obligationId: z.string() });
  app.get('/campaigns/:campaignId/units/:unitId/obligations/:obligationId', async (request, reply) =>
    pageErrors(reply, async () => {
      const session = requireStaff(request, auth, 'supervisor', { changesState: false });
      const params = parseForm(itemParams, request.params);
      return sendPage(reply, 200, itemPage(await itemView(context.app.views, params.campaignId, params.unitId, params.obligationId), userOf(session), done(request)));
    }),
  );
  app.post('/campaigns/:campaignId/units/:unitId/obligations/:obligationId/actions', async (request, reply) =>
    pageErrors(reply, async () => {
      const session = requireStaff(request, auth, 'supervisor', { changesState: true });
      const params = parseForm(itemParams, request.params);
      const body = formOf(request);
      try {
        const parsed = obligationActionBody.safeParse(Object.fromEntries(Object.entries(body).filter(([, value]) => value !== '')));
        if (!parsed.success) throw new InvalidInputError(fieldErrorsOf(parsed.error));
        await operations.act(params, parsed.data, session.name);
        return reply.redirect(`${itemUrl(params)}?done=${parsed.data.action}`, 303);
      } catch (error) {
        if (!(error instanceof InvalidInputError || error instanceof RefusedError)) throw error;
        const view = await itemView(context.app.views, params.campaignId, params.unitId, params.obligationId);
        return sendPage(reply, error.status, itemPage(view, userOf(session), { errors: errorsOf(error) }));
      }
    }),
  );
  app.post('/campaigns/:campaignId/units/:unitId/actions', async (request, reply) =>
    pageErrors(reply, async () => {
      const session = requireStaff(request, auth, 'supervisor', { changesState: true });
      const { campaignId, unitId } = parseForm(z.object({ campaignId: z.string(), unitId: z.string() }), request.params);
      const body = formOf(request);
      const back = body.back?.startsWith('/campaigns/') ? body.back : '/inbox';
      const action = parseForm(unitActionBody, { action: body.action, reason: body.reason });
      await operations.actOnUnit(campaignId, { unitId, ...action }, session.name);
      return reply.redirect(`${back}?done=unit-${action.action}`, 303);
    }),
  );

  // --- administrators ------------------------------------------------------------------------
  app.get('/admin', async (request, reply) =>
    pageErrors(reply, async () => {
      const session = requireStaff(request, auth, 'admin', { changesState: false });
      return sendPage(reply, 200, adminHome(await context.app.reader.listCampaigns(), admin.definitionFiles(), userOf(session)));
    }),
  );
  app.post('/admin/preview', async (request, reply) =>
    pageErrors(reply, async () => {
      const session = requireStaff(request, auth, 'admin', { changesState: true });
      let source: DefinitionSource;
      if (request.isMultipart()) {
        const { files } = await readMultipart(request, env.WEB_MAX_UPLOAD_MB);
        const file = files[0];
        if (!file) throw new InvalidInputError({ definition: ['请选择要上传的方案文件'] });
        source = await admin.keepUpload(file.fileName, file.content.toString('utf8'));
      } else {
        source = { file: formOf(request).file ?? '' };
      }
      const validation = await admin.validate(source);
      const plan = validation.loaded?.plan;
      const result = plan
        ? { valid: true, issues: [], title: plan.campaign.title, campaignId: plan.campaign.id, instances: plan.instances.length, timeline: previewTimeline(plan) }
        : { valid: false, issues: validation.issues };
      return sendPage(reply, validation.valid ? 200 : 400, previewPage(source, result, userOf(session)));
    }),
  );
  app.post('/admin/launch', async (request, reply) =>
    pageErrors(reply, async () => {
      const session = requireStaff(request, auth, 'admin', { changesState: true });
      const body = parseForm(z.object({ upload: z.string().optional(), file: z.string().optional(), rebaseTo: z.string().optional() }), request.body);
      const source: DefinitionSource = body.upload ? { upload: body.upload } : { file: body.file ?? '' };
      const launched = await admin.launch(source, body.rebaseTo?.trim() || undefined, session.name);
      return reply.redirect(`/admin/campaigns/${launched.campaignId}?done=${launched.alreadyLaunched ? 'already-launched' : 'launched'}`, 303);
    }),
  );
  app.post('/admin/simulate', async (request, reply) =>
    pageErrors(reply, async () => {
      const session = requireStaff(request, auth, 'admin', { changesState: true });
      const { fields, files } = await readMultipart(request, env.WEB_MAX_UPLOAD_MB);
      const source: DefinitionSource = fields.upload ? { upload: fields.upload } : { file: fields.file ?? '' };
      const validation = await admin.validate(source);
      if (!validation.loaded) return sendPage(reply, 400, previewPage(source, { valid: false, issues: validation.issues }, userOf(session)));
      const plan = validation.loaded.plan;
      const behaviour = files[0] && files[0].content.length > 0 ? files[0].content.toString('utf8') : undefined;
      try {
        const job = context.app.simulations.start(validation.loaded, behaviour, session.name);
        return reply.redirect(`/admin/simulations/${job.id}`, 303);
      } catch (error) {
        if (!(error instanceof InvalidInputError || error instanceof RefusedError)) throw error;
        const result = { valid: true, issues: [], title: plan.campaign.title, campaignId: plan.campaign.id, instances: plan.instances.length, timeline: previewTimeline(plan) };
        return sendPage(reply, error.status, previewPage(source, result, userOf(session), errorsOf(error)));
      }
    }),
  );
  const simulationParams = z.object({ simulationId: z.string().regex(/^[0-9a-f]{32}$/, { error: '应为模拟编号' }) });
  const simulationOf = (request: FastifyRequest) => {
    const { simulationId } = parseForm(simulationParams, request.params);
    const job = context.app.simulations.get(simulationId);
    if (!job) throw new NotFoundError('没有找到这次模拟（只保留最近几次）');
    return job;
  };
  app.get('/admin/simulations/:simulationId', async (request, reply) =>
    pageErrors(reply, async () => {
      const session = requireStaff(request, auth, 'admin', { changesState: false });
      return sendPage(reply, 200, simulationPage(simulationOf(request), userOf(session)));
    }),
  );
  app.get('/admin/simulations/:simulationId/report', async (request, reply) =>
    pageErrors(reply, async () => {
      requireStaff(request, auth, 'admin', { changesState: false });
      const job = simulationOf(request);
      if (!job.report) throw new NotFoundError('模拟尚未完成');
      return sendPage(reply, 200, job.report.html);
    }),
  );
  app.get('/admin/campaigns/:campaignId/evaluation', async (request, reply) =>
    pageErrors(reply, async () => {
      requireStaff(request, auth, 'supervisor', { changesState: false });
      const { campaignId } = parseForm(z.object({ campaignId: z.string() }), request.params);
      try {
        const { evaluation, timeZone } = await campaignEvaluation(context.app.reader.client, campaignId);
        return sendPage(reply, 200, renderHtml(evaluation, timeZone));
      } catch (error) {
        if (error instanceof CampaignNotFoundError) throw new NotFoundError(`没有找到活动 ${campaignId}`);
        throw error;
      }
    }),
  );
  app.get('/admin/campaigns/:campaignId', async (request, reply) =>
    pageErrors(reply, async () => {
      const session = requireStaff(request, auth, 'supervisor', { changesState: false });
      const { campaignId } = parseForm(z.object({ campaignId: z.string() }), request.params);
      return sendPage(reply, 200, overviewPage(await context.app.overviews.overview(campaignId), admin.definitionFiles(), userOf(session), done(request)));
    }),
  );
  const controlForm = z.object({
    action: z.enum(['pause', 'resume', 'cancel', 'amend'], { error: '应为 pause、resume、cancel 或 amend' }),
    file: z.string().optional(),
    upload: z.string().optional(),
    reason: z.string().optional(),
  });
  const amendedOf = (form: z.output<typeof controlForm>): DefinitionSource | undefined => (form.upload ? { upload: form.upload } : form.file ? { file: form.file } : undefined);
  app.post('/admin/campaigns/:campaignId/confirm', async (request, reply) =>
    pageErrors(reply, async () => {
      const session = requireStaff(request, auth, 'admin', { changesState: true });
      const { campaignId } = parseForm(z.object({ campaignId: z.string() }), request.params);
      let form: z.output<typeof controlForm>;
      if (request.isMultipart()) {
        // An amended definition uploaded from the overview: kept like the preview's upload, confirmed by its id.
        const { fields, files } = await readMultipart(request, env.WEB_MAX_UPLOAD_MB);
        const file = files[0];
        if (!file) throw new InvalidInputError({ definition: ['请选择要上传的修订方案文件'] });
        form = { ...parseForm(controlForm, fields), ...(await admin.keepUpload(file.fileName, file.content.toString('utf8'))) };
      } else {
        form = parseForm(controlForm, request.body);
      }
      const amended = amendedOf(form);
      const changes = await admin.preview(campaignId, form.action, amended);
      return sendPage(reply, 200, confirmPage(campaignId, form.action, changes, form.action === 'amend' ? amended : undefined, userOf(session)));
    }),
  );
  app.post('/admin/campaigns/:campaignId/control', async (request, reply) =>
    pageErrors(reply, async () => {
      const session = requireStaff(request, auth, 'admin', { changesState: true });
      const { campaignId } = parseForm(z.object({ campaignId: z.string() }), request.params);
      const form = parseForm(controlForm, request.body);
      if (!form.reason?.trim()) throw new InvalidInputError({ reason: ['请填写理由'] });
      try {
        await admin.control(campaignId, form.action, session.name, form.reason.trim(), amendedOf(form));
      } catch (error) {
        if (!(error instanceof RefusedError)) throw error;
        return sendPage(reply, 409, overviewPage(await context.app.overviews.overview(campaignId), admin.definitionFiles(), userOf(session), { errors: [error.message] }));
      }
      return reply.redirect(`/admin/campaigns/${campaignId}?done=${form.action}`, 303);
    }),
  );
}
