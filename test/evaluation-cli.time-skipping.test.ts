/**
 * `campaign evaluate` against a campaign running on a Temporal server (the time-skipping server,
 * rebased seed campaign at 2022-04-20): the interim ranking as a table and as an XLSX file, and
 * the CLI's refusals; `campaign simulate` refusing a bad behaviour file with its location.
 */
import { launched } from './support/poll';
import { createCampaignWorker } from '../workers/worker';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import nodemailer from 'nodemailer';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createActivities } from '../activities';
import { runCampaignCli } from '../cli/campaign';
import { loadCampaign } from '../config/definition/load';
import { evaluationRulesOf } from '../config/definition/schema';
import { rebaseOffset } from '../config/workflow-input';
import { ensureSearchAttributes } from '../workers/search-attributes';
import { campaignWorkflow } from '../workflows';
import type { Evaluation } from '../evaluation/score';
import { amendCampaignUpdate, type CampaignInput, campaignWorkflowId } from '../contracts/campaign';
import { reviewUpdate, submitUpdate } from '../contracts/obligation';
import { type MailCatcher, startMailCatcher } from './support/mail-catcher';
import { testServerPath, workflowBundle } from './support/temporal';

const root = path.join(__dirname, '..');
const seedFile = path.join(root, 'config/campaigns/zaozhuang-2022-ip-protection.yaml');
const taskQueue = 'evaluation-cli';
let env: TestWorkflowEnvironment;
let mail: MailCatcher;
let worker: Worker;
let workerRun: Promise<void>;
let directory: string;

beforeAll(async () => {
  directory = await mkdtemp(path.join(os.tmpdir(), 'evaluation-cli-'));
  mail = await startMailCatcher();
  env = await TestWorkflowEnvironment.createTimeSkipping({ server: { executable: { type: 'existing-path', path: testServerPath() } } });
  await ensureSearchAttributes(env.connection, 'default');
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port: mail.port, secure: false, ignoreTLS: true });
  worker = await createCampaignWorker({ namespace: 'default', connection: env.nativeConnection, taskQueue, workflowBundle: workflowBundle(), activities: createActivities({ transport, from: '知识产权保护科 <scjgbhk@zz.shandong.cn>', client: env.client }) });
  workerRun = worker.run();

  const { plan, definition } = loadCampaign(seedFile);
  const offset = rebaseOffset(plan, await env.currentTimeMs());
  const input: CampaignInput = { launch: { definition, taskQueue, timeOffsetMs: offset }, endsAt: plan.campaign.period.endsAt };
  const campaign = await env.client.workflow.start(campaignWorkflow, { taskQueue, workflowId: campaignWorkflowId(plan.campaign.id), args: [input] });
  await launched(campaign);
  const sleepUntilPlan = async (local: string) => env.sleep(Date.parse(`${local}:00+08:00`) + offset - (await env.currentTimeMs()));
  // Only 市中区 hands in its implementation measures (due 04-15); everyone else is late by 04-20.
  await sleepUntilPlan('2022-04-14T12:00');
  const measures = env.client.workflow.getHandle('zaozhuang-2022-ip-protection/shizhong/implementation-measures');
  await measures.executeUpdate(submitUpdate, { args: [{ unitId: 'shizhong', submittedBy: '市中区局', content: '落实措施' }] });
  await measures.executeUpdate(reviewUpdate, { args: [{ action: 'accept', reviewedBy: '知识产权保护科', reason: '' }] });
  await sleepUntilPlan('2022-04-20T18:00');
}, 120_000);

afterAll(async () => {
  worker?.shutdown();
  await workerRun;
  await env?.teardown();
  await mail?.close();
});

async function run(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCampaignCli(argv, { cwd: directory, env: { TEMPORAL_ADDRESS: env.address }, stdout: (text) => (stdout += text), stderr: (text) => (stderr += text) });
  return { code, stdout, stderr };
}

it('prints the interim ranking of a running campaign with every unit’s breakdown', async () => {
  const { code, stdout } = await run('evaluate', 'zaozhuang-2022-ip-protection');
  expect(code).toBe(0);
  expect(stdout).toContain('绩效考核 · 阶段性排名（截至 2022年4月20日 09:00）');
  expect(stdout).toMatch(/^第1名 +市中区市场监督管理局 +100 /m);
  expect(stdout).toMatch(/^并列第2名 +滕州市市场监督管理局 +91 /m);
  expect(stdout).toContain('  落实措施及实施方案：尚未报送，已逾期3个工作日  −3\n  落实措施及实施方案：督办升级至第2级（转督办）  −6');
});

it('writes the interim ranking as an XLSX workbook', async () => {
  const { code, stderr } = await run('evaluate', 'zaozhuang-2022-ip-protection', '--format', 'xlsx', '--out', 'ranking.xlsx');
  expect([code, stderr]).toEqual([0, 'ranking.xlsx：阶段性考核结果已写入\n']);
  const workbook = new ExcelJS.Workbook();
  const bytes = await readFile(path.join(directory, 'ranking.xlsx'));
  await workbook.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
  const summary = workbook.getWorksheet('汇总')!;
  expect([summary.getCell('A4').value, summary.getCell('B4').value, summary.getCell('C4').value]).toEqual(['第1名', '市中区市场监督管理局', 100]);
  expect([summary.getCell('A5').value, summary.getCell('C5').value]).toEqual(['并列第2名', 91]);
});

it('numbers the bulletin with --document-number, and leaves the number of a draft blank without it', async () => {
  const documentXml = async (file: string) => (await JSZip.loadAsync(await readFile(path.join(directory, file)))).file('word/document.xml')!.async('string');
  expect(await run('evaluate', 'zaozhuang-2022-ip-protection', '--format', 'docx', '--out', 'numbered.docx', '--document-number', '枣市监知保〔2022〕9号')).toMatchObject({ code: 0 });
  expect(await documentXml('numbered.docx')).toContain('>枣市监知保〔2022〕9号<');
  expect(await run('evaluate', 'zaozhuang-2022-ip-protection', '--format', 'docx', '--out', 'draft.docx')).toMatchObject({ code: 0 });
  expect(await documentXml('draft.docx')).toContain('>枣市监知保〔2022〕\u3000号<');
  expect(await run('evaluate', 'zaozhuang-2022-ip-protection', '--format', 'docx', '--out', 'bad.docx', '--document-number', '2022-9')).toEqual({
    code: 2,
    stdout: '',
    stderr: '--document-number: 发文字号应为“机关代字〔年份〕序号号”，如 枣市监知保〔2023〕2号，实际为 "2022-9"\n',
  });
  expect(await run('evaluate', 'zaozhuang-2022-ip-protection', '--document-number', '枣市监知保〔2022〕9号')).toEqual({ code: 2, stdout: '', stderr: '--document-number numbers the bulletin: use it with --format docx, not "table"\n' });
});

it('refuses what it cannot do, saying why', async () => {
  expect(await run('evaluate', 'zaozhuang-2022-ip-protection', '--format', 'docx')).toEqual({ code: 2, stdout: '', stderr: '--format docx writes a file: add --out FILE\n' });
  expect(await run('evaluate', 'no-such-campaign')).toEqual({ code: 3, stdout: '', stderr: 'campaign/no-such-campaign: no such campaign on this Temporal server\n' });
  await writeFile(path.join(directory, 'late.yaml'), 'units:\n  tengzhou:\n    implementation-measures: { submit: { workingDays: late } }\n');
  expect(await run('simulate', seedFile, '--behaviour', 'late.yaml')).toEqual({
    code: 1,
    stdout: '',
    stderr: 'late.yaml:3:55: units.tengzhou.implementation-measures.submit.workingDays: expected a whole number of working days, found "late"\n',
  });
});

it('scores with the definition as last amended', async () => {
  const { definition } = loadCampaign(seedFile);
  const rules = evaluationRulesOf(definition)!;
  const amended = { ...definition, evaluation: { ...rules, weights: { ...rules.weights, perWorkingDayLate: -2 } } };
  await env.client.workflow.getHandle(campaignWorkflowId('zaozhuang-2022-ip-protection')).executeUpdate(amendCampaignUpdate, { args: [{ by: '知识产权保护科', reason: '逾期加重扣分', definition: amended }] });
  const { code, stdout } = await run('evaluate', 'zaozhuang-2022-ip-protection', '--format', 'json');
  expect(code).toBe(0);
  const tengzhou = (JSON.parse(stdout) as Evaluation).units.find((unit) => unit.unit.id === 'tengzhou')!;
  expect(tengzhou.lines).toContainEqual({ obligationId: 'implementation-measures', text: '落实措施及实施方案：尚未报送，已逾期3个工作日', points: -6 });
  expect(tengzhou.score).toBe(88);
});
