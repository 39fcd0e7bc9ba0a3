/**
 * Scoring a draft against a hand-made gold annotation (test/fixtures/notices/<slug>.gold.yaml):
 * recall and precision of obligations (found = same deadline and same units, lead first), of
 * header facts, events, addressees and contacts. Names compare after normalizeName (full-width
 * and ASCII punctuation alike); gold units of `null` mean "not judged".
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import type { Draft, DraftObligation } from '../../config/notice/draft';
import { normalizeName } from '../../config/notice/text';

export interface GoldObligation {
  measure: string;
  deadline: Record<string, unknown>;
  assignees: string[] | null;
  what?: string;
}

export interface Gold {
  notice: string;
  source: string;
  directory?: string;
  heldOut: boolean;
  header: { title: string | null; documentNumber: string | null; issuer: string | null; issuedOn: string | null; period: { start: string; end: string } | null };
  addressees: string[];
  contacts: { names: string[]; phones: string[]; emails: string[] };
  events: Array<{ name: string }>;
  obligations: GoldObligation[];
}

export interface Score {
  found: number;
  gold: number;
  extracted: number;
}

export const root = path.resolve(__dirname, '../..');

export function readGolds(): Gold[] {
  const folder = path.join(root, 'test/fixtures/notices');
  return ['zaozhuang-2022-ip-protection', ...noticeSlugs()].map((slug) => parse(readFileSync(path.join(folder, `${slug}.gold.yaml`), 'utf8')) as Gold);
}

function noticeSlugs(): string[] {
  const list = readFileSync(path.join(root, 'config/campaigns/examples/sources/README.md'), 'utf8');
  return [...list.matchAll(/^\| `([a-z0-9-]+)\.txt` \|/gm)].map((match) => match[1]!);
}

const same = (a: string, b: string) => normalizeName(a).replace(/[·•・.．]/g, '·') === normalizeName(b).replace(/[·•・.．]/g, '·');

function deadlineMatches(gold: Record<string, unknown>, obligation: DraftObligation): boolean {
  const deadline = obligation.deadline;
  if ('date' in gold) return deadline.kind === 'date' && deadline.date === String(gold.date);
  if ('ongoing' in gold) return deadline.kind === 'ongoing';
  if ('undated' in gold) return deadline.kind === 'undated';
  if ('count' in gold) {
    const count = gold.count as { min?: number; max?: number };
    return deadline.kind === 'count' && deadline.min === count.min && deadline.max === count.max;
  }
  if ('events' in gold) {
    const names = gold.events as string[];
    return deadline.kind === 'events' && deadline.events.length === names.length && names.every((name) => deadline.events.some((event) => normalizeName(event).includes(normalizeName(name))));
  }
  if ('every' in gold) {
    if (deadline.kind !== 'recurrence' || deadline.every !== gold.every) return false;
    if ('on' in gold && JSON.stringify(deadline.on) !== JSON.stringify(typeof gold.on === 'number' ? gold.on : gold.on)) return false;
    if ('workingDaysAfter' in gold && deadline.workingDaysAfter !== gold.workingDaysAfter) return false;
    return true;
  }
  return false;
}

function unitsMatch(gold: string[] | null, obligation: DraftObligation): boolean {
  if (gold === null) return true;
  const found = [...obligation.assignees, ...obligation.cooperating].map((unit) => unit.text);
  if (found.length === 0 || gold.length === 0) return found.length === gold.length;
  if (!same(found[0]!, gold[0]!) && !same(found.join(''), gold.join(''))) return false; // the lead first
  return same(found.join(''), gold.join('')) || (found.length === gold.length && gold.every((name) => found.some((unit) => same(unit, name))));
}

/** One-to-one: each gold obligation takes the first extracted one that matches it. */
export function scoreObligations(gold: Gold, draft: Draft): Score & { missed: GoldObligation[] } {
  const taken = new Set<number>();
  const missed: GoldObligation[] = [];
  for (const expected of gold.obligations) {
    const index = draft.obligations.findIndex((obligation, at) => !taken.has(at) && deadlineMatches(expected.deadline, obligation) && unitsMatch(expected.assignees, obligation));
    if (index >= 0) taken.add(index);
    else missed.push(expected);
  }
  return { found: taken.size, gold: gold.obligations.length, extracted: draft.obligations.length, missed };
}

export function scoreHeader(gold: Gold, draft: Draft): Score {
  const facts: Array<[string | null, string | undefined]> = [
    [gold.header.title, draft.title?.value],
    [gold.header.documentNumber, draft.documentNumber?.value],
    [gold.header.issuer, draft.issuer?.value.text],
    [gold.header.issuedOn, draft.issuedOn?.value],
    [gold.header.period ? `${gold.header.period.start}/${gold.header.period.end}` : null, draft.period ? `${draft.period.value.start}/${draft.period.value.end}` : undefined],
  ];
  return {
    found: facts.filter(([expected, found]) => expected !== null && found !== undefined && same(String(expected), found)).length,
    gold: facts.filter(([expected]) => expected !== null).length,
    extracted: facts.filter(([, found]) => found !== undefined).length,
  };
}

function scoreNames(expected: string[], found: string[], match: (a: string, b: string) => boolean = same): Score {
  const taken = new Set<number>();
  for (const name of expected) {
    const index = found.findIndex((candidate, at) => !taken.has(at) && match(name, candidate));
    if (index >= 0) taken.add(index);
  }
  return { found: taken.size, gold: expected.length, extracted: found.length };
}

export const scoreAddressees = (gold: Gold, draft: Draft) => scoreNames(gold.addressees, draft.addressees.map((item) => item.value.text));
export const scoreEvents = (gold: Gold, draft: Draft) =>
  scoreNames(gold.events.map((event) => event.name), draft.events.map((event) => event.value.name), (a, b) => normalizeName(b).replace(/[·•・.．]/g, '·').includes(normalizeName(a).replace(/[·•・.．]/g, '·')));
export const scoreContacts = (gold: Gold, draft: Draft) =>
  scoreNames([...gold.contacts.names, ...gold.contacts.phones, ...gold.contacts.emails], [...draft.contacts.names, ...draft.contacts.phones, ...draft.contacts.emails]);

export const add = (a: Score, b: Score): Score => ({ found: a.found + b.found, gold: a.gold + b.gold, extracted: a.extracted + b.extracted });
export const recall = (score: Score) => (score.gold === 0 ? 1 : score.found / score.gold);
export const precision = (score: Score) => (score.extracted === 0 ? (score.gold === 0 ? 1 : 0) : score.found / score.extracted);
const percent = (value: number) => `${Math.round(value * 100)}%`.padStart(5);
export const cell = (score: Score) => `${percent(recall(score))} ${percent(precision(score))} (${score.found}/${score.gold}/${score.extracted})`;
