/**
 * A supervisor's supervision notice (督办通知) on an overdue item: the notice goes out, the unit's
 * record counts it, and the rectification runs as an obligation of its own with its own reminders
 * and ladder, while this item's remaining ladder stops (the same lateness is never escalated twice).
 */
import { ParentClosePolicy, patched, proxyActivities, startChild, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../../activities';
import type { ObligationInstance, ObligationState, PlannedMessage, Supervision } from '../../contracts/obligation';
import { patches } from '../patches';
import type { ObligationRun } from './run';

const { startObligation } = proxyActivities<Activities>({ startToCloseTimeout: '1 minute', retry: { initialInterval: '5 seconds', maximumInterval: '5 minutes' } });

export async function superviseObligation(run: ObligationRun, supervision: Supervision): Promise<ObligationState> {
  const { instance, state } = run;
  const number = (state.rectifications?.length ?? 0) + 1;
  const rectificationId = `${instance.campaign.id}/${instance.unit.id}/${instance.obligation.id}-rectification-${number}`;
  state.rectifications = [...(state.rectifications ?? []), rectificationId];
  // The escalation goes on in the rectification: this item's own remaining steps would
  // escalate the same lateness twice.
  run.messages = [];
  run.generation += 1;
  delete state.pendingDecision;
  run.setStatus('overdue');
  run.record('supervised', `${supervision.issuedBy}下发督办通知：${supervision.reason}；整改期限 ${supervision.rectification.dueAt}，整改任务 ${rectificationId}`);
  const level = instance.messages.find((message) => message.levelId === 'supervision-notice');
  const notice: PlannedMessage = {
    at: run.planNow(),
    kind: 'supervision-notice',
    key: `supervision-notice-${number}`,
    label: `督办通知（${supervision.issuedBy}下发）`,
    levelName: level?.levelName ?? '督办通知',
    daysLate: supervision.daysLate,
    notify: level?.notify ?? ['unit-contacts', 'supervisors'],
  };
  await run.send(notice, `${supervision.reason.replace(/[。.]$/, '')}。${supervision.requirement}`);
  run.setLevel(Math.max(state.escalationLevel, level?.level ?? state.escalationLevel + 1));
  await run.tellCampaign('supervision-notice', notice);
  const rectification: ObligationInstance = {
    ...instance,
    obligation: { ...instance.obligation, id: `${instance.obligation.id}-rectification-${number}`, title: `${instance.obligation.title}（整改）` },
    dueAt: supervision.rectification.dueAt,
    messages: supervision.rectification.messages,
  };
  // Histories recorded before the patch without its marker carry the catch-up marker, which the
  // child-workflow code before it never recorded: both kinds replay.
  if (patched(patches.rectificationAsOwnWorkflow) || run.startedWithCatchUpMarker) {
    // A workflow of its own, as the campaign's obligations are (not a child): it lives to the
    // campaign's end whatever becomes of this item, and the campaign's searches find it.
    await startObligation({ workflowId: rectificationId, taskQueue: workflowInfo().taskQueue, instance: rectification });
  } else {
    await startLegacyRectificationChild(rectificationId, rectification);
  }
  return state;
}

/** Histories recorded before `rectification-as-own-workflow`: the rectification was an abandoned child. */
async function startLegacyRectificationChild(workflowId: string, rectification: ObligationInstance): Promise<void> {
  await startChild('obligationWorkflow', { workflowId, parentClosePolicy: ParentClosePolicy.ABANDON, args: [rectification] });
}
