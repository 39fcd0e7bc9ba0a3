/**
 * The campaign workflow's contract: its input, the state it carries across continue-as-new, the
 * units' records, and its queries and updates, declared once and imported by the workflow, the
 * activities, the application and the tests. Histories live for a year: when a payload changes
 * shape, add an optional field, never reinterpret an existing one.
 */
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { UnitEvent } from './obligation';
/** What launches a campaign's obligations: the validated definition travels, and the activity compiles it with the same pure code as the preview. */
export interface LaunchRequest {
  /** The validated definition, as plain data. */
  definition: unknown;
  /** Rebase offset (ms) for tests, rehearsal and simulation; 0 or absent for a real launch. */
  timeOffsetMs?: number;
  taskQueue: string;
  /** The campaign workflow the obligations report their escalations to. */
  campaignWorkflowId?: string;
}

export interface CampaignInput {
  launch: LaunchRequest;
  /** ISO instant of the campaign's end on the plan's clock. */
  endsAt: string;
  batchSize?: number;
  /** Who launched the campaign and when (plan time), as the pages and the CLI record it. */
  launchedBy?: { by: string; at: string };
  /**
   * The campaign continues as new once its history has this many events, or earlier when
   * Temporal suggests it (default 10,000; absent in campaigns started before it existed).
   */
  continueAsNewAfterEvents?: number;
  /** What a campaign carries into its next run after continue-as-new. */
  carried?: {
    progress: CampaignProgress;
    records: UnitRecord[];
    lastEvents: UnitEvent[];
    pausedAtMs: number;
    /**
     * The records and last events in the compact shape (since patched('campaign-compact-carried-state');
     * `records` and `lastEvents` are then empty). Absent in runs continued before it existed.
     */
    units?: CarriedUnits;
  };
}

/** An instant as carried: epoch milliseconds, or the ISO text itself when it is not in `toISOString()` form. */
export type CarriedInstant = number | string;

/**
 * The units' records and last events as a continued campaign carries them, so that 3,000 units
 * stay well within Temporal's 2 MB payload limit beside the definition: what the carried
 * definition already says (unit names, rule descriptions, recipients) is not repeated, names
 * that recur (events, people, obligations) are listed once and referred to by their index, and
 * the records are columns: each field a list by the unit's position in `ids` (rare fields a
 * mapping from position), so no field name is repeated per unit.
 */
export interface CarriedUnits {
  /** History event names (`message-sent`, `decided`, …), referred to from `notes` and `omitted`. */
  events: string[];
  /** Who wrote the notes (`by`: 系统, a supervisor, an administrator), referred to from `notes`. */
  people: string[];
  /** The obligations (with their deadline) the units last escalated on, referred to from `last`. */
  subjects: { obligation: { id: string; title: string; measure?: string }; dueAt: CarriedInstant }[];
  /** The units with a record, in the records' order. */
  ids: string[];
  /** A unit's name, only where it differs from the definition's (or the unit is no longer in it). */
  names?: Record<number, string>;
  /** overdueCount, supervisionNotices, interviews, criticisms, praises, onCriticismList (1 or 0), trailing zeros left out. */
  counts: number[][];
  firedRules: string[][];
  /** Proposals waiting for a supervisor; `description` and `levelName` only where the definition's rule no longer gives them. */
  pending?: Record<number, { ruleId: string; at: CarriedInstant; description?: string; levelName?: string }[]>;
  /** The history entries carried, oldest first: [at, index in `events`, index in `people`, detail]. */
  notes: [CarriedInstant, number, number, string][][];
  /** `omittedHistory`: entries no longer carried, counted by index in `events` (null: none ever omitted). */
  omitted: (Record<number, number> | null)[];
  /** The last event: [index in `subjects`, level, returns, daysLate?] (null: none). */
  last: ([number, number, number] | [number, number, number, number] | null)[];
}

export interface CampaignProgress {
  phase: 'launching' | 'running' | 'paused' | 'ended' | 'cancelled';
  launched: number;
  alreadyRunning: number;
  total?: number;
}

/** An administrator's action on the whole campaign: who and why. */
export interface AdminAction {
  by: string;
  reason: string;
}

/** A new version of the definition while the campaign runs: new obligations start, moved deadlines move for every unit. */
export interface Amendment extends AdminAction {
  /** The validated new definition, as plain data (same campaign id). */
  definition: unknown;
}

/** What a supervisor does about a unit (not about one obligation). */
export interface UnitAction {
  unitId: string;
  /**
   * interview (约谈), criticize (put on the criticism list and publish the bulletin), uncriticize
   * (take off the list), praise (表扬); proceed / dismiss: a step a rule proposed (see `ruleId`).
   */
  action: 'interview' | 'criticize' | 'uncriticize' | 'praise' | 'proceed' | 'dismiss';
  by: string;
  reason: string;
  /** proceed / dismiss: the rule whose step is decided. */
  ruleId?: string;
}

/** The counts a definition's rules look at (`record.*`). */
export interface RecordCounts {
  overdueCount: number;
  supervisionNotices: number;
  interviews: number;
  criticisms: number;
}

/** One unit's record in the campaign, kept by the campaign workflow. */
export interface UnitRecord extends RecordCounts {
  unit: { id: string; name: string };
  praises: number;
  onCriticismList: boolean;
  /** Steps the rules proposed that wait for a supervisor (proceed or dismiss). */
  pending: { ruleId: string; description: string; levelName: string; at: string }[];
  /** Rules already fired for this unit (each fires once per unit). */
  firedRules: string[];
  history: { at: string; event: string; by: string; detail: string }[];
  /**
   * Entries of `history` no longer carried after a continue-as-new (the oldest first, so that
   * 3,000 units' records stay within Temporal's payload limit), counted by event. Absent: none.
   */
  omittedHistory?: Record<string, number>;
}

export const campaignProgressQuery = defineQuery<CampaignProgress>('progress');
/** Every unit's record in one answer: ~20 MB at 3,000 units with a history each, over gRPC's 4 MB; read {@link unitRecordsPageQuery} instead. */
export const unitRecordsQuery = defineQuery<UnitRecord[]>('unitRecords');

/** Which records a {@link unitRecordsPageQuery} answers: from `offset` (in the order the campaign first recorded each unit), at most `limit`. */
export interface UnitRecordsPageRequest {
  offset: number;
  limit: number;
}

/** A page of the units' records; the campaign stops a page early rather than answer more than ~1 MB (never fewer than one record). */
export interface UnitRecordsPage {
  /** How many units have a record now. */
  total: number;
  offset: number;
  records: UnitRecord[];
}

export const unitRecordsPageQuery = defineQuery<UnitRecordsPage, [UnitRecordsPageRequest]>('unitRecordsPage');
/** One unit's record, or null when nothing has been recorded for the unit yet. */
export const unitRecordQuery = defineQuery<UnitRecord | null, [string]>('unitRecord');
/** The definition the campaign runs now (as last amended), with its rebase offset. */
export const campaignDefinitionQuery = defineQuery<{ definition: unknown; timeOffsetMs: number }>('definition');
export const pauseCampaignUpdate = defineUpdate<CampaignProgress, [AdminAction]>('pause');
export const resumeCampaignUpdate = defineUpdate<CampaignProgress, [AdminAction]>('resume');
export const cancelCampaignUpdate = defineUpdate<CampaignProgress, [AdminAction]>('cancel');
export const amendCampaignUpdate = defineUpdate<CampaignProgress, [Amendment]>('amend');
export const unitActionUpdate = defineUpdate<UnitRecord, [UnitAction]>('unitAction');

/** Stable, readable Workflow ID of a campaign. */
export function campaignWorkflowId(campaignId: string): string {
  return `campaign/${campaignId}`;
}
