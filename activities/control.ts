/**
 * An administrator's action on a running campaign, carried to each of its obligations:
 * pause / resume / cancel as a signal, an amendment's moved deadlines as the `extend` update
 * (so every obligation records who moved its deadline and why, and recomputes its timers).
 */
import { heartbeat } from '@temporalio/activity';
import { type Client, type WorkflowHandle, WorkflowUpdateFailedError } from '@temporalio/client';
import { WorkflowNotFoundError } from '@temporalio/common';
import { addDays, adjustForHoliday, localDateOf } from '../config/calendar';
import type { PlanInstance } from '../config/compile';
import type { Definition } from '../config/definition/schema';
import { reschedule } from '../config/workflow-input';
import { type CampaignControl, controlSignal, extendUpdate, type NewSchedule, stateQuery } from '../contracts/obligation';
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
  /** Deadlines that could not move, with the obligation's own reason (already accepted, new date past, …). */
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
  const moved = compiled(definition).instances.filter((instance) => {
    const before = previous.get(instance.id);
    return before !== undefined && before.schedule.dueAt !== instance.schedule.dueAt;
  });
  const result: AmendResult = { moved: 0, refused: [] };
  await forEachInParallel(moved, async (instance) => {
    const schedule = reschedule(definition, instance, instance.schedule.dueDate);
    try {
      await requireClient(client).workflow.getHandle(instance.id).executeUpdate(extendUpdate, {
        args: [{ extendedBy: request.by, reason: `方案修订：${request.reason}`, schedule }],
      });
      result.moved += 1;
    } catch (error) {
      if (!(error instanceof WorkflowUpdateFailedError || error instanceof WorkflowNotFoundError)) throw error;
      result.refused.push({ id: instance.id, reason: (error.cause as Error | undefined)?.message ?? error.message });
    }
    heartbeat(result);
  });
  return result;
}
