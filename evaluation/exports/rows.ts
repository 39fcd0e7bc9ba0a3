/**
 * The evaluation as rows and cells, shared by the CSV and XLSX exports so that both show the
 * same columns with the same words.
 */
import { formatRate, localDateTime, rankName } from '../format';
import { outcomeStatusNames } from '../../contracts/vocabulary';
import type { ObligationOutcome } from '../outcome';
import type { Evaluation, UnitScore } from '../score';

export const summaryHeader = ['名次', '单位', '得分', '按时率', '按时', '逾期', '未报', '逾期工作日', '退回修改', '督办级数', '督办通知', '约谈', '通报批评', '表扬', '考核结果', '得分明细'];

export function resultOf(unit: UnitScore): string {
  return unit.isPraised ? '表扬' : unit.isCriticised ? '通报批评' : '';
}

export function summaryRow(unit: UnitScore): (string | number)[] {
  const { tally } = unit;
  return [
    rankName(unit),
    unit.unit.name,
    unit.score,
    formatRate(unit.onTimeRate),
    tally.onTime,
    tally.late,
    tally.missing,
    tally.workingDaysLate,
    tally.returns,
    tally.escalationLevels,
    tally.supervisionNotices,
    tally.interviews,
    tally.criticisms,
    tally.praises,
    resultOf(unit),
    [`基础分${unit.base}`, ...unit.lines.map((line) => `${line.text}（${line.points >= 0 ? '+' : ''}${line.points}）`)].join('；'),
  ];
}

export const outcomeHeader = ['单位', '任务', '计划截止时间', '最终截止时间', '状态', '完成时间', '逾期工作日', '退回修改', '督办级数', '延期'];

export { outcomeStatusNames as statusNames } from '../../contracts/vocabulary';

export function outcomeRow(outcome: ObligationOutcome, unitName: string, timeZone: string): (string | number)[] {
  return [
    unitName,
    outcome.title,
    localDateTime(outcome.plannedDueAt, timeZone),
    localDateTime(outcome.dueAt, timeZone),
    `${outcomeStatusNames[outcome.status]}${outcome.awaitingReview ? '（待审核）' : ''}`,
    outcome.completedAt ? localDateTime(outcome.completedAt, timeZone) : '',
    outcome.workingDaysLate,
    outcome.returns,
    outcome.escalationLevel,
    outcome.deadlineChanges,
  ];
}

/** Outcomes in ranking order of their units, then by deadline. */
export function orderedOutcomes(evaluation: Evaluation): { outcome: ObligationOutcome; unitName: string }[] {
  return evaluation.units.flatMap((unit) =>
    evaluation.obligations
      .filter((outcome) => outcome.unitId === unit.unit.id)
      .sort((a, b) => Date.parse(a.plannedDueAt) - Date.parse(b.plannedDueAt))
      .map((outcome) => ({ outcome, unitName: unit.unit.name })),
  );
}
