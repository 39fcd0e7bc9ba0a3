/**
 * Checks of one obligation's form that the schema cannot make alone: who owns it (`assignees` or
 * `lead`), what a count needs (a deadline, or periods with a cumulative target), the dates that
 * narrow a rhythm, and the obligation an ongoing task is reported in.
 */
import { isCalendarDate } from '../calendar';
import type { FieldPath } from './issues';

type Mapping = Record<string, unknown>;
type Report = (path: FieldPath, expected: string, found: string) => void;

const asMapping = (value: unknown): Mapping | undefined => (typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Mapping) : undefined);

export interface ObligationContext {
  /** Every obligation as written. */
  obligations: unknown[];
  /** The campaign period as written. */
  period: Mapping;
}

export function checkObligationForm(obligation: Mapping, at: FieldPath, context: ObligationContext, report: Report): void {
  const { kind } = obligation;
  if (obligation.assignees === undefined && obligation.lead === undefined) report([...at, 'assignees'], 'assignees or lead (one of them)', 'nothing');
  if (obligation.assignees !== undefined && obligation.lead !== undefined) report([...at, 'lead'], 'assignees or lead, not both', 'both');
  if (obligation.contribution !== undefined && obligation.contribution !== false && (!Array.isArray(obligation.cooperating) || obligation.cooperating.length === 0)) {
    report([...at, 'contribution'], 'cooperating units whose part this is', 'no cooperating units');
  }
  const inPeriod = (value: unknown, path: FieldPath) => checkInPeriod(value, path, context.period, report);
  if (kind === 'count') {
    if (obligation.perPeriod === undefined && obligation.due === undefined) report([...at, 'due'], 'a deadline (required without perPeriod)', 'nothing');
    if (obligation.perPeriod !== undefined && obligation.due !== undefined) report([...at, 'due'], 'no due with perPeriod (each period closes on its last working day)', 'a deadline');
    if (obligation.cumulative !== undefined && obligation.perPeriod === undefined) report([...at, 'cumulative'], 'a cumulative target only with perPeriod', 'no perPeriod');
    inPeriod(asMapping(obligation.cumulative)?.by, [...at, 'cumulative', 'by']);
  }
  const rhythmField = kind === 'recurring' ? 'recurrence' : kind === 'ongoing' ? 'progress' : undefined;
  const rhythm = rhythmField ? asMapping(obligation[rhythmField]) : undefined;
  if (rhythmField && rhythm) {
    inPeriod(rhythm.from, [...at, rhythmField, 'from']);
    inPeriod(rhythm.until, [...at, rhythmField, 'until']);
  }
  if (kind === 'recurring' && rhythm?.every !== undefined && obligation.due !== undefined) {
    report([...at, 'due'], 'no due with every (the recurrence says when each occurrence is due)', 'a deadline');
  }
  if (kind === 'ongoing' && typeof rhythm?.in === 'string') checkReportedIn(rhythm.in, obligation.id, [...at, 'progress', 'in'], context.obligations, report);
}

/** An ongoing task folded into another obligation: that obligation exists and has deadlines of its own. */
function checkReportedIn(target: string, self: unknown, at: FieldPath, obligations: unknown[], report: Report): void {
  const found = obligations.map(asMapping).find((candidate) => candidate?.id === target);
  if (!found) {
    // Only said when every obligation has a readable id (else the list of ids is incomplete).
    if (obligations.every((item) => typeof asMapping(item)?.id === 'string')) report(at, 'a known obligation', JSON.stringify(target));
    return;
  }
  if (target === self || found.kind === 'ongoing') report(at, 'an obligation with deadlines of its own (not an ongoing task)', JSON.stringify(target));
}

function checkInPeriod(value: unknown, at: FieldPath, period: Mapping, report: Report): void {
  const { start, end } = period;
  if (typeof value !== 'string' || !isCalendarDate(value) || typeof start !== 'string' || typeof end !== 'string' || !isCalendarDate(start) || !isCalendarDate(end)) return;
  if (value < start || value > end) report(at, `a date within the campaign period ${start} … ${end}`, JSON.stringify(value));
}
