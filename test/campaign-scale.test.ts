/**
 * What a national campaign carries into its next run (continue-as-new) and how its records are
 * read: 3,000 units, every one with a record of 40 history entries (a few of them people's) and
 * a last event. Pure: the same functions the campaign workflow calls.
 */
import type { Definition } from '../config/definition/schema';
import { pageOfRecords } from '../workflows/campaign/unit-records';
import { carriedInputBytes, compactCarriedInput, compactUnits, restoreUnits } from '../workflows/carried-state';
import type { CampaignInput, UnitRecord } from '../contracts/campaign';
import type { UnitEvent } from '../contracts/obligation';
import { eventTotalsOf, nationalDefinition, nationalLastEvents, nationalRecords, peopleNotesOf, supervisor } from './campaign-scale-records';

const weigh = (value: unknown) => Buffer.byteLength(JSON.stringify(value));

/** The campaign's input at launch (what continue-as-new starts from), as the CLI and the pages launch it. */
const launchInput = (definition: Definition): CampaignInput => ({
  launch: { definition, taskQueue: 'campaigns', timeOffsetMs: 0 },
  endsAt: '2022-12-31T15:59:59.999Z',
  launchedBy: { by: '知识产权保护科', at: '2022-03-25T01:00:00.000Z' },
});

/** The next run's input of a campaign of `units` units in the state of campaign-scale-records.ts, and what the next run reads back from it. */
function continued(units: number) {
  const definition = nationalDefinition(units);
  const records = nationalRecords(units);
  const lastEvents = nationalLastEvents(units);
  const progress = { phase: 'running' as const, launched: units * 30, alreadyRunning: 0, total: units * 30 };
  const next = compactCarriedInput(launchInput(definition), { definition, progress, pausedAtMs: 0, records, lastEvents });
  const restored = restoreUnits(next.carried, definition);
  return { definition, records, lastEvents, next, bytes: weigh(next), restored };
}

/** What must come through whole: everything but the history. */
const withoutHistory = ({ history: _history, omittedHistory: _omitted, ...rest }: UnitRecord) => rest;

describe('the carried state of a national campaign', () => {
  it('3,000 units: well under Temporal’s 2 MB with the definition, every person’s note kept, the system’s notes counted', () => {
    const national = continued(3000);
    const definitionBytes = weigh(national.definition);
    console.log(`3,000 units: continue-as-new input ${national.bytes} bytes (definition ${definitionBytes}; units ${weigh(national.next.carried!.units)}); ` +
      `${national.restored.records[0]!.history.length} entries carried of unit-0's 40`);
    expect(definitionBytes).toBeGreaterThan(400_000);
    expect(national.bytes).toBeLessThanOrEqual(carriedInputBytes);
    expect(national.next.carried!.records).toEqual([]);
    expect(national.next.carried!.lastEvents).toEqual([]);

    // Every note a person made, in order, with who, when and what.
    const people = peopleNotesOf(national.records);
    expect([...people.values()].flat().length).toBeGreaterThanOrEqual(9000);
    expect(peopleNotesOf(national.restored.records)).toEqual(people);
    expect(national.restored.records[7]!.history.filter((entry) => entry.by === supervisor).map((entry) => entry.event)).toEqual(['decided', 'interview-notice', 'dismissed']);
    // The system's notes left out are counted by event: the supervisors' actions number their messages by them.
    national.restored.records.forEach((record, index) => expect(eventTotalsOf(record)).toEqual(eventTotalsOf(national.records[index]!)));
    // Counts, rules fired, proposals waiting, names: whole.
    expect(national.restored.records.map(withoutHistory)).toEqual(national.records.map(withoutHistory));
    // And what the notices and the rules read of each unit's last event.
    expect(new Map(national.restored.lastEvents)).toEqual(national.lastEvents);
  });

  it('1,000 units: every person’s note and, of the system’s, the most recent ones, as many for every unit', () => {
    const regional = continued(1000);
    const kept = regional.restored.records.map((record) => record.history.filter((entry) => entry.by === '系统').length);
    console.log(`1,000 units: continue-as-new input ${regional.bytes} bytes, ${kept[0]} of 37 system notes carried per unit`);
    expect(regional.bytes).toBeLessThanOrEqual(carriedInputBytes);
    expect(regional.bytes).toBeGreaterThan(carriedInputBytes * 0.9); // the room is used
    expect(kept[0]).toBeGreaterThan(5);
    expect(kept[0]).toBeLessThan(37);
    expect(new Set(kept)).toEqual(new Set([kept[0]]));
    expect(peopleNotesOf(regional.restored.records)).toEqual(peopleNotesOf(regional.records));
    // The kept entries are the person's and the latest of the system's, in their order.
    const original = regional.records[42]!.history;
    const latestSystem = original.filter((entry) => entry.by === '系统').slice(-kept[0]!);
    expect(regional.restored.records[42]!.history).toEqual(original.filter((entry) => entry.by !== '系统' || latestSystem.includes(entry)));
    regional.restored.records.forEach((record, index) => expect(eventTotalsOf(record)).toEqual(eventTotalsOf(regional.records[index]!)));
  });

  it('a small campaign carries its records exactly: names the definition no longer has, a proposal of a removed rule, instants as written, a last event without lateness', () => {
    const definition = nationalDefinition(5);
    const records = nationalRecords(5, 6);
    records[1]!.unit.name = '第1单位（更名前）';
    records[2]!.unit = { id: 'removed-unit', name: '已撤并单位' };
    records[0]!.pending.push({ ruleId: 'gone', description: '已删除的规则', levelName: '约谈', at: '2022-05-01T08:00:00+08:00' });
    records[3]!.omittedHistory = { overdue: 4, praise: 1 };
    records[4] = { unit: { id: 'unit-4', name: '第4单位' }, overdueCount: 0, supervisionNotices: 0, interviews: 0, criticisms: 0, praises: 0, onCriticismList: false, pending: [], firedRules: [], history: [] };
    const lastEvents = nationalLastEvents(4);
    lastEvents.delete('unit-2'); // (a last event is carried with its unit's record)
    lastEvents.set('unit-3', { obligation: { id: 'rectify-1', title: '整改情况' }, dueAt: '2022-05-06T09:30:00.000Z', level: 2, returns: 1 });
    const carried = { progress: { phase: 'running' as const, launched: 5, alreadyRunning: 0 }, records: [], lastEvents: [], pausedAtMs: 0, units: compactUnits(records, lastEvents, definition, 0) };
    const restored = restoreUnits(carried, definition);
    expect(restored.records).toEqual(records);
    expect(restored.records[4]).not.toHaveProperty('omittedHistory');
    expect(new Map(restored.lastEvents)).toEqual(lastEvents);
    // What the definition says is not repeated.
    expect(carried.units.names).toEqual({ 1: '第1单位（更名前）', 2: '已撤并单位' });
    expect(carried.units.pending![0]).toEqual([{ ruleId: 'repeated', at: Date.parse(records[0]!.pending[0]!.at) }, expect.objectContaining({ description: '已删除的规则', at: '2022-05-01T08:00:00+08:00' })]);
    expect(carried.units).toMatchObject({ counts: { 4: [] }, firedRules: { 4: [] }, notes: { 4: [] }, omitted: { 4: null }, last: { 4: null } });
  });

  it('keeps every person’s note even when they alone do not fit (the workflow then stays in its run rather than be refused)', () => {
    const definition = nationalDefinition(50);
    const records = nationalRecords(50);
    const units = compactUnits(records, new Map(), definition, 0, 1_000);
    const restored = restoreUnits({ progress: { phase: 'running', launched: 0, alreadyRunning: 0 }, records: [], lastEvents: [], pausedAtMs: 0, units }, definition);
    expect(peopleNotesOf(restored.records)).toEqual(peopleNotesOf(records));
    expect(restored.records.every((record) => record.history.every((entry) => entry.by !== '系统'))).toBe(true);
  });

  it('loads the older carried shape (records and unit events whole) as it was', () => {
    const definition = nationalDefinition(3);
    const records = nationalRecords(3);
    const events: UnitEvent[] = records.map((record) => ({ unit: record.unit, recipients: {}, obligation: { id: 'obligation-1', title: '任务1' }, dueAt: '2022-04-15T09:30:00.000Z', kind: 'supervision-notice', level: 3, returns: 0, at: '2022-04-22T01:00:00.000Z' }));
    const restored = restoreUnits({ progress: { phase: 'running', launched: 3, alreadyRunning: 0 }, records, lastEvents: events, pausedAtMs: 0 }, definition);
    expect(restored.records).toEqual(records);
    expect(restored.lastEvents).toEqual(events.map((event) => [event.unit.id, event]));
    expect(restoreUnits(undefined, definition)).toEqual({ records: [], lastEvents: [] });
  });
});

describe('a page of the records', () => {
  const records = nationalRecords(3000);

  it('is at most ~1 MB (the records of 3,000 units are ~15 MB in one answer), never empty before the end, and the pages are the records', () => {
    const pages = [];
    for (let offset = 0; offset < records.length; ) {
      const page = pageOfRecords(records, { offset, limit: 200 });
      expect(page).toMatchObject({ total: 3000, offset });
      expect(page.records.length).toBeGreaterThan(0);
      pages.push(page);
      offset += page.records.length;
    }
    const largest = Math.max(...pages.map(weigh));
    console.log(`unitRecords in one answer: ${weigh(records)} bytes; in pages of 200: ${pages.length} pages, the largest ${largest} bytes`);
    expect(weigh(records)).toBeGreaterThan(10_000_000);
    expect(largest).toBeLessThanOrEqual(1_000_000);
    expect(pages.flatMap((page) => page.records.map((record) => record.unit.id))).toEqual(records.map((record) => record.unit.id));
    expect(pages.flatMap((page) => page.records)).toEqual(records);
    expect(pageOfRecords(records, { offset: 2990, limit: 200 }).records).toHaveLength(10);
    expect(pageOfRecords(records, { offset: 3000, limit: 200 })).toEqual({ total: 3000, offset: 3000, records: [] });
    // One record heavier than a page is still answered, alone.
    expect(pageOfRecords(records, { offset: 5, limit: 10 }, 100).records).toEqual([records[5]]);
  });

  it('refuses an offset or limit that is not a whole number', () => {
    expect(() => pageOfRecords(records, { offset: -1, limit: 10 })).toThrow('分页参数有误');
    expect(() => pageOfRecords(records, { offset: 0, limit: 0 })).toThrow('分页参数有误');
    expect(() => pageOfRecords(records, { offset: '0', limit: 10 } as never)).toThrow('分页参数有误');
    expect(() => pageOfRecords(records, undefined as never)).toThrow('分页参数有误');
  });
});
