/**
 * The provisional calendar (暂定日历) of a year whose official holiday arrangement is not
 * published yet: weekends, plus the holidays the law itself fixes. The law is 《全国年节及纪念日
 * 放假办法》 as amended by 《国务院关于修改〈全国年节及纪念日放假办法〉的决定》 (国务院令第795号,
 * 2024-11-10, in force since 2025-01-01):
 *
 * - Art. 2: holidays for all citizens, 13 days: 元旦 1 day (1 January); 春节 4 days (农历除夕 and
 *   正月初一 to 初三); 清明节 1 day (the day of the solar term 清明); 劳动节 2 days (1 and 2 May);
 *   端午节 1 day (农历五月初五); 中秋节 1 day (农历八月十五); 国庆节 3 days (1 to 3 October).
 * - Art. 6: a holiday for all citizens that falls on a Saturday or Sunday is made up (补假) on a
 *   working day. The law does not say which one; every arrangement so far gave it right after the
 *   holiday, so it is placed on the first weekdays after it. A holiday that falls on another
 *   (中秋 on 1–3 October, as in 2028) is made up the same way: the arrangements give both
 *   (2020: 国庆 and 中秋 together, 8 days).
 * - Art. 7 lets the State Council move working days (调休) to join holidays into longer breaks.
 *   Which weekends become working days is decided each year, so the provisional calendar guesses
 *   no make-up working day: its holidays are a subset of the year's real days off, and the
 *   official arrangement (a calendar file, or `chinese-days` once it has the year) replaces it.
 *
 * The lunar dates (除夕, 初一, 端午, 中秋) and the solar term 清明 are computed by `tyme4ts`.
 */
import { LunarDay, type SolarDay, SolarTerm } from 'tyme4ts';
import { addDays, weekdayOf } from './calendar-dates';

/** One festival of Art. 2: its name and its days. */
interface Festival {
  name: string;
  dates: string[];
}

function isoOf(day: SolarDay): string {
  return `${String(day.getYear()).padStart(4, '0')}-${String(day.getMonth()).padStart(2, '0')}-${String(day.getDay()).padStart(2, '0')}`;
}

/** The festivals of Art. 2 in `year`, in date order. */
export function statutoryFestivals(year: number): Festival[] {
  const newYear = LunarDay.fromYmd(year, 1, 1).getSolarDay();
  return [
    { name: '元旦', dates: [`${year}-01-01`] },
    // 除夕 is the last day of the lunar year before: the day before 正月初一 (a 29th or a 30th).
    { name: '春节', dates: [-1, 0, 1, 2].map((offset) => isoOf(newYear.next(offset))) },
    { name: '清明节', dates: [isoOf(SolarTerm.fromName(year, '清明').getJulianDay().getSolarDay())] },
    { name: '劳动节', dates: [`${year}-05-01`, `${year}-05-02`] },
    { name: '端午节', dates: [isoOf(LunarDay.fromYmd(year, 5, 5).getSolarDay())] },
    { name: '中秋节', dates: [isoOf(LunarDay.fromYmd(year, 8, 15).getSolarDay())] },
    { name: '国庆节', dates: [`${year}-10-01`, `${year}-10-02`, `${year}-10-03`] },
  ].sort((a, b) => (a.dates[0]! < b.dates[0]! ? -1 : a.dates[0]! > b.dates[0]! ? 1 : 0));
}

const isWeekend = (date: string) => weekdayOf(date) === 0 || weekdayOf(date) === 6;

/**
 * The days off of `year` on the provisional calendar that are not weekends' own: every day of
 * Art. 2, named (春节, 国庆节, …), and its make-up days (补假, Art. 6), named 国庆节（补假）.
 */
export function provisionalHolidays(year: number): Map<string, string> {
  const daysOff = new Map<string, string>();
  for (const festival of statutoryFestivals(year)) {
    let owed = 0;
    for (const date of festival.dates) {
      if (isWeekend(date) || daysOff.has(date)) owed += 1;
      else daysOff.set(date, festival.name);
    }
    // The festival's weekend days are its own too (a name for holidayName), then the 补假 after it.
    for (const date of festival.dates) if (!daysOff.has(date)) daysOff.set(date, festival.name);
    // At most a week of days is looked at: owed is at most 4, and a week has 5 weekdays.
    let date = festival.dates[festival.dates.length - 1]!;
    for (let step = 0; owed > 0 && step < 14; step += 1) {
      date = addDays(date, 1);
      if (isWeekend(date) || daysOff.has(date)) continue;
      daysOff.set(date, `${festival.name}（补假）`);
      owed -= 1;
    }
  }
  return daysOff;
}
