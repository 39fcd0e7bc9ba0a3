/**
 * The burst chart of BENCHMARKS.md: drain time and lateness against N, ours beside the baselines,
 * as a self-contained SVG (no charting dependency for two small line charts).
 */
import type { BurstResult } from './burst';

interface Series {
  name: string;
  color: string;
  dashed?: boolean;
  values: number[];
}

const width = 460;
const height = 300;
const margin = { left: 56, right: 34, top: 36, bottom: 74 };

function panel(title: string, xLabels: string[], series: Series[], offsetX: number): string {
  const plotWidth = width - margin.left - margin.right;
  const plotHeight = height - margin.top - margin.bottom;
  const maxY = niceCeiling(Math.max(1, ...series.flatMap((line) => line.values)));
  const x = (index: number) => margin.left + (xLabels.length === 1 ? plotWidth / 2 : (index / (xLabels.length - 1)) * plotWidth);
  const y = (value: number) => margin.top + plotHeight - (value / maxY) * plotHeight;
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((share) => share * maxY);
  const parts = [
    `<text x="${width / 2}" y="20" text-anchor="middle" font-weight="bold">${title}</text>`,
    ...ticks.map((tick) => `<line x1="${margin.left}" x2="${width - margin.right}" y1="${y(tick)}" y2="${y(tick)}" stroke="#ddd"/><text x="${margin.left - 6}" y="${y(tick) + 4}" text-anchor="end">${tick.toFixed(tick < 10 ? 1 : 0)}</text>`),
    ...xLabels.map((label, index) => `<text x="${x(index)}" y="${margin.top + plotHeight + 18}" text-anchor="middle">${label}</text>`),
    `<text x="${margin.left + plotWidth / 2}" y="${margin.top + plotHeight + 36}" text-anchor="middle">N (reminders at the same instant)</text>`,
    `<text x="14" y="${margin.top + plotHeight / 2}" text-anchor="middle" transform="rotate(-90 14 ${margin.top + plotHeight / 2})">seconds</text>`,
    ...series.map((line) => {
      const points = line.values.map((value, index) => `${x(index).toFixed(1)},${y(value).toFixed(1)}`).join(' ');
      const dots = line.values.map((value, index) => `<circle cx="${x(index).toFixed(1)}" cy="${y(value).toFixed(1)}" r="3" fill="${line.color}"/>`).join('');
      return `<polyline points="${points}" fill="none" stroke="${line.color}" stroke-width="2"${line.dashed ? ' stroke-dasharray="5 3"' : ''}/>${dots}`;
    }),
    ...series.map((line, index) => {
      const x0 = margin.left + (index % 2) * 200;
      const y0 = height - 30 + Math.floor(index / 2) * 16;
      return `<line x1="${x0}" x2="${x0 + 18}" y1="${y0}" y2="${y0}" stroke="${line.color}" stroke-width="2"${line.dashed ? ' stroke-dasharray="5 3"' : ''}/><text x="${x0 + 22}" y="${y0 + 4}">${line.name}</text>`;
    }),
  ];
  return `<g transform="translate(${offsetX},0)">${parts.join('')}</g>`;
}

function niceCeiling(value: number): number {
  const magnitude = 10 ** Math.floor(Math.log10(value));
  return [1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10].map((step) => step * magnitude).find((candidate) => candidate >= value)!;
}

/** Two panels: the last reminder after the instant (ours, (a), (b)) and lateness p50/p99 (ours, (a)). */
export function burstChart(results: BurstResult[], machine: string): string {
  const sorted = [...results].sort((a, b) => a.n - b.n);
  const labels = sorted.map((result) => result.n.toLocaleString('en-US'));
  const pick = (choose: (result: BurstResult) => number | undefined) => sorted.map((result) => choose(result) ?? 0);
  const drain = panel('Last reminder after the instant', labels, [
    { name: 'ours', color: '#d62728', values: pick((result) => result.ours.seconds) },
    { name: '(a) minimal workflow', color: '#1f77b4', values: pick((result) => result.minimal?.seconds) },
    { name: '(b) nodemailer alone', color: '#2ca02c', values: pick((result) => result.nodemailer?.seconds) },
  ], 0);
  const late = panel('Lateness of each reminder', labels, [
    { name: 'ours p50', color: '#d62728', values: pick((result) => result.ours.p50) },
    { name: 'ours p99', color: '#d62728', dashed: true, values: pick((result) => result.ours.p99) },
    { name: '(a) p50', color: '#1f77b4', values: pick((result) => result.minimal?.p50) },
    { name: '(a) p99', color: '#1f77b4', dashed: true, values: pick((result) => result.minimal?.p99) },
  ], width);
  const footer = `<text x="${width}" y="${height + 14}" text-anchor="middle" fill="#666">${machine.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</text>`;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width * 2}" height="${height + 22}" font-family="sans-serif" font-size="12"><rect width="100%" height="100%" fill="#fff"/>${drain}${late}${footer}</svg>\n`;
}
