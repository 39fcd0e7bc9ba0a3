/**
 * The office's unit directory (单位名录) as data: its units with their contacts, its groups and the
 * unit kinds it adds, in the shape of config/shared/zaozhuang-units.yaml, which a definition
 * includes. The store keeps every saved version of it; a definition includes one as
 * `directory:current` or `directory:<version>` (./load.ts `storeIncludes`), and the same text
 * is what the directory exports to a YAML file and imports from one. A directory is checked by
 * the definition's own schema and checks, so what the directory accepts a definition accepts.
 */
import { Document, isMap, isSeq } from 'yaml';
import { z } from 'zod';
import { type DefinitionIssue, describeValue, type FieldPath, sortIssues, type UnlocatedIssue } from './issues';
import { locate, readYaml } from './load';
import { childrenPrefix, definitionSchema, unitSchema } from './schema';
import { checkAssignee, checkUnits } from './validate-directory';

export const directorySchema = z.strictObject({
  units: z.array(unitSchema).default([]),
  groups: definitionSchema.shape.groups,
  unitKinds: definitionSchema.shape.unitKinds,
});

export type DirectorySnapshot = z.output<typeof directorySchema>;
export type DirectoryUnit = DirectorySnapshot['units'][number];
export type DirectoryContact = DirectoryUnit['contacts'][number];

/** An include naming a version of the store's directory: `directory:current`, `directory:12`. */
export const directoryIncludePattern = /^directory:(current|[1-9]\d{0,8})$/;

/** The directory, or every problem with its field path (schema, unique ids, kinds, parents, group members). */
export function checkDirectory(value: unknown): { directory?: DirectorySnapshot; issues: UnlocatedIssue[] } {
  const parsed = directorySchema.safeParse(value ?? {}, { reportInput: true });
  const issues: UnlocatedIssue[] = parsed.success
    ? []
    : parsed.error.issues.map((issue) => ({
        path: issue.path.filter((part): part is string | number => typeof part !== 'symbol'),
        expected: issue.code === 'unrecognized_keys' ? `no key ${issue.keys.join(', ')}` : issue.message,
        found: issue.code === 'unrecognized_keys' ? 'an unknown field' : describeValue((issue as { input?: unknown }).input),
      }));
  // One issue per field, found in a set: searching the list per issue took 14 s for a group of 10,000 unknown members.
  const reported = new Set(issues.map((issue) => JSON.stringify(issue.path)));
  const report = (path: FieldPath, expected: string, found: string) => {
    const key = JSON.stringify(path);
    if (reported.has(key)) return;
    reported.add(key);
    issues.push({ path, expected, found });
  };
  const root = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  const units = Array.isArray(root.units) ? root.units : [];
  const unitIds = new Set<string>();
  units.forEach((unit, index) => {
    const unitId = (unit as { id?: unknown } | null)?.id;
    if (typeof unitId !== 'string') return;
    if (unitIds.has(unitId)) report(['units', index, 'id'], 'a unique id', `"${unitId}" again`);
    unitIds.add(unitId);
  });
  const parents = checkUnits(root, unitIds, report);
  const groups = typeof root.groups === 'object' && root.groups !== null && !Array.isArray(root.groups) ? (root.groups as Record<string, unknown>) : {};
  for (const [group, members] of Object.entries(groups)) {
    if (unitIds.has(group)) report(['groups', group], 'a unique id', `"${group}" is also a unit`);
    (Array.isArray(members) ? members : []).forEach((member, index) => {
      if (typeof member === 'string' && !member.startsWith(childrenPrefix) && !unitIds.has(member)) report(['groups', group, index], 'a known unit', JSON.stringify(member));
      else checkAssignee(member, undefined, unitIds, parents, ['groups', group, index], report);
    });
  }
  return parsed.success && issues.length === 0 ? { directory: parsed.data, issues } : { issues };
}

/** A directory file's text (an upload, config/shared/*.yaml): the directory, or its problems located at file, line and column. */
export function readDirectoryYaml(fileName: string, text: string): { directory?: DirectorySnapshot; issues: DefinitionIssue[] } {
  const issues: DefinitionIssue[] = [];
  const source = readYaml(fileName, () => text, (name) => name, issues);
  if (!source) return { issues };
  const checked = checkDirectory(source.value);
  if (checked.directory) return { directory: checked.directory, issues: [] };
  return { issues: sortIssues(checked.issues.map((issue) => ({ ...locate(source, issue.path), ...issue }))) };
}

/** The directory as the YAML a definition includes (and an administrator downloads): contacts and group members one per line. */
export function directoryToYaml(directory: DirectorySnapshot, header: string[]): string {
  const content: Record<string, unknown> = { units: directory.units.map(withoutDefaults) };
  if (Object.keys(directory.groups).length > 0) content.groups = directory.groups;
  if (Object.keys(directory.unitKinds).length > 0) content.unitKinds = directory.unitKinds;
  const document = new Document(content);
  // As config/shared/zaozhuang-units.yaml writes them: a contact, or a group's members, on one line.
  const units = document.get('units');
  for (const unit of isSeq(units) ? units.items : []) {
    const contacts = isMap(unit) ? unit.get('contacts') : undefined;
    for (const contact of isSeq(contacts) ? contacts.items : []) if (isMap(contact)) contact.flow = true;
  }
  const groups = document.get('groups');
  for (const pair of isMap(groups) ? groups.items : []) if (isSeq(pair.value)) pair.value.flow = true;
  return `${header.map((line) => `# ${line}`).join('\n')}\n${document.toString({ lineWidth: 0 })}`;
}

/** A unit as written: no empty contact list. */
function withoutDefaults(unit: DirectoryUnit): Record<string, unknown> {
  const { contacts, ...rest } = unit;
  return contacts.length > 0 ? { ...rest, contacts } : rest;
}
