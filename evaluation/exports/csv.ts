/** The ranking as CSV that Excel opens correctly: UTF-8 with a byte-order mark, CRLF, quoted cells. */
import type { Evaluation } from '../score';
import { summaryHeader, summaryRow } from './rows';

export function renderCsv(evaluation: Evaluation): Buffer {
  // 考核期 last, so that a sheet reading the earlier columns by position still reads them.
  const period = evaluation.period?.name ?? '全程';
  const lines = [[...summaryHeader, '考核期'], ...evaluation.units.map((unit) => [...summaryRow(unit), period])].map((row) => row.map(csvCell).join(','));
  return Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8');
}

function csvCell(value: string | number): string {
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
