/**
 * What a per-period evaluation (年度考核) and a cumulative target need beyond one obligation's
 * outcome: the obligations and record entries of one year, and the lines of cumulative targets
 * ("到2025年累计不少于6家") over several yearly instances.
 */
import type { EvaluationRules } from '../config/definition/schema';
import type { UnitRecord } from '../contracts/campaign';
import { countOf } from '../workflows/campaign/unit-records';
import { localDate } from './local-time';
import type { EvaluatedObligation, ObligationOutcome } from './outcome';

/** The rules of a plan that is not scored: nothing earns or costs points, nobody is praised or criticised. */
export const unscoredRules: EvaluationRules = {
  base: 0,
  weights: { perWorkingDayLate: 0, returnedForRevision: 0, perEscalationLevel: 0, missing: 0, countTargetMissed: 0, onTime: 0, supervisionNotice: 0, interview: 0, publicCriticism: 0, praise: 0, cumulativeTargetMissed: 0 },
  praise: { minScore: Number.POSITIVE_INFINITY },
  criticism: { maxScore: Number.NEGATIVE_INFINITY },
};

/** 2024 → 2024年度 */
export function periodName(year: number): string {
  return `${year}年度`;
}

/**
 * A unit's record as it stood for one year: its supervision notices, interviews, criticisms and
 * praise counted from the entries of that year (the campaign keeps each with its plan time).
 */
export function recordInYear(record: UnitRecord, year: number, timeZone: string): UnitRecord {
  const history = record.history.filter((entry) => localDate(entry.at, timeZone).startsWith(`${year}-`));
  const counted = { overdueCount: 0, supervisionNotices: 0, interviews: 0, criticisms: 0, praises: 0 };
  for (const entry of history) {
    const field = entry.event === 'praise' ? 'praises' : countOf[entry.event];
    if (field) counted[field] += 1;
  }
  return { ...record, ...counted, history };
}

/**
 * The lines of the cumulative targets of one unit: the occurrences reported over a target's
 * periods against its minimum, once its date has come (or the campaign has ended). In a yearly
 * evaluation, a target counts in the year of its date.
 */
export function cumulativeLines(
  entries: { obligation: EvaluatedObligation; outcome: ObligationOutcome }[],
  rules: EvaluationRules,
  options: { asOf: string; isFinal: boolean; period?: number; timeZone: string },
): { obligationId: string; text: string; points: number }[] {
  const targets = new Map<string, { title: string; min: number; by: string; periods: string[]; reported: number }>();
  for (const { obligation, outcome } of entries) {
    const cumulative = obligation.count?.cumulative;
    if (!cumulative) continue;
    const [baseId, occurrence] = obligation.obligationId.split('@') as [string, string | undefined];
    const target = targets.get(baseId) ?? { title: obligation.title.replace(/（[^（）]*）$/, ''), ...cumulative, reported: 0 };
    targets.set(baseId, target);
    if (occurrence !== undefined && cumulative.periods.includes(occurrence)) target.reported += outcome.occurrences ?? 0;
  }
  const lines: { obligationId: string; text: string; points: number }[] = [];
  for (const [obligationId, target] of targets) {
    const isDue = options.isFinal || localDate(options.asOf, options.timeZone) > target.by;
    if (!isDue || (options.period !== undefined && Number(target.by.slice(0, 4)) !== options.period)) continue;
    const met = target.reported >= target.min;
    lines.push({
      obligationId,
      text: `${target.title}：截至${target.by}累计完成${target.reported}项，累计目标${target.min}项${met ? '，已达到' : '，未达到'}`,
      points: met ? 0 : rules.weights.cumulativeTargetMissed,
    });
  }
  return lines;
}
