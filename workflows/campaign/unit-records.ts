/**
 * Each unit's record in a campaign (overdue items, supervision notices, interviews, criticism,
 * praise, the rules fired, the proposals waiting): pure state changes, and the page reads of the
 * `unitRecordsPage` query.
 */
import type { Definition } from '../../config/definition/schema';
import type { RecordCounts, UnitRecord, UnitRecordsPage, UnitRecordsPageRequest } from '../../contracts/campaign';
import { carriedInputBytes, utf8Length } from '../carried-state';

/** Which record count a step of each message kind adds to. */
export const countOf: Record<string, keyof RecordCounts> = {
  overdue: 'overdueCount',
  'supervision-notice': 'supervisionNotices',
  'interview-notice': 'interviews',
  'criticism-bulletin': 'criticisms',
};

/** What one answer of the `unitRecordsPage` query may weigh: well within gRPC's 4 MB default message size. */
const recordsPageBytes = 1_000_000;

export function emptyRecord(unit: { id: string; name: string }): UnitRecord {
  return { unit, overdueCount: 0, supervisionNotices: 0, interviews: 0, criticisms: 0, praises: 0, onCriticismList: false, pending: [], firedRules: [], history: [] };
}

/** The records by unit, in the order the campaign first recorded each unit. */
export class UnitRecords {
  private readonly byUnit: Map<string, UnitRecord>;

  constructor(
    records: UnitRecord[],
    private readonly definition: () => Definition,
    private readonly planNow: () => string,
  ) {
    this.byUnit = new Map(records.map((record) => [record.unit.id, record]));
  }

  get(unitId: string): UnitRecord | undefined {
    return this.byUnit.get(unitId);
  }

  all(): UnitRecord[] {
    return [...this.byUnit.values()];
  }

  get size(): number {
    return this.byUnit.size;
  }

  /** The unit's record, started empty the first time anything happens to the unit. */
  of(unitId: string): UnitRecord {
    let record = this.byUnit.get(unitId);
    if (!record) {
      const name = this.definition().units.find((unit) => unit.id === unitId)?.name ?? unitId;
      record = emptyRecord({ id: unitId, name });
      this.byUnit.set(unitId, record);
    }
    return record;
  }

  note(record: UnitRecord, event: string, by: string, detail: string): void {
    record.history.push({ at: this.planNow(), event, by, detail });
  }

  /** Rule proposals waiting for a supervisor, over every unit. */
  pendingCount(): number {
    return this.all().reduce((sum, record) => sum + record.pending.length, 0);
  }
}

export function countsOf(record: UnitRecord): RecordCounts {
  const { overdueCount, supervisionNotices, interviews, criticisms } = record;
  return { overdueCount, supervisionNotices, interviews, criticisms };
}

/**
 * The records from `offset`, at most `limit` of them and no more than {@link recordsPageBytes}
 * in all (at least one, so that a reader always moves on). Refused: an offset or limit that is
 * not a whole number (offset from 0, limit from 1).
 */
export function pageOfRecords(records: UnitRecord[], request: UnitRecordsPageRequest, maxBytes = recordsPageBytes): UnitRecordsPage {
  const { offset, limit } = request ?? ({} as Partial<UnitRecordsPageRequest>);
  if (!Number.isInteger(offset) || offset! < 0 || !Number.isInteger(limit) || limit! < 1) throw new Error(`分页参数有误：offset ${String(offset)}，limit ${String(limit)}`);
  const page: UnitRecord[] = [];
  let bytes = 2;
  for (const record of records.slice(offset, offset! + limit!)) {
    bytes += utf8Length(JSON.stringify(record)) + 1;
    if (page.length > 0 && bytes > maxBytes) break;
    page.push(record);
  }
  return { total: records.length, offset: offset!, records: page };
}

/**
 * Runs continued before the compact shape (`campaign-compact-carried-state`) carried the records
 * whole, within {@link carriedInputBytes} with the rest of the input (`otherBytes`): whole when
 * they fit, otherwise each unit's most recent history entries, as many for every unit as fit; the
 * older ones counted by event in `omittedHistory`.
 */
export function carriedRecords(records: UnitRecord[], otherBytes: number): UnitRecord[] {
  const historyBytes = utf8Length(JSON.stringify(records.map((record) => record.history)));
  const budget = carriedInputBytes - otherBytes - (utf8Length(JSON.stringify(records)) - historyBytes);
  const entries = records.reduce((sum, record) => sum + record.history.length, 0);
  if (historyBytes <= budget || entries === 0) return records;
  const perUnit = Math.max(0, Math.floor(budget / (historyBytes / entries) / records.length));
  return records.map((record) => {
    if (record.history.length <= perUnit) return record;
    const omitted = { ...record.omittedHistory };
    for (const entry of record.history.slice(0, record.history.length - perUnit)) omitted[entry.event] = (omitted[entry.event] ?? 0) + 1;
    return { ...record, history: perUnit > 0 ? record.history.slice(-perUnit) : [], omittedHistory: omitted };
  });
}
