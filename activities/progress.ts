/**
 * What a reminder says of work beyond its own workflow, read when the message is written: a lead's
 * cooperating units (has each handed in its part?) and a per-period count's cumulative target (how
 * many the unit reported over all its periods so far). A workflow that cannot be read (not yet
 * started, or past retention) counts as not handed in and as nothing reported: a reminder never
 * fails for it.
 */
import type { Client } from '@temporalio/client';
import type { MessageRequest } from '../contracts/delivery';
import { stateQuery } from '../contracts/obligation';

const handedIn = new Set(['submitted', 'accepted', 'target-met']);

/** The request with `contributions` and `count.cumulative.reported` filled in, where it asks for them and a client can read them. */
export async function withProgress(request: MessageRequest, client: Client | undefined): Promise<MessageRequest> {
  if (!client) return request;
  const stateOf = (workflowId: string) => client.workflow.getHandle(workflowId).query(stateQuery).catch(() => undefined);
  let enriched = request;
  if (request.contributors?.length && !request.contributions) {
    const contributions = await Promise.all(
      request.contributors.map(async (contributor) => ({ unitName: contributor.unitName, isHandedIn: handedIn.has((await stateOf(contributor.instanceId))?.status ?? '') })),
    );
    enriched = { ...enriched, contributions };
  }
  const cumulative = request.count?.cumulative;
  if (request.count && cumulative?.periods?.length && cumulative.reported === undefined) {
    const baseId = request.obligation.id.split('@')[0];
    const own = request.obligation.id;
    const counts = await Promise.all(
      cumulative.periods.map(async (period) => {
        const obligationId = `${baseId}@${period}`;
        // This workflow's own count is the request's (it may have changed since a query would see it).
        if (obligationId === own) return request.count!.reported;
        return (await stateOf(`${request.campaign.id}/${request.unit.id}/${obligationId}`))?.occurrences?.length ?? 0;
      }),
    );
    enriched = { ...enriched, count: { ...request.count, cumulative: { ...cumulative, reported: counts.reduce((sum, count) => sum + count, 0) } } };
  }
  return enriched;
}
