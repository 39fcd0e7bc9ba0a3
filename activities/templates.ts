/**
 * The message templates of a campaign's definition, for obligations launched without a copy of
 * them (each obligation carrying the seed's 3 KB of templates would be hundreds of MB of history
 * in a national campaign): read from the campaign workflow (its `definition` query) and kept per
 * worker process for a few minutes, so an amended template reaches the messages within that time.
 */
import { ApplicationFailure } from '@temporalio/activity';
import type { Client } from '@temporalio/client';
import { campaignDefinitionQuery } from '../contracts/campaign';
import { type MessageTemplate } from '../contracts/obligation';

export interface CampaignTemplates {
  /** The campaign definition's template for `kind`; undefined when the definition has none (the built-in text is used). */
  of(campaignWorkflowId: string, kind: string): Promise<MessageTemplate | undefined>;
  /** The campaign's definition as it runs now (its calendar, for working-day reminders). */
  definitionOf(campaignWorkflowId: string): Promise<Record<string, unknown>>;
}

export function campaignTemplates(client: Client | undefined, keepMs = 5 * 60_000, now: () => number = Date.now): CampaignTemplates {
  const entries = new Map<string, { readAt: number; reading: Promise<Record<string, unknown>> }>();
  const definitionOf = async (campaignWorkflowId: string) => {
    if (!client) throw ApplicationFailure.nonRetryable('this worker has no Temporal client to read the campaign\'s definition with', 'Misconfigured');
    let entry = entries.get(campaignWorkflowId);
    if (!entry || now() - entry.readAt > keepMs) {
      const reading = client.workflow
        .getHandle(campaignWorkflowId)
        .query(campaignDefinitionQuery)
        .then(({ definition }) => definition as Record<string, unknown>);
      entry = { readAt: now(), reading };
      entries.set(campaignWorkflowId, entry);
      // A failed read is tried again by the next send (and by Temporal's retry of this one).
      reading.catch(() => entries.delete(campaignWorkflowId));
    }
    return entry.reading;
  };
  return {
    definitionOf,
    async of(campaignWorkflowId, kind) {
      const definition = await definitionOf(campaignWorkflowId);
      return ((definition.messages as Record<string, MessageTemplate> | undefined) ?? {})[kind];
    },
  };
}
