import type { ObligationInstance } from '../../contracts/obligation';

const day = 24 * 60 * 60 * 1000;

/**
 * An instance of the seed's first obligation (落实措施, due in ten days) for 滕州市, with
 * reminders 3 days and 1 day before and the overdue notice 1 day after the deadline.
 */
export function implementationMeasures(nowMs: number, email: string, campaignId = 'zaozhuang-2022'): ObligationInstance {
  const at = (offsetMs: number) => new Date(nowMs + offsetMs).toISOString();
  const dueMs = 10 * day;
  return {
    campaign: {
      id: campaignId,
      title: '枣庄市知识产权行政保护能力提升活动方案',
      documentNumber: '枣市监知保〔2022〕1号',
      contact: '市局知识产权保护科',
    },
    unit: { id: 'tengzhou', name: '滕州市市场监督管理局', emails: [email] },
    obligation: { id: 'implementation-measures', title: '落实措施', measure: '四(一)' },
    dueAt: at(dueMs),
    messages: [
      { at: at(dueMs + day), kind: 'overdue-notice', key: 'overdue-notice', label: '逾期1天' },
      { at: at(dueMs - 3 * day), kind: 'reminder', key: 'reminder-3d', label: '截止前3天' },
      { at: at(dueMs - day), kind: 'reminder', key: 'reminder-1d', label: '截止前1天' },
    ],
    closesAt: at(dueMs + 30 * day),
  };
}
