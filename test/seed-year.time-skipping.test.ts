/**
 * The whole seed year in test time: the seed campaign (枣市监知保〔2022〕1号) launched on the
 * time-skipping server, rebased so that 2022-03-25 is the server's "now", with scripted units:
 * most submit every report on time; for the implementation measures due 2022-04-15, 滕州市 is
 * five working days late, 山亭区 never submits (and the supervisor takes every step of the
 * ladder), 薛城区 is returned for revision and resubmits. Real SMTP on loopback. Every unit's
 * messages, as they arrived, are compared with test/golden/seed-year.messages.txt; regenerate it
 * after a reviewed change with UPDATE_GOLDEN=1 npx jest test/seed-year.time-skipping.test.ts
 */
import { createCampaignWorker } from '../workers/worker';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import JSZip from 'jszip';
import nodemailer from 'nodemailer';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createActivities } from '../activities';
import { folderNoticeKeeper } from '../activities/notices';
import { buildMessageId } from '../activities/email';
import type { Plan, PlanInstance } from '../config/compile';
import type { Definition } from '../config/definition/schema';
import { loadCampaign } from '../config/definition/load';
import { obligationInput, rebaseOffset, reschedule } from '../config/workflow-input';
import { ensureSearchAttributes } from '../workers/search-attributes';
import { campaignWorkflow } from '../workflows';
import { type CampaignInput, campaignProgressQuery, campaignWorkflowId, type UnitRecord, unitRecordsQuery } from '../contracts/campaign';
import { decideUpdate, type ObligationState, reportOccurrenceUpdate, reviewUpdate, submitUpdate } from '../contracts/obligation';
import { type CaughtMail, type MailCatcher, startMailCatcher } from './support/mail-catcher';
import { testServerPath, workflowBundle } from './support/temporal';

const taskQueue = 'seed-year';
const from = '知识产权保护科 <scjgbhk@zz.shandong.cn>';
/** Every unit's messages as they arrived at the SMTP server; regenerate after a reviewed change with UPDATE_GOLDEN=1 npx jest test/seed-year. */
const goldenMessages = path.join(__dirname, 'golden/seed-year.messages.txt');
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
  worker = await createCampaignWorker({
    namespace: 'default',
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: workflowBundle(),
    activities: createActivities({ transport, from, client: env.client, notices: folderNoticeKeeper(noticesDir) }),
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
  expect(attachment?.filename).toBe('督办通知-山亭区市场监督管理局-落实措施及实施方案-2022-04-22.docx');
  const documentXml = await (await JSZip.loadAsync(attachment!.content)).file('word/document.xml')!.async('string');
  // The title is set in two lines (activities/document-title.ts): its text runs joined, without the XML.
  expect(documentXml.replace(/<[^>]+>/g, '')).toContain('关于督促山亭区市场监督管理局落实“落实措施及实施方案”的督办通知');
  expect(documentXml).toContain('已逾期5个工作日');
  expect(documentXml).toContain('2022年4月22日');
  expect(await readFile(path.join(noticesDir, 'zaozhuang-2022-ip-protection', 'shanting', attachment!.filename))).toEqual(attachment!.content);
  const bulletin = mail.mailsTo('shanting-ip@example.gov.cn').find((message) => message.subject.startsWith('【通报】'))!;
  expect(bulletin.attachments.map((file) => file.filename)).toEqual(['通报-山亭区市场监督管理局-落实措施及实施方案-2022-05-09.docx']);
  // Every notice keeps a file of its own: none overwrote another in the unit's folder.
  for (const unit of plan.instances.map((target) => target.unitId).filter((id, index, ids) => ids.indexOf(id) === index)) {
    const addresses = new Set(plan.instances.find((target) => target.unitId === unit)!.recipients['unit-contacts']);
    const received = mail.mails.filter((message) => message.to.some((address) => addresses.has(address))).flatMap((message) => message.attachments);
    const kept = await readdir(path.join(noticesDir, 'zaozhuang-2022-ip-protection', unit)).catch(() => [] as string[]);
    expect(kept.sort()).toEqual([...new Set(received.map((file) => file.filename))].sort());
    expect(kept).toHaveLength(received.length);
  }

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

  // Per unit, every message received, as the SMTP server saw it (To, Cc, subject), at the plan
  // time its workflow recorded sending it: joined by the Message-ID built from the event.
  const sequence = messageSequence(plan, definition, states, [...records.values()], mail.mails);
  expect(sequence.unmatchedMails).toEqual([]);
  expect(sequence.unmatchedRecords).toEqual([]);
  if (process.env.UPDATE_GOLDEN === '1') writeFileSync(goldenMessages, sequence.text);
  expect(existsSync(goldenMessages)).toBe(true);
  expect(sequence.text).toBe(readFileSync(goldenMessages, 'utf8'));
}, 300_000);

const beijingMinute = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });

interface SentRecord {
  unitId: string;
  at: string;
  kind: string;
  messageId: string;
  /** For a stable order of messages sent in the same minute. */
  source: string;
  key: string;
}

/**
 * Joins the caught mail with the workflows' records of what they sent: each record's event key
 * gives the Message-ID (activities/email.ts `buildMessageId`), the record its plan time, the
 * plan the message kind. The text lists, per unit, every message in plan-time order.
 */
function messageSequence(plan: Plan, definition: Definition, states: Map<string, ObligationState>, records: UnitRecord[], mails: CaughtMail[]) {
  const sent: SentRecord[] = [];
  const keyOf = (detail: string) => /（([^）]+)）→/.exec(detail)?.[1] ?? '?';
  for (const instance of plan.instances) {
    const planned = new Map(obligationInput(plan, definition, instance).messages.map((message) => [message.key, message.kind]));
    for (const entry of states.get(instance.id)!.history.filter((candidate) => candidate.event === 'message-sent')) {
      const key = keyOf(entry.detail);
      sent.push({ unitId: instance.unitId, at: entry.at, kind: obligationMessageKind(key, planned), messageId: buildMessageId(`${instance.id}/${key}`, from), source: instance.id, key });
    }
  }
  const campaignId = campaignWorkflowId(plan.campaign.id);
  for (const record of records) {
    for (const entry of record.history.filter((candidate) => candidate.event === 'message-sent')) {
      const key = keyOf(entry.detail);
      sent.push({ unitId: record.unit.id, at: entry.at, kind: unitMessageKind(key, definition), messageId: buildMessageId(`${campaignId}/${record.unit.id}/${key}`, from), source: campaignId, key });
    }
  }
  const byMessageId = new Map(mails.map((message) => [message.messageId, message]));
  const recorded = new Set(sent.map((entry) => entry.messageId));
  const unitNames = new Map(plan.instances.map((instance) => [instance.unitId, instance.unitName]));
  const lines = [
    '# The seed year as scripted in test/seed-year.time-skipping.test.ts: every message, by the unit it is about,',
    '# as the SMTP server received it. Plan time (Beijing) | kind | To | Cc | subject',
    '',
  ];
  for (const unitId of [...new Set(plan.instances.map((instance) => instance.unitId))]) {
    // By the minute: messages of one moment go out in parallel and finish in any order.
    const own = sent
      .filter((entry) => entry.unitId === unitId)
      .map((entry) => ({ ...entry, minute: beijingMinute.format(new Date(entry.at)) }))
      .sort((a, b) => a.minute.localeCompare(b.minute) || a.source.localeCompare(b.source) || a.key.localeCompare(b.key));
    lines.push(`## ${unitNames.get(unitId)} (${unitId}): ${own.length} messages`);
    for (const entry of own) {
      const message = byMessageId.get(entry.messageId);
      if (!message) continue;
      const to = message.to.filter((address) => !message.cc.includes(address));
      lines.push([entry.minute, entry.kind, `to=${to.join(',')}`, `cc=${message.cc.join(',')}`, message.subject].join(' | '));
    }
    lines.push('');
  }
  return {
    text: lines.join('\n'),
    unmatchedMails: mails.filter((message) => !recorded.has(message.messageId)).map((message) => `${message.messageId} ${message.subject}`),
    unmatchedRecords: sent.filter((entry) => !byMessageId.has(entry.messageId)).map((entry) => `${entry.source} ${entry.key}`),
  };
}

/** The kind of an obligation's message by its key: a planned step (or its rescheduled copy, `-YYYYMMDD`), a decision request or its reminders, a review's verdict. */
function obligationMessageKind(key: string, planned: Map<string, string>): string {
  if (/-decision(-\d+)?$/.test(key)) return 'escalated';
  if (/^review-\d+$/.test(key)) return 'review-result';
  return planned.get(key) ?? planned.get(key.replace(/-\d{8}$/, '')) ?? '?';
}

/** The kind of a message of the unit's record (workflows/campaign.ts): a rule's step or its decision request, a supervisor's action. */
function unitMessageKind(key: string, definition: Definition): string {
  if (/-decision$/.test(key)) return 'escalated';
  const rule = definition.escalation.rules.find((candidate) => key === `rule-${candidate.id}`);
  if (rule) return definition.escalation.levels.find((level) => level.id === rule.escalateTo)?.message ?? '?';
  const actions: Record<string, string> = { interview: 'interview-notice', criticize: 'criticism-bulletin', praise: 'praise' };
  return actions[key.replace(/-\d+$/, '')] ?? '?';
}
