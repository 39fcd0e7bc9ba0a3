/**
 * An administrator's action on a running campaign, carried to each of its obligations:
 * pause / resume / cancel as a signal, an amendment's moved deadlines as the `extend` update
 * (so every obligation records who moved its deadline and why, and recomputes its timers), and
 * the reminders an amendment moved under an unchanged deadline as the `retime` update.
 */
import { heartbeat } from '@temporalio/activity';
import { type Client, type WorkflowHandle, WorkflowUpdateFailedError } from '@temporalio/client';
import { WorkflowNotFoundError } from '@temporalio/common';
import { addDays, adjustForHoliday, localDateOf } from '../config/calendar';
import type { PlanInstance } from '../config/compile';
import type { Definition } from '../config/definition/schema';
import { isRetimed, plannedMessages, reschedule } from '../config/workflow-input';
import { type CampaignControl, controlSignal, extendUpdate, type NewSchedule, retimeUpdate, stateQuery } from '../contracts/obligation';
import { compiled, forEachInParallel, parseDefinition, requireClient } from './fan-out';

export interface ControlRequest {
  definition: unknown;
  control: CampaignControl;
}

export interface ControlResult {
  signalled: number;
  /** Obligations already finished (accepted, waived, closed): nothing to do. */
  finished: number;
}

export interface AmendRequest {
  previous: unknown;
  definition: unknown;
  by: string;
  reason: string;
  timeOffsetMs?: number;
}

export interface AmendResult {
  /** Obligations whose deadline moved. */
  moved: number;
  /** Obligations whose deadline stayed while their reminders or ladder steps moved. */
  retimed: number;
  /** Changes an obligation refused, with its own reason (already accepted, new date past, a deadline moved for it alone, …). */
  refused: { id: string; reason: string }[];
}

export async function controlObligations(client: Client | undefined, request: ControlRequest): Promise<ControlResult> {
  const definition = parseDefinition(request.definition);
  const plan = compiled(definition);
  const result: ControlResult = { signalled: 0, finished: 0 };
  await forEachInParallel(plan.instances, async (instance) => {
    const handle = requireClient(client).workflow.getHandle(instance.id);
    try {
      const control = request.control.shiftDays ? { ...request.control, ...(await shiftedSchedule(definition, instance, request.control.shiftDays, handle)) } : request.control;
      await handle.signal(controlSignal, control);
      result.signalled += 1;
    } catch (error) {
      if (!(error instanceof WorkflowNotFoundError)) throw error;
      result.finished += 1;
    }
    heartbeat(result);
  });
  return result;
}

/**
 * A resumed obligation's new schedule: its current deadline (which may differ from the plan's
 * after a return or an extension) `days` later, moved to a working day as the definition says.
 */
async function shiftedSchedule(definition: Definition, instance: PlanInstance, days: number, handle: WorkflowHandle): Promise<{ schedule?: NewSchedule }> {
  const state = await handle.query(stateQuery);
  if (['submitted', 'accepted', 'waived', 'closed', 'cancelled', 'target-met'].includes(state.status)) return {};
  const timeZone = definition.campaign.timeZone;
  const dueDate = adjustForHoliday(addDays(localDateOf(state.dueAt, timeZone), days), definition.defaults.onHoliday);
  return { schedule: reschedule(definition, instance, dueDate) };
}

export async function amendObligations(client: Client | undefined, request: AmendRequest): Promise<AmendResult> {
  const previous = new Map(compiled(parseDefinition(request.previous)).instances.map((instance) => [instance.id, instance]));
  const definition = parseDefinition(request.definition);
  const changed = compiled(definition).instances.flatMap((instance): { instance: PlanInstance; change: 'moved' | 'retimed' }[] => {
    const before = previous.get(instance.id);
    if (before === undefined) return [];
    if (before.schedule.dueAt !== instance.schedule.dueAt) return [{ instance, change: 'moved' }];
    return isRetimed(before.schedule, instance.schedule) ? [{ instance, change: 'retimed' }] : [];
  });
  const reason = `方案修订：${request.reason}`;
  const result: AmendResult = { moved: 0, retimed: 0, refused: [] };
  await forEachInParallel(changed, async ({ instance, change }) => {
    const handle = requireClient(client).workflow.getHandle(instance.id);
    try {
      if (change === 'moved') {
        const schedule = reschedule(definition, instance, instance.schedule.dueDate);
        await handle.executeUpdate(extendUpdate, { args: [{ extendedBy: request.by, reason, schedule }] });
      } else {
        const { dueAt } = instance.schedule;
        await handle.executeUpdate(retimeUpdate, { args: [{ retimedBy: request.by, reason, dueAt, messages: plannedMessages(instance.schedule) }] });
      }
      result[change] += 1;
    } catch (error) {
      if (!(error instanceof WorkflowUpdateFailedError || error instanceof WorkflowNotFoundError)) throw error;
      result.refused.push({ id: instance.id, reason: (error.cause as Error | undefined)?.message ?? error.message });
    }
    heartbeat(result);
  });
  return result;
}
