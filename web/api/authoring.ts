/** 活动设计 for scripts and the editor's browser code: import a notice, drafts, the check, versions, compare, launch and amend from a version. */
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { InvalidInputError } from '../../app/errors';
import { NoticeImportError, type NoticeInput } from '../../app/notice-import';
import { adminGuard } from '../auth';
import type { WebContext } from '../context';
import { readMultipart, sendDownload } from '../http';
import type { ApiRegistry } from '../openapi';
import { progress, reason } from './schemas';

const draftId = z.string().regex(/^[0-9a-f]{16}$/, { error: '应为草稿编号（16位十六进制）' });
const versionId = z.string().regex(/^[0-9a-f]{16}$/, { error: '应为版本编号（16位十六进制）' });
const yamlText = z.string({ error: '应为方案的 YAML 文本' }).max(2_000_000, { error: '方案最长 2,000,000 字' });
const basedOn = z.number({ error: '应为草稿的修订号' }).int().min(1, { error: '应为草稿的修订号' }).max(2_147_483_647, { error: '应为草稿的修订号' });
const problem = z.object({ path: z.array(z.union([z.string(), z.number()])), line: z.number().optional(), column: z.number().optional(), file: z.string().optional(), severity: z.enum(['error', 'warning']), message: z.string(), located: z.string() });
const versionSummary = z.object({ id: z.string(), number: z.number(), title: z.string(), campaignId: z.string().nullable(), isValid: z.boolean(), note: z.string(), savedBy: z.string(), savedAt: z.date() });

/** The notice of a multipart request: a file (.docx, .txt, .pdf) or a `text` field. */
export async function noticeOf(request: FastifyRequest, maxMb: number): Promise<NoticeInput> {
  const { fields, files } = await readMultipart(request, maxMb);
  const file = files.find((candidate) => candidate.content.length > 0);
  if (file) return { fileName: file.fileName, data: file.content };
  if (fields.text?.trim()) return { text: fields.text };
  throw new InvalidInputError({ notice: ['请上传通知文件（.docx、.txt 或带文字层的 .pdf），或粘贴通知文字'] });
}

/** Import errors a person can act on become field errors of `notice`. */
export async function importing<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof NoticeImportError) throw new InvalidInputError({ notice: [error.message] }, error.message);
    throw error;
  }
}

export const noticeUploadMb = (maxUploadMb: number) => Math.min(10, maxUploadMb);

export function registerAuthoringApi(api: ApiRegistry, context: WebContext): void {
  registerDraftApi(api, context);
  registerDraftEditingApi(api, context);
  registerVersionApi(api, context);
  registerVersionUseApi(api, context);
}

/** Drafts: a notice imported, a file copied, listed, read. */
function registerDraftApi(api: ApiRegistry, context: WebContext): void {
  const { authoring } = context.app;
  const admin = adminGuard(context.auth);

  api.add({
    method: 'POST',
    url: '/api/authoring/imports',
    summary: '导入通知（.docx、.txt、带文字层的 .pdf，或 text 字段的粘贴文字）：提取草稿并存为草稿，返回待确认的问题数',
    tag: '管理',
    security: 'admin',
    multipart: { description: 'notice：通知文件；或 text：粘贴的通知文字（_csrf 在首位，或用 x-csrf-token 请求头）' },
    guard: admin(true),
    response: z.object({ draftId: z.string(), revision: z.number(), items: z.number(), questions: z.number(), unresolvedUnits: z.array(z.string()) }),
    handler: async ({ caller }, request) => {
      const draft = await importing(async () => authoring.importNotice(await noticeOf(request, noticeUploadMb(context.env.WEB_MAX_UPLOAD_MB)), caller.name));
      const review = authoring.reviewOf(draft)!;
      return { draftId: draft.id, revision: draft.revision, items: review.items.length, questions: review.questions.length, unresolvedUnits: review.unresolvedUnits };
    },
  });
  api.add({
    method: 'POST',
    url: '/api/authoring/drafts',
    summary: '以 config/campaigns 中的方案文件新建草稿',
    tag: '管理',
    security: 'admin',
    body: z.object({ file: z.string({ error: '请选择方案文件' }).min(1, { error: '请选择方案文件' }) }),
    guard: admin(true),
    response: z.object({ draftId: z.string(), revision: z.number() }),
    handler: async ({ body, caller }) => {
      const draft = await authoring.createFromFile(body.file, caller.name);
      return { draftId: draft.id, revision: draft.revision };
    },
  });
  api.add({
    method: 'GET',
    url: '/api/authoring/drafts',
    summary: '全部草稿（最近修改的在前）',
    tag: '管理',
    security: 'admin',
    guard: admin(false),
    response: z.object({ drafts: z.array(z.object({ id: z.string(), title: z.string(), revision: z.number(), versions: z.number(), hasNotice: z.boolean(), updatedBy: z.string(), updatedAt: z.date() })) }),
    handler: async () => ({ drafts: await authoring.listDrafts() }),
  });
  api.add({
    method: 'GET',
    url: '/api/authoring/drafts/:draftId',
    summary: '草稿：YAML 文本、修订号、谁何时保存；由通知导入的还有提取结果和待确认的问题',
    tag: '管理',
    security: 'admin',
    params: z.object({ draftId }),
    refusals: { 404: '没有这份草稿' },
    guard: admin(false),
    response: z.object({ id: z.string(), title: z.string(), yaml: z.string(), revision: z.number(), updatedBy: z.string(), updatedAt: z.date(), review: z.unknown().optional() }),
    handler: async ({ params }) => {
      const draft = await authoring.draft(params.draftId);
      const review = authoring.reviewOf(draft);
      return { ...draft, ...(review ? { review } : {}) };
    },
  });
}

/** The editor's calls on a draft: the import's questions answered, autosaves, the check. */
function registerDraftEditingApi(api: ApiRegistry, context: WebContext): void {
  const { authoring } = context.app;
  const admin = adminGuard(context.auth);
  api.add({
    method: 'POST',
    url: '/api/authoring/drafts/:draftId/answers',
    summary: '回答导入时的待确认问题（按问题序号），写入草稿并保存为第一个版本',
    tag: '管理',
    security: 'admin',
    params: z.object({ draftId }),
    body: z.object({ basedOn, answers: z.record(z.string().regex(/^\d+$/, { error: '应为问题序号' }), z.unknown(), { error: '应为 {问题序号: 回答}' }) }),
    refusals: { 404: '没有这份草稿', 409: '草稿已在别处保存（basedOn 不是当前修订号），没有任何改变' },
    guard: admin(true),
    response: z.object({ revision: z.number(), version: versionSummary }),
    handler: async ({ params, body, caller }) => {
      const { draft, version } = await authoring.answer(params.draftId, body.basedOn, body.answers, caller.name);
      return { revision: draft.revision, version };
    },
  });
  api.add({
    method: 'POST',
    url: '/api/authoring/drafts/:draftId/text',
    summary: '自动保存草稿文本；basedOn 须为当前修订号，否则 409（别处已保存），不覆盖',
    tag: '管理',
    security: 'admin',
    params: z.object({ draftId }),
    body: z.object({ yaml: yamlText, basedOn }),
    refusals: { 404: '没有这份草稿', 409: '草稿已在别处保存（basedOn 不是当前修订号），没有任何改变' },
    guard: admin(true),
    response: z.object({ revision: z.number(), updatedAt: z.date() }),
    handler: async ({ params, body, caller }) => {
      const draft = await authoring.save(params.draftId, body.yaml, body.basedOn, caller.name);
      return { revision: draft.revision, updatedAt: draft.updatedAt };
    },
  });
  api.add({
    method: 'POST',
    url: '/api/authoring/check',
    summary: '校验并编译方案文本：按位置列出问题（与 validate --lang zh 相同），有效时返回计划预览和邮件模板预览',
    tag: '管理',
    security: 'admin',
    body: z.object({ yaml: yamlText }),
    guard: admin(true),
    response: z.object({
      valid: z.boolean(),
      problems: z.array(problem),
      campaignId: z.string().optional(),
      title: z.string().optional(),
      instances: z.number().optional(),
      period: z.object({ start: z.string(), end: z.string() }).optional(),
      moments: z.array(z.object({ date: z.string(), local: z.string(), obligation: z.string(), what: z.string(), kind: z.enum(['reminder', 'deadline', 'escalation']), units: z.string(), provisional: z.boolean().optional() })).optional(),
      templates: z.array(z.object({ id: z.string(), subject: z.string(), text: z.string(), html: z.string() })).optional(),
    }),
    handler: async ({ body }) => authoring.check(body.yaml),
  });
}

/** Versions: saved, listed, downloaded. */
function registerVersionApi(api: ApiRegistry, context: WebContext): void {
  const { authoring } = context.app;
  const admin = adminGuard(context.auth);
  api.add({
    method: 'POST',
    url: '/api/authoring/drafts/:draftId/versions',
    summary: '把草稿文本保存为新版本（记录保存人和时间）；与上一版本相同则不新建',
    tag: '管理',
    security: 'admin',
    params: z.object({ draftId }),
    body: z.object({ yaml: yamlText, basedOn, note: z.string().max(500, { error: '说明最多500字' }).default('') }),
    refusals: { 404: '没有这份草稿', 409: '草稿已在别处保存（basedOn 不是当前修订号），没有任何改变' },
    guard: admin(true),
    response: z.object({ revision: z.number(), isNew: z.boolean(), version: versionSummary }),
    handler: async ({ params, body, caller }) => {
      const { draft, version, isNew } = await authoring.saveVersion(params.draftId, body.yaml, body.basedOn, body.note, caller.name);
      return { revision: draft.revision, isNew, version };
    },
  });
  api.add({
    method: 'GET',
    url: '/api/authoring/drafts/:draftId/versions',
    summary: '草稿的全部版本（最新的在前），及用它们启动或修订的活动',
    tag: '管理',
    security: 'admin',
    params: z.object({ draftId }),
    refusals: { 404: '没有这份草稿', 409: '草稿已在别处保存（basedOn 不是当前修订号），没有任何改变' },
    guard: admin(false),
    response: z.object({ versions: z.array(versionSummary.extend({ uses: z.array(z.object({ campaignId: z.string(), action: z.enum(['launch', 'amend']), usedBy: z.string(), usedAt: z.date() })) })) }),
    handler: async ({ params }) => ({ versions: await authoring.versions(params.draftId) }),
  });
  api.add({
    method: 'GET',
    url: '/api/authoring/versions/:versionId/yaml',
    summary: '下载某一版本的 YAML（npm run campaign 的命令可直接使用）',
    tag: '管理',
    security: 'admin',
    params: z.object({ versionId }),
    refusals: { 404: '没有这个方案版本' },
    guard: admin(false),
    response: z.unknown(),
    handler: async ({ params }, _request, reply) => {
      const version = await authoring.version(params.versionId);
      return sendDownload(reply, `${version.campaignId ?? 'draft'}-v${version.number}.yaml`, 'application/yaml; charset=utf-8', version.yaml);
    },
  });
}

/** What is done with a saved version: compared, launched, a running campaign amended. */
function registerVersionUseApi(api: ApiRegistry, context: WebContext): void {
  const { authoring } = context.app;
  const admin = adminGuard(context.auth);
  api.add({
    method: 'GET',
    url: '/api/authoring/versions/:versionId/compare/:otherId',
    summary: '比较两个版本：对哪些单位有什么变化（新增任务、各单位截止时间的变动、提醒、规则、模板、考核）',
    tag: '管理',
    security: 'admin',
    params: z.object({ versionId, otherId: versionId }),
    refusals: { 404: '没有这个方案版本' },
    guard: admin(false),
    response: z.object({
      from: versionSummary,
      to: versionSummary,
      problems: z.array(z.string()),
      comparison: z.object({ summary: z.array(z.string()), sections: z.array(z.object({ title: z.string(), lines: z.array(z.string()) })), byUnit: z.array(z.object({ unitId: z.string(), unit: z.string(), lines: z.array(z.string()) })) }).optional(),
    }),
    handler: async ({ params }) => authoring.compare(params.versionId, params.otherId),
  });
  api.add({
    method: 'POST',
    url: '/api/authoring/versions/:versionId/launch',
    summary: '以某一保存的版本启动活动（活动的 memo 记录版本编号）；rebaseTo 用于演练',
    tag: '管理',
    security: 'admin',
    params: z.object({ versionId }),
    body: z.object({ rebaseTo: z.string().max(40, { error: '应为 now 或日期时间' }).optional() }),
    refusals: { 404: '没有这个方案版本', 409: '活动拒绝了启动（原因见 message）' },
    guard: admin(true),
    response: z.object({ campaignId: z.string(), alreadyLaunched: z.boolean(), instances: z.number(), version: z.number() }),
    handler: async ({ params, body, caller }) => authoring.launch(params.versionId, body.rebaseTo?.trim() || undefined, caller.name),
  });
  api.add({
    method: 'POST',
    url: '/api/authoring/versions/:versionId/amend/preview',
    summary: '用某一版本修订正在运行的同编号活动之前：将会改变什么',
    tag: '管理',
    security: 'admin',
    params: z.object({ versionId }),
    refusals: { 404: '没有这个方案版本' },
    guard: admin(true),
    response: z.object({ campaignId: z.string(), changes: z.array(z.string()) }),
    handler: async ({ params }) => authoring.amendmentPreview(params.versionId),
  });
  api.add({
    method: 'POST',
    url: '/api/authoring/versions/:versionId/amend',
    summary: '用某一保存的版本修订正在运行的同编号活动（记录操作人和理由）',
    tag: '管理',
    security: 'admin',
    params: z.object({ versionId }),
    body: z.object({ reason }),
    refusals: { 404: '没有这个方案版本', 409: '活动拒绝了修订（原因见 message），没有任何改变' },
    guard: admin(true),
    response: progress,
    handler: async ({ params, body, caller }) => authoring.amend(params.versionId, body.reason, caller.name),
  });
}
