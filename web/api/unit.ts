/** A unit's calls, through the link of its emails: its obligations, uploads, submissions, notices. */
import { z } from 'zod';
import { attachmentIdPattern, checkUploads, keepUpload } from '../../app/attachments';
import { requireStaff, requireUnit, unitTokenOf } from '../auth';
import { InvalidInputError, NotFoundError } from '../../app/errors';
import type { WebContext } from '../context';
import { referencesAttachment, unitView } from '../../app/views';
import { obligationId, obligationState, itemSummary, unitRecord, noticeFileName, submissionBody, occurrenceBody, storyLine, returnNote } from './schemas';
import { attachmentContentTypes, contentTypeOf, docxType, readMultipart, sendDownload, sendNotice } from '../http';
import { type ApiRegistry } from '../openapi';
import { isWithinScope } from '../../app/staff-scope';

export function registerUnitApi(api: ApiRegistry, context: WebContext): void {
  registerUnitViewApi(api, context);
  registerUnitActionApi(api, context);
  registerAttachmentApi(api, context);
}

/** A unit's own page of obligations, records and notices received. */
function registerUnitViewApi(api: ApiRegistry, context: WebContext): void {
  const { auth } = context;
  const views = context.app.views;
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
      timeZone: z.string(),
      planNow: z.string(),
      planNowLocal: z.string(),
      obligations: z.array(
        itemSummary.extend({
          group: z.enum(['overdue', 'due-soon', 'open', 'standing', 'done']),
          isStanding: z.boolean().describe('常设渠道（次数要求为0）：随时报送，不会“完成”'),
          canSubmit: z.boolean(),
          state: obligationState,
          story: z.array(storyLine),
          returnNote: returnNote.optional().describe('退回修改时：退回理由和新的截止时间'),
          submittedAtLocal: z.string().optional(),
          fields: z.array(z.looseObject({ id: z.string(), label: z.string() })),
          /** A lead's obligation: each cooperating unit's part (配合单位). */
          contributions: z
            .array(z.object({ unitId: z.string(), unitName: z.string(), status: z.string().optional(), statusName: z.string(), dueAt: z.string().optional(), submittedAt: z.string().optional() }))
            .optional(),
        }),
      ),
      record: unitRecord.optional(),
      recordStory: z.array(storyLine),
      notices: z.array(z.string()),
      /** The other campaigns the same unit takes part in. */
      otherCampaigns: z.array(z.object({ campaignId: z.string(), title: z.string() })),
    }),
    refusals: { 404: '链接所指的活动不存在' },
    handler: async ({ caller }) => unitView(views, caller),
  });
}

/** A unit's uploads, submissions and occurrences, and its notices downloaded. */
function registerUnitActionApi(api: ApiRegistry, context: WebContext): void {
  const { env } = context;
  const { operations, attachments } = context.app;
  const { auth } = context;
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
      const saved = [];
      for (const file of files) saved.push(await keepUpload(attachments, file, uploadedBy));
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
    refusals: { 404: '本单位没有这项任务', 409: '该任务不接受报送（已报送待审核、已结束等，原因见 message）' },
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
    refusals: { 404: '本单位没有这项任务', 409: '该任务不接受报告（原因见 message）' },
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
    produces: [docxType],
    refusals: { 404: '本单位没有这份通知文书' },
    handler: async ({ params, caller }, _request, reply) => sendNotice(reply, context.app.notices, caller, params.fileName),
  });
}

/** An attachment downloaded, through a unit's link or a session. */
function registerAttachmentApi(api: ApiRegistry, context: WebContext): void {
  const { attachments } = context.app;
  const { auth } = context;
  const views = context.app.views;
  api.add({
    method: 'GET',
    url: '/api/attachments/:attachmentId',
    summary: '下载附件（单位链接或登录后）',
    tag: '文档',
    security: 'unit',
    params: z.object({ attachmentId: z.string().regex(attachmentIdPattern, { error: '应为附件编号 sha256-…' }) }),
    // A unit's link or a session; a unit only gets what it uploaded itself or what one of its own obligations references.
    guard: async (request) => (unitTokenOf(request) ? { unit: requireUnit(request, auth) } : { staff: await requireStaff(request, auth, 'supervisor', { changesState: false }) }),
    response: z.unknown(),
    produces: attachmentContentTypes(),
    refusals: { 404: '没有这个附件，或它不属于本单位' },
    handler: async ({ params, caller }, _request, reply) => {
      const found = await attachments.read(params.attachmentId);
      const missing = new NotFoundError(`没有附件 ${params.attachmentId}`);
      if (!found) throw missing;
      if ('unit' in caller) {
        const unit = caller.unit!;
        const isOwnUpload = found.meta.uploadedBy?.campaignId === unit.campaignId && found.meta.uploadedBy.unitId === unit.unitId;
        // Another unit's attachment is "not found": its id says nothing to whoever guessed it.
        if (!isOwnUpload && !(await referencesAttachment(views, unit, params.attachmentId))) throw missing;
      } else if (caller.staff?.scope && !isWithinScope(caller.staff.scope, found.meta.uploadedBy?.unitId ?? '')) {
        // A scoped supervisor gets what their units uploaded.
        throw missing;
      }
      return sendDownload(reply, found.meta.fileName, contentTypeOf(found.meta.fileName), found.content);
    },
  });
}
