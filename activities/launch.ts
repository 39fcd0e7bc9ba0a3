/**
 * Launching a campaign's obligations: compiles the validated definition (the same pure code as
 * the preview) and starts one workflow per instance, a slice at a time. Idempotent: an
 * obligation that was already started (running or finished) is counted, never started again.
 *
 * The definition is read from the campaign itself (its definition query), once per worker
 * process and revision, and kept with its compiled plan: the campaign passes only the revision,
 * so its history does not grow by the whole definition per batch.
 */
import { heartbeat } from '@temporalio/activity';
import { type Client, WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { Plan } from '../config/compile';
import type { Definition } from '../config/definition/schema';
import { obligationInput } from '../config/workflow-input';
import { campaignDefinitionQuery, type LaunchRequest } from '../contracts/campaign';
import { type ObligationInstance } from '../contracts/obligation';
import { definitionRevision } from '../contracts/definition-revision';
import { initialSearchAttributes } from '../contracts/search-attributes';
import { compiled, forEachInParallel, parseDefinition, requireClient } from './fan-out';

export interface LaunchSlice extends Omit<LaunchRequest, 'definition'> {
  /** The definition itself: campaigns launched before the revision existed pass it in every batch. */
  definition?: unknown;
  /** {@link definitionRevision} of the campaign's definition, read from `campaignWorkflowId`. */
  definitionRevision?: string;
  offset: number;
  limit: number;
}

interface CompiledDefinition {
  definition: Definition;
  plan: Plan;
}

/** Definitions read from campaigns, with their plans, by revision (a few: a plan of 90,000 instances is large). */
export interface DefinitionCache {
  read(client: Client, campaignWorkflowId: string, revision: string): Promise<CompiledDefinition>;
  readonly size: number;
  /** How often a campaign was queried for its definition (what the cache saves). */
  readonly reads: number;
}

export function definitionCache(capacity = 2): DefinitionCache {
  const entries = new Map<string, Promise<CompiledDefinition>>();
  let reads = 0;
  return {
    get size() {
      return entries.size;
    },
    get reads() {
      return reads;
    },
    read(client, campaignWorkflowId, revision) {
      const cached = entries.get(revision);
      if (cached) {
        // Most recently used last.
        entries.delete(revision);
        entries.set(revision, cached);
        return cached;
      }
      reads += 1;
      const reading = readDefinition(client, campaignWorkflowId, revision);
      entries.set(revision, reading);
      reading.catch(() => entries.delete(revision));
      while (entries.size > capacity) entries.delete(entries.keys().next().value!);
      return reading;
    },
  };
}

async function readDefinition(client: Client, campaignWorkflowId: string, revision: string): Promise<CompiledDefinition> {
  const { definition: raw } = await client.workflow.getHandle(campaignWorkflowId).query(campaignDefinitionQuery);
  const found = definitionRevision(raw);
  // The campaign changes its definition only between launches (amendments wait for each other);
  // a mismatch is a launch that overtook an amendment: retried, it reads the definition again.
  if (found !== revision) throw ApplicationFailure.retryable(`campaign ${campaignWorkflowId} runs definition ${found}, not ${revision}`, 'DefinitionRevisionMismatch');
  const definition = parseDefinition(raw);
  return { definition, plan: compiled(definition) };
}

async function definitionOf(client: Client | undefined, slice: LaunchSlice, cache: DefinitionCache): Promise<CompiledDefinition> {
  if (slice.definition !== undefined || slice.definitionRevision === undefined) {
    const definition = parseDefinition(slice.definition);
    return { definition, plan: compiled(definition) };
  }
  if (!slice.campaignWorkflowId) throw ApplicationFailure.nonRetryable('a launch by definition revision needs the campaign workflow to read it from', 'InvalidLaunch');
  return cache.read(requireClient(client), slice.campaignWorkflowId, slice.definitionRevision);
}

export interface LaunchResult {
  total: number;
  started: number;
  alreadyRunning: number;
}

export async function launchObligations(client: Client | undefined, slice: LaunchSlice, cache: DefinitionCache = definitionCache()): Promise<LaunchResult> {
  const workflows = requireClient(client).workflow;
  const { definition, plan } = await definitionOf(client, slice, cache);
  const result: LaunchResult = { total: plan.instances.length, started: 0, alreadyRunning: 0 };
  await forEachInParallel(plan.instances.slice(slice.offset, slice.offset + slice.limit), async (instance) => {
    try {
      const input = obligationInput(plan, definition, instance, { timeOffsetMs: slice.timeOffsetMs, campaignWorkflowId: slice.campaignWorkflowId });
      await workflows.start('obligationWorkflow', {
        taskQueue: slice.taskQueue,
        workflowId: instance.id,
        // A finished obligation must not start again when a launch is repeated.
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
        args: [input],
        typedSearchAttributes: initialSearchAttributes(input),
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
      typedSearchAttributes: initialSearchAttributes(request.instance),
    });
    return 'started';
  } catch (error) {
    if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
    return 'already-started';
  }
}
