/**
 * The obligation's update validators: pure functions of the instance, its state and the request,
 * which refuse with a reason a person can act on and change nothing. Temporal runs them before an
 * update is accepted (never on replay), so they may be tightened without a patch.
 */
import { obligationStatusNames } from '../../contracts/vocabulary';
import type {
  Decision,
  Extension,
  NewSchedule,
  ObligationInstance,
  ObligationState,
  Occurrence,
  Retiming,
  Review,
  Submission,
  Supervision,
  Waiver,
} from '../../contracts/obligation';

/** Statuses after which nothing more can be asked of the unit nor done by a supervisor. */
export function isClosedFor(state: ObligationState): boolean {
  return state.status === 'accepted' || state.status === 'waived' || state.status === 'closed' || state.status === 'cancelled';
}

const whose = (instance: ObligationInstance) => `${instance.unit.name}的“${instance.obligation.title}”`;
const isBlank = (value: unknown) => typeof value !== 'string' || value.trim() === '';

export function validateSubmission(instance: ObligationInstance, state: ObligationState, submission: Submission): void {
  if (instance.count) throw new Error(`“${instance.obligation.title}”按次数完成，请逐次报告（reportOccurrence），而非一次性报送`);
  if (submission.unitId !== instance.unit.id) {
    throw new Error(`“${instance.obligation.title}”由${instance.unit.name}报送，${submission.unitId}无权报送`);
  }
  if (state.status === 'submitted') throw new Error(`${whose(instance)}已于${state.submission?.at ?? ''}报送，不能重复报送`);
  if (state.status === 'waived') throw new Error(`${whose(instance)}已免除，无需报送`);
  if (state.status === 'accepted') throw new Error(`${whose(instance)}已审核通过，不能再报送`);
  if (state.status === 'closed') throw new Error(`“${instance.obligation.title}”所属活动已结束，不再接收报送`);
  if (isBlank(submission.content)) throw new Error('报送内容不能为空');
}

/** `taken`: a decision accepted whose step has not run yet (a second one, e.g. from another web server, must not count). */
export function validateDecision(instance: ObligationInstance, state: ObligationState, decision: Decision, taken?: Decision): void {
  if (!state.pendingDecision) throw new Error(`${whose(instance)}没有待决定的督办事项（当前状态为“${obligationStatusNames[state.status]}”）`);
  if (taken) throw new Error(`${whose(instance)}没有待决定的督办事项：${taken.decidedBy}已作出决定，正在执行`);
  if (decision.action !== 'proceed' && decision.action !== 'waive') throw new Error(`未知的决定：${String(decision.action)}`);
  if (isBlank(decision.reason)) throw new Error('请填写决定理由');
  if (isBlank(decision.decidedBy)) throw new Error('请注明决定人');
}

export function validateReview(instance: ObligationInstance, state: ObligationState, review: Review, now: string): void {
  if (state.status !== 'submitted') throw new Error(`${whose(instance)}没有待审核的报送（当前状态为“${obligationStatusNames[state.status]}”）`);
  if (review.action !== 'accept' && review.action !== 'return') throw new Error(`未知的审核结论：${String(review.action)}`);
  if (isBlank(review.reviewedBy)) throw new Error('请注明审核人');
  if (review.action === 'return') {
    if (isBlank(review.reason)) throw new Error('退回修改须说明理由');
    validateSchedule(review.schedule, now);
  }
}

export function validateExtension(instance: ObligationInstance, state: ObligationState, extension: Extension, now: string): void {
  if (isClosedFor(state)) throw new Error(`${whose(instance)}已${state.status === 'accepted' ? '审核通过' : state.status === 'waived' ? '免除' : '结束'}，不能延期`);
  if (isBlank(extension.extendedBy)) throw new Error('请注明延期决定人');
  if (isBlank(extension.reason)) throw new Error('延期须说明理由');
  validateSchedule(extension.schedule, now);
}

export function validateRetiming(instance: ObligationInstance, state: ObligationState, retiming: Retiming): void {
  if (isClosedFor(state)) throw new Error(`${whose(instance)}当前状态为“${obligationStatusNames[state.status]}”，提醒时间无需调整`);
  if (isBlank(retiming.retimedBy) || isBlank(retiming.reason)) throw new Error('请注明调整人和理由');
  if (!Array.isArray(retiming.messages) || retiming.messages.some((message) => Number.isNaN(Date.parse(message?.at)) || isBlank(message?.key))) {
    throw new Error('须提供调整后的提醒和督办时间');
  }
  // A deadline moved for this unit alone (an extension, a return) has reminders of its own.
  if (Date.parse(retiming.dueAt) !== Date.parse(state.dueAt)) throw new Error(`${whose(instance)}的截止时间已调整为 ${state.dueAt}，其提醒不随方案修订调整`);
}

export function validateWaiver(instance: ObligationInstance, state: ObligationState, waiver: Waiver): void {
  if (isClosedFor(state) || state.status === 'target-met') throw new Error(`${whose(instance)}当前状态为“${obligationStatusNames[state.status]}”，不能免除`);
  if (isBlank(waiver.waivedBy)) throw new Error('请注明免除决定人');
  if (isBlank(waiver.reason)) throw new Error('免除须说明理由');
}

export function validateSupervision(instance: ObligationInstance, state: ObligationState, supervision: Supervision, now: string): void {
  if (state.status !== 'overdue' && state.status !== 'awaiting-decision') {
    throw new Error(`只能对已逾期未报送的任务下发督办通知（${whose(instance)}当前状态为“${obligationStatusNames[state.status]}”）`);
  }
  if (isBlank(supervision.issuedBy)) throw new Error('请注明督办通知的下发人');
  if (isBlank(supervision.reason)) throw new Error('督办通知须说明理由');
  if (!Number.isInteger(supervision.daysLate) || supervision.daysLate < 0) throw new Error('逾期工作日数应为非负整数');
  validateSchedule(supervision.rectification, now);
}

/** A new deadline with its messages, later than now. */
export function validateSchedule(schedule: NewSchedule | undefined, now: string): void {
  if (!schedule || typeof schedule.dueAt !== 'string' || Number.isNaN(Date.parse(schedule.dueAt)) || !Array.isArray(schedule.messages)) {
    throw new Error('须提供新的截止时间及其提醒安排');
  }
  if (Date.parse(schedule.dueAt) <= Date.parse(now)) throw new Error(`新的截止时间 ${schedule.dueAt} 早于当前时间 ${now}`);
}

export function validateOccurrence(instance: ObligationInstance, state: ObligationState, occurrence: Occurrence): void {
  if (!instance.count) throw new Error(`“${instance.obligation.title}”是一次性报送任务，不按次数报告`);
  if (occurrence.unitId !== instance.unit.id) throw new Error(`“${instance.obligation.title}”由${instance.unit.name}报告，${occurrence.unitId}无权报告`);
  if (state.status === 'waived' || state.status === 'closed') throw new Error(`${whose(instance)}已${state.status === 'waived' ? '免除' : '结束'}`);
  const reported = state.occurrences?.length ?? 0;
  if (instance.count.max !== undefined && reported >= instance.count.max) throw new Error(`${whose(instance)}方案上限为${instance.count.max}次，已报告${reported}次，不能再报告`);
  if (typeof occurrence.date !== 'string' || !isRealDate(occurrence.date)) throw new Error('请填写发生日期（YYYY-MM-DD，须为真实存在的日期）');
  if (!occurrence.evidence || Object.values(occurrence.evidence).every((value) => String(value).trim() === '')) throw new Error('请提供佐证材料');
}

/** A date written YYYY-MM-DD that exists (2022-02-30 and 2022-13-45 do not), years 1900–2199. */
function isRealDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (year < 1900 || year > 2199 || month < 1 || month > 12 || day < 1) return false;
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}
