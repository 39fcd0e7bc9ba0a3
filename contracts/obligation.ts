/**
 * The obligation workflow's contract: its input, its signals, updates and queries, declared
 * once and imported by the workflow, the client code and the tests. Histories live for a year:
 * when a payload changes shape, add an optional field, never reinterpret an existing one.
 */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';

export interface UnitRef {
  id: string;
  /** Chinese name as printed in the plan, e.g. 滕州市市场监督管理局. */
  name: string;
  /** Addresses of the unit's contacts; every reminder goes to all of them. */
  emails: string[];
}

/** Who a message goes to, resolved from {@link ObligationInstance.recipients}. */
export type RecipientKind = 'unit-contacts' | 'issuer-contacts' | 'supervisors' | 'parent-unit';

/** One planned message: when, which kind, and a stable key for its Message-ID. */
export interface PlannedMessage {
  /** ISO 8601 instant, on the plan's own clock (see {@link ObligationInstance.timeOffsetMs}). */
  at: string;
  /** The message template: reminder, overdue-notice, supervision-notice, … */
  kind: string;
  /** Unique within the obligation instance, e.g. `reminder-3wd`; part of the Message-ID. */
  key: string;
  /** How a person describes the moment, e.g. 截止前3个工作日. */
  label: string;
  /** Recipients (default: the unit's contacts); the first kind is To, the others Cc. */
  notify?: RecipientKind[];
  /** Escalation steps only: the level reached, and whether a supervisor decides before it is taken. */
  level?: number;
  requiresDecision?: boolean;
  /** Escalation steps only: the level's name (督办通知) and the lateness it stands for. */
  levelName?: string;
  daysLate?: number;
  /** Escalation steps only: the level's id in the definition (absent in histories before it existed). */
  levelId?: string;
}

export interface MessageTemplate {
  subject: string;
  text: string;
  html?: string;
}

/** The other side of a lead–cooperation link: a unit and its obligation workflow of the same occurrence. */
export interface LinkedInstance {
  unitId: string;
  unitName: string;
  /** The Workflow ID. */
  instanceId: string;
}

/** One (unit, obligation) instance of a compiled plan, the input of {@link obligationWorkflow}. */
export interface ObligationInstance {
  campaign: {
    id: string;
    title: string;
    documentNumber?: string;
    contact?: string;
    mailbox?: string;
    issuer?: string;
    /** IANA zone the plan's dates are read in (the definition's `campaign.timeZone`); absent in older inputs: Asia/Shanghai. */
    timeZone?: string;
  };
  unit: UnitRef;
  obligation: { id: string; title: string; measure?: string };
  /** ISO 8601 instant of the deadline. */
  dueAt: string;
  /** Reminders before the deadline and escalation steps after it, in any order. */
  messages: PlannedMessage[];
  /** ISO 8601 instant after which the obligation no longer waits for a submission (campaign end). */
  closesAt: string;
  /** Addresses per recipient kind; `unit-contacts` defaults to `unit.emails`. */
  recipients?: Partial<Record<RecipientKind, string[]>>;
  /** The definition's templates by kind; without them the built-in texts are used. */
  templates?: Record<string, MessageTemplate>;
  /**
   * Instead of `templates`: the delivery activity reads the templates from the campaign
   * (`campaignWorkflowId`'s definition), so 90,000 obligations do not each carry a copy.
   */
  templatesFromCampaign?: boolean;
  /**
   * Catch-up counts from the execution's start (what the `catch-up-from-execution-start` patch
   * does), said by the input instead of a marker: set for every obligation started since.
   */
  catchUpFromExecutionStart?: boolean;
  /**
   * Count obligations (meetings held "1-2 次"): occurrences are reported, not one submission.
   * `cumulative` (per-period counts, "每年新建2家，到2025年累计不少于6家"): the minimum over the
   * periods listed, whose instances are `campaign/unit/<obligation>@<period>`; absent before it existed.
   */
  count?: { min: number; max?: number; cumulative?: { min: number; by: string; periods: string[] } };
  /**
   * A lead's obligation (牵头): the cooperating units' contributions to it (配合), each its own
   * workflow (`instanceId`), due before this deadline. Absent when it has none, and before it existed.
   */
  contributors?: LinkedInstance[];
  /**
   * How supervisors are reminded of a step waiting for their decision: every `everyWorkingDays`
   * working days of the campaign's calendar, at `time` (HH:MM, the campaign's zone), like every
   * other reminder. Absent in older inputs: every 3 working days at 09:00.
   */
  decisionReminders?: { everyWorkingDays: number; time: string };
  /** A contribution (配合): the lead units' obligations it is part of. Absent for any other obligation. */
  contributesTo?: LinkedInstance[];
  /**
   * Rebase for tests, rehearsal and simulation: the workflow acts at plan instant + offset on
   * the server's clock, while every message and record shows the plan's own dates. 0 (the
   * default) for a real launch.
   */
  timeOffsetMs?: number;
  /**
   * The campaign workflow that keeps the unit's record: the obligation tells it of every
   * escalation step it takes. Absent for an obligation run on its own (tests, demo).
   */
  campaignWorkflowId?: string;
}

export type ObligationStatus =
  | 'open'
  | 'submitted'
  | 'accepted'
  | 'returned'
  | 'target-met'
  | 'overdue'
  | 'awaiting-decision'
  | 'waived'
  | 'closed'
  | 'cancelled';

export interface Submission {
  unitId: string;
  /** Who submitted, as a person would recognise it (name or email). */
  submittedBy: string;
  content: string;
  attachments?: string[];
}

export interface HistoryEntry {
  /** Workflow time, ISO 8601. */
  at: string;
  event:
    | 'message-sent'
    | 'message-skipped'
    | 'message-failed'
    | 'submitted'
    | 'overdue'
    | 'escalated'
    | 'awaiting-decision'
    | 'decided'
    | 'waived'
    | 'accepted'
    | 'returned'
    | 'extended'
    | 'retimed'
    | 'supervised'
    | 'occurrence'
    | 'paused'
    | 'resumed'
    | 'cancelled'
    | 'closed';
  detail: string;
  /** returned, extended, resumed (when it moved the deadline): the new deadline. Absent in older records. */
  dueAt?: string;
}

/** A supervisor's decision on an escalation step that waits for one. */
export interface Decision {
  /** proceed: take the step (send its notice); waive: the obligation no longer applies. */
  action: 'proceed' | 'waive';
  decidedBy: string;
  reason: string;
}

/**
 * A new deadline with its reminders and escalation steps, computed by the caller with the same
 * pure code as the plan (config/workflow-input.ts `reschedule`), so that what runs is what the
 * preview shows.
 */
export interface NewSchedule {
  dueAt: string;
  messages: PlannedMessage[];
}

/** A reviewer's verdict on a submission. */
export interface Review {
  action: 'accept' | 'return';
  reviewedBy: string;
  /** Required for a return: what to revise. */
  reason: string;
  /** Required for a return: the deadline of the revision. */
  schedule?: NewSchedule;
}

/** One occurrence of a count obligation (a meeting held, a project applied for), with its evidence. */
export interface Occurrence {
  unitId: string;
  reportedBy: string;
  /** When it happened, YYYY-MM-DD. */
  date: string;
  /** The evidence the definition asks for, e.g. {日期, 参会人员, 会议纪要}. */
  evidence: Record<string, string>;
  attachments?: string[];
}

/** A supervisor moves the deadline (延期). */
export interface Extension {
  extendedBy: string;
  reason: string;
  schedule: NewSchedule;
}

/**
 * The reminders and ladder of an unchanged deadline, timed anew: an amendment's calendar (the
 * official holidays of a year first planned on the provisional one) moved the working days they
 * count, not the deadline. `dueAt` is the deadline they were computed for; the keys are the
 * plan's, so what was already sent is not sent again.
 */
export interface Retiming {
  retimedBy: string;
  reason: string;
  dueAt: string;
  messages: PlannedMessage[];
}

/**
 * A supervisor's supervision notice (督办通知) on an overdue obligation. The unit must rectify by
 * a deadline of its own: the rectification runs as a new obligation with its own reminders and
 * ladder, and the item's own ladder stops (the same lateness is not escalated twice). Built by
 * `supervision()` in config/workflow-input.ts with the plan's calendar.
 */
export interface Supervision {
  issuedBy: string;
  reason: string;
  /** Working days past the deadline today, on the plan's calendar, as the notice says. */
  daysLate: number;
  /** What the notice asks, e.g. `请于2022年4月29日 17:30前报送整改情况。` */
  requirement: string;
  /** The rectification's deadline, reminders and ladder. */
  rectification: NewSchedule;
}

/** A supervisor waives an obligation outright (免除): nothing more is asked or sent. */
export interface Waiver {
  waivedBy: string;
  reason: string;
}

export interface ObligationState {
  status: ObligationStatus;
  dueAt: string;
  /** The escalation level taken so far under the current deadline (0: none). */
  escalationLevel: number;
  /** Times the submission was returned for revision. */
  returns: number;
  /** Count obligations: what was reported, in order. */
  occurrences?: (Occurrence & { at: string })[];
  /** The step waiting for a supervisor's decision, if any. */
  pendingDecision?: { key: string; label: string; level: number };
  submission?: Submission & { at: string };
  /** Workflow IDs of the rectifications ordered by supervision notices, oldest first. */
  rectifications?: string[];
  /** Set while the campaign is paused: no message goes out. */
  paused?: { since: string; by: string; reason: string };
  history: HistoryEntry[];
}

/**
 * An administrator's control of a whole campaign, fanned out by the campaign workflow to each
 * obligation as a signal (the campaign answers the administrator; an obligation has nothing to say).
 */
export interface CampaignControl {
  action: 'pause' | 'resume' | 'cancel';
  by: string;
  reason: string;
  /**
   * resume only, when the definition's `campaign.onPause` shifts deadlines: the days paused. The
   * campaign's activity turns them into each obligation's new `schedule` (its deadline that many
   * days later, on a working day of the plan's calendar, with its reminders and ladder).
   */
  shiftDays?: number;
  schedule?: NewSchedule;
}

/** What an obligation tells its campaign when it takes an escalation step: the unit's record grows. */
export interface UnitEvent {
  unit: { id: string; name: string };
  /** The instance's addresses, so that the campaign can write to the unit about its record. */
  recipients: Partial<Record<RecipientKind, string[]>>;
  obligation: { id: string; title: string; measure?: string };
  dueAt: string;
  /** The message kind of the step taken: overdue-notice, supervision-notice, interview-notice, criticism-bulletin, … */
  kind: string;
  level: number;
  daysLate?: number;
  returns: number;
  /** Plan time of the step. */
  at: string;
}

export const submitUpdate = defineUpdate<ObligationState, [Submission]>('submit');
export const decideUpdate = defineUpdate<ObligationState, [Decision]>('decide');
export const reviewUpdate = defineUpdate<ObligationState, [Review]>('review');
export const extendUpdate = defineUpdate<ObligationState, [Extension]>('extend');
export const retimeUpdate = defineUpdate<ObligationState, [Retiming]>('retime');
export const reportOccurrenceUpdate = defineUpdate<ObligationState, [Occurrence]>('reportOccurrence');
export const superviseUpdate = defineUpdate<ObligationState, [Supervision]>('supervise');
export const waiveUpdate = defineUpdate<ObligationState, [Waiver]>('waive');
export const stateQuery = defineQuery<ObligationState>('state');
export const controlSignal = defineSignal<[CampaignControl]>('control');
export const unitEventSignal = defineSignal<[UnitEvent]>('unitEvent');

/** Stable, readable Workflow ID: campaign/unit/obligation. */
export function obligationWorkflowId(campaignId: string, unitId: string, obligationId: string): string {
  return `${campaignId}/${unitId}/${obligationId}`;
}
