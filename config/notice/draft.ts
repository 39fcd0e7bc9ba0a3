/**
 * extractDraft: a notice's text in, a draft campaign out. Pure (no I/O): the caller reads the
 * file (app/notice-import.ts) and passes the office's unit directory. Every item carries its
 * source span (offsets into the text and the sentence) so a page can highlight it, and a
 * needs-review flag with the reasons (a year taken from the context, a convention applied, units
 * taken from the sentence before, nothing stated). Nothing is guessed silently.
 */
import { extractContacts, type Contacts } from './contacts';
import { type Conventions, conventionsWith } from './conventions';
import { type DraftEvent, extractEvents } from './events';
import { extractHeader, type HeaderFact } from './header';
import { buildMeasureTree, type MeasureTree } from './numbering';
import { extractObligations, type FoundObligation } from './obligations';
import type { SourceSpan } from './text';
import { type Directory, isResolved, resolveUnit, splitUnitList, type UnitReference } from './units';

/** One extracted value, where it came from, and whether a person must look at it. */
export interface DraftItem<T> {
  value: T;
  needsReview: boolean;
  notes: string[];
  source: SourceSpan;
}

export interface DraftObligation extends Omit<FoundObligation, 'assignees' | 'cooperating'> {
  assignees: UnitReference[];
  cooperating: UnitReference[];
}

export interface Draft {
  conventions: Conventions;
  title?: DraftItem<string>;
  documentNumber?: DraftItem<string>;
  issuer?: DraftItem<UnitReference>;
  issuedOn?: DraftItem<string>;
  period?: DraftItem<{ start: string; end: string }>;
  addressees: Array<DraftItem<UnitReference>>;
  measures: MeasureTree;
  obligations: DraftObligation[];
  events: Array<DraftItem<{ name: string; date?: string }>>;
  contacts: Contacts;
  /** Unit names the directory does not know, in the order met: for the administrator to pick. */
  unresolvedUnits: string[];
}

export interface ExtractOptions {
  directory?: Directory;
  conventions?: Partial<Conventions>;
}

function fromFact<T>(found: HeaderFact<T> | undefined): DraftItem<T> | undefined;
function fromFact<T, U>(found: HeaderFact<T> | undefined, map: (value: T) => U): DraftItem<U> | undefined;
function fromFact<T, U>(found: HeaderFact<T> | undefined, map?: (value: T) => U): DraftItem<T | U> | undefined {
  return found && {
    value: map ? map(found.value) : found.value,
    needsReview: found.needsReview,
    notes: found.note ? [found.note] : [],
    source: { start: found.start, end: found.end, sentence: found.line },
  };
}

/** Reads a notice into a draft campaign; see the module comment. */
export function extractDraft(text: string, options: ExtractOptions = {}): Draft {
  const conventions = conventionsWith(options.conventions);
  const header = extractHeader(text, conventions);
  const issuerName = header.issuer?.value;
  const resolve = (name: string) => resolveUnit(name, options.directory, issuerName);
  const unresolved: string[] = [];
  const note = (reference: UnitReference) => {
    if (options.directory && !isResolved(reference) && !reference.isIssuer && !unresolved.includes(reference.text)) unresolved.push(reference.text);
    return reference;
  };

  const addressees = addresseesOf(header.addressees, resolve).map((item) => (note(item.value), item));
  const year = Number((header.period?.value.start ?? header.issuedOn?.value ?? '').slice(0, 4)) || undefined;
  const tree = buildMeasureTree(text, header.noticeEnd);
  const events = extractEvents(text, year);
  const contacts = extractContacts(text);
  const bodyStart = header.addressees ? header.addressees.end : 0;
  // Contact sentences are read too: "于4月20日前上报区督查组（联系电话：…）" asks for something.
  const skip = [header.issuedOn, header.issuer, header.title, header.documentNumber].flatMap((span) => (span ? [{ start: span.start, end: span.end }] : []));
  const found = extractObligations(text, {
    tree,
    dates: { conventions, ...(year ? { year } : {}), ...(header.issuedOn ? { issuedOn: header.issuedOn.value } : {}) },
    events,
    bodyStart,
    skip,
    ongoingProgress: conventions.ongoingProgress,
  });
  const obligations = found.map((obligation): DraftObligation => {
    const assignees = obligation.assignees.map((name) => note(resolve(name)));
    const cooperating = obligation.cooperating.map((name) => note(resolve(name)));
    const unknown = [...assignees, ...cooperating].filter((unit) => options.directory && !isResolved(unit) && !unit.isIssuer);
    const notes = unknown.length > 0 ? [...obligation.notes, `单位名录中未找到：${unknown.map((unit) => unit.text).join('、')}`] : obligation.notes;
    return { ...obligation, assignees, cooperating, notes, needsReview: notes.length > 0 };
  });

  const issuer = fromFact(header.issuer, (name) => resolve(name));
  if (issuer && options.directory && !isResolved(issuer.value)) issuer.notes.push('单位名录中未找到发文单位');
  return {
    conventions,
    ...optional('title', fromFact(header.title)),
    ...optional('documentNumber', fromFact(header.documentNumber)),
    ...optional('issuer', issuer),
    ...optional('issuedOn', fromFact(header.issuedOn)),
    ...optional('period', fromFact(header.period)),
    addressees,
    measures: tree,
    obligations,
    events: events.map(eventItem),
    contacts,
    unresolvedUnits: unresolved,
  };
}

const optional = <K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> => (value === undefined ? {} : ({ [key]: value } as Record<K, V>));

function eventItem(event: DraftEvent): DraftItem<{ name: string; date?: string }> {
  const notes = [...(event.note ? [event.note] : []), ...(event.date ? [] : ['日期待确认'])];
  return { value: { name: event.name, ...(event.date ? { date: event.date } : {}) }, needsReview: notes.length > 0, notes, source: event.source };
}

/** The addressee line split into units, each with its own span inside the line. */
function addresseesOf(line: HeaderFact<string> | undefined, resolve: (name: string) => UnitReference): Array<DraftItem<UnitReference>> {
  if (!line) return [];
  let cursor = 0;
  return splitUnitList(line.value).map((name) => {
    const at = Math.max(0, line.line.indexOf(name.split('、')[0]!, cursor));
    cursor = at + name.length;
    const reference = resolve(name);
    return {
      value: reference,
      needsReview: !reference.isIssuer && !(reference.unitId || reference.groupId || reference.unitIds),
      notes: [],
      source: { start: line.start + at, end: line.start + at + name.length, sentence: line.line },
    };
  });
}
