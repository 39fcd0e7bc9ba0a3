/**
 * The activities the worker registers, built by a factory so that tests pass a real SMTP
 * transport on loopback and production passes the pooled transport from the environment.
 * Nothing here opens a connection at import time.
 */
import { activityInfo } from '@temporalio/activity';
import type { Client } from '@temporalio/client';
import type { DeliveryReceipt, MessageRequest } from '../contracts/delivery';
import { type EmailDependencies, sendMessage } from './email';
import { type UnitLinkMaker, withUnitLink } from './messages';
import { type AmendRequest, type AmendResult, amendObligations, type ControlRequest, type ControlResult, controlObligations } from './control';
import { campaignTemplates } from './templates';
import { definitionCache, launchObligations, type LaunchResult, type LaunchSlice, startObligation, type StartRequest } from './launch';

export interface ActivityDependencies extends EmailDependencies {
  /** For launching obligation workflows; a worker that only sends mail may go without. */
  client?: Client;
  /** Signs the unit's page link for {{link}} (web/unit-token.ts); without it messages carry no link. */
  unitLink?: UnitLinkMaker;
}

export function createActivities(dependencies: ActivityDependencies) {
  // Definitions the launches read from their campaigns, for the life of this worker process.
  const definitions = definitionCache();
  // Templates of the campaigns whose obligations carry none of their own.
  const templates = campaignTemplates(dependencies.client);
  return {
    /** Renders one obligation message and sends it by SMTP. */
    async deliverMessage(planned: MessageRequest): Promise<DeliveryReceipt> {
      const template = planned.template ?? (planned.templatesFrom ? await templates.of(planned.templatesFrom, planned.kind) : undefined);
      // Signed at send time, so that the link expires counted from the email that carries it.
      const request = withUnitLink({ ...planned, ...(template ? { template } : {}) }, dependencies.unitLink);
      const runId = activityInfo().workflowExecution?.runId;
      return sendMessage(dependencies, request, runId ? `${runId}/${request.eventKey}` : request.eventKey);
    },
    /** Starts the obligation workflows of one slice of a campaign's plan. */
    async launchObligations(slice: LaunchSlice): Promise<LaunchResult> {
      return launchObligations(dependencies.client, slice, definitions);
    },
    /** Starts one obligation that another ordered (a supervision notice's rectification). */
    async startObligation(request: StartRequest): Promise<'started' | 'already-started'> {
      return startObligation(dependencies.client, request);
    },
    /** Pauses, resumes or cancels every obligation of a campaign. */
    async controlObligations(request: ControlRequest): Promise<ControlResult> {
      return controlObligations(dependencies.client, request);
    },
    /** Moves the deadlines an amendment moved, for every unit. */
    async amendObligations(request: AmendRequest): Promise<AmendResult> {
      return amendObligations(dependencies.client, request);
    },
  };
}

export type Activities = ReturnType<typeof createActivities>;
