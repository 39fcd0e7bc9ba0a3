/**
 * Deadlines: an absolute date, or an offset from the campaign's start or end, another
 * obligation's deadline or a named event, moved off holidays by the definition's rule. Deadlines
 * counting from other obligations are resolved on demand, memoised, and a cycle is reported.
 */
import { addDays } from '../calendar';
import type { FieldPath } from '../definition/issues';
import type { Deadline, Obligation } from '../definition/schema';
import { type CompileContext, isCountedAcrossProvisional } from './context';

export class Deadlines {
  private readonly known = new Map<string, string | null>();
  private readonly resolving: string[] = [];

  constructor(private readonly context: CompileContext) {}

  /** The deadline date of an obligation with a single `due`, memoised; null when it cannot be computed (or it has none). */
  dueDateOf(obligation: Obligation, at: FieldPath): string | null {
    const known = this.known.get(obligation.id);
    if (known !== undefined) return known;
    if (this.resolving.includes(obligation.id)) {
      const cycle = [...this.resolving.slice(this.resolving.indexOf(obligation.id)), obligation.id];
      this.context.issues.add({ path: [...at, 'due', 'from'], expected: 'deadlines that do not depend on themselves', found: cycle.join(' → ') });
      return null;
    }
    this.resolving.push(obligation.id);
    const due = hasSingleDeadline(obligation) ? this.resolve(obligation.due, [...at, 'due'], undefined, obligation.id) : null;
    this.resolving.pop();
    this.known.set(obligation.id, due);
    return due;
  }

  /** The deadline's date; `key` (obligation[@occurrence]) is recorded when it was counted across a provisional year. */
  resolve(deadline: Deadline, at: FieldPath, eventId: string | undefined, key: string): string | null {
    const { calendar, definition, provisionalDues } = this.context;
    const rule = deadline.onHoliday ?? definition.defaults.onHoliday;
    const base = 'date' in deadline ? deadline.date : this.baseDate(deadline.from, at, eventId);
    if (base === null) return null;
    const date = this.context.issues.guard(
      () => {
        if ('date' in deadline) return calendar.adjustForHoliday(base, rule);
        const moved = deadline.workingDays !== undefined ? calendar.addWorkingDays(base, deadline.workingDays) : addDays(base, deadline.days!);
        return calendar.adjustForHoliday(moved, rule);
      },
      at,
      eventId,
    );
    // Counted from another obligation's deadline that is provisional, it is provisional too.
    const from = 'from' in deadline ? deadline.from.split('.') : [];
    if (date && ((from[0] === 'obligation' && provisionalDues.has(from[1]!)) || isCountedAcrossProvisional(this.context, base, date))) provisionalDues.add(key);
    return date && this.isInPeriod(date, 'date' in deadline ? [...at, 'date'] : at, eventId) ? date : null;
  }

  /** Is `date` within the campaign period? If not, says so at `at`. */
  isInPeriod(date: string, at: FieldPath, occurrence?: string): boolean {
    const { period } = this.context;
    if (date >= period.start && date <= period.end) return true;
    this.context.issues.add({ path: at, expected: `a deadline within the campaign period ${period.start} … ${period.end}`, found: date }, occurrence);
    return false;
  }

  private baseDate(from: string, at: FieldPath, eventId: string | undefined): string | null {
    const { definition, period } = this.context;
    const [kind, name, edge] = from.split('.');
    if (kind === 'campaign') return name === 'start' ? period.start : period.end;
    if (kind === 'obligation') {
      const index = definition.obligations.findIndex((obligation) => obligation.id === name);
      const target = definition.obligations[index]!;
      if (!hasSingleDeadline(target)) {
        this.context.issues.add({ path: [...at, 'from'], expected: 'a known obligation with a single deadline (not recurring)', found: JSON.stringify(name) });
        return null;
      }
      return this.dueDateOf(target, ['obligations', index]);
    }
    const event = definition.calendar.events.find((candidate) => candidate.id === (kind === 'each-event' ? eventId : name));
    const isEnd = kind === 'each-event' ? name === 'end' : edge === 'end';
    return (isEnd ? event?.end ?? event?.date : event?.date ?? event?.start) ?? null;
  }
}

/** An obligation with one deadline of its own: a submission, or a count over one window. */
export function hasSingleDeadline(obligation: Obligation): obligation is Extract<Obligation, { kind: 'submission' | 'count' }> & { due: Deadline } {
  return (obligation.kind === 'submission' || (obligation.kind === 'count' && obligation.perPeriod === undefined)) && obligation.due !== undefined;
}
