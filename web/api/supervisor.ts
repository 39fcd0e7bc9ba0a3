/** A supervisor's calls: the inbox, an item's story, actions on items and units, notices. */
import { z } from 'zod';
import { requireStaff } from '../auth';
import type { WebContext } from '../context';
import { inboxView } from '../../app/inbox';
import { itemView } from '../../app/views';
import { id, obligationState, itemSummary, unitRecord, itemParams, noticeFileName, obligationActionBody, unitActionBody } from './schemas';
import { sendNotice } from '../http';
import { type ApiRegistry } from '../openapi';

export function registerSupervisorApi(api: ApiRegistry, context: WebContext): void {
  const { operations } = context.app;
  const { auth } = context;
  const views = context.app.views;

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
    handler: async ({ params }, _request, reply) => sendNotice(reply, context.app.notices, params, params.fileName),
  });

}
