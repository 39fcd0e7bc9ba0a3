/**
 * One unit's obligation: reminders before the deadline, the overdue notice after it, and a
 * submission that stops whatever is still to come. Deterministic: time comes from the workflow
 * clock, every side effect is an activity.
 */
import {
  ActivityFailure,
  ApplicationFailure,
  condition,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../activities';
import { permanentDeliveryFailure } from '../activities/contracts';
import {
  type HistoryEntry,
  type ObligationInstance,
  type ObligationState,
  type PlannedMessage,
  stateQuery,
  type Submission,
  submitUpdate,
} from './contracts';
import * as attributes from './search-attributes';

const { deliverMessage } = proxyActivities<Activities>({
  // nodemailer gives up on a dead connection after 10–20 s, well before this timeout, so a
  // retry never races a send that is still alive.
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '10 seconds', backoffCoefficient: 2, maximumInterval: '30 minutes', maximumAttempts: 12 },
});

/** Planned moments already this far in the past when the workflow starts are skipped, not sent. */
const catchUpGraceMs = 60_000;

type Step = PlannedMessage | { at: string; kind: 'deadline' };

export async function obligationWorkflow(instance: ObligationInstance): Promise<ObligationState> {
  const startedAt = Date.now();
  const state: ObligationState = { status: 'open', dueAt: instance.dueAt, history: [] };
  const record = (event: HistoryEntry['event'], detail: string) =>
    state.history.push({ at: new Date().toISOString(), event, detail });
  const setStatus = (status: ObligationState['status']) => {
    state.status = status;
    upsertSearchAttributes([{ key: attributes.ObligationStatus, value: status }]);
  };
  const isSubmitted = () => state.status === 'submitted';

  upsertSearchAttributes([
    { key: attributes.CampaignId, value: instance.campaign.id },
    { key: attributes.UnitId, value: instance.unit.id },
    { key: attributes.ObligationId, value: instance.obligation.id },
    { key: attributes.ObligationStatus, value: state.status },
    { key: attributes.DueAt, value: new Date(instance.dueAt) },
  ]);

  setHandler(stateQuery, () => state);
  setHandler(
    submitUpdate,
    (submission: Submission) => {
      state.submission = { ...submission, at: new Date().toISOString() };
      setStatus('submitted');
      record('submitted', `${submission.submittedBy}报送`);
      return state;
    },
    { validator: (submission: Submission) => validateSubmission(instance, state, submission) },
  );

  for (const step of timeline(instance)) {
    if (await waitUntil(step.at, isSubmitted)) break;
    if (step.kind === 'deadline') {
      setStatus('overdue');
      record('overdue', '截止时间已过，尚未报送');
    } else if (Date.parse(step.at) < startedAt - catchUpGraceMs) {
      record('message-skipped', `${step.label}（${step.key}）：计划时间早于启动时间，不补发`);
    } else {
      await send(instance, step, record);
    }
  }

  // The obligation stays open to the campaign's end: a late submission is still accepted, and
  // a second one is refused by the validator rather than by a closed workflow.
  await waitUntil(instance.closesAt, () => false);
  if (!isSubmitted()) {
    setStatus('closed');
    record('closed', '活动结束，仍未报送');
  }
  return state;
}

/** The deadline and the planned messages in time order (the deadline first on a tie). */
function timeline(instance: ObligationInstance): Step[] {
  const steps: Step[] = [{ at: instance.dueAt, kind: 'deadline' }, ...instance.messages];
  return steps
    .map((step, index) => ({ step, index }))
    .sort((a, b) => Date.parse(a.step.at) - Date.parse(b.step.at) || a.index - b.index)
    .map(({ step }) => step);
}

/** Sleeps until `at` on the workflow clock unless `isDone` becomes true first; returns isDone(). */
async function waitUntil(at: string, isDone: () => boolean): Promise<boolean> {
  const remainingMs = Date.parse(at) - Date.now();
  if (remainingMs > 0) await condition(isDone, remainingMs);
  return isDone();
}

async function send(
  instance: ObligationInstance,
  message: PlannedMessage,
  record: (event: HistoryEntry['event'], detail: string) => void,
): Promise<void> {
  try {
    const receipt = await deliverMessage({
      kind: message.kind,
      eventKey: `${workflowInfo().workflowId}/${message.key}`,
      to: instance.unit.emails,
      label: message.label,
      dueAt: instance.dueAt,
      campaign: instance.campaign,
      unit: { id: instance.unit.id, name: instance.unit.name },
      obligation: instance.obligation,
    });
    const rejected = receipt.rejected.length > 0 ? `；被拒收：${receipt.rejected.join(', ')}` : '';
    record('message-sent', `${message.label}（${message.key}）→ ${receipt.accepted.join(', ')}${rejected}`);
  } catch (error) {
    // A message that cannot be delivered must not stall the obligation: record it and go on.
    if (!(error instanceof ActivityFailure)) throw error;
    const cause = error.cause instanceof ApplicationFailure && error.cause.type === permanentDeliveryFailure;
    record('message-failed', `${message.label}（${message.key}）${cause ? '被拒收' : '多次重试后仍未发出'}：${error.cause?.message ?? error.message}`);
  }
}

function validateSubmission(instance: ObligationInstance, state: ObligationState, submission: Submission): void {
  if (submission.unitId !== instance.unit.id) {
    throw new Error(`“${instance.obligation.title}”由${instance.unit.name}报送，${submission.unitId}无权报送`);
  }
  if (state.status === 'submitted') {
    throw new Error(`${instance.unit.name}的“${instance.obligation.title}”已于${state.submission?.at ?? ''}报送，不能重复报送`);
  }
  if (state.status === 'closed') {
    throw new Error(`“${instance.obligation.title}”所属活动已结束，不再接收报送`);
  }
  if (typeof submission.content !== 'string' || submission.content.trim() === '') {
    throw new Error('报送内容不能为空');
  }
}
