/**
 * A national campaign's state for the campaign-scale suites: the synthetic definition of
 * bench/compile.ts with a rule, and every unit with a record of 40 history entries (a few of
 * them people's: a supervisor's decision and the interview it took, an administrator's praise;
 * here and there a dismissal or a unit taken off the criticism list) and a last event.
 */
import { syntheticDefinition } from '../bench/compile';
import { type Definition, definitionSchema } from '../config/definition/schema';
import type { LastEvent } from '../workflows/carried-state';
import type { UnitRecord } from '../contracts/campaign';

export const supervisor = '督查室 王科长';
export const administrator = '知识产权保护科';

/** The synthetic definition of `units` units and 30 obligations, its obligations assigned to two units only (a plan of ~100 instances; unit-0 issues it), a definition of full weight. */
export function nationalDefinition(units: number): Definition {
  const raw = syntheticDefinition(units, 30) as { escalation: Record<string, unknown>; obligations: Record<string, unknown>[] };
  raw.escalation.rules = [{ id: 'repeated', description: '两次督办通知后约谈', when: { '>=': [{ var: 'record.supervisionNotices' }, 2] }, escalateTo: 'level-4' }];
  raw.obligations = raw.obligations.map((obligation) => ({ ...obligation, assignees: ['unit-1', 'unit-2'] }));
  return definitionSchema.parse(raw);
}

const startMs = Date.parse('2022-04-16T01:00:00.000Z');

/** The records of `units` units, `entries` history entries each (at least 6), 3 or 4 of them people's. */
export function nationalRecords(units: number, entries = 40): UnitRecord[] {
  return Array.from({ length: units }, (_, unit) => {
    const at = (index: number) => new Date(startMs + (index * 3_600 + unit) * 1_000).toISOString();
    const history: UnitRecord['history'] = Array.from({ length: entries }, (_, index) => ({
      at: at(index),
      event: index % 2 ? 'message-sent' : 'overdue',
      by: '系统',
      detail: index % 2 ? `第3级（rule-repeated-${index}）→ unit-${unit}@example.gov.cn` : `任务${index % 30}：逾期`,
    }));
    // (Of 40 entries: the 11th and 12th, the 31st, the last.)
    const quarter = Math.floor(entries / 4);
    history[quarter] = { at: at(quarter), event: 'decided', by: supervisor, detail: `两次督办通知后约谈：同意（第${unit}单位多次逾期未整改）` };
    history[quarter + 1] = { at: at(quarter + 1), event: 'interview-notice', by: supervisor, detail: `第4级：第${unit}单位多次逾期未整改` };
    history[3 * quarter] = { at: at(3 * quarter), event: 'praise', by: administrator, detail: '表扬：整改到位' };
    if (unit % 10 === 3) history[entries - 1] = { at: at(entries - 1), event: 'uncriticized', by: administrator, detail: '移出通报批评名单：已整改' };
    if (unit % 10 === 7) history[entries - 1] = { at: at(entries - 1), event: 'dismissed', by: supervisor, detail: '两次督办通知后约谈：不予采取（已说明情况）' };
    return {
      unit: { id: `unit-${unit}`, name: `第${unit}单位` },
      overdueCount: 20 + (unit % 3),
      supervisionNotices: 2,
      interviews: 1,
      criticisms: unit % 10 === 3 ? 1 : 0,
      praises: 1,
      onCriticismList: unit % 10 === 5,
      pending: unit % 7 === 0 ? [{ ruleId: 'repeated', description: '两次督办通知后约谈', levelName: '第4级', at: at(20) }] : [],
      firedRules: ['repeated'],
      history,
    };
  });
}

/** Each unit's last event: a ladder step on one of the 30 obligations. */
export function nationalLastEvents(units: number): Map<string, LastEvent> {
  return new Map(
    Array.from({ length: units }, (_, unit) => [
      `unit-${unit}`,
      { obligation: { id: `obligation-${unit % 30}`, title: `任务${unit % 30}`, measure: `二(三)${unit % 30}` }, dueAt: '2022-04-15T09:30:00.000Z', level: 1 + (unit % 5), daysLate: unit % 12, returns: unit % 2 },
    ]),
  );
}

/** The people's notes of the records, by unit. */
export function peopleNotesOf(records: UnitRecord[]): Map<string, UnitRecord['history']> {
  return new Map(records.map((record) => [record.unit.id, record.history.filter((entry) => entry.by !== '系统')]));
}

/** How many entries of each event a record has had: those it carries and those it counts as omitted. */
export function eventTotalsOf(record: UnitRecord): Record<string, number> {
  const totals: Record<string, number> = { ...record.omittedHistory };
  for (const entry of record.history) totals[entry.event] = (totals[entry.event] ?? 0) + 1;
  return totals;
}
