/**
 * Dates and times on the campaign's wall clock, for reports of tens of thousands of obligations:
 * `Intl.DateTimeFormat` is costly to build and `format()` is ten times faster than
 * `formatToParts()`, so one formatter per zone is kept and only `format()` is called.
 */
const formatters = new Map<string, { date: Intl.DateTimeFormat; dateTime: Intl.DateTimeFormat }>();

function formattersOf(timeZone: string) {
  let entry = formatters.get(timeZone);
  if (!entry) {
    entry = {
      date: new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }),
      dateTime: new Intl.DateTimeFormat('sv-SE', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }),
    };
    formatters.set(timeZone, entry);
  }
  return entry;
}

/** 2022-04-15T09:30:00Z → 2022-04-15 (Asia/Shanghai). */
export function localDate(instant: string, timeZone: string): string {
  return formattersOf(timeZone).date.format(new Date(instant));
}

/** 2022-04-15T09:30:00Z → 2022-04-15 17:30 (Asia/Shanghai). */
export function localDateTime(instant: string, timeZone: string): string {
  return formattersOf(timeZone).dateTime.format(new Date(instant));
}

/** 2022-04-22T09:30:00Z → 2022年4月22日 (Asia/Shanghai). */
export function chineseDate(instant: string, timeZone: string): string {
  const [year, month, day] = localDate(instant, timeZone).split('-').map(Number);
  return `${year}年${month}月${day}日`;
}

/** 2022-04-22T09:30:00Z → 2022年4月22日 17:30 (Asia/Shanghai). */
export function chineseDateTime(instant: string, timeZone: string): string {
  const [date, time] = localDateTime(instant, timeZone).split(' ');
  const [year, month, day] = date!.split('-').map(Number);
  return `${year}年${month}月${day}日 ${time}`;
}

/** An instant as the workflows write it into a detail: 2022-04-22T09:30:00.000Z, with the space before it. */
const recordedInstant = / ?(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?Z)/g;

/**
 * What a workflow recorded, as people read it: each instant in it (an extension's, a return's or a
 * rectification's new deadline) on the campaign's wall clock, the Chinese way:
 * "督办人员延期至 2022-04-22T09:30:00.000Z：…" → "督办人员延期至2022年4月22日 17:30：…".
 */
export function readableDetail(detail: string, timeZone: string): string {
  return detail.replace(recordedInstant, (_written, instant: string) => chineseDateTime(instant, timeZone));
}
