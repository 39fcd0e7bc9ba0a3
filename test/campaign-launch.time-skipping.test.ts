/**
 * Launching a campaign: one obligation workflow per plan instance with readable IDs, and a
 * second launch of the same campaign starts nothing new.
 */
import path from 'node:path';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { loadCampaign } from '../config/definition/load';
import { rebaseOffset } from '../config/workflow-input';
import { campaignWorkflow } from '../workflows';
import { campaignProgressQuery } from '../contracts/campaign';
import { type CampaignInput, campaignWorkflowId } from '../contracts/campaign';
import { stateQuery } from '../contracts/obligation';
import { startTestStack, type TestStack } from './support/test-stack';

const taskQueue = 'campaign-launch';
let env: TestWorkflowEnvironment;
let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack({ taskQueue, from: 'section@example.gov.cn' });
  ({ env } = stack);
});

afterAll(async () => {
  await stack?.stop();
});

async function waitFor<T>(read: () => Promise<T>, isReady: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const value = await read();
    if (isReady(value)) return value;
    if (Date.now() > deadline) throw new Error(`not reached: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

it('starts every obligation of the plan once, however often the campaign is launched', async () => {
  const { plan, definition } = loadCampaign(path.join(__dirname, 'fixtures/minimal-campaign.yaml'));
  const input: CampaignInput = {
    launch: { definition, taskQueue, timeOffsetMs: rebaseOffset(plan, await env.currentTimeMs()) },
    endsAt: plan.campaign.period.endsAt,
    batchSize: 3, // two batches for four instances
  };
  const campaign = await env.client.workflow.start(campaignWorkflow, { taskQueue, workflowId: campaignWorkflowId('minimal'), args: [input] });
  const progress = await waitFor(() => campaign.query(campaignProgressQuery), (value) => value.phase === 'running');
  expect(progress).toEqual({ phase: 'running', launched: 4, alreadyRunning: 0, total: 4 });

  const ids = plan.instances.map((instance) => instance.id);
  expect(ids).toEqual(['minimal/tengzhou/measures', 'minimal/xuecheng/measures', 'minimal/tengzhou/publicity@world-ip-day', 'minimal/xuecheng/publicity@world-ip-day']);
  for (const id of ids) expect((await env.client.workflow.getHandle(id).query(stateQuery)).status).toBe('open');
  // Each starts with its search attributes (searchable before its first task runs), so that task
  // writes none of them again; only the SDK's own TemporalChangeVersion for its patches.
  const first = env.client.workflow.getHandle(ids[0]!);
  expect((await first.describe()).searchAttributes).toMatchObject({ CampaignId: ['minimal'], UnitId: ['tengzhou'], ObligationId: ['measures'], ObligationStatus: ['open'], EscalationLevel: [0] });
  // Its first task writes nothing but its first timer, as a workflow that only sleeps: no search
  // attributes again, no versioning marker (its input says how it catches up).
  const events = (await first.fetchHistory()).events!;
  expect(events.filter((event) => event.upsertWorkflowSearchAttributesEventAttributes || event.markerRecordedEventAttributes)).toEqual([]);
  expect(events.filter((event) => event.timerStartedEventAttributes)).toHaveLength(1);

  // The same campaign ID cannot start twice, and a second campaign run over the same plan finds every obligation running.
  await expect(env.client.workflow.start(campaignWorkflow, { taskQueue, workflowId: campaignWorkflowId('minimal'), args: [input] })).rejects.toThrow(
    WorkflowExecutionAlreadyStartedError,
  );
  const again = await env.client.workflow.start(campaignWorkflow, { taskQueue, workflowId: `${campaignWorkflowId('minimal')}-relaunch`, args: [input] });
  expect(await waitFor(() => again.query(campaignProgressQuery), (value) => value.phase === 'running')).toEqual({ phase: 'running', launched: 0, alreadyRunning: 4, total: 4 });
  await again.terminate('test done');
  await campaign.terminate('test done');
  for (const id of ids) await env.client.workflow.getHandle(id).terminate('test done');
});
