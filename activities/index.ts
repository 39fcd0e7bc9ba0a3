/**
 * The activities the worker registers, built by a factory so that tests pass a real SMTP
 * transport on loopback and production passes the pooled transport from the environment.
 * Nothing here opens a connection at import time.
 */
import type { DeliveryReceipt, MessageRequest } from './contracts';
import { type EmailDependencies, sendMessage } from './email';

export type ActivityDependencies = EmailDependencies;

export function createActivities(dependencies: ActivityDependencies) {
  return {
    /** Renders one obligation message and sends it by SMTP. */
    async deliverMessage(request: MessageRequest): Promise<DeliveryReceipt> {
      return sendMessage(dependencies, request);
    },
  };
}

export type Activities = ReturnType<typeof createActivities>;
