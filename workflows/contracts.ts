/**
 * The obligation workflow's contract: its input, its signals, updates and queries, declared
 * once and imported by the workflow, the client code and the tests. Histories live for a year:
 * when a payload changes shape, add an optional field, never reinterpret an existing one.
 */
import { defineQuery, defineUpdate } from '@temporalio/workflow';

export interface UnitRef {
  id: string;
  /** Chinese name as printed in the plan, e.g. 滕州市市场监督管理局. */
  name: string;
  /** Addresses of the unit's contacts; every reminder goes to all of them. */
  emails: string[];
}

/** One planned message: when, which kind, and a stable key for its Message-ID. */
export interface PlannedMessage {
  /** ISO 8601 instant. */
  at: string;
  kind: 'reminder' | 'overdue-notice';
  /** Unique within the obligation instance, e.g. `reminder-3wd`; part of the Message-ID. */
  key: string;
  /** How a person describes the moment, e.g. 截止前3个工作日. */
  label: string;
}

/** One (unit, obligation) instance of a compiled plan, the input of {@link obligationWorkflow}. */
export interface ObligationInstance {
  campaign: { id: string; title: string; documentNumber?: string; contact?: string };
  unit: UnitRef;
  obligation: { id: string; title: string; measure?: string };
  /** ISO 8601 instant of the deadline. */
  dueAt: string;
  /** Reminders before the deadline and the overdue notice after it, in any order. */
  messages: PlannedMessage[];
  /** ISO 8601 instant after which the obligation no longer waits for a submission (campaign end). */
  closesAt: string;
}

export type ObligationStatus = 'open' | 'submitted' | 'overdue' | 'closed';

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
  event: 'message-sent' | 'message-skipped' | 'message-failed' | 'submitted' | 'overdue' | 'closed';
  detail: string;
}

export interface ObligationState {
  status: ObligationStatus;
  dueAt: string;
  submission?: Submission & { at: string };
  history: HistoryEntry[];
}

export const submitUpdate = defineUpdate<ObligationState, [Submission]>('submit');
export const stateQuery = defineQuery<ObligationState>('state');

/** Stable, readable Workflow ID: campaign/unit/obligation. */
export function obligationWorkflowId(campaignId: string, unitId: string, obligationId: string): string {
  return `${campaignId}/${unitId}/${obligationId}`;
}
