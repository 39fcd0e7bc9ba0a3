import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

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
