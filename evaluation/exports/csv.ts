/** The ranking as CSV that Excel opens correctly: UTF-8 with a byte-order mark, CRLF, quoted cells. */
import type { Evaluation } from '../score';
import { summaryHeader, summaryRow } from './rows';

export function renderCsv(evaluation: Evaluation): Buffer {
  // 考核期 last, so that a sheet reading the earlier columns by position still reads them.
  const period = evaluation.period?.name ?? '全程';
  const lines = [[...summaryHeader, '考核期'], ...evaluation.units.map((unit) => [...summaryRow(unit), period])].map((row) => row.map(csvCell).join(','));
  return Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8');
}

/**
 * One CSV cell, quoted when it holds a quote, comma or line break. A text that a spreadsheet would
 * read as a formula (= + - @, or a tab or carriage return before one) gets a leading ' (OWASP's
 * advice against CSV injection): a unit's name or a reason typed by a person must never run as
 * =HYPERLINK(…) when an administrator opens the file. Numbers are written as numbers.
 */
export function csvCell(value: string | number): string {
  if (typeof value === 'number') return String(value);
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
