/**
 * The campaign engine on the real Temporal cluster (frontend, history, matching and worker
 * processes on PostgreSQL, 8 history shards, SQL visibility) with two campaign worker processes
 * on one task queue: the seed campaign launched with `campaign start`, every obligation started
 * once and found by its search attributes, the first tasks shared by both workers; and one
 * obligation through its whole ladder in real time, a supervisor's decision taking the last step.
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { runCampaignCli } from '../cli/campaign';
import { loadCampaign } from '../config/definition/load';
import { obligationInput } from '../config/workflow-input';
import { campaignProgressQuery } from '../contracts/campaign';
import { decideUpdate, type ObligationInstance, type ObligationState, stateQuery } from '../contracts/obligation';
import { initialSearchAttributes } from '../contracts/search-attributes';
import { type ClusterApp, eventually, startClusterApp } from './support/cluster-stack';

const projectDir = path.resolve(__dirname, '..');
let app: ClusterApp;

beforeAll(async () => {
  app = await startClusterApp({ taskQueue: `campaign-${randomUUID().slice(0, 8)}`, workers: 2 });
}, 180_000);
afterAll(() => app?.stop());

async function idsOf(query: string): Promise<string[]> {
  const ids: string[] = [];
  for await (const execution of app.client.workflow.list({ query })) ids.push(execution.workflowId);
  return ids.sort();
}

it('launches the seed campaign with `campaign start`: every obligation started once, found by its search attributes, run by both workers', async () => {
  const output = { stdout: '', stderr: '' };
  const seed = 'config/campaigns/zaozhuang-2022-ip-protection.yaml';
  const io = { cwd: projectDir, env: { TEMPORAL_ADDRESS: app.address, TEMPORAL_TASK_QUEUE: app.taskQueue }, stdout: (text: string) => (output.stdout += text), stderr: (text: string) => (output.stderr += text) };
  expect(await runCampaignCli(['start', seed, '--rebase-to', 'now'], io)).toBe(0);
  const { plan } = loadCampaign(path.join(projectDir, seed));
  const total = plan.instances.length;
  expect(output.stdout).toContain(`${total} obligations started, 0 already running; phase running`);

  const campaignId = plan.campaign.id;
  const campaign = app.client.workflow.getHandle(`campaign/${campaignId}`);
  expect(await campaign.query(campaignProgressQuery)).toEqual({ phase: 'running', launched: total, alreadyRunning: 0, total });
  // Visibility on PostgreSQL is written after the start, by the history service's transfer queue.
  const started = await eventually(() => idsOf(`CampaignId = "${campaignId}" AND WorkflowType = "obligationWorkflow"`), (ids) => ids.length >= total, 'every obligation visible');
  expect(started).toEqual(plan.instances.map((instance) => instance.id).sort());
  const tengzhou = plan.instances.filter((instance) => instance.unitId === 'tengzhou').map((instance) => instance.id).sort();
  expect(await idsOf(`CampaignId = "${campaignId}" AND UnitId = "tengzhou" AND ObligationStatus IN ("open", "target-met")`)).toEqual(tengzhou);
  expect((await app.client.workflow.count(`CampaignId = "${campaignId}" AND EscalationLevel = 0 AND DueAt > "2000-01-01T00:00:00Z"`)).count).toBe(total);

  // The obligations' first workflow tasks were taken by both worker processes.
  const identities = new Set<string>();
  for (const id of started) {
    const history = await app.client.workflow.getHandle(id).fetchHistory();
    const first = history.events?.find((event) => event.workflowTaskStartedEventAttributes);
    identities.add(first?.workflowTaskStartedEventAttributes?.identity ?? 'none');
  }
  // (pid@host of the node process under each worker's tsx; 'none' would be an obligation that never ran.)
  expect([...identities].filter((identity) => /^\d+@/.test(identity))).toHaveLength(2);

  await campaign.terminate('test done');
  for (const id of started) await app.client.workflow.getHandle(id).terminate('test done');
});

/** 落实措施 of 滕州市 from the minimal plan, its reminders and ladder steps moved to the next seconds, 2.5 s apart. */
function compressedLadder(campaignId: string, startsAtMs: number): ObligationInstance {
  const { plan, definition } = loadCampaign(path.join(__dirname, 'fixtures/minimal-campaign.yaml'));
  const input = obligationInput(plan, definition, plan.instances.find((instance) => instance.id === 'minimal/tengzhou/measures')!);
  const at = (step: number) => new Date(startsAtMs + step * 2_500).toISOString();
  const messages = [...input.messages].sort((a, b) => a.at.localeCompare(b.at)).map((message, index) => ({ ...message, at: at(index + 1) }));
  const reminders = messages.filter((message) => message.level === undefined).length;
  return { ...input, campaign: { ...input.campaign, id: campaignId }, messages, dueAt: at(reminders + 0.5), closesAt: at(messages.length + 2), catchUpFromExecutionStart: true };
}

it('runs an obligation through its ladder in real time: reminders, overdue notice, the supervision step after a supervisor decides, each message once', async () => {
  const campaignId = `ladder-${randomUUID().slice(0, 8)}`;
  const instance = compressedLadder(campaignId, Date.now() + 2_000);
  expect(instance.messages.map((message) => [message.kind, message.level ?? 0, message.requiresDecision ?? false])).toEqual([
    ['reminder', 0, false],
    ['reminder', 0, false],
    ['overdue-notice', 1, false],
    ['supervision-notice', 2, true],
  ]);
  const workflowId = `${campaignId}/tengzhou/measures`;
  const handle = await app.client.workflow.start('obligationWorkflow', { taskQueue: app.taskQueue, workflowId, args: [instance], typedSearchAttributes: initialSearchAttributes(instance) });

  const waiting = await eventually(() => handle.query(stateQuery), (state) => state.status === 'awaiting-decision', 'the supervision step waits for a decision', 60_000);
  expect(waiting.escalationLevel).toBe(1);
  expect(await eventually(() => idsOf(`CampaignId = "${campaignId}" AND ObligationStatus = "awaiting-decision"`), (ids) => ids.length === 1, 'the inbox query finds it')).toEqual([workflowId]);
  await handle.executeUpdate(decideUpdate, { args: [{ action: 'proceed', decidedBy: '知识产权保护科科长', reason: '逾期未报送' }] });
  const state: ObligationState = await handle.result();

  expect(state).toMatchObject({ status: 'closed', escalationLevel: 2 });
  expect(app.mail.mailsTo('tengzhou@example.gov.cn').map((mail) => mail.subject)).toEqual(['【提醒】落实措施', '【提醒】落实措施', '【逾期】落实措施']);
  const supervisors = await app.mail.waitForMails('head@example.gov.cn', 2);
  expect(supervisors.map((mail) => [mail.subject, mail.messageId])).toEqual([
    ['【转督办】落实措施', `<${campaignId}.tengzhou.measures.escalation-2-supervision-notice-decision@example.gov.cn>`],
    ['督办通知', `<${campaignId}.tengzhou.measures.escalation-2-supervision-notice@example.gov.cn>`],
  ]);
  const messageIds = app.mail.mails.map((mail) => mail.messageId);
  expect(new Set(messageIds).size).toBe(messageIds.length);
  expect(state.history.map((entry) => entry.event)).toEqual(expect.arrayContaining(['overdue', 'escalated', 'awaiting-decision', 'decided']));
});
