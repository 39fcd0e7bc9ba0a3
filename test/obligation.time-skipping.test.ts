/**
 * One obligation on the time-skipping test server, with a real SMTP server on loopback: the
 * ten days to the deadline pass in seconds, and the tests read the mail that arrived.
 */
import { createCampaignWorker } from '../workers/worker';
import { randomUUID } from 'node:crypto';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import nodemailer from 'nodemailer';
import { createActivities } from '../activities';
import { formatChineseDateTime } from '../activities/messages';
import { ensureSearchAttributes } from '../workers/search-attributes';
import { obligationWorkflow } from '../workflows';
import { type ObligationInstance, obligationWorkflowId, stateQuery, submitUpdate } from '../contracts/obligation';
import { implementationMeasures } from './support/instances';
import { type MailCatcher, startMailCatcher } from './support/mail-catcher';
import { testServerPath, workflowBundle } from './support/temporal';

const taskQueue = 'obligations-time-skipping';
const rejectedAddress = 'no-such-mailbox@example.gov.cn';
let env: TestWorkflowEnvironment;
let mail: MailCatcher;
let worker: Worker;
let workerRun: Promise<void>;

beforeAll(async () => {
  mail = await startMailCatcher({ rejectRecipients: [rejectedAddress] });
  env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: testServerPath() } },
  });
  await ensureSearchAttributes(env.connection, env.namespace ?? 'default');
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port: mail.port, secure: false, ignoreTLS: true });
  worker = await createCampaignWorker({
    namespace: 'default',
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: workflowBundle(),
    activities: createActivities({ transport, from: '知识产权保护科 <zscqbhk@zaozhuang.example.gov.cn>' }),
  });
  workerRun = worker.run();
});

afterAll(async () => {
  worker?.shutdown();
  await workerRun;
  await env?.teardown();
  await mail?.close();
});

/** A fresh mailbox per test, so tests never read each other's mail. */
const mailbox = () => `tengzhou-${randomUUID().slice(0, 8)}@example.gov.cn`;

async function startObligation(instance: ObligationInstance) {
  return env.client.workflow.start(obligationWorkflow, {
    taskQueue,
    workflowId: obligationWorkflowId(`${instance.campaign.id}-${randomUUID().slice(0, 8)}`, instance.unit.id, instance.obligation.id),
    args: [instance],
  });
}

describe('one obligation with a deadline', () => {
  it('reminds 滕州市 3 days and 1 day before the deadline, then sends the overdue notice, in that order', async () => {
    const address = mailbox();
    const instance = implementationMeasures(await env.currentTimeMs(), address);
    const handle = await startObligation(instance);

    const state = await handle.result();
    const mails = await mail.waitForMails(address, 3);

    const due = formatChineseDateTime(instance.dueAt);
    expect(mails.map((message) => message.subject)).toEqual([
      `【提醒】落实措施将于${due}截止（滕州市市场监督管理局）`,
      `【提醒】落实措施将于${due}截止（滕州市市场监督管理局）`,
      '【逾期提醒】落实措施已逾期（滕州市市场监督管理局）',
    ]);
    expect(mails.map((message) => message.to)).toEqual([[address], [address], [address]]);
    expect(mails[0]!.text).toContain('滕州市市场监督管理局：');
    expect(mails[0]!.text).toContain(`根据《枣庄市知识产权行政保护能力提升活动方案》（枣市监知保〔2022〕1号）要求，贵单位应于${due}前报送“落实措施”。`);
    expect(mails[0]!.text).toContain('本提醒为截止前3天提醒');
    expect(mails[1]!.text).toContain('本提醒为截止前1天提醒');
    expect(mails[2]!.text).toContain('截至目前尚未报送，已经逾期');
    expect(mails[0]!.html).toContain('<p>滕州市市场监督管理局：</p>');
    expect(mails.map((message) => message.messageId)).toEqual([
      expect.stringMatching(/^<zaozhuang-2022-\w+\.tengzhou\.implementation-measures\.reminder-3d@zaozhuang\.example\.gov\.cn>$/),
      expect.stringMatching(/\.reminder-1d@/),
      expect.stringMatching(/\.overdue-notice@/),
    ]);
    expect(state.status).toBe('closed');
    expect(state.history.map((entry) => entry.event)).toEqual(['message-sent', 'message-sent', 'overdue', 'message-sent', 'closed']);
    // The overdue entry is recorded at the deadline on the workflow clock (timers fire a few ms late).
    expect(Date.parse(state.history[2]!.at) - Date.parse(instance.dueAt)).toBeGreaterThanOrEqual(0);
    expect(Date.parse(state.history[2]!.at) - Date.parse(instance.dueAt)).toBeLessThan(1_000);
  });

  it('stops the remaining reminders when the unit submits before the deadline', async () => {
    const address = mailbox();
    const now = await env.currentTimeMs();
    const handle = await startObligation(implementationMeasures(now, address));

    await env.sleep('7.5 days'); // past the 3-day reminder, before the 1-day one
    await mail.waitForMails(address, 1);
    const afterSubmit = await handle.executeUpdate(submitUpdate, {
      args: [{ unitId: 'tengzhou', submittedBy: '滕州市局 张三', content: '滕州市落实措施及实施方案' }],
    });
    expect(afterSubmit.status).toBe('submitted');

    const state = await handle.result(); // returns at the campaign's end, after every planned moment
    expect(state.status).toBe('submitted');
    expect(state.submission).toMatchObject({ unitId: 'tengzhou', content: '滕州市落实措施及实施方案' });
    expect(mail.mailsTo(address).map((message) => message.subject)).toEqual([expect.stringMatching(/^【提醒】落实措施/)]);
    expect(state.history.map((entry) => entry.event)).toEqual(['message-sent', 'submitted']);
  });

  it('rejects a submission from another unit, an empty one and a second one, and changes nothing', async () => {
    const address = mailbox();
    const handle = await startObligation(implementationMeasures(await env.currentTimeMs(), address));
    const submit = (unitId: string, content: string) =>
      handle.executeUpdate(submitUpdate, { args: [{ unitId, submittedBy: 'tester', content }] });

    await expect(submit('xuecheng', '薛城区的材料')).rejects.toThrow(WorkflowUpdateFailedError);
    await expect(submit('xuecheng', '薛城区的材料')).rejects.toMatchObject({
      cause: { message: '“落实措施”由滕州市市场监督管理局报送，xuecheng无权报送' },
    });
    await expect(submit('tengzhou', '   ')).rejects.toMatchObject({ cause: { message: '报送内容不能为空' } });
    expect(await handle.query(stateQuery)).toMatchObject({ status: 'open', history: [] });

    await submit('tengzhou', '滕州市落实措施');
    await expect(submit('tengzhou', '第二份')).rejects.toMatchObject({
      cause: { message: expect.stringMatching(/^滕州市市场监督管理局的“落实措施”已于.+报送，不能重复报送$/) },
    });
    const state = await handle.result();
    expect(state.submission?.content).toBe('滕州市落实措施');
  });

  it('records a refused address once, without retrying it, tells the administrator, and still sends the overdue notice', async () => {
    const admin = mailbox();
    const instance = { ...implementationMeasures(await env.currentTimeMs(), rejectedAddress), recipients: { 'issuer-contacts': [admin] } };
    const state = await (await startObligation(instance)).result();

    // Three planned messages, each refused at RCPT TO exactly once: a 550 is not retried.
    expect(mail.recipientAttempts.get(rejectedAddress)).toBe(3);
    expect(state.history.map((entry) => entry.event)).toEqual([
      'message-failed', 'message-sent', 'message-failed', 'message-sent', 'overdue', 'message-failed', 'message-sent', 'closed',
    ]);
    expect(state.history[0]!.detail).toMatch(/^截止前3天（reminder-3d）被拒收：SMTP refused the message: .*550/);
    const notices = await mail.waitForMails(admin, 3);
    expect(notices.map((message) => message.subject)).toEqual([
      '【投递失败】滕州市市场监督管理局“落实措施”的截止前3天未能送达',
      '【投递失败】滕州市市场监督管理局“落实措施”的截止前1天未能送达',
      '【投递失败】滕州市市场监督管理局“落实措施”的逾期1天未能送达',
    ]);
    expect(notices[0]!.text).toContain('550 5.1.1 mailbox unavailable');
  });

  it('skips, and records, messages planned before the obligation started (no back-dated flood)', async () => {
    const address = mailbox();
    const now = await env.currentTimeMs();
    // Launched 8 days late: the 3-day reminder is already in the past, the 1-day one is not.
    const instance = implementationMeasures(now - 8 * 24 * 60 * 60 * 1000, address);
    const state = await (await startObligation(instance)).result();

    const mails = await mail.waitForMails(address, 2);
    expect(mails.map((message) => message.messageId)).toEqual([expect.stringMatching(/reminder-1d@/), expect.stringMatching(/overdue-notice@/)]);
    expect(state.history[0]).toMatchObject({ event: 'message-skipped' });
    expect(state.history[0]!.detail).toContain('reminder-3d');
  });

  it('sends, late, a reminder that fell due before the first workflow task ran: only what was planned before the start is skipped', async () => {
    const address = mailbox();
    const now = await env.currentTimeMs();
    // The 3-day reminder falls due 2 minutes after the start; the first workflow task runs only
    // after 10 minutes (as when no worker was up), which must not make it a skipped one.
    const instance = implementationMeasures(now + 2 * 60_000 - 7 * 24 * 60 * 60 * 1000, address);
    const handle = await env.client.workflow.start(obligationWorkflow, {
      taskQueue,
      workflowId: obligationWorkflowId(`late-task-${randomUUID().slice(0, 8)}`, 'tengzhou', 'implementation-measures'),
      args: [instance],
      startDelay: '10 minutes',
    });
    const state = await handle.result();
    expect(state.history.filter((entry) => entry.event === 'message-skipped')).toEqual([]);
    expect((await mail.waitForMails(address, 3)).map((message) => message.messageId)).toEqual([
      expect.stringMatching(/reminder-3d@/),
      expect.stringMatching(/reminder-1d@/),
      expect.stringMatching(/overdue-notice@/),
    ]);
  });
});
