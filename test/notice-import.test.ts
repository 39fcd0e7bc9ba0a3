/**
 * Reading a notice as administrators have it: a .docx written by Word (made here with the docx
 * library), a .txt in UTF-8 or GB18030, a PDF with a text layer (printed by Debian's Chromium),
 * pasted text; and the refusals (old .doc, a scanned PDF without text, a broken file).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Document, Packer, Paragraph } from 'docx';
import iconv from 'iconv-lite';
import { chromium } from 'playwright-core';
import { importNotice, NoticeImportError, readNotice } from '../app/notice-import';
import { chromiumPath } from '../scripts/browser';

const seed = readFileSync(path.resolve(__dirname, '../config/campaigns/zaozhuang-2022-ip-protection.source.txt'), 'utf8');
const notice = ['各区（市）市场监管局：', '请区（市）局分别于2022年4月15日和11月11日前将落实措施和工作总结报送市局知识产权保护科。', '联系人：殷金保、王蓓 联系电话：3286097', '枣庄市市场监督管理局', '2022年3月25日'];
const deadlines = (text: string) =>
  importNotice({ text }).then(({ draft }) => draft.obligations.flatMap((obligation) => (obligation.deadline.kind === 'date' ? [obligation.deadline.date] : [])));

describe('reading a notice', () => {
  it('reads a .docx as its paragraphs, and the draft finds the deadlines', async () => {
    const document = new Document({ sections: [{ children: notice.map((line) => new Paragraph(line)) }] });
    const data = await Packer.toBuffer(document);
    const { notice: read, draft } = await importNotice({ fileName: '关于印发活动方案的通知.docx', data });
    expect(read.format).toBe('docx');
    for (const line of notice) expect(read.text).toContain(line);
    expect(draft.obligations.map((obligation) => obligation.deadline)).toEqual([
      { kind: 'date', date: '2022-04-15' },
      { kind: 'date', date: '2022-11-11' },
    ]);
    expect(draft.contacts.names).toEqual(['殷金保', '王蓓']);
  });

  it('reads a .txt in GB18030 (as Windows saves Chinese text) and in UTF-8 with or without BOM', async () => {
    const gb = await readNotice({ fileName: 'notice.txt', data: iconv.encode(seed, 'gb18030') });
    expect(gb).toMatchObject({ encoding: 'gb18030', text: seed });
    const bom = await readNotice({ fileName: 'notice.txt', data: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(seed, 'utf8')]) });
    expect(bom).toMatchObject({ encoding: 'utf-8', text: seed });
    const crlf = await readNotice({ fileName: 'notice.txt', data: Buffer.from(notice.join('\r\n'), 'utf8') });
    expect(crlf.text).toBe(notice.join('\n'));
  });

  it('reads pasted text as it is', async () => {
    expect(await deadlines(notice.join('\n'))).toEqual(['2022-04-15', '2022-11-11']);
  });

  it('reads a PDF with a text layer, 月 and 日 restored from the radicals PDF fonts map them to', async () => {
    const browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: ['--no-sandbox'] });
    try {
      const page = await browser.newPage();
      await page.setContent(`<html><body style="font-family:'Noto Sans CJK SC'">${notice.map((line) => `<p>${line}</p>`).join('')}</body></html>`);
      const data = await page.pdf({ format: 'A4' });
      const { notice: read, draft } = await importNotice({ fileName: '通知.pdf', data });
      expect(read.format).toBe('pdf');
      expect(read.text).toContain('分别于2022年4月15日和11月11日前');
      expect(draft.obligations.map((obligation) => obligation.deadline)).toEqual([
        { kind: 'date', date: '2022-04-15' },
        { kind: 'date', date: '2022-11-11' },
      ]);
    } finally {
      await browser.close();
    }
  });

  it('refuses what it cannot read, saying what to do', async () => {
    const refusal = (input: Parameters<typeof readNotice>[0]) => readNotice(input).then(() => undefined, (error: unknown) => error);
    await expect(refusal({ fileName: '通知.doc', data: Buffer.from('D0CF11E0', 'hex') })).resolves.toMatchObject({ code: 'unsupported-format', message: expect.stringContaining('另存为.docx') });
    await expect(refusal({ fileName: '通知.docx', data: Buffer.from('not a zip file') })).resolves.toMatchObject({ code: 'unreadable' });
    await expect(refusal({ fileName: '通知.pdf', data: Buffer.from('%PDF-1.4 broken') })).resolves.toBeInstanceOf(NoticeImportError);
    await expect(refusal({ fileName: '通知.txt', data: Buffer.alloc(0) })).resolves.toMatchObject({ code: 'empty' });
    await expect(refusal({ text: '  \n ' })).resolves.toMatchObject({ code: 'empty' });
  });

  it('refuses a scanned PDF, which has pages but no text layer', async () => {
    const browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: ['--no-sandbox'] });
    try {
      const page = await browser.newPage();
      await page.setContent('<html><body><svg width="400" height="200"><rect width="400" height="200" fill="#888"/></svg></body></html>');
      const data = await page.pdf({ format: 'A4' });
      await expect(readNotice({ fileName: '扫描件.pdf', data })).rejects.toMatchObject({ code: 'no-text-layer', message: expect.stringContaining('扫描件') });
    } finally {
      await browser.close();
    }
  });
});
