/**
 * One unit's obligation, exactly as its compiled plan says: reminders before the deadline,
 * the escalation ladder after it (a step that needs a supervisor waits for the `decide`
 * update), and a submission that stops whatever is still to come. Deterministic: time comes
 * from the workflow clock, every side effect is an activity.
 */
import { obligationStatusNames } from '../contracts/vocabulary';
import {
  ActivityFailure,
  allHandlersFinished,
  ApplicationFailure,
  condition,
  getExternalWorkflowHandle,
  ParentClosePolicy,
  patched,
  proxyActivities,
  setHandler,
  startChild,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../activities';
import { deliveryOptions } from './activity-options';
import { permanentDeliveryFailure } from '../contracts/delivery';
import { type CampaignControl, controlSignal, type Decision, decideUpdate, type Extension, extendUpdate, type NewSchedule, type Occurrence, reportOccurrenceUpdate, type Review, reviewUpdate, type HistoryEntry, type ObligationInstance, type ObligationState, type PlannedMessage, type RecipientKind, stateQuery, type Submission, submitUpdate, type Supervision, superviseUpdate, unitEventSignal, type Waiver, waiveUpdate } from '../contracts/obligation';
import { splitRecipients } from '../contracts/recipients';
import * as attributes from '../contracts/search-attributes';

const { deliverMessage } = proxyActivities<Activities>(deliveryOptions);
const { startObligation } = proxyActivities<Activities>({ startToCloseTimeout: '1 minute', retry: { initialInterval: '5 seconds', maximumInterval: '5 minutes' } });

/** How often supervisors are reminded of a decision they have not made (calendar days). */
const decisionReminderEveryMs = 3 * 24 * 60 * 60 * 1000;

/** Planned moments already this far in the past when the workflow starts are skipped, not sent. */
const catchUpGraceMs = 60_000;

type Step = { type: 'deadline'; at: string } | { type: 'message'; at: string; message: PlannedMessage };

export async function obligationWorkflow(instance: ObligationInstance): Promise<ObligationState> {
  const offsetMs = instance.timeOffsetMs ?? 0;
  /** Now on the plan's own clock: what records and messages show. */
  const planNow = () => new Date(Date.now() - offsetMs).toISOString();
  const count = instance.count;
  const state: ObligationState = {
    // A count with no minimum (an always-open reporting channel) asks nothing by a deadline.
    status: attributes.initialStatusOf(instance),
    dueAt: instance.dueAt,
    escalationLevel: 0,
    returns: 0,
    history: [],
    ...(count ? { occurrences: [] } : {}),
  };
  const record = (event: HistoryEntry['event'], detail: string, dueAt?: string) => state.history.push({ at: planNow(), event, detail, ...(dueAt ? { dueAt } : {}) });
  const setStatus = (status: ObligationState['status']) => {
    state.status = status;
    upsertSearchAttributes([{ key: attributes.ObligationStatus, value: status }]);
  };
  /** Nothing more is asked of the unit under the current deadline. */
  const isSettled = () => ['submitted', 'accepted', 'waived', 'target-met'].includes(state.status);
  const isFinal = () => state.status === 'accepted' || state.status === 'waived';
  let decision: Decision | undefined;
  let messages = instance.messages;
  // Each new deadline (return for revision, extension) starts a new generation of timers; the
  // old generation's waits see the change and stop, so no reminder is sent twice or lost.
  let generation = 0;
  // Keys of the messages already sent or skipped: a timeline restarted by a pause is not sent twice.
  const done = new Set<string>();
  let deadlinePassed = false;
  let cancelled = false;
  let skipReason = '计划时间早于启动时间';
  /**
   * The execution counts catch-up from its start: its input says so (launches since that field),
   * or it recorded the catch-up-from-execution-start marker (code since d67e191).
   */
  let startedWithCatchUpMarker = instance.catchUpFromExecutionStart === true;
  // A resume that shifted an item already late before the pause keeps the levels it had taken:
  // the shifted copies of those steps are not taken again.
  let keepsTakenLevels = false;

  const setLevel = (level: number) => {
    state.escalationLevel = level;
    upsertSearchAttributes([{ key: attributes.EscalationLevel, value: level }]);
  };
  const replaceSchedule = (schedule: NewSchedule, level = 0) => {
    state.dueAt = schedule.dueAt;
    messages = schedule.messages;
    generation += 1;
    deadlinePassed = false;
    keepsTakenLevels = false;
    delete state.pendingDecision;
    setLevel(level);
    upsertSearchAttributes([{ key: attributes.DueAt, value: new Date(schedule.dueAt) }]);
  };

  // Started with its search attributes (the launch sets them), or sets them now. Deterministic on
  // replay: the start event says which, so histories from before either way replay as recorded.
  if (workflowInfo().typedSearchAttributes.get(attributes.CampaignId) !== instance.campaign.id) {
    upsertSearchAttributes(attributes.initialSearchAttributes(instance));
  }

  setHandler(stateQuery, () => state);
  setHandler(controlSignal, async (control: CampaignControl) => {
    if (cancelled) return;
    const by = `${control.by}：${control.reason}`;
    if (control.action === 'cancel') {
      cancelled = true;
      generation += 1;
      record('cancelled', `活动撤销（${by}）`);
    } else if (control.action === 'pause' && !state.paused) {
      state.paused = { since: planNow(), by: control.by, reason: control.reason };
      generation += 1;
      record('paused', `活动暂停（${by}），暂停期间不发送提醒`);
    } else if (control.action === 'resume' && state.paused) {
      delete state.paused;
      let isStillLate = false;
      if (control.schedule) {
        // Overdue before the pause, and the shifted deadline is past too (it fell before the
        // pause): the same lateness goes on. The resume is no new one (the unit's record does not
        // count it twice), the levels taken stay taken, a step waiting for a decision still waits.
        isStillLate = deadlinePassed && Date.parse(control.schedule.dueAt) + offsetMs <= Date.now() && patched('resume-keeps-lateness');
        const pending = state.pendingDecision;
        replaceSchedule(control.schedule, isStillLate ? state.escalationLevel : 0);
        if (isStillLate) {
          deadlinePassed = true;
          keepsTakenLevels = true;
          if (pending) state.pendingDecision = pending;
          skipReason = '顺延后的计划时间仍早于活动恢复时间';
        } else if (state.status === 'overdue' || state.status === 'awaiting-decision') {
          setStatus('open');
        }
      } else {
        skipReason = '计划时间在活动暂停期间';
      }
      const still = isStillLate ? '（顺延后仍已逾期，不重复计为逾期）' : '';
      record('resumed', `活动恢复（${by}）${control.schedule ? `，截止时间顺延至 ${state.dueAt}${still}` : '，截止时间不变，暂停期间的提醒不补发'}`, control.schedule?.dueAt);
    }
    await forwardToRectifications(control);
  });
  setHandler(
    submitUpdate,
    (submission: Submission) => {
      state.submission = { ...submission, at: planNow() };
      delete state.pendingDecision;
      setStatus('submitted');
      record('submitted', `${submission.submittedBy}报送`);
      return state;
    },
    { validator: (submission: Submission) => validateSubmission(instance, state, submission) },
  );
  setHandler(
    reportOccurrenceUpdate,
    (occurrence: Occurrence) => {
      const occurrences = state.occurrences!;
      occurrences.push({ ...occurrence, at: planNow() });
      const overMaximum = count!.max !== undefined && occurrences.length > count!.max;
      record('occurrence', `${occurrence.reportedBy}报告第${occurrences.length}次（${occurrence.date}）${overMaximum ? `，超过方案上限${count!.max}次，予以记录` : ''}`);
      if (occurrences.length >= count!.min && state.status !== 'waived') {
        delete state.pendingDecision;
        setStatus('target-met');
      }
      return state;
    },
    { validator: (occurrence: Occurrence) => validateOccurrence(instance, state, occurrence) },
  );
  setHandler(
    decideUpdate,
    (made: Decision) => {
      decision = made;
      return state;
    },
    { validator: (made: Decision) => validateDecision(instance, state, made) },
  );
  setHandler(
    reviewUpdate,
    async (review: Review) => {
      if (review.action === 'accept') {
        setStatus('accepted');
        record('accepted', `${review.reviewedBy}审核通过${review.reason ? `：${review.reason}` : ''}`);
      } else {
        state.returns += 1;
        replaceSchedule(review.schedule!);
        setStatus('returned');
        record('returned', `${review.reviewedBy}退回修改：${review.reason}；新截止时间 ${review.schedule!.dueAt}`, review.schedule!.dueAt);
      }
      // The unit is told the verdict (and, for a return, what to revise and by when).
      const verdict = review.action === 'accept' ? `审核通过。${review.reason}` : `退回修改：${review.reason}`;
      const reviews = state.history.filter((entry) => entry.event === 'accepted' || entry.event === 'returned').length;
      await sendMessage(instance, state, { at: planNow(), kind: 'review-result', key: `review-${reviews}`, label: '审核结果' }, record, verdict);
      return state;
    },
    { validator: (review: Review) => validateReview(instance, state, review, planNow()) },
  );
  setHandler(
    extendUpdate,
    (extension: Extension) => {
      replaceSchedule(extension.schedule);
      if (state.status === 'overdue' || state.status === 'awaiting-decision') setStatus('open');
      record('extended', `${extension.extendedBy}延期至 ${extension.schedule.dueAt}：${extension.reason}`, extension.schedule.dueAt);
      return state;
    },
    { validator: (extension: Extension) => validateExtension(instance, state, extension, planNow()) },
  );

  setHandler(
    waiveUpdate,
    (waiver: Waiver) => {
      delete state.pendingDecision;
      setStatus('waived');
      record('waived', `${waiver.waivedBy}免除该任务：${waiver.reason}`);
      return state;
    },
    { validator: (waiver: Waiver) => validateWaiver(instance, state, waiver) },
  );
  setHandler(
    superviseUpdate,
    async (supervision: Supervision) => {
      const number = (state.rectifications?.length ?? 0) + 1;
      const rectificationId = `${instance.campaign.id}/${instance.unit.id}/${instance.obligation.id}-rectification-${number}`;
      state.rectifications = [...(state.rectifications ?? []), rectificationId];
      // The escalation goes on in the rectification: this item's own remaining steps would
      // escalate the same lateness twice.
      messages = [];
      generation += 1;
      delete state.pendingDecision;
      setStatus('overdue');
      record('supervised', `${supervision.issuedBy}下发督办通知：${supervision.reason}；整改期限 ${supervision.rectification.dueAt}，整改任务 ${rectificationId}`);
      const level = instance.messages.find((message) => message.levelId === 'supervision-notice');
      const notice: PlannedMessage = {
        at: planNow(),
        kind: 'supervision-notice',
        key: `supervision-notice-${number}`,
        label: `督办通知（${supervision.issuedBy}下发）`,
        levelName: level?.levelName ?? '督办通知',
        daysLate: supervision.daysLate,
        notify: level?.notify ?? ['unit-contacts', 'supervisors'],
      };
      await send(notice, `${supervision.reason.replace(/[。.]$/, '')}。${supervision.requirement}`);
      setLevel(Math.max(state.escalationLevel, level?.level ?? state.escalationLevel + 1));
      await tellCampaign('supervision-notice', notice);
      const rectification: ObligationInstance = {
        ...instance,
        obligation: { ...instance.obligation, id: `${instance.obligation.id}-rectification-${number}`, title: `${instance.obligation.title}（整改）` },
        dueAt: supervision.rectification.dueAt,
        messages: supervision.rectification.messages,
      };
      // Histories recorded between 53c6de5 (which made this change without a patch) and the patch
      // carry no marker, but they do carry the catch-up marker, which the child-workflow code
      // before it never recorded: both kinds replay.
      if (patched('rectification-as-own-workflow') || startedWithCatchUpMarker) {
        // A workflow of its own, as the campaign's obligations are (not a child): it lives to the
        // campaign's end whatever becomes of this item, and the campaign's searches find it.
        await startObligation({ workflowId: rectificationId, taskQueue: workflowInfo().taskQueue, instance: rectification });
      } else {
        // Histories recorded before: the rectification was an abandoned child.
        await startChild(obligationWorkflow, { workflowId: rectificationId, parentClosePolicy: ParentClosePolicy.ABANDON, args: [rectification] });
      }
      return state;
    },
    { validator: (supervision: Supervision) => validateSupervision(instance, state, supervision, planNow()) },
  );

  const send = async (message: PlannedMessage, reason?: string) => {
    done.add(message.key);
    await sendMessage(instance, state, message, record, reason);
  };
  const closesAtMs = Date.parse(instance.closesAt) + offsetMs;

  for (;;) {
    if (state.paused) await waitUntil(closesAtMs, () => !state.paused || cancelled);
    if (cancelled || state.paused) break;
    const current = generation;
    // What was planned before this schedule began is skipped (catch-up). The first schedule began
    // when the execution was started, not when a worker first ran it: a worker that was down
    // must not turn due reminders into skipped ones.
    // An input that says so needs no marker: a new obligation's first task then writes only its
    // first timer, as little as a workflow that only sleeps (the fan-out benchmark's baseline).
    const countsFromExecutionStart = generation === 0 && (instance.catchUpFromExecutionStart === true || patched('catch-up-from-execution-start'));
    if (countsFromExecutionStart) startedWithCatchUpMarker = true;
    const startedAt = countsFromExecutionStart ? workflowInfo().startTime.getTime() : Date.now();
    const isInterrupted = () => isSettled() || generation !== current;
    const steps = timeline(state.dueAt, messages);
    const isBeforeStart = (message: PlannedMessage) => Date.parse(message.at) + offsetMs < startedAt - catchUpGraceMs;
    // A launch after the deadline enters the ladder at the level its lateness implies: the latest
    // step already due is taken now (its notice sent once, not back-dated; a decision it needs
    // is asked for), the ones below it are recorded as skipped and counted on the unit's record.
    const pastLadder = steps.flatMap((step) => (step.type === 'message' && step.message.level && !done.has(step.message.key) && isBeforeStart(step.message) ? [step.message] : []));
    const isLateLaunch = generation === 0 && pastLadder.length > 0 && patched('catch-up-enters-ladder');
    const enteredKey = isLateLaunch ? pastLadder.at(-1)!.key : undefined;
    /** The step that waited for a decision when the campaign paused: it waits on after the resume. */
    const isAwaitedDecision = (message: PlannedMessage) =>
      state.pendingDecision !== undefined && message.requiresDecision === true && message.level === state.pendingDecision.level && patched('decision-survives-pause');
    for (const step of steps) {
      if (step.type === 'message' && done.has(step.message.key)) continue;
      if (await waitUntil(Date.parse(step.at) + offsetMs, isInterrupted)) break;
      if (step.type === 'deadline') {
        if (deadlinePassed) continue;
        deadlinePassed = true;
        setStatus('overdue');
        record('overdue', '截止时间已过，尚未报送');
        await tellCampaign('overdue');
        continue;
      }
      const { message } = step;
      const isResumedDecision = isAwaitedDecision(message);
      if (isBeforeStart(message) && message.key !== enteredKey && !isResumedDecision) {
        // Planned before this schedule began (a late launch, a new deadline, a pause): never back-dated.
        done.add(message.key);
        record('message-skipped', `${message.label}（${message.key}）：${skipReason}，不补发`);
        if (message.level && (!keepsTakenLevels || message.level > state.escalationLevel)) takeLevel(message);
        if (message.level && isLateLaunch) await tellCampaign(message.kind, message);
        continue;
      }
      if (message.requiresDecision) {
        // The step is taken only on a supervisor's decision; the supervisors are told it waits
        // (once: a step still waiting after a pause was asked for before it).
        if (!isResumedDecision) decision = undefined;
        state.pendingDecision = { key: message.key, label: message.label, level: message.level ?? 0 };
        setStatus('awaiting-decision');
        const request = { ...message, kind: 'escalated', key: `${message.key}-decision`, notify: ['supervisors'] as RecipientKind[] };
        if (!done.has(request.key) && !isResumedDecision) {
          record('awaiting-decision', `${message.label}：待督办人员决定`);
          await send(request);
        }
        const isDecided = () => decision !== undefined || isInterrupted();
        if (patched('supervisor-decision-reminders')) {
          // Remind the supervisors every few days while the decision is outstanding.
          let reminder = 2;
          while (done.has(`${request.key}-${reminder}`)) reminder += 1;
          for (; !(await condition(isDecided, Math.max(Math.min(decisionReminderEveryMs, closesAtMs - Date.now()), 1))); reminder += 1) {
            if (Date.now() >= closesAtMs) break;
            await send({ ...request, key: `${request.key}-${reminder}`, label: `${message.label}（第${reminder}次提醒决定）` });
          }
        } else {
          await condition(isDecided); // histories recorded before the reminders existed
        }
        // (Set by the update handler; TypeScript cannot see that through the closure.)
        const made = decision as Decision | undefined;
        if (isInterrupted() || made === undefined) break;
        delete state.pendingDecision;
        record('decided', `${made.decidedBy}：${made.action === 'proceed' ? '同意' : '免除'}（${made.reason}）`);
        if (made.action === 'waive') {
          setStatus('waived');
          record('waived', `${made.decidedBy}免除该任务：${made.reason}`);
          break;
        }
        setStatus('overdue');
      }
      await send(message);
      if (message.level) {
        takeLevel(message);
        await tellCampaign(message.kind, message);
      }
    }
    // The obligation stays open to the campaign's end: a late submission is still accepted, a
    // submission waits for its review, and a second one is refused by the validator.
    await waitUntil(closesAtMs, () => isFinal() || generation !== current);
    if (generation === current) break;
  }
  if (cancelled && !isSettled()) {
    setStatus('cancelled');
  } else if (!isSettled()) {
    setStatus('closed');
    record('closed', count ? `活动结束，完成${state.occurrences!.length}次，未达到${count.min}次` : '活动结束，仍未报送');
  }
  // A review handler may still be sending its verdict: finish it before completing.
  await condition(allHandlersFinished);
  return state;

  function takeLevel(message: PlannedMessage): void {
    setLevel(message.level!);
    record('escalated', `${message.label}`);
  }

  /**
   * Rectifications were started by this item, not by the campaign's launch, so the campaign's
   * control reaches them through it. Their deadlines are not shifted on resume: what fell in
   * the pause is recorded as skipped there.
   */
  async function forwardToRectifications(control: CampaignControl): Promise<void> {
    for (const id of state.rectifications ?? []) {
      try {
        await getExternalWorkflowHandle(id).signal(controlSignal, { action: control.action, by: control.by, reason: control.reason });
      } catch (error) {
        record('message-failed', `未能将活动${control.action}转至整改任务 ${id}：${(error as Error).message}`);
      }
    }
  }

  /** The campaign keeps the unit's record (its rules look at repeated notices); a campaign already ended is no error. */
  async function tellCampaign(kind: string, message?: PlannedMessage): Promise<void> {
    if (!instance.campaignWorkflowId) return;
    try {
      await getExternalWorkflowHandle(instance.campaignWorkflowId).signal(unitEventSignal, {
        unit: { id: instance.unit.id, name: instance.unit.name },
        recipients: addressesByKind(instance),
        obligation: instance.obligation,
        dueAt: state.dueAt,
        kind,
        level: state.escalationLevel,
        ...(message?.daysLate !== undefined ? { daysLate: message.daysLate } : {}),
        returns: state.returns,
        at: planNow(),
      });
    } catch (error) {
      record('message-failed', `未能通知活动记录（${kind}）：${(error as Error).message}`);
    }
  }
}

/** The deadline and the planned messages in time order (the deadline first on a tie). */
function timeline(dueAt: string, messages: PlannedMessage[]): Step[] {
  const steps: Step[] = [{ type: 'deadline', at: dueAt }, ...messages.map((message): Step => ({ type: 'message', at: message.at, message }))];
  return steps
    .map((step, index) => ({ step, index }))
    .sort((a, b) => Date.parse(a.step.at) - Date.parse(b.step.at) || a.index - b.index)
    .map(({ step }) => step);
}

/** Sleeps until `atMs` on the workflow clock unless `isDone` becomes true first; returns isDone(). */
async function waitUntil(atMs: number, isDone: () => boolean): Promise<boolean> {
  const remainingMs = atMs - Date.now();
  if (remainingMs > 0) await condition(isDone, remainingMs);
  return isDone();
}

/** The instance's addresses by recipient kind; the unit's contacts default to its emails. */
function addressesByKind(instance: ObligationInstance): Partial<Record<RecipientKind, string[]>> {
  return { 'unit-contacts': instance.unit.emails, ...instance.recipients };
}

async function sendMessage(
  instance: ObligationInstance,
  state: ObligationState,
  message: PlannedMessage,
  record: (event: HistoryEntry['event'], detail: string) => void,
  reason?: string,
): Promise<void> {
  const notify = message.notify ?? ['unit-contacts'];
  const { to, cc } = splitRecipients(addressesByKind(instance), notify);
  if (to.length === 0) {
    record('message-failed', `${message.label}（${message.key}）：没有收件人（${notify[0] ?? 'unit-contacts'}）`);
    return;
  }
  try {
    const receipt = await deliverMessage({
      kind: message.kind,
      eventKey: `${workflowInfo().workflowId}/${message.key}`,
      to,
      ...(cc.length > 0 ? { cc } : {}),
      label: message.label,
      dueAt: state.dueAt,
      writtenAt: new Date(Date.now() - (instance.timeOffsetMs ?? 0)).toISOString(),
      campaign: instance.campaign,
      unit: { id: instance.unit.id, name: instance.unit.name },
      obligation: instance.obligation,
      ...(message.levelName ? { level: message.levelName } : {}),
      ...(message.daysLate !== undefined ? { daysLate: message.daysLate } : {}),
      ...(reason !== undefined ? { reason } : {}),
      ...(instance.count ? { count: { ...instance.count, reported: state.occurrences?.length ?? 0 } } : {}),
      ...(instance.templates?.[message.kind]
        ? { template: instance.templates[message.kind] }
        : instance.templatesFromCampaign && instance.campaignWorkflowId
          ? { templatesFrom: instance.campaignWorkflowId }
          : {}),
    });
    const rejected = receipt.rejected.length > 0 ? `；被拒收：${receipt.rejected.join(', ')}` : '';
    const document = receipt.document ? `；附通知文书 ${receipt.document.fileName}` : '';
    const again = receipt.alreadySent ? '（发送记录显示此前已发出，未重复发送）' : '';
    record('message-sent', `${message.label}（${message.key}）→ ${receipt.accepted.join(', ')}${rejected}${document}${again}`);
    // Some addresses refused (a mailbox that no longer exists): the administrator is told which,
    // as for a message refused as a whole, so the unit directory gets mended.
    if (receipt.rejected.length > 0 && canTellIssuer(instance, message) && patched('partial-rejection-notice')) {
      await tellIssuer(instance, state, message, record, `${message.label}（${message.key}）部分收件人被拒收：${receipt.rejected.join(', ')}；已送达：${receipt.accepted.join(', ')}`);
    }
  } catch (error) {
    // A message that cannot be delivered must not stall the obligation: record it and go on.
    if (!(error instanceof ActivityFailure)) throw error;
    const isRefused = error.cause instanceof ApplicationFailure && error.cause.type === permanentDeliveryFailure;
    const failure = `${message.label}（${message.key}）${isRefused ? '被拒收' : '多次重试后仍未发出'}：${error.cause?.message ?? error.message}`;
    record('message-failed', failure);
    // The administrator is told, once per failed message; a failure of that notice is only recorded.
    if (canTellIssuer(instance, message)) await tellIssuer(instance, state, message, record, failure);
  }
}

/** A message whose delivery failure the issuing section can be told of (not such a notice itself). */
function canTellIssuer(instance: ObligationInstance, message: PlannedMessage): boolean {
  return message.kind !== 'delivery-failed' && (addressesByKind(instance)['issuer-contacts'] ?? []).length > 0;
}

/** 【投递失败】 to the issuing section, keyed by the failed message, so a retry is the same notice. */
function tellIssuer(instance: ObligationInstance, state: ObligationState, message: PlannedMessage, record: Parameters<typeof sendMessage>[3], failure: string): Promise<void> {
  return sendMessage(instance, state, { ...message, kind: 'delivery-failed', key: `${message.key}-delivery-failed`, notify: ['issuer-contacts'] }, record, failure);
}

function validateSubmission(instance: ObligationInstance, state: ObligationState, submission: Submission): void {
  if (instance.count) throw new Error(`“${instance.obligation.title}”按次数完成，请逐次报告（reportOccurrence），而非一次性报送`);
  if (submission.unitId !== instance.unit.id) {
    throw new Error(`“${instance.obligation.title}”由${instance.unit.name}报送，${submission.unitId}无权报送`);
  }
  if (state.status === 'submitted') {
    throw new Error(`${instance.unit.name}的“${instance.obligation.title}”已于${state.submission?.at ?? ''}报送，不能重复报送`);
  }
  if (state.status === 'waived') throw new Error(`${instance.unit.name}的“${instance.obligation.title}”已免除，无需报送`);
  if (state.status === 'accepted') throw new Error(`${instance.unit.name}的“${instance.obligation.title}”已审核通过，不能再报送`);
  if (state.status === 'closed') throw new Error(`“${instance.obligation.title}”所属活动已结束，不再接收报送`);
  if (typeof submission.content !== 'string' || submission.content.trim() === '') {
    throw new Error('报送内容不能为空');
  }
}

function validateDecision(instance: ObligationInstance, state: ObligationState, decision: Decision): void {
  if (!state.pendingDecision) {
    throw new Error(`${instance.unit.name}的“${instance.obligation.title}”没有待决定的督办事项（当前状态：${state.status}）`);
  }
  if (decision.action !== 'proceed' && decision.action !== 'waive') throw new Error(`未知的决定：${String(decision.action)}`);
  if (typeof decision.reason !== 'string' || decision.reason.trim() === '') throw new Error('请填写决定理由');
  if (typeof decision.decidedBy !== 'string' || decision.decidedBy.trim() === '') throw new Error('请注明决定人');
}

function validateReview(instance: ObligationInstance, state: ObligationState, review: Review, now: string): void {
  if (state.status !== 'submitted') {
    throw new Error(`${instance.unit.name}的“${instance.obligation.title}”没有待审核的报送（当前状态：${state.status}）`);
  }
  if (review.action !== 'accept' && review.action !== 'return') throw new Error(`未知的审核结论：${String(review.action)}`);
  if (typeof review.reviewedBy !== 'string' || review.reviewedBy.trim() === '') throw new Error('请注明审核人');
  if (review.action === 'return') {
    if (typeof review.reason !== 'string' || review.reason.trim() === '') throw new Error('退回修改须说明理由');
    validateSchedule(review.schedule, now);
  }
}

function validateExtension(instance: ObligationInstance, state: ObligationState, extension: Extension, now: string): void {
  if (isClosedFor(state)) throw new Error(`${instance.unit.name}的“${instance.obligation.title}”已${state.status === 'accepted' ? '审核通过' : state.status === 'waived' ? '免除' : '结束'}，不能延期`);
  if (typeof extension.extendedBy !== 'string' || extension.extendedBy.trim() === '') throw new Error('请注明延期决定人');
  if (typeof extension.reason !== 'string' || extension.reason.trim() === '') throw new Error('延期须说明理由');
  validateSchedule(extension.schedule, now);
}

function isClosedFor(state: ObligationState): boolean {
  return state.status === 'accepted' || state.status === 'waived' || state.status === 'closed' || state.status === 'cancelled';
}

function validateWaiver(instance: ObligationInstance, state: ObligationState, waiver: Waiver): void {
  if (isClosedFor(state) || state.status === 'target-met') {
    throw new Error(`${instance.unit.name}的“${instance.obligation.title}”当前${obligationStatusNames[state.status]}，不能免除`);
  }
  if (typeof waiver.waivedBy !== 'string' || waiver.waivedBy.trim() === '') throw new Error('请注明免除决定人');
  if (typeof waiver.reason !== 'string' || waiver.reason.trim() === '') throw new Error('免除须说明理由');
}

function validateSupervision(instance: ObligationInstance, state: ObligationState, supervision: Supervision, now: string): void {
  if (state.status !== 'overdue' && state.status !== 'awaiting-decision') {
    throw new Error(`只能对已逾期未报送的任务下发督办通知（${instance.unit.name}的“${instance.obligation.title}”当前${obligationStatusNames[state.status]}）`);
  }
  if (typeof supervision.issuedBy !== 'string' || supervision.issuedBy.trim() === '') throw new Error('请注明督办通知的下发人');
  if (typeof supervision.reason !== 'string' || supervision.reason.trim() === '') throw new Error('督办通知须说明理由');
  if (!Number.isInteger(supervision.daysLate) || supervision.daysLate < 0) throw new Error('逾期工作日数应为非负整数');
  validateSchedule(supervision.rectification, now);
}


function validateSchedule(schedule: NewSchedule | undefined, now: string): void {
  if (!schedule || typeof schedule.dueAt !== 'string' || Number.isNaN(Date.parse(schedule.dueAt)) || !Array.isArray(schedule.messages)) {
    throw new Error('须提供新的截止时间及其提醒安排');
  }
  if (schedule.dueAt <= now) throw new Error(`新的截止时间 ${schedule.dueAt} 早于当前时间 ${now}`);
}

function validateOccurrence(instance: ObligationInstance, state: ObligationState, occurrence: Occurrence): void {
  if (!instance.count) throw new Error(`“${instance.obligation.title}”是一次性报送任务，不按次数报告`);
  if (occurrence.unitId !== instance.unit.id) {
    throw new Error(`“${instance.obligation.title}”由${instance.unit.name}报告，${occurrence.unitId}无权报告`);
  }
  if (state.status === 'waived' || state.status === 'closed') throw new Error(`${instance.unit.name}的“${instance.obligation.title}”已${state.status === 'waived' ? '免除' : '结束'}`);
  if (typeof occurrence.date !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(occurrence.date)) throw new Error('请填写发生日期（YYYY-MM-DD）');
  if (!occurrence.evidence || Object.values(occurrence.evidence).every((value) => String(value).trim() === '')) throw new Error('请提供佐证材料');
}
