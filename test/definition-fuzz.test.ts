/**
 * Property-based fuzzing (fast-check) of the definition loader: thousands of campaign files,
 * made three ways, each with a known expected outcome:
 *
 * - arbitrary text: never a definition, so it must be rejected;
 * - the valid definition with one field replaced by a value of another type: must be rejected,
 *   with a problem at that field (or around it);
 * - the valid minimal file damaged as text (a slice cut, a line repeated, characters
 *   inserted): rejected, or, if it still loads, the change it made must be one of the classes
 *   below (a comment, a text, a number, an optional field, …); any other surviving change
 *   fails the test with the difference printed, as a hole in the validation would.
 *
 * A rejection must carry problems that each name the file, a line and column inside it, and a
 * field path; nothing may crash with another error, and no case may take longer than
 * {@link caseLimitMs}. The cases come from a fixed seed (FUZZ_SEED to change it) so a failure
 * is reproducible; FUZZ_RUNS scales the number of cases.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { loadCampaign } from '../config/definition/load';
import { DefinitionError, type DefinitionIssue, formatIssue } from '../config/definition/issues';
import type { Definition } from '../config/definition/schema';

const fixture = path.join(__dirname, 'fixtures/minimal-campaign.yaml');
const validText = readFileSync(fixture, 'utf8');
const validDefinition = loadCampaign(fixture).definition;
/** Slower than this, one file is a bug (a backtracking pattern, a loop over dates without end). */
const caseLimitMs = 2_000;
const seed = Number(process.env.FUZZ_SEED ?? 20220325);
/** Files per property: 2,500 in all by default; FUZZ_RUNS=20000 for a long session. */
const runs = (defaultRuns: number) => ({ numRuns: Number(process.env.FUZZ_RUNS ?? defaultRuns), seed });

type Outcome = { valid: true; definition: Definition } | { valid: false; issues: DefinitionIssue[] };

/** Loads `text` as `campaign.yaml`, within the time limit; any error but a DefinitionError fails the property. */
function load(text: string): Outcome {
  const startedAt = performance.now();
  const outcome = loadWithin(text);
  const elapsedMs = performance.now() - startedAt;
  if (elapsedMs > caseLimitMs) throw new Error(`one file took ${Math.round(elapsedMs)} ms (limit ${caseLimitMs} ms):\n${text}`);
  return outcome;
}

function loadWithin(text: string): Outcome {
  try {
    const { definition } = loadCampaign('campaign.yaml', {
      cwd: '/fuzz',
      readFile: (file) => {
        if (file === '/fuzz/campaign.yaml') return text;
        throw Object.assign(new Error(`ENOENT: ${file}`), { code: 'ENOENT' });
      },
    });
    return { valid: true, definition };
  } catch (error) {
    if (!(error instanceof DefinitionError)) throw error;
    expectLocated(error.issues, text);
    return { valid: false, issues: error.issues };
  }
}

function expectLocated(issues: DefinitionIssue[], text: string): void {
  const lines = text.split('\n').length;
  expect(issues.length).toBeGreaterThan(0);
  for (const issue of issues) {
    expect(issue.file).toBe('campaign.yaml');
    expect(issue.line).toBeGreaterThanOrEqual(1);
    expect(issue.line).toBeLessThanOrEqual(lines + 1);
    expect(issue.column).toBeGreaterThanOrEqual(1);
    expect(Array.isArray(issue.path)).toBe(true);
    expect(formatIssue(issue, 'zh')).toMatch(/^campaign\.yaml:\d+:\d+：/);
    expect(formatIssue(issue, 'en')).toMatch(/^campaign\.yaml:\d+:\d+: /);
  }
}

function expectRejected(outcome: Outcome, what: string): DefinitionIssue[] {
  if (outcome.valid) throw new Error(`expected ${what} to be rejected, but it loaded`);
  return outcome.issues;
}

it('rejects arbitrary text with located problems, never another error', () => {
  const yamlish = fc.array(fc.constantFrom('campaign:', 'units:', '- ', '  id: ', 'obligations:', '{', '[', ']', '"', "'", ':', '&a', '*a', '!!binary', '\t', '\n', '  ', '2022-04-15', '滕州市', '#'), { maxLength: 60 }).map((parts) => parts.join(''));
  fc.assert(
    fc.property(fc.oneof(fc.string({ unit: 'grapheme', maxLength: 300 }), yamlish), (text) => {
      expectRejected(load(text), 'arbitrary text');
    }),
    runs(1000),
  );
});

type FieldPath = (string | number)[];

/** Every path into the definition: objects by key, arrays by index. */
function pathsOf(value: unknown, prefix: FieldPath = []): FieldPath[] {
  if (value === null || typeof value !== 'object') return [prefix];
  const entries = Array.isArray(value) ? value.map((item, index) => [index, item] as const) : Object.entries(value);
  return [prefix, ...entries.flatMap(([key, item]) => pathsOf(item, [...prefix, key]))];
}

function valueAt(value: unknown, at: FieldPath): unknown {
  return at.reduce<unknown>((node, key) => (node as Record<string | number, unknown>)[key], value);
}

function replaced(value: unknown, at: FieldPath, by: unknown): unknown {
  if (at.length === 0) return by;
  const [head, ...rest] = at;
  if (Array.isArray(value)) return value.map((item, index) => (index === head ? replaced(item, rest, by) : item));
  return { ...(value as Record<string, unknown>), [head!]: replaced((value as Record<string, unknown>)[head!], rest, by) };
}

const isUnder = (inner: FieldPath, outer: FieldPath) => outer.length <= inner.length && outer.every((part, index) => part === inner[index]);

/** A value of another type than `original`, so that the field cannot accept it. */
function otherType(original: unknown): fc.Arbitrary<unknown> {
  const text = fc.string({ maxLength: 20 });
  const number = fc.oneof(fc.integer(), fc.double({ noNaN: true }));
  const flag = fc.boolean();
  const list = fc.array(fc.oneof(number, flag), { minLength: 1, maxLength: 3 });
  if (typeof original === 'string') return fc.oneof(number, flag, fc.constant(null), list);
  if (typeof original === 'number') return fc.oneof(text, flag, fc.constant(null), list);
  if (typeof original === 'boolean') return fc.oneof(text, number, fc.constant(null), list);
  return fc.oneof(text, number, flag, fc.constant(null));
}

it('rejects the valid definition with any one field replaced by a value of another type, with a problem at that field', () => {
  // A rule's `when` is JSON-Logic data: any value is an expression there (the rule tests cover its operators and variables).
  const paths = pathsOf(validDefinition).filter((at) => at.length > 0 && !at.includes('when') && !(at[0] === 'include'));
  const mutation = fc.constantFrom(...paths).chain((at) => fc.tuple(fc.constant(at), otherType(valueAt(validDefinition, at))));
  fc.assert(
    fc.property(mutation, ([at, by]) => {
      const issues = expectRejected(load(stringify(replaced(validDefinition, at, by))), `${at.join('.')} = ${JSON.stringify(by)}`);
      // Said at the field, inside it, or at what contains it (a union names the deadline, not its `date`).
      expect(issues.some((issue) => isUnder(issue.path, at) || isUnder(at, issue.path))).toBe(true);
    }),
    runs(1000),
  );
});

interface Change {
  path: FieldPath;
  before: unknown;
  after: unknown;
}

/** Where two definitions differ, leaf by leaf; lists of another length are one change. */
function differences(before: unknown, after: unknown, at: FieldPath = []): Change[] {
  const isObject = (value: unknown) => typeof value === 'object' && value !== null;
  if (isObject(before) && isObject(after) && Array.isArray(before) === Array.isArray(after)) {
    if (Array.isArray(before) && Array.isArray(after) && before.length !== after.length) return [{ path: at, before, after }];
    const keys = new Set([...Object.keys(before as object), ...Object.keys(after as object)]);
    return [...keys].flatMap((key) => {
      const step = Array.isArray(before) ? Number(key) : key;
      return differences((before as Record<string, unknown>)[key], (after as Record<string, unknown>)[key], [...at, step]);
    });
  }
  return JSON.stringify(before) === JSON.stringify(after) ? [] : [{ path: at, before, after }];
}

const lastKey = (at: FieldPath) => [...at].reverse().find((part): part is string => typeof part === 'string') ?? '';
/** Free text: any wording is valid. (`measure` is a reference like 二(三)十, free in form.) */
const proseKeys = new Set(['title', 'name', 'documentNumber', 'subject', 'text', 'html', 'label', 'note', 'description', 'phone', 'role', 'measure', 'evidence']);
/** Fields that may be left out. */
const optionalKeys = new Set(['mailbox', 'email', 'phone', 'role', 'note', 'parent', 'max', 'time', 'onHoliday', 'description', 'html']);
/** Lists any length of which (from one) is valid in the fixture. */
const listKeys = new Set(['before', 'to', 'cc', 'notify', 'contacts', 'supervisors', 'evidence', 'districts', 'rules', 'levels', 'cooperating']);

/** The class of a change a valid file may make, or undefined when a valid file must not make it. */
function survivorClass({ path: at, before, after }: Change): string | undefined {
  const key = lastKey(at);
  if (typeof before === 'string' && typeof after === 'string') {
    if (proseKeys.has(key)) return 'a text reworded';
    if (key === 'id') return 'an id nothing refers to renamed';
    if (key === 'email' || key === 'mailbox') return 'an email address changed';
    if (/^\d{4}-\d{2}-\d{2}$/.test(after) || /^\d{2}:\d{2}$/.test(after)) return 'a date or time changed';
    return undefined;
  }
  if (typeof before === 'number' && typeof after === 'number') return 'a number changed';
  if (typeof before === 'boolean' && typeof after === 'boolean') return 'a flag changed (or back to its default)';
  if (after === undefined && optionalKeys.has(key)) return 'an optional field left out';
  if (Array.isArray(before) && Array.isArray(after) && listKeys.has(key)) return 'a list item left out or repeated';
  return undefined;
}

it('rejects the valid file damaged as text, or names the kind of change a damaged file that still loads made', () => {
  const lines = validText.split('\n');
  const damage = fc.oneof(
    fc.tuple(fc.nat(validText.length), fc.nat(80)).map(([start, length]) => validText.slice(0, start) + validText.slice(start + length)),
    fc.nat(lines.length - 1).map((index) => [...lines.slice(0, index + 1), ...lines.slice(index)].join('\n')),
    fc.tuple(fc.nat(validText.length), fc.string({ maxLength: 12 })).map(([at, inserted]) => validText.slice(0, at) + inserted + validText.slice(at)),
  );
  const survivors = new Map<string, number>();
  let rejected = 0;
  fc.assert(
    fc.property(damage, (text) => {
      const outcome = load(text);
      if (!outcome.valid) {
        rejected += 1;
        return;
      }
      const changes = differences(validDefinition, outcome.definition);
      const unclassified = changes.filter((change) => survivorClass(change) === undefined);
      if (unclassified.length > 0) throw new Error(`a damaged file loaded with a change no class allows: ${JSON.stringify(unclassified)}\n${text}`);
      const name = changes.length === 0 ? 'the same definition (a comment, spacing, quoting)' : [...new Set(changes.map((change) => survivorClass(change)!))].join(' + ');
      survivors.set(name, (survivors.get(name) ?? 0) + 1);
    }),
    runs(500),
  );
  // Most damage breaks the file; a validator that let everything through would fail here.
  const total = rejected + [...survivors.values()].reduce((sum, count) => sum + count, 0);
  expect(rejected / total).toBeGreaterThan(0.5);
});
