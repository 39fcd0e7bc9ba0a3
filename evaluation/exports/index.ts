/** Every export of an evaluation by format name, for the CLI and the web pages. */
import type { Evaluation } from '../score';
import type { TimelineEntry } from '../sources';
import { renderBulletin } from './bulletin';
import { renderCsv } from './csv';
import { renderHtml } from './html';
import { renderXlsx } from './xlsx';

export const exportFormats = ['xlsx', 'docx', 'csv', 'html'] as const;
export type ExportFormat = (typeof exportFormats)[number];

export const exportContentTypes: Record<ExportFormat, string> = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  csv: 'text/csv; charset=utf-8',
  html: 'text/html; charset=utf-8',
};

/** The bytes of one export; the timeline goes into the HTML report only, the document number into the bulletin only. */
export interface ExportOptions {
  timeZone: string;
  /** The simulation's timeline, for the HTML report. */
  timeline?: TimelineEntry[];
  /** The bulletin's 发文字号 (DOCX); without it the draft leaves the number blank. */
  documentNumber?: string;
}

export async function renderExport(format: ExportFormat, evaluation: Evaluation, options: ExportOptions): Promise<Buffer> {
  switch (format) {
    case 'xlsx':
      return renderXlsx(evaluation, options.timeZone);
    case 'docx':
      return renderBulletin(evaluation, options.timeZone, options.documentNumber ? { documentNumber: options.documentNumber } : {});
    case 'csv':
      return renderCsv(evaluation);
    case 'html':
      return Buffer.from(renderHtml(evaluation, options.timeZone, options.timeline), 'utf8');
  }
}
