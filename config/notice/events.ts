/**
 * Named days a plan works around: 4·26世界知识产权日, 5·10中国品牌日, 3·15, and the holidays
 * 元旦, 春节, 元宵, 清明, 五一, 端午, 中秋, 国庆. Fixed days get their date in the given year;
 * lunar holidays are converted with chinese-days (a pure table). Each event keeps its source.
 */
import chineseDays from 'chinese-days';
import type { SourceSpan } from './text';
import { splitSentences } from './text';

export interface DraftEvent {
  name: string;
  /** YYYY-MM-DD in the given year, when the day is fixed or computable. */
  date?: string;
  source: SourceSpan;
  note?: string;
}

const holidays: Array<{ pattern: RegExp; name: string; solar?: string; lunar?: string }> = [
  { pattern: /元旦/, name: '元旦', solar: '01-01' },
  { pattern: /春节/, name: '春节', lunar: '01-01' },
  { pattern: /元宵/, name: '元宵节', lunar: '01-15' },
  { pattern: /清明/, name: '清明节' },
  { pattern: /五一|劳动节/, name: '五一', solar: '05-01' },
  { pattern: /端午/, name: '端午节', lunar: '05-05' },
  { pattern: /中秋/, name: '中秋', lunar: '08-15' },
  { pattern: /国庆/, name: '国庆', solar: '10-01' },
];

/** 4·26世界知识产权日, “5·10中国品牌日”, 3.15: the day and the name that follows it. */
const namedDayPattern = /(?<![0-9.])([1-9]|1[0-2])\s*[·•・.．]\s*([1-9]|[12][0-9]|3[01])(?![0-9])[”"]?([\u4e00-\u9fa5]{0,12}?(?:日|节|周|月))?/g;

function lunarToSolar(year: number, monthDay: string): string | undefined {
  try {
    return chineseDays.getSolarDateFromLunar(`${year}-${monthDay}`).date;
  } catch {
    return undefined;
  }
}

/** Events named in the text; `year` dates them (the period's year). */
export function extractEvents(text: string, year?: number): DraftEvent[] {
  const events: DraftEvent[] = [];
  const seen = new Set<string>();
  for (const sentence of splitSentences(text)) {
    const source = { start: sentence.start, end: sentence.end, sentence: sentence.text };
    for (const match of sentence.text.matchAll(namedDayPattern)) {
      const [month, day] = [Number(match[1]), Number(match[2])];
      if (!match[3] && !/[“"]/.test(sentence.text.slice(Math.max(0, (match.index ?? 0) - 1), match.index ?? 0))) continue;
      const name = `${month}·${day}${match[3] ?? ''}`;
      if (seen.has(`${month}·${day}`)) continue;
      seen.add(`${month}·${day}`);
      const date = year ? `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}` : undefined;
      events.push({ name, ...(date ? { date } : {}), source });
    }
    for (const holiday of holidays) {
      if (!holiday.pattern.test(sentence.text) || seen.has(holiday.name)) continue;
      // A holiday counts as an event when the sentence plans around it ("围绕春节、五一…", "节日期间").
      if (!/(围绕|期间|前后|节点|之际|利用|结合)/.test(sentence.text)) continue;
      seen.add(holiday.name);
      const date = !year ? undefined : holiday.solar ? `${year}-${holiday.solar}` : holiday.lunar ? lunarToSolar(year, holiday.lunar) : undefined;
      const note = holiday.lunar ? '农历节日，日期按公历换算' : holiday.solar ? undefined : '日期待确认';
      events.push({ name: holiday.name, ...(date ? { date } : {}), source, ...(note ? { note } : {}) });
    }
  }
  return events;
}
