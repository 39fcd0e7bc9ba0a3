/** The official notice as a reader opening the DOCX would see it: text, layout and names. */
import JSZip from 'jszip';
import { noticeFileName, NoticeDateError, renderOfficialNotice, type NoticeKind, type OfficialNotice } from '../activities/documents';
import { titleLines } from '../activities/document-title';
import { renderMessage } from '../activities/messages';
import { draftDocumentNumber, officialNoticeFor } from '../activities/notices';
import { renderTemplate, unpairedSectionTags } from '../config/definition/templates';
import { validateDefinition } from '../config/definition/validate';
import { noticeKinds, noticeRequest, noticeScopes, seedDefinition } from './support/notice-requests';

const notice: OfficialNotice = {
  kind: 'supervision-notice',
  issuer: '枣庄市市场监督管理局',
  documentNumber: '枣市监知保督〔2022〕3号',
  title: '关于督促山亭区市场监督管理局报送“落实措施及实施方案”的通知',
  addressee: '山亭区市场监督管理局',
  paragraphs: [
    '根据《枣庄市知识产权保护工作方案》要求，各区（市）应于2022年4月15日前报送落实措施及实施方案。截至目前，你局尚未报送。',
    '请于2022年4月27日前报送，并说明逾期原因。报送材料中“<附件>”及“A&B”类标注请按原样保留。',
  ],
  signature: '枣庄市市场监督管理局',
  date: '2022-04-22',
  contact: '张三，0632-3312345',
  copyTo: ['市局办公室', '山亭区人民政府'],
};

interface OpenedDocument {
  document: string;
  styles: string;
  footer: string;
  fontTable: string;
}

async function openDocx(bytes: Buffer): Promise<OpenedDocument> {
  const zip = await JSZip.loadAsync(bytes);
  const read = async (name: string) => {
    const file = zip.file(name);
    if (!file) throw new Error(`${name} is missing from the DOCX`);
    return file.async('string');
  };
  return { document: await read('word/document.xml'), styles: await read('word/styles.xml'), footer: await read('word/footer1.xml'), fontTable: await read('word/fontTable.xml') };
}

/** Each paragraph (w:p element) with its text as Word shows it: the w:t elements joined, entities decoded. */
function readParagraphs(xml: string): { xml: string; text: string }[] {
  return [...xml.matchAll(/<w:p\b[^>]*?(?:\/>|>.*?<\/w:p>)/g)].map(([paragraph]) => ({
    xml: paragraph,
    text: [...paragraph.matchAll(/<w:t\b[^>]*>([^<]*)<\/w:t>/g)].map(([, text]) => decodeXml(text ?? '')).join(''),
  }));
}

function decodeXml(text: string): string {
  const entities: Record<string, string> = { lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' };
  return text.replace(/&(lt|gt|quot|apos|amp);/g, (_, name: string) => entities[name] ?? '');
}

/** The runs (w:r elements) whose text includes `text`. */
function runsWithText(xml: string, text: string): string[] {
  return [...xml.matchAll(/<w:r>.*?<\/w:r>/g)].map(([run]) => run).filter((run) => run.includes(text));
}

const twips = (millimetres: number) => Math.round((millimetres / 25.4) * 1440);

describe('a 督办通知 rendered as DOCX', () => {
  let opened: OpenedDocument;
  let paragraphs: { xml: string; text: string }[];

  beforeAll(async () => {
    opened = await openDocx(await renderOfficialNotice(notice));
    paragraphs = readParagraphs(opened.document);
  });

  it('reads as the notice, in order: 版头, title, 主送, body, 署名, date, 附注, 版记', () => {
    const filled = paragraphs.map(({ text }) => text).filter((text) => text !== '');
    expect(filled).toEqual([
      '枣庄市市场监督管理局',
      '枣市监知保督〔2022〕3号',
      '关于督促山亭区市场监督管理局报送“落实措施及实施方案”的通知',
      '山亭区市场监督管理局：',
      ...notice.paragraphs,
      '枣庄市市场监督管理局',
      '2022年4月22日',
      '（联系人：张三，0632-3312345）',
      '\u3000抄送：市局办公室，山亭区人民政府。',
      '\u3000枣庄市市场监督管理局2022年4月22日印发',
    ]);
  });

  it('escapes < and & in the body instead of breaking the XML', () => {
    expect(opened.document).toContain('“&lt;附件&gt;”及“A&amp;B”');
    expect(opened.document).not.toContain('<附件>');
  });

  it('prints the issuer of the 版头 in red 方正小标宋简体, and nowhere else in red', () => {
    const [masthead, ...others] = runsWithText(opened.document, notice.issuer);
    expect(masthead).toContain('<w:color w:val="FF0000"/>');
    expect(masthead).toContain('w:eastAsia="方正小标宋简体"');
    expect(others).toHaveLength(2); // the 署名 and the 印发 line
    for (const run of others) expect(run).not.toContain('FF0000');
  });

  it('closes the 版头 with a red rule under the document number', () => {
    expect(opened.document).toMatch(/<w:pBdr><w:bottom [^>]*w:color="FF0000"[^>]*\/><\/w:pBdr>.*?枣市监知保督〔2022〕3号/);
  });

  it('uses an A4 page with the margins of GB/T 9704 (37, 35, 28, 26 mm)', () => {
    expect(opened.document).toContain('<w:pgSz w:w="11906" w:h="16838"');
    const margins = /<w:pgMar ([^>]*)\/>/.exec(opened.document)?.[1] ?? '';
    expect(margins).toContain(`w:top="${twips(37)}"`);
    expect(margins).toContain(`w:bottom="${twips(35)}"`);
    expect(margins).toContain(`w:left="${twips(28)}"`);
    expect(margins).toContain(`w:right="${twips(26)}"`);
  });

  it('sets the text in 3号 仿宋_GB2312 on exact 28.95 pt lines, body paragraphs indented 2 characters', () => {
    expect(opened.styles).toMatch(/<w:rPrDefault><w:rPr><w:rFonts [^>]*w:eastAsia="仿宋_GB2312"[^>]*\/><w:sz w:val="32"\/>/);
    expect(opened.styles).toMatch(/<w:pPrDefault><w:pPr><w:spacing [^>]*w:line="579" w:lineRule="exact"\/>/);
    const body = paragraphs.filter(({ text }) => notice.paragraphs.includes(text));
    expect(body).toHaveLength(notice.paragraphs.length);
    for (const { xml } of body) expect(xml).toContain('<w:ind w:firstLine="640"/>');
  });

  it('numbers the pages as "— 1 —"', () => {
    expect(readParagraphs(opened.footer).map(({ text }) => text)).toEqual(['—  —']);
    expect(opened.footer).toContain('<w:instrText xml:space="preserve">PAGE</w:instrText>');
  });

  it('rejects a date that is not on the calendar', async () => {
    await expect(renderOfficialNotice({ ...notice, date: '2022-02-30' })).rejects.toBeInstanceOf(NoticeDateError);
    expect(() => noticeFileName({ ...notice, date: '2022/04/22' })).toThrow(NoticeDateError);
  });
});

describe('the notice file name', () => {
  const about = { ...notice, obligation: '落实措施及实施方案' };

  it('is the kind, the addressee, the obligation and the date', () => {
    expect(noticeFileName(about)).toBe('督办通知-山亭区市场监督管理局-落实措施及实施方案-2022-04-22.docx');
  });

  it.each<[NoticeKind, string]>([
    ['supervision-notice', '督办通知'],
    ['interview-notice', '约谈通知'],
    ['criticism-bulletin', '通报'],
  ])('names a %s %s', (kind, name) => {
    expect(noticeFileName({ ...about, kind })).toBe(`${name}-山亭区市场监督管理局-落实措施及实施方案-2022-04-22.docx`);
  });

  it('keeps two notices of one kind to one unit on one day apart when they are about different obligations', () => {
    // The seed year: 山亭区's 落实措施 and another report can reach the same step on the same day.
    expect(noticeFileName({ ...about, obligation: '工作总结' })).not.toBe(noticeFileName(about));
  });

  it('names no obligation for a notice about the unit as a whole', () => {
    expect(noticeFileName(notice)).toBe('督办通知-山亭区市场监督管理局-2022-04-22.docx');
  });

  it('is safe for file systems whatever the addressee and the obligation are called', () => {
    const name = noticeFileName({ ...notice, addressee: '../山亭区/市场监督管理局:办公室\u0007 *', obligation: '../制定工作预案（春节）: "节前"/排查 ' });
    expect(name).not.toMatch(/[\\/:*?"<>|]/);
    expect(name).toBe('督办通知-山亭区_市场监督管理局_办公室-制定工作预案（春节）_节前_排查-2022-04-22.docx');
  });

  it('cuts a very long obligation title, so that the name stays short enough for any file system', () => {
    const name = noticeFileName({ ...about, obligation: '知'.repeat(300) });
    expect(name).toBe(`督办通知-山亭区市场监督管理局-${'知'.repeat(40)}-2022-04-22.docx`);
    expect(Buffer.byteLength(name)).toBeLessThan(255);
  });
});

/** The lines of the title paragraph (the one in 2号 方正小标宋 after the 版头), as its w:br breaks set them. */
function titleLinesOf(xml: string): string[] {
  const title = readParagraphs(xml).find((paragraph) => paragraph.xml.includes('w:eastAsia="方正小标宋简体"') && !paragraph.xml.includes('FF0000'));
  if (!title) throw new Error('no title paragraph');
  return title.xml
    .split('<w:br/>')
    .map((part) => [...part.matchAll(/<w:t\b[^>]*>([^<]*)<\/w:t>/g)].map(([, text]) => decodeXml(text ?? '')).join(''))
    .filter((line) => line !== '');
}

describe('fonts that survive a machine without the official ones', () => {
  it('declares 宋体 for 方正小标宋简体 and 仿宋 for 仿宋_GB2312 as serif GB2312 faces in the font table, for Word', async () => {
    const { fontTable } = await openDocx(await renderOfficialNotice(notice));
    expect(fontTable).toContain('<w:font w:name="方正小标宋简体"><w:altName w:val="宋体"/>');
    expect(fontTable).toContain('<w:font w:name="仿宋_GB2312"><w:altName w:val="仿宋"/>');
    expect(fontTable).toContain('<w:font w:name="宋体"><w:altName w:val="SimSun"/>');
    for (const entry of fontTable.match(/<w:font w:name="[^"]*">.*?<\/w:font>/g) ?? []) expect(entry).toContain('<w:family w:val="roman"/>');
  });
});

describe('the title of a notice', () => {
  // The 版心 is 156 mm: 20 characters of 2号 (22 pt), 40 width units.
  it.each([
    ['关于约谈山亭区市场监督管理局负责同志的通知', ['关于约谈山亭区市场监督管理局', '负责同志的通知']],
    ['关于督促山亭区市场监督管理局落实“落实措施及实施方案”的督办通知', ['关于督促山亭区市场监督管理局落实', '“落实措施及实施方案”的督办通知']],
    ['关于对山亭区市场监督管理局予以通报批评的通报', ['关于对山亭区市场监督管理局', '予以通报批评的通报']],
    ['关于督促山亭区市场监督管理局整改的通知', ['关于督促山亭区市场监督管理局整改的通知']],
  ])('breaks %s at a sensible place, never leaving one character alone', (title, lines) => {
    expect(titleLines(title, 40)).toEqual(lines);
  });

  it('breaks a title of 21 characters (which Word would end with one character alone) into balanced lines', () => {
    for (const title of ['关于约谈枣庄高新区行政审批局负责同志的通知', `关于${'知'.repeat(37)}的通知`, '一二三四五六七八九十一二三四五六七八九十一']) {
      const lines = titleLines(title, 40);
      expect(lines.join('')).toBe(title);
      for (const line of lines) expect([...line].length).toBeGreaterThanOrEqual(2);
      for (const line of lines) expect([...line].length).toBeLessThanOrEqual(20);
    }
  });

  it.each(noticeKinds.flatMap((kind) => noticeScopes.map((scope) => [kind, scope] as const)))('of a %s about the %s is set in lines of 2 to 20 characters', async (kind, scope) => {
    const request = noticeRequest(kind, scope);
    const { document } = await openDocx(await renderOfficialNotice(officialNoticeFor(request, renderMessage(request))!));
    const lines = titleLinesOf(document);
    expect(lines.join('')).toBe(officialNoticeFor(request, renderMessage(request))!.title);
    for (const line of lines) expect([...line].length).toBeGreaterThanOrEqual(2);
    for (const line of lines) expect([...line].length).toBeLessThanOrEqual(20);
  });
});

describe('what the seed notices say', () => {
  const noticeOf = (kind: NoticeKind, scope: 'obligation' | 'unit', reason?: string) => {
    const request = noticeRequest(kind, scope, reason);
    return officialNoticeFor(request, renderMessage(request))!;
  };

  it('prints the contact label once: （联系人：殷金保 3286097、王蓓 3286031）', async () => {
    const interview = noticeOf('interview-notice', 'obligation');
    expect(interview.contact).toBe('殷金保 3286097、王蓓 3286031');
    const { document } = await openDocx(await renderOfficialNotice(interview));
    expect(readParagraphs(document).map(({ text }) => text)).toContain('（联系人：殷金保 3286097、王蓓 3286031）');
    expect(document).not.toContain('联系人：联系人');
  });

  it('puts the reason of an interview in a paragraph of its own, after its label and with a full stop', () => {
    expect(noticeOf('interview-notice', 'unit').paragraphs).toEqual([
      '根据《全市知识产权行政保护能力提升年活动方案》（枣市监知保〔2022〕1号）工作要求，定于近期约谈贵单位负责同志，具体时间另行通知。',
      '约谈事由：多次逾期报送，经提醒仍未整改。',
    ]);
    expect(noticeOf('interview-notice', 'unit', '多次逾期。').paragraphs[1]).toBe('约谈事由：多次逾期。');
  });

  it('never claims a supervision for an interview ordered on the unit as a whole, nor quotes the campaign as an item', () => {
    for (const kind of noticeKinds) {
      const text = noticeOf(kind, 'unit').paragraphs.join('\n');
      expect(text).not.toContain('经督办');
      expect(text).not.toContain(`“${seedDefinition.campaign.title}”`);
    }
  });

  it('names the item and its supervision for an interview that comes from the item’s ladder', () => {
    expect(noticeOf('interview-notice', 'obligation').paragraphs).toEqual([
      '因贵单位“落实措施及实施方案”经督办仍未落实，根据《全市知识产权行政保护能力提升年活动方案》（枣市监知保〔2022〕1号）工作要求，定于近期约谈贵单位负责同志，具体时间另行通知。',
    ]);
  });

  it('titles each kind for its scope', () => {
    expect(noticeKinds.map((kind) => noticeOf(kind, 'unit').title)).toEqual(['关于督促山亭区市场监督管理局整改落实的督办通知', '关于约谈山亭区市场监督管理局负责同志的通知', '关于对山亭区市场监督管理局予以通报批评的通报']);
    expect(noticeOf('criticism-bulletin', 'obligation').title).toBe('关于山亭区市场监督管理局“落实措施及实施方案”落实不力的通报');
  });

  it('numbers a draft in the 督 series for 督办 and 约谈 and in the campaign’s series for a 通报, in the year of its date', () => {
    expect(noticeKinds.map((kind) => noticeOf(kind, 'obligation').documentNumber)).toEqual(['枣市监知保督〔2022〕\u3000号', '枣市监知保督〔2022〕\u3000号', '枣市监知保〔2022〕\u3000号']);
    expect(draftDocumentNumber(undefined, 'supervision-notice', '2023')).toBe('〔2023〕\u3000号');
  });
});

describe('sections in message templates', () => {
  it('prints {{#x}}…{{/x}} only when x has a value and {{^x}}…{{/x}} only when it has none, nested too', () => {
    const template = '{{#obligation}}{{^reason}}因“{{obligation}}”，{{/reason}}{{/obligation}}约谈。{{#reason}}事由：{{reason}}{{/reason}}';
    expect(renderTemplate(template, { obligation: '落实措施', reason: '' })).toBe('因“落实措施”，约谈。');
    expect(renderTemplate(template, { obligation: '落实措施', reason: '逾期。' })).toBe('约谈。事由：逾期。');
    expect(renderTemplate(template, { obligation: '', reason: '' })).toBe('约谈。');
  });

  it('reports a section that is never closed, at its tag', () => {
    expect(unpairedSectionTags('{{#reason}}事由：{{reason}}')).toEqual([{ name: 'reason', offset: 0, written: '{{#reason}}' }]);
    expect(unpairedSectionTags('{{#reason}}{{reason}}{{/reason}}')).toEqual([]);
    const broken = { ...seedDefinition, messages: { ...seedDefinition.messages, praise: { subject: '{{#reason}}表扬', text: '{{unit}}' } } };
    expect(validateDefinition(broken)).toContainEqual(expect.objectContaining({ path: ['messages', 'praise', 'subject'], expected: 'a section closed by {{/reason}}' }));
  });
});
