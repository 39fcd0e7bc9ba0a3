/** The ranking as CSV that Excel opens correctly: UTF-8 with a byte-order mark, CRLF, quoted cells. */
import type { Evaluation } from '../score';
import { summaryHeader, summaryRow } from './rows';

export function renderCsv(evaluation: Evaluation): Buffer {
  const lines = [summaryHeader, ...evaluation.units.map(summaryRow)].map((row) => row.map(csvCell).join(','));
  return Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8');
}

function csvCell(value: string | number): string {
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
