/**
 * Pieces of a draft definition that do not come from the notice's words: ids, the standard
 * reminder and escalation skeleton an administrator adjusts, YAML scalars, and units when no
 * directory was given. Kept apart from definition.ts, which maps what the notice says.
 */
import { stringify } from 'yaml';
import type { Directory, DirectoryUnit, UnitReference } from './units';

/** A YAML scalar on one line (quoted only when it must be). */
export function scalar(value: unknown): string {
  return stringify(value, { lineWidth: 0 }).trim();
}

/** A flow mapping on one line: { date: 2022-04-15 }. */
export function flow(value: Record<string, unknown>): string {
  const parts = Object.entries(value)
    .filter(([, part]) => part !== undefined)
    .map(([key, part]) => `${key}: ${typeof part === 'object' && part !== null && !Array.isArray(part) ? flow(part as Record<string, unknown>) : Array.isArray(part) ? `[${part.map(scalar).join(', ')}]` : scalar(part)}`);
  return `{ ${parts.join(', ')} }`;
}

const eventIds: Array<[RegExp, string]> = [
  [/春节/, 'spring-festival'], [/元旦/, 'new-year'], [/元宵/, 'lantern-festival'], [/清明/, 'qingming'], [/五一|劳动节/, 'may-day'],
  [/端午/, 'dragon-boat-festival'], [/中秋/, 'mid-autumn'], [/国庆/, 'national-day'], [/知识产权日/, 'world-ip-day'], [/品牌日/, 'china-brand-day'],
];

/** A readable event id: may-day, world-ip-day, else event-4-26 / event-N. */
export function eventId(name: string, index: number): string {
  const known = eventIds.find(([pattern]) => pattern.test(name));
  if (known) return known[1];
  const day = /^(\d{1,2})·(\d{1,2})/.exec(name);
  return day ? `event-${day[1]}-${day[2]}` : `event-${index + 1}`;
}

/** The ids a resolved reference stands for (a group, a unit, or several units). */
export function idsOf(reference: UnitReference): string[] {
  if (reference.groupId) return [reference.groupId];
  if (reference.unitId) return [reference.unitId];
  return reference.unitIds ?? [];
}

/** Units for a notice read without a directory: one placeholder unit per name met, kinds guessed and flagged. */
export function placeholderDirectory(names: string[]): Directory {
  const units: DirectoryUnit[] = names.map((name, index) => ({
    id: `unit-${index + 1}`,
    name,
    kind: /(科|处|室|办公室)$/.test(name) ? 'city-section' : /(区|县|市)(.*局)?$/.test(name) ? 'district' : 'bureau',
  }));
  return { units, groups: {} };
}

/** The standard reminder policy, escalation ladder and evaluation: a starting point, to be confirmed. */
export const standardSkeleton = [
  '# 待确认：以下提醒、督办层级与考核规则不是通知原文，是通用的起点，请按本单位制度调整。',
  'defaults:',
  '  dueTime: "17:30"',
  '  onHoliday: next-working-day',
  '  reminders:',
  '    before: [{ workingDays: 5 }, { workingDays: 1 }]',
  '    time: "09:00"',
  '    to: [unit-contacts]',
  '    cc: [issuer-contacts]',
  'escalation:',
  '  levels:',
  '    - { id: overdue-notice, name: 逾期提醒, after: { workingDays: 1 }, notify: [unit-contacts], message: overdue-notice }',
  '    - { id: supervision-notice, name: 督办通知, after: { workingDays: 5 }, notify: [unit-contacts, supervisors], message: supervision-notice, requiresDecision: true }',
  'evaluation:',
  '  base: 100',
  '  weights: { perWorkingDayLate: -1, returnedForRevision: -2, perEscalationLevel: -3, missing: -10, countTargetMissed: -5 }',
  '  praise: { minScore: 95 }',
  '  criticism: { maxScore: 70 }',
];
