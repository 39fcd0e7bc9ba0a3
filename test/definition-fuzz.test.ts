/**
 * Property-based fuzzing (fast-check) of the definition loader: thousands of malformed campaign
 * files, made three ways (arbitrary text, the valid minimal file damaged as text, the valid
 * definition with one field replaced by an arbitrary value). Every one is either valid or
 * rejected with a DefinitionError whose every issue names the file, a line and column inside
 * it, and a field path; nothing crashes with any other error and nothing hangs.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { loadCampaign } from '../config/definition/load';
import { DefinitionError, formatIssue } from '../config/definition/issues';

const fixture = path.join(__dirname, 'fixtures/minimal-campaign.yaml');
const validText = readFileSync(fixture, 'utf8');
const validDefinition = loadCampaign(fixture).definition;
/** Files per property: 2,000 in all by default; FUZZ_RUNS=20000 for a long session. */
const runs = (defaultRuns: number) => ({ numRuns: Number(process.env.FUZZ_RUNS ?? defaultRuns) });

/** Loads `text` as `campaign.yaml`; returns the problems found ([] when valid). Any other error fails the property. */
function problemsOf(text: string): string[] {
  try {
    loadCampaign('campaign.yaml', {
      cwd: '/fuzz',
      readFile: (file) => {
        if (file === '/fuzz/campaign.yaml') return text;
        throw Object.assign(new Error(`ENOENT: ${file}`), { code: 'ENOENT' });
      },
    });
    return [];
  } catch (error) {
    if (!(error instanceof DefinitionError)) throw error;
    const lines = text.split('\n').length;
    expect(error.issues.length).toBeGreaterThan(0);
    for (const issue of error.issues) {
      expect(issue.file).toBe('campaign.yaml');
      expect(issue.line).toBeGreaterThanOrEqual(1);
      expect(issue.line).toBeLessThanOrEqual(lines + 1);
      expect(issue.column).toBeGreaterThanOrEqual(1);
      expect(Array.isArray(issue.path)).toBe(true);
      expect(formatIssue(issue, 'zh')).toMatch(/^campaign\.yaml:\d+:\d+：/);
    }
    return error.issues.map((issue) => formatIssue(issue, 'en'));
  }
}

it('rejects arbitrary text with located problems, never another error', () => {
  const yamlish = fc.array(fc.constantFrom('campaign:', 'units:', '- ', '  id: ', 'obligations:', '{', '[', ']', '"', "'", ':', '&a', '*a', '!!binary', '\t', '\n', '  ', '2022-04-15', '滕州市', '#'), { maxLength: 60 }).map((parts) => parts.join(''));
  fc.assert(
    fc.property(fc.oneof(fc.string({ unit: 'grapheme', maxLength: 300 }), yamlish), (text) => {
      problemsOf(text);
    }),
    runs(1000),
  );
});

it('rejects the valid file damaged as text (a slice cut, a line repeated, characters inserted) with located problems', () => {
  const lines = validText.split('\n');
  const damage = fc.oneof(
    fc.tuple(fc.nat(validText.length), fc.nat(80)).map(([start, length]) => validText.slice(0, start) + validText.slice(start + length)),
    fc.nat(lines.length - 1).map((index) => [...lines.slice(0, index + 1), ...lines.slice(index)].join('\n')),
    fc.tuple(fc.nat(validText.length), fc.string({ maxLength: 12 })).map(([at, inserted]) => validText.slice(0, at) + inserted + validText.slice(at)),
  );
  fc.assert(
    fc.property(damage, (text) => {
      problemsOf(text);
    }),
    runs(500),
  );
});

/** Every path into the definition: objects by key, arrays by index. */
function pathsOf(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (value === null || typeof value !== 'object') return [prefix];
  const entries = Array.isArray(value) ? value.map((item, index) => [index, item] as const) : Object.entries(value);
  return [prefix, ...entries.flatMap(([key, item]) => pathsOf(item, [...prefix, key]))];
}

function replaced(value: unknown, at: (string | number)[], by: unknown): unknown {
  if (at.length === 0) return by;
  const [head, ...rest] = at;
  if (Array.isArray(value)) return value.map((item, index) => (index === head ? replaced(item, rest, by) : item));
  return { ...(value as Record<string, unknown>), [head!]: replaced((value as Record<string, unknown>)[head!], rest, by) };
}

it('rejects the valid definition with any one field replaced by an arbitrary value with located problems', () => {
  const paths = pathsOf(validDefinition).filter((at) => at.length > 0);
  fc.assert(
    fc.property(fc.constantFrom(...paths), fc.anything({ maxDepth: 2, withNullPrototype: false }), (at, by) => {
      const text = stringify(replaced(validDefinition, at, by));
      problemsOf(text);
    }),
    runs(500),
  );
});
