/** An administrator's pages: pick or upload a definition, preview, simulate, launch, the overview and its controls. */
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { CampaignNotFoundError, campaignEvaluation, evaluationOfUnits } from '../../evaluation/api';
import { requireCampaignWithinScope } from '../../app/staff-scope';
import { htmlReportParts } from '../../evaluation/exports/html';
import { requireStaff } from '../auth';
import type { WebContext } from '../context';
import { previewTimeline } from '../../config/plan-timeline';
import { InvalidInputError, NotFoundError, RefusedError } from '../../app/errors';
import { definitionUploadMb, readMultipart } from '../http';
import { adminHome, confirmPage, evaluationPage, overviewPage, previewPage } from './admin';
import { simulationPage } from './simulation';
import type { DefinitionSource } from '../../app/administration';
import { errorsOf, formOf, type PageKit, parseForm } from './kit';

export function registerAdminPages(context: WebContext, kit: PageKit): void {
  registerLaunchPages(context, kit);
  registerSimulationPages(context, kit);
  registerCampaignPages(context, kit);
}

/** The administrator's home, a definition previewed and launched. */
function registerLaunchPages(context: WebContext, kit: PageKit): void {
  const { server: app, env } = context;
  const { admin } = context.app;
  const { auth, userOf, sendPage, pageErrors } = kit;
  app.get('/admin', async (request, reply) =>
    pageErrors(reply, async () => {
      const session = await requireStaff(request, auth, 'admin', { changesState: false });
      return sendPage(reply, 200, adminHome(await context.app.reader.listCampaigns(), admin.definitionFiles(), userOf(session)));
    }),
  );
  app.post('/admin/preview', async (request, reply) =>
    pageErrors(reply, async () => {
      const session = await requireStaff(request, auth, 'admin', { changesState: true });
      let source: DefinitionSource;
      if (request.isMultipart()) {
        const { files } = await readMultipart(request, definitionUploadMb(env.WEB_MAX_UPLOAD_MB));
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
      const session = await requireStaff(request, auth, 'admin', { changesState: true });
      const body = parseForm(z.object({ upload: z.string().optional(), file: z.string().optional(), rebaseTo: z.string().optional() }), request.body);
      const source: DefinitionSource = body.upload ? { upload: body.upload } : { file: body.file ?? '' };
      const launched = await admin.launch(source, body.rebaseTo?.trim() || undefined, session.name);
      return reply.redirect(`/admin/campaigns/${launched.campaignId}?done=${launched.alreadyLaunched ? 'already-launched' : 'launched'}`, 303);
    }),
  );
}

/** A simulation before launch: started, followed, its report. */
function registerSimulationPages(context: WebContext, kit: PageKit): void {
  const { server: app, env } = context;
  const { admin } = context.app;
  const { auth, userOf, sendPage, pageErrors } = kit;
  app.post('/admin/simulate', async (request, reply) =>
    pageErrors(reply, async () => {
      const session = await requireStaff(request, auth, 'admin', { changesState: true });
      const { fields, files } = await readMultipart(request, definitionUploadMb(env.WEB_MAX_UPLOAD_MB));
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
      const session = await requireStaff(request, auth, 'admin', { changesState: false });
      return sendPage(reply, 200, simulationPage(simulationOf(request), userOf(session)));
    }),
  );
  app.get('/admin/simulations/:simulationId/report', async (request, reply) =>
    pageErrors(reply, async () => {
      await requireStaff(request, auth, 'admin', { changesState: false });
      const job = simulationOf(request);
      if (!job.report) throw new NotFoundError('模拟尚未完成');
      return sendPage(reply, 200, job.report.html);
    }),
  );
}

/** A campaign's evaluation and overview, and its pause, resume, cancel or amendment. */
function registerCampaignPages(context: WebContext, kit: PageKit): void {
  const { server: app, env } = context;
  const { admin } = context.app;
  const { auth, userOf, sendPage, done, pageErrors } = kit;
  app.get('/admin/campaigns/:campaignId/evaluation', async (request, reply) =>
    pageErrors(reply, async () => {
      const session = await requireStaff(request, auth, 'supervisor', { changesState: false });
      const { campaignId } = parseForm(z.object({ campaignId: z.string() }), request.params);
      try {
        await requireCampaignWithinScope(context.app.reader, campaignId, session.scope);
        const { evaluation, timeZone } = await campaignEvaluation(context.app.reader.client, campaignId);
        return sendPage(reply, 200, evaluationPage(campaignId, htmlReportParts(session.scope ? evaluationOfUnits(evaluation, session.scope.unitIds, timeZone) : evaluation, timeZone), userOf(session)));
      } catch (error) {
        if (error instanceof CampaignNotFoundError) throw new NotFoundError(`没有找到活动 ${campaignId}`);
        throw error;
      }
    }),
  );
  app.get('/admin/campaigns/:campaignId', async (request, reply) =>
    pageErrors(reply, async () => {
      const session = await requireStaff(request, auth, 'supervisor', { changesState: false });
      const { campaignId } = parseForm(z.object({ campaignId: z.string() }), request.params);
      return sendPage(reply, 200, overviewPage(await context.app.overviews.overview(campaignId, session.scope), admin.definitionFiles(), userOf(session), done(request)));
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
      const session = await requireStaff(request, auth, 'admin', { changesState: true });
      const { campaignId } = parseForm(z.object({ campaignId: z.string() }), request.params);
      let form: z.output<typeof controlForm>;
      if (request.isMultipart()) {
        // An amended definition uploaded from the overview: kept like the preview's upload, confirmed by its id.
        const { fields, files } = await readMultipart(request, definitionUploadMb(env.WEB_MAX_UPLOAD_MB));
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
      const session = await requireStaff(request, auth, 'admin', { changesState: true });
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
