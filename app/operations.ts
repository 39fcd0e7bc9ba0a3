/**
 * What people do to obligations and units, through the workflows' existing updates: a unit
 * submits; a supervisor reviews, extends, decides, and acts on a unit. The workflows' validators
 * have the last word (a refusal changes nothing); the checks here only give a person a field
 * error before a round trip.
 */
import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { isCalendarDate } from '../config/calendar';
import { baseObligationId } from '../config/compile';
import { chineseDay, localDate } from '../config/time-format';
import { reschedule, supervision } from '../config/workflow-input';
import type { Obligation } from '../config/definition/schema';
import { campaignWorkflowId, type UnitAction, unitActionUpdate, type UnitRecord } from '../contracts/campaign';
import { decideUpdate, superviseUpdate, waiveUpdate, extendUpdate, type ObligationState, obligationWorkflowId, reportOccurrenceUpdate, reviewUpdate, stateQuery, submitUpdate } from '../contracts/obligation';
import type { AttachmentRepository } from '../store/attachments';
import { type AttachmentLimits, checkUploads, defaultAttachmentTypes, isAllowedType, keepUpload, shownName, type Upload } from './attachments';
import { type CampaignReader, planNow, type RunningCampaign } from './campaign-reader';
import { InvalidInputError, NotFoundError, RefusedError } from './errors';
import { requireItemWithinScope, requireUnitWithinScope, type StaffScope } from './staff-scope';
import type { UnitScope } from './unit-links';

export interface SubmissionField {
  id: string;
  label: string;
  required: boolean;
  maxLength?: number;
}

/** The fields a definition asks for; an obligation without rules asks for one text. */
export function submissionFieldsOf(obligation: Obligation | undefined): SubmissionField[] {
  const fields = obligation?.submission?.fields;
  if (!fields) return [{ id: 'content', label: '报送内容', required: true }];
  return fields.map((field) => ({ id: field.id, label: field.label, required: field.required, ...(field.maxLength ? { maxLength: field.maxLength } : {}) }));
}

export function attachmentLimitsOf(obligation: Obligation | undefined, maxUploadMb: number): AttachmentLimits {
  const rules = obligation?.submission?.attachments;
  return {
    maxCount: rules?.maxCount ?? 5,
    maxBytes: Math.min(rules?.maxSizeMb ?? maxUploadMb, maxUploadMb) * 1024 * 1024,
    types: rules?.types?.map((type) => type.replace(/^\./, '').toLowerCase()) ?? defaultAttachmentTypes,
  };
}

/** The definition's obligation of an instance's obligation id (a cooperating unit's part is the lead's obligation). */
export function definitionObligation(running: Pick<RunningCampaign, 'definition'>, obligationId: string): Obligation | undefined {
  const baseId = baseObligationId(obligationId);
  return running.definition.obligations.find((obligation) => obligation.id === baseId);
}

/** The content a person reads: each field under its label, in the definition's order. */
export function submissionContent(fields: SubmissionField[], values: Record<string, string>): string {
  if (fields.length === 1 && fields[0]!.id === 'content') return values.content ?? '';
  return fields
    .filter((field) => (values[field.id] ?? '').trim() !== '')
    .map((field) => `【${field.label}】\n${values[field.id]!.trim()}`)
    .join('\n\n');
}

export interface OperationsDependencies {
  reader: CampaignReader;
  attachments: AttachmentRepository;
  maxUploadMb: number;
}

export interface SubmitRequest {
  obligationId: string;
  submittedBy: string;
  fields: Record<string, string>;
  attachments: string[];
  /** Files of this request (a page's form): checked with everything else, stored only when all is valid. */
  uploads?: Upload[];
}

export class Operations {
  constructor(private readonly dependencies: OperationsDependencies) {}

  /** A unit hands in an obligation: fields checked against the definition, attachments by id only. */
  async submit(scope: UnitScope, request: SubmitRequest): Promise<ObligationState> {
    const { running } = await this.dependencies.reader.instance(scope.campaignId, scope.unitId, request.obligationId);
    const obligation = definitionObligation(running, request.obligationId);
    const fields = submissionFieldsOf(obligation);
    const errors: Record<string, string[]> = {};
    for (const field of fields) {
      const value = (request.fields[field.id] ?? '').trim();
      if (field.required && value === '') errors[`fields.${field.id}`] = [`请填写“${field.label}”`];
      else if (field.maxLength && value.length > field.maxLength) errors[`fields.${field.id}`] = [`“${field.label}”最多${field.maxLength}字，现为${value.length}字`];
    }
    for (const name of Object.keys(request.fields)) {
      if (!fields.some((field) => field.id === name)) errors[`fields.${name}`] = [`方案未要求字段“${name}”；应为：${fields.map((field) => field.id).join('、')}`];
    }
    const attachments = await this.checkAndStoreAttachments(scope, request, obligation, errors);
    const state = await this.update(obligationWorkflowId(scope.campaignId, scope.unitId, request.obligationId), (handle) =>
      handle.executeUpdate(submitUpdate, {
        args: [{ unitId: scope.unitId, submittedBy: request.submittedBy, content: submissionContent(fields, request.fields), attachments }],
      }),
    );
    // Handed in: no longer an upload waiting (the unit's quota frees it, the clean-up keeps it).
    if (attachments.length > 0) await this.dependencies.attachments.markReferenced(attachments);
    return state;
  }

  /** A unit reports one occurrence of a count obligation (a meeting held), with the evidence the definition names. */
  async reportOccurrence(scope: UnitScope, request: OccurrenceRequest): Promise<ObligationState> {
    const { running, instance } = await this.dependencies.reader.instance(scope.campaignId, scope.unitId, request.obligationId);
    const obligation = definitionObligation(running, request.obligationId);
    const errors: Record<string, string[]> = {};
    if (!instance.schedule.count) errors.obligationId = [`“${instance.schedule.title}”是一次性报送任务，请使用报送，而非按次报告`];
    const labels = evidenceLabelsOf(obligation);
    for (const label of Object.keys(request.evidence)) {
      if (!labels.includes(label)) errors[`evidence.${label}`] = [`方案未要求佐证“${label}”；应为：${labels.join('、')}`];
    }
    if (Object.values(request.evidence).every((value) => value.trim() === '')) errors.evidence = ['请至少填写一项佐证材料'];
    const dateProblem = occurrenceDateProblem(request.date, running.plan.campaign.period.start, localDate(planNow(running), running.plan.campaign.timeZone));
    if (dateProblem) errors.date = [dateProblem];
    const attachments = await this.checkAndStoreAttachments(scope, request, obligation, errors);
    const state = await this.update(obligationWorkflowId(scope.campaignId, scope.unitId, request.obligationId), (handle) =>
      handle.executeUpdate(reportOccurrenceUpdate, {
        args: [{ unitId: scope.unitId, reportedBy: request.reportedBy, date: request.date, evidence: request.evidence, attachments }],
      }),
    );
    if (attachments.length > 0) await this.dependencies.attachments.markReferenced(attachments);
    return state;
  }

  /** A supervisor's or reviewer's action on one obligation (outside `scope`: "not found"). */
  async act(target: ObligationTarget, action: ObligationAction, by: string, scope?: StaffScope): Promise<ObligationState> {
    requireItemWithinScope(scope, target.campaignId, target.unitId, target.obligationId);
    const { running, instance } = await this.dependencies.reader.instance(target.campaignId, target.unitId, target.obligationId);
    const workflowId = obligationWorkflowId(target.campaignId, target.unitId, target.obligationId);
    /** A new deadline must be a real date after today on the plan's clock, and no later than the campaign's last day. */
    const laterDate = (dueDate: string | undefined): string => {
      if (!dueDate) throw new InvalidInputError({ dueDate: ['请填写新的截止日期（YYYY-MM-DD）'] });
      if (!isCalendarDate(dueDate)) throw new InvalidInputError({ dueDate: [`应为真实存在的日期 YYYY-MM-DD，实际为“${dueDate.slice(0, 20)}”`] });
      // Today on the plan's clock and in the campaign's zone: at 07:00 in Beijing the UTC date is still yesterday.
      const today = localDate(planNow(running), running.plan.campaign.timeZone);
      if (dueDate <= today) throw new InvalidInputError({ dueDate: [`新的截止日期应晚于今天（${chineseDay(today)}），实际为${chineseDay(dueDate)}`] });
      const lastDay = running.plan.campaign.period.end;
      if (dueDate > lastDay) throw new InvalidInputError({ dueDate: [`新的截止日期不能晚于活动结束日（${chineseDay(lastDay)}），实际为${chineseDay(dueDate)}`] });
      return dueDate;
    };
    const newSchedule = (dueDate: string | undefined) => reschedule(running.definition, instance, laterDate(dueDate));
    switch (action.action) {
      case 'extend': {
        const schedule = newSchedule(action.dueDate);
        return this.update(workflowId, (handle) => handle.executeUpdate(extendUpdate, { args: [{ extendedBy: by, reason: action.reason, schedule }] }));
      }
      case 'accept':
        return this.update(workflowId, (handle) => handle.executeUpdate(reviewUpdate, { args: [{ action: 'accept', reviewedBy: by, reason: action.reason }] }));
      case 'return': {
        const schedule = newSchedule(action.dueDate);
        return this.update(workflowId, (handle) => handle.executeUpdate(reviewUpdate, { args: [{ action: 'return', reviewedBy: by, reason: action.reason, schedule }] }));
      }
      case 'proceed':
        return this.update(workflowId, (handle) => handle.executeUpdate(decideUpdate, { args: [{ action: 'proceed', decidedBy: by, reason: action.reason }] }));
      case 'waive':
        // Outright, whether or not a step waits for a decision: the workflow's validator says when it cannot.
        return this.update(workflowId, (handle) => handle.executeUpdate(waiveUpdate, { args: [{ waivedBy: by, reason: action.reason }] }));
      case 'supervise': {
        const rectifyBy = laterDate(action.dueDate);
        const { dueAt } = await this.dependencies.reader.state(target.campaignId, target.unitId, target.obligationId);
        const order = supervision(running.definition, instance, { issuedBy: by, reason: action.reason, dueAt, now: planNow(running).toISOString(), rectifyBy });
        return this.update(workflowId, (handle) => handle.executeUpdate(superviseUpdate, { args: [order] }));
      }
    }
  }

  /** interview, criticize, uncriticize, praise, or a rule's proposal decided: on the campaign. */
  async actOnUnit(campaignId: string, action: Omit<UnitAction, 'by'>, by: string, scope?: StaffScope): Promise<UnitRecord> {
    requireUnitWithinScope(scope, campaignId, action.unitId);
    await this.dependencies.reader.campaign(campaignId);
    return this.update(campaignWorkflowId(campaignId), (handle) => handle.executeUpdate(unitActionUpdate, { args: [{ ...action, by }] }));
  }

  /**
   * Attachments are referenced by id: each must have been uploaded by this unit (or by the CLI for
   * it), within the obligation's count, size and types. A request's own files are checked against
   * the same limits and stored only when nothing else is wrong: a refused form leaves no file.
   */
  private async checkAndStoreAttachments(
    scope: UnitScope,
    request: { attachments: string[]; uploads?: Upload[] },
    obligation: Obligation | undefined,
    errors: Record<string, string[]>,
  ): Promise<string[]> {
    const limits = attachmentLimitsOf(obligation, this.dependencies.maxUploadMb);
    const uploads = request.uploads ?? [];
    const total = request.attachments.length + uploads.length;
    if (total > limits.maxCount) errors.attachments = [`附件最多${limits.maxCount}个，收到${total}个`];
    for (const id of request.attachments) {
      const meta = await this.dependencies.attachments.describe(id);
      const isOthers = meta?.uploadedBy && (meta.uploadedBy.campaignId !== scope.campaignId || meta.uploadedBy.unitId !== scope.unitId);
      if (!meta || isOthers) (errors.attachments ??= []).push(`附件 ${id} 不存在，请先上传`);
      else if (!isAllowedType(meta.fileName, limits)) (errors.attachments ??= []).push(`附件“${shownName(meta.fileName)}”的类型不允许；该任务允许：${limits.types.join('、')}`);
      else if (meta.size > limits.maxBytes) (errors.attachments ??= []).push(`附件“${shownName(meta.fileName)}”超过该任务的大小限制`);
    }
    const refused = uploads.length > 0 ? checkUploads(uploads, limits) : undefined;
    if (refused) (errors[refused.field] ??= []).push(refused.message);
    if (Object.keys(errors).length > 0) throw new InvalidInputError(errors);
    const saved = [];
    for (const upload of uploads) saved.push((await keepUpload(this.dependencies.attachments, upload, { campaignId: scope.campaignId, unitId: scope.unitId })).id);
    return [...request.attachments, ...saved];
  }

  private async update<T>(workflowId: string, run: (handle: ReturnType<CampaignReader['client']['workflow']['getHandle']>) => Promise<T>): Promise<T> {
    const handle = this.dependencies.reader.client.workflow.getHandle(workflowId);
    try {
      return await run(handle);
    } catch (error) {
      if (error instanceof WorkflowUpdateFailedError) throw new RefusedError((error.cause as Error | undefined)?.message ?? error.message);
      if (!(error instanceof WorkflowNotFoundError)) throw error;
      // An obligation that is over (accepted, waived, closed at the campaign's end) has completed
      // and takes no update; its story still reads, and says why: a refusal, not a missing item.
      const state = await handle.query(stateQuery).catch(() => undefined);
      if (!state) throw new NotFoundError(`没有找到 ${workflowId}`);
      throw new RefusedError(`该任务${closedNames[state.status] ?? '已结束'}，不再接受报送或操作（${workflowId}）`);
    }
  }
}

const closedNames: Partial<Record<ObligationState['status'], string>> = { accepted: '已审核通过', waived: '已免除', closed: '已结束（活动期满）', cancelled: '已撤销', 'target-met': '已完成' };

export interface OccurrenceRequest {
  obligationId: string;
  reportedBy: string;
  /** When it happened, YYYY-MM-DD. */
  date: string;
  /** By the definition's evidence labels, e.g. {参会人员: …, 会议纪要: …}. */
  evidence: Record<string, string>;
  attachments: string[];
  uploads?: Upload[];
}

/** The evidence a count obligation asks for (the definition's `evidence`), or a description when it names none. */
export function evidenceLabelsOf(obligation: Obligation | undefined): string[] {
  const labels = obligation && obligation.kind === 'count' ? obligation.evidence : [];
  return labels.length > 0 ? labels : ['情况说明'];
}

export interface ObligationTarget {
  campaignId: string;
  unitId: string;
  obligationId: string;
}

export type ObligationAction =
  | { action: 'extend'; reason: string; dueDate?: string }
  | { action: 'accept'; reason: string }
  | { action: 'return'; reason: string; dueDate?: string }
  | { action: 'proceed' | 'waive'; reason: string }
  | { action: 'supervise'; reason: string; dueDate?: string };

/** What is wrong with an occurrence's date: not a real date, before the campaign, or still to come. */
export function occurrenceDateProblem(date: string, campaignStart: string, today: string): string | undefined {
  if (!isCalendarDate(date)) return `应为真实存在的日期 YYYY-MM-DD，实际为“${date.slice(0, 20)}”`;
  if (date < campaignStart) return `发生日期不能早于活动开始日（${chineseDay(campaignStart)}），实际为${chineseDay(date)}`;
  if (date > today) return `发生日期不能晚于今天（${chineseDay(today)}），实际为${chineseDay(date)}`;
  return undefined;
}
