/**
 * What a campaign carries into its next run after continue-as-new: the units' records and the
 * obligation each unit last escalated on, in the compact shape of {@link CarriedUnits}, within a
 * byte budget beside the definition. Pure functions, used inside the workflow (deterministic).
 *
 * What cannot be rebuilt is always carried: the counts the rules look at, the rules fired, the
 * proposals waiting, and every note a person made (a supervisor's or administrator's action,
 * decision or dismissal). The system's own notes (overdue, ladder steps, messages sent) repeat
 * what the obligations' histories hold: they are trimmed first, oldest first, and counted by event
 * in `omittedHistory` (the supervisors' actions number their messages by those counts).
 */
import type { Definition } from '../config/definition/schema';
import type { CampaignInput, CampaignProgress, CarriedInstant, CarriedUnits, UnitRecord } from '../contracts/campaign';
import type { UnitEvent } from '../contracts/obligation';

/**
 * What the next run's input may weigh (UTF-8 JSON): Temporal refuses a payload over 2 MB
 * (`limit.blobSize.error`), and a refused continue-as-new would stop the campaign. At 3,000
 * units the definition takes ~430 KB of it.
 */
export const carriedInputBytes = 1_500_000;

/** Who writes the system's own notes. */
export const systemAuthor = '系统';

/** What the campaign keeps of a unit's last event: what its notices and rules read. */
export type LastEvent = Pick<UnitEvent, 'obligation' | 'dueAt' | 'level' | 'daysLate' | 'returns'>;

type Note = UnitRecord['history'][number];

/**
 * The records and last events in the compact shape, within `budget` bytes with the rest of the
 * input (`otherBytes`): whole when they fit; otherwise every person's note and, of the system's
 * notes, each unit's most recent ones, as many for every unit as fit. A campaign whose people's
 * notes alone do not fit still carries them all (the caller checks Temporal's limit).
 */
export function compactUnits(records: UnitRecord[], lastEvents: ReadonlyMap<string, LastEvent>, definition: Definition, otherBytes: number, budget = carriedInputBytes): CarriedUnits {
  const whole = encodeUnits(records, lastEvents, definition, () => Infinity);
  if (otherBytes + utf8Length(JSON.stringify(whole)) <= budget) return whole;
  const systemNotes = records.reduce((sum, record) => sum + record.history.filter((entry) => entry.by === systemAuthor).length, 0);
  const peopleOnly = encodeUnits(records, lastEvents, definition, () => 0);
  const peopleOnlyBytes = utf8Length(JSON.stringify(peopleOnly));
  const room = budget - otherBytes - peopleOnlyBytes;
  if (room <= 0 || systemNotes === 0) return peopleOnly;
  const perNote = (utf8Length(JSON.stringify(whole)) - peopleOnlyBytes) / systemNotes;
  // An estimate from the average note: fewer while it does not fit (a note's weight varies).
  for (let perUnit = Math.floor(room / perNote / records.length); perUnit > 0; perUnit -= Math.max(1, Math.floor(perUnit / 8))) {
    const trimmed = encodeUnits(records, lastEvents, definition, () => perUnit);
    if (otherBytes + utf8Length(JSON.stringify(trimmed)) <= budget) return trimmed;
  }
  return peopleOnly;
}

/** The next run's input in the compact shape: the definition as now amended, the progress, the pause, and the units within {@link carriedInputBytes}. */
export function compactCarriedInput(
  input: CampaignInput,
  state: { definition: Definition; progress: CampaignProgress; pausedAtMs: number; records: UnitRecord[]; lastEvents: ReadonlyMap<string, LastEvent> },
): CampaignInput {
  const next: CampaignInput = { ...input, launch: { ...input.launch, definition: state.definition }, carried: { progress: state.progress, records: [], lastEvents: [], pausedAtMs: state.pausedAtMs } };
  next.carried!.units = compactUnits(state.records, state.lastEvents, state.definition, utf8Length(JSON.stringify(next)));
  return next;
}

/** The records and last events a run starts with: from the compact shape, or from the older one (records and last events whole). */
export function restoreUnits(carried: CampaignInput['carried'], definition: Definition): { records: UnitRecord[]; lastEvents: [string, LastEvent][] } {
  if (!carried) return { records: [], lastEvents: [] };
  if (!carried.units) return { records: carried.records, lastEvents: carried.lastEvents.map((event) => [event.unit.id, event]) };
  const { events, people, subjects, ids, names = {}, counts, firedRules, pending = {}, notes, omitted, last } = carried.units;
  const definedNames = new Map(definition.units.map((unit) => [unit.id, unit.name]));
  const records: UnitRecord[] = [];
  const lastEvents: [string, LastEvent][] = [];
  ids.forEach((id, position) => {
    const [overdueCount = 0, supervisionNotices = 0, interviews = 0, criticisms = 0, praises = 0, onCriticismList = 0] = counts[position] ?? [];
    const record: UnitRecord = {
      unit: { id, name: names[position] ?? definedNames.get(id) ?? id },
      overdueCount,
      supervisionNotices,
      interviews,
      criticisms,
      praises,
      onCriticismList: onCriticismList === 1,
      pending: (pending[position] ?? []).map((step) => {
        const defined = proposalOf(definition, step.ruleId);
        return { ruleId: step.ruleId, description: step.description ?? defined.description ?? step.ruleId, levelName: step.levelName ?? defined.levelName ?? '', at: instantOf(step.at) };
      }),
      firedRules: firedRules[position] ?? [],
      history: (notes[position] ?? []).map(([at, event, by, detail]) => ({ at: instantOf(at), event: events[event]!, by: people[by]!, detail })),
    };
    const omittedCounts = omitted[position];
    if (omittedCounts) record.omittedHistory = Object.fromEntries(Object.entries(omittedCounts).map(([event, count]) => [events[Number(event)]!, count]));
    records.push(record);
    const unitLast = last[position];
    if (unitLast) {
      const [subject, level, returns, daysLate] = unitLast;
      const { obligation, dueAt } = subjects[subject]!;
      lastEvents.push([id, { obligation, dueAt: instantOf(dueAt), level, returns, ...(daysLate !== undefined ? { daysLate } : {}) }]);
    }
  });
  return { records, lastEvents };
}

/** Encodes every record, keeping of each unit's system notes the most recent `systemNotesOf(record)`. */
function encodeUnits(records: UnitRecord[], lastEvents: ReadonlyMap<string, LastEvent>, definition: Definition, systemNotesOf: (record: UnitRecord) => number): CarriedUnits {
  const events = new IndexOf<string>();
  const people = new IndexOf<string>();
  const subjects = new IndexOf<CarriedUnits['subjects'][number]>((subject) => JSON.stringify([subject.obligation.id, subject.obligation.title, subject.obligation.measure, subject.dueAt]));
  const definedNames = new Map(definition.units.map((unit) => [unit.id, unit.name]));
  const units: CarriedUnits = { events: events.values, people: people.values, subjects: subjects.values, ids: [], counts: [], firedRules: [], notes: [], omitted: [], last: [] };
  const names: Record<number, string> = {};
  const pending: NonNullable<CarriedUnits['pending']> = {};
  records.forEach((record, position) => {
    units.ids.push(record.unit.id);
    if (definedNames.get(record.unit.id) !== record.unit.name) names[position] = record.unit.name;
    const counts = [record.overdueCount, record.supervisionNotices, record.interviews, record.criticisms, record.praises, record.onCriticismList ? 1 : 0];
    while (counts.length > 0 && counts.at(-1) === 0) counts.pop();
    units.counts.push(counts);
    units.firedRules.push(record.firedRules);
    if (record.pending.length > 0) {
      pending[position] = record.pending.map((step) => {
        const defined = proposalOf(definition, step.ruleId);
        return {
          ruleId: step.ruleId,
          at: carriedInstant(step.at),
          ...(defined.description !== step.description ? { description: step.description } : {}),
          ...(defined.levelName !== step.levelName ? { levelName: step.levelName } : {}),
        };
      });
    }
    const { kept, omitted } = trimmedHistory(record, systemNotesOf(record));
    units.notes.push(kept.map((entry) => [carriedInstant(entry.at), events.of(entry.event), people.of(entry.by), entry.detail]));
    units.omitted.push(omitted ? Object.fromEntries(Object.entries(omitted).map(([event, count]) => [events.of(event), count])) : null);
    const last = lastEvents.get(record.unit.id);
    const head = last && ([subjects.of({ obligation: last.obligation, dueAt: carriedInstant(last.dueAt) }), last.level, last.returns] as const);
    units.last.push(!last || !head ? null : last.daysLate !== undefined ? [...head, last.daysLate] : [...head]);
  });
  if (Object.keys(names).length > 0) units.names = names;
  if (Object.keys(pending).length > 0) units.pending = pending;
  return units;
}

/** Every person's note and the most recent `systemNotes` of the system's, in order; the others counted by event with those omitted before. */
function trimmedHistory(record: UnitRecord, systemNotes: number): { kept: Note[]; omitted?: Record<string, number> } {
  let systemSeen = record.history.filter((entry) => entry.by === systemAuthor).length;
  if (systemSeen <= systemNotes) return { kept: record.history, ...(record.omittedHistory ? { omitted: record.omittedHistory } : {}) };
  const omitted = { ...record.omittedHistory };
  const kept = record.history.filter((entry) => {
    if (entry.by !== systemAuthor) return true;
    systemSeen -= 1; // system notes after this one
    if (systemSeen < systemNotes) return true;
    omitted[entry.event] = (omitted[entry.event] ?? 0) + 1;
    return false;
  });
  return { kept, omitted };
}

/** What the definition's rule says a proposal of it is (as `applyRules` writes it). */
function proposalOf(definition: Definition, ruleId: string): { description?: string; levelName?: string } {
  const rule = definition.escalation.rules.find((candidate) => candidate.id === ruleId);
  const level = rule && definition.escalation.levels.find((candidate) => candidate.id === rule.escalateTo);
  if (!rule || !level) return {};
  return { description: rule.description ?? `${rule.id}：${level.name}`, levelName: level.name };
}

function carriedInstant(iso: string): CarriedInstant {
  const ms = Date.parse(iso);
  return Number.isFinite(ms) && new Date(ms).toISOString() === iso ? ms : iso;
}

function instantOf(carried: CarriedInstant): string {
  return typeof carried === 'number' ? new Date(carried).toISOString() : carried;
}

/** A list of distinct values, each referred to by its index. */
class IndexOf<T> {
  readonly values: T[] = [];
  private readonly indexes = new Map<unknown, number>();

  constructor(private readonly keyOf: (value: T) => unknown = (value) => value) {}

  of(value: T): number {
    const key = this.keyOf(value);
    let index = this.indexes.get(key);
    if (index === undefined) {
      index = this.values.push(value) - 1;
      this.indexes.set(key, index);
    }
    return index;
  }
}

/** Bytes of a string in UTF-8 (what a JSON payload weighs), without TextEncoder. */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    // A surrogate pair (4 bytes) counts 2 per half.
    bytes += code < 0x80 ? 1 : code < 0x800 ? 2 : code >= 0xd800 && code <= 0xdfff ? 2 : 3;
  }
  return bytes;
}
