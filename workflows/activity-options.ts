/** Activity options shared by the workflows (plain data, so tests can check them against the SMTP timeouts). */
import type { ActivityOptions } from '@temporalio/common';

/**
 * Sending one message. nodemailer gives up on a dead or silent connection well before the
 * start-to-close timeout (see `smtpTimeouts` in activities/email.ts), so a retry never races a
 * send that is still alive; transient failures back off to half an hour, for about a day.
 */
export const deliveryOptions = {
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '10 seconds', backoffCoefficient: 2, maximumInterval: '30 minutes', maximumAttempts: 12 },
} satisfies ActivityOptions;
