/**
 * The evaluation as an Excel workbook (exceljs): 汇总 (ranking, praise and criticism), one sheet
 * per unit with every line of its score, and 任务明细 with the outcome of every obligation.
 */
import ExcelJS from 'exceljs';
import { evaluationHeading, rankName } from '../format';
import type { Evaluation } from '../score';
import { orderedOutcomes, outcomeHeader, outcomeRow, summaryHeader, summaryRow } from './rows';

export const summarySheetName = '汇总';
export const detailSheetName = '任务明细';

export async function renderXlsx(evaluation: Evaluation, timeZone: string): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = evaluation.campaign.issuer;
  workbook.title = evaluationHeading(evaluation, timeZone);

  const summary = workbook.addWorksheet(summarySheetName);
  summary.addRow([evaluationHeading(evaluation, timeZone)]).font = { bold: true, size: 14 };
  summary.addRow([]);
  bold(summary.addRow(summaryHeader));
  for (const unit of evaluation.units) summary.addRow(summaryRow(unit));
  summary.addRow([]);
  summary.addRow([`表扬（得分不低于${evaluation.rules.praise.minScore}）`, evaluation.praised.map((unit) => unit.unit.name).join('、') || '无']);
  summary.addRow([`通报批评（得分不高于${evaluation.rules.criticism.maxScore}）`, evaluation.criticised.map((unit) => unit.unit.name).join('、') || '无']);
  summary.columns.forEach((column, index) => (column.width = [10, 28, 8, 9][index] ?? (index === summaryHeader.length - 1 ? 80 : 10)));
  summary.views = [{ state: 'frozen', ySplit: 3 }];

  const usedNames = new Set([summarySheetName, detailSheetName]);
  for (const unit of evaluation.units) {
    const sheet = workbook.addWorksheet(sheetName(unit.unit.name, usedNames));
    sheet.addRow([`${unit.unit.name}：${unit.score}分（${rankName(unit)}）`]).font = { bold: true, size: 13 };
    bold(sheet.addRow(['得分项', '分值']));
    sheet.addRow(['基础分', unit.base]);
    for (const line of unit.lines) sheet.addRow([line.text, line.points]);
    bold(sheet.addRow(['合计', unit.score]));
    sheet.getColumn(1).width = 70;
    sheet.getColumn(2).width = 10;
  }

  const detail = workbook.addWorksheet(detailSheetName);
  bold(detail.addRow(outcomeHeader));
  for (const { outcome, unitName } of orderedOutcomes(evaluation)) detail.addRow(outcomeRow(outcome, unitName, timeZone));
  detail.columns.forEach((column, index) => (column.width = [28, 50, 18, 18, 14, 18][index] ?? 10));
  detail.views = [{ state: 'frozen', ySplit: 1 }];

  return Buffer.from(await workbook.xlsx.writeBuffer());
}

function bold(row: ExcelJS.Row): void {
  row.font = { bold: true };
}

/** Excel sheet names: at most 31 characters, none of []:*?/\, unique. */
function sheetName(name: string, used: Set<string>): string {
  const base = name.replace(/[[\]:*?/\\]/g, '_').slice(0, 28);
  let candidate = base;
  for (let suffix = 2; used.has(candidate); suffix += 1) candidate = `${base}(${suffix})`;
  used.add(candidate);
  return candidate;
}
