/**
 * The plan as people read it: a timeline table (rows shared by several units are grouped), and
 * JSON, CSV and iCalendar (Outlook, phone calendars) for other tools. A moment on the
 * provisional calendar (its year has no official holiday arrangement yet) says 暂定 in each.
 */
import { type Plan, type Schedule, timelineOf } from '../config/compile';
import { type PlanFilter, type TimelineRow, timelineRows } from '../config/plan-timeline';
import { csvCell } from '../evaluation/exports/csv';
import { formatIcs } from './plan-ics';

export type { PlanFilter } from '../config/plan-timeline';

export type PlanFormat = 'table' | 'json' | 'csv' | 'ics';
export const planFormats: PlanFormat[] = ['table', 'json', 'csv', 'ics'];

const provisionalMark = '（暂定）';

export function formatPlan(plan: Plan, format: PlanFormat, filter: PlanFilter = {}): string {
  return formatPlans([plan], format, filter);
}

/** Several campaigns' plans (`plan a.yaml b.yaml --unit X`): one unit's moments across campaigns, each row naming its campaign. */
export function formatPlans(plans: Plan[], format: PlanFormat, filter: PlanFilter = {}): string {
  return [...planChunks(plans, format, filter)].join('');
}

/**
 * The same text in pieces, for writing to a stream: the JSON of a province's five-year plan
 * (170,000 instances) is longer than the longest string JavaScript can hold.
 */
export function* planChunks(plans: Plan[], format: PlanFormat, filter: PlanFilter = {}): Generator<string> {
  const isFiltered = Boolean(filter.unitId || filter.from || filter.to);
  switch (format) {
    case 'json': {
      const cut = plans.map((plan) => (isFiltered ? filterPlan(plan, filter) : plan));
      yield* prettyJson(cut.length === 1 ? cut[0] : { plans: cut }, '', 3);
      yield '\n';
      return;
    }
    case 'csv':
      yield* csvChunks(plans, filter);
      return;
    case 'ics':
      yield formatIcs(plans, filter);
      return;
    case 'table':
      yield formatTable(plans, filter);
  }
}

/** JSON.stringify(value, null, 2), in pieces: the outer `depth` levels of objects and lists one member at a time. */
function* prettyJson(value: unknown, indent: string, depth: number): Generator<string> {
  const isList = Array.isArray(value);
  const entries = isList ? value.map((item, index): [string, unknown] => [String(index), item]) : value !== null && typeof value === 'object' ? Object.entries(value).filter(([, item]) => item !== undefined) : undefined;
  if (depth === 0 || !entries || entries.length === 0 || typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    yield JSON.stringify(value, null, 2).replace(/\n/g, `\n${indent}`);
    return;
  }
  yield isList ? '[\n' : '{\n';
  for (const [index, [key, item]] of entries.entries()) {
    yield `${indent}  ${isList ? '' : `${JSON.stringify(key)}: `}`;
    yield* prettyJson(item, `${indent}  `, depth - 1);
    yield index < entries.length - 1 ? ',\n' : '\n';
  }
  yield `${indent}${isList ? ']' : '}'}`;
}

/** A moment of the timeline as JSON: what the table shows on one line, with the instances it concerns. */
export type PlanMoment = Omit<TimelineRow, 'instances'> & { instanceIds: string[] };

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

/** How many units each obligation of a plan has, counted once per plan (not once per row). */
const unitCounts = new WeakMap<Plan, Map<string, number>>();

function unitsCell(row: TimelineRow, plan: Plan): string {
  let counts = unitCounts.get(plan);
  if (!counts) {
    const units = new Map<string, Set<string>>();
    for (const instance of plan.instances) {
      const set = units.get(instance.schedule.obligationId) ?? new Set<string>();
      units.set(instance.schedule.obligationId, set.add(instance.unitId));
    }
    counts = new Map([...units].map(([obligationId, set]) => [obligationId, set.size]));
    unitCounts.set(plan, counts);
  }
  const count = counts.get(row.instances[0]!.schedule.obligationId) ?? 0;
  if (row.instances.length > 3 && row.instances.length === count) return `全部${count}个承办单位`;
  return row.instances.map((instance) => shortName(instance.unitName)).join('、');
}

/** 滕州市市场监督管理局 → 滕州市局; the table has no room for full names. */
function shortName(name: string): string {
  return name.replace(/市场监督管理局$/, '局');
}

/** The rows of every plan, in time order, each with its plan. */
function rowsOf(plans: Plan[], filter: PlanFilter): { row: TimelineRow; plan: Plan }[] {
  const rows = plans.flatMap((plan) => timelineRows(plan, filter).map((row) => ({ row, plan })));
  return plans.length === 1 ? rows : rows.sort((a, b) => a.row.at.localeCompare(b.row.at));
}

function formatTable(plans: Plan[], filter: PlanFilter): string {
  const rows = rowsOf(plans, filter);
  const isSeveral = plans.length > 1;
  const header = [...(isSeveral ? ['活动'] : []), '时间', '事项', '节点', '单位'];
  const body = rows.map(({ row, plan }) => [...(isSeveral ? [plan.campaign.title] : []), `${row.local}${row.provisional ? provisionalMark : ''}`, row.obligation, row.what, unitsCell(row, plan)]);
  const widths = header.map((title, column) => Math.max(displayWidth(title), ...body.map((cells) => displayWidth(cells[column]!))));
  const line = (cells: string[]) => cells.map((cell, column) => (column === cells.length - 1 ? cell : padEnd(cell, widths[column]!))).join('  ').trimEnd();
  // A plan over several years is read year by year: a heading before each year's moments.
  const years = [...new Set(rows.map(({ row }) => row.local.slice(0, 4)))];
  const lines: string[] = [];
  rows.forEach(({ row }, index) => {
    const year = row.local.slice(0, 4);
    if (years.length > 1 && (index === 0 || rows[index - 1]!.row.local.slice(0, 4) !== year)) lines.push(`${index === 0 ? '' : '\n'}【${year}年】`);
    lines.push(line(body[index]!));
  });
  const title = plans.flatMap((plan) => {
    const { campaign } = plan;
    const count = isSeveral ? rows.filter((entry) => entry.plan === plan).length : rows.length;
    return [
      `${campaign.title}（${campaign.documentNumber}）`,
      `期限 ${campaign.period.start} 至 ${campaign.period.end}，时区 ${campaign.timeZone}；${plan.instances.length} 项任务实例，${count} 个时间节点${filter.unitId ? `（仅 ${filter.unitId}）` : ''}`,
      ...calendarLines(plan),
      ...ongoingLines(plan, filter),
    ];
  });
  return `${[...title, '', line(header), line(widths.map((width) => '-'.repeat(width))), ...lines].join('\n')}\n`;
}

/** Tasks without a deadline of their own (持续推进), and how each is followed. */
function ongoingLines(plan: Plan, filter: PlanFilter): string[] {
  const tasks = plan.ongoing.filter((task) => !filter.unitId || task.unitIds.includes(filter.unitId));
  if (tasks.length === 0) return [];
  const periodNames: Record<string, string> = { year: '每年', 'half-year': '每半年', quarter: '每季度', month: '每月', week: '每周' };
  const titles = new Map(plan.schedules.map((schedule) => [schedule.obligationId, schedule.title]));
  const how = (task: Plan['ongoing'][number]) =>
    'in' in task.progress ? `纳入“${titles.get(task.progress.in) ?? task.progress.in}”报送` : 'every' in task.progress ? `${periodNames[task.progress.every]}报送进展` : '按重要时间节点报送进展';
  return [`持续推进：${tasks.map((task) => `${task.title}（${how(task)}）`).join('；')}`];
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

function* csvChunks(plans: Plan[], filter: PlanFilter): Generator<string> {
  // A byte-order mark so that Excel opens the Chinese text as UTF-8. 年度 and 活动 come last, so
  // that a sheet or script reading the earlier columns by position still reads them.
  yield `\uFEFF${['时间', '时间(UTC)', '单位', '任务', '期次', '节点', '方案条目', '工作流ID', '暂定', '年度', '活动'].join(',')}\r\n`;
  for (const { row, plan } of rowsOf(plans, filter)) {
    const lines = row.instances.map((instance) => {
      const { schedule } = instance;
      const cells = [row.local, row.at, instance.unitName, schedule.title, schedule.occurrence ?? '', row.what, schedule.measures.join(' '), instance.id, row.provisional ? '暂定' : '', String(schedule.year), plan.campaign.title];
      return `${cells.map(csvCell).join(',')}\r\n`;
    });
    yield lines.join('');
  }
}

function displayWidth(text: string): number {
  let width = 0;
  for (const character of text) width += /[\u1100-\u115F\u2E80-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6]/.test(character) ? 2 : 1;
  return width;
}

function padEnd(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - displayWidth(text)));
}
