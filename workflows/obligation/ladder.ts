/**
 * The escalation ladder (督办层级) as one obligation walks it: the schedule in force is a timeline
 * of reminders, the deadline and the ladder's steps; each is taken at its moment unless the item
 * was settled or given a new deadline first. A step that needs a supervisor waits for the
 * `decide` update; a launch after the deadline enters the ladder at the level its lateness implies.
 */
import { condition, patched, proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../../activities';
import type { Decision, PlannedMessage, RecipientKind } from '../../contracts/obligation';
import { patches } from '../patches';
import { timeline, waitUntil } from '../timing';
import type { ObligationRun } from './run';

const { nextWorkingReminder } = proxyActivities<Activities>({ startToCloseTimeout: '1 minute', retry: { initialInterval: '5 seconds', maximumInterval: '5 minutes' } });

/** How often supervisors were reminded of a decision before reminders followed working days (calendar days). */
const decisionReminderEveryMs = 3 * 24 * 60 * 60 * 1000;

/** Planned moments already this far in the past when the workflow starts are skipped, not sent. */
const catchUpGraceMs = 60_000;

/**
 * Walks the timeline of the schedule in force (one generation): returns when it is done, when the
 * item is settled, or when a new generation began (a new deadline, a pause, a cancellation).
 */
export async function walkLadder(run: ObligationRun): Promise<void> {
  const { state } = run;
  const current = run.generation;
  // What was planned before this schedule began is skipped (catch-up). The first schedule began
  // when the execution was started, not when a worker first ran it: a worker that was down
  // must not turn due reminders into skipped ones. An input that says so needs no marker: a new
  // obligation's first task then writes only its first timer.
  const countsFromExecutionStart = run.generation === 0 && (run.instance.catchUpFromExecutionStart === true || patched(patches.catchUpFromExecutionStart));
  if (countsFromExecutionStart) run.startedWithCatchUpMarker = true;
  const startedAt = countsFromExecutionStart ? workflowInfo().startTime.getTime() : Date.now();
  const isInterrupted = () => run.isSettled() || run.generation !== current;
  const steps = timeline(state.dueAt, run.messages);
  const isBeforeStart = (message: PlannedMessage) => Date.parse(message.at) + run.offsetMs < startedAt - catchUpGraceMs;
  // A launch after the deadline enters the ladder at the level its lateness implies: the latest
  // step already due is taken now (its notice sent once, not back-dated; a decision it needs
  // is asked for), the ones below it are recorded as skipped and counted on the unit's record.
  const pastLadder = steps.flatMap((step) => (step.type === 'message' && step.message.level && !run.done.has(step.message.key) && isBeforeStart(step.message) ? [step.message] : []));
  const isLateLaunch = run.generation === 0 && pastLadder.length > 0 && patched(patches.catchUpEntersLadder);
  const enteredKey = isLateLaunch ? pastLadder.at(-1)!.key : undefined;
  /** The step that waited for a decision when the campaign paused: it waits on after the resume. */
  const isAwaitedDecision = (message: PlannedMessage) =>
    state.pendingDecision !== undefined && message.requiresDecision === true && message.level === state.pendingDecision.level && patched(patches.decisionSurvivesPause);
  for (const step of steps) {
    if (step.type === 'message' && run.done.has(step.message.key)) continue;
    if (await waitUntil(Date.parse(step.at) + run.offsetMs, isInterrupted)) break;
    if (step.type === 'deadline') {
      if (run.deadlinePassed) continue;
      run.deadlinePassed = true;
      run.setStatus('overdue');
      run.record('overdue', '截止时间已过，尚未报送');
      await run.tellCampaign('overdue');
      continue;
    }
    const { message } = step;
    const isResumedDecision = isAwaitedDecision(message);
    if (isBeforeStart(message) && message.key !== enteredKey && !isResumedDecision) {
      // Planned before this schedule began (a late launch, a new deadline, a pause): never back-dated.
      run.done.add(message.key);
      run.record('message-skipped', `${message.label}（${message.key}）：${run.skipReason}，不补发`);
      if (message.level && (!run.keepsTakenLevels || message.level > state.escalationLevel)) run.takeLevel(message);
      if (message.level && isLateLaunch) await run.tellCampaign(message.kind, message);
      continue;
    }
    if (message.requiresDecision) {
      const made = await awaitDecision(run, message, isResumedDecision, isInterrupted);
      if (isInterrupted() || made === undefined) break;
      delete state.pendingDecision;
      run.record('decided', `${made.decidedBy}：${made.action === 'proceed' ? '同意' : '免除'}（${made.reason}）`);
      if (made.action === 'waive') {
        run.setStatus('waived');
        run.record('waived', `${made.decidedBy}免除该任务：${made.reason}`);
        break;
      }
      run.setStatus('overdue');
    }
    await run.send(message);
    if (message.level) {
      run.takeLevel(message);
      await run.tellCampaign(message.kind, message);
    }
  }
}

/**
 * A step taken only on a supervisor's decision: the supervisors are told it waits (once: a step
 * still waiting after a pause was asked for before it) and reminded while it waits. Returns the
 * decision, or undefined when the item was settled, given a new deadline or the campaign ended.
 */
async function awaitDecision(run: ObligationRun, message: PlannedMessage, isResumedDecision: boolean, isInterrupted: () => boolean): Promise<Decision | undefined> {
  if (!isResumedDecision) run.decision = undefined;
  run.state.pendingDecision = { key: message.key, label: message.label, level: message.level ?? 0 };
  run.setStatus('awaiting-decision');
  const request = { ...message, kind: 'escalated', key: `${message.key}-decision`, notify: ['supervisors'] as RecipientKind[] };
  if (!run.done.has(request.key) && !isResumedDecision) {
    run.record('awaiting-decision', `${message.label}：待督办人员决定`);
    await run.send(request);
  }
  const isDecided = () => run.decision !== undefined || isInterrupted();
  if (patched(patches.decisionRemindersOnWorkingDays)) {
    await remindOnWorkingDays(run, request, message.label, isDecided);
  } else if (patched(patches.supervisorDecisionReminders)) {
    // Histories recorded before working-day reminders: every 3 days of clock time.
    let reminder = 2;
    while (run.done.has(`${request.key}-${reminder}`)) reminder += 1;
    for (; !(await condition(isDecided, Math.max(Math.min(decisionReminderEveryMs, run.closesAtMs - Date.now()), 1))); reminder += 1) {
      if (Date.now() >= run.closesAtMs) break;
      await run.send({ ...request, key: `${request.key}-${reminder}`, label: `${message.label}（第${reminder}次提醒决定）` });
    }
  } else {
    await condition(isDecided); // histories recorded before the reminders existed
  }
  return run.decision;
}

/**
 * Reminds the supervisors of the step waiting for them every few working days at the campaign's
 * reminder time (never on a holiday), until they decide, the item is settled or moved, or the
 * campaign ends. The next moment is computed by an activity on the campaign's calendar.
 */
async function remindOnWorkingDays(run: ObligationRun, request: PlannedMessage, label: string, isDecided: () => boolean): Promise<void> {
  const policy = run.instance.decisionReminders ?? { everyWorkingDays: 3, time: '09:00' };
  let reminder = 2;
  while (run.done.has(`${request.key}-${reminder}`)) reminder += 1;
  for (let after = run.planNow(); ; reminder += 1) {
    const next = nextWorkingReminder({
      after,
      workingDays: policy.everyWorkingDays,
      time: policy.time,
      timeZone: run.instance.campaign.timeZone ?? 'Asia/Shanghai',
      ...(run.instance.campaignWorkflowId ? { campaignWorkflowId: run.instance.campaignWorkflowId } : {}),
    }).catch(() => undefined); // a moment the calendar cannot give (no such year): no more reminders
    // A decision made while the next moment is being computed is taken at once.
    const at = await Promise.race([next, condition(isDecided).then(() => undefined)]);
    if (isDecided()) return;
    const atMs = at === undefined ? Infinity : Date.parse(at) + run.offsetMs;
    if (at === undefined || atMs >= run.closesAtMs) {
      await waitUntil(run.closesAtMs, isDecided);
      return;
    }
    if (await waitUntil(atMs, isDecided)) return;
    await run.send({ ...request, at, key: `${request.key}-${reminder}`, label: `${label}（第${reminder}次提醒决定）` });
    after = at;
  }
}
