/**
 * What `npm run cluster` shows of the servers' own output: Temporal's services log JSON lines and
 * complain loudly while they find each other (matching has "not enough hosts" until history
 * joins), so start-up and shutdown are kept quiet; once the cluster is up, errors are shown, one
 * short line each, prefixed with the process. PostgreSQL's FATAL and PANIC lines likewise (its
 * ERROR lines are mostly Temporal's expected conflicts, such as a Workflow ID already started).
 */
export interface LineFilter {
  /** Receives every line of a server process. */
  line: (process: string, line: string) => void;
  /** From now on errors are shown. */
  started(): void;
  /** From now on nothing is shown. */
  stopping(): void;
}

export function serverLineFilter(print: (line: string) => void): LineFilter {
  let showing = false;
  return {
    line(process, line) {
      if (!showing) return;
      const shown = process === 'postgres' ? (/\b(FATAL|PANIC):/.test(line) ? line : undefined) : temporalError(line);
      if (shown !== undefined) print(`${`[${process}]`.padEnd(11)}${shown}`);
    },
    started: () => (showing = true),
    stopping: () => (showing = false),
  };
}

/** `level msg: error` of a Temporal log line at error level or worse, else undefined. */
export function temporalError(line: string): string | undefined {
  let entry: { level?: unknown; msg?: unknown; error?: unknown };
  try {
    entry = JSON.parse(line) as typeof entry;
  } catch {
    return line.trim() === '' ? undefined : line; // not JSON: a panic's stack or the CLI's own words
  }
  if (typeof entry.level !== 'string' || !['error', 'dpanic', 'panic', 'fatal'].includes(entry.level)) return undefined;
  return `${entry.level} ${String(entry.msg)}${entry.error === undefined ? '' : `: ${String(entry.error)}`}`.slice(0, 400);
}
