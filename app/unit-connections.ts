/**
 * What a unit's page shows beyond its own obligations: a lead's view of its cooperating units'
 * parts (配合单位报送情况), and the other campaigns the same unit takes part in.
 */
import type { Plan, PlanInstance } from '../config/compile';
import { type ObligationState, type ObligationStatus, stateQuery } from '../contracts/obligation';
import { obligationStatusNames, outcomeStatusNames } from '../contracts/vocabulary';
import type { CampaignReader } from './campaign-reader';
import type { UnitScope } from './unit-links';

/** One cooperating unit's part of a lead's obligation, as the lead sees it. */
export interface Contribution {
  unitId: string;
  unitName: string;
  /** Undefined while its part has not started (a campaign still launching). */
  status?: ObligationStatus;
  /** 已报送, 已逾期 …, or 未启动. */
  statusName: string;
  dueAt?: string;
  /** When it last handed in its part (plan time). */
  submittedAt?: string;
}

/** The parts of a lead instance's cooperating units, in the document's order, from their stories. */
export function contributionsOf(instance: PlanInstance, states: ReadonlyMap<string, ObligationState | undefined>): Contribution[] {
  return (instance.contributors ?? []).map(({ unitId, unitName, instanceId }) => {
    const state = states.get(instanceId);
    if (!state) return { unitId, unitName, statusName: outcomeStatusNames['not-started'] };
    return {
      unitId,
      unitName,
      status: state.status,
      statusName: obligationStatusNames[state.status],
      dueAt: state.dueAt,
      ...(state.submission ? { submittedAt: state.submission.at } : {}),
    };
  });
}

/** Reads the stories of a lead instance's contributions (a part not started yet reads as 未启动). */
export async function readContributions(reader: CampaignReader, instance: PlanInstance | undefined): Promise<Contribution[] | undefined> {
  if (!instance?.contributors?.length) return undefined;
  const states = await Promise.all(
    instance.contributors.map(async ({ instanceId }) => [instanceId, await reader.client.workflow.getHandle(instanceId).query(stateQuery).catch(() => undefined)] as const),
  );
  return contributionsOf(instance, new Map(states));
}

/** Another campaign the same unit takes part in. */
export interface UnitCampaign {
  campaignId: string;
  title: string;
}

/**
 * The campaigns other than `scope`'s where the unit has obligations: the same id and the same
 * name (a unit id of another office's directory that names someone else is not the same unit).
 */
export function campaignsOfUnit(scope: UnitScope, unitName: string, campaigns: { campaignId: string; plan: Pick<Plan, 'campaign' | 'instances'> }[]): UnitCampaign[] {
  return campaigns
    .filter(({ campaignId, plan }) => campaignId !== scope.campaignId && plan.instances.some((instance) => instance.unitId === scope.unitId && instance.unitName === unitName))
    .map(({ campaignId, plan }) => ({ campaignId, title: plan.campaign.title }));
}

/** The unit's other campaigns, through the campaign listing; none when the listing cannot be read. */
export async function readCampaignsOfUnit(reader: CampaignReader, scope: UnitScope, unitName: string): Promise<UnitCampaign[]> {
  const listed = await reader.listCampaigns().catch(() => []);
  const campaigns = await Promise.all(
    listed.filter(({ campaignId }) => campaignId !== scope.campaignId).map(async ({ campaignId }) => ({ campaignId, plan: (await reader.campaign(campaignId)).plan })),
  );
  return campaignsOfUnit(scope, unitName, campaigns);
}
