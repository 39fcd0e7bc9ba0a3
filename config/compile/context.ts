/**
 * What every part of the compiler shares: the definition, its calendar and period, and the log
 * of problems found while computing dates. The log says a problem once per place: the same
 * problem of one field in several occurrences (three quarters of one obligation beyond the
 * calendar) is one issue that lists the occurrences.
 */
import { CalendarRangeError, type WorkingCalendar } from '../calendar';
import type { FieldPath, UnlocatedIssue } from '../definition/issues';
import type { Definition } from '../definition/schema';

export class IssueLog {
  private readonly entries: { issue: UnlocatedIssue; occurrence?: string }[] = [];

  add(issue: UnlocatedIssue, occurrence?: string): void {
    this.entries.push({ issue, ...(occurrence !== undefined ? { occurrence } : {}) });
  }

  /** `compute`, or null with an issue at `at` when the calendar refuses a date beyond its years. */
  guard<T>(compute: () => T, at: FieldPath, occurrence?: string): T | null {
    try {
      return compute();
    } catch (error) {
      if (!(error instanceof CalendarRangeError)) throw error;
      this.add({ path: at, expected: 'a date within the supported years of the working-day calendar', found: error.message }, occurrence);
      return null;
    }
  }

  /**
   * One issue per (field, expectation), in the order first found; its `found` lists what each
   * occurrence had: `2022-03-15 (for world-ip-day)`, `X (for 2027-q1, 2027-q2), Y (for 2027-q3)`.
   */
  list(): UnlocatedIssue[] {
    const groups = new Map<string, { issue: UnlocatedIssue; founds: Map<string, string[]> }>();
    for (const { issue, occurrence } of this.entries) {
      const key = `${JSON.stringify(issue.path)}|${issue.expected}`;
      const group = groups.get(key) ?? { issue, founds: new Map<string, string[]>() };
      groups.set(key, group);
      const occurrences = group.founds.get(issue.found ?? '') ?? [];
      if (occurrence !== undefined && !occurrences.includes(occurrence)) occurrences.push(occurrence);
      group.founds.set(issue.found ?? '', occurrences);
    }
    return [...groups.values()].map(({ issue, founds }) => {
      if (issue.found === undefined) return issue;
      const found = [...founds].map(([value, occurrences]) => (occurrences.length > 0 ? `${value} (for ${occurrences.join(', ')})` : value)).join(', ');
      return { ...issue, found };
    });
  }
}

/** The compiler's shared state: one per compilation. */
export interface CompileContext {
  definition: Definition;
  calendar: WorkingCalendar;
  timeZone: string;
  period: Definition['campaign']['period'];
  issues: IssueLog;
  /** Schedules (obligation[@occurrence]) whose deadline was counted across a provisional year. */
  provisionalDues: Set<string>;
}

/** Does the span between two dates (either order) touch a year on the provisional calendar? */
export function isCountedAcrossProvisional(context: CompileContext, a: string, b: string): boolean {
  return context.calendar.provisionalYears(a < b ? a : b, a < b ? b : a).length > 0;
}

export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
