/**
 * The deadlines of a periodic rhythm (`every`), of a per-period count (`perPeriod`) and of an
 * ongoing task's progress reports: which periods are planned and the date each one is due.
 */
import type { FieldPath } from '../definition/issues';
import type { PeriodKind, Recurrence } from '../definition/schema';
import { type CompileContext, isCountedAcrossProvisional } from './context';
import type { Deadlines } from './deadlines';
import { anchorOf, type Period, periodsOverlapping, plannedPeriods } from './periods';

export interface PeriodDue {
  period: Period;
  dueDate: string;
}

/**
 * Each planned period of `recurrence` with its deadline. `key` names the obligation: its
 * occurrences are recorded as provisional (key@period) when counted across a provisional year.
 * An occurrence counted after its period's end that falls after the campaign's end is not planned
 * (its report is the final summary's job); one anchored on a day is moved off holidays by the
 * rule (`end`: the period's last working day) and must stay within the campaign.
 */
export function periodicDues(context: CompileContext, deadlines: Deadlines, recurrence: Recurrence & { every: PeriodKind }, at: FieldPath, key: string): PeriodDue[] {
  const { calendar, definition, issues, period: campaign } = context;
  const window = { start: recurrence.from ?? campaign.start, end: recurrence.until ?? campaign.end };
  const anchor = anchorOf(recurrence);
  const dues: PeriodDue[] = [];
  for (const { period, day } of plannedPeriods(recurrence.every, anchor, window)) {
    if (anchor.kind === 'after') {
      const dueDate = issues.guard(() => calendar.addWorkingDays(period.end, anchor.workingDays), at, period.id);
      if (!dueDate || dueDate > campaign.end) continue;
      if (isCountedAcrossProvisional(context, period.end, dueDate)) context.provisionalDues.add(`${key}@${period.id}`);
      dues.push({ period, dueDate });
      continue;
    }
    const rule = anchor.on === 'end' ? 'previous-working-day' : recurrence.onHoliday ?? definition.defaults.onHoliday;
    const dueDate = issues.guard(() => calendar.adjustForHoliday(day!, rule), [...at, 'on'], period.id);
    if (dueDate && deadlines.isInPeriod(dueDate, [...at, 'on'], period.id)) dues.push({ period, dueDate });
  }
  return dues;
}

/**
 * A per-period count's windows: every period of `kind` that overlaps the campaign, each closing on
 * its last working day, or the campaign's last day when the campaign ends first.
 */
export function countPeriodDues(context: CompileContext, kind: PeriodKind, at: FieldPath): PeriodDue[] {
  const { calendar, issues, period: campaign } = context;
  return periodsOverlapping(kind, campaign.start, campaign.end).flatMap((period) => {
    const last = period.end < campaign.end ? period.end : campaign.end;
    const dueDate = issues.guard(() => calendar.adjustForHoliday(last, 'previous-working-day'), at, period.id);
    return dueDate && dueDate >= campaign.start ? [{ period, dueDate }] : [];
  });
}
