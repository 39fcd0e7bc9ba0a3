/**
 * "What waits for a supervisor" as Temporal visibility queries, on the Temporal CLI's dev server
 * (the time-skipping server has no visibility store): a rule proposal on a unit's record makes
 * the campaign findable by `PendingProposals > 0` until a supervisor decides it.
 */
import { launched } from './support/poll';
import path from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { loadCampaign } from '../config/definition/load';
import { rebaseOffset } from '../config/workflow-input';
import { campaignWorkflow } from '../workflows';
import { type CampaignInput, campaignWorkflowId, unitActionUpdate } from '../contracts/campaign';
import { type UnitEvent, unitEventSignal } from '../contracts/obligation';
import { PendingProposals } from '../contracts/search-attributes';
import { startTestStack, type TestStack } from './support/test-stack';

const taskQueue = 'campaign-visibility';
let env: TestWorkflowEnvironment;
let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack({ taskQueue, server: 'dev' });
  ({ env } = stack);
});

afterAll(async () => {
  await stack?.stop();
});

/** Workflow IDs the visibility query finds, once they equal `expected` (visibility is eventually consistent). */
async function waitForQuery(query: string, isExpected: (ids: string[]) => boolean): Promise<string[]> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const ids: string[] = [];
    for await (const execution of env.client.workflow.list({ query })) ids.push(execution.workflowId);
    if (isExpected(ids)) return ids;
    if (Date.now() > deadline) throw new Error(`${query}: found ${JSON.stringify(ids)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

it('finds the campaign while a rule proposal waits for a supervisor, and not once it is decided', async () => {
  const loaded = loadCampaign(path.join(__dirname, 'fixtures/minimal-campaign.yaml'));
  const id = 'visibility';
  const definition = { ...loaded.definition, campaign: { ...loaded.definition.campaign, id } };
  const input: CampaignInput = { launch: { definition, taskQueue, timeOffsetMs: rebaseOffset(loaded.plan, Date.now()) }, endsAt: loaded.plan.campaign.period.endsAt };
  const campaign = await env.client.workflow.start(campaignWorkflow, { taskQueue, workflowId: campaignWorkflowId(id), args: [input] });
  try {
    await launched(campaign);
    const waiting = `WorkflowType = "campaignWorkflow" AND CampaignId = "${id}" AND PendingProposals > 0`;
    expect(await waitForQuery(`WorkflowType = "campaignWorkflow" AND CampaignId = "${id}" AND PendingProposals = 0`, (ids) => ids.length === 1)).toEqual([campaign.workflowId]);
    expect(await waitForQuery(waiting, (ids) => ids.length === 0)).toEqual([]);

    // Two supervision notices for 滕州市, as its obligations tell the campaign: the rule proposes a step.
    const event: UnitEvent = {
      unit: { id: 'tengzhou', name: '滕州市市场监督管理局' },
      recipients: {},
      obligation: { id: 'measures', title: '落实措施' },
      dueAt: '2022-04-15T09:30:00.000Z',
      kind: 'supervision-notice',
      level: 2,
      returns: 0,
      at: '2022-04-22T01:00:00.000Z',
    };
    await campaign.signal(unitEventSignal, event);
    await campaign.signal(unitEventSignal, event);
    expect(await waitForQuery(waiting, (ids) => ids.length === 1)).toEqual([campaign.workflowId]);
    expect(await waitForQuery('WorkflowType = "campaignWorkflow" AND PendingProposals > 0', (ids) => ids.includes(campaign.workflowId))).toContain(campaign.workflowId);
    expect((await campaign.describe()).typedSearchAttributes.get(PendingProposals)).toBe(1);

    await campaign.executeUpdate(unitActionUpdate, { args: [{ unitId: 'tengzhou', action: 'dismiss', ruleId: 'repeated', by: '科长', reason: '已电话督促' }] });
    expect(await waitForQuery(waiting, (ids) => ids.length === 0)).toEqual([]);
    expect((await campaign.describe()).typedSearchAttributes.get(PendingProposals)).toBe(0);
  } finally {
    await campaign.terminate('test done').catch(() => undefined);
    for (const instance of loaded.plan.instances) await env.client.workflow.getHandle(instance.id.replace(/^minimal\//, `${id}/`)).terminate('test done').catch(() => undefined);
  }
});
