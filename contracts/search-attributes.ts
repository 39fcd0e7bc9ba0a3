import { defineSearchAttributeKey, type SearchAttributePair, SearchAttributeType } from '@temporalio/common';
import type { ObligationInstance, ObligationState } from './obligation';

/**
 * Custom search attributes: inboxes and dashboards are Temporal visibility queries over these,
 * e.g. `CampaignId = "zaozhuang-2022" AND ObligationStatus = "overdue"`.
 */
export const CampaignId = defineSearchAttributeKey('CampaignId', SearchAttributeType.KEYWORD);
export const UnitId = defineSearchAttributeKey('UnitId', SearchAttributeType.KEYWORD);
export const ObligationId = defineSearchAttributeKey('ObligationId', SearchAttributeType.KEYWORD);
export const ObligationStatus = defineSearchAttributeKey('ObligationStatus', SearchAttributeType.KEYWORD);
export const EscalationLevel = defineSearchAttributeKey('EscalationLevel', SearchAttributeType.INT);
export const DueAt = defineSearchAttributeKey('DueAt', SearchAttributeType.DATETIME);
/**
 * On the campaign workflow: rule proposals (a step a rule proposed for a unit's record) waiting
 * for a supervisor, over all units, e.g. `WorkflowType = "campaignWorkflow" AND PendingProposals > 0`.
 */
export const PendingProposals = defineSearchAttributeKey('PendingProposals', SearchAttributeType.INT);

export const searchAttributeKeys = [CampaignId, UnitId, ObligationId, ObligationStatus, EscalationLevel, DueAt, PendingProposals];

/** `--search-attribute` values for `temporal server start-dev`. */
export function searchAttributeFlags(): string[] {
  const cliType: Record<string, string> = { KEYWORD: 'Keyword', INT: 'Int', DATETIME: 'Datetime' };
  return searchAttributeKeys.flatMap((key) => ['--search-attribute', `${key.name}=${cliType[key.type]}`]);
}

/** An obligation's status before anything happened: a count with no minimum (an always-open channel) asks nothing by a deadline. */
export function initialStatusOf(instance: Pick<ObligationInstance, 'count'>): ObligationState['status'] {
  return instance.count && instance.count.min === 0 ? 'target-met' : 'open';
}

/**
 * An obligation's search attributes as it starts. The launch sets them in the start request, so
 * the first workflow task need not write them again (one visibility write per obligation saved);
 * an obligation started without them sets them itself.
 */
export function initialSearchAttributes(instance: Pick<ObligationInstance, 'campaign' | 'unit' | 'obligation' | 'dueAt' | 'count'>): SearchAttributePair[] {
  return [
    { key: CampaignId, value: instance.campaign.id },
    { key: UnitId, value: instance.unit.id },
    { key: ObligationId, value: instance.obligation.id },
    { key: ObligationStatus, value: initialStatusOf(instance) },
    { key: EscalationLevel, value: 0 },
    { key: DueAt, value: new Date(instance.dueAt) },
  ];
}
