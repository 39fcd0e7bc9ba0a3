/**
 * compilePlan(definition) → the plan: every (unit, obligation) instance with its deadline and
 * the exact instant of every reminder and escalation step. Pure and deterministic: the
 * workflows run exactly this plan, and `plan`/preview/simulation show exactly this plan.
 *
 * Dates are computed once per obligation (and occurrence) and shared by every unit's
 * instance, which keeps 3,000 units × 30 obligations well under a second.
 */
import { addDays, CalendarRangeError, calendarOf, requireSupportedDate, type WorkingCalendar, zonedInstant } from './calendar';
import type { FieldPath } from './definition/issues';
import { recipientsByUnit } from './recipients';
import type { UnlocatedIssue } from './definition/issues';
import type { Deadline, Definition, Obligation, Recipient, ReminderPolicy } from './definition/schema';

export interface PlannedStep {
  /** Unique within the instance; part of the Message-ID and the workflow's history. */
  key: string;
  kind: 'reminder' | 'escalation';
  /** ISO 8601 instant and the same moment on the campaign's wall clock. */
  at: string;
  local: string;
  /** 截止前3个工作日, 督办通知（逾期5个工作日） */
  label: string;
  /** For escalations: 1-based level, its id, whether a supervisor decides before it is taken. */
  level?: number;
  levelId?: string;
  levelName?: string;
  daysLate?: number;
  requiresDecision?: boolean;
  message: string;
  notify: Recipient[];
  /** On the provisional calendar (暂定): its date, or the deadline it counts from, lies in a year without an official arrangement. */
  provisional?: true;
}

/** One obligation occurrence: what every assigned unit shares. */
export interface Schedule {
  obligationId: string;
  /** Event id or period (2022-q2, 2022-05) of a recurring obligation, and how people name it. */
  occurrence?: string;
  occurrenceName?: string;
  title: string;
  measures: string[];
  kind: Obligation['kind'];
  dueDate: string;
  dueAt: string;
  dueLocal: string;
  /** The deadline is on the provisional calendar (暂定), or was counted across a provisional year. */
  dueProvisional?: true;
  count?: { min: number; max?: number };
  reminders: PlannedStep[];
  escalations: PlannedStep[];
  evaluated: boolean;
}

export interface PlanInstance {
  /** campaign/unit/obligation[@occurrence]: the Workflow ID. */
  id: string;
  unitId: string;
  unitName: string;
  cooperating: string[];
  recipients: Record<Recipient, string[]>;
  schedule: Schedule;
}

export interface Plan {
  campaign: {
    id: string;
    title: string;
    documentNumber: string;
    issuer: { id: string; name: string };
    timeZone: string;
    period: { start: string; end: string; startsAt: string; endsAt: string };
    contact: string;
    mailbox?: string;
  };
  /** The years of the period on the provisional calendar (暂定), and the official arrangements the definition gives. */
  calendar: { provisionalYears: number[]; arrangements: { year: number; source: string }[] };
  schedules: Schedule[];
  /** Sorted by deadline, then unit order of the definition. */
  instances: PlanInstance[];
}

/**
 * The plan, with the problems that make it unusable (`issues`) and those it runs with
 * (`warnings`: a year of the period on the provisional calendar).
 */
export function compilePlan(definition: Definition): { plan: Plan; issues: UnlocatedIssue[]; warnings: UnlocatedIssue[] } {
  return new Compiler(definition).compile();
}

/**
 * The schedule of one obligation for a new deadline date (a return for revision, an
 * extension): the same reminder and escalation rules as the plan, from the same code. A date
 * outside the calendar's supported years (9999-12-31) is refused with a CalendarRangeError.
 */
export function rescheduleObligation(definition: Definition, schedule: Pick<Schedule, 'obligationId' | 'occurrence' | 'occurrenceName'>, dueDate: string): Schedule {
  requireSupportedDate(dueDate);
  const index = definition.obligations.findIndex((obligation) => obligation.id === schedule.obligationId);
  if (index < 0) throw new Error(`no obligation ${schedule.obligationId} in campaign ${definition.campaign.id}`);
  const occurrence = schedule.occurrence ? { id: schedule.occurrence, name: schedule.occurrenceName ?? schedule.occurrence } : undefined;
  return new Compiler(definition).scheduleFor(definition.obligations[index]!, dueDate, occurrence, ['obligations', index]);
}

class Compiler {
  private readonly issues: UnlocatedIssue[] = [];
  private readonly obligationDue = new Map<string, string | null>();
  /** Schedules (obligation[@occurrence]) whose deadline was counted across a provisional year. */
  private readonly provisionalDues = new Set<string>();
  private readonly resolving: string[] = [];
  private readonly timeZone: string;
  private readonly period: Definition['campaign']['period'];
  private readonly calendar: WorkingCalendar;

  constructor(private readonly definition: Definition) {
    this.timeZone = definition.campaign.timeZone;
    this.period = definition.campaign.period;
    this.calendar = calendarOf(definition);
  }

  compile(): { plan: Plan; issues: UnlocatedIssue[]; warnings: UnlocatedIssue[] } {
    const { definition } = this;
    const unitsById = new Map(definition.units.map((unit) => [unit.id, unit]));
    const unitOrder = new Map(definition.units.map((unit, index) => [unit.id, index]));
    const issuer = unitsById.get(definition.campaign.issuer)!;
    const recipients = recipientsByUnit(definition);
    const schedules: { schedule: Schedule; leads: string[]; cooperating: string[]; at: FieldPath }[] = [];
    definition.obligations.forEach((obligation, index) => {
      const at: FieldPath = ['obligations', index];
      const leads = this.expand(obligation.assignees).sort((a, b) => unitOrder.get(a)! - unitOrder.get(b)!);
      const cooperatingSet = new Set(leads);
      const cooperating = this.expand(obligation.cooperating).filter((unitId) => !cooperatingSet.has(unitId));
      const dueAt: FieldPath = obligation.kind === 'recurring' && 'every' in obligation.recurrence ? [...at, 'recurrence'] : obligation.due && 'date' in obligation.due ? [...at, 'due', 'date'] : [...at, 'due'];
      for (const schedule of this.schedulesOf(obligation, at)) schedules.push({ schedule, leads, cooperating, at: dueAt });
    });
    const provisionalYears = this.calendar.provisionalYears(this.period.start, this.period.end);
    const warnings = provisionalYears.map((year) => this.provisionalWarning(year, schedules));
    // Instances in deadline order, then unit order: sorting the few schedules (stable) is
    // enough, and much cheaper than sorting 100,000 instances.
    schedules.sort((a, b) => compareStrings(a.schedule.dueAt, b.schedule.dueAt));
    const instances: PlanInstance[] = [];
    for (const { schedule, leads, cooperating } of schedules) {
      const occurrence = schedule.occurrence ? `@${schedule.occurrence}` : '';
      for (const unitId of leads) {
        instances.push({
          id: `${definition.campaign.id}/${unitId}/${schedule.obligationId}${occurrence}`,
          unitId,
          unitName: unitsById.get(unitId)!.name,
          cooperating,
          recipients: recipients.get(unitId)!,
          schedule,
        });
      }
    }

    const contact = definition.campaign.contacts.map((person) => `${person.name}${person.phone ? ` ${person.phone}` : ''}`).join('、');
    const plan: Plan = {
      campaign: {
        id: definition.campaign.id,
        title: definition.campaign.title,
        documentNumber: definition.campaign.documentNumber,
        issuer: { id: issuer.id, name: issuer.name },
        timeZone: this.timeZone,
        period: {
          ...this.period,
          startsAt: zonedInstant(this.period.start, '00:00', this.timeZone),
          endsAt: zonedInstant(addDays(this.period.end, 1), '00:00', this.timeZone),
        },
        contact,
        ...(definition.campaign.mailbox ? { mailbox: definition.campaign.mailbox } : {}),
      },
      // A definition recorded before arrangements existed (a running campaign's) has none.
      calendar: { provisionalYears, arrangements: (definition.calendar.arrangements ?? []).map(({ year, source }) => ({ year, source })) },
      schedules: schedules.map((entry) => entry.schedule),
      instances,
    };
    return { plan, issues: this.issues, warnings };
  }

  /** A year of the period on the provisional calendar, said at its first deadline (or at the period). */
  private provisionalWarning(year: number, schedules: { schedule: Schedule; at: FieldPath }[]): UnlocatedIssue {
    const first = schedules.find((entry) => entry.schedule.dueDate.startsWith(`${year}-`));
    const path = first?.at ?? ['campaign', 'period', this.period.start.startsWith(`${year}-`) ? 'start' : 'end'];
    const expected = `${year} has no official holiday arrangement yet: working days are provisional (weekends and statutory holidays); add the State Council's arrangement as a calendar file when it is published`;
    return { severity: 'warning', path, expected };
  }

  /** Units named directly or through groups, in order, each once. */
  private expand(assignees: string[]): string[] {
    const units = assignees.flatMap((id) => this.definition.groups[id] ?? [id]);
    return [...new Set(units)];
  }

  private schedulesOf(obligation: Obligation, at: FieldPath): Schedule[] {
    if (obligation.kind !== 'recurring') {
      const dueDate = this.dueDateOf(obligation, at);
      return dueDate ? [this.schedule(obligation, dueDate, undefined, at)] : [];
    }
    const { recurrence } = obligation;
    if ('events' in recurrence) {
      return recurrence.events.flatMap((eventId) => {
        const dueDate = this.resolve(obligation.due!, [...at, 'due'], eventId, `${obligation.id}@${eventId}`);
        const eventName = this.definition.calendar.events.find((event) => event.id === eventId)?.name ?? eventId;
        return dueDate ? [this.schedule(obligation, dueDate, { id: eventId, name: eventName }, at)] : [];
      });
    }
    return this.periodsOf(recurrence.every).flatMap(({ name, end }) => {
      const dueDate = this.guard(() => this.calendar.addWorkingDays(end, recurrence.workingDaysAfter), [...at, 'recurrence']);
      // An occurrence due after the campaign's end is not planned (its report is the work summary's job).
      if (!dueDate || dueDate > this.period.end) return [];
      if (this.isCountedAcrossProvisional(end, dueDate)) this.provisionalDues.add(`${obligation.id}@${name}`);
      return [this.schedule(obligation, dueDate, { id: name, name: periodName(name) }, at)];
    });
  }

  /** Months or quarters that start within the campaign period. */
  private periodsOf(every: 'month' | 'quarter'): { name: string; end: string }[] {
    const months = every === 'month' ? 1 : 3;
    const periods: { name: string; end: string }[] = [];
    const [startYear, startMonth] = this.period.start.split('-').map(Number) as [number, number];
    for (let month = startMonth - 1; ; month += 1) {
      if (month % months !== 0) continue;
      const year = startYear + Math.floor(month / 12);
      const firstDay = `${year}-${String((month % 12) + 1).padStart(2, '0')}-01`;
      if (firstDay > this.period.end) break;
      if (firstDay < this.period.start) continue;
      const nextYear = startYear + Math.floor((month + months) / 12);
      const end = addDays(`${nextYear}-${String(((month + months) % 12) + 1).padStart(2, '0')}-01`, -1);
      const name = every === 'month' ? firstDay.slice(0, 7) : `${year}-q${Math.floor((month % 12) / 3) + 1}`;
      periods.push({ name, end });
    }
    return periods;
  }

  scheduleFor(obligation: Obligation, dueDate: string, occurrence: { id: string; name: string } | undefined, at: FieldPath): Schedule {
    return this.schedule(obligation, dueDate, occurrence, at);
  }

  private schedule(obligation: Obligation, dueDate: string, occurrence: { id: string; name: string } | undefined, at: FieldPath): Schedule {
    const dueTime = (obligation.due && 'time' in obligation.due && obligation.due.time) || this.definition.defaults.dueTime;
    const dueAt = zonedInstant(dueDate, dueTime, this.timeZone);
    const policy = obligation.reminders === false ? undefined : obligation.reminders ?? this.definition.defaults.reminders;
    const isDueProvisional = this.provisionalDues.has(occurrence ? `${obligation.id}@${occurrence.id}` : obligation.id) || this.calendar.isProvisional(dueDate);
    return {
      obligationId: obligation.id,
      ...(occurrence ? { occurrence: occurrence.id, occurrenceName: occurrence.name } : {}),
      title: obligation.title,
      measures: Array.isArray(obligation.measure) ? obligation.measure : [obligation.measure],
      kind: obligation.kind,
      dueDate,
      dueAt,
      dueLocal: `${dueDate} ${dueTime}`,
      ...(isDueProvisional ? { dueProvisional: true as const } : {}),
      ...(obligation.kind === 'count' ? { count: { min: obligation.min, ...(obligation.max !== undefined ? { max: obligation.max } : {}) } } : {}),
      reminders: policy ? this.reminders(policy, dueDate, dueAt, at, isDueProvisional) : [],
      escalations: obligation.escalation ? this.escalations(dueDate, at, isDueProvisional) : [],
      evaluated: obligation.evaluated,
    };
  }

  private reminders(policy: ReminderPolicy, dueDate: string, dueAt: string, at: FieldPath, isDueProvisional: boolean): PlannedStep[] {
    const steps: PlannedStep[] = [];
    const seen = new Set<string>();
    for (const offset of policy.before) {
      const moved = this.guard(
        () => (offset.workingDays !== undefined ? this.calendar.addWorkingDays(dueDate, -offset.workingDays) : addDays(dueDate, -offset.days!)),
        [...at, 'reminders'],
      );
      if (!moved) continue;
      // Never on a holiday unless the definition allows it: a reminder moves earlier, not later.
      const date = this.guard(() => (!policy.onHolidays && !this.calendar.isWorkingDay(moved) ? this.calendar.addWorkingDays(moved, -1) : moved), [...at, 'reminders']);
      if (!date) continue;
      const instant = zonedInstant(date, policy.time, this.timeZone);
      if (date < this.period.start || instant >= dueAt || seen.has(date)) continue;
      seen.add(date);
      const label = offset.workingDays !== undefined ? `截止前${offset.workingDays}个工作日` : `截止前${offset.days}天`;
      const key = offset.workingDays !== undefined ? `reminder-${offset.workingDays}wd` : `reminder-${offset.days}d`;
      const provisional = isDueProvisional || this.isCountedAcrossProvisional(date, dueDate) ? { provisional: true as const } : {};
      steps.push({ key, kind: 'reminder', at: instant, local: `${date} ${policy.time}`, label, message: 'reminder', notify: [...policy.to, ...policy.cc], ...provisional });
    }
    return steps.sort((a, b) => compareStrings(a.at, b.at));
  }

  private escalations(dueDate: string, at: FieldPath, isDueProvisional: boolean): PlannedStep[] {
    const time = this.definition.defaults.reminders.time;
    const steps: PlannedStep[] = [];
    this.definition.escalation.levels.forEach((level, index) => {
      const date = this.guard(
        () =>
          level.after.workingDays !== undefined
            ? this.calendar.addWorkingDays(dueDate, level.after.workingDays)
            : this.calendar.adjustForHoliday(addDays(dueDate, level.after.days!), 'next-working-day'),
        [...at, 'due'],
      );
      // The ladder stops at the campaign's end; what is still open then is scored as missing.
      if (!date || date > this.period.end) return;
      const lateness = level.after.workingDays !== undefined ? `逾期${level.after.workingDays}个工作日` : `逾期${level.after.days}天`;
      steps.push({
        key: `escalation-${index + 1}-${level.id}`,
        kind: 'escalation',
        at: zonedInstant(date, time, this.timeZone),
        local: `${date} ${time}`,
        label: `${level.name}（${lateness}）`,
        level: index + 1,
        levelId: level.id,
        levelName: level.name,
        daysLate: level.after.workingDays ?? level.after.days!,
        requiresDecision: level.requiresDecision,
        message: level.message,
        notify: level.notify,
        ...(isDueProvisional || this.isCountedAcrossProvisional(dueDate, date) ? { provisional: true as const } : {}),
      });
    });
    return steps;
  }

  /** The deadline date of a single (non-recurring) obligation, memoised; null when it cannot be computed. */
  private dueDateOf(obligation: Obligation, at: FieldPath): string | null {
    const known = this.obligationDue.get(obligation.id);
    if (known !== undefined) return known;
    if (this.resolving.includes(obligation.id)) {
      const cycle = [...this.resolving.slice(this.resolving.indexOf(obligation.id)), obligation.id];
      this.issues.push({ path: [...at, 'due', 'from'], expected: 'deadlines that do not depend on themselves', found: cycle.join(' → ') });
      return null;
    }
    this.resolving.push(obligation.id);
    const due = obligation.kind === 'recurring' ? null : this.resolve(obligation.due, [...at, 'due'], undefined, obligation.id);
    this.resolving.pop();
    this.obligationDue.set(obligation.id, due);
    return due;
  }

  /** The deadline's date; `key` (obligation[@occurrence]) is recorded when it was counted across a provisional year. */
  private resolve(deadline: Deadline, at: FieldPath, eventId: string | undefined, key: string): string | null {
    const rule = deadline.onHoliday ?? this.definition.defaults.onHoliday;
    const base = 'date' in deadline ? deadline.date : this.baseDate(deadline.from, at, eventId);
    if (base === null) return null;
    const date = this.guard(() => {
      if ('date' in deadline) return this.calendar.adjustForHoliday(base, rule);
      const moved = deadline.workingDays !== undefined ? this.calendar.addWorkingDays(base, deadline.workingDays) : addDays(base, deadline.days!);
      return this.calendar.adjustForHoliday(moved, rule);
    }, at);
    // Counted from another obligation's deadline that is provisional, it is provisional too.
    const from = 'from' in deadline ? deadline.from.split('.') : [];
    if (date && ((from[0] === 'obligation' && this.provisionalDues.has(from[1]!)) || this.isCountedAcrossProvisional(base, date))) this.provisionalDues.add(key);
    if (date && (date < this.period.start || date > this.period.end)) {
      this.issues.push({ path: 'date' in deadline ? [...at, 'date'] : at, expected: `a deadline within the campaign period ${this.period.start} … ${this.period.end}`, found: `${date}${eventId ? ` (for ${eventId})` : ''}` });
      return null;
    }
    return date;
  }

  private baseDate(from: string, at: FieldPath, eventId: string | undefined): string | null {
    const [kind, name, edge] = from.split('.');
    if (kind === 'campaign') return name === 'start' ? this.period.start : this.period.end;
    if (kind === 'obligation') {
      const index = this.definition.obligations.findIndex((obligation) => obligation.id === name);
      const target = this.definition.obligations[index]!;
      if (target.kind === 'recurring') {
        this.issues.push({ path: [...at, 'from'], expected: 'a known obligation with a single deadline (not recurring)', found: JSON.stringify(name) });
        return null;
      }
      return this.dueDateOf(target, ['obligations', index]);
    }
    const event = this.definition.calendar.events.find((candidate) => candidate.id === (kind === 'each-event' ? eventId : name));
    const isEnd = kind === 'each-event' ? name === 'end' : edge === 'end';
    return (isEnd ? event?.end ?? event?.date : event?.date ?? event?.start) ?? null;
  }

  /** Does the span between two dates (either order) touch a year on the provisional calendar? */
  private isCountedAcrossProvisional(a: string, b: string): boolean {
    return this.calendar.provisionalYears(a < b ? a : b, a < b ? b : a).length > 0;
  }

  private guard<T>(compute: () => T, at: FieldPath): T | null {
    try {
      return compute();
    } catch (error) {
      if (!(error instanceof CalendarRangeError)) throw error;
      this.issues.push({ path: at, expected: 'a date within the supported years of the working-day calendar', found: error.message });
      return null;
    }
  }
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** 2022-q2 → 2022年第2季度, 2022-05 → 2022年5月 */
function periodName(period: string): string {
  const [year, part] = period.split('-') as [string, string];
  return part.startsWith('q') ? `${year}年第${part.slice(1)}季度` : `${year}年${Number(part)}月`;
}

/** Every dated moment of one instance, in time order: reminders, the deadline, escalation steps. */
export function timelineOf(instance: PlanInstance): { at: string; local: string; what: string; key: string; provisional?: true }[] {
  const { schedule } = instance;
  const provisional = (isProvisional: boolean | undefined) => (isProvisional ? { provisional: true as const } : {});
  return [
    ...schedule.reminders.map((step) => ({ at: step.at, local: step.local, what: `提醒：${step.label}`, key: step.key, ...provisional(step.provisional) })),
    { at: schedule.dueAt, local: schedule.dueLocal, what: '截止', key: 'deadline', ...provisional(schedule.dueProvisional) },
    ...schedule.escalations.map((step) => ({ at: step.at, local: step.local, what: `督办：${step.label}`, key: step.key, ...provisional(step.provisional) })),
  ].sort((a, b) => compareStrings(a.at, b.at));
}
