/**
 * Launching a campaign's obligations: compiles the validated definition (the same pure code as
 * the preview) and starts one workflow per instance, a slice at a time. Idempotent: an
 * obligation that was already started (running or finished) is counted, never started again.
 */
import { heartbeat } from '@temporalio/activity';
import { type Client, WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { obligationInput } from '../config/workflow-input';
import type { LaunchRequest, ObligationInstance } from '../workflows/contracts';
import { compiled, forEachInParallel, parseDefinition, requireClient } from './fan-out';

export interface LaunchSlice extends LaunchRequest {
  offset: number;
  limit: number;
}

export interface LaunchResult {
  total: number;
  started: number;
  alreadyRunning: number;
}

export async function launchObligations(client: Client | undefined, slice: LaunchSlice): Promise<LaunchResult> {
  const workflows = requireClient(client).workflow;
  const definition = parseDefinition(slice.definition);
  const plan = compiled(definition);
  const result: LaunchResult = { total: plan.instances.length, started: 0, alreadyRunning: 0 };
  await forEachInParallel(plan.instances.slice(slice.offset, slice.offset + slice.limit), async (instance) => {
    try {
      await workflows.start('obligationWorkflow', {
        taskQueue: slice.taskQueue,
        workflowId: instance.id,
        // A finished obligation must not start again when a launch is repeated.
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
        args: [obligationInput(plan, definition, instance, { timeOffsetMs: slice.timeOffsetMs, campaignWorkflowId: slice.campaignWorkflowId })],
      });
      result.started += 1;
    } catch (error) {
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
      result.alreadyRunning += 1;
    }
    if ((result.started + result.alreadyRunning) % 50 === 0) heartbeat(result);
  });
  return result;
}

export interface StartRequest {
  workflowId: string;
  taskQueue: string;
  instance: ObligationInstance;
}

/** Starts one obligation an obligation ordered (a rectification); run again, it finds it started. */
export async function startObligation(client: Client | undefined, request: StartRequest): Promise<'started' | 'already-started'> {
  try {
    await requireClient(client).workflow.start('obligationWorkflow', {
      taskQueue: request.taskQueue,
      workflowId: request.workflowId,
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
      args: [request.instance],
    });
    return 'started';
  } catch (error) {
    if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
    return 'already-started';
  }
}
