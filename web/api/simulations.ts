/** The administrator's simulation before launch. */
import { z } from 'zod';
import { requireStaff } from '../auth';
import { InvalidInputError, NotFoundError } from '../../app/errors';
import type { WebContext } from '../context';
import type { SimulationJob } from '../../app/simulations';
import { definitionSource } from './schemas';
import { type ApiRegistry } from '../openapi';

export function registerSimulationApi(api: ApiRegistry, context: WebContext): void {
  const { admin } = context.app;
  const { auth } = context;

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
    status: 202,
    refusals: { 404: '没有这个上传编号的方案', 409: '另一次模拟正在进行' },
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
    refusals: { 404: '没有这次模拟（只保留最近几次）' },
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
    produces: ['text/html'],
    refusals: { 404: '没有这次模拟，或它尚未完成' },
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

}

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
