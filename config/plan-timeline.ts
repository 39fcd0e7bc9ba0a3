/**
 * The plan as a timeline: one row per (moment, obligation occurrence, step), with the units it
 * concerns, as `plan` prints it and the administrator's preview shows it.
 */
import { type Plan, type PlanInstance, timelineOf } from './compile';

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

/** Timeline rows, one per (moment, obligation occurrence, step), with the units it concerns. */
export function timelineRows(plan: Plan, filter: PlanFilter = {}): TimelineRow[] {
  const rows = new Map<string, TimelineRow>();
  for (const instance of plan.instances) {
    if (filter.unitId && instance.unitId !== filter.unitId) continue;
    const { schedule } = instance;
    const obligation = `${schedule.title}${schedule.occurrenceName ? `（${schedule.occurrenceName}）` : ''}`;
    for (const moment of timelineOf(instance)) {
      const date = moment.local.slice(0, 10);
      if ((filter.from && date < filter.from) || (filter.to && date > filter.to)) continue;
      const id = `${moment.at}|${schedule.obligationId}|${schedule.occurrence ?? ''}|${moment.key}`;
      const row = rows.get(id) ?? { ...moment, obligation, instances: [] };
      row.instances.push(instance);
      rows.set(id, row);
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
