/**
 * 绩效考核: each unit's score from the definition's evaluation rules, with every point explained
 * in a line a unit can read (落实措施及实施方案：逾期5个工作日报送 −5), the ranking, and the praise
 * and criticism lists. Pure: obligation states + unit records + rules → the evaluation, at any
 * moment of the campaign (interim) or after its end (final).
 */
import { calendarOf } from '../config/calendar';
import { type Definition, type EvaluationRules, evaluationRulesOf } from '../config/definition/schema';
import type { UnitRecord } from '../contracts/campaign';
import { chineseDate, localDate } from './local-time';
import { type EvaluatedObligation, type ObligationOutcome, outcomeOf } from './outcome';
import { cumulativeLines, periodName, recordInYear, unscoredRules } from './periods';

/** One reason for points: what happened, and what it is worth (0 for lines that only explain). */
export interface BreakdownLine {
  /** The obligation concerned (absent for lines about the unit's record). */
  obligationId?: string;
  text: string;
  points: number;
}

export interface UnitTally {
  /** Evaluated obligations whose deadline has come (or that were handed in early). */
  due: number;
  onTime: number;
  late: number;
  missing: number;
  outstanding: number;
  waived: number;
  workingDaysLate: number;
  returns: number;
  escalationLevels: number;
  countTargetsMet: number;
  countTargetsMissed: number;
  supervisionNotices: number;
  interviews: number;
  criticisms: number;
  praises: number;
}

export interface UnitScore {
  unit: { id: string; name: string };
  score: number;
  /** 1 = best; units with equal scores share a rank (并列). */
  rank: number;
  isTied: boolean;
  base: number;
  lines: BreakdownLine[];
  tally: UnitTally;
  /** Share of due obligations handed in on time (undefined before anything fell due). */
  onTimeRate: number | undefined;
  isPraised: boolean;
  isCriticised: boolean;
  /** On the campaign's criticism list (通报批评名单) by a supervisor or the ladder. */
  isOnCriticismList: boolean;
  /**
   * Whether there is anything to judge the unit by, so it may be praised or criticised: always in
   * a final evaluation; in an interim one, once one of its evaluated deadlines has passed (or it
   * handed something in) or its record holds a step (a supervision notice, interview, criticism
   * or praise). On day 0 of a campaign nobody is praised for deadlines still to come.
   */
  isJudged: boolean;
}

export interface MonthRate {
  /** YYYY-MM of the deadline in effect. */
  month: string;
  due: number;
  onTime: number;
  rate: number;
}

export interface Evaluation {
  campaign: { id: string; title: string; documentNumber: string; issuer: string; period: { start: string; end: string } };
  /** Plan time the evaluation describes. */
  asOf: string;
  /** true once the campaign has ended: the ranking is final, missing reports count as missing. */
  isFinal: boolean;
  /** false for a plan without scoring (`evaluation: none`): `rules` then score nothing, and the outputs say 该方案未设绩效考核. */
  isScored: boolean;
  /** A yearly evaluation (年度考核): only that year's obligations and record entries; absent: the whole campaign. */
  period?: { year: number; name: string };
  rules: EvaluationRules;
  /** In ranking order; ties in the definition's unit order. */
  units: UnitScore[];
  praised: UnitScore[];
  criticised: UnitScore[];
  obligations: ObligationOutcome[];
  onTimeByMonth: MonthRate[];
}

export interface EvaluationInput {
  definition: Definition;
  obligations: EvaluatedObligation[];
  records: UnitRecord[];
  asOf: string;
  isFinal: boolean;
  /** 年度考核: the year to assess (obligations of that year, record entries of that year); absent: the whole campaign. */
  period?: number;
}

/** Scores, ranks and lists every unit that has evaluated obligations (the issuing section is not ranked). */
export function evaluateCampaign(input: EvaluationInput): Evaluation {
  const { definition, asOf, period } = input;
  const rules = evaluationRulesOf(definition) ?? unscoredRules;
  const timeZone = definition.campaign.timeZone;
  const levelNames = definition.escalation.levels.map((level) => level.name);
  // Ties in the directory's display order (`order`, else the order of the files).
  const unitOrder = new Map(definition.units.map((unit, index) => [unit.id, unit.order ?? index + 1]));
  const records = new Map(input.records.map((record) => [record.unit.id, period === undefined ? record : recordInYear(record, period, timeZone)]));

  const calendar = calendarOf(definition);
  const all = input.obligations
    .filter((obligation) => obligation.evaluated && obligation.unitId !== definition.campaign.issuer)
    .map((obligation) => ({ obligation, outcome: outcomeOf(obligation, asOf, timeZone, calendar) }));
  const inPeriod = period === undefined ? all : all.filter(({ obligation }) => (obligation.year ?? Number(localDate(obligation.dueAt, timeZone).slice(0, 4))) === period);
  const scored = inPeriod.map((entry) => entry.obligation);
  const outcomes = inPeriod.map((entry) => entry.outcome);
  const unitIds = [...new Set(scored.map((obligation) => obligation.unitId))].sort((a, b) => (unitOrder.get(a) ?? 0) - (unitOrder.get(b) ?? 0));
  const names = new Map(scored.map((obligation) => [obligation.unitId, obligation.unitName]));

  const outcomesByUnit = new Map<string, ObligationOutcome[]>();
  for (const outcome of outcomes) {
    const own = outcomesByUnit.get(outcome.unitId);
    if (own) own.push(outcome);
    else outcomesByUnit.set(outcome.unitId, [outcome]);
  }

  const context: UnitScoring = { rules, records, levelNames, timeZone, asOf, isFinal: input.isFinal, period, outcomesByUnit, all, names };
  const { units, criticised } = rankAndList(unitIds.map((unitId) => scoreUnit(unitId, context)), rules);

  return {
    campaign: {
      id: definition.campaign.id,
      title: definition.campaign.title,
      documentNumber: definition.campaign.documentNumber,
      issuer: definition.units.find((unit) => unit.id === definition.campaign.issuer)?.name ?? definition.campaign.issuer,
      period: definition.campaign.period,
    },
    asOf,
    isFinal: input.isFinal,
    isScored: evaluationRulesOf(definition) !== undefined,
    ...(period !== undefined ? { period: { year: period, name: periodName(period) } } : {}),
    rules,
    units,
    praised: units.filter((unit) => unit.isPraised),
    criticised,
    obligations: outcomes,
    onTimeByMonth: monthlyRates(outcomes, timeZone),
  };
}

interface UnitScoring {
  rules: EvaluationRules;
  records: Map<string, UnitRecord>;
  levelNames: string[];
  timeZone: string;
  asOf: string;
  isFinal: boolean;
  period: number | undefined;
  outcomesByUnit: Map<string, ObligationOutcome[]>;
  all: { obligation: EvaluatedObligation; outcome: ObligationOutcome }[];
  names: Map<string, string>;
}

type ScoredUnit = Omit<UnitScore, 'rank' | 'isTied' | 'isPraised' | 'isCriticised'> & { isJudged: boolean; isDisqualified: boolean };

/** One unit's score: the base, and a line a unit can read for every point. */
function scoreUnit(unitId: string, context: UnitScoring): ScoredUnit {
  const { rules, records, period } = context;
  const own = context.outcomesByUnit.get(unitId) ?? [];
  const record = records.get(unitId);
  const tally = tallyOf(own, record);
  const lines = [
    // Always shown, even at 0 points: a unit with nothing deducted sees what it was scored on.
    { text: `按时完成${tally.onTime}项`, points: tally.onTime * rules.weights.onTime },
    ...own.flatMap((outcome) => obligationLines(outcome, rules, context.levelNames, context.timeZone)),
    ...cumulativeLines(
      context.all.filter((entry) => entry.obligation.unitId === unitId),
      rules,
      { asOf: context.asOf, isFinal: context.isFinal, timeZone: context.timeZone, ...(period !== undefined ? { period } : {}) },
    ),
    ...recordLines(record, rules),
  ];
  return {
    unit: { id: unitId, name: context.names.get(unitId) ?? unitId },
    score: round(rules.base + lines.reduce((sum, line) => sum + line.points, 0)),
    base: rules.base,
    lines,
    tally,
    onTimeRate: tally.due > 0 ? tally.onTime / tally.due : undefined,
    isOnCriticismList: record?.onCriticismList ?? false,
    isJudged: context.isFinal || tally.due > 0 || tally.supervisionNotices + tally.interviews + tally.criticisms + tally.praises > 0,
    isDisqualified: isDisqualified(record, rules),
  };
}

/** Ranks the scored units (ties share a rank) and marks who is praised and who criticised. */
function rankAndList(scored: ScoredUnit[], rules: EvaluationRules): { units: UnitScore[]; criticised: UnitScore[] } {
  // Best first; equal scores keep the definition's unit order (Array.prototype.sort is stable).
  const ordered = [...scored].sort((a, b) => b.score - a.score);
  const ranked: (UnitScore & { isDisqualified: boolean })[] = ordered.map((unit, index) => ({
    ...unit,
    // 1 + the units scoring strictly more: the first position of this score in the order.
    rank: ordered.findIndex((other) => other.score === unit.score) + 1,
    isTied: ordered[index - 1]?.score === unit.score || ordered[index + 1]?.score === unit.score,
    isPraised: false,
    isCriticised: false,
  }));
  // Only units with something to judge are listed; a criticised unit, or one on the criticism
  // list or disqualified by its record, is not praised.
  const criticised = selectCriticised(ranked, rules).filter((unit) => unit.isJudged);
  for (const unit of criticised) unit.isCriticised = true;
  const praised = selectPraised(ranked.filter((unit) => !unit.isCriticised && !unit.isOnCriticismList && !unit.isDisqualified), rules).filter((unit) => unit.isJudged);
  for (const unit of praised) unit.isPraised = true;
  const units: UnitScore[] = ranked.map(({ isDisqualified: _disqualified, ...unit }) => unit);
  return { units, criticised: criticised.map((unit) => units.find((other) => other.unit.id === unit.unit.id)!) };
}

/** 取消评优资格: the record holds a step the definition says rules praise out (`praise.disqualifiedBy`). */
function isDisqualified(record: UnitRecord | undefined, rules: EvaluationRules): boolean {
  if (!record) return false;
  const counts = { 'supervision-notice': record.supervisionNotices, interview: record.interviews, 'public-criticism': record.criticisms };
  return (rules.praise.disqualifiedBy ?? []).some((kind) => counts[kind] > 0);
}

/** Praised: at or above the threshold; `maxUnits` caps by rank, so units tied at the cut stay together. */
function selectPraised(ranked: UnitScore[], rules: EvaluationRules): UnitScore[] {
  const { minScore, maxUnits } = rules.praise;
  return ranked.filter((unit) => unit.score >= minScore && (maxUnits === undefined || unit.rank <= maxUnits));
}

/** Criticised: at or below the threshold, worst first; `maxUnits` counts from the bottom, ties together. */
function selectCriticised(ranked: UnitScore[], rules: EvaluationRules): UnitScore[] {
  const { maxScore, maxUnits } = rules.criticism;
  return ranked
    .filter((unit) => unit.score <= maxScore && (maxUnits === undefined || ranked.filter((other) => other.score < unit.score).length < maxUnits))
    .reverse();
}

/**
 * The lines of one obligation: a line for every point it costs or earns (none for a weight of 0),
 * and notes at 0 points where the reason is not obvious (waived, extended).
 */
function obligationLines(outcome: ObligationOutcome, rules: EvaluationRules, levelNames: string[], timeZone: string): BreakdownLine[] {
  const { weights } = rules;
  const lines: BreakdownLine[] = [];
  const note = (text: string) => lines.push({ obligationId: outcome.obligationId, text: `${outcome.title}：${text}`, points: 0 });
  const score = (text: string, points: number) => {
    if (points !== 0) lines.push({ obligationId: outcome.obligationId, text: `${outcome.title}：${text}`, points });
  };
  if (outcome.status === 'waived') note('已免除，不计分');
  if (outcome.status === 'cancelled') note('已撤销，不计分');
  if (outcome.status === 'waived' || outcome.status === 'cancelled' || outcome.status === 'not-started') return lines;
  if (outcome.deadlineChanges > 0) note(`截止时间延期至${chineseDate(outcome.dueAt, timeZone)}，按新截止时间计`);
  const done = outcome.occurrences !== undefined ? '完成' : '报送';
  if ((outcome.status === 'late' || outcome.status === 'outstanding') && outcome.workingDaysLate > 0) {
    const { points, note: limit } = latenessPoints(outcome.workingDaysLate, rules);
    score(outcome.status === 'late' ? `逾期${outcome.workingDaysLate}个工作日${done}${limit}` : `尚未${done}，已逾期${outcome.workingDaysLate}个工作日${limit}`, points);
  }
  // A cooperating unit's part (配合) costs what the definition says for it, else what any missing report costs.
  if (outcome.status === 'missing') score(`活动结束仍未${done}`, outcome.isContribution ? weights.contributionMissing ?? weights.missing : weights.missing);
  if (outcome.status === 'target-missed') score(`未达到最低次数（完成${outcome.occurrences ?? 0}次，应完成${outcome.countMinimum ?? 1}次）`, weights.countTargetMissed);
  if (outcome.returns > 0) score(`退回修改${outcome.returns}次`, outcome.returns * weights.returnedForRevision);
  if (outcome.escalationLevel > 0) {
    const name = levelNames[outcome.escalationLevel - 1];
    score(`督办升级至第${outcome.escalationLevel}级${name ? `（${name}）` : ''}`, outcome.escalationLevel * weights.perEscalationLevel);
  }
  return lines;
}

/**
 * Points for working days late: at most `maxWorkingDaysLatePerObligation` days count, and never
 * more than not handing in at all would cost (else never handing in would pay).
 */
function latenessPoints(days: number, rules: EvaluationRules): { points: number; note: string } {
  const { perWorkingDayLate, missing } = rules.weights;
  const cap = rules.maxWorkingDaysLatePerObligation;
  const counted = cap === undefined ? days : Math.min(days, cap);
  let points = counted * perWorkingDayLate;
  let note = counted < days ? `（按上限${cap}个工作日计）` : '';
  if (points < missing && missing < 0) {
    points = missing;
    note = `（以未报送扣分${missing}分为限）`;
  }
  return { points, note };
}

function recordLines(record: UnitRecord | undefined, rules: EvaluationRules): BreakdownLine[] {
  if (!record) return [];
  const { weights } = rules;
  return [
    { text: `督办通知${record.supervisionNotices}次`, points: record.supervisionNotices * weights.supervisionNotice },
    { text: `约谈${record.interviews}次`, points: record.interviews * weights.interview },
    { text: `通报批评${record.criticisms}次`, points: record.criticisms * weights.publicCriticism },
    { text: `表扬${record.praises}次`, points: record.praises * weights.praise },
  ].filter((line) => line.points !== 0);
}

function tallyOf(outcomes: ObligationOutcome[], record: UnitRecord | undefined): UnitTally {
  const count = (...statuses: ObligationOutcome['status'][]) => outcomes.filter((outcome) => statuses.includes(outcome.status)).length;
  const isCount = (outcome: ObligationOutcome) => outcome.occurrences !== undefined;
  return {
    due: count('on-time', 'late', 'missing', 'target-missed', 'outstanding'),
    onTime: count('on-time'),
    late: count('late'),
    missing: count('missing', 'target-missed'),
    outstanding: count('outstanding'),
    waived: count('waived'),
    workingDaysLate: sum(outcomes.map((outcome) => outcome.workingDaysLate)),
    returns: sum(outcomes.map((outcome) => outcome.returns)),
    escalationLevels: sum(outcomes.map((outcome) => outcome.escalationLevel)),
    countTargetsMet: outcomes.filter((outcome) => isCount(outcome) && (outcome.status === 'on-time' || outcome.status === 'late')).length,
    countTargetsMissed: count('target-missed'),
    supervisionNotices: record?.supervisionNotices ?? 0,
    interviews: record?.interviews ?? 0,
    criticisms: record?.criticisms ?? 0,
    praises: record?.praises ?? 0,
  };
}

/** On-time share of the obligations due in each month (by the deadline in effect). */
export function monthlyRates(outcomes: ObligationOutcome[], timeZone: string): MonthRate[] {
  const months = new Map<string, { due: number; onTime: number }>();
  for (const outcome of outcomes) {
    if (!['on-time', 'late', 'missing', 'target-missed', 'outstanding'].includes(outcome.status)) continue;
    const month = localMonth(outcome.dueAt, timeZone);
    const entry = months.get(month) ?? { due: 0, onTime: 0 };
    entry.due += 1;
    if (outcome.status === 'on-time') entry.onTime += 1;
    months.set(month, entry);
  }
  return [...months.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([month, { due, onTime }]) => ({ month, due, onTime, rate: onTime / due }));
}

function localMonth(instant: string, timeZone: string): string {
  return localDate(instant, timeZone).slice(0, 7);
}

function sum(values: number[]): number {
  return values.reduce((total, value) => total + value, 0);
}

/** Scores are shown with at most two decimals; floating-point noise (0.1 + 0.2) must not split a tie. */
function round(value: number): number {
  return Math.round(value * 100) / 100;
}
