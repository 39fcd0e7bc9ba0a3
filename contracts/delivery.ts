/** Payloads of the activities; imported as types by workflows. */
import type { MessageTemplate, ObligationInstance, PlannedMessage } from './obligation';

export interface MessageRequest {
  kind: PlannedMessage['kind'];
  /**
   * Stable per (obligation instance, event), e.g. `campaign/unit/obligation/reminder-3wd`: the
   * Message-ID is built from it, so a retried send carries the same Message-ID.
   */
  eventKey: string;
  to: string[];
  cc?: string[];
  label: string;
  /** The definition's template for this kind; without it the built-in text is used. */
  template?: MessageTemplate;
  /** Instead of `template`: the campaign workflow whose definition holds the templates (read by the activity). */
  templatesFrom?: string;
  /** Escalation level name, e.g. 督办通知, for templates that use {{level}}. */
  level?: string;
  /** Working days late, for {{daysLate}}. */
  daysLate?: number;
  /** The unit's submission page, for {{link}}. */
  link?: string;
  /** A reviewer's or supervisor's reason, for {{reason}}. */
  reason?: string;
  dueAt: string;
  /**
   * Count obligations (meetings held "1-2 次"): the plan's minimum (and maximum) and how many the
   * unit has reported so far; absent for any other obligation and in histories before it existed.
   */
  count?: {
    min: number;
    max?: number;
    reported: number;
    /**
     * Per-period counts: the cumulative target by `by` over the obligation's `periods` (their
     * workflows are `…/<obligation>@<period>`), and what the unit reported over them so far (the
     * delivery activity reads it from those workflows).
     */
    cumulative?: { min: number; by: string; periods?: string[]; reported?: number };
  };
  /** A lead's obligation: its cooperating units' contributions and whether each is handed in (absent: none, or not known). */
  contributions?: { unitName: string; isHandedIn: boolean }[];
  /** A lead's obligation: the contributions' workflows, read by the delivery activity into `contributions`. */
  contributors?: { unitId: string; unitName: string; instanceId: string }[];
  /** Plan time the message is written (a notice's 成文日期); absent in histories before it existed. */
  writtenAt?: string;
  campaign: ObligationInstance['campaign'];
  unit: { id: string; name: string };
  obligation: ObligationInstance['obligation'];
}

export interface DeliveryReceipt {
  messageId: string;
  accepted: string[];
  rejected: string[];
  /** The send ledger had this event as sent already: nothing went to the relay this time. */
  alreadySent?: boolean;
  /** A notice's DOCX: its file name, and where the copy for the record was kept. */
  document?: { fileName: string; keptAt?: string };
}

/** ApplicationFailure type of a send that retrying cannot fix (bad address, 5xx answer). */
export const permanentDeliveryFailure = 'PermanentDeliveryFailure';
