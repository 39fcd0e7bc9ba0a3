/**
 * Lead and cooperating units (牵头单位 / 配合单位): each cooperating unit hands in its part of the
 * lead's obligation (`<title>（配合）`, instance `…/<unit>/<obligation>.contribution[@occurrence]`)
 * a number of working days before the lead's deadline, with its own reminders and ladder; the
 * lead's instance lists its contributors, each contribution the leads it is for.
 */
import type { FieldPath } from '../definition/issues';
import type { Obligation } from '../definition/schema';
import type { CompileContext } from './context';
import type { PlanInstance } from './plan-types';

export const contributionSuffix = '.contribution';

/**
 * Working days before the lead's deadline that the cooperating units' parts are due, or
 * undefined when they have no obligation of their own: cooperating units of a `lead` contribute
 * unless `contribution: false`; with `assignees`, only when `contribution` is written (they were
 * named only before contributions existed, and a running campaign's plan must not change).
 */
export function contributionDays(context: CompileContext, obligation: Obligation): number | undefined {
  if (obligation.cooperating.length === 0 || obligation.contribution === false) return undefined;
  if (obligation.contribution) return obligation.contribution.workingDaysBefore;
  // A definition recorded before `defaults.contribution` existed has none: the language's default.
  return obligation.lead !== undefined ? context.definition.defaults.contribution?.workingDaysBefore ?? 5 : undefined;
}

/** The cooperating units' deadline: `days` working days before the lead's, never before the campaign's first working day. */
export function contributionDueDate(context: CompileContext, leadDueDate: string, days: number, at: FieldPath, occurrence?: string): string | null {
  const { calendar, issues, period } = context;
  const date = issues.guard(() => calendar.addWorkingDays(leadDueDate, -days), at, occurrence);
  if (date === null || date >= period.start) return date;
  return issues.guard(() => calendar.adjustForHoliday(period.start, 'next-working-day'), at, occurrence);
}

/** The obligation a schedule id belongs to: `summary.contribution` → `summary`. */
export function baseObligationId(obligationId: string): string {
  return obligationId.endsWith(contributionSuffix) ? obligationId.slice(0, -contributionSuffix.length) : obligationId;
}

/** Links every lead instance to the contributions of the same occurrence, and back. */
export function linkContributions(instances: PlanInstance[]): void {
  const byOccurrence = new Map<string, { leads: PlanInstance[]; contributions: PlanInstance[] }>();
  const entryOf = (obligationId: string, occurrence: string | undefined) => {
    const key = `${obligationId}@${occurrence ?? ''}`;
    let entry = byOccurrence.get(key);
    if (!entry) byOccurrence.set(key, (entry = { leads: [], contributions: [] }));
    return entry;
  };
  for (const instance of instances) {
    const { schedule } = instance;
    if (schedule.contribution) entryOf(schedule.contribution.obligationId, schedule.occurrence).contributions.push(instance);
  }
  if (byOccurrence.size === 0) return;
  for (const instance of instances) {
    const entry = instance.schedule.contribution ? undefined : byOccurrence.get(`${instance.schedule.obligationId}@${instance.schedule.occurrence ?? ''}`);
    if (entry) entry.leads.push(instance);
  }
  const link = (instance: PlanInstance) => ({ unitId: instance.unitId, unitName: instance.unitName, instanceId: instance.id });
  for (const { leads, contributions } of byOccurrence.values()) {
    const contributors = contributions.map(link);
    const leadUnits = leads.map(link);
    for (const lead of leads) lead.contributors = contributors;
    for (const contribution of contributions) contribution.contributesTo = leadUnits;
  }
}
