/** The official notice as a reader opening the DOCX would see it: text, layout and names. */
import JSZip from 'jszip';
import { noticeFileName, NoticeDateError, renderOfficialNotice, type NoticeKind, type OfficialNotice } from '../activities/documents';

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
}

async function openDocx(bytes: Buffer): Promise<OpenedDocument> {
  const zip = await JSZip.loadAsync(bytes);
  const read = async (name: string) => {
    const file = zip.file(name);
    if (!file) throw new Error(`${name} is missing from the DOCX`);
    return file.async('string');
  };
  return { document: await read('word/document.xml'), styles: await read('word/styles.xml'), footer: await read('word/footer1.xml') };
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
