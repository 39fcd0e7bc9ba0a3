/**
 * The unit directory as the plan uses it: units named directly, through groups or as a parent's
 * children (`children-of:<unit>`), in the order the document names them; the display order of
 * lists and pages (`order`, else the order of the files); each parent's children.
 */
import { builtInUnitKinds, childrenPrefix, type Definition } from '../definition/schema';
import type { DirectoryUnit } from './plan-types';

export class Directory {
  /** In display order. */
  readonly units: DirectoryUnit[];
  readonly childrenOf: Record<string, string[]>;
  private readonly groups: Record<string, string[]>;
  /** Each list of references expanded once: 30 obligations of 3,000 units name the same groups. */
  private readonly expanded = new Map<string, string[]>();

  constructor(definition: Pick<Definition, 'units' | 'groups'> & { unitKinds?: Record<string, string> }) {
    const kinds = { ...builtInUnitKinds, ...(definition.unitKinds ?? {}) };
    const ordered = definition.units
      .map((unit, index) => ({ unit, order: unit.order ?? index + 1, index }))
      // Stable: units with equal order keep the order of the files.
      .sort((a, b) => a.order - b.order || a.index - b.index);
    this.units = ordered.map(({ unit, order }) => ({
      id: unit.id,
      name: unit.name,
      kind: unit.kind,
      kindName: kinds[unit.kind] ?? unit.kind,
      ...(unit.parent ? { parent: unit.parent } : {}),
      order,
    }));
    this.childrenOf = {};
    for (const unit of this.units) if (unit.parent) (this.childrenOf[unit.parent] ??= []).push(unit.id);
    this.groups = definition.groups;
  }

  /** Units named directly, through groups or as children, in the order named, each once (shared: not to be changed). */
  expand(references: readonly string[]): string[] {
    const key = references.join(' ');
    let units = this.expanded.get(key);
    if (!units) {
      const found = new Set<string>();
      for (const reference of references) this.collect(reference, found, 0);
      units = [...found];
      this.expanded.set(key, units);
    }
    return units;
  }

  private collect(reference: string, found: Set<string>, depth: number): void {
    if (reference.startsWith(childrenPrefix)) {
      for (const child of this.childrenOf[reference.slice(childrenPrefix.length)] ?? []) found.add(child);
      return;
    }
    const members = this.groups[reference];
    if (!members) found.add(reference);
    // A group naming a group is reported by validation; a few levels are followed, never a circle.
    else if (depth < 4) for (const member of members) this.collect(member, found, depth + 1);
  }
}
