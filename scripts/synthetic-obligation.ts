/**
 * The obligation the long runs (benchmarks, chaos, the server-restart test) start by the
 * thousand: one reminder at an instant, the deadline an hour later, started as a campaign's
 * launch starts its obligations (search attributes in the start request, catch-up said by the input).
 */
import type { WorkflowStartOptions } from '@temporalio/client';
import type { ObligationInstance } from '../contracts/obligation';
import { initialSearchAttributes } from '../contracts/search-attributes';

export function oneReminderObligation(campaignId: string, unitId: string, atMs: number): ObligationInstance {
  const at = (offsetMs: number) => new Date(atMs + offsetMs).toISOString();
  return {
    campaign: { id: campaignId, title: '压力测试活动方案' },
    unit: { id: unitId, name: `单位${unitId}`, emails: [`${unitId}@example.gov.cn`] },
    obligation: { id: 'report', title: '落实情况' },
    dueAt: at(3_600_000),
    messages: [{ at: at(0), kind: 'reminder', key: 'reminder-1', label: '截止前提醒' }],
    closesAt: at(7_200_000),
    catchUpFromExecutionStart: true,
  };
}

/** `client.workflow.start('obligationWorkflow', …)` options for it, Workflow ID `campaign/unit/report`. */
export function startOneReminderObligation(taskQueue: string, campaignId: string, unitId: string, atMs: number): WorkflowStartOptions {
  const instance = oneReminderObligation(campaignId, unitId, atMs);
  return { taskQueue, workflowId: `${campaignId}/${unitId}/report`, args: [instance], typedSearchAttributes: initialSearchAttributes(instance) };
}
