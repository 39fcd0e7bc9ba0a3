/**
 * Two versions of a definition compared as "what changes for whom": new and removed obligations
 * with their units, deadlines moved per unit, units added to or taken from an obligation, changed
 * reminders and escalation steps, rules, templates, the campaign's facts and the evaluation. The
 * summary is the same `describeAmendment` the amendment of a running campaign shows.
 */
import { isDeepStrictEqual } from 'node:util';
import type { Plan, Schedule } from '../../config/compile';
import type { LoadedCampaign } from '../../config/definition/load';
import { describeAmendment } from '../administration';

export interface ComparisonSection {
  title: string;
  lines: string[];
}

export interface VersionComparison {
  /** describeAmendment's lines: what an amendment from the first to the second would announce. */
  summary: string[];
  sections: ComparisonSection[];
  /** Per unit (in the second version's unit order): what changes for it. */
  byUnit: Array<{ unitId: string; unit: string; lines: string[] }>;
}

const scheduleKey = (schedule: Pick<Schedule, 'obligationId' | 'occurrence'>) => `${schedule.obligationId}@${schedule.occurrence ?? ''}`;
const named = (schedule: Schedule) => `“${schedule.title}${schedule.occurrenceName ? `（${schedule.occurrenceName}）` : ''}”`;

/** What changes from `before` to `after`; see the module comment. */
export function compareVersions(before: LoadedCampaign, after: LoadedCampaign): VersionComparison {
  const sections: ComparisonSection[] = [
    { title: '活动信息', lines: campaignChanges(before, after) },
    { title: '任务', lines: obligationChanges(before.plan, after.plan) },
    { title: '提醒与督办', lines: stepChanges(before.plan, after.plan) },
    { title: '规则', lines: keyedChanges('规则', before.definition.escalation.rules, after.definition.escalation.rules) },
    { title: '消息模板', lines: keyedChanges('模板', entriesOf(before.definition.messages), entriesOf(after.definition.messages)) },
    { title: '绩效考核', lines: isDeepStrictEqual(before.definition.evaluation, after.definition.evaluation) ? [] : evaluationChanges(before, after) },
  ];
  return { summary: describeAmendment(before.plan, after.plan), sections: sections.filter((section) => section.lines.length > 0), byUnit: unitChanges(before.plan, after.plan) };
}

function campaignChanges(before: LoadedCampaign, after: LoadedCampaign): string[] {
  const a = before.definition.campaign;
  const b = after.definition.campaign;
  const fields: Array<[string, unknown, unknown]> = [
    ['活动编号', a.id, b.id],
    ['活动名称', a.title, b.title],
    ['发文字号', a.documentNumber, b.documentNumber],
    ['活动期限', `${a.period.start} 至 ${a.period.end}`, `${b.period.start} 至 ${b.period.end}`],
    ['报送对象', a.reportsTo, b.reportsTo],
    ['联系人', a.contacts.map((contact) => contact.name).join('、'), b.contacts.map((contact) => contact.name).join('、')],
  ];
  const lines = fields.filter(([, x, y]) => x !== y).map(([name, x, y]) => `${name}由“${String(x)}”改为“${String(y)}”`);
  const unitsBefore = new Set(before.definition.units.map((unit) => unit.id));
  const unitsAfter = new Set(after.definition.units.map((unit) => unit.id));
  const added = after.definition.units.filter((unit) => !unitsBefore.has(unit.id)).map((unit) => unit.name);
  const removed = before.definition.units.filter((unit) => !unitsAfter.has(unit.id)).map((unit) => unit.name);
  if (added.length > 0) lines.push(`新增单位：${added.join('、')}`);
  if (removed.length > 0) lines.push(`删除单位：${removed.join('、')}`);
  return lines;
}

function obligationChanges(before: Plan, after: Plan): string[] {
  const schedulesBefore = new Map(before.schedules.map((schedule) => [scheduleKey(schedule), schedule]));
  const schedulesAfter = new Map(after.schedules.map((schedule) => [scheduleKey(schedule), schedule]));
  const unitsOf = (plan: Plan, key: string) => plan.instances.filter((instance) => scheduleKey(instance.schedule) === key).map((instance) => instance.unitName);
  const lines: string[] = [];
  for (const [key, schedule] of schedulesAfter) {
    const old = schedulesBefore.get(key);
    if (!old) {
      lines.push(`新增任务${named(schedule)}：${summarise(unitsOf(after, key))}，截止 ${schedule.dueLocal}`);
      continue;
    }
    if (old.dueAt !== schedule.dueAt) lines.push(`${named(schedule)}截止时间由 ${old.dueLocal} 改为 ${schedule.dueLocal}（${unitsOf(after, key).length} 个单位）`);
    const unitsBefore = unitsOf(before, key);
    const unitsAfter = unitsOf(after, key);
    const joined = unitsAfter.filter((unit) => !unitsBefore.includes(unit));
    const left = unitsBefore.filter((unit) => !unitsAfter.includes(unit));
    if (joined.length > 0) lines.push(`${named(schedule)}新增承办单位：${joined.join('、')}`);
    if (left.length > 0) lines.push(`${named(schedule)}不再由以下单位承办：${left.join('、')}`);
    if (old.title !== schedule.title) lines.push(`任务“${old.title}”改名为“${schedule.title}”`);
    if (!isDeepStrictEqual(old.count, schedule.count)) lines.push(`${named(schedule)}次数要求由 ${countText(old)} 改为 ${countText(schedule)}`);
  }
  for (const [key, schedule] of schedulesBefore) if (!schedulesAfter.has(key)) lines.push(`删除任务${named(schedule)}（${unitsOf(before, key).length} 个单位）`);
  return lines;
}

const countText = (schedule: Schedule) => (schedule.count ? `${schedule.count.min}${schedule.count.max !== undefined ? `–${schedule.count.max}` : ' 次以上'}` : '无');
const summarise = (units: string[]) => (units.length <= 3 ? units.join('、') : `${units.slice(0, 3).join('、')}等 ${units.length} 个单位`);

/** Reminders and escalation steps of the obligations both versions have, by their labels. */
function stepChanges(before: Plan, after: Plan): string[] {
  const schedulesBefore = new Map(before.schedules.map((schedule) => [scheduleKey(schedule), schedule]));
  const lines: string[] = [];
  for (const schedule of after.schedules) {
    const old = schedulesBefore.get(scheduleKey(schedule));
    if (!old) continue;
    for (const [kind, pick] of [['提醒', (s: Schedule) => s.reminders], ['督办', (s: Schedule) => s.escalations]] as const) {
      const was = pick(old).map((step) => step.label);
      const now = pick(schedule).map((step) => step.label);
      if (!isDeepStrictEqual(was, now)) lines.push(`${named(schedule)}的${kind}由“${was.join('、') || '无'}”改为“${now.join('、') || '无'}”`);
    }
  }
  return lines;
}

function entriesOf<T>(record: Record<string, T>): Array<T & { id: string }> {
  return Object.entries(record).map(([id, value]) => ({ ...value, id }));
}

function keyedChanges<T extends { id: string; description?: string }>(what: string, before: T[], after: T[]): string[] {
  const old = new Map(before.map((item) => [item.id, item]));
  const lines: string[] = [];
  for (const item of after) {
    const previous = old.get(item.id);
    const name = `${what}“${item.id}”${item.description ? `（${item.description}）` : ''}`;
    if (!previous) lines.push(`新增${name}`);
    else if (!isDeepStrictEqual(previous, item)) lines.push(`修改${name}`);
  }
  const ids = new Set(after.map((item) => item.id));
  for (const item of before) if (!ids.has(item.id)) lines.push(`删除${what}“${item.id}”`);
  return lines;
}

function evaluationChanges(before: LoadedCampaign, after: LoadedCampaign): string[] {
  const a = before.definition.evaluation;
  const b = after.definition.evaluation;
  // No evaluation at all ('none', or left out) on either side: say that it changed, not how.
  if (typeof a !== 'object' || typeof b !== 'object') return [`绩效考核由“${typeof a === 'object' ? '考核' : String(a ?? '未设置')}”改为“${typeof b === 'object' ? '考核' : String(b ?? '未设置')}”`];
  const lines: string[] = [];
  if (a.base !== b.base) lines.push(`基础分由 ${a.base} 改为 ${b.base}`);
  for (const [key, value] of Object.entries(b.weights)) {
    const was = (a.weights as Record<string, number>)[key];
    if (was !== value) lines.push(`权重 ${key} 由 ${String(was)} 改为 ${value}`);
  }
  if (!isDeepStrictEqual(a.praise, b.praise) || !isDeepStrictEqual(a.criticism, b.criticism)) lines.push('表扬或通报批评的分数线有变化');
  return lines.length > 0 ? lines : ['考核规则有变化'];
}

/** For each unit: new obligations, moved deadlines, obligations it no longer has. */
function unitChanges(before: Plan, after: Plan): VersionComparison['byUnit'] {
  const old = new Map(before.instances.map((instance) => [instance.id, instance]));
  const current = new Set(after.instances.map((instance) => instance.id));
  const byUnit = new Map<string, { unitId: string; unit: string; lines: string[] }>();
  const entry = (unitId: string, unit: string) => byUnit.get(unitId) ?? byUnit.set(unitId, { unitId, unit, lines: [] }).get(unitId)!;
  for (const instance of after.instances) {
    const was = old.get(instance.id);
    if (!was) entry(instance.unitId, instance.unitName).lines.push(`新增${named(instance.schedule)}，截止 ${instance.schedule.dueLocal}`);
    else if (was.schedule.dueAt !== instance.schedule.dueAt) entry(instance.unitId, instance.unitName).lines.push(`${named(instance.schedule)}截止时间 ${was.schedule.dueLocal} → ${instance.schedule.dueLocal}`);
  }
  for (const instance of before.instances) if (!current.has(instance.id)) entry(instance.unitId, instance.unitName).lines.push(`不再有${named(instance.schedule)}（原截止 ${instance.schedule.dueLocal}）`);
  return [...byUnit.values()];
}
