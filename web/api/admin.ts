/** An administrator's calls: definitions, launch, the overview, evaluation downloads, pause/resume/cancel/amend. */
import { z } from 'zod';
import { CampaignNotFoundError, evaluationDownload, exportFormats } from '../../evaluation/api';
import { exportContentTypes } from '../../evaluation/exports';
import { requireStaff } from '../auth';
import { NotFoundError } from '../../app/errors';
import type { WebContext } from '../context';
import { previewTimeline } from '../../config/plan-timeline';
import { id, reason, status, progress, definitionSource, rebaseTo, yamlFileName } from './schemas';
import { sendDownload } from '../http';
import { chineseDateTime } from '../../config/time-format';
import { type ApiRegistry } from '../openapi';
import { campaignProgressWithinScope, requireCampaignWithinScope } from '../../app/staff-scope';

export function registerAdminApi(api: ApiRegistry, context: WebContext): void {
  registerCampaignLaunchApi(api, context);
  registerOverviewApi(api, context);
  registerControlApi(api, context);
}

/** The campaigns listed, and a definition uploaded, validated and launched. */
function registerCampaignLaunchApi(api: ApiRegistry, context: WebContext): void {
  const { admin } = context.app;
  const { auth } = context;
  api.add({
    method: 'GET',
    url: '/api/campaigns',
    summary: '全部活动及其进度',
    tag: '管理',
    security: 'supervisor',
    guard: (request) => requireStaff(request, auth, 'supervisor', { changesState: false }),
    response: z.object({
      campaigns: z.array(z.object({ campaignId: z.string(), title: z.string(), timeZone: z.string(), progress, startedAt: z.string(), startedAtLocal: z.string() })),
      definitionFiles: z.array(z.string()),
    }),
    handler: async ({ caller }) => {
      // A scoped supervisor's list: campaigns with their units, progress counted over those units.
      const campaigns = (await campaignProgressWithinScope(context.app.reader, await context.app.reader.listCampaigns(), caller.scope)).map((campaign) => ({ ...campaign, startedAtLocal: chineseDateTime(campaign.startedAt, campaign.timeZone) }));
      return { campaigns, definitionFiles: caller.scope ? [] : admin.definitionFiles() };
    },
  });
  api.add({
    method: 'POST',
    url: '/api/definitions',
    summary: '上传方案（YAML 文本），返回上传编号，用于校验、预览和启动',
    tag: '管理',
    security: 'admin',
    body: z.object({ fileName: yamlFileName, source: z.string({ error: '请给出方案内容' }).min(1, { error: '方案内容为空' }).max(2_000_000, { error: '方案最多2000000字' }) }),
    guard: (request) => requireStaff(request, auth, 'admin', { changesState: true }),
    response: z.object({ upload: z.string() }),
    handler: async ({ body }) => {
      return (await admin.keepUpload(body.fileName, body.source)) as { upload: string };
    },
  });
  api.add({
    method: 'POST',
    url: '/api/definitions/validate',
    summary: '校验方案（与命令行 validate --lang zh 相同的错误信息），有效时返回时间线预览',
    tag: '管理',
    security: 'admin',
    body: definitionSource,
    guard: (request) => requireStaff(request, auth, 'admin', { changesState: true }),
    refusals: { 404: '没有这个上传编号的方案' },
    response: z.object({
      valid: z.boolean(),
      issues: z.array(z.string()),
      campaignId: z.string().optional(),
      title: z.string().optional(),
      instances: z.number().optional(),
      timeline: z.array(z.object({ local: z.string(), unit: z.string(), obligation: z.string(), what: z.string() })).optional(),
    }),
    handler: async ({ body }) => {
      const validation = await admin.validate(body);
      if (!validation.loaded) return { valid: false, issues: validation.issues };
      const { plan } = validation.loaded;
      return { valid: true, issues: [], campaignId: plan.campaign.id, title: plan.campaign.title, instances: plan.instances.length, timeline: previewTimeline(plan) };
    },
  });
  api.add({
    method: 'POST',
    url: '/api/campaigns',
    summary: '启动活动（已启动的不会重复启动）；rebaseTo 用于演练：把方案开始日映射到该时刻',
    tag: '管理',
    security: 'admin',
    body: z.intersection(definitionSource, z.object({ rebaseTo })),
    guard: (request) => requireStaff(request, auth, 'admin', { changesState: true }),
    response: z.object({ campaignId: z.string(), alreadyLaunched: z.boolean(), instances: z.number() }),
    refusals: { 404: '没有这个上传编号的方案' },
    handler: async ({ body, caller }) => {
      const source = 'file' in body ? { file: body.file } : { upload: body.upload };
      return admin.launch(source, body.rebaseTo, caller.name);
    },
  });
}

/** A campaign's overview and its evaluation downloads. */
function registerOverviewApi(api: ApiRegistry, context: WebContext): void {
  const { auth } = context;
  api.add({
    method: 'GET',
    url: '/api/campaigns/:campaignId',
    summary: '活动总览：单位×任务矩阵（按状态）、计数、进度随时间变化',
    tag: '管理',
    security: 'supervisor',
    params: z.object({ campaignId: id }),
    guard: (request) => requireStaff(request, auth, 'supervisor', { changesState: false }),
    response: z.object({
      campaignId: z.string(),
      title: z.string(),
      progress,
      timeZone: z.string(),
      launchedBy: z.object({ by: z.string(), at: z.string(), atLocal: z.string() }).optional(),
      storiesRead: z.number(),
      counts: z.record(z.string(), z.number()),
      units: z.array(z.object({ id: z.string(), name: z.string() })),
      columns: z.array(z.object({ obligationId: z.string(), title: z.string(), dueLocal: z.string(), dueAtLocal: z.string() })),
      /** Tasks without a deadline of their own: 持续推进 for their units. */
      ongoing: z.array(z.object({ obligationId: z.string(), title: z.string(), how: z.string(), unitIds: z.array(z.string()) })),
      /** Each parent's view of the units below it: their items counted by state. */
      children: z.array(z.object({ unitId: z.string(), unitName: z.string(), childIds: z.array(z.string()), counts: z.record(z.string(), z.number()), total: z.number() })),
      matrix: z.record(z.string(), z.record(z.string(), z.object({ status, escalationLevel: z.number(), state: z.string() }).nullable())),
      timeline: z.array(z.object({ date: z.string().describe('方案日期（活动时区）'), submitted: z.number(), accepted: z.number(), overdue: z.number() })),
    }),
    refusals: { 404: '没有这个活动' },
    handler: async ({ params, caller }) => {
      const overview = await context.app.overviews.overview(params.campaignId, caller.scope);
      const { timeZone } = overview.plan.campaign;
      const matrix = Object.fromEntries(
        Object.entries(overview.cells).map(([unitId, row]) => [
          unitId,
          Object.fromEntries(Object.entries(row).map(([column, cell]) => [column, cell ? { status: cell.status, escalationLevel: cell.escalationLevel, state: cell.cell } : null])),
        ]),
      );
      return { ...overview, timeZone, ...(overview.launchedBy ? { launchedBy: { ...overview.launchedBy, atLocal: chineseDateTime(overview.launchedBy.at, timeZone) } } : {}), matrix };
    },
  });
  api.add({
    method: 'GET',
    url: '/api/campaigns/:campaignId/evaluation/:format',
    summary: '绩效考核结果（进行中为阶段性结果）：xlsx、docx（通报）、csv 或 html',
    tag: '管理',
    security: 'supervisor',
    params: z.object({ campaignId: id, format: z.enum(exportFormats, { error: `应为 ${exportFormats.join('、')}` }) }),
    guard: (request) => requireStaff(request, auth, 'supervisor', { changesState: false }),
    response: z.unknown(),
    produces: exportFormats.map((format) => exportContentTypes[format].split(';')[0]!),
    refusals: { 404: '没有这个活动' },
    handler: async ({ params, caller }, _request, reply) => {
      let download;
      try {
        // A scoped supervisor's export: their units' lines only.
        await requireCampaignWithinScope(context.app.reader, params.campaignId, caller.scope);
        download = await evaluationDownload(context.app.reader.client, params.campaignId, params.format, caller.scope ? { unitIds: caller.scope.unitIds } : {});
      } catch (error) {
        if (error instanceof CampaignNotFoundError) throw new NotFoundError(`没有找到活动 ${params.campaignId}`);
        throw error;
      }
      return sendDownload(reply, download.fileName, download.contentType, download.body);
    },
  });
}

/** Pause, resume, cancel or amend a campaign, and the preview of what that changes. */
function registerControlApi(api: ApiRegistry, context: WebContext): void {
  const { admin } = context.app;
  const { auth } = context;
  // An amendment names its amended definition; pause, resume and cancel take none.
  const controlBody = z.discriminatedUnion(
    'action',
    [z.object({ action: z.enum(['pause', 'resume', 'cancel']), reason }), z.object({ action: z.literal('amend'), reason, definition: definitionSource })],
    { error: '应为 pause、resume、cancel 或 amend（amend 须附 definition）' },
  );
  const controlPreviewBody = z.discriminatedUnion(
    'action',
    [z.object({ action: z.enum(['pause', 'resume', 'cancel']) }), z.object({ action: z.literal('amend'), definition: definitionSource })],
    { error: '应为 pause、resume、cancel 或 amend（amend 须附 definition）' },
  );
  api.add({
    method: 'POST',
    url: '/api/campaigns/:campaignId/control/preview',
    summary: '暂停、恢复、撤销或修订之前：将会改变什么',
    tag: '管理',
    security: 'admin',
    params: z.object({ campaignId: id }),
    body: controlPreviewBody,
    guard: (request) => requireStaff(request, auth, 'admin', { changesState: true }),
    response: z.object({ changes: z.array(z.string()) }),
    refusals: { 404: '没有这个活动，或没有这个上传编号的方案' },
    handler: async ({ params, body }) => {
      return { changes: await admin.preview(params.campaignId, body.action, 'definition' in body ? body.definition : undefined) };
    },
  });
  api.add({
    method: 'POST',
    url: '/api/campaigns/:campaignId/control',
    summary: '暂停、恢复、撤销或修订活动（记录操作人和理由）',
    tag: '管理',
    security: 'admin',
    params: z.object({ campaignId: id }),
    body: controlBody,
    guard: (request) => requireStaff(request, auth, 'admin', { changesState: true }),
    response: progress,
    refusals: { 404: '没有正在运行的这个活动', 409: '活动拒绝了此操作（如已暂停再暂停），没有任何改变' },
    handler: async ({ params, body, caller }) => {
      return admin.control(params.campaignId, body.action, caller.name, body.reason, 'definition' in body ? body.definition : undefined);
    },
  });
}
