/**
 * The evaluation and the timeline as text for a terminal: the ranking table, the praise and
 * criticism lists, each unit's breakdown, and the timeline grouped by unit with an overall
 * summary. Columns are aligned by display width (a Chinese character takes two columns).
 */
import { eventName as obligationEventName } from '../contracts/vocabulary';
import { chineseDateTime, localDateTime, readableDetail } from './local-time';
import type { Evaluation, UnitScore } from './score';

export { localDateTime } from './local-time';
import type { TimelineEntry } from './sources';


/** 督办升级 for obligation events; 单位记录：督办通知 for the unit's record. */
export function eventName(event: string): string {
  if (!event.startsWith('record:')) return obligationEventName(event);
  return `单位记录：${obligationEventName(event.slice('record:'.length))}`;
}

export function formatPoints(points: number): string {
  return points > 0 ? `+${points}` : points === 0 ? '0' : `−${Math.abs(points)}`;
}

export function formatRate(rate: number | undefined): string {
  return rate === undefined ? '—' : `${Math.round(rate * 1000) / 10}%`;
}

/** 第1名, 并列第2名 */
export function rankName(unit: UnitScore): string {
  return `${unit.isTied ? '并列' : ''}第${unit.rank}名`;
}

/** What a plan without scoring (`evaluation: none`) says where a ranking would be. */
export const notScoredText = '该方案未设绩效考核';

export function evaluationHeading(evaluation: Evaluation, timeZone: string): string {
  const when = evaluation.isFinal ? '最终排名' : `阶段性排名（截至 ${chineseDateTime(evaluation.asOf, timeZone)}）`;
  return `${evaluation.campaign.title}（${evaluation.campaign.documentNumber}）${evaluation.period?.name ?? ''}绩效考核 · ${when}`;
}

/** A plan without scoring: no ranking, each unit's completion of what it was asked. */
function formatCompletionText(evaluation: Evaluation, timeZone: string): string {
  const when = evaluation.isFinal ? '' : `（截至 ${chineseDateTime(evaluation.asOf, timeZone)}）`;
  const rows = evaluation.units.map((unit) => [unit.unit.name, String(unit.tally.due), String(unit.tally.onTime), String(unit.tally.late), String(unit.tally.missing), String(unit.tally.outstanding)]);
  const lines = [
    `${evaluation.campaign.title}（${evaluation.campaign.documentNumber}）${evaluation.period?.name ?? ''}完成情况${when}`,
    `${notScoredText}，以下只列各单位完成情况，不排名。`,
    '',
    ...alignColumns([['单位', '已到期', '按时', '逾期报送', '未报', '逾期未报'], ...rows]),
  ];
  return `${lines.join('\n')}\n`;
}

export function formatEvaluationText(evaluation: Evaluation, timeZone: string): string {
  if (!evaluation.isScored) return formatCompletionText(evaluation, timeZone);
  const rows = evaluation.units.map((unit) => [
    rankName(unit),
    unit.unit.name,
    String(unit.score),
    formatRate(unit.onTimeRate),
    String(unit.tally.late),
    String(unit.tally.missing),
    String(unit.tally.workingDaysLate),
    String(unit.tally.returns),
    String(unit.tally.escalationLevels),
    unit.isPraised ? '表扬' : unit.isCriticised ? '通报批评' : '',
  ]);
  const lines = [
    evaluationHeading(evaluation, timeZone),
    '',
    ...alignColumns([['名次', '单位', '得分', '按时率', '逾期', '未报', '逾期工作日', '退回', '督办级数', '结果'], ...rows]),
    '',
    `表扬（得分不低于${evaluation.rules.praise.minScore}）：${evaluation.praised.map((unit) => unit.unit.name).join('、') || '无'}`,
    `通报批评（得分不高于${evaluation.rules.criticism.maxScore}）：${evaluation.criticised.map((unit) => unit.unit.name).join('、') || '无'}`,
    '',
    '得分明细',
  ];
  for (const unit of evaluation.units) {
    lines.push('', `${unit.unit.name}：${unit.score}分（${rankName(unit)}）`, `  基础分 ${unit.base}`);
    for (const line of unit.lines) lines.push(`  ${line.text}  ${formatPoints(line.points)}`);
  }
  return `${lines.join('\n')}\n`;
}

/** An entry's item and what was recorded, with every instant in it on the campaign's wall clock. */
export function entryText(entry: TimelineEntry, timeZone: string): string {
  return `${entry.title ? `${entry.title}：` : ''}${readableDetail(entry.detail, timeZone)}`;
}

/** The timeline per unit (every message, escalation and action), then the overall counts. */
export function formatTimelineText(timeline: TimelineEntry[], timeZone: string, options: { unit?: string } = {}): string {
  const lines: string[] = [];
  const units = [...new Map(timeline.map((entry) => [entry.unitId, entry.unitName])).entries()];
  for (const [unitId, unitName] of units) {
    if (options.unit && options.unit !== unitId) continue;
    lines.push(`== ${unitName}（${unitId}）==`);
    for (const entry of timeline.filter((item) => item.unitId === unitId)) {
      lines.push(`${localDateTime(entry.at, timeZone)}  ${eventName(entry.event)}  ${entryText(entry, timeZone)}`);
    }
    lines.push('');
  }
  if (options.unit) return `${lines.join('\n')}\n`;
  lines.push('== 全部单位 ==');
  const counts = new Map<string, number>();
  for (const entry of timeline) counts.set(entry.event, (counts.get(entry.event) ?? 0) + 1);
  lines.push([...counts.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([event, count]) => `${eventName(event)} ${count}`).join('，'));
  const monthly = new Map<string, number>();
  for (const entry of timeline) {
    if (entry.event !== 'message-sent') continue;
    const month = localDateTime(entry.at, timeZone).slice(0, 7);
    monthly.set(month, (monthly.get(month) ?? 0) + 1);
  }
  lines.push(`每月发送：${[...monthly.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([month, count]) => `${month} ${count}封`).join('，')}`);
  lines.push('', '督办与处理（全部单位，按时间）：');
  for (const entry of timeline) {
    if (!overallEvents.has(entry.event) && !entry.event.startsWith('record:')) continue;
    lines.push(`${localDateTime(entry.at, timeZone)}  ${entry.unitName}  ${eventName(entry.event)}  ${entryText(entry, timeZone)}`);
  }
  return `${lines.join('\n')}\n`;
}

/** What the overall timeline lists: the ladder and what people decided, not every reminder. */
const overallEvents: ReadonlySet<string> = new Set(['overdue', 'escalated', 'awaiting-decision', 'decided', 'waived', 'returned', 'extended', 'closed', 'message-failed']);

/** Display width: CJK and full-width characters take two columns. */
function displayWidth(text: string): number {
  let width = 0;
  for (const character of text) width += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u.test(character) ? 2 : 1;
  return width;
}

function alignColumns(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => displayWidth(row[column] ?? ''))));
  return rows.map((row) => row.map((cell, column) => cell + ' '.repeat((widths[column] ?? 0) - displayWidth(cell))).join('  ').trimEnd());
}
