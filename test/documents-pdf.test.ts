/**
 * The documents as a reader prints them: every notice kind's DOCX (supervision notice, interview
 * notice, criticism bulletin; from an item's ladder and on the unit as a whole), the evaluation
 * bulletin and the evaluation workbook, printed to PDF by LibreOffice (Debian's, installed on
 * first use: scripts/office.ts) on a machine without the official fonts but with the project's
 * fontconfig aliases (scripts/fontconfig/official-fonts.conf), then measured: pages (A4, how
 * many), the fonts resolved (pdffonts: a serif CJK face, never a sans one, in the notices) and the
 * text as laid out (pdftotext -layout: every label whole, titles never leaving a character alone).
 *
 * UPDATE_DOCS_IMAGES=1 writes the pages shown in the README to docs/ (pdftoppm, 60 dpi).
 */
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { renderOfficialNotice } from '../activities/documents';
import { titleLines } from '../activities/document-title';
import { renderMessage } from '../activities/messages';
import { officialNoticeFor } from '../activities/notices';
import { renderBulletin } from '../evaluation/exports/bulletin';
import { outcomeHeader, summaryHeader } from '../evaluation/exports/rows';
import { renderXlsx } from '../evaluation/exports/xlsx';
import type { Evaluation } from '../evaluation/score';
import { convertToPdf, ensureOffice, officialFontsConfig, pdfFonts, pdfImages, pdfPages, pdfText } from '../scripts/office';
import { noticeKinds, noticeRequest, noticeScopes } from './support/notice-requests';
import { seedYearEvaluation } from './support/seed-evaluation';

const a4Portrait = { width: 595, height: 842 };
const a4Landscape = { width: 842, height: 595 };
const notices = noticeKinds.flatMap((kind) => noticeScopes.map((scope) => ({ kind, scope, name: `${kind}-${scope}` })));

let directory: string;
let evaluation: Evaluation;
const pdfs = new Map<string, string>();
const texts = new Map<string, string>();

beforeAll(async () => {
  ensureOffice((line) => process.stderr.write(`${line}\n`));
  directory = mkdtempSync(path.join(tmpdir(), 'documents-pdf-'));
  const files: string[] = [];
  for (const { kind, scope, name } of notices) {
    const request = noticeRequest(kind, scope);
    files.push(path.join(directory, `${name}.docx`));
    writeFileSync(files.at(-1)!, await renderOfficialNotice(officialNoticeFor(request, renderMessage(request))!));
  }
  evaluation = seedYearEvaluation();
  files.push(path.join(directory, 'bulletin.docx'), path.join(directory, 'workbook.xlsx'));
  writeFileSync(path.join(directory, 'bulletin.docx'), await renderBulletin(evaluation, 'Asia/Shanghai', { documentNumber: '枣市监知保〔2023〕2号' }));
  writeFileSync(path.join(directory, 'workbook.xlsx'), await renderXlsx(evaluation, 'Asia/Shanghai'));
  const printed = await convertToPdf(files, directory, { fontsConfig: officialFontsConfig(directory) });
  for (const pdf of printed) {
    pdfs.set(path.parse(pdf).name, pdf);
    texts.set(path.parse(pdf).name, await pdfText(pdf));
  }
  if (process.env.UPDATE_DOCS_IMAGES === '1') await writeDocsImages();
}, 900_000);

afterAll(() => {
  if (directory) rmSync(directory, { recursive: true, force: true });
});

/** Text lines of the PDF with runs of spaces collapsed (pdftotext -layout pads columns with spaces). */
const linesOf = (name: string) => texts.get(name)!.split(/\n|\f/).map((line) => line.trim().replace(/\s+/g, ' '));

describe.each(notices)('the $kind about the $scope, printed', ({ kind, scope, name }) => {
  const request = noticeRequest(kind, scope);
  const notice = officialNoticeFor(request, renderMessage(request))!;

  it('is one A4 page', async () => {
    expect(await pdfPages(pdfs.get(name)!)).toEqual([a4Portrait]);
  });

  it('is set in a serif CJK face (Noto Serif CJK standing in for 方正小标宋简体 and 仿宋_GB2312), never a sans one', async () => {
    const fonts = await pdfFonts(pdfs.get(name)!);
    expect(fonts.some((font) => /NotoSerifCJK/.test(font))).toBe(true);
    expect(fonts.filter((font) => /Sans/.test(font))).toEqual([]);
  });

  it('prints the title in the lines chosen for it, none of them one character alone', () => {
    const lines = linesOf(name);
    for (const line of titleLines(notice.title, 40)) expect(lines).toContain(line);
    expect(lines.filter((line) => /^\p{Script=Han}$/u.test(line))).toEqual([]);
  });

  it('prints the contact once with its label, and every paragraph whole', () => {
    const text = linesOf(name).join('');
    expect(text).toContain('（联系人：殷金保 3286097、王蓓 3286031）');
    expect(text).not.toContain('联系人：联系人');
    for (const paragraph of notice.paragraphs) expect(text.replace(/ /g, '')).toContain(paragraph.replace(/ /g, ''));
  });
});

describe('the evaluation bulletin, printed', () => {
  it('is A4, its number as given, in a serif CJK face', async () => {
    const pages = await pdfPages(pdfs.get('bulletin')!);
    expect(pages.length).toBeGreaterThanOrEqual(1);
    expect(pages.length).toBeLessThanOrEqual(3);
    for (const page of pages) expect(page).toEqual(a4Portrait);
    // pdftotext puts a space between Latin digits and CJK text.
    expect(linesOf('bulletin').map((line) => line.replace(/ /g, ''))).toContain('枣市监知保〔2023〕2号');
    const fonts = await pdfFonts(pdfs.get('bulletin')!);
    expect(fonts.filter((font) => /Sans/.test(font))).toEqual([]);
  });
});

describe('the evaluation workbook, printed', () => {
  it('prints on 12 A4 pages: 汇总 and 任务明细 landscape, one page wide, each unit portrait', async () => {
    const pages = await pdfPages(pdfs.get('workbook')!);
    // 汇总 1 page, the 7 units 1 page each, 任务明细 (182 rows) 4 pages; it was 38–40 Letter pages.
    expect(pages).toEqual([a4Landscape, ...Array<typeof a4Portrait>(7).fill(a4Portrait), ...Array<typeof a4Landscape>(4).fill(a4Landscape)]);
  });

  it('cuts off no label: every header, the praise and criticism lines, every unit and every task name are printed whole', () => {
    const text = linesOf('workbook').join('\n');
    for (const label of [...summaryHeader, ...outcomeHeader, '得分项', '分值', '基础分', '合计']) expect(text).toMatch(new RegExp(`(^| )${label}( |$)`, 'm'));
    expect(text).toContain(`表扬（得分不低于95）：${evaluation.praised.map((unit) => unit.unit.name).join('、')}`);
    expect(text).toContain('通报批评（得分不高于70）：山亭区市场监督管理局');
    for (const unit of evaluation.units) expect(text).toContain(`${unit.unit.name}：${unit.score}分（`);
    for (const title of new Set(evaluation.obligations.map((outcome) => outcome.title))) expect(text).toContain(title);
  });

  it('prints each score on the line of its label, and repeats the header row on every page of 任务明细', () => {
    const lines = linesOf('workbook');
    for (const unit of evaluation.units) {
      for (const line of unit.lines.filter((candidate) => candidate.points !== 0)) {
        expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^${escapeRegExp(line.text)} ${line.points}$`)));
      }
    }
    const pages = texts.get('workbook')!.split('\f').filter((page) => page.includes('计划截止时间'));
    expect(pages).toHaveLength(4);
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The pages the README shows: a notice of each kind, the bulletin's first page, the workbook's summary and a unit sheet. */
async function writeDocsImages(): Promise<void> {
  const docs = path.join(__dirname, '../docs');
  const pages: [string, string, number][] = [
    ['supervision-notice-obligation', 'notice-supervision', 1],
    ['interview-notice-unit', 'notice-interview-unit', 1],
    ['criticism-bulletin-obligation', 'notice-criticism', 1],
    ['bulletin', 'evaluation-bulletin', 1],
    ['workbook', 'evaluation-workbook', 1],
    ['workbook', 'evaluation-workbook-unit', 8],
    ['workbook', 'evaluation-workbook-detail', 9],
  ];
  for (const [name, image, page] of pages) {
    const prefix = path.join(directory, image);
    await pdfImages(pdfs.get(name)!, prefix, { dpi: 60, first: page, last: page });
    const written = `${prefix}-${String(page).padStart(name === 'workbook' ? 2 : 1, '0')}.png`;
    copyFileSync(written, path.join(docs, `${image}.png`));
  }
}
