/**
 * The campaign's update validators: pure, refusing with a reason a person can act on
 * (`活动已暂停，不能暂停`), changing nothing. Temporal runs them before accepting an update, never on replay.
 */
import type { Definition } from '../../config/definition/schema';
import type { AdminAction, Amendment, CampaignProgress, UnitAction, UnitRecord } from '../../contracts/campaign';
import { campaignPhaseNames, unitActions } from '../../contracts/vocabulary';

function requireWho(action: AdminAction | UnitAction): void {
  if (typeof action.by !== 'string' || action.by.trim() === '') throw new Error('请注明操作人');
  if (typeof action.reason !== 'string' || action.reason.trim() === '') throw new Error('请说明理由');
}

export function validateAdmin(progress: CampaignProgress, busy: number, action: AdminAction, allowed: CampaignProgress['phase'] | CampaignProgress['phase'][], what: string): void {
  const phases = Array.isArray(allowed) ? allowed : [allowed];
  if (!phases.includes(progress.phase)) throw new Error(`活动${campaignPhaseNames[progress.phase]}，不能${what}`);
  if (busy > 0) throw new Error(`上一项操作仍在进行，请稍后再${what}`);
  requireWho(action);
}

export function validateAmendment(current: Definition, progress: CampaignProgress, busy: number, amendment: Amendment): void {
  validateAdmin(progress, busy, amendment, ['running', 'paused'], '修订');
  const next = amendment.definition as Partial<Definition> | undefined;
  if (!next || typeof next !== 'object' || !next.campaign || !Array.isArray(next.obligations)) throw new Error('修订须提供经校验的完整活动定义');
  if (next.campaign.id !== current.campaign.id) throw new Error(`修订的活动编号 ${String(next.campaign.id)} 与本活动 ${current.campaign.id} 不同`);
}

export function validateUnitAction(definition: Definition, progress: CampaignProgress, record: UnitRecord | undefined, action: UnitAction): void {
  if (!definition.units.some((unit) => unit.id === action.unitId)) throw new Error(`本活动没有单位“${String(action.unitId)}”`);
  if (progress.phase === 'ended' || progress.phase === 'cancelled') throw new Error(`活动${campaignPhaseNames[progress.phase]}，不能再对单位采取措施`);
  if (!(unitActions as readonly string[]).includes(action.action)) throw new Error(`未知的措施：${String(action.action)}`);
  requireWho(action);
  const name = definition.units.find((unit) => unit.id === action.unitId)!.name;
  if (action.action === 'uncriticize' && !record?.onCriticismList) throw new Error(`${name}不在通报批评名单上`);
  if ((action.action === 'proceed' || action.action === 'dismiss') && !record?.pending.some((step) => step.ruleId === action.ruleId)) {
    throw new Error(`${name}没有待决定的规则措施“${String(action.ruleId)}”`);
  }
  if (action.action === 'proceed') {
    // An amendment may have removed the rule or the level it escalates to since it proposed the
    // step: there is nothing left to take. Dismissing it is still possible (it clears the proposal).
    const rule = definition.escalation.rules.find((candidate) => candidate.id === action.ruleId);
    if (!rule) throw new Error(`规则“${String(action.ruleId)}”已不在方案中，不能采取其措施（可选择不予采取）`);
    if (!definition.escalation.levels.some((level) => level.id === rule.escalateTo)) {
      throw new Error(`规则“${rule.id}”所要采取的督办层级“${rule.escalateTo}”已不在方案中，不能采取（可选择不予采取）`);
    }
  }
}
