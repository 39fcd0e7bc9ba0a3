/**
 * What the campaign activities share: the definition as it travels (plain data, validated again
 * here, because an activity must not trust its input), the compiled plan, and bounded parallelism.
 */
import type { Client } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { compilePlan, type Plan } from '../config/compile';
import { type Definition, definitionSchema } from '../config/definition/schema';

/**
 * Calls in flight at once: enough to keep a server busy without flooding it (on the dev server,
 * 32 starts in flight start about a fifth more workflows per second than 16; 64 no more than 32).
 */
export const parallelCalls = 32;

export function parseDefinition(definition: unknown): Definition {
  const parsed = definitionSchema.safeParse(definition);
  if (!parsed.success) throw ApplicationFailure.nonRetryable(`the campaign definition is invalid: ${parsed.error.message}`, 'InvalidDefinition');
  return parsed.data;
}

export function compiled(definition: Definition): Plan {
  const { plan, issues } = compilePlan(definition);
  if (issues.length > 0) throw ApplicationFailure.nonRetryable(`the campaign definition does not compile: ${JSON.stringify(issues[0])}`, 'InvalidDefinition');
  return plan;
}

export function requireClient(client: Client | undefined): Client {
  if (!client) throw ApplicationFailure.nonRetryable('this worker has no Temporal client for starting or controlling obligations', 'Misconfigured');
  return client;
}

export async function forEachInParallel<T>(items: T[], run: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next]!;
      next += 1;
      await run(item);
    }
  };
  await Promise.all(Array.from({ length: parallelCalls }, worker));
}
