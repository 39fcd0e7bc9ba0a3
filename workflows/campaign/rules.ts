/**
 * The definition's rules over a unit's record (`escalation.rules`, JSON-Logic: "two supervision
 * notices → interview"), evaluated deterministically as the record grows; and the unit-level
 * steps they, or a supervisor, take: a notice about the unit as a whole, counted on its record.
 */
import { evaluateRule } from '../../config/definition/rules';
import type { EscalationLevel } from '../../config/definition/schema';
import type { UnitAction, UnitRecord } from '../../contracts/campaign';
import type { UnitEvent } from '../../contracts/obligation';
import type { RecipientKind } from '../../contracts/obligation';
import type { LastEvent } from '../carried-state';
import type { CampaignRun } from './run';
import { countOf, countsOf } from './unit-records';

/** What a supervisor's unit action sends, when the definition has no ladder level for it. */
const actionMessages: Record<'interview' | 'criticize' | 'praise', { kind: string; name: string }> = {
  interview: { kind: 'interview-notice', name: '约谈' },
  criticize: { kind: 'criticism-bulletin', name: '通报批评' },
  praise: { kind: 'praise', name: '表扬' },
};

export function levelFor(run: CampaignRun, levelId: string): EscalationLevel | undefined {
  return run.definition.escalation.levels.find((level) => level.id === levelId);
}

/** An obligation took a step on its ladder: the unit's record counts it, and the rules look again. */
export async function recordUnitEvent(run: CampaignRun, event: UnitEvent): Promise<void> {
  run.lastEvents.set(event.unit.id, event);
  const record = run.records.of(event.unit.id);
  const counted = countOf[event.kind];
  if (!counted) return;
  record[counted] += 1;
  if (event.kind === 'criticism-bulletin') record.onCriticismList = true;
  run.records.note(record, event.kind, '系统', `${event.obligation.title}：${event.kind === 'overdue' ? '逾期' : `第${event.level}级督办`}`);
  await applyRules(run, record, event);
}

/** A supervisor's action on a unit: interview, criticize, uncriticize, praise, or a rule's proposal proceeded with or dismissed. */
export async function actOnUnit(run: CampaignRun, action: UnitAction): Promise<UnitRecord> {
  const record = run.records.of(action.unitId);
  if (action.action === 'proceed' || action.action === 'dismiss') {
    const pending = record.pending.find((step) => step.ruleId === action.ruleId)!;
    record.pending = record.pending.filter((step) => step !== pending);
    run.publishPending();
    run.records.note(record, action.action === 'proceed' ? 'decided' : 'dismissed', action.by, `${pending.description}：${action.action === 'proceed' ? '同意' : '不予采取'}（${action.reason}）`);
    if (action.action === 'proceed') {
      const rule = run.definition.escalation.rules.find((candidate) => candidate.id === action.ruleId)!;
      await takeStep(run, record, levelFor(run, rule.escalateTo)!, `rule-${action.ruleId}`, action.reason, action.by);
    }
  } else if (action.action === 'uncriticize') {
    record.onCriticismList = false;
    run.records.note(record, 'uncriticized', action.by, `移出通报批评名单：${action.reason}`);
  } else {
    const message = actionMessages[action.action];
    const level = run.definition.escalation.levels.find((candidate) => candidate.message === message.kind);
    const step = level ?? { id: action.action, name: message.name, message: message.kind, notify: ['unit-contacts', 'supervisors'] as RecipientKind[] };
    const count = record.history.filter((entry) => entry.event === message.kind).length + (record.omittedHistory?.[message.kind] ?? 0) + 1;
    await takeStep(run, record, step, `${action.action}-${count}`, action.reason, action.by);
  }
  return record;
}

/** Fires each rule that now holds for the unit (once per unit): a step that needs a decision waits for one. */
export async function applyRules(run: CampaignRun, record: UnitRecord, event: LastEvent): Promise<void> {
  for (const rule of run.definition.escalation.rules) {
    if (record.firedRules.includes(rule.id)) continue;
    const data = { obligation: { level: event.level, daysLate: event.daysLate ?? 0, returns: event.returns }, record: countsOf(record) };
    if (!evaluateRule(rule.when, data)) continue;
    record.firedRules.push(rule.id);
    const level = levelFor(run, rule.escalateTo)!;
    const description = rule.description ?? `${rule.id}：${level.name}`;
    if (!level.requiresDecision) {
      run.records.note(record, 'rule', '系统', description);
      await takeStep(run, record, level, `rule-${rule.id}`, description, '系统');
      continue;
    }
    record.pending.push({ ruleId: rule.id, description, levelName: level.name, at: run.planNow() });
    run.publishPending();
    run.records.note(record, 'awaiting-decision', '系统', `${description}：待督办人员决定`);
    await run.send(record, { kind: 'escalated', key: `rule-${rule.id}-decision`, label: `${level.name}（${description}）`, notify: ['supervisors'], reason: description });
  }
}

/** Takes a unit-level step (a notice about the unit's record): sends it, counts it, and looks at the rules again. */
async function takeStep(run: CampaignRun, record: UnitRecord, level: Pick<EscalationLevel, 'id' | 'name' | 'message' | 'notify'>, key: string, reason: string, by: string): Promise<void> {
  run.records.note(record, level.message, by, `${level.name}：${reason}`);
  if (level.message === 'criticism-bulletin') record.onCriticismList = true;
  if (level.message === 'praise') record.praises += 1;
  await run.send(record, { kind: level.message, key, label: level.name, notify: level.notify as RecipientKind[], reason });
  const counted = countOf[level.message];
  if (!counted) return;
  record[counted] += 1;
  const event = run.lastEvents.get(record.unit.id);
  await applyRules(run, record, event ?? { obligation: { id: 'campaign', title: '' }, dueAt: run.input.endsAt, level: 0, returns: 0 });
}
