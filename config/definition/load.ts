/**
 * Reads a campaign definition: YAML files (the campaign file and the shared files it
 * includes) → one mapping → zod schema → semantic checks → compiled plan. Every problem is
 * collected with its file, line and column; nothing stops at the first one.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { type Document, isAlias, isMap, isNode, isScalar, LineCounter, parseDocument, visit } from 'yaml';
import type { z } from 'zod';
import { compilePlan, type Plan } from '../compile';
import { type DefinitionIssue, DefinitionError, describeValue, type FieldPath, sortIssues, type UnlocatedIssue } from './issues';
import { type Clash, MergedFiles } from './merge';
import { campaignSchema, type Definition, definitionSchema, escalationSchema, type Obligation, obligationSchema } from './schema';
import { validateDefinition } from './validate';

/** `include` entries the store answers (the unit directory's versions), not files. */
export const storeIncludePattern = /^directory:/;
const storeIncludeExpected = 'a version of the unit directory the store holds (directory:current or directory:<version>; the command line reads it with DATABASE_URL set)';
const storeIncludeExpectedZh = '数据库中已保存的单位名录版本（directory:current 或 directory:<版本号>；命令行须设置 DATABASE_URL）';

export interface SourceFile {
  /** As shown to the user: relative to the working directory. */
  file: string;
  document: Document;
  lineCounter: LineCounter;
  /** The file's text, to point inside a value. */
  text: string;
  /** The document as plain data. */
  value: unknown;
}

export interface LoadOptions {
  readFile?: (file: string) => string;
  /**
   * Includes that are not files but the store's (`directory:current`, `directory:3`: a version of
   * the unit directory), by their name in `include`, as YAML text; shown in messages by that name.
   * One the caller did not give is a located problem.
   */
  storeIncludes?: Record<string, string>;
  /** Paths in messages are shown relative to this directory (default: the working directory). */
  cwd?: string;
}

export interface LoadedCampaign {
  definition: Definition;
  plan: Plan;
  /** What a person should know though the definition is valid: years on the provisional calendar. */
  warnings: DefinitionIssue[];
}

/**
 * Loads, validates and compiles a campaign file; throws {@link DefinitionError} with every issue
 * found. Included files are merged by ./merge.ts (a calendar file adds its arrangements).
 */
export function loadCampaign(file: string, options: LoadOptions = {}): LoadedCampaign {
  const readFile = options.readFile ?? ((name: string) => readFileSync(name, 'utf8'));
  const cwd = options.cwd ?? process.cwd();
  const display = (name: string) => path.relative(cwd, name) || name;
  const issues: DefinitionIssue[] = [];
  const clashes: DefinitionIssue[] = [];

  const main = readYaml(path.resolve(cwd, file), readFile, display, issues);
  if (!main) throw new DefinitionError(issues);
  const mainValue = main.value;
  if (!isPlainMapping(mainValue)) {
    throw new DefinitionError([{ file: main.file, line: 1, column: 1, path: [], expected: 'a mapping', found: describeValue(mainValue) }]);
  }
  const files = new MergedFiles(main);
  files.add(main, mainValue);
  const merged = files.value;

  const includes = Array.isArray(mainValue.include) ? mainValue.include : [];
  includes.forEach((include, index) => {
    if (typeof include !== 'string') return; // the schema reports it
    const includedAt = () => locate(main, ['include', index]);
    const stored = options.storeIncludes?.[include];
    if (stored === undefined && storeIncludePattern.test(include)) {
      issues.push({ ...includedAt(), path: ['include', index], expected: storeIncludeExpected, expectedZh: storeIncludeExpectedZh, found: JSON.stringify(include) });
      return;
    }
    const source =
      stored !== undefined
        ? readYaml(include, () => stored, (name) => name, issues, includedAt)
        : readYaml(path.resolve(path.dirname(path.resolve(cwd, file)), include), readFile, display, issues, includedAt);
    if (!source) return;
    const { value } = source;
    if (!isPlainMapping(value)) {
      issues.push({ file: source.file, line: 1, column: 1, path: [], expected: 'a mapping', found: describeValue(value) });
      return;
    }
    for (const clash of files.add(source, value)) clashes.push(clashIssue(source, clash));
  });
  // An include that cannot be read, or is not YAML, leaves its keys unknown: what refers to them
  // cannot be checked. A clash leaves nothing unknown (the first file's value is kept): go on.
  if (issues.length > 0) throw new DefinitionError(sortIssues([...issues, ...clashes]));

  // Located in the file that writes the field; the path shown stays the merged definition's.
  const place = (issue: UnlocatedIssue): DefinitionIssue => {
    const origin = files.originOf(issue.path);
    const { pointAt, ...rest } = issue;
    return { ...locate(origin.source, origin.path, pointAt), ...rest };
  };

  // Every phase runs on what it can read: the schema on the whole tree, the semantic checks on
  // the tree as written, the compiler on the obligations that passed both. A problem found by an
  // earlier phase is not said again by a later one (see `underOneOf`, `compilablePart`).
  const parsed = definitionSchema.safeParse(merged, { reportInput: true });
  // One problem per field: a date in the wrong format is not also reported as a date that does not exist.
  const schemaIssues = parsed.success ? [] : firstPerPath(parsed.error.issues.flatMap(fromZodIssue));
  const isUnderSchemaIssue = underOneOf(schemaIssues.map((issue) => issue.path));
  const semanticIssues = validateDefinition(parsed.success ? parsed.data : merged).filter((issue) => !isUnderSchemaIssue(issue.path));
  const found = [...schemaIssues, ...semanticIssues];
  if (parsed.success && found.length === 0 && clashes.length === 0) {
    const { plan, issues: compileIssues, warnings } = compilePlan(parsed.data);
    if (compileIssues.length > 0) throw new DefinitionError(sortIssues(compileIssues.map(place)), sortIssues(warnings.map(place)));
    return { definition: parsed.data, plan, warnings: sortIssues(warnings.map(place)) };
  }
  const part = compilablePart(merged, found);
  const warnings: UnlocatedIssue[] = [];
  if (part) {
    const compiled = compilePlan(part.definition);
    for (const issue of compiled.issues) found.push({ ...issue, path: part.originalPath(issue.path) });
    for (const warning of compiled.warnings) warnings.push({ ...warning, path: part.originalPath(warning.path) });
  }
  throw new DefinitionError(sortIssues([...clashes, ...found.map(place)]), sortIssues(warnings.map(place)));
}

/** A key written in two files, or a unit (group, kind, message) written twice differently: said where the second one is, naming the first. */
function clashIssue(source: SourceFile, clash: Clash<SourceFile>): DefinitionIssue {
  const last = clash.path[clash.path.length - 1];
  if (!clash.isItem) return { ...locateKey(source, clash.path), path: clash.path, expected: 'a key defined in only one file', found: `"${String(last)}" also in ${clash.first.file}` };
  const item = source.document.getIn(clash.path);
  const name = typeof last === 'number' ? (isMap(item) ? String(item.get('id')) : String(last)) : last;
  const first = locate(clash.first, clash.firstPath);
  const place = [first.file, first.line, first.column].filter((part) => part !== undefined).join(':');
  return { ...locate(source, clash.path), path: clash.path, expected: 'the same definition wherever it is written', found: `"${name}" defined differently in ${place}` };
}

function firstPerPath(issues: UnlocatedIssue[]): UnlocatedIssue[] {
  const seen = new Set<string>();
  return issues.filter((issue) => {
    const key = JSON.stringify(issue.path);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** A path and every path above it, as set keys: `[]`, `["obligations"]`, `["obligations",3]` … */
const prefixKeys = (path: FieldPath) => Array.from({ length: path.length + 1 }, (_, length) => JSON.stringify(path.slice(0, length)));

/**
 * Whether a path is one of `paths` or inside one: its prefixes looked up in a set, so a file with
 * thousands of problems is not compared problem by problem (15,000 took 4.4 s).
 */
function underOneOf(paths: FieldPath[]): (path: FieldPath) => boolean {
  const keys = new Set(paths.map((path) => JSON.stringify(path)));
  return (path) => prefixKeys(path).some((key) => keys.has(key));
}

/** Whether an issue lies at a path, inside it or around it. */
function issueFinder(issues: UnlocatedIssue[]): (at: FieldPath) => boolean {
  const isInsideAnIssue = underOneOf(issues.map((issue) => issue.path));
  const issueAncestors = new Set(issues.flatMap((issue) => prefixKeys(issue.path)));
  return (at) => isInsideAnIssue(at) || issueAncestors.has(JSON.stringify(at));
}

/** The fields of an obligation that decide its dates. */
const datedFields = ['id', 'kind', 'due', 'recurrence', 'perPeriod', 'progress', 'reminders', 'escalation', 'contribution'] as const;

/**
 * The part of an invalid definition the compiler can still check (deadlines in the period, on
 * the holiday calendar, without cycles): the parts that decide dates are sound (period, time
 * zone, groups, calendar, defaults, escalation levels), and the obligations kept are those
 * without a problem in a field that decides a date, whose relative deadlines lead only to other
 * kept obligations. What does not decide a date (titles, contacts, messages, the
 * evaluation) is left out or stood in for. Undefined when there is no such part.
 * `originalPath` maps the compiler's `obligations[i]` back to the index in the file.
 */
function compilablePart(merged: Record<string, unknown>, issues: UnlocatedIssue[]): { definition: Definition; originalPath: (path: FieldPath) => FieldPath } | undefined {
  const hasIssueAt = issueFinder(issues);
  const parts = [
    [['campaign', 'period'], campaignSchema.shape.period, (merged.campaign as Record<string, unknown> | undefined)?.period],
    [['campaign', 'timeZone'], campaignSchema.shape.timeZone, (merged.campaign as Record<string, unknown> | undefined)?.timeZone],
    [['groups'], definitionSchema.shape.groups, merged.groups],
    [['calendar'], definitionSchema.shape.calendar, merged.calendar],
    [['defaults'], definitionSchema.shape.defaults, merged.defaults],
    [['escalation', 'levels'], escalationSchema.shape.levels, (merged.escalation as Record<string, unknown> | undefined)?.levels],
  ] as const;
  const sound: unknown[] = [];
  for (const [at, schema, value] of parts) {
    const result = schema.safeParse(value);
    if (!result.success || hasIssueAt([...at])) return undefined;
    sound.push(result.data);
  }
  const [period, timeZone, groups, calendar, defaults, levels] = sound as [Definition['campaign']['period'], string, Definition['groups'], Definition['calendar'], Definition['defaults'], Definition['escalation']['levels']];
  const unitIds = Array.isArray(merged.units) ? merged.units.map((unit) => (isPlainMapping(unit) && typeof unit.id === 'string' ? unit.id : undefined)) : [];
  if (unitIds.length === 0 || unitIds.includes(undefined)) return undefined;
  const units = (unitIds as string[]).map((id) => ({ id, name: id, kind: 'district', contacts: [] }));

  if (!Array.isArray(merged.obligations)) return undefined;
  const candidates = new Map<string, { index: number; obligation: Obligation }>();
  merged.obligations.forEach((item, index) => {
    if (!isPlainMapping(item) || datedFields.some((field) => hasIssueAt(['obligations', index, field]))) return;
    // Only what decides the dates is kept; the rest (title, assignees, evidence, …) is stood in for.
    const dated = Object.fromEntries(datedFields.filter((field) => item[field] !== undefined).map((field) => [field, item[field]]));
    const owners = item.lead !== undefined ? { lead: units[0]!.id } : { assignees: [units[0]!.id] };
    const result = obligationSchema.safeParse({ ...dated, title: '-', measure: '-', ...owners, ...(item.kind === 'count' ? { min: 0 } : {}) });
    if (!result.success || candidates.has(result.data.id)) return;
    candidates.set(result.data.id, { index, obligation: result.data });
  });
  // Drop, until none is left to drop, an obligation whose deadline counts from one that was dropped.
  for (let isChanged = true; isChanged; ) {
    isChanged = false;
    for (const [id, { obligation }] of candidates) {
      const due = 'due' in obligation ? obligation.due : undefined;
      const from = due && 'from' in due ? due.from.split('.') : [];
      if (from[0] === 'obligation' && !candidates.has(from[1]!)) {
        candidates.delete(id);
        isChanged = true;
      }
    }
  }
  const kept = [...candidates.values()].sort((a, b) => a.index - b.index);
  if (kept.length === 0) return undefined;
  const issuer = units[0]!.id;
  const definition = {
    include: [],
    campaign: { id: 'check', title: '', documentNumber: '', issuer, reportsTo: issuer, issuedOn: period.start, period, timeZone, contacts: [], supervisors: [], onPause: { shiftDeadlines: true } },
    units,
    unitKinds: {},
    groups,
    calendar,
    defaults,
    escalation: { levels, rules: [] },
    messages: {},
    obligations: kept.map((entry) => entry.obligation),
    // The compiler never reads the evaluation rules.
  } as Omit<Definition, 'evaluation'> as Definition;
  return {
    definition,
    originalPath: (path) => (path[0] === 'obligations' && typeof path[1] === 'number' ? ['obligations', kept[path[1]]!.index, ...path.slice(2)] : path),
  };
}

/** One YAML file read and parsed with its positions; its syntax errors go to `issues` (then undefined). */
export function readYaml(
  absolute: string,
  readFile: (file: string) => string,
  display: (file: string) => string,
  issues: DefinitionIssue[],
  includedAt?: () => Pick<DefinitionIssue, 'file' | 'line' | 'column'>,
): SourceFile | undefined {
  let text: string;
  try {
    text = readFile(absolute);
  } catch (error) {
    const where = includedAt ? includedAt() : { file: display(absolute) };
    issues.push({ ...where, path: includedAt ? ['include'] : [], expected: 'a readable file', found: `${display(absolute)} (${(error as NodeJS.ErrnoException).code ?? String(error)})` });
    return undefined;
  }
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const file = display(absolute);
  if (document.errors.length > 0) {
    // The parser's later errors on a line follow from its first one there.
    const lines = new Set<number>();
    for (const error of document.errors) {
      const position = lineCounter.linePos(error.pos[0]);
      if (lines.has(position.line)) continue;
      lines.add(position.line);
      issues.push({ file, line: position.line, column: position.col, path: [], expected: 'valid YAML', found: error.message.split('\n')[0], parserCode: error.code });
    }
    // A file that is not YAML has no tree to check further: its keys, and what refers to them, are unknown.
    return undefined;
  }
  try {
    return { file, document, lineCounter, text, value: document.toJS({ maxAliasCount: 1000 }) as unknown };
  } catch (error) {
    // An alias without its anchor, or aliases that expand without bound: point at the first alias.
    let offset = 0;
    visit(document, {
      Alias(_key, node) {
        if (isAlias(node) && node.range) offset = node.range[0];
        return visit.BREAK;
      },
    });
    const position = lineCounter.linePos(offset);
    issues.push({ file, line: position.line, column: position.col, path: [], expected: 'valid YAML', found: (error as Error).message, parserCode: 'ALIAS' });
    return undefined;
  }
}

/**
 * File, line and column of the deepest node of `fieldPath` that exists in the source; with
 * `pointAt`, of that text inside the node (the first time it is written there).
 */
export function locate(source: SourceFile, fieldPath: FieldPath, pointAt?: string): Pick<DefinitionIssue, 'file' | 'line' | 'column'> {
  for (let depth = fieldPath.length; depth >= 0; depth -= 1) {
    const prefix = fieldPath.slice(0, depth);
    const node = depth === 0 ? source.document.contents : source.document.getIn(prefix, true);
    if (!isNode(node) || !node.range) continue;
    const inside = pointAt && depth === fieldPath.length ? source.text.slice(node.range[0], node.range[1]).indexOf(pointAt) : -1;
    // A key that exists with an empty value: point at the key rather than at its parent.
    const offset =
      inside >= 0 ? node.range[0] + inside : isScalar(node) && node.value === null && depth > 0 ? keyOffset(source, prefix) ?? node.range[0] : node.range[0];
    const position = source.lineCounter.linePos(offset);
    return { file: source.file, line: position.line, column: position.col };
  }
  return { file: source.file };
}

function locateKey(source: SourceFile, fieldPath: FieldPath): Pick<DefinitionIssue, 'file' | 'line' | 'column'> {
  const offset = keyOffset(source, fieldPath);
  if (offset === undefined) return locate(source, fieldPath);
  const position = source.lineCounter.linePos(offset);
  return { file: source.file, line: position.line, column: position.col };
}

function keyOffset(source: SourceFile, fieldPath: FieldPath): number | undefined {
  const parent = fieldPath.length === 1 ? source.document.contents : source.document.getIn(fieldPath.slice(0, -1), true);
  if (!isMap(parent)) return undefined;
  const pair = parent.items.find((item) => isScalar(item.key) && item.key.value === fieldPath[fieldPath.length - 1]);
  return isNode(pair?.key) ? pair.key.range?.[0] : undefined;
}

function fromZodIssue(issue: z.core.$ZodIssue): UnlocatedIssue[] {
  const fieldPath = issue.path.filter((part): part is string | number => typeof part !== 'symbol');
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => ({ path: [...fieldPath, key], expected: `no key ${key}`, found: 'an unknown field' }));
  }
  const input = (issue as { input?: unknown }).input;
  // An unknown discriminator (kind: report): point at the discriminator, show its value.
  const discriminator = (issue as { discriminator?: string }).discriminator;
  if (issue.code === 'invalid_union' && discriminator && typeof input === 'object' && input !== null) {
    const at = fieldPath[fieldPath.length - 1] === discriminator ? fieldPath : [...fieldPath, discriminator];
    return [{ path: at, expected: issue.message, found: describeValue((input as Record<string, unknown>)[discriminator]) }];
  }
  const expected = phraseOf(issue);
  if (issue.code === 'invalid_type' && input === undefined) return [{ path: fieldPath, expected: `${expected} (required)`, found: 'nothing' }];
  return [{ path: fieldPath, expected, found: describeValue(input) }];
}

/** zod's own messages ("Invalid input: expected string, received number"), for schema parts without a message of ours. */
const zodDefaultMessage = /^(Invalid|Too (small|big)|Unrecognized)\b/;
const typeNames: Record<string, string> = { string: 'a text', number: 'a number', int: 'a whole number', boolean: 'true or false', object: 'a mapping', record: 'a mapping', array: 'a list' };

/** The schema's phrase for an issue; where the schema gave none, one made from the issue's data, in the same words. */
function phraseOf(issue: z.core.$ZodIssue): string {
  if (!zodDefaultMessage.test(issue.message)) return issue.message;
  switch (issue.code) {
    case 'invalid_type':
      return typeNames[issue.expected] ?? `a value (${issue.expected})`;
    case 'too_small':
    case 'too_big': {
      const isMin = issue.code === 'too_small';
      const bound = Number(isMin ? issue.minimum : issue.maximum);
      if (issue.origin === 'string') return isMin && bound === 1 ? 'a non-empty text' : `a text of ${isMin ? 'at least' : 'at most'} ${bound} characters`;
      if (issue.origin === 'array' || issue.origin === 'set') return `${isMin ? 'at least' : 'at most'} ${bound} items`;
      return `a number ${isMin ? '>' : '<'}${issue.inclusive ? '=' : ''} ${bound}`;
    }
    case 'invalid_value':
      return `one of ${issue.values.map(String).join(', ')}`;
    case 'invalid_key':
      return issue.issues[0] && !zodDefaultMessage.test(issue.issues[0].message) ? issue.issues[0].message : 'a valid value';
    case 'invalid_union':
      return 'an allowed form';
    default:
      return 'a valid value';
  }
}

function isPlainMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
