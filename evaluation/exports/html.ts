/**
 * The evaluation as a self-contained HTML report: the ranking as a bar chart, the on-time rate
 * month by month as a line chart (both inline SVG drawn here, no script, no network), the
 * ranking table, each unit's breakdown and, for a simulation, the timeline.
 */
import { entryText, eventName, evaluationHeading, formatPoints, formatRate, localDateTime, rankName } from '../format';
import type { Evaluation } from '../score';
import type { TimelineEntry } from '../sources';
import { resultOf } from './rows';

export function renderHtml(evaluation: Evaluation, timeZone: string, timeline?: TimelineEntry[]): string {
  const heading = evaluationHeading(evaluation, timeZone);
  const rows = evaluation.units
    .map((unit) => `<tr><td>${escape(rankName(unit))}</td><td>${escape(unit.unit.name)}</td><td class="number">${unit.score}</td><td class="number">${formatRate(unit.onTimeRate)}</td><td class="number">${unit.tally.workingDaysLate}</td><td class="number">${unit.tally.returns}</td><td class="number">${unit.tally.escalationLevels}</td><td>${resultOf(unit)}</td></tr>`)
    .join('\n');
  const breakdowns = evaluation.units
    .map((unit) => `<section class="unit"><h3>${escape(unit.unit.name)}：${unit.score}分（${escape(rankName(unit))}）</h3><table><tr><td>基础分</td><td class="number">${unit.base}</td></tr>${unit.lines.map((line) => `<tr><td>${escape(line.text)}</td><td class="number">${escape(formatPoints(line.points))}</td></tr>`).join('')}</table></section>`)
    .join('\n');
  const timelineSection = timeline
    ? `<h2>时间线</h2><table class="timeline"><tr><th>时间</th><th>单位</th><th>事件</th><th>内容</th></tr>${timeline.map((entry) => `<tr><td>${localDateTime(entry.at, timeZone)}</td><td>${escape(entry.unitName)}</td><td>${escape(eventName(entry.event))}</td><td>${escape(entryText(entry, timeZone))}</td></tr>`).join('\n')}</table>`
    : '';
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>${escape(heading)}</title>
<style>
body { font-family: "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif; margin: 2em; color: #222; }
table { border-collapse: collapse; margin: 1em 0; } td, th { border: 1px solid #ccc; padding: 4px 8px; text-align: left; }
.number { text-align: right; } .unit table { min-width: 40em; } svg text { font-size: 12px; }
</style></head><body>
<h1>${escape(heading)}</h1>
<p>表扬：${escape(evaluation.praised.map((unit) => unit.unit.name).join('、') || '无')}；通报批评：${escape(evaluation.criticised.map((unit) => unit.unit.name).join('、') || '无')}</p>
<h2>排名</h2>
${rankingChart(evaluation)}
<table><tr><th>名次</th><th>单位</th><th>得分</th><th>按时率</th><th>逾期工作日</th><th>退回修改</th><th>督办级数</th><th>结果</th></tr>
${rows}
</table>
<h2>按时报送率（按月）</h2>
${onTimeChart(evaluation)}
<h2>得分明细</h2>
${breakdowns}
${timelineSection}
</body></html>
`;
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
  return `<svg class="ranking-chart" role="img" aria-label="排名柱状图" width="${labelWidth + chartWidth + 60}" height="${height}" xmlns="http://www.w3.org/2000/svg">${bars.join('')}</svg>`;
}

/** The on-time rate of the obligations due each month, 0–100 %, on a month axis (a month with nothing due is a gap). */
function onTimeChart(evaluation: Evaluation): string {
  const months = evaluation.onTimeByMonth;
  if (months.length === 0) return '<p>尚无到期任务。</p>';
  const width = 640;
  const height = 220;
  const left = 40;
  const bottom = 30;
  const monthNumber = (month: string) => Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1;
  const first = monthNumber(months[0]!.month);
  const span = Math.max(monthNumber(months[months.length - 1]!.month) - first, 1);
  const point = (month: string, rate: number) => [left + ((monthNumber(month) - first) / span) * (width - left - 20), 10 + (1 - rate) * (height - bottom - 10)] as const;
  const path = months.map((month) => point(month.month, month.rate).map((value) => value.toFixed(1)).join(',')).join(' ');
  const marks = months
    .map((month) => {
      const [x, y] = point(month.month, month.rate);
      return `<circle cx="${x.toFixed(1)}" cy="${y.toFixed(1)}" r="3" fill="#2c7fb8"><title>${month.month}：${formatRate(month.rate)}（${month.onTime}/${month.due}）</title></circle><text x="${x.toFixed(1)}" y="${height - 8}" text-anchor="middle">${Number(month.month.slice(5))}月</text>`;
    })
    .join('');
  const axis = [0, 0.5, 1].map((rate) => `<text x="${left - 6}" y="${(10 + (1 - rate) * (height - bottom - 10) + 4).toFixed(1)}" text-anchor="end">${rate * 100}%</text>`).join('');
  return `<svg class="on-time-chart" role="img" aria-label="按时报送率折线图" width="${width}" height="${height}" xmlns="http://www.w3.org/2000/svg">${axis}<polyline points="${path}" fill="none" stroke="#2c7fb8" stroke-width="2"/>${marks}</svg>`;
}

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}
