/**
 * The supervisor's inbox, as data: escalated and overdue items, submissions waiting for review,
 * and open items due within 7 days. Visibility queries on the search attributes find them; each
 * campaign's definition names them. An item whose campaign cannot be read (an obligation started
 * on its own, a campaign whose definition is gone) is still listed, with what visibility knows:
 * one unreadable campaign never takes the inbox down.
 */
import { chineseDateTime, defaultTimeZone } from '../config/time-format';
import { obligationStatusNames } from '../contracts/vocabulary';
import { type CampaignReader, type ObligationRow, planNow, quote, type RunningCampaign } from './campaign-reader';
import { NotFoundError } from './errors';
import { isWithinScope, scopeClauses, type StaffScope } from './staff-scope';
import { type ItemSummary, summaryOf, type ViewDependencies } from './views';

const dueSoonMs = 7 * 24 * 60 * 60 * 1000;

export interface InboxFilters {
  campaign?: string;
  unit?: string;
  level?: number;
}

/** An inbox row: a campaign that cannot be read says why, and has no item page to open. */
export type InboxItem = ItemSummary & { unreadable?: string };

export interface InboxView {
  /** Escalated and overdue items: most severe first, then the oldest deadline. */
  escalated: InboxItem[];
  /** Submissions waiting for a review. */
  toReview: InboxItem[];
  /** Open or returned items whose deadline is within 7 days of their campaign's plan time. */
  dueSoon: InboxItem[];
  /** The campaigns the items belong to, for the filter. */
  campaigns: { campaignId: string; title: string }[];
}

/** `staffScope`: a scoped supervisor's units (./staff-scope.ts): nothing outside them is listed. */
export async function inboxView(dependencies: ViewDependencies, filters: InboxFilters, staffScope?: StaffScope): Promise<InboxView> {
  const { reader } = dependencies;
  const scope = [...(filters.campaign ? [`CampaignId = ${quote(filters.campaign)}`] : []), ...(filters.unit ? [`UnitId = ${quote(filters.unit)}`] : []), ...scopeClauses(staffScope)];
  const escalatedQuery = [
    '(ObligationStatus IN ("overdue", "awaiting-decision") OR (EscalationLevel >= 2 AND ObligationStatus IN ("open", "returned")))',
    ...(filters.level ? [`EscalationLevel >= ${filters.level}`] : []),
    ...scope,
  ].join(' AND ');
  const campaigns = new CampaignCache(reader);
  // A scope too large for the query is applied to the rows (scopeClauses gives none then).
  const within = (rows: ObligationRow[]) => rows.filter((row) => isWithinScope(staffScope, row.unitId));
  const [escalatedRows, reviewRows, dueSoonRows] = (
    await Promise.all([
      reader.listObligations(escalatedQuery),
      reader.listObligations(['ObligationStatus = "submitted"', ...scope].join(' AND ')),
      filters.level ? Promise.resolve([]) : dueSoon(reader, campaigns, filters, scopeClauses(staffScope)),
    ])
  ).map(within) as [ObligationRow[], ObligationRow[], ObligationRow[]];
  const summarise = async (rows: ObligationRow[]) => Promise.all(rows.map(async (row) => itemOf(await campaigns.read(row.campaignId), row)));
  const byDeadline = (a: InboxItem, b: InboxItem) => a.dueAt.localeCompare(b.dueAt) || `${a.campaignId}/${a.unitId}/${a.obligationId}`.localeCompare(`${b.campaignId}/${b.unitId}/${b.obligationId}`);
  const escalated = (await summarise(escalatedRows)).sort((a, b) => b.escalationLevel - a.escalationLevel || byDeadline(a, b));
  const toReview = (await summarise(reviewRows)).sort(byDeadline);
  const soon = (await summarise(dueSoonRows)).sort(byDeadline);
  const titles = new Map([...escalated, ...toReview, ...soon].map((item) => [item.campaignId, item.campaignTitle]));
  return {
    escalated,
    toReview,
    dueSoon: soon,
    campaigns: [...titles.entries()].map(([campaignId, title]) => ({ campaignId, title })).sort((a, b) => a.campaignId.localeCompare(b.campaignId)),
  };
}

/**
 * Items due within 7 days, campaign by campaign: `DueAt` holds plan time, which on a rehearsal
 * (a rebased campaign) is not the server's, so the window is each campaign's own plan now.
 */
async function dueSoon(reader: CampaignReader, campaigns: CampaignCache, filters: InboxFilters, scope: string[]): Promise<ObligationRow[]> {
  const ids = filters.campaign ? [filters.campaign] : await runningCampaignIds(reader);
  const found = await Promise.all(
    ids.map(async (campaignId) => {
      const read = await campaigns.read(campaignId);
      if ('unreadable' in read) return [];
      const from = planNow(read.running);
      const to = new Date(from.getTime() + dueSoonMs);
      return reader.listObligations(
        [
          `CampaignId = ${quote(campaignId)}`,
          'ObligationStatus IN ("open", "returned")',
          `DueAt >= ${quote(from.toISOString())}`,
          `DueAt <= ${quote(to.toISOString())}`,
          ...(filters.unit ? [`UnitId = ${quote(filters.unit)}`] : []),
          ...scope,
        ].join(' AND '),
      );
    }),
  );
  return found.flat();
}

async function runningCampaignIds(reader: CampaignReader): Promise<string[]> {
  const ids: string[] = [];
  for await (const execution of reader.client.workflow.list({ query: 'WorkflowType = "campaignWorkflow" AND ExecutionStatus = "Running"' })) {
    ids.push(execution.workflowId.replace(/^campaign\//, ''));
  }
  return [...new Set(ids)];
}

type CampaignRead = { running: RunningCampaign } | { unreadable: string };

/** Each campaign read once per inbox; one that cannot be read is remembered with the reason. */
class CampaignCache {
  private readonly reads = new Map<string, Promise<CampaignRead>>();

  constructor(private readonly reader: CampaignReader) {}

  read(campaignId: string): Promise<CampaignRead> {
    let read = this.reads.get(campaignId);
    if (!read) {
      read = this.reader.campaign(campaignId).then(
        (running) => ({ running }),
        // Whatever the cause (no such campaign, a definition this code cannot compile), the item stays listed.
        (error: unknown) => ({ unreadable: error instanceof NotFoundError ? error.message : `活动 ${campaignId} 的定义不可读：${(error as Error).message}` }),
      );
      this.reads.set(campaignId, read);
    }
    return read;
  }
}

function itemOf(read: CampaignRead, row: ObligationRow): InboxItem {
  if ('running' in read) return summaryOf(read.running, row);
  return {
    campaignId: row.campaignId,
    campaignTitle: row.campaignId,
    unitId: row.unitId,
    unitName: row.unitId,
    obligationId: row.obligationId,
    title: row.obligationId,
    status: row.status,
    statusName: obligationStatusNames[row.status],
    escalationLevel: row.escalationLevel,
    dueAt: row.dueAt,
    dueAtLocal: chineseDateTime(row.dueAt, defaultTimeZone),
    unreadable: read.unreadable,
  };
}
