/**
 * The plan as a timeline: one row per (moment, obligation occurrence, step), with the units it
 * concerns, as `plan` prints it and the administrator's preview shows it.
 */
import { type Plan, type PlanInstance, type Schedule, timelineOf } from './compile';

export interface PlanFilter {
  unitId?: string;
  from?: string;
  to?: string;
}

export interface TimelineRow {
  at: string;
  local: string;
  obligation: string;
  what: string;
  key: string;
  /** On the provisional calendar (暂定). */
  provisional?: true;
  instances: PlanInstance[];
}

/**
 * Timeline rows, one per (moment, obligation occurrence, step), with the units it concerns. The
 * moments are computed once per schedule (every unit of an occurrence shares its schedule), so a
 * plan of 170,000 instances has a few thousand timelines to walk, not 170,000.
 */
export function timelineRows(plan: Plan, filter: PlanFilter = {}): TimelineRow[] {
  const bySchedule = new Map<Schedule, PlanInstance[]>();
  for (const instance of plan.instances) {
    if (filter.unitId && instance.unitId !== filter.unitId) continue;
    const shared = bySchedule.get(instance.schedule);
    if (shared) shared.push(instance);
    else bySchedule.set(instance.schedule, [instance]);
  }
  const rows = new Map<string, TimelineRow>();
  for (const [schedule, instances] of bySchedule) {
    const obligation = `${schedule.title}${schedule.occurrenceName ? `（${schedule.occurrenceName}）` : ''}`;
    for (const moment of timelineOf(instances[0]!)) {
      const date = moment.local.slice(0, 10);
      if ((filter.from && date < filter.from) || (filter.to && date > filter.to)) continue;
      // Two schedules of one occurrence (a rescheduled copy) still make one row per moment.
      const id = `${moment.at}|${schedule.obligationId}|${schedule.occurrence ?? ''}|${moment.key}`;
      const row = rows.get(id);
      if (row) row.instances.push(...instances);
      else rows.set(id, { ...moment, obligation, instances: [...instances] });
    }
  }
  return [...rows.values()].sort((a, b) => a.at.localeCompare(b.at) || a.obligation.localeCompare(b.obligation) || a.key.localeCompare(b.key));
}

/** The preview's rows: a moment that concerns every unit says so instead of listing them all. */
export function previewTimeline(plan: Plan): { local: string; unit: string; obligation: string; what: string }[] {
  const unitCount = new Set(plan.instances.map((instance) => instance.unitId)).size;
  return timelineRows(plan).map((row) => ({
    local: row.local,
    obligation: row.obligation,
    what: row.what,
    unit: row.instances.length === unitCount && unitCount > 1 ? `全部${unitCount}个单位` : row.instances.map((instance) => instance.unitName).join('、'),
  }));
}
