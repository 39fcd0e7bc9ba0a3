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

  /** Units named directly, through groups or as children, in the order named, each once. */
  expand(references: readonly string[]): string[] {
    const units = references.flatMap((reference) => this.expandOne(reference, []));
    return [...new Set(units)];
  }

  private expandOne(reference: string, seen: string[]): string[] {
    if (reference.startsWith(childrenPrefix)) return this.childrenOf[reference.slice(childrenPrefix.length)] ?? [];
    const members = this.groups[reference];
    // A group naming itself, directly or not, is reported by validation; here it adds nothing more.
    if (!members || seen.includes(reference)) return members ? [] : [reference];
    return members.flatMap((member) => this.expandOne(member, [...seen, reference]));
  }
}
