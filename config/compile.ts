/**
 * compilePlan(definition) → the plan: every (unit, obligation) instance with its deadline and
 * the exact instant of every reminder and escalation step. Pure and deterministic: the
 * workflows run exactly this plan, and `plan`/preview/simulation show exactly this plan.
 *
 * Dates are computed once per obligation (and occurrence) and shared by every unit's
 * instance, which keeps 3,000 units × 30 obligations well under a second. The concepts live in
 * ./compile/: periods and rhythms, deadlines, reminder and escalation steps, contributions, the
 * directory.
 */
import { addDays, calendarOf, requireSupportedDate, zonedInstant } from './calendar';
import { compareStrings, type CompileContext, IssueLog } from './compile/context';
import { baseObligationId, contributionDays, contributionDueDate, contributionSuffix, linkContributions } from './compile/contributions';
import { Deadlines, hasSingleDeadline } from './compile/deadlines';
import { Directory } from './compile/directory';
import type { CountTarget, OngoingTask, Plan, PlanEvent, PlanInstance, Schedule } from './compile/plan-types';
import { countPeriodDues, periodicDues } from './compile/recurrence';
import { plannedEscalations, plannedReminders } from './compile/steps';
import type { FieldPath, UnlocatedIssue } from './definition/issues';
import { type Definition, evaluationRulesOf, type Obligation, type PeriodKind } from './definition/schema';
import { recipientsByUnit } from './recipients';

export type { CountTarget, DirectoryUnit, LinkedUnit, OngoingTask, Plan, PlanEvent, PlanInstance, PlannedStep, ProgressField, Schedule } from './compile/plan-types';
export { baseObligationId } from './compile/contributions';

/** An occurrence of a recurring obligation: its id (event id or period) and how people name it. */
interface Occurrence {
  id: string;
  name: string;
  year?: number;
}

/** What a schedule has beyond its obligation's rules. */
interface ScheduleOptions {
  dueTime?: string;
  count?: CountTarget;
  /** A cooperating unit's part of the obligation, due this many working days before the lead's. */
  contributionDays?: number;
}

/** A schedule with the units that own it, and where in the definition its deadline is written. */
interface Entry {
  schedule: Schedule;
  owners: string[];
  cooperating: string[];
  at: FieldPath;
}

/**
 * The plan, with the problems that make it unusable (`issues`) and those it runs with
 * (`warnings`: a year of the period on the provisional calendar).
 */
export function compilePlan(definition: Definition): { plan: Plan; issues: UnlocatedIssue[]; warnings: UnlocatedIssue[] } {
  return new Compiler(definition).compile();
}

/**
 * The schedule of one obligation (or a cooperating unit's part of it, `<id>.contribution`) for a
 * new deadline date (a return for revision, an extension): the same reminder and escalation
 * rules as the plan, from the same code. A date outside the calendar's supported years
 * (9999-12-31) is refused with a CalendarRangeError.
 */
export function rescheduleObligation(definition: Definition, schedule: Pick<Schedule, 'obligationId' | 'occurrence' | 'occurrenceName'> & Partial<Pick<Schedule, 'year' | 'contribution'>>, dueDate: string): Schedule {
  requireSupportedDate(dueDate);
  const id = baseObligationId(schedule.obligationId);
  const index = definition.obligations.findIndex((obligation) => obligation.id === id);
  if (index < 0) throw new Error(`no obligation ${schedule.obligationId} in campaign ${definition.campaign.id}`);
  const occurrence = schedule.occurrence ? { id: schedule.occurrence, name: schedule.occurrenceName ?? schedule.occurrence, ...(schedule.year !== undefined ? { year: schedule.year } : {}) } : undefined;
  const compiler = new Compiler(definition);
  const options = schedule.obligationId !== id ? { contributionDays: schedule.contribution?.workingDaysBefore ?? 0 } : {};
  return compiler.schedule(definition.obligations[index]!, dueDate, occurrence, ['obligations', index], options);
}

class Compiler {
  private readonly context: CompileContext;
  private readonly deadlines: Deadlines;

  constructor(private readonly definition: Definition) {
    this.context = {
      definition,
      calendar: calendarOf(definition),
      timeZone: definition.campaign.timeZone,
      period: definition.campaign.period,
      issues: new IssueLog(),
      provisionalDues: new Set(),
    };
    this.deadlines = new Deadlines(this.context);
  }

  compile(): { plan: Plan; issues: UnlocatedIssue[]; warnings: UnlocatedIssue[] } {
    const { definition, context } = this;
    const directory = new Directory(definition);
    const entries: Entry[] = [];
    const ongoing: OngoingTask[] = [];
    definition.obligations.forEach((obligation, index) => {
      const at: FieldPath = ['obligations', index];
      // The order the document names the units in (first named: the lead), not the directory's.
      const owners = directory.expand(ownersOf(obligation));
      const ownerSet = new Set(owners);
      const cooperating = directory.expand(obligation.cooperating).filter((unitId) => !ownerSet.has(unitId));
      const days = contributionDays(context, obligation);
      for (const { schedule, at: dueAt } of this.schedulesOf(obligation, at)) {
        entries.push({ schedule, owners, cooperating, at: dueAt });
        if (days === undefined || cooperating.length === 0) continue;
        const occurrence = schedule.occurrence ? { id: schedule.occurrence, name: schedule.occurrenceName ?? schedule.occurrence, year: schedule.year } : undefined;
        const contributionAt: FieldPath = obligation.contribution ? [...at, 'contribution'] : [...at, 'cooperating'];
        const dueDate = contributionDueDate(context, schedule.dueDate, days, contributionAt, occurrence?.id);
        if (dueDate) entries.push({ schedule: this.schedule(obligation, dueDate, occurrence, at, { contributionDays: days }), owners: cooperating, cooperating: [], at: contributionAt });
      }
      if (obligation.kind === 'ongoing') ongoing.push(ongoingTask(obligation, owners));
    });
    attachProgressFields(definition, entries, directory);
    const provisionalYears = context.calendar.provisionalYears(context.period.start, context.period.end);
    const warnings = provisionalYears.map((year) => this.provisionalWarning(year, entries));
    // Instances in deadline order, then the document's unit order: sorting the few schedules
    // (stable) is enough, and much cheaper than sorting 100,000 instances.
    entries.sort((a, b) => compareStrings(a.schedule.dueAt, b.schedule.dueAt));
    const instances = this.instancesOf(entries, directory);
    linkContributions(instances);
    const plan: Plan = {
      campaign: this.campaignOf(),
      // A definition recorded before arrangements existed (a running campaign's) has none.
      calendar: { provisionalYears, arrangements: (definition.calendar.arrangements ?? []).map(({ year, source }) => ({ year, source })) },
      schedules: entries.map((entry) => entry.schedule),
      instances,
      events: eventsOf(definition),
      ongoing,
      units: directory.units,
      childrenOf: directory.childrenOf,
    };
    return { plan, issues: context.issues.list(), warnings };
  }

  private instancesOf(entries: Entry[], directory: Directory): PlanInstance[] {
    const names = new Map(directory.units.map((unit) => [unit.id, unit.name]));
    const recipients = recipientsByUnit(this.definition);
    const instances: PlanInstance[] = [];
    for (const { schedule, owners, cooperating } of entries) {
      const occurrence = schedule.occurrence ? `@${schedule.occurrence}` : '';
      for (const unitId of owners) {
        instances.push({
          id: `${this.definition.campaign.id}/${unitId}/${schedule.obligationId}${occurrence}`,
          unitId,
          unitName: names.get(unitId)!,
          cooperating,
          recipients: recipients.get(unitId)!,
          schedule,
        });
      }
    }
    return instances;
  }

  private campaignOf(): Plan['campaign'] {
    const { definition } = this;
    const { campaign } = definition;
    const issuer = definition.units.find((unit) => unit.id === campaign.issuer)!;
    return {
      id: campaign.id,
      title: campaign.title,
      documentNumber: campaign.documentNumber,
      issuer: { id: issuer.id, name: issuer.name },
      timeZone: campaign.timeZone,
      period: {
        ...campaign.period,
        startsAt: zonedInstant(campaign.period.start, '00:00', campaign.timeZone),
        endsAt: zonedInstant(addDays(campaign.period.end, 1), '00:00', campaign.timeZone),
      },
      contact: campaign.contacts.map((person) => `${person.name}${person.phone ? ` ${person.phone}` : ''}`).join('、'),
      ...(campaign.mailbox ? { mailbox: campaign.mailbox } : {}),
      isEvaluated: evaluationRulesOf(definition) !== undefined,
    };
  }

  /** A year of the period on the provisional calendar, said at its first deadline (or at the period). */
  private provisionalWarning(year: number, entries: Entry[]): UnlocatedIssue {
    const first = entries.find((entry) => entry.schedule.dueDate.startsWith(`${year}-`));
    const path = first?.at ?? ['campaign', 'period', this.context.period.start.startsWith(`${year}-`) ? 'start' : 'end'];
    const expected = `${year} has no official holiday arrangement yet: working days are provisional (weekends and statutory holidays); add the State Council's arrangement as a calendar file when it is published`;
    return { severity: 'warning', path, expected };
  }

  /** The schedules of one obligation, each with the field its deadline is written in. */
  private schedulesOf(obligation: Obligation, at: FieldPath): { schedule: Schedule; at: FieldPath }[] {
    if (hasSingleDeadline(obligation)) {
      const dueDate = this.deadlines.dueDateOf(obligation, at);
      const dueAt: FieldPath = 'date' in obligation.due ? [...at, 'due', 'date'] : [...at, 'due'];
      return dueDate ? [{ schedule: this.schedule(obligation, dueDate, undefined, at, obligation.kind === 'count' ? { count: countOf(obligation) } : {}), at: dueAt }] : [];
    }
    if (obligation.kind === 'count' && obligation.perPeriod) return this.perPeriodSchedules(obligation, obligation.perPeriod, at);
    const recurrence = obligation.kind === 'recurring' ? obligation.recurrence : obligation.kind === 'ongoing' && !('in' in obligation.progress) ? obligation.progress : undefined;
    if (!recurrence) return [];
    const recurrenceAt: FieldPath = [...at, obligation.kind === 'ongoing' ? 'progress' : 'recurrence'];
    if (recurrence.events) {
      return recurrence.events.flatMap((eventId) => {
        const due = obligation.kind === 'recurring' ? obligation.due : undefined;
        const dueDate = due ? this.deadlines.resolve(due, [...at, 'due'], eventId, `${obligation.id}@${eventId}`) : null;
        const eventName = this.definition.calendar.events.find((event) => event.id === eventId)?.name ?? eventId;
        return dueDate ? [{ schedule: this.schedule(obligation, dueDate, { id: eventId, name: eventName }, at), at: [...at, 'due'] }] : [];
      });
    }
    const options = recurrence.time ? { dueTime: recurrence.time } : {};
    return periodicDues(this.context, this.deadlines, { ...recurrence, every: recurrence.every! }, recurrenceAt, obligation.id).map(({ period, dueDate }) => ({
      schedule: this.schedule(obligation, dueDate, period, at, options),
      at: recurrenceAt,
    }));
  }

  /** "每年新建2家，到2025年累计不少于6家": one instance per period, each carrying the cumulative target. */
  private perPeriodSchedules(obligation: Extract<Obligation, { kind: 'count' }>, kind: PeriodKind, at: FieldPath): { schedule: Schedule; at: FieldPath }[] {
    const dues = countPeriodDues(this.context, kind, [...at, 'perPeriod']);
    const by = obligation.cumulative?.by ?? this.context.period.end;
    const cumulative = obligation.cumulative ? { min: obligation.cumulative.min, by, periods: dues.filter(({ period }) => period.start <= by).map(({ period }) => period.id) } : undefined;
    const count: CountTarget = { ...countOf(obligation), ...(cumulative ? { cumulative } : {}) };
    return dues.map(({ period, dueDate }) => ({ schedule: this.schedule(obligation, dueDate, period, at, { count }), at: [...at, 'perPeriod'] }));
  }

  schedule(obligation: Obligation, dueDate: string, occurrence: Occurrence | undefined, at: FieldPath, options: ScheduleOptions = {}): Schedule {
    const { definition, context } = this;
    const due = 'due' in obligation ? obligation.due : undefined;
    const isContribution = options.contributionDays !== undefined;
    const dueTime = options.dueTime || (due && 'time' in due ? due.time : undefined) || (obligation.kind === 'recurring' ? obligation.recurrence.time : undefined) || definition.defaults.dueTime;
    const dueAt = zonedInstant(dueDate, dueTime, context.timeZone);
    const policy = obligation.reminders === false ? undefined : obligation.reminders ?? definition.defaults.reminders;
    const obligationId = isContribution ? `${obligation.id}${contributionSuffix}` : obligation.id;
    const isDueProvisional = context.provisionalDues.has(occurrence ? `${obligationId}@${occurrence.id}` : obligationId) || context.calendar.isProvisional(dueDate);
    const step = { dueDate, dueAt, at, isDueProvisional, ...(occurrence ? { occurrence: occurrence.id } : {}) };
    const title = isContribution ? `${obligation.title}（配合）` : obligation.kind === 'ongoing' ? `${obligation.title}进展情况` : obligation.title;
    return {
      obligationId,
      ...(occurrence ? { occurrence: occurrence.id, occurrenceName: occurrence.name } : {}),
      title,
      measures: Array.isArray(obligation.measure) ? obligation.measure : [obligation.measure],
      // A contribution is one part handed in, whatever the lead's obligation counts.
      kind: isContribution ? 'submission' : obligation.kind,
      dueDate,
      dueAt,
      dueLocal: `${dueDate} ${dueTime}`,
      year: occurrence?.year ?? Number(dueDate.slice(0, 4)),
      ...(isDueProvisional ? { dueProvisional: true as const } : {}),
      ...(options.count && !isContribution ? { count: options.count } : {}),
      reminders: policy ? plannedReminders(context, policy, step) : [],
      escalations: obligation.escalation ? plannedEscalations(context, step) : [],
      evaluated: isContribution && obligation.contribution ? obligation.contribution.evaluated ?? obligation.evaluated : obligation.evaluated,
      ...(isContribution ? { contribution: { obligationId: obligation.id, workingDaysBefore: options.contributionDays! } } : {}),
    };
  }
}

/** The units that own an obligation: its lead(s), or its assignees. */
function ownersOf(obligation: Obligation): string[] {
  if (obligation.lead !== undefined) return Array.isArray(obligation.lead) ? obligation.lead : [obligation.lead];
  return obligation.assignees ?? [];
}

function countOf(obligation: Extract<Obligation, { kind: 'count' }>): CountTarget {
  return { min: obligation.min, ...(obligation.max !== undefined ? { max: obligation.max } : {}) };
}

function ongoingTask(obligation: Extract<Obligation, { kind: 'ongoing' }>, owners: string[]): OngoingTask {
  const { progress } = obligation;
  return {
    obligationId: obligation.id,
    title: obligation.title,
    measures: Array.isArray(obligation.measure) ? obligation.measure : [obligation.measure],
    unitIds: owners,
    progress: 'in' in progress ? { in: progress.in } : progress.events ? { events: progress.events } : { every: progress.every! },
  };
}

/**
 * An ongoing task folded into another obligation (`progress: { in: … }`) is a field of that
 * obligation's submissions, and of its cooperating units' parts: for the task's own units.
 */
function attachProgressFields(definition: Definition, entries: Entry[], directory: Directory): void {
  for (const obligation of definition.obligations) {
    if (obligation.kind !== 'ongoing' || !('in' in obligation.progress)) continue;
    const field = { id: `progress-${obligation.id}`, label: `${obligation.title}进展情况`, obligationId: obligation.id, unitIds: directory.expand(ownersOf(obligation)) };
    for (const { schedule, owners } of entries) {
      if (baseObligationId(schedule.obligationId) !== obligation.progress.in || !owners.some((unitId) => field.unitIds.includes(unitId))) continue;
      schedule.progressFields = [...(schedule.progressFields ?? []), field];
    }
  }
}

function eventsOf(definition: Definition): PlanEvent[] {
  return definition.calendar.events
    .map((event) => ({
      id: event.id,
      name: event.name,
      start: (event.date ?? event.start)!,
      end: (event.date ?? event.end)!,
      ...(event.time ? { time: event.time } : {}),
      ...(event.endTime ? { endTime: event.endTime } : {}),
      ...(event.place ? { place: event.place } : {}),
      ...(event.note ? { note: event.note } : {}),
    }))
    .sort((a, b) => compareStrings(a.start, b.start));
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
