/**
 * An obligation's or a unit's story as people read it. The workflows record what happened for
 * machines and for the record (ISO instants, message keys such as `（review-1）`); the records
 * stay as they are, and this one place turns each entry into its reader's words: times on the
 * campaign's wall clock in Chinese, the event's name, no internal keys.
 */
import { chineseDateTime, chineseInstants } from '../config/time-format';
import type { ObligationState } from '../contracts/obligation';
import { eventName } from '../contracts/vocabulary';

export interface StoryLine {
  /** When, plan time (ISO 8601), as recorded. */
  at: string;
  /** When, on the campaign's wall clock: 2022年4月22日 17:30. */
  atLocal: string;
  event: string;
  /** The event as a person names it (报送, 退回修改, …). */
  eventName: string;
  /** What the record says, for a person: local times, no message keys. */
  text: string;
  /** Unit records name who acted. */
  by?: string;
}

/**
 * A message key in parentheses after its label, as the delivery records it
 * (`审核结果（review-1）`, `截止前3个工作日（reminder-3wd-20220429）`): the label says it already.
 */
const messageKey = /（[a-z0-9]+(?:-[a-z0-9]+)*）/g;

/** A recorded text for a person: every instant local and Chinese, message keys dropped. */
export function storyText(detail: string, timeZone: string): string {
  return chineseInstants(detail, timeZone).replace(messageKey, '');
}

/** Every entry of a story, oldest first, in its reader's words. */
export function storyOf(history: readonly { at: string; event: string; detail: string; by?: string }[], timeZone: string): StoryLine[] {
  return history.map((entry) => ({
    at: entry.at,
    atLocal: chineseDateTime(entry.at, timeZone),
    event: entry.event,
    eventName: eventName(entry.event),
    text: storyText(entry.detail, timeZone),
    ...(entry.by !== undefined ? { by: entry.by } : {}),
  }));
}

export interface ReturnNote {
  at: string;
  atLocal: string;
  /** Who returned it, as recorded. */
  by: string;
  /** What the unit must revise: the supervisor's reason. */
  reason: string;
  /** The revision's deadline, local. */
  dueAtLocal: string;
}

/**
 * The return the unit must act on: the latest `returned` entry while the item is still returned.
 * Its record reads `<who>退回修改：<reason>；新截止时间 <instant>`; the deadline comes from the
 * entry's own `dueAt` where it has one.
 */
export function latestReturn(state: Pick<ObligationState, 'status' | 'dueAt' | 'history'>, timeZone: string): ReturnNote | undefined {
  if (state.status !== 'returned') return undefined;
  const entry = [...state.history].reverse().find((candidate) => candidate.event === 'returned');
  if (!entry) return undefined;
  const marker = '退回修改：';
  const start = entry.detail.indexOf(marker);
  const end = entry.detail.lastIndexOf('；新截止时间');
  const reason = start < 0 ? entry.detail : entry.detail.slice(start + marker.length, end > start ? end : undefined);
  return {
    at: entry.at,
    atLocal: chineseDateTime(entry.at, timeZone),
    by: start > 0 ? entry.detail.slice(0, start) : '',
    reason: reason.trim(),
    dueAtLocal: chineseDateTime(entry.dueAt ?? state.dueAt, timeZone),
  };
}
