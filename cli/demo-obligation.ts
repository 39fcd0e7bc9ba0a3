/**
 * `npm run demo:obligation`: starts one obligation against the running local stack with a
 * deadline a few minutes away, so a person can watch the reminders and the overdue notice
 * arrive in the mail inbox. Options: --minutes N (deadline, default 2), --email ADDRESS.
 */
import { parseArgs } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import { loadEnv } from '../config/env';
import { runMain } from '../scripts/main';
import { type ObligationInstance, obligationWorkflowId } from '../contracts/obligation';

runMain(async () => {
  const { values } = parseArgs({
    options: { minutes: { type: 'string', default: '2' }, email: { type: 'string', default: 'tengzhou@example.gov.cn' } },
  });
  const minutes = Number(values.minutes);
  if (!Number.isFinite(minutes) || minutes < 1) throw Object.assign(new Error('--minutes must be a number >= 1'), { code: 'USAGE' });
  const env = loadEnv();
  const now = Date.now();
  const at = (offsetMs: number) => new Date(now + offsetMs).toISOString();
  const dueMs = minutes * 60_000;
  const campaignId = `demo-${new Date(now).toISOString().slice(0, 19).replace(/[-:T]/g, '')}`;
  const instance: ObligationInstance = {
    campaign: {
      id: campaignId,
      title: '枣庄市知识产权行政保护能力提升活动方案',
      documentNumber: '枣市监知保〔2022〕1号',
      contact: '市局知识产权保护科',
    },
    unit: { id: 'tengzhou', name: '滕州市市场监督管理局', emails: [values.email] },
    obligation: { id: 'implementation-measures', title: '落实措施', measure: '四(一)' },
    dueAt: at(dueMs),
    messages: [
      { at: at(10_000), kind: 'reminder', key: 'reminder-1', label: '第一次' },
      { at: at(dueMs / 2), kind: 'reminder', key: 'reminder-2', label: '第二次' },
      { at: at(dueMs + 20_000), kind: 'overdue-notice', key: 'overdue-notice', label: '逾期' },
    ],
    closesAt: at(dueMs + 5 * 60_000),
  };
  const connection = await Connection.connect({ address: env.TEMPORAL_ADDRESS });
  try {
    const client = new Client({ connection, namespace: env.TEMPORAL_NAMESPACE });
    const workflowId = obligationWorkflowId(campaignId, instance.unit.id, instance.obligation.id);
    await client.workflow.start('obligationWorkflow', { taskQueue: env.TEMPORAL_TASK_QUEUE, workflowId, args: [instance] });
    console.log(
      [
        `Started ${workflowId}`,
        `  reminders at ${instance.messages[0]!.at} and ${instance.messages[1]!.at}`,
        `  deadline   ${instance.dueAt}; overdue notice at ${instance.messages[2]!.at} unless submitted`,
        `  watch:     http://127.0.0.1:${env.TEMPORAL_UI_PORT}/namespaces/${env.TEMPORAL_NAMESPACE}/workflows/${encodeURIComponent(workflowId)}`,
        `  mail:      http://127.0.0.1:${env.MAIL_INBOX_PORT}`,
      ].join('\n'),
    );
  } finally {
    await connection.close();
  }
});
