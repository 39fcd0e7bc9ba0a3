/**
 * What each person's page shows, as data (the JSON API returns it as is, the pages render it):
 * a unit's own obligations and one item's full story (the supervisor's inbox: ./inbox.ts). Every
 * instant comes with its `…Local` reading on the campaign's wall clock (config/time-format.ts).
 */
import { chineseDateTime } from '../config/time-format';
import { type ItemAction, obligationStatusNames, standingChannelName, type UnitGroup } from '../contracts/vocabulary';
import type { ObligationState, ObligationStatus } from '../contracts/obligation';
import type { UnitRecord } from '../contracts/campaign';
import type { AttachmentRepository } from '../store/attachments';
import type { NoticeRepository } from '../store/notices';
import type { AttachmentLimits } from './attachments';
import { type CampaignReader, type ObligationRow, planNow, quote, type RunningCampaign } from './campaign-reader';
import { attachmentLimitsOf, definitionObligation, evidenceLabelsOf, type SubmissionField, submissionFieldsOf } from './operations';
import type { UnitScope } from './unit-links';
import { requireItemWithinScope, type StaffScope } from './staff-scope';
import { type Contribution, readCampaignsOfUnit, readContributions, type UnitCampaign } from './unit-connections';
import { latestReturn, type ReturnNote, storyOf, type StoryLine } from './story';


const settledStatuses: ObligationStatus[] = ['submitted', 'accepted', 'waived', 'target-met', 'closed', 'cancelled'];
const dueSoonMs = 7 * 24 * 60 * 60 * 1000;


export interface ItemSummary {
  campaignId: string;
  /** The campaign's title (its id when the campaign cannot be read). */
  campaignTitle: string;
  unitId: string;
  unitName: string;
  obligationId: string;
  title: string;
  status: ObligationStatus;
  statusName: string;
  escalationLevel: number;
  /** The deadline, plan time (ISO 8601). */
  dueAt: string;
  /** The deadline on the campaign's wall clock: 2022年4月22日 17:30. */
  dueAtLocal: string;
}

/** The file names of a submission's attachments, by id. */
export async function attachmentNames(dependencies: ViewDependencies, state: ObligationState): Promise<Record<string, string>> {
  const ids = state.submission?.attachments ?? [];
  const names = await Promise.all(ids.map(async (id) => [id, (await dependencies.attachments?.describe(id))?.fileName ?? id] as const));
  return Object.fromEntries(names);
}

export interface UnitObligation extends ItemSummary {
  group: UnitGroup;
  /** A channel that asks for nothing (a count with minimum 0): always open, never 已完成. */
  isStanding: boolean;
  /** The story in the unit's words, oldest first. */
  story: StoryLine[];
  /** While returned: what the unit must revise, by when. */
  returnNote?: ReturnNote;
  /** When the latest submission came, on the campaign's wall clock. */
  submittedAtLocal?: string;
  canSubmit: boolean;
  /** Count obligations: occurrences are reported one by one, with this evidence. */
  canReport: boolean;
  evidence: string[];
  count?: { min: number; max?: number };
  fields: SubmissionField[];
  attachmentLimits: AttachmentLimits;
  state: ObligationState;
  attachmentNames: Record<string, string>;
  /** A lead's obligation: how each cooperating unit's part stands, in the document's order. */
  contributions?: Contribution[];
}

export interface UnitView {
  campaignId: string;
  campaignTitle: string;
  unitId: string;
  unitName: string;
  /** The campaign's zone (IANA), in which every `…Local` field reads. */
  timeZone: string;
  planNow: string;
  planNowLocal: string;
  obligations: UnitObligation[];
  record?: UnitRecord;
  /** The record's history in the unit's words. */
  recordStory: StoryLine[];
  notices: string[];
  /** The other campaigns the same unit takes part in. */
  otherCampaigns: UnitCampaign[];
}

export interface ViewDependencies {
  reader: CampaignReader;
  /** To show attachments by their file names; ids alone without it. */
  attachments?: AttachmentRepository;
  /** The official notices (DOCX) the worker kept for each unit. */
  notices: NoticeRepository;
  maxUploadMb: number;
}

export function summaryOf(running: RunningCampaign, row: ObligationRow): ItemSummary {
  const instance = running.plan.instances.find((candidate) => candidate.id === row.workflowId);
  const schedule = instance?.schedule;
  return {
    campaignId: row.campaignId,
    campaignTitle: running.plan.campaign.title,
    unitId: row.unitId,
    unitName: instance?.unitName ?? row.unitId,
    obligationId: row.obligationId,
    title: schedule ? `${schedule.title}${schedule.occurrenceName ? `（${schedule.occurrenceName}）` : ''}` : row.obligationId,
    status: row.status,
    statusName: obligationStatusNames[row.status],
    escalationLevel: row.escalationLevel,
    dueAt: row.dueAt,
    dueAtLocal: chineseDateTime(row.dueAt, running.plan.campaign.timeZone),
  };
}

/** One unit's obligations (never another's: the query is scoped by the token's unit), its record and its notices. */
export async function unitView(dependencies: ViewDependencies, scope: UnitScope): Promise<UnitView> {
  const { reader } = dependencies;
  const running = await reader.campaign(scope.campaignId);
  const rows = await reader.listObligations(`CampaignId = ${quote(scope.campaignId)} AND UnitId = ${quote(scope.unitId)}`);
  const now = planNow(running).getTime();
  const { timeZone } = running.plan.campaign;
  const obligations = await Promise.all(
    rows.map(async (row): Promise<UnitObligation> => {
      const state = await reader.state(row.campaignId, row.unitId, row.obligationId);
      const summary = summaryOf(running, { ...row, status: state.status, escalationLevel: state.escalationLevel, dueAt: state.dueAt });
      const obligation = definitionObligation(running, row.obligationId);
      const instance = running.plan.instances.find((candidate) => candidate.id === row.workflowId);
      const count = instance?.schedule.count;
      const contributions = await readContributions(reader, instance);
      const isStanding = count?.min === 0 && !['waived', 'closed', 'cancelled'].includes(state.status);
      const returnNote = latestReturn(state, timeZone);
      return {
        ...summary,
        ...(isStanding ? { statusName: standingChannelName } : {}),
        group: isStanding ? 'standing' : unitGroupOf(state, now),
        isStanding,
        canSubmit: !count && ['open', 'returned', 'overdue', 'awaiting-decision'].includes(state.status),
        canReport: count !== undefined && !['waived', 'closed', 'cancelled'].includes(state.status),
        evidence: evidenceLabelsOf(obligation),
        ...(count ? { count } : {}),
        fields: submissionFieldsOf(obligation),
        attachmentLimits: attachmentLimitsOf(obligation, dependencies.maxUploadMb),
        state,
        story: storyOf(state.history, timeZone),
        ...(returnNote ? { returnNote } : {}),
        ...(state.submission ? { submittedAtLocal: chineseDateTime(state.submission.at, timeZone) } : {}),
        attachmentNames: await attachmentNames(dependencies, state),
        ...(contributions ? { contributions } : {}),
      };
    }),
  );
  obligations.sort((a, b) => a.dueAt.localeCompare(b.dueAt));
  const record = await reader.unitRecord(scope.campaignId, scope.unitId).catch(() => undefined);
  const unitName = running.definition.units.find((unit) => unit.id === scope.unitId)?.name ?? scope.unitId;
  return {
    campaignId: scope.campaignId,
    campaignTitle: running.plan.campaign.title,
    unitId: scope.unitId,
    unitName,
    timeZone,
    planNow: new Date(now).toISOString(),
    planNowLocal: chineseDateTime(now, timeZone),
    obligations,
    ...(record ? { record } : {}),
    recordStory: storyOf(record?.history ?? [], timeZone),
    notices: await noticesOf(dependencies.notices, scope),
    otherCampaigns: await readCampaignsOfUnit(reader, scope, unitName),
  };
}

/**
 * Where a unit's item belongs on its page. Both sides are plan time: the item's deadline as the
 * workflow keeps it, and the plan's now (the server's clock less a rehearsal's offset), so "7日内到期"
 * is right for a real campaign and for a rebased one alike.
 */
export function unitGroupOf(state: Pick<ObligationState, 'status' | 'dueAt'>, planNowMs: number): UnitGroup {
  if (settledStatuses.includes(state.status)) return 'done';
  const dueMs = Date.parse(state.dueAt);
  if (state.status === 'overdue' || state.status === 'awaiting-decision' || dueMs < planNowMs) return 'overdue';
  return dueMs - planNowMs <= dueSoonMs ? 'due-soon' : 'open';
}

/** Whether one of the unit's own obligations references the attachment (its submission or a reported occurrence). */
export async function referencesAttachment(dependencies: ViewDependencies, scope: UnitScope, attachmentId: string): Promise<boolean> {
  const { reader } = dependencies;
  const rows = await reader.listObligations(`CampaignId = ${quote(scope.campaignId)} AND UnitId = ${quote(scope.unitId)}`);
  for (const row of rows) {
    const state = await reader.state(row.campaignId, row.unitId, row.obligationId).catch(() => undefined);
    const ids = [...(state?.submission?.attachments ?? []), ...(state?.occurrences ?? []).flatMap((occurrence) => occurrence.attachments ?? [])];
    if (ids.includes(attachmentId)) return true;
  }
  return false;
}

/** The official notices (DOCX) kept for a unit, by file name. */
export async function noticesOf(notices: NoticeRepository, scope: UnitScope): Promise<string[]> {
  return (await notices.list(scope.campaignId, scope.unitId)).map((notice) => notice.fileName).sort();
}

export interface ItemView extends ItemSummary {
  measure: string;
  state: ObligationState;
  /** What a supervisor may do at this item's status and level. */
  actions: ItemAction[];
  /** The step waiting for a decision, e.g. 督办通知（逾期5个工作日）: what `proceed` does. */
  pendingStep?: string;
  record?: UnitRecord;
  /** The official notices (DOCX) the unit received, by file name. */
  notices: string[];
  attachmentNames: Record<string, string>;
  timeZone: string;
  planNow: string;
  planNowLocal: string;
  story: StoryLine[];
  returnNote?: ReturnNote;
  submittedAtLocal?: string;
  recordStory: StoryLine[];
}

export function allowedActions(state: ObligationState): ItemAction[] {
  switch (state.status) {
    case 'submitted':
      return ['accept', 'return', 'waive'];
    case 'awaiting-decision':
      return ['proceed', 'supervise', 'waive', 'extend'];
    case 'overdue':
      return ['supervise', 'extend', 'waive'];
    case 'open':
    case 'returned':
      return ['extend', 'waive'];
    default:
      return [];
  }
}

/** One item's story; outside a scoped supervisor's units it is "not found", as a missing item is. */
export async function itemView(dependencies: ViewDependencies, campaignId: string, unitId: string, obligationId: string, staffScope?: StaffScope): Promise<ItemView> {
  requireItemWithinScope(staffScope, campaignId, unitId, obligationId);
  const { reader } = dependencies;
  const { running, instance } = await reader.instance(campaignId, unitId, obligationId);
  const state = await reader.state(campaignId, unitId, obligationId);
  const row: ObligationRow = { workflowId: instance.id, campaignId, unitId, obligationId, status: state.status, escalationLevel: state.escalationLevel, dueAt: state.dueAt };
  const record = await reader.unitRecord(campaignId, unitId).catch(() => undefined);
  const { timeZone } = running.plan.campaign;
  const now = planNow(running);
  const returnNote = latestReturn(state, timeZone);
  return {
    ...summaryOf(running, row),
    measure: instance.schedule.measures.join('、'),
    state,
    actions: allowedActions(state),
    ...(state.pendingDecision ? { pendingStep: state.pendingDecision.label } : {}),
    ...(record ? { record } : {}),
    notices: await noticesOf(dependencies.notices, { campaignId, unitId }),
    attachmentNames: await attachmentNames(dependencies, state),
    timeZone,
    planNow: now.toISOString(),
    planNowLocal: chineseDateTime(now, timeZone),
    story: storyOf(state.history, timeZone),
    ...(returnNote ? { returnNote } : {}),
    ...(state.submission ? { submittedAtLocal: chineseDateTime(state.submission.at, timeZone) } : {}),
    recordStory: storyOf(record?.history ?? [], timeZone),
  };
}
