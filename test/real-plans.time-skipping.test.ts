/**
 * The constructs of real plans as they run, on the time-skipping server with a real SMTP server:
 * a lead whose cooperating unit is late (its part escalates on its own ladder; the lead's reminder
 * says how its cooperating units stand, the lead's own item is not touched), and a yearly count
 * with a cumulative target (the second year's reminder says what is missing for the year and for
 * the total). A two-year campaign (2022-03-25 … 2023-12-31) on the minimal fixture's units.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadCampaign } from '../config/definition/load';
import { rebaseOffset } from '../config/workflow-input';
import { type CampaignInput, campaignWorkflowId } from '../contracts/campaign';
import { reportOccurrenceUpdate, stateQuery, submitUpdate } from '../contracts/obligation';
import { campaignWorkflow } from '../workflows';
import { launched } from './support/poll';
import { startTestStack, type TestStack } from './support/test-stack';

const taskQueue = 'real-plans';
let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack({ taskQueue });
});
afterAll(async () => {
  await stack?.stop();
});

/** The minimal campaign over two years, its obligations replaced by a joint report and a yearly count. */
function twoYearDefinition(file: string): string {
  const base = readFileSync(path.join(__dirname, 'fixtures/minimal-campaign.yaml'), 'utf8');
  const head = base.slice(0, base.indexOf('obligations:')).replace('period: { start: 2022-03-25, end: 2022-12-31 }', 'period: { start: 2022-03-25, end: 2023-12-31 }').replace('id: minimal', `id: ${file}`);
  return `${head}obligations:
  # "滕州市牵头，薛城区配合": 薛城区's part is due 3 working days before 滕州市's report.
  - { id: joint-report, title: 联合调研报告, measure: 三(一), lead: tengzhou, cooperating: [xuecheng], contribution: { workingDaysBefore: 3 }, kind: submission, due: { date: 2022-06-30 } }
  # "每年新建2家，到2023年底累计不少于3家".
  - { id: sites, title: 示范点创建, measure: 三(二), assignees: [tengzhou], kind: count, min: 2, perPeriod: year, cumulative: { min: 3, by: 2023-12-31 }, evidence: [创建情况] }
`;
}

it('runs a lead with a late cooperating unit and a yearly count toward its cumulative target', async () => {
  const { env, mail } = stack;
  const id = 'joint';
  const file = path.join(__dirname, 'fixtures/minimal-campaign.yaml');
  const loaded = loadCampaign(file, { readFile: (name) => (name === file ? twoYearDefinition(id) : readFileSync(name, 'utf8')) });
  expect(loaded.plan.instances.map((instance) => instance.id).sort()).toEqual(['joint/tengzhou/joint-report', 'joint/tengzhou/sites@2022', 'joint/tengzhou/sites@2023', 'joint/xuecheng/joint-report.contribution']);
  const offset = rebaseOffset(loaded.plan, await env.currentTimeMs());
  const input: CampaignInput = { launch: { definition: loaded.definition, taskQueue, timeOffsetMs: offset }, endsAt: loaded.plan.campaign.period.endsAt };
  const campaign = await env.client.workflow.start(campaignWorkflow, { taskQueue, workflowId: campaignWorkflowId(id), args: [input] });
  await launched(campaign);
  stack.started.push(campaignWorkflowId(id), ...loaded.plan.instances.map((instance) => instance.id));
  const until = async (beijing: string) => {
    const remaining = Date.parse(`${beijing}:00+08:00`) + offset - (await env.currentTimeMs());
    if (remaining > 0) await env.sleep(remaining);
  };
  const handle = (unitId: string, obligationId: string) => env.client.workflow.getHandle(`${id}/${unitId}/${obligationId}`);

  // 薛城区's part was due 2022-06-27 17:30 (3 working days before 06-30) and never came: it escalates on its own.
  await until('2022-06-29 12:00');
  const contribution = await handle('xuecheng', 'joint-report.contribution').query(stateQuery);
  expect(contribution).toMatchObject({ status: 'overdue', escalationLevel: 1, dueAt: '2022-06-27T09:30:00.000Z' });
  expect(mail.mailsTo('xuecheng@example.gov.cn').map((message) => message.subject)).toEqual(['【提醒】联合调研报告（配合）', '【提醒】联合调研报告（配合）', '【逾期】联合调研报告（配合）']);
  // 滕州市's own reminder (1 working day before 06-30) says how its cooperating unit stands; its item is not late.
  await until('2022-06-29 10:00');
  const leadReminders = mail.mailsTo('tengzhou@example.gov.cn').filter((message) => message.subject === '【提醒】联合调研报告');
  expect(leadReminders.at(-1)!.text).toContain('配合单位：薛城区市场监督管理局（尚未报送）。');
  expect((await handle('tengzhou', 'joint-report').query(stateQuery)).status).toBe('open');
  await handle('tengzhou', 'joint-report').executeUpdate(submitUpdate, { args: [{ unitId: 'tengzhou', submittedBy: '滕州市局', content: '联合调研报告（滕州市牵头）' }] });

  // One site created in 2022: the year's minimum of 2 is missed; 2023's reminders count the total so far.
  await handle('tengzhou', 'sites@2022').executeUpdate(reportOccurrenceUpdate, { args: [{ unitId: 'tengzhou', reportedBy: '滕州市局', date: '2022-06-29', evidence: { 创建情况: '第一家示范点' } }] });
  await until('2023-12-29 12:00');
  const countReminders = mail.mailsTo('tengzhou@example.gov.cn').filter((message) => message.subject === '【提醒】示范点创建（2023年）');
  expect(countReminders.length).toBeGreaterThan(0);
  expect(countReminders.at(-1)!.text).toContain('方案要求至少2次，目前已报告0次，尚差2次。到2023年12月31日累计不少于3次，目前累计1次，尚差2次。');
}, 120_000);
