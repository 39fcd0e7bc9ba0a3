/**
 * How a campaign file and the files it includes become one mapping.
 *
 * - The directory merges: `units` (by id), `groups`, `unitKinds` and `messages` (by key) may come
 *   from several files, so a campaign adds its own groups and units on top of a shared directory.
 *   The same unit or group written twice alike is one; written twice differently it is a clash
 *   that names both places.
 * - `calendar`: its parts may come from several files, and its `arrangements` lists add up, so
 *   that an administrator adds each year's official holiday arrangement as a calendar file of its
 *   own (config/shared/calendars/2026.yaml) next to the campaign's own events.
 * - Every other top-level key is written in one file only (a second one is a clash).
 *
 * Every merged field keeps its origin (file and path in that file), so a problem is shown where
 * it is written. A clash does not stop the merge: the first file's value is kept, and the other
 * problems of the definition are still found.
 */
import type { FieldPath } from './issues';

/** Where a merged field is written: the file, and the path inside that file. */
export interface Origin<Source> {
  source: Source;
  path: FieldPath;
}

/**
 * A clash: `path` in the file being added (`source`) against what `first` has at `firstPath`.
 * `isItem`: the same unit, group, kind or message written differently (else: a key written twice).
 */
export interface Clash<Source> {
  path: FieldPath;
  first: Source;
  firstPath: FieldPath;
  isItem: boolean;
}

const isPlainMapping = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Do two values read from YAML say the same (mappings key by key, in any order)? */
function isSameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((item, index) => isSameValue(item, b[index]));
  if (!isPlainMapping(a) || !isPlainMapping(b)) return false;
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => key in b && isSameValue(a[key], b[key]));
}

/** Lists merged item by item, keyed by each item's `id`. */
const listsById = new Set(['units']);
/** Mappings merged key by key. */
const mappingsByKey = new Set(['groups', 'unitKinds', 'messages']);

export class MergedFiles<Source> {
  readonly value: Record<string, unknown> = {};
  private readonly owners = new Map<string, Source>();
  private readonly calendarOwners = new Map<string, Source>();
  /** For each merged arrangement, its file and its index in that file's list. */
  private readonly arrangementOrigins: { source: Source; index: number }[] = [];
  /** For each merged item of a list by id: its file and its index there. */
  private readonly itemOrigins = new Map<string, { source: Source; index: number }[]>();
  /** For each key of a mapping merged by key: its file. */
  private readonly keyOwners = new Map<string, Map<string, Source>>();

  constructor(private readonly main: Source) {}

  /** Adds the top-level keys of one file (the campaign file first); returns what clashes with a file added before. */
  add(source: Source, mapping: Record<string, unknown>): Clash<Source>[] {
    const clashes: Clash<Source>[] = [];
    for (const [key, part] of Object.entries(mapping)) {
      const current = this.value[key];
      if (key === 'calendar' && isPlainMapping(part) && (current === undefined || isPlainMapping(current))) {
        if (!this.owners.has(key)) this.owners.set(key, source);
        clashes.push(...this.addCalendar(source, part));
      } else if (listsById.has(key) && Array.isArray(part) && (current === undefined || Array.isArray(current))) {
        if (!this.owners.has(key)) this.owners.set(key, source);
        clashes.push(...this.addItems(key, source, part));
      } else if (mappingsByKey.has(key) && isPlainMapping(part) && (current === undefined || isPlainMapping(current))) {
        if (!this.owners.has(key)) this.owners.set(key, source);
        clashes.push(...this.addKeys(key, source, part));
      } else if (this.owners.has(key)) {
        clashes.push({ path: [key], first: this.owners.get(key)!, firstPath: [key], isItem: false });
      } else {
        this.value[key] = part;
        this.owners.set(key, source);
      }
    }
    return clashes;
  }

  private addItems(key: string, source: Source, items: unknown[]): Clash<Source>[] {
    const merged = (this.value[key] ??= []) as unknown[];
    const origins = this.itemOrigins.get(key) ?? [];
    this.itemOrigins.set(key, origins);
    const clashes: Clash<Source>[] = [];
    items.forEach((item, index) => {
      const id = isPlainMapping(item) && typeof item.id === 'string' ? item.id : undefined;
      // Within one file a repeated id is the validator's to report ("a unique id"); across files it merges.
      const earlier = id === undefined ? -1 : merged.findIndex((other, at) => origins[at]!.source !== source && isPlainMapping(other) && other.id === id);
      if (earlier < 0) {
        merged.push(item);
        origins.push({ source, index });
      } else if (!isSameValue(merged[earlier], item)) {
        const first = origins[earlier]!;
        clashes.push({ path: [key, index], first: first.source, firstPath: [key, first.index], isItem: true });
      }
    });
    return clashes;
  }

  private addKeys(key: string, source: Source, mapping: Record<string, unknown>): Clash<Source>[] {
    const merged = (this.value[key] ??= {}) as Record<string, unknown>;
    const owners = this.keyOwners.get(key) ?? new Map<string, Source>();
    this.keyOwners.set(key, owners);
    const clashes: Clash<Source>[] = [];
    for (const [name, part] of Object.entries(mapping)) {
      if (!owners.has(name)) {
        merged[name] = part;
        owners.set(name, source);
      } else if (!isSameValue(merged[name], part)) {
        clashes.push({ path: [key, name], first: owners.get(name)!, firstPath: [key, name], isItem: true });
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
        clashes.push({ path: ['calendar', key], first: this.calendarOwners.get(key)!, firstPath: ['calendar', key], isItem: false });
      } else {
        merged[key] = part;
        this.calendarOwners.set(key, source);
      }
    }
    return clashes;
  }

  /** The file and the path in it of a field of the merged mapping. */
  originOf(path: FieldPath): Origin<Source> {
    const [key, second] = path;
    if (key === 'calendar' && typeof second === 'string') {
      const arrangement = second === 'arrangements' && typeof path[2] === 'number' ? this.arrangementOrigins[path[2]] : undefined;
      if (arrangement) return { source: arrangement.source, path: ['calendar', 'arrangements', arrangement.index, ...path.slice(3)] };
      const owner = this.calendarOwners.get(second);
      if (owner) return { source: owner, path };
    }
    const item = typeof key === 'string' && typeof second === 'number' ? this.itemOrigins.get(key)?.[second] : undefined;
    if (item) return { source: item.source, path: [key!, item.index, ...path.slice(2)] };
    const keyOwner = typeof key === 'string' && typeof second === 'string' ? this.keyOwners.get(key)?.get(second) : undefined;
    if (keyOwner) return { source: keyOwner, path };
    return { source: this.owners.get(String(key)) ?? this.main, path };
  }
}
