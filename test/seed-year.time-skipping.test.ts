/**
 * The whole seed year in test time: the seed campaign (枣市监知保〔2022〕1号) launched on the
 * time-skipping server, rebased so that 2022-03-25 is the server's "now", with scripted units:
 * most submit every report on time; for the implementation measures due 2022-04-15, 滕州市 is
 * five working days late, 山亭区 never submits (and the supervisor takes every step of the
 * ladder), 薛城区 is returned for revision and resubmits. Real SMTP on loopback.
 */
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import JSZip from 'jszip';
import nodemailer from 'nodemailer';
import { mkdtemp, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createActivities } from '../activities';
import type { PlanInstance } from '../config/compile';
import { loadCampaign } from '../config/definition/load';
import { rebaseOffset, reschedule } from '../config/workflow-input';
import { ensureSearchAttributes } from '../workers/search-attributes';
import { campaignWorkflow } from '../workflows';
import {
  type CampaignInput,
  campaignProgressQuery,
  campaignWorkflowId,
  decideUpdate,
  type ObligationState,
  reportOccurrenceUpdate,
  reviewUpdate,
  submitUpdate,
  unitRecordsQuery,
} from '../workflows/contracts';
import { type MailCatcher, startMailCatcher } from './support/mail-catcher';
import { testServerPath, workflowBundle } from './support/temporal';

const taskQueue = 'seed-year';
const seedFile = path.join(__dirname, '../config/campaigns/zaozhuang-2022-ip-protection.yaml');
let env: TestWorkflowEnvironment;
let mail: MailCatcher;
let worker: Worker;
let workerRun: Promise<void>;
let noticesDir: string;

beforeAll(async () => {
  mail = await startMailCatcher();
  noticesDir = await mkdtemp(path.join(os.tmpdir(), 'seed-year-notices-'));
  env = await TestWorkflowEnvironment.createTimeSkipping({ server: { executable: { type: 'existing-path', path: testServerPath() } } });
  await ensureSearchAttributes(env.connection, 'default');
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port: mail.port, secure: false, ignoreTLS: true, pool: true, maxConnections: 5 });
  worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: workflowBundle(),
    activities: createActivities({ transport, from: '知识产权保护科 <scjgbhk@zz.shandong.cn>', client: env.client, noticesDir }),
  });
  workerRun = worker.run();
});

afterAll(async () => {
  worker?.shutdown();
  await workerRun;
  await env?.teardown();
  await mail?.close();
});

/** 2022-04-14 12:00 Beijing time as an ISO instant. */
const beijing = (localDateTime: string) => new Date(`${localDateTime}:00+08:00`).toISOString();
const dayBefore = (date: string) => new Date(Date.parse(`${date}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);

it('runs the seed year: every unit’s messages, escalations and final states as scripted', async () => {
  const { plan, definition } = loadCampaign(seedFile);
  const offset = rebaseOffset(plan, await env.currentTimeMs());
  const handleOf = (instance: PlanInstance) => env.client.workflow.getHandle(instance.id);
  const sleepUntilPlan = async (instant: string) => {
    const remaining = Date.parse(instant) + offset - (await env.currentTimeMs());
    if (remaining > 0) await env.sleep(remaining);
  };
  const byId = new Map(plan.instances.map((instance) => [instance.id, instance]));
  const instance = (unit: string, obligation: string) => byId.get(`${plan.campaign.id}/${unit}/${obligation}`)!;
  const submitAndAccept = async (target: PlanInstance) => {
    const handle = handleOf(target);
    if (target.schedule.count) {
      await handle.executeUpdate(reportOccurrenceUpdate, { args: [{ unitId: target.unitId, reportedBy: target.unitName, date: target.schedule.dueDate, evidence: { 说明: '已完成' } }] });
      return;
    }
    await handle.executeUpdate(submitUpdate, { args: [{ unitId: target.unitId, submittedBy: target.unitName, content: `${target.schedule.title}（${target.unitName}）` }] });
    await handle.executeUpdate(reviewUpdate, { args: [{ action: 'accept', reviewedBy: '知识产权保护科', reason: '' }] });
  };
  const decide = (target: PlanInstance, reason: string) =>
    handleOf(target).executeUpdate(decideUpdate, { args: [{ action: 'proceed', decidedBy: '知识产权保护科科长', reason }] });

  const scripted = new Set([
    instance('tengzhou', 'implementation-measures').id,
    instance('shanting', 'implementation-measures').id,
    instance('xuecheng', 'implementation-measures').id,
    instance('shanting', 'work-summary').id,
  ]);
  // Everyone else hands in the day before the deadline at noon, and is accepted at once.
  const actions: { at: string; run: () => Promise<unknown> }[] = plan.instances
    .filter((target) => !scripted.has(target.id) && !(target.schedule.count?.min === 0))
    .map((target) => ({ at: beijing(`${dayBefore(target.schedule.dueDate)} 12:00`), run: () => submitAndAccept(target) }));
  const xuecheng = instance('xuecheng', 'implementation-measures');
  const tengzhou = instance('tengzhou', 'implementation-measures');
  const shanting = instance('shanting', 'implementation-measures');
  actions.push(
    { at: beijing('2022-04-14 12:00'), run: () => handleOf(xuecheng).executeUpdate(submitUpdate, { args: [{ unitId: 'xuecheng', submittedBy: '薛城区局', content: '落实措施（初稿）' }] }) },
    { at: beijing('2022-04-15 10:00'), run: () => handleOf(xuecheng).executeUpdate(reviewUpdate, { args: [{ action: 'return', reviewedBy: '知识产权保护科', reason: '请补充实施方案', schedule: reschedule(definition, xuecheng, '2022-04-22') }] }) },
    { at: beijing('2022-04-21 12:00'), run: () => submitAndAccept(xuecheng) },
    // 滕州市: five working days late (04-15 → 04-22), after the ladder reached the supervisors.
    { at: beijing('2022-04-22 12:00'), run: () => submitAndAccept(tengzhou) },
    // 山亭区 never submits; the supervisor takes each step the day it comes up.
    { at: beijing('2022-04-22 12:00'), run: () => decide(shanting, '逾期未报送落实措施') },
    { at: beijing('2022-04-29 12:00'), run: () => decide(shanting, '督办后仍未报送') },
    { at: beijing('2022-05-09 12:00'), run: () => decide(shanting, '约谈后仍未报送') },
  );
  actions.sort((a, b) => a.at.localeCompare(b.at));

  const input: CampaignInput = { launch: { definition, taskQueue, timeOffsetMs: offset }, endsAt: plan.campaign.period.endsAt };
  const campaign = await env.client.workflow.start(campaignWorkflow, { taskQueue, workflowId: campaignWorkflowId(plan.campaign.id), args: [input] });
  for (;;) {
    const progress = await campaign.query(campaignProgressQuery);
    if (progress.phase !== 'launching') break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  for (const action of actions) {
    await sleepUntilPlan(action.at);
    await action.run();
  }
  expect(await campaign.result()).toEqual({ phase: 'ended', launched: 193, alreadyRunning: 0, total: 193 });

  const states = new Map<string, ObligationState>();
  for (const target of plan.instances) states.set(target.id, await handleOf(target).result());
  const keysSent = (target: PlanInstance) =>
    states.get(target.id)!.history.filter((entry) => entry.event === 'message-sent').map((entry) => `${entry.at.slice(0, 16)} ${/（([^）]+)）→/.exec(entry.detail)?.[1]}`);

  // 滕州市: three reminders, the overdue notice, the supervisors' inbox, the decision request; then its late submission stops the ladder.
  expect(keysSent(tengzhou)).toEqual([
    '2022-03-31T01:00 reminder-10wd',
    '2022-04-12T01:00 reminder-3wd',
    '2022-04-14T01:00 reminder-1wd',
    '2022-04-18T01:00 escalation-1-overdue-notice',
    '2022-04-20T01:00 escalation-2-supervisor-inbox',
    '2022-04-22T01:00 escalation-3-supervision-notice-decision',
    '2022-04-22T04:00 review-1',
  ]);
  expect(states.get(tengzhou.id)).toMatchObject({ status: 'accepted', escalationLevel: 2 });

  // 山亭区: the whole ladder, each decided step taken, up to public criticism.
  expect(keysSent(shanting)).toEqual([
    '2022-03-31T01:00 reminder-10wd',
    '2022-04-12T01:00 reminder-3wd',
    '2022-04-14T01:00 reminder-1wd',
    '2022-04-18T01:00 escalation-1-overdue-notice',
    '2022-04-20T01:00 escalation-2-supervisor-inbox',
    '2022-04-22T01:00 escalation-3-supervision-notice-decision',
    '2022-04-22T04:00 escalation-3-supervision-notice',
    '2022-04-28T01:00 escalation-4-interview-decision',
    '2022-04-29T04:00 escalation-4-interview',
    '2022-05-09T01:00 escalation-5-public-criticism-decision',
    '2022-05-09T04:00 escalation-5-public-criticism',
  ]);
  expect(states.get(shanting.id)).toMatchObject({ status: 'closed', escalationLevel: 5 });

  // 薛城区: returned on 04-15 with a new deadline of 04-22; reminded for it, resubmitted, accepted.
  expect(keysSent(xuecheng)).toEqual([
    '2022-03-31T01:00 reminder-10wd',
    '2022-04-12T01:00 reminder-3wd',
    '2022-04-14T01:00 reminder-1wd',
    '2022-04-15T02:00 review-1',
    '2022-04-19T01:00 reminder-3wd-20220422',
    '2022-04-21T01:00 reminder-1wd-20220422',
    '2022-04-21T04:00 review-2',
  ]);
  expect(states.get(xuecheng.id)).toMatchObject({ status: 'accepted', returns: 1 });

  // The notices as the units and supervisors read them.
  const shantingMail = mail.mailsTo('shanting-ip@example.gov.cn').map((message) => message.subject);
  expect(shantingMail).toEqual(expect.arrayContaining([
    '【督办通知】山亭区市场监督管理局：落实措施及实施方案',
    '【约谈通知】山亭区市场监督管理局：落实措施及实施方案',
    '【通报】关于山亭区市场监督管理局“落实措施及实施方案”落实不力的通报',
  ]));
  const supervision = mail.mailsTo('shanting-ip@example.gov.cn').find((message) => message.subject.startsWith('【督办通知】'))!;
  expect(supervision.text).toContain('贵单位未按《全市知识产权行政保护能力提升年活动方案》（枣市监知保〔2022〕1号）要求于2022年4月15日 17:30前报送“落实措施及实施方案”，已逾期5个工作日。');
  expect(supervision.to).toEqual(expect.arrayContaining(['shanting-ip@example.gov.cn', 'shanting-liaison@example.gov.cn', 'ip-section-head@example.gov.cn']));

  // The notices as a government office prints them: DOCX attached, and a copy kept for the record.
  const [attachment] = supervision.attachments;
  expect(attachment?.filename).toBe('督办通知-山亭区市场监督管理局-2022-04-22.docx');
  const documentXml = await (await JSZip.loadAsync(attachment!.content)).file('word/document.xml')!.async('string');
  expect(documentXml).toContain('关于督促山亭区市场监督管理局落实“落实措施及实施方案”的督办通知');
  expect(documentXml).toContain('已逾期5个工作日');
  expect(documentXml).toContain('2022年4月22日');
  expect(await readFile(path.join(noticesDir, 'zaozhuang-2022-ip-protection', 'shanting', attachment!.filename))).toEqual(attachment!.content);
  const bulletin = mail.mailsTo('shanting-ip@example.gov.cn').find((message) => message.subject.startsWith('【通报】'))!;
  expect(bulletin.attachments.map((file) => file.filename)).toEqual(['通报-山亭区市场监督管理局-2022-05-09.docx']);

  // The campaign keeps each unit's record: what the ladder did to 山亭区 (two reports
  // overdue, one ladder to the end) and 滕州市.
  const records = new Map((await campaign.query(unitRecordsQuery)).map((record) => [record.unit.id, record]));
  expect(records.get('shanting')).toMatchObject({ overdueCount: 2, supervisionNotices: 1, interviews: 1, criticisms: 1, onCriticismList: true, pending: [] });
  expect(records.get('tengzhou')).toMatchObject({ overdueCount: 1, supervisionNotices: 0, interviews: 0, criticisms: 0, onCriticismList: false });
  expect(records.has('xuecheng')).toBe(false); // returned, never overdue: nothing on its record

  // Final states: 175 reports, of which 173 accepted and 山亭区's two closed unanswered; 18 count
  // obligations (7 of them the information-report channel), every one with its minimum met.
  const finals = new Map<string, number>();
  for (const [id, state] of states) {
    const key = id.includes('/information-reports') ? `information-reports:${state.status}` : id === instance('shanting', 'work-summary').id || id === shanting.id ? `shanting:${state.status}` : state.status;
    finals.set(key, (finals.get(key) ?? 0) + 1);
  }
  expect(Object.fromEntries(finals)).toEqual({ accepted: 173, 'target-met': 11, 'information-reports:target-met': 7, 'shanting:closed': 2 });
}, 300_000);
