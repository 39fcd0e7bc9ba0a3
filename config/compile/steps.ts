/**
 * The dated steps of one schedule: reminders before its deadline (never on a holiday unless the
 * policy allows it: a reminder moves earlier, not later) and the escalation ladder after it
 * (stopping at the campaign's end, when what is still open is scored as missing).
 */
import { addDays, zonedInstant } from '../calendar';
import type { FieldPath } from '../definition/issues';
import type { ReminderPolicy } from '../definition/schema';
import { compareStrings, type CompileContext, isCountedAcrossProvisional } from './context';
import type { PlannedStep } from './plan-types';

export interface StepContext {
  dueDate: string;
  dueAt: string;
  at: FieldPath;
  isDueProvisional: boolean;
  occurrence?: string;
}

export function plannedReminders(context: CompileContext, policy: ReminderPolicy, step: StepContext): PlannedStep[] {
  const { calendar, issues, period, timeZone } = context;
  const { dueDate, dueAt, at, occurrence } = step;
  const steps: PlannedStep[] = [];
  const seen = new Set<string>();
  for (const offset of policy.before) {
    const moved = issues.guard(() => (offset.workingDays !== undefined ? calendar.addWorkingDays(dueDate, -offset.workingDays) : addDays(dueDate, -offset.days!)), [...at, 'reminders'], occurrence);
    if (!moved) continue;
    const date = issues.guard(() => (!policy.onHolidays && !calendar.isWorkingDay(moved) ? calendar.addWorkingDays(moved, -1) : moved), [...at, 'reminders'], occurrence);
    if (!date) continue;
    const instant = zonedInstant(date, policy.time, timeZone);
    if (date < period.start || instant >= dueAt || seen.has(date)) continue;
    seen.add(date);
    const label = offset.workingDays !== undefined ? `截止前${offset.workingDays}个工作日` : `截止前${offset.days}天`;
    const key = offset.workingDays !== undefined ? `reminder-${offset.workingDays}wd` : `reminder-${offset.days}d`;
    const provisional = step.isDueProvisional || isCountedAcrossProvisional(context, date, dueDate) ? { provisional: true as const } : {};
    steps.push({ key, kind: 'reminder', at: instant, local: `${date} ${policy.time}`, label, message: 'reminder', notify: [...policy.to, ...policy.cc], ...provisional });
  }
  return steps.sort((a, b) => compareStrings(a.at, b.at));
}

export function plannedEscalations(context: CompileContext, step: StepContext): PlannedStep[] {
  const { calendar, definition, issues, period, timeZone } = context;
  const { dueDate, at, occurrence } = step;
  const time = definition.defaults.reminders.time;
  const steps: PlannedStep[] = [];
  definition.escalation.levels.forEach((level, index) => {
    const date = issues.guard(
      () =>
        level.after.workingDays !== undefined
          ? calendar.addWorkingDays(dueDate, level.after.workingDays)
          : calendar.adjustForHoliday(addDays(dueDate, level.after.days!), 'next-working-day'),
      [...at, 'due'],
      occurrence,
    );
    // The ladder stops at the campaign's end; what is still open then is scored as missing.
    if (!date || date > period.end) return;
    const lateness = level.after.workingDays !== undefined ? `逾期${level.after.workingDays}个工作日` : `逾期${level.after.days}天`;
    steps.push({
      key: `escalation-${index + 1}-${level.id}`,
      kind: 'escalation',
      at: zonedInstant(date, time, timeZone),
      local: `${date} ${time}`,
      label: `${level.name}（${lateness}）`,
      level: index + 1,
      levelId: level.id,
      levelName: level.name,
      daysLate: level.after.workingDays ?? level.after.days!,
      requiresDecision: level.requiresDecision,
      message: level.message,
      notify: level.notify,
      ...(step.isDueProvisional || isCountedAcrossProvisional(context, dueDate, date) ? { provisional: true as const } : {}),
    });
  });
  return steps;
}
