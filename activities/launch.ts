/**
 * Launching a campaign's obligations: compiles the validated definition (the same pure code as
 * the preview) and starts one workflow per instance, a slice at a time. Idempotent: an
 * obligation that was already started (running or finished) is counted, never started again.
 */
import { heartbeat } from '@temporalio/activity';
import { type Client, WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { compilePlan } from '../config/compile';
import { definitionSchema } from '../config/definition/schema';
import { obligationInput } from '../config/workflow-input';
import type { LaunchRequest } from '../workflows/contracts';

export interface LaunchSlice extends LaunchRequest {
  offset: number;
  limit: number;
}

export interface LaunchResult {
  total: number;
  started: number;
  alreadyRunning: number;
}

/** Starts in flight at once: enough to keep a server busy without flooding it. */
const parallelStarts = 16;

export async function launchObligations(client: Client | undefined, slice: LaunchSlice): Promise<LaunchResult> {
  if (!client) throw ApplicationFailure.nonRetryable('this worker has no Temporal client for launching obligations', 'Misconfigured');
  const parsed = definitionSchema.safeParse(slice.definition);
  if (!parsed.success) throw ApplicationFailure.nonRetryable(`the campaign definition is invalid: ${parsed.error.message}`, 'InvalidDefinition');
  const { plan, issues } = compilePlan(parsed.data);
  if (issues.length > 0) throw ApplicationFailure.nonRetryable(`the campaign definition does not compile: ${JSON.stringify(issues[0])}`, 'InvalidDefinition');

  const instances = plan.instances.slice(slice.offset, slice.offset + slice.limit);
  const result: LaunchResult = { total: plan.instances.length, started: 0, alreadyRunning: 0 };
  let next = 0;
  const startNext = async (): Promise<void> => {
    while (next < instances.length) {
      const instance = instances[next]!;
      next += 1;
      try {
        await client.workflow.start('obligationWorkflow', {
          taskQueue: slice.taskQueue,
          workflowId: instance.id,
          // A finished obligation must not start again when a launch is repeated.
          workflowIdReusePolicy: 'REJECT_DUPLICATE',
          args: [obligationInput(plan, parsed.data, instance, { timeOffsetMs: slice.timeOffsetMs })],
        });
        result.started += 1;
      } catch (error) {
        if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
        result.alreadyRunning += 1;
      }
      if ((result.started + result.alreadyRunning) % 50 === 0) heartbeat(result);
    }
  };
  await Promise.all(Array.from({ length: parallelStarts }, startNext));
  return result;
}
