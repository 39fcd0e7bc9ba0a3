/**
 * `npm run audit:offline` on lockfiles made here: a listed advisory, a deprecated package and a
 * package whose engines refuse this Node are each reported with where they sit; the project's
 * own lockfile has none of them.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { auditPackages, daysSinceReview, lockedPackages } from '../scripts/audit-offline';

const list = readFileSync(path.join(__dirname, '../scripts/advisories.yaml'), 'utf8');
const lockfile = (packages: Record<string, { version: string; dev?: boolean; engines?: unknown }>) =>
  JSON.stringify({ name: 'x', lockfileVersion: 3, packages: { '': { name: 'x' }, ...packages } });

it('reports a version inside an advisory’s range, and not one outside it', () => {
  const packages = lockedPackages(lockfile({ 'node_modules/cookie': { version: '0.6.0' }, 'node_modules/light-my-request/node_modules/cookie': { version: '1.1.1' } }));
  expect(auditPackages(packages, list, 'v20.20.2').map((finding) => [finding.kind, finding.package.location, finding.detail.split(':')[0]])).toEqual([['advisory', 'node_modules/cookie', 'GHSA-pxg6-pf52-xh8x']]);
});

it('reports the deprecated packages exceljs 4.4.0 brought (fstream, inflight, rimraf 2, glob 7), marking development ones', () => {
  const packages = lockedPackages(
    lockfile({
      'node_modules/fstream': { version: '1.0.12' },
      'node_modules/inflight': { version: '1.0.6' },
      'node_modules/rimraf': { version: '2.7.1', dev: true },
      'node_modules/rimraf/node_modules/glob': { version: '7.2.3' },
      'node_modules/glob': { version: '13.0.7' },
    }),
  );
  const findings = auditPackages(packages, list, 'v20.20.2');
  expect(findings.map((finding) => `${finding.kind} ${finding.package.name}@${finding.package.version}${finding.package.isDev ? ' dev' : ''}`)).toEqual([
    'deprecated fstream@1.0.12',
    'deprecated inflight@1.0.6',
    'deprecated rimraf@2.7.1 dev',
    'deprecated glob@7.2.3',
  ]);
});

it('reports a package whose engines refuse the running Node, as npm’s EBADENGINE does', () => {
  const packages = lockedPackages(lockfile({ 'node_modules/docx/node_modules/nanoid': { version: '6.0.2', engines: { node: '^22 || ^24 || >=26' } }, 'node_modules/kysely': { version: '0.28.19', engines: { node: '>=20.0.0' } } }));
  expect(auditPackages(packages, list, 'v20.20.2')).toEqual([expect.objectContaining({ kind: 'engines', detail: 'wants Node ^22 || ^24 || >=26, this is v20.20.2' })]);
  expect(auditPackages(packages, list, 'v22.12.0')).toEqual([]);
});

it('finds nothing in the project’s own lockfile on this Node', () => {
  const packages = lockedPackages(readFileSync(path.join(__dirname, '../package-lock.json'), 'utf8'));
  expect(packages.length).toBeGreaterThan(500);
  expect(auditPackages(packages, list, process.version)).toEqual([]);
});

it('counts the days since the list was reviewed', () => {
  expect(daysSinceReview('reviewed: 2026-01-01\nadvisories: []\ndeprecated: []\n', new Date('2026-04-01T12:00:00Z'))).toBe(90);
});
