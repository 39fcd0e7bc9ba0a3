/**
 * Checks of the unit directory that need the whole definition: each unit's kind is built in or
 * one of the definition's `unitKinds`, parents exist and do not go round in a circle, group
 * members and `children-of:<unit>` name known units.
 */
import type { FieldPath } from './issues';
import { builtInUnitKinds, childrenPrefix } from './schema';

type Mapping = Record<string, unknown>;
type Report = (path: FieldPath, expected: string, found: string) => void;

const asMapping = (value: unknown): Mapping | undefined => (typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Mapping) : undefined);
const asList = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

/** Checks unit kinds and parents; returns the units that have children (for `children-of:`). */
export function checkUnits(root: Mapping, unitIds: Set<string> | undefined, report: Report): Set<string> {
  const declared = asMapping(root.unitKinds);
  const kinds = new Set([...Object.keys(builtInUnitKinds), ...Object.keys(declared ?? {})]);
  const parents = new Map<string, string>();
  asList(root.units).forEach((item, index) => {
    const unit = asMapping(item);
    if (!unit) return;
    // Without a readable `unitKinds`, the known kinds are incomplete: the schema says what is wrong there.
    if (typeof unit.kind === 'string' && /^[a-z0-9][a-z0-9-]*$/.test(unit.kind) && !kinds.has(unit.kind) && (declared || root.unitKinds === undefined)) {
      report(['units', index, 'kind'], `a known unit kind, one of ${[...kinds].join(', ')} (add others in unitKinds)`, JSON.stringify(unit.kind));
    }
    if (typeof unit.id === 'string' && typeof unit.parent === 'string') {
      if (unitIds && !unitIds.has(unit.parent)) report(['units', index, 'parent'], 'a known unit', JSON.stringify(unit.parent));
      else parents.set(unit.id, unit.parent);
    }
  });
  asList(root.units).forEach((item, index) => {
    const id = asMapping(item)?.id;
    if (typeof id !== 'string' || !parents.has(id)) return;
    const chain = [id];
    for (let parent = parents.get(id); parent !== undefined; parent = parents.get(parent)) {
      if (parent === id) {
        report(['units', index, 'parent'], 'a parent that is not the unit itself or below it', [...chain, id].join(' → '));
        return;
      }
      if (chain.includes(parent)) return; // a circle further up, reported at its own units
      chain.push(parent);
    }
  });
  return new Set(parents.values());
}

/**
 * Reports `value` at `at` when it names no unit, group or (for `children-of:`) no parent:
 * `assignable` is the complete list of unit and group ids, or undefined when it is incomplete.
 */
export function checkAssignee(value: unknown, assignable: Set<string> | undefined, unitIds: Set<string> | undefined, parents: Set<string>, at: FieldPath, report: Report): void {
  if (typeof value !== 'string') return;
  if (value.startsWith(childrenPrefix)) {
    const parent = value.slice(childrenPrefix.length);
    if (unitIds && !unitIds.has(parent)) report(at, 'children-of: a known unit', JSON.stringify(parent));
    else if (unitIds && !parents.has(parent)) report(at, 'children-of: a unit that is the parent of other units', JSON.stringify(parent));
    return;
  }
  if (/^[a-z0-9][a-z0-9-]*$/.test(value) && assignable && !assignable.has(value)) report(at, 'a known unit or group', JSON.stringify(value));
}
