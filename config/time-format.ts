/**
 * Every date and time a person reads, in one place: on the wall clock of the campaign's time
 * zone (Beijing time unless the definition says otherwise), written the Chinese way
 * (2022年4月22日 17:30). Pages, the API's display fields, the CLI, the emails and the reports
 * all format through here, so a time never reads in UTC on one screen and local on another.
 *
 * `Intl.DateTimeFormat` is costly to build and `format()` is ten times faster than
 * `formatToParts()`: one formatter per zone is kept and only `format()` is called (reports
 * format tens of thousands of instants).
 */

/** The zone of a campaign that names none (the definition's default), and of records from before the zone travelled with them. */
export const defaultTimeZone = 'Asia/Shanghai';

const formatters = new Map<string, Intl.DateTimeFormat>();

/** `2022-04-15 17:30` on the wall clock of `timeZone` (sv-SE writes dates as ISO does). */
function wallClock(instant: string | number | Date, timeZone: string): string {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('sv-SE', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    formatters.set(timeZone, formatter);
  }
  return formatter.format(new Date(instant));
}

/** 2022-04-15T09:30:00Z → 2022-04-15 (Asia/Shanghai): the plan's date of an instant, for grouping by day or month. */
export function localDate(instant: string | number | Date, timeZone = defaultTimeZone): string {
  return wallClock(instant, timeZone).slice(0, 10);
}

/** 2022-04-15T09:30:00Z → 2022-04-15 17:30 (Asia/Shanghai): sortable, for tables that are read by machines too (CSV). */
export function localDateTime(instant: string | number | Date, timeZone = defaultTimeZone): string {
  return wallClock(instant, timeZone);
}

/** 2022-04-22 → 2022年4月22日: a plan date (already on the campaign's calendar) as a person reads it. */
export function chineseDay(date: string): string {
  const [year, month, day] = date.slice(0, 10).split('-').map(Number);
  return `${year}年${month}月${day}日`;
}

/** 2022-04-15 17:30 (a plan's wall-clock reading, as the compiled plan writes it) → 2022年4月15日 17:30. */
export function chineseWallClock(local: string): string {
  const time = local.slice(11, 16);
  return time ? `${chineseDay(local)} ${time}` : chineseDay(local);
}

/** 2022-04-22T09:30:00Z → 2022年4月22日 (Asia/Shanghai). */
export function chineseDate(instant: string | number | Date, timeZone = defaultTimeZone): string {
  return chineseDay(localDate(instant, timeZone));
}

/** 2022-04-22T09:30:00Z → 2022年4月22日 17:30 (Asia/Shanghai); an empty or unreadable instant reads as nothing. */
export function chineseDateTime(instant: string | number | Date | undefined, timeZone = defaultTimeZone): string {
  if (instant === undefined || instant === '' || Number.isNaN(new Date(instant).getTime())) return '';
  const local = wallClock(instant, timeZone);
  return `${chineseDay(local)} ${local.slice(11, 16)}`;
}

/** An ISO 8601 instant as the workflows write them into their records (`2022-04-22T09:30:00.000Z`, or with an offset). */
const isoInstant = /\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})/g;

/**
 * A recorded text with every ISO instant in it written as {@link chineseDateTime}: records
 * (`退回修改：…；新截止时间 2022-04-22T09:30:00.000Z`) keep instants for machines; people read
 * `新截止时间 2022年4月22日 17:30`.
 */
export function chineseInstants(text: string, timeZone = defaultTimeZone): string {
  return text.replace(isoInstant, (instant) => chineseDateTime(instant, timeZone) || instant);
}
