/**
 * The plan as people read it: a timeline table (rows shared by several units are grouped), and
 * JSON, CSV and iCalendar (Outlook, phone calendars) for other tools. A moment on the
 * provisional calendar (its year has no official holiday arrangement yet) says 暂定 in each.
 */
import { createEvents, type EventAttributes } from 'ics';
import { type Plan, type Schedule, timelineOf } from '../config/compile';
import { type PlanFilter, type TimelineRow, timelineRows } from '../config/plan-timeline';
import { csvCell } from '../evaluation/exports/csv';

export type { PlanFilter } from '../config/plan-timeline';

export type PlanFormat = 'table' | 'json' | 'csv' | 'ics';
export const planFormats: PlanFormat[] = ['table', 'json', 'csv', 'ics'];

const provisionalMark = '（暂定）';

export function formatPlan(plan: Plan, format: PlanFormat, filter: PlanFilter = {}): string {
  switch (format) {
    case 'json':
      return `${JSON.stringify(filter.unitId || filter.from || filter.to ? filterPlan(plan, filter) : plan, null, 2)}\n`;
    case 'csv':
      return formatCsv(plan, filter);
    case 'ics':
      return formatIcs(plan, filter);
    case 'table':
      return formatTable(plan, filter);
  }
}

/** A moment of the timeline as JSON: what the table shows on one line, with the instances it concerns. */
export interface PlanMoment {
  at: string;
  local: string;
  obligation: string;
  what: string;
  key: string;
  /** On the provisional calendar (暂定). */
  provisional?: true;
  instanceIds: string[];
}

/**
 * The plan cut to the filter: the instances of the unit that have a moment in the window, each
 * schedule with only the reminders and escalation steps in the window, and the window's moments
 * as the table lists them. The deadline stays on the schedule (it names the occurrence) even
 * when it falls outside the window; `moments` has it only when it falls inside.
 */
function filterPlan(plan: Plan, filter: PlanFilter): Plan & { filter: PlanFilter; moments: PlanMoment[] } {
  const isInWindow = (local: string) => (!filter.from || local.slice(0, 10) >= filter.from) && (!filter.to || local.slice(0, 10) <= filter.to);
  const trimmed = new Map<Schedule, Schedule>();
  const trim = (schedule: Schedule): Schedule => {
    let cut = trimmed.get(schedule);
    if (!cut) {
      cut = { ...schedule, reminders: schedule.reminders.filter((step) => isInWindow(step.local)), escalations: schedule.escalations.filter((step) => isInWindow(step.local)) };
      trimmed.set(schedule, cut);
    }
    return cut;
  };
  const instances = plan.instances
    .filter((instance) => (!filter.unitId || instance.unitId === filter.unitId) && timelineOf(instance).some(({ local }) => isInWindow(local)))
    .map((instance) => ({ ...instance, schedule: trim(instance.schedule) }));
  const moments = timelineRows(plan, filter).map(({ instances: concerned, ...moment }) => ({ ...moment, instanceIds: concerned.map((instance) => instance.id) }));
  return {
    ...plan,
    filter,
    schedules: [...new Set(instances.map((instance) => instance.schedule))],
    instances,
    moments,
  };
}

function unitsCell(row: TimelineRow, plan: Plan): string {
  const names = row.instances.map((instance) => shortName(instance.unitName));
  const all = new Set(plan.instances.filter((instance) => instance.schedule.obligationId === row.instances[0]!.schedule.obligationId).map((instance) => instance.unitId));
  if (names.length > 3 && names.length === all.size) return `全部${names.length}个承办单位`;
  return names.join('、');
}

/** 滕州市市场监督管理局 → 滕州市局; the table has no room for full names. */
function shortName(name: string): string {
  return name.replace(/市场监督管理局$/, '局');
}

function formatTable(plan: Plan, filter: PlanFilter): string {
  const rows = timelineRows(plan, filter);
  const header = ['时间', '事项', '节点', '单位'];
  const body = rows.map((row) => [`${row.local}${row.provisional ? provisionalMark : ''}`, row.obligation, row.what, unitsCell(row, plan)]);
  const widths = header.map((title, column) => Math.max(displayWidth(title), ...body.map((cells) => displayWidth(cells[column]!))));
  const line = (cells: string[]) => cells.map((cell, column) => (column === cells.length - 1 ? cell : padEnd(cell, widths[column]!))).join('  ').trimEnd();
  const { campaign } = plan;
  const title = [
    `${campaign.title}（${campaign.documentNumber}）`,
    `期限 ${campaign.period.start} 至 ${campaign.period.end}，时区 ${campaign.timeZone}；${plan.instances.length} 项任务实例，${rows.length} 个时间节点${filter.unitId ? `（仅 ${filter.unitId}）` : ''}`,
    ...calendarLines(plan),
    '',
  ];
  return `${[...title, line(header), line(widths.map((width) => '-'.repeat(width))), ...body.map(line)].join('\n')}\n`;
}

/** The table's header lines on the calendar: the official arrangements given, the provisional years. */
function calendarLines(plan: Plan): string[] {
  const { arrangements, provisionalYears } = plan.calendar;
  return [
    ...(arrangements.length > 0 ? [`放假安排：${arrangements.map(({ year, source }) => `${year}年按${source}`).join('，')}`] : []),
    ...(provisionalYears.length > 0
      ? [`暂定日历：${provisionalYears.join('、')}年尚无国务院办公厅的放假安排，工作日只按周末和法定节假日计算（不含调休），标“${provisionalMark}”的日期在安排公布后可能变动`]
      : []),
  ];
}

function formatCsv(plan: Plan, filter: PlanFilter): string {
  const lines = [['时间', '时间(UTC)', '单位', '任务', '期次', '节点', '方案条目', '工作流ID', '暂定']];
  for (const row of timelineRows(plan, filter)) {
    for (const instance of row.instances) {
      const { schedule } = instance;
      lines.push([row.local, row.at, instance.unitName, schedule.title, schedule.occurrence ?? '', row.what, schedule.measures.join(' '), instance.id, row.provisional ? '暂定' : '']);
    }
  }
  // A byte-order mark so that Excel opens the Chinese text as UTF-8.
  return `\uFEFF${lines.map((cells) => cells.map(csvCell).join(',')).join('\r\n')}\r\n`;
}

function formatIcs(plan: Plan, filter: PlanFilter): string {
  const events: EventAttributes[] = timelineRows(plan, filter).map((row) => {
    const start = new Date(row.at);
    return {
      // The unit is part of the UID when the export is one unit's: two units' exports imported
      // into one calendar are different events, not one event overwritten by the other.
      uid: `${[plan.campaign.id, ...(filter.unitId ? [filter.unitId] : []), row.instances[0]!.schedule.obligationId, row.instances[0]!.schedule.occurrence ?? 'once', row.key].join('.')}@campaigns`,
      start: start.getTime(),
      startInputType: 'utc',
      startOutputType: 'utc',
      duration: { minutes: 30 },
      title: `${row.what}${row.provisional ? provisionalMark : ''}｜${row.obligation}`,
      description: `${plan.campaign.title}（${plan.campaign.documentNumber}）\n单位：${row.instances.map((instance) => instance.unitName).join('、')}${row.provisional ? `\n暂定：该年尚无国务院办公厅的放假安排，日期在安排公布后可能变动` : ''}`,
      productId: 'campaign-orchestrator',
      calName: plan.campaign.title,
    };
  });
  const { error, value } = createEvents(events);
  if (error || !value) throw error ?? new Error('the calendar could not be written');
  return value;
}

function displayWidth(text: string): number {
  let width = 0;
  for (const character of text) width += /[\u1100-\u115F\u2E80-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6]/.test(character) ? 2 : 1;
  return width;
}

function padEnd(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - displayWidth(text)));
}
