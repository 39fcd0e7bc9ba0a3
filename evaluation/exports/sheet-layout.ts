/**
 * How the evaluation workbook's sheets print: A4, fit to the page's width (as many pages down as
 * the rows need), the header rows repeated on every page, columns as wide as their longest
 * label so no label is cut off, and long texts wrapped in a column of bounded width.
 */
import type ExcelJS from 'exceljs';

/** Width in Excel's units (the width of a "0" in the default font): a CJK character is about two. */
export function displayWidth(text: string): number {
  return [...text].reduce((width, character) => width + (character.charCodeAt(0) >= 0x2e80 ? 2.1 : 1.1), 0);
}

/** The widest line of a cell's text; a multi-line value counts its longest line. */
function cellWidth(value: ExcelJS.CellValue): number {
  if (value === null || value === undefined) return 0;
  const text = typeof value === 'object' && 'richText' in value ? value.richText.map((part) => part.text).join('') : String(value);
  return Math.max(...text.split('\n').map(displayWidth));
}

export interface ColumnLayout {
  /** Widest a column may grow; a longer text wraps. Unset: as wide as its widest cell. */
  maxWidth?: number;
  minWidth?: number;
}

/**
 * Sets each column as wide as its widest cell in rows `fromRow` on (plus a margin), within its
 * bounds; a column that hit its maximum wraps its cells (rows grow when the sheet is opened).
 */
export function fitColumns(sheet: ExcelJS.Worksheet, layouts: ColumnLayout[], fromRow = 1): void {
  layouts.forEach((layout, index) => {
    const column = sheet.getColumn(index + 1);
    let widest = 0;
    column.eachCell({ includeEmpty: false }, (cell, rowNumber) => {
      if (rowNumber >= fromRow && !cell.isMerged) widest = Math.max(widest, cellWidth(cell.value));
    });
    const wanted = Math.max(layout.minWidth ?? 4, Math.ceil(widest) + 2);
    column.width = layout.maxWidth === undefined ? wanted : Math.min(wanted, layout.maxWidth);
    const wraps = layout.maxWidth !== undefined && wanted > layout.maxWidth;
    // Every cell at the top of its row, so a row grown for one wrapped cell still reads across.
    column.eachCell({ includeEmpty: false }, (cell, rowNumber) => {
      if (rowNumber >= fromRow && !cell.isMerged) cell.alignment = { ...cell.alignment, vertical: 'top', ...(wraps ? { wrapText: true } : {}) };
    });
  });
}

/** Points per line of wrapped 11 pt text: CJK faces need a little more than Excel's 15. */
const lineHeight = 16;

/**
 * Gives each row with wrapped text the height its lines need. LibreOffice keeps a row's stored
 * height when it opens a workbook, so a row whose height is not written shows one line and cuts
 * the rest off; the lines are estimated from the text's width and its cell's (merged cells: the
 * width of all they span).
 */
export function fitRowHeights(sheet: ExcelJS.Worksheet): void {
  sheet.eachRow((row) => {
    let lines = 1;
    row.eachCell((cell, columnNumber) => {
      if (!cell.alignment?.wrapText || (cell.isMerged && cell.master !== cell)) return;
      const span = cell.isMerged ? mergedWidth(sheet, cell) : (sheet.getColumn(columnNumber).width ?? 9);
      const text = cell.value === null || cell.value === undefined ? '' : String(cell.value);
      const needed = text.split('\n').reduce((sum, line) => sum + Math.max(1, Math.ceil(displayWidth(line) / Math.max(span - 1, 1))), 0);
      lines = Math.max(lines, needed);
    });
    if (lines > 1) row.height = lines * lineHeight;
  });
}

/** The width of the columns a merged cell spans, read from its range (e.g. A1:P1). */
function mergedWidth(sheet: ExcelJS.Worksheet, cell: ExcelJS.Cell): number {
  let width = 0;
  for (let column = cell.fullAddress.col; column <= sheet.columnCount; column += 1) {
    const other = sheet.getCell(cell.fullAddress.row, column);
    if (column > cell.fullAddress.col && other.master !== cell) break;
    width += sheet.getColumn(column).width ?? 9;
  }
  return width;
}

export interface PrintLayout {
  orientation: 'portrait' | 'landscape';
  /** The rows repeated at the top of every printed page, e.g. `1:3`. */
  titleRows: string;
}

// ECMA-376 numbers the paper sizes: 9 is A4 (210 × 297 mm).
const a4 = 9 as ExcelJS.PaperSize;

/** A4 in the given orientation, one page wide, the title rows on every page, numbered in the footer; rows as tall as their wrapped text. */
export function setPrintLayout(sheet: ExcelJS.Worksheet, layout: PrintLayout): void {
  fitRowHeights(sheet);
  sheet.pageSetup = {
    ...sheet.pageSetup,
    paperSize: a4,
    orientation: layout.orientation,
    fitToPage: true,
    fitToWidth: 1,
    // 0: as many pages down as the rows need.
    fitToHeight: 0,
    printTitlesRow: layout.titleRows,
    horizontalCentered: true,
    margins: { left: 0.5, right: 0.5, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
  };
  sheet.headerFooter = { ...sheet.headerFooter, oddFooter: '&C第 &P 页，共 &N 页' };
}
