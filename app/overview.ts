/**
 * A campaign at a glance: the unit × obligation matrix coloured by state, counts by state, and
 * cumulative submissions, acceptances and overdue items over plan time.
 */
import { howFollowed, type Plan, type PlannedStep, type Schedule } from '../config/compile';
import { chineseDateTime, localDate } from '../config/time-format';
import type { CampaignProgress } from '../contracts/campaign';
import { type ObligationState, type ObligationStatus, stateQuery } from '../contracts/obligation';
import type { CellState } from '../contracts/vocabulary';
import { type CampaignReader, type ObligationRow, planNow, quote } from './campaign-reader';
import { isWithinScope, progressWithinScope, requireCampaignWithinScope, scopeClauses, type StaffScope } from './staff-scope';

export class Overviews {
  /** Stories of obligations that can no longer change (accepted, waived, closed, cancelled), by Workflow ID. */
  private readonly settledStories = new Map<string, ObligationState>();

  constructor(private readonly reader: CampaignReader) {}

  /**
   * The unit × obligation matrix with counts, and the progress over plan time. Status, level and
   * deadline of every cell come from one visibility listing (the search attributes); an
   * obligation's story (a `state` query) is read only where the listing is not enough: a cell
   * whose planned reminder moment has passed (reminded or not), one that moved past `open`
   * (its submissions, acceptances and lateness draw the chart), one whose deadline moved. Stories
   * of settled obligations never change and are kept.
   */
  async overview(campaignId: string, scope?: StaffScope): Promise<CampaignOverview> {
    // A scoped supervisor's overview: their units' rows only (none: the campaign is "not found").
    await requireCampaignWithinScope(this.reader, campaignId, scope);
    const running = await this.reader.campaign(campaignId);
    const [progress, allRows, launchedBy] = await Promise.all([
      this.reader.progress(campaignId),
      this.reader.listObligations([`CampaignId = ${quote(campaignId)}`, ...scopeClauses(scope)].join(' AND ')),
      this.reader.launchedBy(campaignId).catch(() => undefined),
    ]);
    const rows = allRows.filter((row) => isWithinScope(scope, row.unitId));
    const byId = new Map(rows.map((row) => [row.workflowId, row]));
    const { plan } = running;
    const instances = new Map(plan.instances.map((instance) => [instance.id, instance]));
    const units = plan.instances.filter((instance) => isWithinScope(scope, instance.unitId)).reduce<{ id: string; name: string }[]>((list, instance) => {
      if (!list.some((unit) => unit.id === instance.unitId)) list.push({ id: instance.unitId, name: instance.unitName });
      return list;
    }, []);
    const columns = plan.schedules.map((schedule) => ({
      obligationId: schedule.occurrence ? `${schedule.obligationId}@${schedule.occurrence}` : schedule.obligationId,
      title: `${schedule.title}${schedule.occurrenceName ? `（${schedule.occurrenceName}）` : ''}`,
      dueLocal: schedule.dueLocal,
      dueAtLocal: chineseDateTime(schedule.dueAt, plan.campaign.timeZone),
    }));
    const now = planNow(running).toISOString();
    const needsStory = (row: ObligationRow) => {
      const schedule = instances.get(row.workflowId)?.schedule;
      if (!schedule || row.status !== 'open' || row.escalationLevel > 0) return true;
      const isMoved = row.dueAt !== '' && Date.parse(row.dueAt) !== Date.parse(schedule.dueAt);
      return isMoved || schedule.reminders.some((step) => step.at <= now);
    };
    const wanted = rows.filter(needsStory);
    const states = await mapLimited(wanted, 16, async (row) => {
      const kept = this.settledStories.get(row.workflowId);
      if (kept) return kept;
      const state = await this.reader.client.workflow.getHandle(row.workflowId).query(stateQuery).catch(() => undefined);
      if (state && terminal.includes(state.status)) this.settledStories.set(row.workflowId, state);
      return state;
    });
    const stateById = new Map(wanted.map((row, index) => [row.workflowId, states[index]]));
    const cellOf = (row: ObligationRow) => cellState(row, stateById.get(row.workflowId), instances.get(row.workflowId)?.schedule);
    const cells: Record<string, Record<string, MatrixCell | undefined>> = {};
    for (const instance of plan.instances.filter((candidate) => isWithinScope(scope, candidate.unitId))) {
      const obligationId = instance.id.split('/').slice(2).join('/');
      const row = byId.get(instance.id);
      (cells[instance.unitId] ??= {})[obligationId] = row && { ...row, cell: cellOf(row) };
    }
    const counts: Partial<Record<CellState, number>> = {};
    for (const row of rows) {
      const cell = cellOf(row);
      counts[cell] = (counts[cell] ?? 0) + 1;
    }
    // A scoped supervisor's figures count their units only.
    const ongoing = ongoingColumns(plan)
      .map((column) => ({ ...column, unitIds: column.unitIds.filter((unitId) => isWithinScope(scope, unitId)) }))
      .filter((column) => column.unitIds.length > 0);
    const children = rollUpChildren(plan, cells).filter((rollup) => isWithinScope(scope, rollup.unitId));
    if (ongoing.length > 0) counts.ongoing = ongoing.reduce((total, column) => total + column.unitIds.length, 0);
    return {
      campaignId,
      title: plan.campaign.title,
      plan,
      progress: progressWithinScope(progress, plan.instances.map((instance) => instance.unitId), rows.length, scope),
      ...(launchedBy ? { launchedBy } : {}),
      units,
      columns,
      cells,
      ongoing,
      children,
      counts,
      storiesRead: wanted.length,
      timeline: progressOverTime(states.filter((state): state is ObligationState => state !== undefined), plan.campaign.timeZone),
    };
  }
}

/** Statuses after which an obligation's story no longer changes. */
const terminal: ObligationStatus[] = ['accepted', 'waived', 'closed', 'cancelled'];

/**
 * A matrix cell's state: an overdue item by its level, an open one already reminded, and a channel
 * that asks for nothing (a count with minimum 0, met from launch) as a standing channel, not 已完成.
 */
export function cellState(row: Pick<ObligationRow, 'status' | 'escalationLevel'>, state?: ObligationState, schedule?: Pick<Schedule, 'reminders' | 'count'>): CellState {
  if ((row.status === 'overdue' || row.status === 'awaiting-decision') && row.escalationLevel > 0) return `overdue-${Math.min(row.escalationLevel, 5)}`;
  if (row.status === 'target-met' && schedule?.count?.min === 0) return 'standing';
  return row.status === 'open' && state && isReminded(state, schedule?.reminders ?? []) ? 'reminded' : row.status;
}

/**
 * Whether one of the plan's reminders went out: a `message-sent` record of one of its keys (the
 * key is the record's Message-ID part, `（reminder-3wd）`; after a new deadline, the same key
 * with the deadline's date, `reminder-3wd-20220429`), never a match on the words of the text.
 */
export function isReminded(state: ObligationState, reminders: Pick<PlannedStep, 'key'>[]): boolean {
  const keys = new Set(reminders.map((step) => step.key));
  return state.history.some((entry) => {
    if (entry.event !== 'message-sent') return false;
    const key = /（([a-z0-9-]+)）/.exec(entry.detail)?.[1];
    return key !== undefined && (keys.has(key) || keys.has(key.replace(/-\d{8}$/, '')));
  });
}

export type MatrixCell = ObligationRow & { cell: CellState };

export interface CampaignOverview {
  campaignId: string;
  title: string;
  plan: Plan;
  progress: CampaignProgress;
  /** Who launched it and when (plan time), when the launch recorded it. */
  launchedBy?: { by: string; at: string };
  /** How many obligations' stories this overview read (the others came from visibility alone). */
  storiesRead: number;
  units: { id: string; name: string }[];
  /** `dueLocal`: the plan's `2022-04-15 17:30`; `dueAtLocal`: as a person reads it, 2022年4月15日 17:30. */
  columns: { obligationId: string; title: string; dueLocal: string; dueAtLocal: string }[];
  cells: Record<string, Record<string, MatrixCell | undefined>>;
  /** Tasks without a deadline of their own: a column each after the dated ones, 持续推进 for its units. */
  ongoing: OngoingColumn[];
  /** Each parent's view of its children (a county's towns under its zone): their cells counted by state. */
  children: ChildRollup[];
  counts: Partial<Record<CellState, number>>;
  timeline: { date: string; submitted: number; accepted: number; overdue: number }[];
}

/** A task without a deadline of its own (持续推进) as a matrix column: how it is followed, and its units (owners). */
export interface OngoingColumn {
  obligationId: string;
  title: string;
  how: string;
  unitIds: string[];
}

/**
 * The plan's tasks without a deadline of their own. Such a task is never 未开始 nor 已完成: its
 * units' cells read 持续推进 while its progress reports (dated, each a column of its own) are
 * tracked like any other obligation.
 */
export function ongoingColumns(plan: Pick<Plan, 'ongoing' | 'schedules'>): OngoingColumn[] {
  return plan.ongoing.map((task) => ({ obligationId: task.obligationId, title: task.title, how: howFollowed(plan, task), unitIds: task.unitIds }));
}

/** A parent unit and the cells of every unit below it (children, their children …) counted by state. */
export interface ChildRollup {
  unitId: string;
  unitName: string;
  /** The units below it that have obligations in this campaign, in display order. */
  childIds: string[];
  counts: Partial<Record<CellState, number>>;
  total: number;
}

/**
 * Rolls each parent's descendants up (a zone: its counties and their towns), parents in display
 * order; a parent none of whose descendants has an obligation here is left out.
 */
export function rollUpChildren(plan: Pick<Plan, 'units' | 'childrenOf'>, cells: CampaignOverview['cells']): ChildRollup[] {
  // Every unit below, each once (a parent written in a circle is the validator's to report).
  const below = (unitId: string, seen: Set<string>): string[] => {
    const children = (plan.childrenOf[unitId] ?? []).filter((child) => !seen.has(child));
    for (const child of children) seen.add(child);
    return children.flatMap((child) => [child, ...below(child, seen)]);
  };
  const order = new Map(plan.units.map((unit, index) => [unit.id, index]));
  return plan.units.flatMap((parent) => {
    const childIds = below(parent.id, new Set([parent.id])).filter((id) => cells[id] !== undefined).sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0));
    if (childIds.length === 0) return [];
    const counts: Partial<Record<CellState, number>> = {};
    let total = 0;
    for (const cell of childIds.flatMap((id) => Object.values(cells[id]!))) {
      if (!cell) continue;
      counts[cell.cell] = (counts[cell.cell] ?? 0) + 1;
      total += 1;
    }
    return [{ unitId: parent.id, unitName: parent.name, childIds, counts, total }];
  });
}

/** The matrix's cells from the listing alone (the CLI's `status` reads no stories): unit → obligation → cell. */
export function cellsOfRows(rows: ObligationRow[]): CampaignOverview['cells'] {
  const cells: CampaignOverview['cells'] = {};
  for (const row of rows) (cells[row.unitId] ??= {})[row.obligationId] = { ...row, cell: cellState(row) };
  return cells;
}

/**
 * Each unit's obligations counted by the state of their cells (the CLI's `status`), a task
 * without a deadline of its own counted as 持续推进 for each of its units.
 */
export function countsByUnit(rows: ObligationRow[], plan: Pick<Plan, 'ongoing'>): Map<string, Partial<Record<CellState, number>>> {
  const byUnit = new Map<string, Partial<Record<CellState, number>>>();
  const add = (unitId: string, state: CellState) => {
    const counts = byUnit.get(unitId) ?? {};
    counts[state] = (counts[state] ?? 0) + 1;
    byUnit.set(unitId, counts);
  };
  for (const row of rows) add(row.unitId, cellState(row));
  for (const unitId of plan.ongoing.flatMap((task) => task.unitIds)) add(unitId, 'ongoing');
  return byUnit;
}

/**
 * Cumulative submissions, acceptances and overdue items by plan date, from the obligations'
 * stories: each event on its date in the campaign's zone (a submission at 07:00 Beijing time is
 * that day's, not the day before's as its UTC date would have it).
 */
export function progressOverTime(states: ObligationState[], timeZone: string): CampaignOverview['timeline'] {
  const events = states.flatMap((state) =>
    state.history.filter((entry) => ['submitted', 'accepted', 'overdue'].includes(entry.event)).map((entry) => ({ date: localDate(entry.at, timeZone), event: entry.event })),
  );
  const dates = [...new Set(events.map((event) => event.date))].sort();
  const totals = { submitted: 0, accepted: 0, overdue: 0 };
  return dates.map((date) => {
    for (const event of events.filter((candidate) => candidate.date === date)) totals[event.event as keyof typeof totals] += 1;
    return { date, ...totals };
  });
}

async function mapLimited<T, R>(items: T[], limit: number, map: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await map(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
