/**
 * Sending a message from a workflow and recording what became of it, shared by the obligation and
 * the campaign: one activity call per message (its Message-ID is built from the event key, so a
 * retry is the same message), and a message the relay refused, or that could not be sent after
 * every retry, never stalls the workflow: it is recorded, and the issuing section is told.
 */
import { ActivityFailure, ApplicationFailure, proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities';
import { type DeliveryReceipt, type MessageRequest, permanentDeliveryFailure } from '../contracts/delivery';
import { deliveryOptions } from './activity-options';

const { deliverMessage } = proxyActivities<Activities>(deliveryOptions);

/** Where a workflow writes what became of a message: its story, or a unit's record. */
export type DeliveryNote = (event: 'message-sent' | 'message-failed', detail: string) => void;

/** What failed, as the 【投递失败】 notice and the record say it. */
export function failureText(what: string, error: ActivityFailure): string {
  const isRefused = error.cause instanceof ApplicationFailure && error.cause.type === permanentDeliveryFailure;
  return `${what}${isRefused ? '被拒收' : '多次重试后仍未发出'}：${error.cause?.message ?? error.message}`;
}

/**
 * Sends `request` and notes the outcome; `what` names the message (`督办通知（supervision-notice）`).
 * Returns the receipt, or the failure (already noted) for the caller to report to the issuer.
 */
export async function deliverAndNote(
  request: MessageRequest,
  what: string,
  note: DeliveryNote,
): Promise<{ receipt: DeliveryReceipt } | { failure: string }> {
  try {
    const receipt = await deliverMessage(request);
    const rejected = receipt.rejected.length > 0 ? `；被拒收：${receipt.rejected.join(', ')}` : '';
    const document = receipt.document ? `；附通知文书 ${receipt.document.fileName}` : '';
    const again = receipt.alreadySent ? '（发送记录显示此前已发出，未重复发送）' : '';
    note('message-sent', `${what}→ ${receipt.accepted.join(', ')}${rejected}${document}${again}`);
    return { receipt };
  } catch (error) {
    // Only an activity's failure is the relay's word; anything else is a bug and fails the task.
    if (!(error instanceof ActivityFailure)) throw error;
    const failure = failureText(what, error);
    note('message-failed', failure);
    return { failure };
  }
}
