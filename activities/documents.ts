/**
 * Renders official notices (公文: 督办通知, 约谈通知, 通报) as DOCX files laid out after
 * GB/T 9704-2012 (党政机关公文格式), as far as a flowing Word document can follow it. Pure: the
 * caller decides where the bytes go.
 */
import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  LineRuleType,
  Packer,
  PageNumber,
  Paragraph,
  Tab,
  TabStopType,
  TextRun,
  type IBorderOptions,
  type IRunOptions,
} from 'docx';
import { bodyFont as officialBodyFont, fontTableXml, type OfficialFont, pageNumberFont as officialPageNumberFont, titleFont } from './document-fonts';
import { titleLines } from './document-title';

export type NoticeKind = 'supervision-notice' | 'interview-notice' | 'criticism-bulletin';

export interface OfficialNotice {
  kind: NoticeKind;
  /** 发文机关, printed red in the 版头 */
  issuer: string;
  /** 发文字号, e.g. 枣市监知保督〔2022〕3号 */
  documentNumber: string;
  title: string;
  /** 主送机关 */
  addressee: string;
  /** The obligation the notice is about (its title), for the file name; absent for a notice about the unit as a whole. */
  obligation?: string;
  /** 正文, one entry per paragraph */
  paragraphs: string[];
  /** 发文机关署名 */
  signature: string;
  /** 成文日期 YYYY-MM-DD */
  date: string;
  /** 附注 (联系人：…), printed in brackets after the date */
  contact?: string;
  /** 抄送机关 in the 版记 */
  copyTo?: string[];
}

/** Raised for a 成文日期 that is not a real calendar date in the form YYYY-MM-DD. */
export class NoticeDateError extends Error {
  readonly code = 'NOTICE_DATE';
}

const kindNames: Record<NoticeKind, string> = {
  'supervision-notice': '督办通知',
  'interview-notice': '约谈通知',
  'criticism-bulletin': '通报',
};

// The official faces for Chinese, Times New Roman for Latin letters and digits; what stands in
// for a missing face is declared in the font table (document-fonts.ts).
const withLatin = (font: OfficialFont) => ({ eastAsia: font.name, ascii: 'Times New Roman', hAnsi: 'Times New Roman' });
const bodyFont = withLatin(officialBodyFont);
const headingFont = withLatin(titleFont);
const pageNumberFont = withLatin(officialPageNumberFont);
const red = 'FF0000';

// docx sizes are half-points: 2号 = 22 pt, 3号 = 16 pt, 4号 = 14 pt.
const size2 = 44;
const size3 = 32;
const size4 = 28;

// One character of 3号 text is 16 pt = 320 twips; paragraphs start 2 characters in (每个自然段左空二字).
const bodyCharacter = 320;
const versionCharacter = 280; // 4号, for the 版记

// A4 with a 156 × 225 mm 版心 (text area) of 22 lines of 28 characters; exact 28.95 pt lines are
// what fits 22 of them into 225 mm, so the line count does not depend on the fonts installed.
const pageWidth = 11906;
const pageHeight = 16838;
const margins = { top: millimetresToTwips(37), bottom: millimetresToTwips(35), left: millimetresToTwips(28), right: millimetresToTwips(26) };
const textWidth = pageWidth - margins.left - margins.right;
const lineSpacing = 579;

// Sizes of rules are in eighths of a point: the standard asks for 0.35 mm (≈ 1 pt) for the first
// and last rule of the 版记 and 0.25 mm (≈ 0.75 pt) between.
const thickRule: IBorderOptions = { style: BorderStyle.SINGLE, size: 8, color: '000000' };
const thinRule: IBorderOptions = { style: BorderStyle.SINGLE, size: 6, color: '000000' };

/** Renders the notice as the bytes of a .docx file. */
export async function renderOfficialNotice(notice: OfficialNotice): Promise<Buffer> {
  const date = formatNoticeDate(notice.date);
  const document = new Document({
    creator: notice.issuer,
    title: notice.title,
    styles: {
      // Everything not said otherwise is 3号 仿宋 on the 22-line grid, also what a person types later in Word.
      default: {
        document: {
          run: { font: bodyFont, size: size3, language: { value: 'en-US', eastAsia: 'zh-CN' } },
          paragraph: { spacing: { line: lineSpacing, lineRule: LineRuleType.EXACT, before: 0, after: 0 } },
        },
      },
    },
    sections: [
      {
        properties: {
          page: {
            size: { width: pageWidth, height: pageHeight },
            // The page number's dashes sit 7 mm below the 版心, so its 4号 line ends ~23 mm above the page edge.
            margin: { ...margins, footer: millimetresToTwips(23) },
          },
        },
        footers: { default: pageNumberFooter() },
        children: [
          ...masthead(notice),
          titleParagraph(notice.title),
          emptyLine(),
          new Paragraph({ children: [new TextRun(`${notice.addressee}：`)] }),
          ...notice.paragraphs.map(indentedParagraph),
          emptyLine(),
          ...signatureBlock(notice.signature, date),
          ...(notice.contact ? [indentedParagraph(`（联系人：${notice.contact}）`)] : []),
          emptyLine(),
          ...versionRecord(notice, date),
        ],
      },
    ],
  });
  return Packer.toBuffer(document, false, [{ path: 'word/fontTable.xml', data: fontTableXml() }]);
}

/** The title centred in 2号, broken at the places document-title.ts chooses (never one character alone). */
function titleParagraph(title: string): Paragraph {
  // A 2号 character is 22 pt = 440 twips; the width units of titleLines count 2 per character.
  const lineWidth = 2 * Math.floor(textWidth / (size2 * 10));
  const lines = titleLines(title, lineWidth);
  return new Paragraph({
    alignment: AlignmentType.CENTER,
    children: lines.map((line, index) => new TextRun({ text: line, font: headingFont, size: size2, ...(index > 0 ? { break: 1 } : {}) })),
  });
}

/** Obligation titles are short in practice; a long one is cut so that the name stays well under 255 bytes. */
const maxSubjectLength = 40;

/**
 * 督办通知-山亭区市场监督管理局-落实措施及实施方案-2022-04-22.docx: the kind, who it is sent to,
 * what it is about and when. Two notices of one kind to one unit on one day about different
 * obligations keep files of their own.
 */
export function noticeFileName(notice: OfficialNotice): string {
  formatNoticeDate(notice.date); // a date that passed this check holds no path separators
  const subject = safeFileNamePart(Array.from(notice.obligation ?? '').slice(0, maxSubjectLength).join(''));
  return `${kindNames[notice.kind]}-${safeFileNamePart(notice.addressee) || '未命名'}${subject ? `-${subject}` : ''}-${notice.date}.docx`;
}

/**
 * What Windows forbids in a name (a superset of what other systems forbid), control characters
 * and white space become "_"; leading dots would hide the file or climb a directory.
 */
function safeFileNamePart(value: string): string {
  return value.replace(/[\\/:*?"<>|\p{Cc}\s]+/gu, '_').replace(/^[._]+|[._]+$/g, '');
}

/** 2022-04-22 → 2022年4月22日: Arabic numerals, the full year, no leading zeros (月、日不编虚位). */
function formatNoticeDate(date: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const [year, month, day] = match ? match.slice(1).map(Number) : [];
  if (year === undefined || month === undefined || day === undefined || new Date(Date.UTC(year, month - 1, day)).toISOString().slice(0, 10) !== date) {
    throw new NoticeDateError(`成文日期应为 YYYY-MM-DD 格式的有效日期，实际为 "${date}"`);
  }
  return `${year}年${month}月${day}日`;
}

/** 版头: the issuer in red, the document number two lines below it and the red rule that closes it. */
function masthead(notice: OfficialNotice): Paragraph[] {
  return [
    new Paragraph({
      alignment: AlignmentType.CENTER,
      children: [new TextRun({ text: notice.issuer, font: headingFont, size: size2, bold: true, color: red })],
    }),
    emptyLine(),
    emptyLine(),
    new Paragraph({
      alignment: AlignmentType.CENTER,
      // The red rule runs 4 mm (≈ 11 pt) below the document number, across the 版心.
      border: { bottom: { style: BorderStyle.SINGLE, size: 12, color: red, space: 11 } },
      children: [new TextRun(notice.documentNumber)],
    }),
    // The title comes two lines below the red rule.
    emptyLine(),
    emptyLine(),
  ];
}

/**
 * 署名 and 成文日期 of a notice that will be sealed (加盖印章): the date 4 characters from the right edge and
 * the issuer centred above it. Word cannot centre one paragraph on another, so the signature's
 * indent comes from the estimated widths of the two lines.
 */
function signatureBlock(signature: string, date: string): Paragraph[] {
  const dateIndent = 4 * bodyCharacter;
  const signatureIndent = Math.max(0, dateIndent + (estimateWidth(date) - estimateWidth(signature)) / 2);
  return [
    new Paragraph({ alignment: AlignmentType.RIGHT, indent: { right: Math.round(signatureIndent) }, children: [new TextRun(signature)] }),
    new Paragraph({ alignment: AlignmentType.RIGHT, indent: { right: dateIndent }, children: [new TextRun(date)] }),
  ];
}

/** Width in twips of a line of 3号 text: Chinese characters are square, Latin letters and digits about half as wide. */
function estimateWidth(text: string): number {
  return [...text].reduce((width, character) => width + (character.charCodeAt(0) < 0x2e80 ? bodyCharacter / 2 : bodyCharacter), 0);
}

/**
 * 版记: 抄送 and the 印发 line in 4号, a character in from both edges, between full-width
 * rules. The standard puts it at the foot of the last page; a flowing document can only put it
 * after the body, and the clerk moves it down if the page has room left.
 */
function versionRecord(notice: OfficialNotice, date: string): Paragraph[] {
  // Rules run across the whole 版心 only if the paragraph has no indent, so the one-character
  // margins are a full-width space and a tab stop.
  const copyTo = notice.copyTo && notice.copyTo.length > 0 ? notice.copyTo : undefined;
  const printed = new Paragraph({
    border: copyTo ? { bottom: thickRule } : { top: thickRule, bottom: thickRule },
    tabStops: [{ type: TabStopType.RIGHT, position: textWidth - versionCharacter }],
    children: [versionRun(`\u3000${notice.issuer}`), versionRun({ children: [new Tab(), `${date}印发`] })],
  });
  if (!copyTo) return [printed];
  return [
    new Paragraph({
      border: { top: thickRule, bottom: thinRule },
      children: [versionRun(`\u3000抄送：${copyTo.join('，')}。`)],
    }),
    printed,
  ];
}

function versionRun(options: string | IRunOptions): TextRun {
  return new TextRun({ ...(typeof options === 'string' ? { text: options } : options), size: size4 });
}

/** "— 1 —" in 4号 half-width digits, centred. */
function pageNumberFooter(): Footer {
  return new Footer({
    children: [
      new Paragraph({
        alignment: AlignmentType.CENTER,
        // Single line spacing here: the 28.95 pt grid would push the number down into the margin.
        spacing: { line: 240, lineRule: LineRuleType.AUTO },
        children: [new TextRun({ children: ['— ', PageNumber.CURRENT, ' —'], font: pageNumberFont, size: size4 })],
      }),
    ],
  });
}

function indentedParagraph(text: string): Paragraph {
  return new Paragraph({ indent: { firstLine: 2 * bodyCharacter }, children: [new TextRun(text)] });
}

function emptyLine(): Paragraph {
  return new Paragraph({});
}

/** Word measures in twips (1/1440 inch); docx's own converter rounds down, which loses up to a twip. */
function millimetresToTwips(millimetres: number): number {
  return Math.round((millimetres / 25.4) * 1440);
}
