/**
 * From a behaviour file to the simulation's script: every action a unit, reviewer or supervisor
 * takes, at its plan time. Pure: dates come from the plan's own calendar and the same
 * `rescheduleObligation` the workflows' new deadlines come from.
 */
import { addWorkingDays, localDateOf, zonedInstant } from '../config/calendar';
import { type PlanInstance, type Plan, type PlannedStep, rescheduleObligation } from '../config/compile';
import type { Definition } from '../config/definition/schema';
import { type Behaviour, behaviourOf } from './behaviour';

export type ScriptedAction =
  /** Hand in (count obligations: report the minimum of occurrences); `accept`: the reviewer accepts at once. */
  | { kind: 'submit'; at: string; instance: PlanInstance; accept: boolean }
  /** The reviewer returns the submission with a new deadline date. */
  | { kind: 'return'; at: string; instance: PlanInstance; dueDate: string }
  /** The supervisor moves the deadline. */
  | { kind: 'extend'; at: string; instance: PlanInstance; dueDate: string }
  /** The supervisor decides the step `stepKey` if it is still waiting. */
  | { kind: 'decide'; at: string; instance: PlanInstance; action: 'proceed' | 'waive'; stepKey: string }
  /** A supervisor acts on the unit as a whole (the campaign's `unitAction`). */
  | { kind: 'unit-action'; at: string; unitId: string; action: 'interview' | 'criticize' | 'uncriticize' | 'praise'; reason: string };

/** Every action of the simulation, in plan-time order (ties: the order the behaviour implies). */
export function scriptActions(plan: Plan, definition: Definition, behaviour: Behaviour): ScriptedAction[] {
  const timeZone = plan.campaign.timeZone;
  const endsAt = plan.campaign.period.endsAt;
  const at = (date: string, time: string) => zonedInstant(date, time, timeZone);
  const actions: ScriptedAction[] = [];
  for (const instance of plan.instances) {
    // An always-open channel (count with no minimum) asks nothing of the unit.
    if (instance.schedule.count?.min === 0) continue;
    const unitBehaviour = behaviourOf(behaviour, instance.unitId, instance.id);
    const own: ScriptedAction[] = [];
    let dueDate = instance.schedule.dueDate;
    let escalations: PlannedStep[] = instance.schedule.escalations;
    const moveDeadline = (date: string) => {
      dueDate = date;
      escalations = rescheduleObligation(definition, instance.schedule, date).escalations;
    };
    if (unitBehaviour.extend) {
      const newDate = addWorkingDays(dueDate, unitBehaviour.extend.workingDays);
      own.push({ kind: 'extend', at: at(addWorkingDays(dueDate, -3), '10:00'), instance, dueDate: newDate });
      moveDeadline(newDate);
    }
    let submittedAt: string | undefined;
    if (unitBehaviour.submit !== 'never') {
      const offset = unitBehaviour.submit.workingDays;
      for (let round = 0; round < unitBehaviour.returned; round += 1) {
        const first = at(addWorkingDays(dueDate, offset), unitBehaviour.time);
        const returnDate = addWorkingDays(localDateOf(first, timeZone), 1);
        const newDate = addWorkingDays(returnDate, unitBehaviour.revisionWorkingDays);
        own.push({ kind: 'submit', at: first, instance, accept: false }, { kind: 'return', at: at(returnDate, '10:00'), instance, dueDate: newDate });
        moveDeadline(newDate);
      }
      submittedAt = at(addWorkingDays(dueDate, offset), unitBehaviour.time);
      own.push({ kind: 'submit', at: submittedAt, instance, accept: true });
    }
    if (unitBehaviour.decisions !== 'none') {
      for (const step of escalations) {
        if (!step.requiresDecision) continue;
        // The supervisor decides the day the step comes up, three hours after it is put to them.
        const decideAt = new Date(Date.parse(step.at) + 3 * 3_600_000).toISOString();
        if (submittedAt === undefined || decideAt < submittedAt) own.push({ kind: 'decide', at: decideAt, instance, action: unitBehaviour.decisions, stepKey: step.key });
      }
    }
    actions.push(...own.filter((action) => action.at < endsAt));
  }
  for (const action of behaviour.unitActions) {
    actions.push({ kind: 'unit-action', at: at(action.on, '10:00'), unitId: action.unit, action: action.action, reason: action.reason });
  }
  // Stable: actions at the same instant keep the plan's order (deadline, then unit order).
  return actions.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
}
