/** A supervisor's calls: the inbox, an item's story, actions on items and units, notices. */
import { z } from 'zod';
import { requireStaff } from '../auth';
import type { WebContext } from '../context';
import { inboxView } from '../../app/inbox';
import { itemView } from '../../app/views';
import { id, obligationState, itemSummary, unitRecord, itemParams, noticeFileName, obligationActionBody, unitActionBody, storyLine, returnNote } from './schemas';
import { docxType, sendNotice } from '../http';
import { requireNoticeWithinScope } from '../../app/staff-scope';
import { type ApiRegistry } from '../openapi';

const inboxItem = itemSummary.extend({ unreadable: z.string().optional().describe('所属活动不可读时的原因；此时只有检索属性中的信息') });

export function registerSupervisorApi(api: ApiRegistry, context: WebContext): void {
  registerSupervisorReadingApi(api, context);
  registerSupervisorActionApi(api, context);
}

/** What a supervisor reads: the inbox and one obligation in detail. */
function registerSupervisorReadingApi(api: ApiRegistry, context: WebContext): void {
  const { auth } = context;
  const views = context.app.views;
  api.add({
    method: 'GET',
    url: '/api/inbox',
    summary: '督办收件箱：逾期和已升级的事项（最严重、最早的在前），及待审核的报送',
    tag: '督办',
    security: 'supervisor',
    query: z.object({ campaign: id.optional(), unit: id.optional(), level: z.coerce.number({ error: '应为督办层级（整数）' }).int().min(0).max(10).optional() }),
    guard: (request) => requireStaff(request, auth, 'supervisor', { changesState: false }),
    response: z.object({
      escalated: z.array(inboxItem),
      toReview: z.array(inboxItem),
      dueSoon: z.array(inboxItem).describe('7日内到期的待办事项（按各活动的方案时间）'),
      campaigns: z.array(z.object({ campaignId: z.string(), title: z.string() })),
    }),
    handler: async ({ query, caller }) => {
      return inboxView(views, query, caller.scope);
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
    response: itemSummary.extend({
      measure: z.string(),
      state: obligationState,
      story: z.array(storyLine),
      returnNote: returnNote.optional(),
      submittedAtLocal: z.string().optional(),
      actions: z.array(z.string()),
      pendingStep: z.string().optional(),
      record: unitRecord.optional(),
      recordStory: z.array(storyLine),
      notices: z.array(z.string()),
      timeZone: z.string(),
      planNow: z.string(),
      planNowLocal: z.string(),
    }),
    refusals: { 404: '没有这个活动、单位或任务' },
    handler: async ({ params, caller }) => {
      return itemView(views, params.campaignId, params.unitId, params.obligationId, caller.scope);
    },
  });
}

/** What a supervisor does: actions on an obligation or a unit, and a unit's notices downloaded. */
function registerSupervisorActionApi(api: ApiRegistry, context: WebContext): void {
  const { operations } = context.app;
  const { auth } = context;
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
    refusals: { 404: '没有这个活动、单位或任务', 409: '工作流拒绝了此操作（原因见 message），没有任何改变' },
    handler: async ({ params, body, caller }) => {
      return operations.act(params, body, caller.name, caller.scope);
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
    refusals: { 404: '没有这个活动', 409: '活动拒绝了此措施（原因见 message），没有任何改变' },
    handler: async ({ params, body, caller }) => {
      return operations.actOnUnit(params.campaignId, { unitId: params.unitId, ...body }, caller.name, caller.scope);
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
    produces: [docxType],
    refusals: { 404: '该单位没有这份通知文书' },
    handler: async ({ params, caller }, _request, reply) => {
      requireNoticeWithinScope(caller.scope, params.unitId, params.fileName);
      return sendNotice(reply, context.app.notices, params, params.fileName);
    },
  });
}
