/**
 * The evaluation as a self-contained HTML report: the ranking as a bar chart, the on-time rate
 * month by month as a line chart (both inline SVG drawn here, no script, no network), the
 * ranking table, each unit's breakdown and, for a simulation, the timeline.
 */
import { chineseDateTime, localDate } from '../../config/time-format';
import { entryText, eventName, evaluationHeading, formatPoints, formatRate, rankName } from '../format';
import type { Evaluation } from '../score';
import type { TimelineEntry } from '../sources';
import { resultOf } from './rows';

/** The report as a self-contained document (the download, the simulation's report). */
export function renderHtml(evaluation: Evaluation, timeZone: string, timeline?: TimelineEntry[]): string {
  const { heading, style, body } = htmlReportParts(evaluation, timeZone, timeline);
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escape(heading)}</title>
<style>
body { font-family: "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif; margin: 2em; color: #222; }
${style}
</style></head><body>
<h1>${escape(heading)}</h1>
${body}
</body></html>
`;
}

/**
 * The report's parts, for a page that frames it (the web's evaluation page): its heading, the
 * styles of its tables and charts, and its body after the heading. The charts scale to the width
 * they are given (a viewBox, width 100 %), so a narrow screen shows them whole.
 */
export function htmlReportParts(evaluation: Evaluation, timeZone: string, timeline?: TimelineEntry[]): { heading: string; style: string; body: string } {
  const heading = evaluationHeading(evaluation, timeZone);
  const rows = evaluation.units
    .map((unit) => `<tr><td>${escape(rankName(unit))}</td><td>${escape(unit.unit.name)}</td><td class="number">${unit.score}</td><td class="number">${formatRate(unit.onTimeRate)}</td><td class="number">${unit.tally.workingDaysLate}</td><td class="number">${unit.tally.returns}</td><td class="number">${unit.tally.escalationLevels}</td><td>${resultOf(unit)}</td></tr>`)
    .join('\n');
  const breakdowns = evaluation.units
    .map((unit) => `<section class="unit"><h3>${escape(unit.unit.name)}：${unit.score}分（${escape(rankName(unit))}）</h3><table><tr><td>基础分</td><td class="number">${unit.base}</td></tr>${unit.lines.map((line) => `<tr><td>${escape(line.text)}</td><td class="number">${escape(formatPoints(line.points))}</td></tr>`).join('')}</table></section>`)
    .join('\n');
  const timelineSection = timeline
    ? `<h2>时间线</h2><div class="table-scroll"><table class="timeline"><tr><th>时间</th><th>单位</th><th>事件</th><th>内容</th></tr>${timeline.map((entry) => `<tr><td>${chineseDateTime(entry.at, timeZone)}</td><td>${escape(entry.unitName)}</td><td>${escape(eventName(entry.event))}</td><td>${escape(entryText(entry, timeZone))}</td></tr>`).join('\n')}</table></div>`
    : '';
  const style = `.report table { border-collapse: collapse; margin: 1em 0; } .report td, .report th { border: 1px solid #ccc; padding: 4px 8px; text-align: left; }
.report .number { text-align: right; } .report .table-scroll { overflow-x: auto; max-width: 100%; } .report svg { display: block; width: 100%; height: auto; } .report svg text { font-size: 12px; }`;
  const body = `<div class="report">
<p>表扬：${escape(evaluation.praised.map((unit) => unit.unit.name).join('、') || '无')}；通报批评：${escape(evaluation.criticised.map((unit) => unit.unit.name).join('、') || '无')}</p>
<h2>排名</h2>
${rankingChart(evaluation)}
<div class="table-scroll"><table><tr><th>名次</th><th>单位</th><th>得分</th><th>按时率</th><th>逾期工作日</th><th>退回修改</th><th>督办级数</th><th>结果</th></tr>
${rows}
</table></div>
<h2>按时报送率（按月）</h2>
${onTimeChart(evaluation, timeZone)}
<h2>得分明细</h2>
${breakdowns}
${timelineSection}
</div>`;
  return { heading, style, body };
}

/** Horizontal bars, one per unit in ranking order, scaled from 0 to the highest of base and best score. */
function rankingChart(evaluation: Evaluation): string {
  const barHeight = 24;
  const labelWidth = 220;
  const chartWidth = 420;
  const top = Math.max(evaluation.rules.base, ...evaluation.units.map((unit) => unit.score), 1);
  const bars = evaluation.units.map((unit, index) => {
    const y = index * (barHeight + 6);
    const width = Math.max(0, (unit.score / top) * chartWidth);
    const colour = unit.isCriticised ? '#c0392b' : unit.isPraised ? '#27ae60' : '#2c7fb8';
    return `<text x="${labelWidth - 8}" y="${y + 16}" text-anchor="end">${escape(unit.unit.name)}</text><rect x="${labelWidth}" y="${y}" width="${width.toFixed(1)}" height="${barHeight}" fill="${colour}"><title>${escape(`${unit.unit.name} ${unit.score}分`)}</title></rect><text x="${labelWidth + width + 6}" y="${y + 16}">${unit.score}</text>`;
  });
  const height = evaluation.units.length * (barHeight + 6);
  const width = labelWidth + chartWidth + 60;
  return `<svg class="ranking-chart" role="img" aria-label="排名柱状图" viewBox="0 0 ${width} ${height}" width="100%" style="max-width:${width}px" xmlns="http://www.w3.org/2000/svg">${bars.join('')}</svg>`;
}

/**
 * The on-time rate of the obligations due each month, 0–100 %, as bars on the campaign's months:
 * from its first month to its last (final) or to the month of the evaluation (interim), in the
 * campaign's zone. A month with nothing due has no bar and says so; each bar is labelled with
 * its rate, so one month of data early in a campaign reads as one month of ten, not a lone point.
 */
function onTimeChart(evaluation: Evaluation, timeZone: string): string {
  const rates = new Map(evaluation.onTimeByMonth.map((month) => [month.month, month]));
  if (rates.size === 0) return '<p>尚无到期任务。</p>';
  const last = evaluation.isFinal ? evaluation.campaign.period.end.slice(0, 7) : localDate(evaluation.asOf, timeZone).slice(0, 7);
  const months = monthsBetween(evaluation.campaign.period.start.slice(0, 7), [last, ...rates.keys()].sort().at(-1)!);
  const height = 220;
  const left = 40;
  const bottom = 30;
  const step = 56;
  const width = left + months.length * step + 10;
  const plotHeight = height - bottom - 10;
  const y = (rate: number) => 10 + (1 - rate) * plotHeight;
  const bars = months
    .map((month, index) => {
      const x = left + index * step + 8;
      const name = `${Number(month.slice(5))}月`;
      const entry = rates.get(month);
      const label = `<text x="${x + 20}" y="${height - 8}" text-anchor="middle">${name}</text>`;
      if (!entry) return `${label}<text x="${x + 20}" y="${height - bottom - 4}" text-anchor="middle" fill="#52606d">—</text>`;
      const top = y(entry.rate);
      const title = `${month.slice(0, 4)}年${name}：${formatRate(entry.rate)}（${entry.onTime}/${entry.due}）`;
      return `${label}<rect x="${x}" y="${top.toFixed(1)}" width="40" height="${(height - bottom - top).toFixed(1)}" fill="#2c7fb8"><title>${title}</title></rect><text x="${x + 20}" y="${(top - 4).toFixed(1)}" text-anchor="middle">${formatRate(entry.rate)}</text>`;
    })
    .join('');
  const axis = [0, 0.5, 1].map((rate) => `<text x="${left - 6}" y="${(y(rate) + 4).toFixed(1)}" text-anchor="end">${rate * 100}%</text><line x1="${left}" x2="${width - 10}" y1="${y(rate).toFixed(1)}" y2="${y(rate).toFixed(1)}" stroke="#d9e2ec"/>`).join('');
  const summary = evaluation.onTimeByMonth.map((month) => `${Number(month.month.slice(5))}月${formatRate(month.rate)}`).join('，');
  return `<svg class="on-time-chart" role="img" aria-label="按月按时报送率柱状图：${summary}" viewBox="0 0 ${width} ${height}" width="100%" style="max-width:${width}px" xmlns="http://www.w3.org/2000/svg">${axis}${bars}</svg>`;
}

/** YYYY-MM from `first` to `last`, both included. */
function monthsBetween(first: string, last: string): string[] {
  const months: string[] = [];
  let [year, month] = first.split('-').map(Number) as [number, number];
  for (let guard = 0; guard < 600; guard += 1) {
    const current = `${year}-${String(month).padStart(2, '0')}`;
    if (current > last) break;
    months.push(current);
    month += 1;
    if (month > 12) [year, month] = [year + 1, 1];
  }
  return months;
}

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}
