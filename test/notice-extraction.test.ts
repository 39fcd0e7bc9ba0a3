/**
 * Measures the notice extractor on the corpus (config/campaigns/examples/sources/ and the seed)
 * against the hand-made gold annotations: recall and precision of obligations (found = same
 * deadline and same units, lead first), header facts, addressees, events and contacts. Prints a
 * table per notice, the held-out notices apart, and asserts the floors measured on them.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { type Draft, extractDraft } from '../config/notice/draft';
import { directoryFrom } from '../config/notice/units';
import { add, cell, type Gold, precision, readGolds, recall, root, type Score, scoreAddressees, scoreContacts, scoreEvents, scoreHeader, scoreObligations } from './support/notice-gold';

const golds = readGolds();
const drafts = new Map<string, Draft>(
  golds.map((gold) => {
    const directory = gold.directory ? directoryFrom(parse(readFileSync(path.join(root, gold.directory), 'utf8'))) : undefined;
    return [gold.notice, extractDraft(readFileSync(path.join(root, gold.source), 'utf8'), directory ? { directory } : {})];
  }),
);
const kinds = ['obligations', 'header', 'addressees', 'events', 'contacts'] as const;
const scorers = { obligations: scoreObligations, header: scoreHeader, addressees: scoreAddressees, events: scoreEvents, contacts: scoreContacts };
const zero: Score = { found: 0, gold: 0, extracted: 0 };

function table(title: string, set: Gold[]): Record<(typeof kinds)[number], Score> {
  const total = Object.fromEntries(kinds.map((kind) => [kind, zero])) as Record<(typeof kinds)[number], Score>;
  const rows = set.map((gold) => {
    const draft = drafts.get(gold.notice)!;
    const cells = kinds.map((kind) => {
      const score = scorers[kind](gold, draft);
      total[kind] = add(total[kind], score);
      return cell(score);
    });
    return `${gold.notice.padEnd(48)} ${cells.map((value) => value.padEnd(22)).join(' ')}`;
  });
  const head = `${title.padEnd(48)} ${kinds.map((kind) => `${kind} R P (found/gold/out)`.padEnd(22)).join(' ')}`;
  const sum = `${'total'.padEnd(48)} ${kinds.map((kind) => cell(total[kind]).padEnd(22)).join(' ')}`;
  console.log([head, ...rows, sum].join('\n'));
  return total;
}

describe('notice extraction on the corpus', () => {
  const development = golds.filter((gold) => !gold.heldOut);
  const heldOut = golds.filter((gold) => gold.heldOut);

  it('reaches the measured floors on the notices it was developed on', () => {
    const total = table('development notices', development);
    // Measured on them: every kind R 100% P 100% (a small corpus the rules were written on).
    expect(recall(total.obligations)).toBeGreaterThanOrEqual(0.9);
    expect(precision(total.obligations)).toBeGreaterThanOrEqual(0.85);
    expect(recall(total.header)).toBeGreaterThanOrEqual(0.9);
    expect(precision(total.header)).toBeGreaterThanOrEqual(0.9);
    expect(recall(total.addressees)).toBeGreaterThanOrEqual(0.9);
    expect(recall(total.events)).toBeGreaterThanOrEqual(0.9);
    expect(recall(total.contacts)).toBeGreaterThanOrEqual(0.9);
  });

  const thirdRound = ['chengdu-2024-community-embedded-services', 'licheng-2016-science-week'];
  const earlier = heldOut.filter((gold) => !thirdRound.includes(gold.notice));

  it('reaches the measured floors on the notices held out while it was developed', () => {
    const total = table('held-out notices (rounds 1 and 2)', earlier);
    expect(earlier.map((gold) => gold.notice).sort()).toEqual([
      'fuliang-2018-congress-evaluation-opinions',
      'lianzhou-2024-office-space-statistics',
      'sanshui-2007-government-report-tasks',
      'shouxian-2022-government-report-midyear',
    ]);
    expect(recall(total.obligations)).toBeGreaterThanOrEqual(HELD_OUT_FLOORS.obligationRecall);
    expect(recall(total.header)).toBeGreaterThanOrEqual(HELD_OUT_FLOORS.headerRecall);
  });

  it('keeps at least what it found blind on the third round (the examples’ two new sources)', () => {
    const total = table('held-out notices (round 3, blind)', heldOut.filter((gold) => thirdRound.includes(gold.notice)));
    expect(heldOut.map((gold) => gold.notice).sort()).toEqual([...earlier.map((gold) => gold.notice), ...thirdRound].sort());
    expect(recall(total.obligations)).toBeGreaterThanOrEqual(THIRD_ROUND_FLOORS.obligationRecall);
    expect(recall(total.header)).toBeGreaterThanOrEqual(THIRD_ROUND_FLOORS.headerRecall);
    expect(recall(total.addressees)).toBe(1);
  });
});

// The first run on the held-out notices, before anything was changed for them: obligations R 33%
// P 50% (1/3/2), header R 100% (5/5). Two general faults showed (a sentence with a deadline and a
// telephone number was skipped as a contact line; a report verb inside a form's name 《…上报信息表》
// hid the clauses before it) and were fixed; since then they are no longer blind (R 100% P 100%).
// Second round, two more notices (fuliang-2018, shouxian-2022) annotated and run blind:
// obligations 0 of 4 found (none extracted), header R 50% P 80% (4/8/5), addressees 3 of 4.
// General faults fixed after it (see the commit); all four since: obligations R 86% P 100%
// (6/7/6), header R 100% P 100% (13/13/13). The floors sit below what was measured.
const HELD_OUT_FLOORS = { obligationRecall: 0.8, headerRecall: 0.9 };
// Third round (licheng-2016, chengdu-2024, annotated for the example definitions and run blind;
// nothing was changed for them since): obligations R 60% P 60% (3/5/5), header R 50% P 100%
// (2/4/2), addressees 100% (7/7), contacts 100% (2/2). Missed: a clause headed by 高新区管委会科协
// (科协 not read as an agency), units named mid-clause after 确保 (四川天府新区…成华区50%的…), a
// page time written "时间:2016-05-10", a range "5月12日-5月18日". The floors are what was measured.
const THIRD_ROUND_FLOORS = { obligationRecall: 0.6, headerRecall: 0.5 };

describe('the seed notice (枣市监知保〔2022〕1号)', () => {
  const draft = drafts.get('zaozhuang-2022-ip-protection')!;
  const dated = (date: string) => draft.obligations.find((obligation) => obligation.deadline.kind === 'date' && obligation.deadline.date === date);

  it('finds both report deadlines of the districts, 2022-04-15 and 2022-11-11', () => {
    for (const [date, what] of [['2022-04-15', '落实措施'], ['2022-11-11', '工作总结']] as const) {
      const obligation = dated(date);
      expect(obligation).toMatchObject({ title: what, kind: 'submission' });
      expect(obligation!.assignees.map((unit) => unit.groupId)).toEqual(['districts']);
      expect(obligation!.source.sentence).toContain('分别于2022年4月15日和11月11日前');
    }
  });

  it('finds all seven participating units among the addressees', () => {
    const directory = directoryFrom(parse(readFileSync(path.join(root, 'config/shared/zaozhuang-units.yaml'), 'utf8')));
    const units = new Set(draft.addressees.flatMap((item) => (item.value.groupId ? directory.groups[item.value.groupId]! : item.value.unitId ? [item.value.unitId] : [])));
    for (const unit of ['shizhong', 'xuecheng', 'yicheng', 'taierzhuang', 'shanting', 'tengzhou', 'high-tech-zone']) expect(units).toContain(unit);
    expect(draft.unresolvedUnits).toEqual([]);
  });

  it('reads the three meetings as counts of 1 to 2 held by the issuer', () => {
    const meetings = draft.obligations.filter((obligation) => obligation.kind === 'count' && /会$/.test(obligation.title));
    expect(meetings.map((obligation) => [obligation.measure, obligation.deadline])).toEqual([
      ['二(一)一', { kind: 'count', min: 1, max: 2 }],
      ['二(一)二', { kind: 'count', min: 1, max: 2 }],
      ['二(一)三', { kind: 'count', min: 1, max: 2 }],
    ]);
    for (const meeting of meetings) expect(meeting.assignees[0]).toMatchObject({ text: '市局', isIssuer: true, unitId: 'zaozhuang-amr' });
  });

  it('reads 4·26 and 5·10 as events with their 2022 dates, and the GI target as a count', () => {
    expect(draft.events.map((event) => event.value)).toEqual(
      expect.arrayContaining([
        { name: '4·26世界知识产权日', date: '2022-04-26' },
        { name: '5·10中国品牌日', date: '2022-05-10' },
      ]),
    );
    const gi = draft.obligations.find((obligation) => obligation.measure === '二(三)三');
    expect(gi).toMatchObject({ kind: 'count', deadline: { kind: 'count', min: 1, max: 2 } });
    expect(gi!.source.sentence).toContain('争取培育申报 1-2 个省级以上项目');
  });

  it('reads the contacts, each span pointing at the printed words', () => {
    const text = readFileSync(path.join(root, 'config/campaigns/zaozhuang-2022-ip-protection.source.txt'), 'utf8');
    expect(draft.contacts).toMatchObject({ names: ['殷金保', '王蓓'], phones: ['3286097', '3286031'], emails: ['scjgbhk@zz.shandong.cn'] });
    for (const source of draft.contacts.sources) expect(text.slice(source.start, source.end)).toBe(source.sentence);
    for (const obligation of draft.obligations) expect(text.slice(obligation.source.start, obligation.source.end)).toBe(obligation.source.sentence);
  });
});
