/**
 * `npm run audit:offline`: what can be checked of the dependency tree without an advisory
 * service. Every package of package-lock.json is compared with the advisories and deprecations
 * kept in scripts/advisories.yaml (semver ranges), and with its own `engines.node` against the
 * Node that runs this check (npm's EBADENGINE, for every package, not only those npm ci installs
 * anew). Exit 1 on any finding, listing each with the path that brings it in.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import semver from 'semver';
import { parse } from 'yaml';
import { z } from 'zod';
import { runMain } from './main';

const entrySchema = z.strictObject({ id: z.string().optional(), package: z.string(), vulnerable: z.string(), summary: z.string() });
const listSchema = z.strictObject({ reviewed: z.iso.date(), advisories: z.array(entrySchema.extend({ id: z.string() })), deprecated: z.array(entrySchema) });
const lockSchema = z.object({
  lockfileVersion: z.literal(3),
  packages: z.record(z.string(), z.object({ version: z.string().optional(), dev: z.boolean().optional(), engines: z.unknown().optional(), link: z.boolean().optional() })),
});

/** After this many days without a review the list says so (it still checks what it lists). */
const reviewDays = 90;

export interface LockedPackage {
  name: string;
  version: string;
  /** Where it sits, e.g. node_modules/exceljs/node_modules/archiver. */
  location: string;
  isDev: boolean;
  engines?: unknown;
}

export interface Finding {
  kind: 'advisory' | 'deprecated' | 'engines';
  package: LockedPackage;
  detail: string;
}

/** Every installed package of a lockfile (v3), with its name read from its location. */
export function lockedPackages(lockText: string): LockedPackage[] {
  const lock = lockSchema.parse(JSON.parse(lockText));
  return Object.entries(lock.packages).flatMap(([location, entry]) => {
    if (location === '' || entry.link || !entry.version) return [];
    const name = location.slice(location.lastIndexOf('node_modules/') + 'node_modules/'.length);
    return [{ name, version: entry.version, location, isDev: entry.dev === true, ...(entry.engines !== undefined ? { engines: entry.engines } : {}) }];
  });
}

/** The findings of the list and the engines check for `packages`, on the Node `nodeVersion`. */
export function auditPackages(packages: LockedPackage[], listText: string, nodeVersion: string): Finding[] {
  const list = listSchema.parse(parse(listText));
  const findings: Finding[] = [];
  for (const locked of packages) {
    for (const advisory of list.advisories) {
      if (advisory.package === locked.name && semver.satisfies(locked.version, advisory.vulnerable, { includePrerelease: true })) {
        findings.push({ kind: 'advisory', package: locked, detail: `${advisory.id}: ${advisory.summary} (affected ${advisory.vulnerable})` });
      }
    }
    for (const deprecated of list.deprecated) {
      if (deprecated.package === locked.name && semver.satisfies(locked.version, deprecated.vulnerable, { includePrerelease: true })) {
        findings.push({ kind: 'deprecated', package: locked, detail: deprecated.summary });
      }
    }
    const wanted = enginesNode(locked.engines);
    if (wanted && semver.validRange(wanted) && !semver.satisfies(nodeVersion, wanted, { includePrerelease: true })) {
      findings.push({ kind: 'engines', package: locked, detail: `wants Node ${wanted}, this is ${nodeVersion}` });
    }
  }
  return findings;
}

/** `engines.node` as npm reads it: an object's `node`, or the old array form's "node …" entry. */
function enginesNode(engines: unknown): string | undefined {
  if (engines && typeof engines === 'object' && !Array.isArray(engines) && typeof (engines as { node?: unknown }).node === 'string') return (engines as { node: string }).node;
  if (Array.isArray(engines)) return engines.find((entry): entry is string => typeof entry === 'string' && entry.startsWith('node'))?.replace(/^node\s*/, '');
  return undefined;
}

/** Days from the list's review date to `today`. */
export function daysSinceReview(listText: string, today: Date): number {
  const { reviewed } = listSchema.parse(parse(listText));
  return Math.floor((today.getTime() - Date.parse(`${reviewed}T00:00:00Z`)) / 86_400_000);
}

if (require.main === module) {
  runMain(async () => {
    const projectDir = path.resolve(__dirname, '..');
    const listFile = path.join(__dirname, 'advisories.yaml');
    const listText = readFileSync(listFile, 'utf8');
    const packages = lockedPackages(readFileSync(path.join(projectDir, 'package-lock.json'), 'utf8'));
    const findings = auditPackages(packages, listText, process.version);
    const list = listSchema.parse(parse(listText));
    console.log(`audit:offline: ${packages.length} packages of package-lock.json against ${list.advisories.length} advisories and ${list.deprecated.length} deprecations (${path.relative(projectDir, listFile)}, reviewed ${list.reviewed}) and their engines on Node ${process.version}`);
    const age = daysSinceReview(listText, new Date());
    if (age > reviewDays) console.log(`warning: the advisory list was last reviewed ${age} days ago; compare it with the advisory databases (README, Security advisories)`);
    for (const finding of findings) {
      console.log(`${finding.kind}: ${finding.package.name}@${finding.package.version}${finding.package.isDev ? ' (development)' : ''} at ${finding.package.location}: ${finding.detail}`);
    }
    console.log(findings.length === 0 ? 'audit:offline: no finding' : `audit:offline: ${findings.length} finding(s)`);
    return findings.length === 0 ? 0 : 1;
  });
}
