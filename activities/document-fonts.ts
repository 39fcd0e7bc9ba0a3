/**
 * The fonts of the official notices and what stands in for them where they are missing. GB/T
 * 9704 names 方正小标宋简体 for titles and 仿宋_GB2312 for the body; offices have them, most other
 * machines do not, and a reader without them must still see a serif (宋/仿宋) face, never a
 * sans-serif one.
 *
 * - Word substitutes a missing font by the document's font table: `w:altName` (宋体, 仿宋, present
 *   on every Chinese Windows), the GB2312 character set and the roman (serif) family.
 * - LibreOffice reads none of that (its DOCX import skips `w:altName`, `w:family` and `w:panose1`)
 *   and asks fontconfig, whose default for an unknown Chinese name is the sans-serif face. The
 *   aliases in `scripts/fontconfig/official-fonts.conf` (宋体/SimSun/Noto Serif CJK SC and
 *   仿宋/FangSong/Noto Serif CJK SC) fix that for a machine; the PDF test renders with them.
 */

export interface OfficialFont {
  /** The name the runs ask for. */
  name: string;
  /** What Word takes when `name` is missing. */
  altName: string;
  /** PANOSE-1 of a 宋/仿宋 face (serif), so a substitution by classification stays serif too. */
  panose: string;
  /** Where it stands in the document: the fontconfig aliases list them in this order. */
  fallbacks: readonly string[];
}

export const titleFont: OfficialFont = { name: '方正小标宋简体', altName: '宋体', panose: '02010600030101010101', fallbacks: ['宋体', 'SimSun', 'Noto Serif CJK SC'] };
export const bodyFont: OfficialFont = { name: '仿宋_GB2312', altName: '仿宋', panose: '02010609030101010101', fallbacks: ['仿宋', 'FangSong', 'Noto Serif CJK SC'] };
/** The page number's face (宋体), with its Latin name for Word on a machine in another language. */
export const pageNumberFont: OfficialFont = { name: '宋体', altName: 'SimSun', panose: '02010600030101010101', fallbacks: ['SimSun', 'Noto Serif CJK SC'] };

const fontsNamespace = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';

/** `word/fontTable.xml` declaring each official font with its stand-in, in place of docx's empty table. */
export function fontTableXml(fonts: readonly OfficialFont[] = [titleFont, bodyFont, pageNumberFont]): string {
  const entries = fonts.map(
    (font) =>
      // charset 86 = GB2312; roman = a serif family; variable pitch as Word records these faces.
      `<w:font w:name="${font.name}"><w:altName w:val="${font.altName}"/><w:panose1 w:val="${font.panose}"/><w:charset w:val="86"/><w:family w:val="roman"/><w:pitch w:val="variable"/></w:font>`,
  );
  const latin = '<w:font w:name="Times New Roman"><w:panose1 w:val="02020603050405020304"/><w:charset w:val="00"/><w:family w:val="roman"/><w:pitch w:val="variable"/></w:font>';
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:fonts xmlns:w="${fontsNamespace}">${entries.join('')}${latin}</w:fonts>`;
}
