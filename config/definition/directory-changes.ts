/**
 * Reading a directory version against another: what changed, as an administrator reads it in the
 * version list (新增单位…, 联系人：新增…), and which units a supervisor's scope covers (a unit and
 * every unit below it, a group's members and theirs).
 */
import { childrenPrefix } from './schema';
import type { DirectoryContact, DirectorySnapshot, DirectoryUnit } from './directory';

const unitLabel = (unit: Pick<DirectoryUnit, 'id' | 'name'>) => `${unit.name}（${unit.id}）`;
const contactLabel = (contact: DirectoryContact) => [contact.name, contact.role].filter(Boolean).join('，');
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Lines like 新增单位：… / 修改单位 …：联系人（新增 …）; the first version says what it holds. */
export function describeDirectoryChanges(before: DirectorySnapshot | undefined, after: DirectorySnapshot): string[] {
  if (!before) return [`初始版本：${after.units.length} 个单位，${Object.keys(after.groups).length} 个分组`];
  const lines: string[] = [];
  const old = new Map(before.units.map((unit) => [unit.id, unit]));
  const current = new Map(after.units.map((unit) => [unit.id, unit]));
  for (const unit of after.units) {
    const earlier = old.get(unit.id);
    if (!earlier) lines.push(`新增单位：${unitLabel(unit)}`);
    else if (!same(earlier, unit)) lines.push(`修改单位 ${unitLabel(unit)}：${unitChanges(earlier, unit).join('；')}`);
  }
  for (const unit of before.units) if (!current.has(unit.id)) lines.push(`删除单位：${unitLabel(unit)}`);
  for (const [id, members] of Object.entries(after.groups)) {
    const earlier = before.groups[id];
    if (!earlier) lines.push(`新增分组 ${id}：${members.join('、') || '（无成员）'}`);
    else if (!same(earlier, members)) {
      const added = members.filter((member) => !earlier.includes(member));
      const removed = earlier.filter((member) => !members.includes(member));
      const parts = [added.length > 0 ? `增加 ${added.join('、')}` : '', removed.length > 0 ? `移出 ${removed.join('、')}` : ''].filter(Boolean);
      lines.push(`分组 ${id}：${parts.join('；') || '成员顺序调整'}`);
    }
  }
  for (const id of Object.keys(before.groups)) if (!(id in after.groups)) lines.push(`删除分组 ${id}`);
  for (const [id, name] of Object.entries(after.unitKinds)) if (before.unitKinds[id] !== name) lines.push(`单位类别 ${id}：${name}`);
  for (const id of Object.keys(before.unitKinds)) if (!(id in after.unitKinds)) lines.push(`删除单位类别 ${id}`);
  return lines.length > 0 ? lines : ['内容与上一版本相同'];
}

function unitChanges(before: DirectoryUnit, after: DirectoryUnit): string[] {
  const fields: [keyof DirectoryUnit, string][] = [['name', '名称'], ['kind', '类别'], ['parent', '上级单位'], ['order', '显示顺序']];
  const changes = fields.filter(([field]) => before[field] !== after[field]).map(([field, label]) => `${label}由“${String(before[field] ?? '无')}”改为“${String(after[field] ?? '无')}”`);
  if (!same(before.contacts, after.contacts)) {
    const added = after.contacts.filter((contact) => !before.contacts.some((other) => same(other, contact)));
    const removed = before.contacts.filter((contact) => !after.contacts.some((other) => same(other, contact)));
    const parts = [added.length > 0 ? `新增或修改 ${added.map(contactLabel).join('、')}` : '', removed.length > 0 ? `删除或修改前 ${removed.map(contactLabel).join('、')}` : ''].filter(Boolean);
    changes.push(`联系人（${parts.join('；') || '顺序调整'}）`);
  }
  return changes;
}

/**
 * The unit ids a scope covers: each entry a group (its members, `children-of:` expanded) or a unit,
 * each with every unit below it in the directory (a county's towns). An entry the directory does
 * not know stands for itself, so that a unit removed from the directory stays in scope for the
 * campaigns that still have it, and the scope never widens by accident.
 */
export function unitsWithin(directory: DirectorySnapshot, entries: readonly string[]): Set<string> {
  const children = new Map<string, string[]>();
  for (const unit of directory.units) if (unit.parent) children.set(unit.parent, [...(children.get(unit.parent) ?? []), unit.id]);
  const within = new Set<string>();
  const addWithDescendants = (id: string) => {
    if (within.has(id)) return;
    within.add(id);
    for (const child of children.get(id) ?? []) addWithDescendants(child);
  };
  for (const entry of entries) {
    const members = directory.groups[entry] ?? [entry];
    for (const member of members) {
      if (member.startsWith(childrenPrefix)) for (const child of children.get(member.slice(childrenPrefix.length)) ?? []) addWithDescendants(child);
      else addWithDescendants(member);
    }
  }
  return within;
}
