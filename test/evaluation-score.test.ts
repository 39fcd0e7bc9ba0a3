/**
 * Scoring rules on hand-built histories with known scores: lateness on the 2022 calendar, returns,
 * extensions, waivers, missing reports, count targets, interim lateness, ties, praise and criticism.
 * Histories are written the way the obligation workflow records them (the same event names and
 * detail texts).
 */
import path from 'node:path';
import { loadCampaign } from '../config/definition/load';
import { type Definition, type EvaluationRules, evaluationRulesOf } from '../config/definition/schema';
import type { EvaluatedObligation } from '../evaluation/outcome';
import { evaluateCampaign, type Evaluation } from '../evaluation/score';
import type { HistoryEntry, ObligationState, ObligationStatus } from '../contracts/obligation';
import type { UnitRecord } from '../contracts/campaign';

const { definition: seed } = loadCampaign(path.join(__dirname, '../config/campaigns/zaozhuang-2022-ip-protection.yaml'));
const seedRules = evaluationRulesOf(seed)!;
/** Beijing wall-clock time → ISO instant. */
const at = (local: string) => new Date(`${local.replace(' ', 'T')}:00+08:00`).toISOString();
const names = new Map(seed.units.map((unit) => [unit.id, unit.name]));
const endOfYear = at('2023-01-01 00:00');

function obligation(unitId: string, dueLocal: string, status: ObligationStatus, history: [string, HistoryEntry['event'], string?][], extra: Partial<ObligationState> & { id?: string; title?: string; count?: { min: number } } = {}): EvaluatedObligation {
  const { id = 'implementation-measures', title = '落实措施及实施方案', count, ...state } = extra;
  return {
    id: `zaozhuang-2022-ip-protection/${unitId}/${id}`,
    unitId,
    unitName: names.get(unitId)!,
    obligationId: id,
    title,
    dueAt: at(dueLocal),
    evaluated: true,
    ...(count ? { count } : {}),
    state: {
      status,
      dueAt: at(dueLocal),
      escalationLevel: 0,
      returns: 0,
      history: history.map(([local, event, detail]) => ({ at: at(local), event, detail: detail ?? '' })),
      ...state,
    },
  };
}
const onTime = (unitId: string) => obligation(unitId, '2022-04-15 17:30', 'accepted', [['2022-04-14 12:00', 'submitted'], ['2022-04-14 15:00', 'accepted']]);
const escalations = (count: number, from = 18): [string, HistoryEntry['event']][] => Array.from({ length: count }, (_, index) => [`2022-04-${from + index} 09:00`, 'escalated']);

function evaluate(obligations: EvaluatedObligation[], options: { rules?: Partial<EvaluationRules>; records?: UnitRecord[]; asOf?: string } = {}): Evaluation {
  const definition: Definition = { ...seed, evaluation: { ...seedRules, ...options.rules } };
  return evaluateCampaign({ definition, obligations, records: options.records ?? [], asOf: options.asOf ?? endOfYear, isFinal: options.asOf === undefined });
}
const scoreOf = (evaluation: Evaluation, unitId: string) => evaluation.units.find((unit) => unit.unit.id === unitId)!;
const linesOf = (evaluation: Evaluation, unitId: string) => scoreOf(evaluation, unitId).lines.map((line) => [line.text, line.points]);

it('scores an on-time unit at the base, and says so', () => {
  const evaluation = evaluate([onTime('shizhong')]);
  expect(scoreOf(evaluation, 'shizhong')).toMatchObject({ score: 100, rank: 1, isTied: false, onTimeRate: 1 });
  expect(linesOf(evaluation, 'shizhong')).toEqual([['按时完成1项', 0]]);
});

it('counts working days late on the 2022 calendar: the May Day holidays are not working days', () => {
  // Due Friday 04-29; 04-30 to 05-04 were holidays; handed in Friday 05-06: two working days late.
  const evaluation = evaluate([obligation('tengzhou', '2022-04-29 17:30', 'accepted', [['2022-05-06 12:00', 'submitted'], ['2022-05-06 15:00', 'accepted']])]);
  expect(scoreOf(evaluation, 'tengzhou').score).toBe(98);
  expect(linesOf(evaluation, 'tengzhou')).toEqual([['按时完成0项', 0], ['落实措施及实施方案：逾期2个工作日报送', -1 * 2]]);
});

it('counts lateness on the campaign’s own calendar: a day its calendar file makes a holiday is not a working day', () => {
  // An arrangement is the whole year's: 2022's 劳动节 as published, and a fictitious holiday on Monday 05-09 (a test's).
  const holidays = [{ name: '劳动节', from: '2022-04-30', to: '2022-05-04' }, { name: '虚构假日', from: '2022-05-09', to: '2022-05-09' }];
  const arrangement = { year: 2022, source: '虚构（测试用）', holidays, workdays: ['2022-04-24', '2022-05-07'] };
  const late = () => obligation('tengzhou', '2022-04-29 17:30', 'accepted', [['2022-05-09 12:00', 'submitted'], ['2022-05-09 15:00', 'accepted']]);
  // Without it: 05-05, 05-06, 05-07 (调休 Saturday) and 05-09 are four working days late.
  expect(linesOf(evaluate([late()]), 'tengzhou')).toContainEqual(['落实措施及实施方案：逾期4个工作日报送', -4]);
  const definition: Definition = { ...seed, calendar: { ...seed.calendar, arrangements: [arrangement] } };
  const evaluation = evaluateCampaign({ definition, obligations: [late()], records: [], asOf: endOfYear, isFinal: true });
  expect(linesOf(evaluation, 'tengzhou')).toContainEqual(['落实措施及实施方案：逾期3个工作日报送', -3]);
});

it('counts an hour late on the deadline day as one working day', () => {
  const evaluation = evaluate([obligation('tengzhou', '2022-04-15 17:30', 'accepted', [['2022-04-15 18:30', 'submitted']])]);
  expect(linesOf(evaluation, 'tengzhou')).toContainEqual(['落实措施及实施方案：逾期1个工作日报送', -1]);
});

it('a returned submission accepted late: one return, and the working days after the revision deadline (the 调休 Sunday counts)', () => {
  const returned = obligation(
    'xuecheng',
    '2022-04-15 17:30',
    'accepted',
    [
      ['2022-04-14 12:00', 'submitted', '薛城区局报送'],
      ['2022-04-15 10:00', 'returned', `知识产权保护科退回修改：请补充实施方案；新截止时间 ${at('2022-04-22 17:30')}`],
      ['2022-04-25 12:00', 'submitted', '薛城区局报送'],
      ['2022-04-25 15:00', 'accepted', '知识产权保护科审核通过'],
    ],
    { returns: 1, dueAt: at('2022-04-22 17:30') },
  );
  const evaluation = evaluate([returned]);
  // 2022-04-24 (Sunday) was a make-up working day: 04-24 and 04-25 are two working days late.
  expect(linesOf(evaluation, 'xuecheng')).toEqual([['按时完成0项', 0], ['落实措施及实施方案：逾期2个工作日报送', -2], ['落实措施及实施方案：退回修改1次', -2]]);
  expect(scoreOf(evaluation, 'xuecheng').score).toBe(96);
  expect(evaluation.obligations[0]).toMatchObject({ status: 'late', workingDaysLate: 2, returns: 1, completedAt: at('2022-04-25 12:00') });
});

it('a deadline extended before it passed: judged against the new deadline, with a line saying so', () => {
  const extended = obligation(
    'yicheng',
    '2022-04-15 17:30',
    'accepted',
    [
      ['2022-04-13 10:00', 'extended', `知识产权保护科科长延期至 ${at('2022-04-22 17:30')}：疫情防控`],
      ['2022-04-21 12:00', 'submitted'],
      ['2022-04-21 15:00', 'accepted'],
    ],
    { dueAt: at('2022-04-22 17:30') },
  );
  const evaluation = evaluate([extended]);
  expect(scoreOf(evaluation, 'yicheng').score).toBe(100);
  expect(linesOf(evaluation, 'yicheng')).toEqual([['按时完成1项', 0], ['落实措施及实施方案：截止时间延期至2022年4月22日，按新截止时间计', 0]]);
});

it('a waived obligation does not count, whatever its ladder had reached', () => {
  const waived = obligation('taierzhuang', '2022-04-15 17:30', 'waived', [
    ['2022-04-15 17:30', 'overdue'],
    ...escalations(3),
    ['2022-04-22 12:00', 'decided', '科长：免除（因故不再要求）'],
    ['2022-04-22 12:00', 'waived'],
  ]);
  const evaluation = evaluate([waived, onTime('taierzhuang')].map((item, index) => (index === 1 ? { ...item, id: `${item.id}-2`, obligationId: 'work-summary', title: '工作总结' } : item)));
  expect(scoreOf(evaluation, 'taierzhuang')).toMatchObject({ score: 100, onTimeRate: 1, tally: expect.objectContaining({ waived: 1, due: 1 }) });
  expect(linesOf(evaluation, 'taierzhuang')).toEqual([['按时完成1项', 0], ['落实措施及实施方案：已免除，不计分', 0]]);
});

it('a report never handed in: the missing weight and every escalation level reached', () => {
  const missing = obligation('shanting', '2022-04-15 17:30', 'closed', [['2022-04-15 17:30', 'overdue'], ...escalations(5), ['2022-12-31 23:59', 'closed', '活动结束，仍未报送']]);
  const evaluation = evaluate([missing]);
  expect(linesOf(evaluation, 'shanting')).toEqual([['按时完成0项', 0], ['落实措施及实施方案：活动结束仍未报送', -10], ['落实措施及实施方案：督办升级至第5级（通报批评）', -15]]);
  expect(scoreOf(evaluation, 'shanting')).toMatchObject({ score: 75, onTimeRate: 0 });
});

it('a count target missed and one met late', () => {
  const missed = obligation('shanting', '2022-10-31 17:30', 'closed', [['2022-12-31 23:59', 'closed']], { id: 'typical-cases', title: '典型案件', count: { min: 1 }, occurrences: [] });
  const metLate = obligation('tengzhou', '2022-10-31 17:30', 'target-met', [['2022-11-02 12:00', 'occurrence', '滕州市局报告第1次（2022-11-01）']], {
    id: 'typical-cases',
    title: '典型案件',
    count: { min: 1 },
    occurrences: [{ unitId: 'tengzhou', reportedBy: '滕州市局', date: '2022-11-01', evidence: { 案件名称: '某商标侵权案' }, at: at('2022-11-02 12:00') }],
  });
  const evaluation = evaluate([missed, metLate]);
  expect(linesOf(evaluation, 'shanting')).toEqual([['按时完成0项', 0], ['典型案件：未达到最低次数（完成0次，应完成1次）', -5]]);
  expect(linesOf(evaluation, 'tengzhou')).toEqual([['按时完成0项', 0], ['典型案件：逾期2个工作日完成', -2]]);
  expect(scoreOf(evaluation, 'tengzhou').tally).toMatchObject({ countTargetsMet: 1, countTargetsMissed: 0 });
});

it('interim: an open report past its deadline shows the working days so far, never costing more than a missing one', () => {
  const open = obligation('shanting', '2022-04-15 17:30', 'overdue', [['2022-04-15 17:30', 'overdue'], ...escalations(1)]);
  const early = evaluate([open], { asOf: at('2022-04-20 18:00') });
  expect(early.isFinal).toBe(false);
  expect(linesOf(early, 'shanting')).toEqual([['按时完成0项', 0], ['落实措施及实施方案：尚未报送，已逾期3个工作日', -3], ['落实措施及实施方案：督办升级至第1级（逾期提醒）', -3]]);
  const late = evaluate([open], { asOf: at('2022-06-30 18:00') });
  expect(linesOf(late, 'shanting')).toContainEqual(['落实措施及实施方案：尚未报送，已逾期52个工作日（以未报送扣分-10分为限）', -10]);
  const notDue = evaluate([onTime('shizhong'), obligation('shizhong', '2022-11-11 17:30', 'open', [], { id: 'work-summary', title: '工作总结' })], { asOf: at('2022-06-30 18:00') });
  expect(scoreOf(notDue, 'shizhong')).toMatchObject({ score: 100, onTimeRate: 1, tally: expect.objectContaining({ due: 1 }) });
});

it('equal scores share a rank in the definition’s unit order, and the next rank skips', () => {
  const late = (unitId: string) => obligation(unitId, '2022-04-15 17:30', 'accepted', [['2022-04-19 12:00', 'submitted']]);
  // Units in the definition: shizhong, xuecheng, yicheng, taierzhuang, …
  const evaluation = evaluate([late('shizhong'), onTime('xuecheng'), late('yicheng'), onTime('taierzhuang'), obligation('tengzhou', '2022-04-15 17:30', 'accepted', [['2022-04-22 12:00', 'submitted']])]);
  expect(evaluation.units.map((unit) => [unit.unit.id, unit.score, unit.rank, unit.isTied])).toEqual([
    ['xuecheng', 100, 1, true],
    ['taierzhuang', 100, 1, true],
    ['shizhong', 98, 3, true],
    ['yicheng', 98, 3, true],
    ['tengzhou', 95, 5, false],
  ]);
});

it('praise and criticism by the thresholds; a cap keeps units tied at the cut together; record weights explained', () => {
  const records: UnitRecord[] = [
    { unit: { id: 'shanting', name: names.get('shanting')! }, overdueCount: 1, supervisionNotices: 1, interviews: 1, criticisms: 0, praises: 0, onCriticismList: false, pending: [], firedRules: [], history: [] },
    { unit: { id: 'xuecheng', name: names.get('xuecheng')! }, overdueCount: 0, supervisionNotices: 0, interviews: 0, criticisms: 0, praises: 1, onCriticismList: false, pending: [], firedRules: [], history: [] },
  ];
  const missing = (unitId: string) => obligation(unitId, '2022-04-15 17:30', 'closed', [['2022-04-15 17:30', 'overdue'], ['2022-12-31 23:59', 'closed']]);
  const evaluation = evaluate([onTime('shizhong'), onTime('xuecheng'), onTime('yicheng'), missing('shanting'), missing('tengzhou')], {
    rules: { praise: { minScore: 95, maxUnits: 1 }, criticism: { maxScore: 90, maxUnits: 1 }, weights: { ...seedRules.weights, supervisionNotice: -2, interview: -4, praise: 3 } },
    records,
  });
  expect(evaluation.units.map((unit) => [unit.unit.id, unit.score, unit.rank])).toEqual([
    ['xuecheng', 103, 1],
    ['shizhong', 100, 2],
    ['yicheng', 100, 2],
    ['tengzhou', 90, 4],
    ['shanting', 84, 5],
  ]);
  expect(linesOf(evaluation, 'xuecheng')).toEqual([['按时完成1项', 0], ['表扬1次', 3]]);
  expect(linesOf(evaluation, 'shanting')).toEqual([['按时完成0项', 0], ['落实措施及实施方案：活动结束仍未报送', -10], ['督办通知1次', -2], ['约谈1次', -4]]);
  expect(evaluation.praised.map((unit) => unit.unit.id)).toEqual(['xuecheng']);
  expect(evaluation.criticised.map((unit) => unit.unit.id)).toEqual(['shanting']);
  const tiedAtTheCut = evaluate([onTime('shizhong'), onTime('xuecheng'), missing('shanting')], { rules: { praise: { minScore: 95, maxUnits: 1 } } });
  expect(tiedAtTheCut.praised.map((unit) => unit.unit.id)).toEqual(['shizhong', 'xuecheng']);
});

it('does not rank the issuing section, nor score obligations the definition does not evaluate', () => {
  const own = { ...onTime('ip-protection-section'), unitId: 'ip-protection-section', unitName: '知识产权保护科' };
  const unscored = { ...obligation('shanting', '2022-12-30 17:30', 'closed', [['2022-12-31 23:59', 'closed']]), evaluated: false };
  const evaluation = evaluate([own, unscored, onTime('shizhong')]);
  expect(evaluation.units.map((unit) => unit.unit.id)).toEqual(['shizhong']);
});

describe('an interim evaluation praises and criticises only what can be judged', () => {
  const record = (unitId: string, counts: Partial<Pick<UnitRecord, 'supervisionNotices' | 'interviews' | 'criticisms' | 'praises' | 'onCriticismList'>>): UnitRecord => ({
    unit: { id: unitId, name: names.get(unitId)! },
    overdueCount: 0,
    supervisionNotices: 0,
    interviews: 0,
    criticisms: 0,
    praises: 0,
    onCriticismList: false,
    pending: [],
    firedRules: [],
    history: [],
    ...counts,
  });
  const notYetDue = (unitId: string) => obligation(unitId, '2022-04-15 17:30', 'open', []);
  const dayZero = at('2022-03-25 18:00');

  it('praises nobody on day 0 of a running campaign, when no deadline has passed', () => {
    const evaluation = evaluate([notYetDue('shizhong'), notYetDue('xuecheng'), notYetDue('shanting')], { asOf: dayZero });
    expect(evaluation.units.map((unit) => [unit.unit.id, unit.score, unit.isJudged])).toEqual([
      ['shizhong', 100, false],
      ['xuecheng', 100, false],
      ['shanting', 100, false],
    ]);
    expect([evaluation.praised, evaluation.criticised]).toEqual([[], []]);
  });

  it('weighs an interview on the record as the seed says (−5), and never praises a unit just interviewed', () => {
    const evaluation = evaluate([notYetDue('shizhong'), notYetDue('shanting')], { asOf: dayZero, records: [record('shanting', { interviews: 1 })] });
    expect(scoreOf(evaluation, 'shanting')).toMatchObject({ score: 95, isJudged: true, isPraised: false });
    expect(linesOf(evaluation, 'shanting')).toEqual([['按时完成0项', 0], ['约谈1次', -5]]);
    expect(evaluation.praised).toEqual([]);
  });

  it('praises a unit once its first deadline has passed on time, and not a criticised one with the same score', () => {
    const evaluation = evaluate([onTime('shizhong'), onTime('xuecheng'), obligation('yicheng', '2022-11-11 17:30', 'open', [], { id: 'work-summary', title: '工作总结' })], { asOf: at('2022-04-20 18:00'), records: [record('xuecheng', { criticisms: 1, praises: 5 })] });
    expect(scoreOf(evaluation, 'xuecheng')).toMatchObject({ score: 100, isJudged: true, isPraised: false });
    expect(linesOf(evaluation, 'xuecheng')).toEqual([['按时完成1项', 0], ['通报批评1次', -5], ['表扬5次', 5]]);
    expect(evaluation.praised.map((unit) => unit.unit.id)).toEqual(['shizhong']);
    expect(scoreOf(evaluation, 'yicheng').isJudged).toBe(false);
  });

  it('never praises a unit on the criticism list, even where the definition disqualifies nothing', () => {
    const evaluation = evaluate([onTime('shizhong')], { rules: { praise: { minScore: 95 } }, records: [record('shizhong', { onCriticismList: true })] });
    expect(scoreOf(evaluation, 'shizhong')).toMatchObject({ score: 100, isPraised: false });
  });

  it('judges every unit in the final evaluation', () => {
    const evaluation = evaluate([onTime('shizhong')]);
    expect(scoreOf(evaluation, 'shizhong')).toMatchObject({ isJudged: true, isPraised: true });
  });
});
