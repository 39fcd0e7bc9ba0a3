/** The JSON API's shared request and response schemas (zod; the OpenAPI document is written from them). */
import { z } from 'zod';
import { isCalendarDate } from '../../config/calendar';
import { attachmentIdPattern } from '../../app/attachments';

export const id = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, { error: '应为小写字母、数字和连字符组成的编号' });
export const obligationId = z.string().regex(/^[a-z0-9][a-z0-9-]*(@[a-z0-9][a-z0-9-]*)?$/, { error: '应为任务编号，如 implementation-measures 或 publicity@world-ip-day' });
export const reason = z.string({ error: '请填写理由' }).trim().min(1, { error: '请填写理由' }).max(2000, { error: '理由最多2000字' });
export const isoDate = z
  .string({ error: '应为日期 YYYY-MM-DD' })
  .superRefine((value, context) => {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) context.addIssue({ code: 'custom', message: '应为日期 YYYY-MM-DD' });
    else if (!isCalendarDate(value)) context.addIssue({ code: 'custom', message: '应为真实存在的日期 YYYY-MM-DD（如 2022-04-29）' });
  })
  // What the refinement checks, for the document (a refinement itself has no JSON Schema).
  .meta({ format: 'date', pattern: '^\\d{4}-\\d{2}-\\d{2}$' });
export const status = z.enum(['open', 'submitted', 'accepted', 'returned', 'target-met', 'overdue', 'awaiting-decision', 'waived', 'closed', 'cancelled']);

export const historyEntry = z.object({ at: z.string(), event: z.string(), detail: z.string() });
export const obligationState = z.looseObject({ status, dueAt: z.string(), escalationLevel: z.number(), returns: z.number(), history: z.array(historyEntry) });
/** A story's entry as people read it (app/story.ts): the record's `at` with its local reading, the event's name, the text without instants in UTC or message keys. */
export const storyLine = z.object({ at: z.string(), atLocal: z.string(), event: z.string(), eventName: z.string(), text: z.string(), by: z.string().optional() });
export const returnNote = z.object({ at: z.string(), atLocal: z.string(), by: z.string(), reason: z.string(), dueAtLocal: z.string() });
export const itemSummary = z.object({
  campaignId: z.string(),
  campaignTitle: z.string(),
  unitId: z.string(),
  unitName: z.string(),
  obligationId: z.string(),
  title: z.string(),
  status,
  statusName: z.string(),
  escalationLevel: z.number(),
  dueAt: z.string().describe('截止时间（方案时间，ISO 8601）'),
  dueAtLocal: z.string().describe('截止时间，按活动时区：2022年4月22日 17:30'),
});
export const unitRecord = z.looseObject({ unit: z.object({ id: z.string(), name: z.string() }), onCriticismList: z.boolean(), praises: z.number() });
export const progress = z.object({ phase: z.enum(['launching', 'running', 'paused', 'ended', 'cancelled']), launched: z.number(), alreadyRunning: z.number(), total: z.number().optional() });
export const itemParams = z.object({ campaignId: id, unitId: id, obligationId });
export const noticeFileName = z.string().regex(/^[^/\\]+\.docx$/, { error: '应为通知文书的文件名（….docx）' });
/** A file of config/campaigns: the document lists the files there when it is served (ApiRegistry.document's choices). */
export const definitionFile = z.string({ error: '应为 config/campaigns 中的方案文件名' }).min(1, { error: '应为 config/campaigns 中的方案文件名' });
export const definitionSource = z.union([z.object({ file: definitionFile }), z.object({ upload: z.string().regex(/^[0-9a-f]{32}$/, { error: '应为上传编号（32位十六进制）' }) })], {
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

/** A rehearsal's start on the server's clock: `now`, an ISO date-time with its offset, or nothing (a real launch). */
const rebasePattern = /^(|now|\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))$/;
export const rebaseTo = z
  .string({ error: '应为 now 或带时区的日期时间（如 2026-12-01T09:00:00+08:00）' })
  .refine((value) => rebasePattern.test(value) && (value === '' || value === 'now' || !Number.isNaN(Date.parse(value))), {
    error: (issue) => `应为 now 或带时区的日期时间（如 2026-12-01T09:00:00+08:00），实际为“${String(issue.input).slice(0, 40)}”`,
  })
  .meta({ pattern: rebasePattern.source, examples: ['now', '2026-12-01T09:00:00+08:00'] })
  .optional();

/** A definition file's name as uploaded: YAML. */
export const yamlFileName = z
  .string({ error: '请给出文件名' })
  .min(1, { error: '请给出文件名' })
  .max(200, { error: '文件名最多200个字符' })
  .regex(/\.ya?ml$/i, { error: '应为 .yaml 或 .yml 文件名' });
