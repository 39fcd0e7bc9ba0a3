/**
 * Obligations launched by a campaign carry no copy of the templates: the delivery activity reads
 * them from the campaign (its definition query) and keeps them a few minutes per worker process,
 * so an amended template reaches the messages within that time. The campaign runs on the
 * time-skipping server; the worker's clock for the cache is the test's.
 */
import { launched as launchDone } from './support/poll';
import path from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { campaignTemplates } from '../activities/templates';
import { loadCampaign } from '../config/definition/load';
import { obligationInput, rebaseOffset } from '../config/workflow-input';
import { campaignWorkflow } from '../workflows';
import { amendCampaignUpdate, type CampaignInput, campaignWorkflowId } from '../contracts/campaign';
import type { MailCatcher } from './support/mail-catcher';
import { startTestStack, type TestStack } from './support/test-stack';

const taskQueue = 'campaign-templates';
let env: TestWorkflowEnvironment;
let mail: MailCatcher;
let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack({ taskQueue, from: 'section@example.gov.cn' });
  ({ env, mail } = stack);
});

afterAll(async () => {
  await stack?.stop();
});

it('reads the templates from the campaign, not from each obligation, and sees an amendment once its copy is old', async () => {
  const { plan, definition } = loadCampaign(path.join(__dirname, 'fixtures/minimal-campaign.yaml'));
  const workflowId = campaignWorkflowId('minimal');
  // What the launch gives each obligation: no templates of its own, where to read them.
  const launched = obligationInput(plan, definition, plan.instances[0]!, { campaignWorkflowId: workflowId });
  expect(launched.templates).toBeUndefined();
  expect(launched.templatesFromCampaign).toBe(true);

  const input: CampaignInput = { launch: { definition, taskQueue, timeOffsetMs: rebaseOffset(plan, await env.currentTimeMs()) }, endsAt: plan.campaign.period.endsAt };
  const campaign = await env.client.workflow.start(campaignWorkflow, { taskQueue, workflowId, args: [input] });
  await launchDone(campaign);

  let clock = 0;
  const templates = campaignTemplates(env.client, 60_000, () => clock);
  expect(await templates.of(workflowId, 'reminder')).toEqual(definition.messages.reminder);
  expect(await templates.of(workflowId, 'praise')).toEqual(definition.messages.praise);

  const amended = { ...definition, messages: { ...definition.messages, reminder: { subject: '【再次提醒】{{obligation}}', text: '{{unit}}：请于{{due}}前报送。' } } };
  await campaign.executeUpdate(amendCampaignUpdate, { args: [{ by: '管理员', reason: '修改提醒措辞', definition: amended }] });
  clock += 59_000;
  expect((await templates.of(workflowId, 'reminder'))?.subject).toBe('【提醒】{{obligation}}'); // still the copy it read
  clock += 2_000;
  expect((await templates.of(workflowId, 'reminder'))?.subject).toBe('【再次提醒】{{obligation}}');

  // The 3-working-day reminder of 04-12 (the first after the launch) goes out with the amended subject.
  await env.sleep(Date.parse('2022-04-12T02:00:00Z') - Date.parse(plan.campaign.period.startsAt));
  const [reminder] = await mail.waitForMails('tengzhou@example.gov.cn', 1);
  expect(reminder!.subject).toBe('【再次提醒】落实措施');
  await campaign.terminate('test done');
  for (const instance of plan.instances) await env.client.workflow.getHandle(instance.id).terminate('test done');
});
