/** Payloads of the activities; imported as types by workflows. */
import type { ObligationInstance, PlannedMessage } from '../workflows/contracts';

export interface MessageRequest {
  kind: PlannedMessage['kind'];
  /**
   * Stable per (obligation instance, event), e.g. `campaign/unit/obligation/reminder-3wd`: the
   * Message-ID is built from it, so a retried send carries the same Message-ID.
   */
  eventKey: string;
  to: string[];
  label: string;
  dueAt: string;
  campaign: ObligationInstance['campaign'];
  unit: { id: string; name: string };
  obligation: ObligationInstance['obligation'];
}

export interface DeliveryReceipt {
  messageId: string;
  accepted: string[];
  rejected: string[];
}

/** ApplicationFailure type of a send that retrying cannot fix (bad address, 5xx answer). */
export const permanentDeliveryFailure = 'PermanentDeliveryFailure';
