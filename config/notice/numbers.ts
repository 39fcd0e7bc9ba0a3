/**
 * Chinese numerals as notices write them: 十五, 二十三, 一百二十, 两, 〇/○/零 in years
 * (二〇二二), full-width digits (１５). Returns undefined for anything else, never a guess.
 */

const digitValues: Record<string, number> = {
  '〇': 0, '○': 0, '零': 0, 'Ｏ': 0, '一': 1, '二': 2, '两': 2, '三': 3, '四': 4, '五': 5, '六': 6, '七': 7, '八': 8, '九': 9,
};
const unitValues: Record<string, number> = { '十': 10, '百': 100, '千': 1000, '万': 10000 };

/** Characters that can be part of a Chinese numeral (for building patterns). */
export const chineseNumeralChars = '〇○零Ｏ一二两三四五六七八九十百千万';
/** A number in digits (ASCII or full-width) or Chinese numerals, as a pattern source. */
export const numberPattern = `[0-9０-９]+|[${chineseNumeralChars}]+`;

/** Parses "15", "１５", "十五", "二十", "一百零五", "两". */
export function parseNumber(value: string): number | undefined {
  const text = value.normalize('NFKC').trim();
  if (/^\d+$/.test(text)) return Number(text);
  if (!text || ![...text].every((char) => char in digitValues || char in unitValues)) return undefined;
  let total = 0;
  let section = 0;
  let digit: number | undefined;
  for (const char of text) {
    if (char in digitValues) {
      digit = digitValues[char]!;
      continue;
    }
    const unit = unitValues[char]!;
    if (unit === 10000) {
      total += (section + (digit ?? 0)) * unit;
      section = 0;
    } else {
      section += (digit ?? 1) * unit; // 十五 = 1×10 + 5
    }
    digit = undefined;
  }
  return total + section + (digit ?? 0);
}

/** A year written digit by digit: 二〇二二, 二○○七, 2022. */
export function parseYear(value: string): number | undefined {
  const text = value.normalize('NFKC').trim();
  if (/^\d{4}$/.test(text)) return Number(text);
  if (text.length !== 4) return undefined;
  let year = 0;
  for (const char of text) {
    const digit = digitValues[char];
    if (digit === undefined) return undefined;
    year = year * 10 + digit;
  }
  return year;
}
