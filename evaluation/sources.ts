/**
 * What the evaluation reads: the plan's instances joined with their workflows' states, and a
 * timeline of everything the workflows recorded (messages, escalations, submissions, reviews,
 * the units' records), per unit and overall.
 */
import type { Plan } from '../config/compile';
import type { ObligationState } from '../contracts/obligation';
import type { UnitRecord } from '../contracts/campaign';
import type { EvaluatedObligation } from './outcome';

/** The plan's instances with their states (an instance without a state has not started). */
export function evaluatedObligations(plan: Plan, states: ReadonlyMap<string, ObligationState>): EvaluatedObligation[] {
  return plan.instances.map((instance) => {
    const { schedule } = instance;
    const state = states.get(instance.id);
    return {
      id: instance.id,
      unitId: instance.unitId,
      unitName: instance.unitName,
      obligationId: schedule.occurrence ? `${schedule.obligationId}@${schedule.occurrence}` : schedule.obligationId,
      title: schedule.occurrenceName ? `${schedule.title}（${schedule.occurrenceName}）` : schedule.title,
      dueAt: schedule.dueAt,
      ...(schedule.count ? { count: schedule.count } : {}),
      year: schedule.year,
      ...(schedule.contribution ? { isContribution: true as const } : {}),
      evaluated: schedule.evaluated,
      ...(state ? { state } : {}),
    };
  });
}

export interface TimelineEntry {
  /** Plan time, ISO instant. */
  at: string;
  unitId: string;
  unitName: string;
  /** Absent for entries of the unit's record (rules, interviews decided on the unit). */
  obligationId?: string;
  title?: string;
  event: string;
  detail: string;
}

/** Every recorded entry, in time order (ties: plan order, then the order recorded). */
export function timelineOf(obligations: EvaluatedObligation[], records: UnitRecord[]): TimelineEntry[] {
  const entries: TimelineEntry[] = [];
  for (const obligation of obligations) {
    for (const entry of obligation.state?.history ?? []) {
      entries.push({ at: entry.at, unitId: obligation.unitId, unitName: obligation.unitName, obligationId: obligation.obligationId, title: obligation.title, event: entry.event, detail: entry.detail });
    }
  }
  for (const record of records) {
    for (const entry of record.history) {
      entries.push({ at: entry.at, unitId: record.unit.id, unitName: record.unit.name, event: `record:${entry.event}`, detail: `${entry.by}：${entry.detail}` });
    }
  }
  return entries.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
}
