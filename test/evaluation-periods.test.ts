/**
 * Scoring a multi-year plan: each year on its own (年度考核) and the whole campaign, the
 * cumulative target over several yearly instances, a cooperating unit's missing part at the
 * weight the definition gives it, and a plan without scoring.
 */
import path from 'node:path';
import { loadCampaign } from '../config/definition/load';
import type { Definition } from '../config/definition/schema';
import type { UnitRecord } from '../contracts/campaign';
import type { HistoryEntry, ObligationState } from '../contracts/obligation';
import { formatEvaluationText } from '../evaluation/format';
import { evaluateCampaign } from '../evaluation/score';
import { evaluatedObligations } from '../evaluation/sources';

const { definition, plan } = loadCampaign(path.join(__dirname, 'fixtures/multi-year-plan.yaml'));
const at = (local: string) => new Date(`${local.replace(' ', 'T')}:00+08:00`).toISOString();
const end = plan.campaign.period.endsAt;

function state(id: string, status: ObligationState['status'], history: [string, HistoryEntry['event']][]): [string, ObligationState] {
  const instance = plan.instances.find((candidate) => candidate.id === `multi-year-safety/${id}`)!;
  return [instance.id, { status, dueAt: instance.schedule.dueAt, escalationLevel: 0, returns: 0, history: history.map(([local, event]) => ({ at: at(local), event, detail: '' })) }];
}
const reported = (id: string, dates: string[], status: ObligationState['status']) => state(id, status, dates.map((date): [string, HistoryEntry['event']] => [`${date} 10:00`, 'occurrence']));

const states = new Map([
  // 利州区: 2 sites in 2024, 1 in 2025 (target missed), 2 in 2026: 5 of the 6 by 2026-12-31.
  reported('lizhou/demonstration-sites@2024', ['2024-05-06', '2024-09-02'], 'target-met'),
  reported('lizhou/demonstration-sites@2025', ['2025-06-03'], 'closed'),
  reported('lizhou/demonstration-sites@2026', ['2026-04-01', '2026-10-12'], 'target-met'),
  // 昭化区: 2 a year, 6 in all.
  reported('zhaohua/demonstration-sites@2024', ['2024-05-06', '2024-09-02'], 'target-met'),
  reported('zhaohua/demonstration-sites@2025', ['2025-05-06', '2025-09-02'], 'target-met'),
  reported('zhaohua/demonstration-sites@2026', ['2026-05-06', '2026-09-02'], 'target-met'),
  // The lead's annual summary on time; one cooperating unit never hands in its part.
  state('emergency/annual-summary@2024', 'accepted', [['2024-12-09 15:00', 'submitted'], ['2024-12-10 09:00', 'accepted']]),
  state('housing/annual-summary.contribution@2024', 'closed', [['2024-12-04 09:00', 'overdue'], ['2026-12-31 23:59', 'closed']]),
  state('transport/annual-summary.contribution@2024', 'accepted', [['2024-12-02 15:00', 'submitted'], ['2024-12-03 09:00', 'accepted']]),
]);
const obligations = evaluatedObligations(plan, states);
const record = (unitId: string, entries: [string, string][]): UnitRecord => ({
  unit: { id: unitId, name: unitId },
  overdueCount: 0,
  supervisionNotices: entries.filter(([, event]) => event === 'supervision-notice').length,
  interviews: 0,
  criticisms: 0,
  praises: 0,
  onCriticismList: false,
  pending: [],
  firedRules: [],
  history: entries.map(([local, event]) => ({ at: at(local), event, by: '科长', detail: '' })),
});
const records = [record('lizhou', [['2025-03-10 10:00', 'supervision-notice'], ['2026-03-10 10:00', 'supervision-notice']])];
const scored: Definition = { ...definition, evaluation: { ...(definition.evaluation as Exclude<Definition['evaluation'], 'none' | undefined>), weights: { ...(definition.evaluation as Exclude<Definition['evaluation'], 'none' | undefined>).weights, supervisionNotice: -2 } } };
const linesOf = (evaluation: ReturnType<typeof evaluateCampaign>, unitId: string) => evaluation.units.find((unit) => unit.unit.id === unitId)!.lines.filter((line) => line.points !== 0 || line.text.includes('累计')).map((line) => [line.text, line.points]);

it('assesses one year on its own: that year’s obligations and record entries only', () => {
  const year2025 = evaluateCampaign({ definition: scored, obligations, records, asOf: end, isFinal: true, period: 2025 });
  expect(year2025.period).toEqual({ year: 2025, name: '2025年度' });
  expect(linesOf(year2025, 'lizhou')).toEqual([
    ['安全生产标准化示范企业创建（2025年）：未达到最低次数（完成1次，应完成2次）', -5],
    ['督办通知1次', -2],
  ]);
  expect(formatEvaluationText(year2025, 'Asia/Shanghai').split('\n')[0]).toBe('安全生产治本攻坚三年行动方案（示例安委〔2024〕1号）2025年度绩效考核 · 最终排名');
  const year2024 = evaluateCampaign({ definition: scored, obligations, records, asOf: end, isFinal: true, period: 2024 });
  expect(linesOf(year2024, 'lizhou')).toEqual([]);
});

it('scores the cumulative target over the yearly instances, in the year of its date and overall', () => {
  const overall = evaluateCampaign({ definition: scored, obligations, records, asOf: end, isFinal: true });
  expect(linesOf(overall, 'lizhou')).toEqual([
    ['安全生产标准化示范企业创建（2025年）：未达到最低次数（完成1次，应完成2次）', -5],
    ['安全生产标准化示范企业创建：截至2026-12-31累计完成5项，累计目标6项，未达到', -8],
    ['督办通知2次', -4],
  ]);
  expect(linesOf(overall, 'zhaohua')).toEqual([['安全生产标准化示范企业创建：截至2026-12-31累计完成6项，累计目标6项，已达到', 0]]);
  expect(linesOf(evaluateCampaign({ definition: scored, obligations, records, asOf: end, isFinal: true, period: 2026 }), 'lizhou')).toContainEqual(['安全生产标准化示范企业创建：截至2026-12-31累计完成5项，累计目标6项，未达到', -8]);
  // Before its date the cumulative target is not assessed.
  expect(linesOf(evaluateCampaign({ definition: scored, obligations, records, asOf: at('2026-06-30 12:00'), isFinal: false }), 'lizhou').map(([text]) => text)).not.toContainEqual(expect.stringContaining('累计'));
});

it('costs a cooperating unit’s missing part what the definition gives it (contributionMissing), the lead nothing', () => {
  const overall = evaluateCampaign({ definition: scored, obligations, records, asOf: end, isFinal: true });
  expect(linesOf(overall, 'housing')).toEqual([['年度工作总结（配合）（2024年）：活动结束仍未报送', -4]]);
  expect(linesOf(overall, 'transport')).toEqual([]);
  expect(linesOf(overall, 'emergency')).toEqual([]);
});

it('says a plan without scoring has none, and lists completion instead of a ranking', () => {
  for (const evaluation of ['none', undefined] as const) {
    const unscored: Definition = { ...definition, evaluation };
    const result = evaluateCampaign({ definition: unscored, obligations, records, asOf: end, isFinal: true });
    expect(result.isScored).toBe(false);
    expect(result.praised).toEqual([]);
    expect(result.criticised).toEqual([]);
    const text = formatEvaluationText(result, 'Asia/Shanghai');
    expect(text).toContain('该方案未设绩效考核');
    expect(text).not.toContain('名次');
    expect(text).toMatch(/利州区\s+3\s+2\s+0\s+1\s+0/);
  }
});
