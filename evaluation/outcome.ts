/**
 * What one obligation instance came to, read from its workflow's recorded history: when it was
 * handed in against the deadline in effect at that moment, how far its escalation ladder went,
 * how often it was returned. Pure: the same history always gives the same outcome.
 */
import type { WorkingCalendar } from '../config/calendar';
import { localDate } from './local-time';
import type { HistoryEntry, ObligationState } from '../contracts/obligation';

/** One obligation instance as the evaluation sees it: what the plan asked, what the workflow recorded. */
export interface EvaluatedObligation {
  /** The Workflow ID, campaign/unit/obligation[@occurrence]. */
  id: string;
  unitId: string;
  unitName: string;
  /** With the occurrence, e.g. publicity@world-ip-day. */
  obligationId: string;
  /** With the occurrence's name, e.g. 集中宣传活动开展情况（4·26世界知识产权日）. */
  title: string;
  /** The planned deadline (plan clock, ISO instant). */
  dueAt: string;
  count?: { min: number; max?: number; cumulative?: { min: number; by: string; periods: string[] } };
  /** The year it is assessed in (the plan's `schedule.year`); absent in older reads: its deadline's year. */
  year?: number;
  /** A cooperating unit's part (配合) of a lead's obligation. */
  isContribution?: true;
  /** false: kept for the record, not scored (the definition's `evaluated: false`). */
  evaluated: boolean;
  /** The workflow's state (stateQuery or result); absent when it has not started. */
  state?: ObligationState;
}

/**
 * on-time / late: handed in (or count target met); missing / target-missed: the campaign ended
 * without it; outstanding: past its deadline and still open (interim); not-due: still time;
 * waived, cancelled: no longer asked; not-started: no workflow found.
 */
export type { OutcomeStatus } from '../contracts/vocabulary';
import type { OutcomeStatus } from '../contracts/vocabulary';

export interface ObligationOutcome {
  id: string;
  unitId: string;
  obligationId: string;
  title: string;
  plannedDueAt: string;
  /** The deadline in effect at the end (after returns and extensions). */
  dueAt: string;
  status: OutcomeStatus;
  /** When it was handed in (last submission) or the count target was met. */
  completedAt?: string;
  /** Summed over every submission made after the deadline then in effect (interim: so far). */
  workingDaysLate: number;
  returns: number;
  /** Extensions (延期, including an amendment's moved deadline) and deadlines moved by a pause. */
  deadlineChanges: number;
  /** The highest escalation level reached under any deadline. */
  escalationLevel: number;
  /** Still waiting for the reviewer (handed in, not yet accepted). */
  awaitingReview: boolean;
  /** Count obligations: occurrences reported, and the minimum asked. */
  occurrences?: number;
  /** A cooperating unit's part (配合) of a lead's obligation. */
  isContribution?: true;
  countMinimum?: number;
}

const isoInstant = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z/;
/** History events that start a new deadline; the workflow writes the new deadline into the detail. */
const deadlineEvents: ReadonlySet<HistoryEntry['event']> = new Set(['returned', 'extended', 'resumed']);

/**
 * Working days late: the working days after the deadline's date up to and including the day
 * handed in, on the campaign's calendar (the same count as a supervision notice's); anything
 * late counts at least 1 (逾期不足1个工作日按1个工作日计).
 */
export function workingDaysLate(dueAt: string, at: string, timeZone: string, calendar: WorkingCalendar): number {
  if (Date.parse(at) <= Date.parse(dueAt)) return 0;
  return Math.max(calendar.workingDaysAfter(localDate(dueAt, timeZone), localDate(at, timeZone)), 1);
}

/** The outcome of one obligation as of `asOf` (plan clock), lateness counted on `calendar` (the campaign's). */
export function outcomeOf(obligation: EvaluatedObligation, asOf: string, timeZone: string, calendar: WorkingCalendar): ObligationOutcome {
  const base = {
    id: obligation.id,
    unitId: obligation.unitId,
    obligationId: obligation.obligationId,
    title: obligation.title,
    plannedDueAt: obligation.dueAt,
    ...(obligation.isContribution ? { isContribution: true as const } : {}),
  };
  const { state } = obligation;
  if (!state) {
    return { ...base, dueAt: obligation.dueAt, status: 'not-started', workingDaysLate: 0, returns: 0, deadlineChanges: 0, escalationLevel: 0, awaitingReview: false };
  }

  let deadline = obligation.dueAt;
  let level = 0;
  let highestLevel = 0;
  let daysLate = 0;
  let deadlineChanges = 0;
  let occurrences = 0;
  let completedAt: string | undefined;
  const minimum = obligation.count?.min ?? 0;
  for (const entry of state.history) {
    if (deadlineEvents.has(entry.event)) {
      // Records written before `dueAt` existed carry the new deadline only in their text.
      const moved = entry.dueAt ?? isoInstant.exec(entry.detail)?.[0];
      if (!moved) continue; // a resume that keeps the deadline
      deadline = moved;
      level = 0;
      if (entry.event !== 'returned') deadlineChanges += 1;
    } else if (entry.event === 'escalated') {
      level += 1;
      highestLevel = Math.max(highestLevel, level);
    } else if (entry.event === 'submitted') {
      daysLate += workingDaysLate(deadline, entry.at, timeZone, calendar);
      completedAt = entry.at;
    } else if (entry.event === 'occurrence') {
      occurrences += 1;
      if (occurrences === minimum) {
        daysLate += workingDaysLate(deadline, entry.at, timeZone, calendar);
        completedAt = entry.at;
      }
    }
  }
  // The workflow's own deadline wins if a detail could not be read (it is always current).
  deadline = state.dueAt;
  const common = {
    ...base,
    dueAt: deadline,
    returns: state.returns,
    deadlineChanges,
    escalationLevel: highestLevel,
    awaitingReview: state.status === 'submitted',
    ...(obligation.count ? { occurrences: state.occurrences?.length ?? occurrences, countMinimum: minimum } : {}),
  };
  const handedIn = (): ObligationOutcome => ({ ...common, status: daysLate > 0 ? 'late' : 'on-time', ...(completedAt ? { completedAt } : {}), workingDaysLate: daysLate });

  switch (state.status) {
    case 'waived':
    case 'cancelled':
      return { ...common, status: state.status, workingDaysLate: 0 };
    case 'accepted':
    case 'submitted':
    case 'target-met':
      return handedIn();
    case 'closed':
      return { ...common, status: obligation.count ? 'target-missed' : 'missing', workingDaysLate: daysLate };
    default: {
      // open, returned, overdue, awaiting-decision: still asked of the unit.
      const isPastDeadline = Date.parse(asOf) > Date.parse(deadline);
      return {
        ...common,
        status: isPastDeadline ? 'outstanding' : 'not-due',
        workingDaysLate: daysLate + (isPastDeadline ? workingDaysLate(deadline, asOf, timeZone, calendar) : 0),
      };
    }
  }
}
