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
import { ApplicationFailure } from '@temporalio/common';
import { CalendarRangeError, calendarOf, defaultCalendar, localDateOf, zonedInstant } from '../config/calendar';
import { withProgress } from './progress';
import { campaignTemplates } from './templates';
import { definitionCache, launchObligations, type LaunchResult, type LaunchSlice, startObligation, type StartRequest } from './launch';

export interface ActivityDependencies extends EmailDependencies {
  /** For launching obligation workflows; a worker that only sends mail may go without. */
  client?: Client;
  /** Signs the unit's page link for {{link}} (web/unit-token.ts); without it messages carry no link. */
  unitLink?: UnitLinkMaker;
}

/** Where a working-day reminder counts from and how (see `nextWorkingReminder`). */
export interface WorkingReminderRequest {
  after: string;
  workingDays: number;
  time: string;
  timeZone: string;
  campaignWorkflowId?: string;
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
      const request = withUnitLink(await withProgress({ ...planned, ...(template ? { template } : {}) }, dependencies.client), dependencies.unitLink);
      const runId = activityInfo().workflowExecution?.runId;
      return sendMessage(dependencies, request, runId ? `${runId}/${request.eventKey}` : request.eventKey);
    },
    /**
     * When supervisors are next reminded of a decision they have not made: `workingDays` working
     * days after `after` (a plan instant) on the campaign's calendar (its arrangements included),
     * at `time` in its zone, as every reminder falls: never on a holiday or a weekend.
     */
    async nextWorkingReminder(request: WorkingReminderRequest): Promise<string> {
      // The campaign's own arrangements when it can be read; otherwise the official calendar (a
      // reminder a day off is better than an obligation stopped by an unreadable campaign).
      const definition = request.campaignWorkflowId ? await templates.definitionOf(request.campaignWorkflowId).catch(() => undefined) : undefined;
      const calendar = definition?.calendar ? calendarOf(definition as Parameters<typeof calendarOf>[0]) : defaultCalendar;
      try {
        const date = calendar.addWorkingDays(localDateOf(request.after, request.timeZone), request.workingDays);
        return zonedInstant(date, request.time, request.timeZone);
      } catch (error) {
        // Beyond the years any calendar holds: asking again cannot help.
        if (error instanceof CalendarRangeError) throw ApplicationFailure.nonRetryable(error.message, 'CalendarRange');
        throw error;
      }
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
