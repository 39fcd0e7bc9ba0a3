/**
 * The JSON API: everything the pages do, for scripts and for the CLI. Each route is declared
 * with zod schemas (request validation → 400 with field errors; the OpenAPI document at
 * /api/openapi.json is written from the same declarations).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { CampaignNotFoundError, evaluationDownload, exportFormats } from '../evaluation/api';
import { authenticate } from '../app/accounts';
import { attachmentIdPattern, checkUploads, safeFileName, type Upload } from '../app/attachments';
import { requireStaff, requireUnit, unitTokenOf } from './auth';
import { InvalidInputError, NotFoundError, PayloadTooLargeError, UnauthenticatedError } from '../app/errors';
import { ApiRegistry } from './openapi';
import type { WebContext } from './context';
import { previewTimeline } from '../config/plan-timeline';
import type { SimulationJob } from '../app/simulations';
import { csrfTokenOf, endSession, startSession } from './session';
import { inboxView, itemView, noticeDirectory, noticesOf, referencesAttachment, unitView } from '../app/views';

const id = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, { error: '应为小写字母、数字和连字符组成的编号' });
const obligationId = z.string().regex(/^[a-z0-9][a-z0-9-]*(@[a-z0-9][a-z0-9-]*)?$/, { error: '应为任务编号，如 implementation-measures 或 publicity@world-ip-day' });
const reason = z.string({ error: '请填写理由' }).trim().min(1, { error: '请填写理由' }).max(2000, { error: '理由最多2000字' });
const isoDate = z.string({ error: '应为日期 YYYY-MM-DD' }).regex(/^\d{4}-\d{2}-\d{2}$/, { error: '应为日期 YYYY-MM-DD' });
const status = z.enum(['open', 'submitted', 'accepted', 'returned', 'target-met', 'overdue', 'awaiting-decision', 'waived', 'closed', 'cancelled']);

const historyEntry = z.object({ at: z.string(), event: z.string(), detail: z.string() });
const obligationState = z.looseObject({ status, dueAt: z.string(), escalationLevel: z.number(), returns: z.number(), history: z.array(historyEntry) });
const itemSummary = z.object({
  campaignId: z.string(),
  unitId: z.string(),
  unitName: z.string(),
  obligationId: z.string(),
  title: z.string(),
  status,
  statusName: z.string(),
  escalationLevel: z.number(),
  dueAt: z.string(),
});
const unitRecord = z.looseObject({ unit: z.object({ id: z.string(), name: z.string() }), onCriticismList: z.boolean(), praises: z.number() });
const progress = z.object({ phase: z.enum(['launching', 'running', 'paused', 'ended', 'cancelled']), launched: z.number(), alreadyRunning: z.number(), total: z.number().optional() });
const itemParams = z.object({ campaignId: id, unitId: id, obligationId });
const noticeFileName = z.string().regex(/^[^/\\]+\.docx$/, { error: '应为通知文书的文件名（….docx）' });
const definitionSource = z.union([z.object({ file: z.string().min(1) }), z.object({ upload: z.string().regex(/^[0-9a-f]{32}$/) })], {
  error: '应为 {file: config/campaigns 中的文件名} 或 {upload: 上传编号}',
});

export const obligationActionBody = z.discriminatedUnion(
  'action',
  [
    z.object({ action: z.literal('extend'), reason, dueDate: isoDate }),
    z.object({ action: z.literal('accept'), reason: z.string().max(2000).default('') }),
    z.object({ action: z.literal('return'), reason, dueDate: isoDate }),
    z.object({ action: z.literal('proceed'), reason }),
    z.object({ action: z.literal('waive'), reason }),
    z.object({ action: z.literal('supervise'), reason, dueDate: isoDate }),
  ],
  { error: '应为 extend、accept、return、proceed、waive 或 supervise' },
);
export const unitActionBody = z.object({
  action: z.enum(['interview', 'criticize', 'uncriticize', 'praise', 'proceed', 'dismiss'], { error: '应为 interview、criticize、uncriticize、praise、proceed 或 dismiss' }),
  reason,
  ruleId: id.optional(),
});
export const submissionBody = z.object({
  submittedBy: z.string({ error: '请填写报送人' }).trim().min(1, { error: '请填写报送人' }).max(100),
  fields: z.record(z.string(), z.string().max(20_000, { error: '最多20000字' })),
  attachments: z.array(z.string().regex(attachmentIdPattern, { error: '应为附件编号 sha256-…' })).max(50).default([]),
});

export const occurrenceBody = z.object({
  reportedBy: z.string({ error: '请填写报告人' }).trim().min(1, { error: '请填写报告人' }).max(100),
  date: isoDate,
  evidence: z.record(z.string(), z.string().max(20_000, { error: '最多20000字' })),
  attachments: z.array(z.string().regex(attachmentIdPattern, { error: '应为附件编号 sha256-…' })).max(50).default([]),
});

export function registerApi(context: WebContext): void {
  const { server: app, env } = context;
  const { operations, admin, attachments } = context.app;
  const api = new ApiRegistry(app);
  const auth = { secret: env.LINK_SECRET, now: context.now };
  const views = context.app.views;

  app.get('/api/openapi.json', async () => api.document({ title: '活动方案督办 API', version: '1' }));

  // --- log-in -------------------------------------------------------------------------------
  api.add({
    method: 'POST',
    url: '/api/session',
    summary: '登录（管理员、督办人员）：设置会话 Cookie，返回 CSRF 令牌',
    tag: '登录',
    security: 'none',
    body: z.object({ username: z.string().min(1, { error: '请填写用户名' }), password: z.string().min(1, { error: '请填写密码' }) }),
    guard: () => undefined,
    response: z.object({ name: z.string(), role: z.enum(['admin', 'supervisor']), csrfToken: z.string() }),
    handler: async ({ body }, request, reply) => {
      const attempt = `${request.ip}|${body.username}`;
      context.signIns.check(attempt);
      const account = authenticate(env.accounts, body.username, body.password);
      if (!account) {
        context.signIns.failed(attempt);
        throw new UnauthenticatedError('用户名或密码不正确');
      }
      context.signIns.succeeded(attempt);
      const session = startSession(reply, account, env.WEB_BASE_URL.startsWith('https://'));
      return { name: account.name, role: account.role, csrfToken: csrfTokenOf(session, env.LINK_SECRET) };
    },
  });
  api.add({
    method: 'DELETE',
    url: '/api/session',
    summary: '退出登录',
    tag: '登录',
    security: 'none',
    guard: () => undefined,
    response: z.object({ ok: z.literal(true) }),
    handler: async (_input, _request, reply) => {
      endSession(reply);
      return { ok: true as const };
    },
  });

  // --- a unit, through the link of its emails -------------------------------------------------
  api.add({
    method: 'GET',
    url: '/api/unit',
    summary: '本单位的任务（已逾期、7日内到期、待办、已完成）、记录和收到的通知',
    tag: '单位',
    security: 'unit',
    guard: (request) => requireUnit(request, auth),
    response: z.object({
      campaignId: z.string(),
      campaignTitle: z.string(),
      unitId: z.string(),
      unitName: z.string(),
      planNow: z.string(),
      obligations: z.array(itemSummary.extend({ group: z.enum(['overdue', 'due-soon', 'open', 'done']), canSubmit: z.boolean(), state: obligationState, fields: z.array(z.looseObject({ id: z.string(), label: z.string() })) })),
      record: unitRecord.optional(),
      notices: z.array(z.string()),
    }),
    handler: async ({ caller }) => unitView(views, caller),
  });
  api.add({
    method: 'POST',
    url: '/api/unit/attachments',
    summary: '上传附件（multipart，字段 files）；返回附件编号，报送时引用',
    tag: '单位',
    security: 'unit',
    multipart: { description: '一个或多个文件（字段名 files）；类型和大小受限' },
    guard: (request) => requireUnit(request, auth),
    response: z.object({ attachments: z.array(z.object({ id: z.string(), fileName: z.string(), contentType: z.string(), size: z.number() })) }),
    handler: async ({ caller }, request) => {
      const { files } = await readMultipart(request, env.WEB_MAX_UPLOAD_MB);
      const refused = checkUploads(files, context.app.uploadLimits);
      if (refused) throw new InvalidInputError({ [refused.field]: [refused.message] });
      const uploadedBy = { campaignId: caller.campaignId, unitId: caller.unitId };
      const saved = await Promise.all(files.map((file) => attachments.save(file, uploadedBy)));
      return { attachments: saved.map(({ id, fileName, contentType, size }) => ({ id, fileName, contentType, size })) };
    },
  });
  api.add({
    method: 'POST',
    url: '/api/unit/obligations/:obligationId/submission',
    summary: '报送：方案要求的各字段，及已上传附件的编号',
    tag: '单位',
    security: 'unit',
    params: z.object({ obligationId }),
    body: submissionBody,
    guard: (request) => requireUnit(request, auth),
    response: obligationState,
    handler: async ({ params, body, caller }) => operations.submit(caller, { obligationId: params.obligationId, ...body }),
  });
  api.add({
    method: 'POST',
    url: '/api/unit/obligations/:obligationId/occurrences',
    summary: '按次报告（如召开一次会议）：日期、方案要求的佐证材料、已上传附件的编号',
    tag: '单位',
    security: 'unit',
    params: z.object({ obligationId }),
    body: occurrenceBody,
    guard: (request) => requireUnit(request, auth),
    response: obligationState,
    handler: async ({ params, body, caller }) => operations.reportOccurrence(caller, { obligationId: params.obligationId, ...body }),
  });
  api.add({
    method: 'GET',
    url: '/api/unit/notices/:fileName',
    summary: '下载本单位收到的通知文书（DOCX）',
    tag: '单位',
    security: 'unit',
    params: z.object({ fileName: noticeFileName }),
    guard: (request) => requireUnit(request, auth),
    response: z.unknown(),
    handler: async ({ params, caller }, _request, reply) => sendNotice(reply, context.app.noticesDir, caller, params.fileName),
  });
  api.add({
    method: 'GET',
    url: '/api/attachments/:attachmentId',
    summary: '下载附件（单位链接或登录后）',
    tag: '文档',
    security: 'unit',
    params: z.object({ attachmentId: z.string().regex(attachmentIdPattern, { error: '应为附件编号 sha256-…' }) }),
    // A unit's link or a session; a unit only gets what it uploaded itself or what one of its own obligations references.
    guard: (request) => (unitTokenOf(request) ? { unit: requireUnit(request, auth) } : { staff: requireStaff(request, auth, 'supervisor', { changesState: false }) }),
    response: z.unknown(),
    handler: async ({ params, caller }, _request, reply) => {
      const found = await attachments.read(params.attachmentId);
      const missing = new NotFoundError(`没有附件 ${params.attachmentId}`);
      if (!found) throw missing;
      if ('unit' in caller) {
        const unit = caller.unit!;
        const isOwnUpload = found.meta.uploadedBy?.campaignId === unit.campaignId && found.meta.uploadedBy.unitId === unit.unitId;
        // Another unit's attachment is "not found": its id says nothing to whoever guessed it.
        if (!isOwnUpload && !(await referencesAttachment(views, unit, params.attachmentId))) throw missing;
      }
      return sendDownload(reply, found.meta.fileName, contentTypeOf(found.meta.fileName), found.content);
    },
  });

  // --- supervisors ---------------------------------------------------------------------------
  api.add({
    method: 'GET',
    url: '/api/inbox',
    summary: '督办收件箱：逾期和已升级的事项（最严重、最早的在前），及待审核的报送',
    tag: '督办',
    security: 'supervisor',
    query: z.object({ campaign: id.optional(), unit: id.optional(), level: z.coerce.number({ error: '应为督办层级（整数）' }).int().min(0).max(10).optional() }),
    guard: (request) => requireStaff(request, auth, 'supervisor', { changesState: false }),
    response: z.object({ escalated: z.array(itemSummary), toReview: z.array(itemSummary), campaigns: z.array(z.string()) }),
    handler: async ({ query }) => {
      return inboxView(views, query);
    },
  });
  api.add({
    method: 'GET',
    url: '/api/campaigns/:campaignId/units/:unitId/obligations/:obligationId',
    summary: '一个事项的全部经过（提醒、报送、审核、督办：何人、何时、为何）及当前可执行的操作',
    tag: '督办',
    security: 'supervisor',
    params: itemParams,
    guard: (request) => requireStaff(request, auth, 'supervisor', { changesState: false }),
    response: itemSummary.extend({ measure: z.string(), state: obligationState, actions: z.array(z.string()), pendingStep: z.string().optional(), record: unitRecord.optional(), notices: z.array(z.string()), planNow: z.string() }),
    handler: async ({ params }) => {
      return itemView(views, params.campaignId, params.unitId, params.obligationId);
    },
  });
  api.add({
    method: 'POST',
    url: '/api/campaigns/:campaignId/units/:unitId/obligations/:obligationId/actions',
    summary: '对事项采取措施：延期、审核通过、退回修改、同意督办（发出待决定的通知）、免除',
    tag: '督办',
    security: 'supervisor',
    params: itemParams,
    body: obligationActionBody,
    guard: (request) => requireStaff(request, auth, 'supervisor', { changesState: true }),
    response: obligationState,
    handler: async ({ params, body, caller }) => {
      return operations.act(params, body, caller.name);
    },
  });
  api.add({
    method: 'POST',
    url: '/api/campaigns/:campaignId/units/:unitId/actions',
    summary: '对单位采取措施：约谈、通报批评、撤销通报、表扬，或对规则提议的措施作出决定',
    tag: '督办',
    security: 'supervisor',
    params: z.object({ campaignId: id, unitId: id }),
    body: unitActionBody,
    guard: (request) => requireStaff(request, auth, 'supervisor', { changesState: true }),
    response: unitRecord,
    handler: async ({ params, body, caller }) => {
      return operations.actOnUnit(params.campaignId, { unitId: params.unitId, ...body }, caller.name);
    },
  });
  api.add({
    method: 'GET',
    url: '/api/campaigns/:campaignId/units/:unitId/notices/:fileName',
    summary: '下载发给某单位的通知文书（DOCX）',
    tag: '督办',
    security: 'supervisor',
    params: z.object({ campaignId: id, unitId: id, fileName: noticeFileName }),
    guard: (request) => requireStaff(request, auth, 'supervisor', { changesState: false }),
    response: z.unknown(),
    handler: async ({ params }, _request, reply) => sendNotice(reply, context.app.noticesDir, params, params.fileName),
  });

  // --- administrators ------------------------------------------------------------------------
  api.add({
    method: 'GET',
    url: '/api/campaigns',
    summary: '全部活动及其进度',
    tag: '管理',
    security: 'supervisor',
    guard: (request) => requireStaff(request, auth, 'supervisor', { changesState: false }),
    response: z.object({ campaigns: z.array(z.object({ campaignId: z.string(), title: z.string(), progress, startedAt: z.string() })), definitionFiles: z.array(z.string()) }),
    handler: async (_input) => {
      return { campaigns: await context.app.reader.listCampaigns(), definitionFiles: admin.definitionFiles() };
    },
  });
  api.add({
    method: 'POST',
    url: '/api/definitions',
    summary: '上传方案（YAML 文本），返回上传编号，用于校验、预览和启动',
    tag: '管理',
    security: 'admin',
    body: z.object({ fileName: z.string().min(1, { error: '请给出文件名' }), source: z.string().min(1, { error: '方案内容为空' }).max(2_000_000) }),
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
    body: z.intersection(definitionSource, z.object({ rebaseTo: z.string().optional() })),
    guard: (request) => requireStaff(request, auth, 'admin', { changesState: true }),
    response: z.object({ campaignId: z.string(), alreadyLaunched: z.boolean(), instances: z.number() }),
    handler: async ({ body, caller }) => {
      const source = 'file' in body ? { file: body.file } : { upload: body.upload };
      return admin.launch(source, body.rebaseTo, caller.name);
    },
  });
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
      launchedBy: z.object({ by: z.string(), at: z.string() }).optional(),
      storiesRead: z.number(),
      counts: z.record(z.string(), z.number()),
      units: z.array(z.object({ id: z.string(), name: z.string() })),
      columns: z.array(z.object({ obligationId: z.string(), title: z.string(), dueLocal: z.string() })),
      matrix: z.record(z.string(), z.record(z.string(), z.object({ status, escalationLevel: z.number(), state: z.string() }).nullable())),
      timeline: z.array(z.object({ date: z.string(), submitted: z.number(), accepted: z.number(), overdue: z.number() })),
    }),
    handler: async ({ params }) => {
      const overview = await context.app.overviews.overview(params.campaignId);
      const matrix = Object.fromEntries(
        Object.entries(overview.cells).map(([unitId, row]) => [
          unitId,
          Object.fromEntries(Object.entries(row).map(([column, cell]) => [column, cell ? { status: cell.status, escalationLevel: cell.escalationLevel, state: cell.cell } : null])),
        ]),
      );
      return { ...overview, matrix };
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
    handler: async ({ params }, _request, reply) => {
      let download;
      try {
        download = await evaluationDownload(context.app.reader.client, params.campaignId, params.format);
      } catch (error) {
        if (error instanceof CampaignNotFoundError) throw new NotFoundError(`没有找到活动 ${params.campaignId}`);
        throw error;
      }
      return sendDownload(reply, download.fileName, download.contentType, download.body);
    },
  });
  const simulationView = z.object({
    id: z.string(),
    campaignId: z.string(),
    title: z.string(),
    startedBy: z.string(),
    startedAt: z.string(),
    status: z.enum(['running', 'done', 'failed']),
    progress: z.object({ planDate: z.string(), done: z.number(), total: z.number() }).optional(),
    error: z.string().optional(),
    result: z
      .object({
        messages: z.number(),
        refusedActions: z.number(),
        ranking: z.array(z.object({ rank: z.number(), unit: z.string(), score: z.number(), isPraised: z.boolean(), isCriticised: z.boolean() })),
      })
      .optional(),
  });
  api.add({
    method: 'POST',
    url: '/api/simulations',
    summary: '启动前模拟：在时间跳跃服务器上运行整个活动周期（可附单位行为文件 YAML），返回模拟编号；一次只运行一个',
    tag: '管理',
    security: 'admin',
    body: z.intersection(definitionSource, z.object({ behaviour: z.string().max(200_000, { error: '行为文件最多200000字' }).optional() })),
    guard: (request) => requireStaff(request, auth, 'admin', { changesState: true }),
    response: simulationView,
    handler: async ({ body, caller }, _request, reply) => {
      const validation = await admin.validate('file' in body ? { file: body.file } : { upload: body.upload });
      if (!validation.loaded) throw new InvalidInputError({ definition: validation.issues });
      reply.code(202);
      return simulationSummary(context.app.simulations.start(validation.loaded, body.behaviour, caller.name));
    },
  });
  api.add({
    method: 'GET',
    url: '/api/simulations/:simulationId',
    summary: '模拟的进度（方案日期）和结果（排名、邮件数、被拒绝的操作）',
    tag: '管理',
    security: 'admin',
    params: z.object({ simulationId: z.string().regex(/^[0-9a-f]{32}$/, { error: '应为模拟编号' }) }),
    guard: (request) => requireStaff(request, auth, 'admin', { changesState: false }),
    response: simulationView,
    handler: async ({ params }) => simulationSummary(requireSimulation(params.simulationId)),
  });
  api.add({
    method: 'GET',
    url: '/api/simulations/:simulationId/report',
    summary: '模拟报告（HTML：排名柱状图、按月按时报送率、得分明细、时间线）',
    tag: '管理',
    security: 'admin',
    params: z.object({ simulationId: z.string().regex(/^[0-9a-f]{32}$/, { error: '应为模拟编号' }) }),
    guard: (request) => requireStaff(request, auth, 'admin', { changesState: false }),
    response: z.unknown(),
    handler: async ({ params }, _request, reply) => {
      const job = requireSimulation(params.simulationId);
      if (!job.report) throw new NotFoundError(job.status === 'failed' ? `模拟失败：${job.error ?? ''}` : '模拟尚未完成');
      return reply.type('text/html; charset=utf-8').header('x-content-type-options', 'nosniff').send(job.report.html);
    },
  });
  const requireSimulation = (simulationId: string) => {
    const job = context.app.simulations.get(simulationId);
    if (!job) throw new NotFoundError(`没有找到模拟 ${simulationId}（只保留最近几次）`);
    return job;
  };

  const controlBody = z.object({
    action: z.enum(['pause', 'resume', 'cancel', 'amend'], { error: '应为 pause、resume、cancel 或 amend' }),
    reason,
    definition: definitionSource.optional(),
  });
  api.add({
    method: 'POST',
    url: '/api/campaigns/:campaignId/control/preview',
    summary: '暂停、恢复、撤销或修订之前：将会改变什么',
    tag: '管理',
    security: 'admin',
    params: z.object({ campaignId: id }),
    body: controlBody.omit({ reason: true }),
    guard: (request) => requireStaff(request, auth, 'admin', { changesState: true }),
    response: z.object({ changes: z.array(z.string()) }),
    handler: async ({ params, body }) => {
      return { changes: await admin.preview(params.campaignId, body.action, body.definition) };
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
    handler: async ({ params, body, caller }) => {
      return admin.control(params.campaignId, body.action, caller.name, body.reason, body.definition);
    },
  });
}

/**
 * Fields and files of a multipart request, all files together within `maxMb` (more is refused with
 * 413 and the field, never truncated silently): at most `maxMb` of one request is ever in memory.
 */
export async function readMultipart(request: FastifyRequest, maxMb: number): Promise<{ fields: Record<string, string>; files: Upload[] }> {
  if (!request.isMultipart()) throw new InvalidInputError({ '(body)': ['应为 multipart/form-data'] });
  const fields: Record<string, string> = {};
  const files: Upload[] = [];
  const limit = maxMb * 1024 * 1024;
  let total = 0;
  let refused: PayloadTooLargeError | undefined;
  // Past the limit the rest is still read, and dropped: the client gets its 413, not a reset connection.
  for await (const part of request.parts({ limits: { fileSize: limit } })) {
    if (part.type === 'file') {
      const chunks: Buffer[] = [];
      for await (const chunk of part.file as AsyncIterable<Buffer>) {
        total += chunk.length;
        if (total <= limit && !refused) chunks.push(chunk);
      }
      if (!refused && (total > limit || part.file.truncated)) {
        refused = new PayloadTooLargeError({ [part.fieldname]: [`附件合计超过${maxMb} MB（读到“${safeFileName(part.filename)}”时）`] });
      }
      if (!refused && part.filename) files.push({ fileName: part.filename, contentType: part.mimetype, content: Buffer.concat(chunks) });
    } else {
      const value = String(part.value);
      total += Buffer.byteLength(value);
      if (!refused && (part.valueTruncated || total > limit)) refused = new PayloadTooLargeError({ [part.fieldname]: [`表单内容合计超过${maxMb} MB，或单个字段过长`] });
      fields[part.fieldname] = value;
    }
  }
  if (refused) throw refused;
  return { fields, files };
}

async function sendNotice(reply: FastifyReply, noticesDir: string, scope: { campaignId: string; unitId: string }, fileName: string) {
  const names = await noticesOf(noticesDir, scope);
  if (!names.includes(fileName)) throw new NotFoundError(`没有通知文书“${fileName}”`);
  const content = await readFile(path.join(noticeDirectory(noticesDir, scope), fileName));
  return sendDownload(reply, fileName, 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', content);
}

/**
 * A file to save, never to render: `attachment` with an ASCII fallback name and the real one as
 * RFC 5987 `filename*` (every byte outside attr-char percent-encoded, so a quote, CR or LF in a
 * name cannot end the header), and `nosniff` so that no browser reads it as HTML.
 */
export function sendDownload(reply: FastifyReply, fileName: string, contentType: string, content: Buffer | string) {
  return reply.header('content-type', contentType).header('x-content-type-options', 'nosniff').header('content-disposition', contentDisposition(fileName)).send(content);
}

export function contentDisposition(fileName: string): string {
  const fallback = fileName.replace(/[^A-Za-z0-9._-]/g, '_') || 'download';
  const encoded = encodeURIComponent(fileName).replace(/['()*!]/g, (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

/** What an attachment is served as: by its extension among the types units hand in, else bytes (never the uploader's word). */
export function contentTypeOf(fileName: string): string {
  return downloadTypes[path.extname(fileName).slice(1).toLowerCase()] ?? 'application/octet-stream';
}
const downloadTypes: Record<string, string> = {
  pdf: 'application/pdf',
  doc: 'application/msword',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xls: 'application/vnd.ms-excel',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  ppt: 'application/vnd.ms-powerpoint',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  txt: 'text/plain; charset=utf-8',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  zip: 'application/zip',
  ofd: 'application/ofd',
};

/** A simulation job as the API shows it: progress while it runs, the ranking once done. */
export function simulationSummary(job: SimulationJob) {
  return {
    id: job.id,
    campaignId: job.campaignId,
    title: job.title,
    startedBy: job.startedBy,
    startedAt: job.startedAt,
    status: job.status,
    ...(job.progress ? { progress: job.progress } : {}),
    ...(job.error ? { error: job.error } : {}),
    ...(job.report
      ? {
          result: {
            messages: job.report.mailCount,
            refusedActions: job.report.rejected.length,
            ranking: job.report.evaluation.units.map((score) => ({ rank: score.rank, unit: score.unit.name, score: score.score, isPraised: score.isPraised, isCriticised: score.isCriticised })),
          },
        }
      : {}),
  };
}

