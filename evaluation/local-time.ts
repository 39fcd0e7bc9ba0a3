/**
 * Dates and times on the campaign's wall clock for the evaluation and its exports: the one
 * formatter of config/time-format.ts (pages, emails, CLI and reports read the same).
 */
export { chineseDate, chineseDateTime, localDate, localDateTime } from '../config/time-format';
