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
import { type DefinitionIssue, DefinitionError, describeValue, type FieldPath } from './issues';
import { type Definition, definitionSchema } from './schema';
import { validateDefinition } from './validate';

/** An issue before it is located in a file. */
export type UnlocatedIssue = Omit<DefinitionIssue, 'file' | 'line' | 'column'>;

interface SourceFile {
  /** As shown to the user: relative to the working directory. */
  file: string;
  document: Document;
  lineCounter: LineCounter;
  /** The document as plain data. */
  value: unknown;
}

export interface LoadOptions {
  readFile?: (file: string) => string;
  /** Paths in messages are shown relative to this directory (default: the working directory). */
  cwd?: string;
}

export interface LoadedCampaign {
  definition: Definition;
  plan: Plan;
}

/** Loads, validates and compiles a campaign file; throws {@link DefinitionError} with every issue found. */
export function loadCampaign(file: string, options: LoadOptions = {}): LoadedCampaign {
  const readFile = options.readFile ?? ((name: string) => readFileSync(name, 'utf8'));
  const cwd = options.cwd ?? process.cwd();
  const display = (name: string) => path.relative(cwd, name) || name;
  const issues: DefinitionIssue[] = [];

  const main = readYaml(path.resolve(cwd, file), readFile, display, issues);
  if (!main) throw new DefinitionError(issues);
  const owners = new Map<string, SourceFile>();
  const merged: Record<string, unknown> = {};
  const mainValue = main.value;
  if (!isPlainMapping(mainValue)) {
    throw new DefinitionError([{ file: main.file, line: 1, column: 1, path: [], expected: 'a mapping', found: describeValue(mainValue) }]);
  }
  for (const [key, value] of Object.entries(mainValue)) {
    merged[key] = value;
    owners.set(key, main);
  }

  const includes = Array.isArray(mainValue.include) ? mainValue.include : [];
  includes.forEach((include, index) => {
    if (typeof include !== 'string') return; // the schema reports it
    const source = readYaml(path.resolve(path.dirname(path.resolve(cwd, file)), include), readFile, display, issues, () =>
      locate(main, ['include', index]),
    );
    if (!source) return;
    const { value } = source;
    if (!isPlainMapping(value)) {
      issues.push({ file: source.file, line: 1, column: 1, path: [], expected: 'a mapping', found: describeValue(value) });
      return;
    }
    for (const [key, part] of Object.entries(value)) {
      if (owners.has(key)) {
        issues.push({ ...locateKey(source, key), path: [key], expected: 'a key defined in only one file', found: `"${key}" also in ${owners.get(key)!.file}` });
        continue;
      }
      merged[key] = part;
      owners.set(key, source);
    }
  });
  if (issues.length > 0) throw new DefinitionError(issues);

  const place = (issue: UnlocatedIssue): DefinitionIssue => {
    const owner = owners.get(String(issue.path[0])) ?? main;
    return { ...locate(owner, issue.path), ...issue };
  };

  const parsed = definitionSchema.safeParse(merged, { reportInput: true });
  if (!parsed.success) throw new DefinitionError(sortIssues(parsed.error.issues.flatMap(fromZodIssue).map(place)));

  const semanticIssues = validateDefinition(parsed.data);
  if (semanticIssues.length > 0) throw new DefinitionError(sortIssues(semanticIssues.map(place)));

  const { plan, issues: compileIssues } = compilePlan(parsed.data);
  if (compileIssues.length > 0) throw new DefinitionError(sortIssues(compileIssues.map(place)));
  return { definition: parsed.data, plan };
}

function readYaml(
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
    for (const error of document.errors) {
      const position = lineCounter.linePos(error.pos[0]);
      issues.push({ file, line: position.line, column: position.col, path: [], expected: 'valid YAML', found: error.message.split('\n')[0] });
    }
    return undefined;
  }
  try {
    return { file, document, lineCounter, value: document.toJS({ maxAliasCount: 1000 }) as unknown };
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
    issues.push({ file, line: position.line, column: position.col, path: [], expected: 'valid YAML', found: (error as Error).message });
    return undefined;
  }
}

/** File, line and column of the deepest node of `fieldPath` that exists in the source. */
function locate(source: SourceFile, fieldPath: FieldPath): Pick<DefinitionIssue, 'file' | 'line' | 'column'> {
  for (let depth = fieldPath.length; depth >= 0; depth -= 1) {
    const prefix = fieldPath.slice(0, depth);
    const node = depth === 0 ? source.document.contents : source.document.getIn(prefix, true);
    if (!isNode(node) || !node.range) continue;
    // A key that exists with an empty value: point at the key rather than at its parent.
    const offset = isScalar(node) && node.value === null && depth > 0 ? keyOffset(source, prefix) ?? node.range[0] : node.range[0];
    const position = source.lineCounter.linePos(offset);
    return { file: source.file, line: position.line, column: position.col };
  }
  return { file: source.file };
}

function locateKey(source: SourceFile, key: string): Pick<DefinitionIssue, 'file' | 'line' | 'column'> {
  const offset = keyOffset(source, [key]);
  if (offset === undefined) return locate(source, [key]);
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
  let expected = issue.message;
  if (issue.code === 'invalid_type' && expected.startsWith('Invalid input')) {
    expected = input === undefined ? `a value (${issue.expected})` : issue.expected;
  }
  if (issue.code === 'invalid_type' && input === undefined) return [{ path: fieldPath, expected: `${expected} (required)`, found: 'nothing' }];
  return [{ path: fieldPath, expected, found: describeValue(input) }];
}

function sortIssues(issues: DefinitionIssue[]): DefinitionIssue[] {
  return [...issues].sort((a, b) => a.file.localeCompare(b.file) || (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
}

function isPlainMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
