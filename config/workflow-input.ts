/**
 * From a compiled plan instance to the input of its obligation workflow: the same dates the
 * preview shows, the definition's templates, and (for tests, rehearsal and simulation) the
 * rebase offset that maps the campaign start to a chosen instant of the server's clock.
 */
import type { NewSchedule, ObligationInstance, PlannedMessage, Supervision } from '../contracts/obligation';
import { calendarOf, chineseDateTime, localDateOf } from './calendar';
import { type Plan, type PlanInstance, rescheduleObligation, type Schedule } from './compile';
import type { Definition } from './definition/schema';

/** Supervisors are reminded of a decision they have not made every this many working days. */
export const decisionReminderWorkingDays = 3;

export interface InputOptions {
  /** Rebase: server instant = plan instant + offset. Omit (or 0) for a real launch. */
  timeOffsetMs?: number;
  /** The campaign workflow that keeps the units' records (absent for an obligation run on its own). */
  campaignWorkflowId?: string;
}

/** The rebase offset that maps the campaign's start to `startAtMs` on the server's clock. */
export function rebaseOffset(plan: Plan, startAtMs: number): number {
  return startAtMs - Date.parse(plan.campaign.period.startsAt);
}

export function obligationInput(plan: Plan, definition: Definition, instance: PlanInstance, options: InputOptions = {}): ObligationInstance {
  const { schedule } = instance;
  const occurrence = schedule.occurrenceName ? `（${schedule.occurrenceName}）` : '';
  return {
    campaign: {
      id: plan.campaign.id,
      title: plan.campaign.title,
      documentNumber: plan.campaign.documentNumber,
      issuer: plan.campaign.issuer.name,
      contact: plan.campaign.contact,
      timeZone: plan.campaign.timeZone,
      ...(plan.campaign.mailbox ? { mailbox: plan.campaign.mailbox } : {}),
    },
    unit: { id: instance.unitId, name: instance.unitName, emails: instance.recipients['unit-contacts'] },
    obligation: {
      id: schedule.occurrence ? `${schedule.obligationId}@${schedule.occurrence}` : schedule.obligationId,
      title: `${schedule.title}${occurrence}`,
      measure: schedule.measures.join('、'),
    },
    dueAt: schedule.dueAt,
    messages: plannedMessages(schedule),
    closesAt: plan.campaign.period.endsAt,
    ...(schedule.count ? { count: schedule.count } : {}),
    ...(instance.contributors ? { contributors: instance.contributors } : {}),
    ...(instance.contributesTo ? { contributesTo: instance.contributesTo } : {}),
    recipients: instance.recipients,
    // Launched by a campaign: the templates are read from it at send time (half an obligation's
    // input in the seed); on its own (a demo, a test), the obligation carries them.
    ...(options.campaignWorkflowId ? { templatesFromCampaign: true } : { templates: definition.messages }),
    catchUpFromExecutionStart: true,
    decisionReminders: { everyWorkingDays: decisionReminderWorkingDays, time: definition.defaults.reminders.time },
    ...(options.timeOffsetMs ? { timeOffsetMs: options.timeOffsetMs } : {}),
    ...(options.campaignWorkflowId ? { campaignWorkflowId: options.campaignWorkflowId } : {}),
  };
}

/** A schedule's reminders and ladder as the workflow runs them, keyed as the plan keys them. */
export function plannedMessages(schedule: Schedule): PlannedMessage[] {
  return [...schedule.reminders, ...schedule.escalations].map((step) => ({
    at: step.at,
    kind: step.message,
    key: step.key,
    label: step.label,
    notify: step.notify,
    ...(step.level !== undefined ? { level: step.level, requiresDecision: step.requiresDecision ?? false } : {}),
    ...(step.levelName ? { levelName: step.levelName } : {}),
    ...(step.levelId ? { levelId: step.levelId } : {}),
    ...(step.daysLate !== undefined ? { daysLate: step.daysLate } : {}),
  }));
}

/**
 * Whether a new version of the plan keeps a deadline but times its reminders or ladder steps
 * differently: a calendar that now has the year's official holidays, a reminder added or moved.
 */
export function isRetimed(before: Schedule, after: Schedule): boolean {
  const moments = (schedule: Schedule) => plannedMessages(schedule).map((message) => `${message.key}@${message.at}`).join('\n');
  return before.dueAt === after.dueAt && moments(before) !== moments(after);
}

/**
 * The payload of a return for revision or an extension: a new deadline date with its reminders
 * and escalation steps. Keys carry the new date, so a reminder of the new deadline has a
 * Message-ID of its own and is never mistaken for (or suppressed as) the old one.
 */
export function reschedule(definition: Definition, instance: PlanInstance, dueDate: string): NewSchedule {
  const schedule = rescheduleObligation(definition, instance.schedule, dueDate);
  const suffix = `-${dueDate.replace(/-/g, '')}`;
  return {
    dueAt: schedule.dueAt,
    messages: plannedMessages(schedule).map((message) => ({ ...message, key: `${message.key}${suffix}` })),
  };
}

/**
 * The payload of a supervisor's supervision notice on an overdue item: how many working days late
 * it is today on the plan's calendar (the notice says so), and the rectification's own schedule.
 * `dueAt` is the item's current deadline (it may have been extended); `now` is plan time.
 */
export function supervision(
  definition: Definition,
  instance: PlanInstance,
  order: { issuedBy: string; reason: string; dueAt: string; now: string; rectifyBy: string },
): Supervision {
  const { timeZone } = definition.campaign;
  const rectification = reschedule(definition, instance, order.rectifyBy);
  return {
    issuedBy: order.issuedBy,
    reason: order.reason,
    daysLate: calendarOf(definition).workingDaysAfter(localDateOf(order.dueAt, timeZone), localDateOf(order.now, timeZone)),
    requirement: `请于${chineseDateTime(rectification.dueAt, timeZone)}前报送整改情况。`,
    rectification,
  };
}
