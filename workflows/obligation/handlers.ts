/**
 * What people and the campaign do to a running obligation: the `state` query, the campaign's
 * `control` signal (pause, resume, cancel) and the updates of units (submit, report an
 * occurrence) and supervisors (review, decide, extend, waive, supervise), and an amendment's
 * `retime` of an unchanged deadline's reminders. Each update is checked by
 * its validator first (validators.ts): a refused one changes nothing.
 */
import { patched, setHandler } from '@temporalio/workflow';
import {
  type CampaignControl,
  controlSignal,
  decideUpdate,
  type Decision,
  type Extension,
  extendUpdate,
  type Occurrence,
  reportOccurrenceUpdate,
  type Retiming,
  retimeUpdate,
  type Review,
  reviewUpdate,
  stateQuery,
  type Submission,
  submitUpdate,
  type Supervision,
  superviseUpdate,
  type Waiver,
  waiveUpdate,
} from '../../contracts/obligation';
import { patches } from '../patches';
import type { ObligationRun } from './run';
import { superviseObligation } from './supervision';
import { validateDecision, validateExtension, validateOccurrence, validateRetiming, validateReview, validateSubmission, validateSupervision, validateWaiver } from './validators';

export function registerHandlers(run: ObligationRun): void {
  const { instance, state } = run;
  setHandler(stateQuery, () => state);
  setHandler(controlSignal, (control: CampaignControl) => onControl(run, control));
  setHandler(
    submitUpdate,
    (submission: Submission) => {
      state.submission = { ...submission, at: run.planNow() };
      delete state.pendingDecision;
      run.setStatus('submitted');
      run.record('submitted', `${submission.submittedBy}报送`);
      return state;
    },
    { validator: (submission: Submission) => validateSubmission(instance, state, submission) },
  );
  setHandler(
    reportOccurrenceUpdate,
    (occurrence: Occurrence) => {
      const count = instance.count!;
      const occurrences = state.occurrences!;
      occurrences.push({ ...occurrence, at: run.planNow() });
      // (Refused by the validator since; kept for the histories that recorded one.)
      const overMaximum = count.max !== undefined && occurrences.length > count.max;
      run.record('occurrence', `${occurrence.reportedBy}报告第${occurrences.length}次（${occurrence.date}）${overMaximum ? `，超过方案上限${count.max}次，予以记录` : ''}`);
      if (occurrences.length >= count.min && state.status !== 'waived') {
        delete state.pendingDecision;
        run.setStatus('target-met');
      }
      return state;
    },
    { validator: (occurrence: Occurrence) => validateOccurrence(instance, state, occurrence) },
  );
  setHandler(
    decideUpdate,
    (made: Decision) => {
      run.decision = made;
      return state;
    },
    { validator: (made: Decision) => validateDecision(instance, state, made, run.decision) },
  );
  setHandler(reviewUpdate, (review: Review) => onReview(run, review), { validator: (review: Review) => validateReview(instance, state, review, run.planNow()) });
  setHandler(
    extendUpdate,
    (extension: Extension) => {
      run.replaceSchedule(extension.schedule);
      if (state.status === 'overdue' || state.status === 'awaiting-decision') run.setStatus('open');
      run.record('extended', `${extension.extendedBy}延期至 ${extension.schedule.dueAt}：${extension.reason}`, extension.schedule.dueAt);
      return state;
    },
    { validator: (extension: Extension) => validateExtension(instance, state, extension, run.planNow()) },
  );
  // New since the calendar amendments: no history before it holds one, so it needs no patch.
  setHandler(
    retimeUpdate,
    (retiming: Retiming) => {
      run.retime(retiming.messages);
      run.record('retimed', `${retiming.retimedBy}：${retiming.reason}（截止时间不变，提醒和督办时间按修订后的方案重新计算）`);
      return state;
    },
    { validator: (retiming: Retiming) => validateRetiming(instance, state, retiming) },
  );
  setHandler(
    waiveUpdate,
    (waiver: Waiver) => {
      delete state.pendingDecision;
      run.setStatus('waived');
      run.record('waived', `${waiver.waivedBy}免除该任务：${waiver.reason}`);
      return state;
    },
    { validator: (waiver: Waiver) => validateWaiver(instance, state, waiver) },
  );
  setHandler(superviseUpdate, (supervision: Supervision) => superviseObligation(run, supervision), {
    validator: (supervision: Supervision) => validateSupervision(instance, state, supervision, run.planNow()),
  });
}

/** The campaign's pause, resume and cancel, passed on to the rectifications this item ordered. */
async function onControl(run: ObligationRun, control: CampaignControl): Promise<void> {
  const { state } = run;
  if (run.cancelled) return;
  const by = `${control.by}：${control.reason}`;
  if (control.action === 'cancel') {
    run.cancelled = true;
    run.generation += 1;
    run.record('cancelled', `活动撤销（${by}）`);
  } else if (control.action === 'pause' && !state.paused) {
    state.paused = { since: run.planNow(), by: control.by, reason: control.reason };
    run.generation += 1;
    run.record('paused', `活动暂停（${by}），暂停期间不发送提醒`);
  } else if (control.action === 'resume' && state.paused) {
    delete state.paused;
    let isStillLate = false;
    if (control.schedule) {
      // Overdue before the pause, and the shifted deadline is past too (it fell before the
      // pause): the same lateness goes on. The resume is no new one (the unit's record does not
      // count it twice), the levels taken stay taken, a step waiting for a decision still waits.
      isStillLate = run.deadlinePassed && Date.parse(control.schedule.dueAt) + run.offsetMs <= Date.now() && patched(patches.resumeKeepsLateness);
      const pending = state.pendingDecision;
      run.replaceSchedule(control.schedule, isStillLate ? state.escalationLevel : 0);
      if (isStillLate) {
        run.deadlinePassed = true;
        run.keepsTakenLevels = true;
        if (pending) state.pendingDecision = pending;
        run.skipReason = '顺延后的计划时间仍早于活动恢复时间';
      } else if (state.status === 'overdue' || state.status === 'awaiting-decision') {
        run.setStatus('open');
      }
    } else {
      run.skipReason = '计划时间在活动暂停期间';
    }
    const still = isStillLate ? '（顺延后仍已逾期，不重复计为逾期）' : '';
    run.record('resumed', `活动恢复（${by}）${control.schedule ? `，截止时间顺延至 ${state.dueAt}${still}` : '，截止时间不变，暂停期间的提醒不补发'}`, control.schedule?.dueAt);
  }
  await run.forwardToRectifications(control);
}

/** Accept, or return for revision with a new deadline; the unit is told the verdict. */
async function onReview(run: ObligationRun, review: Review) {
  const { state } = run;
  if (review.action === 'accept') {
    run.setStatus('accepted');
    run.record('accepted', `${review.reviewedBy}审核通过${review.reason ? `：${review.reason}` : ''}`);
  } else {
    state.returns += 1;
    run.replaceSchedule(review.schedule!);
    run.setStatus('returned');
    run.record('returned', `${review.reviewedBy}退回修改：${review.reason}；新截止时间 ${review.schedule!.dueAt}`, review.schedule!.dueAt);
  }
  // The unit is told the verdict (and, for a return, what to revise and by when).
  const verdict = review.action === 'accept' ? `审核通过。${review.reason}` : `退回修改：${review.reason}`;
  const reviews = state.history.filter((entry) => entry.event === 'accepted' || entry.event === 'returned').length;
  await run.sendMessage({ at: run.planNow(), kind: 'review-result', key: `review-${reviews}`, label: '审核结果' }, verdict);
  return state;
}
