/**
 * The seed year simulated with the fixed behaviour file config/behaviours/seed-2022.yaml: the real
 * workflows on the time-skipping server, real SMTP on loopback. The final ranking is the reviewed
 * golden file test/golden/zaozhuang-2022-ip-protection.evaluation.txt (regenerate after a reviewed
 * change: `UPDATE_GOLDEN=1 npx jest test/simulation-seed-year.time-skipping.test.ts`), and the
 * XLSX workbook and DOCX bulletin open and show that ranking.
 */
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadCampaign } from '../config/definition/load';
import { loadBehaviour } from '../evaluation/behaviour';
import { renderExport } from '../evaluation/exports';
import { formatEvaluationText, formatTimelineText } from '../evaluation/format';
import { simulateCampaign, type SimulationResult } from '../evaluation/simulate';
import { testServerPath, workflowBundle } from './support/temporal';

const root = path.join(__dirname, '..');
const campaign = loadCampaign(path.join(root, 'config/campaigns/zaozhuang-2022-ip-protection.yaml'));
const goldenFile = path.join(__dirname, 'golden/zaozhuang-2022-ip-protection.evaluation.txt');
const timeZone = 'Asia/Shanghai';
let result: SimulationResult;
let mailDir: string;

beforeAll(async () => {
  mailDir = await mkdtemp(path.join(os.tmpdir(), 'simulation-mail-'));
  const behaviour = loadBehaviour('config/behaviours/seed-2022.yaml', campaign.plan, { cwd: root });
  result = await simulateCampaign({ campaign, behaviour, testServerPath: testServerPath(), workflowBundle: workflowBundle(), mailDir, interimAt: ['2022-03-25', '2022-04-20'] });
}, 180_000);

it('ends the seed year with the reviewed ranking', async () => {
  const text = formatEvaluationText(result.evaluation, timeZone);
  if (process.env.UPDATE_GOLDEN === '1' || !existsSync(goldenFile)) await writeFile(goldenFile, text);
  expect(text).toBe(await readFile(goldenFile, 'utf8'));
  expect(result.evaluation.isFinal).toBe(true);
  expect(result.evaluation.units.map((unit) => [unit.unit.name, unit.score, unit.rank])).toEqual([
    ['市中区市场监督管理局', 100, 1],
    ['峄城区市场监督管理局', 100, 1],
    ['台儿庄区市场监督管理局', 100, 1],
    ['枣庄高新区行政审批局', 100, 1],
    ['薛城区市场监督管理局', 98, 5],
    ['滕州市市场监督管理局', 89, 6],
    ['山亭区市场监督管理局', 47, 7],
  ]);
  expect(result.evaluation.criticised.map((unit) => unit.unit.id)).toEqual(['shanting']);
  expect(result.rejected).toEqual([]);
});

it('explains every point of a score from what the workflows recorded', () => {
  const lines = (unitId: string) => result.evaluation.units.find((unit) => unit.unit.id === unitId)!.lines.map((line) => `${line.text} ${line.points}`);
  expect(lines('tengzhou')).toEqual(['按时完成25项 0', '落实措施及实施方案：逾期5个工作日报送 -5', '落实措施及实施方案：督办升级至第2级（转督办） -6']);
  expect(lines('shanting')).toEqual([
    '按时完成24项 0',
    '落实措施及实施方案：活动结束仍未报送 -10',
    '落实措施及实施方案：督办升级至第5级（通报批评） -15',
    '工作总结：活动结束仍未报送 -10',
    '工作总结：督办升级至第2级（转督办） -6',
    // The steps on its record weigh as the seed's evaluation says (config/campaigns/…yaml: evaluation).
    '督办通知1次 -2',
    '约谈1次 -5',
    '通报批评1次 -5',
  ]);
  expect(lines('xuecheng')).toEqual(['按时完成26项 0', '落实措施及实施方案：退回修改1次 -2']);
});

it('praises and criticises nobody on day 0, before any deadline has passed', () => {
  const [dayZero] = result.interim;
  expect(dayZero).toMatchObject({ isFinal: false, praised: [], criticised: [] });
  expect(dayZero!.units.every((unit) => unit.score === 100 && !unit.isJudged)).toBe(true);
});

it('reads an interim ranking from the running campaign', () => {
  const interim = result.interim[1];
  expect(interim).toMatchObject({ isFinal: false, asOf: '2022-04-20T10:00:00.000Z' });
  const shanting = interim!.units.find((unit) => unit.unit.id === 'shanting')!;
  expect(shanting).toMatchObject({ score: 91, rank: 6, isTied: true });
  expect(shanting.lines.map((line) => line.text)).toContain('落实措施及实施方案：尚未报送，已逾期3个工作日');
});

it('keeps the timeline of every message and escalation, and every message went by SMTP', async () => {
  const tengzhou = result.timeline.filter((entry) => entry.unitId === 'tengzhou' && entry.obligationId === 'implementation-measures');
  expect(tengzhou.map((entry) => `${entry.at.slice(0, 16)} ${entry.event}`)).toEqual([
    '2022-03-31T01:00 message-sent',
    '2022-04-12T01:00 message-sent',
    '2022-04-14T01:00 message-sent',
    '2022-04-15T09:30 overdue',
    '2022-04-18T01:00 message-sent',
    '2022-04-18T01:00 escalated',
    '2022-04-20T01:00 message-sent',
    '2022-04-20T01:00 escalated',
    '2022-04-22T01:00 awaiting-decision',
    '2022-04-22T01:00 message-sent',
    '2022-04-22T04:00 submitted',
    '2022-04-22T04:00 accepted',
    '2022-04-22T04:00 message-sent',
  ]);
  const text = formatTimelineText(result.timeline, timeZone);
  expect(text).toContain('== 滕州市市场监督管理局（tengzhou）==\n');
  const overall = text.slice(text.indexOf('== 全部单位 =='));
  expect(overall).toContain('2022-05-09 12:00  山亭区市场监督管理局  督办升级  落实措施及实施方案：通报批评（逾期15个工作日）\n');
  expect(overall).toContain('2022-05-09 12:00  山亭区市场监督管理局  单位记录：通报批评  系统：落实措施及实施方案：第5级督办\n');
  expect(overall).toContain('2022-04-15 10:00  薛城区市场监督管理局  退回修改  落实措施及实施方案：');
  const sent = result.timeline.filter((entry) => entry.event === 'message-sent').length;
  expect(result.mailCount).toBe(sent);
  expect((await readdir(mailDir)).length).toBe(sent);
});

it('exports a workbook with the ranking, each unit’s breakdown and every obligation', async () => {
  const workbook = new ExcelJS.Workbook();
  const bytes = await renderExport('xlsx', result.evaluation, { timeZone });
  await workbook.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
  expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(['汇总', '市中区市场监督管理局', '峄城区市场监督管理局', '台儿庄区市场监督管理局', '枣庄高新区行政审批局', '薛城区市场监督管理局', '滕州市市场监督管理局', '山亭区市场监督管理局', '任务明细']);
  const summary = workbook.getWorksheet('汇总')!;
  const ranking = [4, 5, 6, 7, 8, 9, 10].map((row) => [summary.getCell(row, 1).value, summary.getCell(row, 2).value, summary.getCell(row, 3).value]);
  expect(ranking).toEqual([
    ['并列第1名', '市中区市场监督管理局', 100],
    ['并列第1名', '峄城区市场监督管理局', 100],
    ['并列第1名', '台儿庄区市场监督管理局', 100],
    ['并列第1名', '枣庄高新区行政审批局', 100],
    ['第5名', '薛城区市场监督管理局', 98],
    ['第6名', '滕州市市场监督管理局', 89],
    ['第7名', '山亭区市场监督管理局', 47],
  ]);
  const shanting = workbook.getWorksheet('山亭区市场监督管理局')!;
  expect(shanting.getCell('A1').value).toBe('山亭区市场监督管理局：47分（第7名）');
  expect(shanting.getCell('A5').value).toBe('落实措施及实施方案：活动结束仍未报送');
  expect(shanting.getCell('B5').value).toBe(-10);
  const detail = workbook.getWorksheet('任务明细')!;
  expect(detail.rowCount).toBe(1 + 7 * 26);
  const shantingMeasures = detail.getRows(2, detail.rowCount - 1)!.find((row) => row.getCell(1).value === '山亭区市场监督管理局' && row.getCell(2).value === '落实措施及实施方案')!;
  expect(shantingMeasures.getCell(5).value).toBe('未报送');
  expect(shantingMeasures.getCell(9).value).toBe(5);
  // It prints on A4, one page wide, the header rows on every page (test/documents-pdf.test.ts prints it).
  for (const [sheet, orientation, titleRows] of [[summary, 'landscape', '1:3'], [shanting, 'portrait', '1:2'], [detail, 'landscape', '1:1']] as const) {
    expect(sheet.pageSetup).toMatchObject({ paperSize: 9, orientation, fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: titleRows });
  }
});

it('exports the bulletin as an official document with the ranking, praise and criticism', async () => {
  const zip = await JSZip.loadAsync(await renderExport('docx', result.evaluation, { timeZone }));
  const xml = await zip.file('word/document.xml')!.async('string');
  const text = xml.replace(/<[^>]+>/g, '');
  expect(text).toContain('关于全市知识产权行政保护能力提升年活动方案考核结果的通报');
  expect(text).toContain('并列第1名：市中区市场监督管理局，100分。');
  expect(text).toContain('第6名：滕州市市场监督管理局，89分。');
  expect(text).toContain('第7名：山亭区市场监督管理局，47分。');
  expect(text).toContain('市中区市场监督管理局、峄城区市场监督管理局、台儿庄区市场监督管理局、枣庄高新区行政审批局、薛城区市场监督管理局工作扎实、报送及时');
  expect(text).toContain('山亭区市场监督管理局：落实措施及实施方案：活动结束仍未报送（-10分）；');
  expect(text).toContain('2022年12月31日');
  // The GB/T 9704 body font is the document's default style.
  expect(await zip.file('word/styles.xml')!.async('string')).toContain('仿宋_GB2312');
});

it('exports CSV for Excel and an HTML report with both charts', async () => {
  const csv = (await renderExport('csv', result.evaluation, { timeZone })).toString('utf8');
  expect(csv.startsWith('\uFEFF名次,单位,得分,按时率')).toBe(true);
  expect(csv.split('\r\n')[7]).toMatch(/^第7名,山亭区市场监督管理局,47,92\.3%,24,0,2,0,0,7,1,1,1,0,通报批评,/);
  const html = (await renderExport('html', result.evaluation, { timeZone })).toString('utf8');
  expect(html).toContain('<svg class="ranking-chart"');
  expect(html).toContain('<title>山亭区市场监督管理局 47分</title>');
  expect(html).toContain('<svg class="on-time-chart"');
  expect(html).toContain('<title>2022年4月：');
});
