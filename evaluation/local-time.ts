/**
 * Dates and times on the campaign's wall clock for the evaluation and its exports: the one
 * formatter of config/time-format.ts (pages, emails, CLI and reports read the same).
 */
import { chineseInstants } from '../config/time-format';

export { chineseDate, chineseDateTime, localDate, localDateTime } from '../config/time-format';

/**
 * What a workflow recorded, as people read it: each instant in it (an extension's, a return's or a
 * rectification's new deadline) on the campaign's wall clock, the Chinese way, without the space
 * the record puts before it: "督办人员延期至 2022-04-22T09:30:00.000Z：…" → "督办人员延期至2022年4月22日 17:30：…".
 */
export function readableDetail(detail: string, timeZone: string): string {
  return chineseInstants(detail.replace(/ (?=\d{4}-\d{2}-\d{2}T\d{2}:\d{2})/g, ''), timeZone);
}
