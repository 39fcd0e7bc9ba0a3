/**
 * The compiled plan's shape: what the workflows run, and what `plan`, the preview, the pages and
 * the simulation show. Plain data; every field added since the first plans is optional or
 * derived, so a plan read by older code still reads.
 */
import type { Obligation, PeriodKind, Recipient } from '../definition/schema';

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

/** A count obligation's target: per instance, and (per-period counts) over several periods together. */
export interface CountTarget {
  min: number;
  max?: number;
  /**
   * "到2025年累计不少于6家": the minimum over the periods listed (occurrence ids of the same
   * obligation and unit: `campaign/unit/obligation@<period>`), reached by `by`.
   */
  cumulative?: { min: number; by: string; periods: string[] };
}

/** A field another obligation's submission adds for an ongoing task folded into it (`progress: { in: … }`). */
export interface ProgressField {
  /** `progress-<obligation id>` */
  id: string;
  /** <title>进展情况 */
  label: string;
  obligationId: string;
  /** The units that report it here (the task's owners): the field is shown to them only. */
  unitIds: string[];
}

/** One obligation occurrence: what every assigned unit shares. */
export interface Schedule {
  /** The obligation's id; a cooperating unit's part is `<id>.contribution`. */
  obligationId: string;
  /** Event id or period (2024, 2024-h1, 2022-q2, 2022-05, 2024-w19) of a recurring obligation, and how people name it. */
  occurrence?: string;
  occurrenceName?: string;
  title: string;
  measures: string[];
  /** `ongoing`: a progress report of a task without a deadline of its own (持续推进). */
  kind: Obligation['kind'];
  dueDate: string;
  dueAt: string;
  dueLocal: string;
  /** The year it is assessed in (年度): its period's year, or its deadline's. */
  year: number;
  /** The deadline is on the provisional calendar (暂定), or was counted across a provisional year. */
  dueProvisional?: true;
  count?: CountTarget;
  reminders: PlannedStep[];
  escalations: PlannedStep[];
  evaluated: boolean;
  /** A cooperating unit's part (配合) of the lead's obligation `obligationId`, due `workingDaysBefore` its deadline. */
  contribution?: { obligationId: string; workingDaysBefore: number };
  /** Ongoing tasks reported as part of this submission: a field each. */
  progressFields?: ProgressField[];
}

/** A unit on the other side of a lead–cooperation link, with its instance of the same occurrence. */
export interface LinkedUnit {
  unitId: string;
  unitName: string;
  instanceId: string;
}

export interface PlanInstance {
  /** campaign/unit/obligation[@occurrence]: the Workflow ID. */
  id: string;
  unitId: string;
  unitName: string;
  /** The obligation's cooperating units (配合单位), in the document's order. */
  cooperating: string[];
  recipients: Record<Recipient, string[]>;
  schedule: Schedule;
  /** A lead's instance: the cooperating units' contributions to it, in the document's order. */
  contributors?: LinkedUnit[];
  /** A contribution: the lead units' instances it is part of. */
  contributesTo?: LinkedUnit[];
}

/** A named event (重要时间节点, an activity day) as people see it: day(s), time, place. */
export interface PlanEvent {
  id: string;
  name: string;
  start: string;
  end: string;
  time?: string;
  endTime?: string;
  place?: string;
  note?: string;
}

/** A task without a deadline of its own (持续推进), and how it is followed. */
export interface OngoingTask {
  obligationId: string;
  title: string;
  measures: string[];
  /** Owners, in the document's order. */
  unitIds: string[];
  /** Its progress reports' rhythm, or the obligation whose submission carries its progress. */
  progress: { every: PeriodKind } | { events: string[] } | { in: string };
}

/** A unit of the directory, as lists and pages show it. */
export interface DirectoryUnit {
  id: string;
  name: string;
  kind: string;
  /** The kind's Chinese label: 区, 镇, 部委 … */
  kindName: string;
  parent?: string;
  order: number;
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
    /** false for a plan without scoring (`evaluation: none`). */
    isEvaluated: boolean;
  };
  /** The years of the period on the provisional calendar (暂定), and the official arrangements the definition gives. */
  calendar: { provisionalYears: number[]; arrangements: { year: number; source: string }[] };
  schedules: Schedule[];
  /** Sorted by deadline, then the order the document names the units in. */
  instances: PlanInstance[];
  /** The campaign's named events, in date order. */
  events: PlanEvent[];
  /** Tasks without a deadline of their own. */
  ongoing: OngoingTask[];
  /** The directory in display order, and each parent's children (a county's towns), in display order. */
  units: DirectoryUnit[];
  childrenOf: Record<string, string[]>;
}
