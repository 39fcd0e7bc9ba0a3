/**
 * A supervisor's scope: the units of the directory they may see and act on (a county's supervisor:
 * the county and the units below it). Everything outside it is "not found", said in the same
 * words as for what does not exist, so a scoped supervisor cannot even learn that it exists. An
 * administrator, or a supervisor without a scope, sees every unit (`undefined` scope).
 */
import type { CampaignProgress } from '../contracts/campaign';
import { shownName } from './attachments';
import { type CampaignReader, quote } from './campaign-reader';
import { NotFoundError } from './errors';

export interface StaffScope {
  /** The directory's units and groups the account names (as an administrator chose them). */
  entries: string[];
  /** The unit ids they cover: each unit or group member with every unit below it. */
  unitIds: ReadonlySet<string>;
}

/** Units at most in a visibility query's `UnitId IN (…)`; a larger scope is filtered after the listing. */
const maxUnitsInQuery = 200;

export function isWithinScope(scope: StaffScope | undefined, unitId: string): boolean {
  return scope === undefined || scope.unitIds.has(unitId);
}

/** Throws the "not found" of a missing item (CampaignReader.instance's words) when the unit is outside the scope. */
export function requireItemWithinScope(scope: StaffScope | undefined, campaignId: string, unitId: string, obligationId: string): void {
  if (!isWithinScope(scope, unitId)) throw new NotFoundError(`活动 ${campaignId} 中没有单位 ${unitId} 的任务 ${obligationId}`);
}

/** Throws the "not found" of a missing unit when it is outside the scope. */
export function requireUnitWithinScope(scope: StaffScope | undefined, campaignId: string, unitId: string): void {
  if (!isWithinScope(scope, unitId)) throw new NotFoundError(`活动 ${campaignId} 中没有单位 ${unitId}`);
}

/** Throws the "not found" of a missing notice (sendNotice's words) when the unit is outside the scope. */
export function requireNoticeWithinScope(scope: StaffScope | undefined, unitId: string, fileName: string): void {
  if (!isWithinScope(scope, unitId)) throw new NotFoundError(`没有通知文书“${shownName(fileName)}”`);
}

/** The visibility query's clause that keeps the scope's units (none when unscoped or too many to name). */
export function scopeClauses(scope: StaffScope | undefined): string[] {
  if (scope === undefined || scope.unitIds.size > maxUnitsInQuery) return [];
  // No unit has an empty id: an empty scope matches nothing.
  if (scope.unitIds.size === 0) return ['UnitId = ""'];
  return [`UnitId IN (${[...scope.unitIds].map(quote).join(', ')})`];
}

/** Throws the "not found" of a missing campaign when none of its units is within the scope. */
export async function requireCampaignWithinScope(reader: CampaignReader, campaignId: string, scope: StaffScope | undefined): Promise<void> {
  if (scope === undefined) return;
  const { plan } = await reader.campaign(campaignId);
  if (!plan.instances.some((instance) => scope.unitIds.has(instance.unitId))) throw new NotFoundError(`没有找到活动 ${campaignId}`);
}

/** The campaigns of a listing that have a unit within the scope. */
export async function campaignsWithinScope<T extends { campaignId: string }>(reader: CampaignReader, campaigns: T[], scope: StaffScope | undefined): Promise<T[]> {
  if (scope === undefined) return campaigns;
  const isKept = await Promise.all(campaigns.map(async (campaign) => (await reader.campaign(campaign.campaignId)).plan.instances.some((instance) => scope.unitIds.has(instance.unitId))));
  return campaigns.filter((_campaign, index) => isKept[index]);
}

/**
 * A scoped supervisor's progress: how many of their units' obligations have started, out of how
 * many (the phase is the campaign's). `launched` counts every started one the listing shows, those
 * found already running by a relaunch included, so nothing is counted apart as `alreadyRunning`.
 */
export function progressWithinScope(progress: CampaignProgress, unitIdsOfInstances: string[], launchedInScope: number, scope: StaffScope | undefined): CampaignProgress {
  if (scope === undefined) return progress;
  const total = unitIdsOfInstances.filter((unitId) => scope.unitIds.has(unitId)).length;
  return { phase: progress.phase, launched: Math.min(launchedInScope, total), alreadyRunning: 0, total };
}

/** The campaigns of a listing that have a unit within the scope, each with its progress within the scope. */
export async function campaignProgressWithinScope<T extends { campaignId: string; progress: CampaignProgress }>(reader: CampaignReader, campaigns: T[], scope: StaffScope | undefined): Promise<T[]> {
  if (scope === undefined) return campaigns;
  const kept = await campaignsWithinScope(reader, campaigns, scope);
  return Promise.all(
    kept.map(async (campaign) => {
      const { plan } = await reader.campaign(campaign.campaignId);
      const rows = await reader.listObligations([`CampaignId = ${quote(campaign.campaignId)}`, ...scopeClauses(scope)].join(' AND '));
      const launched = rows.filter((row) => isWithinScope(scope, row.unitId)).length;
      return { ...campaign, progress: progressWithinScope(campaign.progress, plan.instances.map((instance) => instance.unitId), launched, scope) };
    }),
  );
}
