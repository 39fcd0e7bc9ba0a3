/**
 * How a campaign file and the files it includes become one mapping. Each top-level key is
 * written in one file only (a second one is a clash), except `calendar`: its parts may come
 * from several files, and its `arrangements` lists add up, so that an administrator adds each
 * year's official holiday arrangement as a calendar file of its own
 * (config/shared/calendars/2026.yaml) next to the campaign's own events. Every merged field
 * keeps its origin (file and path in that file), so a problem is shown where it is written.
 */
import type { FieldPath } from './issues';

/** Where a merged field is written: the file, and the path inside that file. */
export interface Origin<Source> {
  source: Source;
  path: FieldPath;
}

/** A key written in two files: where the second one is, and the file that had it first. */
export interface Clash<Source> {
  path: FieldPath;
  first: Source;
}

const isPlainMapping = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

export class MergedFiles<Source> {
  readonly value: Record<string, unknown> = {};
  private readonly owners = new Map<string, Source>();
  private readonly calendarOwners = new Map<string, Source>();
  /** For each merged arrangement, its file and its index in that file's list. */
  private readonly arrangementOrigins: { source: Source; index: number }[] = [];

  constructor(private readonly main: Source) {}

  /** Adds the top-level keys of one file (the campaign file first); returns the keys another file already had. */
  add(source: Source, mapping: Record<string, unknown>): Clash<Source>[] {
    const clashes: Clash<Source>[] = [];
    for (const [key, part] of Object.entries(mapping)) {
      const current = this.value[key];
      if (key === 'calendar' && isPlainMapping(part) && (current === undefined || isPlainMapping(current))) {
        if (!this.owners.has(key)) this.owners.set(key, source);
        clashes.push(...this.addCalendar(source, part));
      } else if (this.owners.has(key)) {
        clashes.push({ path: [key], first: this.owners.get(key)! });
      } else {
        this.value[key] = part;
        this.owners.set(key, source);
      }
    }
    return clashes;
  }

  private addCalendar(source: Source, calendar: Record<string, unknown>): Clash<Source>[] {
    const merged = (this.value.calendar ??= {}) as Record<string, unknown>;
    const clashes: Clash<Source>[] = [];
    for (const [key, part] of Object.entries(calendar)) {
      const current = merged[key];
      if (key === 'arrangements' && Array.isArray(part) && (current === undefined || Array.isArray(current))) {
        part.forEach((_item, index) => this.arrangementOrigins.push({ source, index }));
        merged.arrangements = [...((current as unknown[] | undefined) ?? []), ...part];
        if (!this.calendarOwners.has(key)) this.calendarOwners.set(key, source);
      } else if (this.calendarOwners.has(key)) {
        clashes.push({ path: ['calendar', key], first: this.calendarOwners.get(key)! });
      } else {
        merged[key] = part;
        this.calendarOwners.set(key, source);
      }
    }
    return clashes;
  }

  /** The file and the path in it of a field of the merged mapping. */
  originOf(path: FieldPath): Origin<Source> {
    if (path[0] === 'calendar' && typeof path[1] === 'string') {
      const arrangement = path[1] === 'arrangements' && typeof path[2] === 'number' ? this.arrangementOrigins[path[2]] : undefined;
      if (arrangement) return { source: arrangement.source, path: ['calendar', 'arrangements', arrangement.index, ...path.slice(3)] };
      const owner = this.calendarOwners.get(path[1]);
      if (owner) return { source: owner, path };
    }
    return { source: this.owners.get(String(path[0])) ?? this.main, path };
  }
}
