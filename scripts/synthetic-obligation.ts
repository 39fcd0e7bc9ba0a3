/** The obligation the long runs (benchmarks, chaos) start by the thousand: one reminder at an instant, the deadline an hour later. */
import type { ObligationInstance } from '../workflows/contracts';

export function oneReminderObligation(campaignId: string, unitId: string, atMs: number): ObligationInstance {
  const at = (offsetMs: number) => new Date(atMs + offsetMs).toISOString();
  return {
    campaign: { id: campaignId, title: '压力测试活动方案' },
    unit: { id: unitId, name: `单位${unitId}`, emails: [`${unitId}@example.gov.cn`] },
    obligation: { id: 'report', title: '落实情况' },
    dueAt: at(3_600_000),
    messages: [{ at: at(0), kind: 'reminder', key: 'reminder-1', label: '截止前提醒' }],
    closesAt: at(7_200_000),
  };
}
