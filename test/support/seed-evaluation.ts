/**
 * A final evaluation of the whole seed plan (7 units × 26 obligations, 193 instances with the
 * issuing section's) built without a server, shaped like the seed year of seed-2022.yaml: every
 * unit on time except 滕州市 (a late report), 薛城区 (a return) and 山亭区 (two reports never
 * handed in, interviewed and criticised). Big enough to print as the real workbook prints.
 */
import path from 'node:path';
import { loadCampaign } from '../../config/definition/load';
import type { UnitRecord } from '../../contracts/campaign';
import type { HistoryEntry, ObligationState } from '../../contracts/obligation';
import { evaluateCampaign, type Evaluation } from '../../evaluation/score';
import { evaluatedObligations } from '../../evaluation/sources';

const dayMs = 24 * 60 * 60 * 1000;
const shift = (iso: string, days: number) => new Date(Date.parse(iso) + days * dayMs).toISOString();

export function seedYearEvaluation(): Evaluation {
  const { definition, plan } = loadCampaign(path.join(__dirname, '../../config/campaigns/zaozhuang-2022-ip-protection.yaml'));
  const states = new Map<string, ObligationState>();
  for (const instance of plan.instances) {
    const { dueAt, obligationId, count } = instance.schedule;
    const entry = (event: HistoryEntry['event'], at: string): HistoryEntry => ({ at, event, detail: '' });
    const escalations = (levels: number) => Array.from({ length: levels }, (_, index) => entry('escalated', shift(dueAt, 2 + index)));
    let state: ObligationState = count
      ? { status: 'target-met', dueAt, escalationLevel: 0, returns: 0, history: [entry('occurrence', shift(dueAt, -3))] }
      : { status: 'accepted', dueAt, escalationLevel: 0, returns: 0, history: [entry('submitted', shift(dueAt, -1)), entry('accepted', shift(dueAt, -1))] };
    if (instance.unitId === 'shanting' && obligationId === 'implementation-measures') state = { status: 'closed', dueAt, escalationLevel: 5, returns: 0, history: escalations(5) };
    if (instance.unitId === 'shanting' && obligationId === 'work-summary') state = { status: 'closed', dueAt, escalationLevel: 2, returns: 0, history: escalations(2) };
    if (instance.unitId === 'tengzhou' && obligationId === 'implementation-measures') {
      state = { status: 'accepted', dueAt, escalationLevel: 2, returns: 0, history: [...escalations(2), entry('submitted', shift(dueAt, 7)), entry('accepted', shift(dueAt, 7))] };
    }
    if (instance.unitId === 'xuecheng' && obligationId === 'implementation-measures') state = { ...state, returns: 1 };
    states.set(instance.id, state);
  }
  const shanting = definition.units.find((unit) => unit.id === 'shanting')!;
  const records: UnitRecord[] = [
    { unit: { id: shanting.id, name: shanting.name }, overdueCount: 2, supervisionNotices: 1, interviews: 1, criticisms: 1, praises: 0, onCriticismList: true, pending: [], firedRules: [], history: [] },
  ];
  return evaluateCampaign({ definition, obligations: evaluatedObligations(plan, states), records, asOf: plan.campaign.period.endsAt, isFinal: true });
}
