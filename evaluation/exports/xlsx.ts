/**
 * The evaluation as an Excel workbook (exceljs): 汇总 (ranking, praise and criticism), one sheet
 * per unit with every line of its score, and 任务明细 with the outcome of every obligation. Every
 * sheet prints on A4, one page wide (landscape where the table is wide), its header rows repeated
 * on each page, no label cut off (sheet-layout.ts).
 */
import ExcelJS from 'exceljs';
import { evaluationHeading, rankName } from '../format';
import type { Evaluation } from '../score';
import { orderedOutcomes, outcomeHeader, outcomeRow, summaryHeader, summaryRow } from './rows';
import { fitColumns, setPrintLayout } from './sheet-layout';

export const summarySheetName = '汇总';
export const detailSheetName = '任务明细';

export async function renderXlsx(evaluation: Evaluation, timeZone: string): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = evaluation.campaign.issuer;
  workbook.title = evaluationHeading(evaluation, timeZone);
  addSummary(workbook, evaluation, timeZone);
  const usedNames = new Set([summarySheetName, detailSheetName]);
  for (const unit of evaluation.units) addUnitSheet(workbook, unit, usedNames);
  addDetail(workbook, evaluation, timeZone);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** 汇总: the heading, the ranking table, then the praise and criticism lists in full-width rows. */
function addSummary(workbook: ExcelJS.Workbook, evaluation: Evaluation, timeZone: string): void {
  const summary = workbook.addWorksheet(summarySheetName);
  const columns = summaryHeader.length;
  fullWidthRow(summary, evaluationHeading(evaluation, timeZone), columns).font = { bold: true, size: 14 };
  summary.addRow([]);
  bold(summary.addRow(summaryHeader));
  for (const unit of evaluation.units) summary.addRow(summaryRow(unit));
  summary.addRow([]);
  const names = (units: Evaluation['units']) => units.map((unit) => unit.unit.name).join('、') || '无';
  // A label and its list in one merged row: a label in a narrow first column would be cut off.
  fullWidthRow(summary, `表扬（得分不低于${evaluation.rules.praise.minScore}）：${names(evaluation.praised)}`, columns);
  fullWidthRow(summary, `通报批评（得分不高于${evaluation.rules.criticism.maxScore}）：${names(evaluation.criticised)}`, columns);
  // The breakdown (last column) wraps; every other column is as wide as its longest label or value.
  fitColumns(summary, summaryHeader.map((_, index) => (index === columns - 1 ? { maxWidth: 60 } : {})), 3);
  summary.views = [{ state: 'frozen', ySplit: 3, xSplit: 2 }];
  setPrintLayout(summary, { orientation: 'landscape', titleRows: '1:3' });
}

/** A unit's sheet: every line of its score, the text column wrapping at 70. */
function addUnitSheet(workbook: ExcelJS.Workbook, unit: Evaluation['units'][number], usedNames: Set<string>): void {
  const sheet = workbook.addWorksheet(sheetName(unit.unit.name, usedNames));
  fullWidthRow(sheet, `${unit.unit.name}：${unit.score}分（${rankName(unit)}）`, 2).font = { bold: true, size: 13 };
  bold(sheet.addRow(['得分项', '分值']));
  sheet.addRow(['基础分', unit.base]);
  for (const line of unit.lines) sheet.addRow([line.text, line.points]);
  bold(sheet.addRow(['合计', unit.score]));
  fitColumns(sheet, [{ maxWidth: 70, minWidth: 30 }, { minWidth: 8 }], 2);
  sheet.views = [{ state: 'frozen', ySplit: 2 }];
  setPrintLayout(sheet, { orientation: 'portrait', titleRows: '1:2' });
}

/** 任务明细: one row per obligation, the unit and task columns wrapping. */
function addDetail(workbook: ExcelJS.Workbook, evaluation: Evaluation, timeZone: string): void {
  const detail = workbook.addWorksheet(detailSheetName);
  bold(detail.addRow(outcomeHeader));
  for (const { outcome, unitName } of orderedOutcomes(evaluation)) detail.addRow(outcomeRow(outcome, unitName, timeZone));
  fitColumns(detail, outcomeHeader.map((_, index) => (index === 0 ? { maxWidth: 26 } : index === 1 ? { maxWidth: 48 } : {})));
  detail.views = [{ state: 'frozen', ySplit: 1, xSplit: 2 }];
  setPrintLayout(detail, { orientation: 'landscape', titleRows: '1:1' });
}

/** A row whose one text spans `columns` merged cells and wraps, so it is never cut at a column's edge. */
function fullWidthRow(sheet: ExcelJS.Worksheet, text: string, columns: number): ExcelJS.Row {
  const row = sheet.addRow([text]);
  sheet.mergeCells(row.number, 1, row.number, columns);
  row.getCell(1).alignment = { wrapText: true, vertical: 'top' };
  return row;
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
