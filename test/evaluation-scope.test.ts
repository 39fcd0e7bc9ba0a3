/**
 * The evaluation as a supervisor scoped to 山亭区 reads it (page and downloads): 山亭's line with its
 * place in the whole campaign, 山亭's obligations, and the monthly on-time rates over 山亭's
 * obligations, never the campaign's (which would tell the county about every other unit).
 */
import { evaluationOfUnits } from '../evaluation/api';
import { renderHtml } from '../evaluation/exports/html';
import { seedYearEvaluation } from './support/seed-evaluation';

const whole = seedYearEvaluation();
const shanting = evaluationOfUnits(whole, new Set(['shanting']), 'Asia/Shanghai');

it('keeps the unit’s line with its rank among all units, and only its obligations', () => {
  expect(shanting.units.map((unit) => [unit.unit.name, unit.rank])).toEqual([['山亭区市场监督管理局', 7]]);
  expect(shanting.criticised.map((unit) => unit.unit.id)).toEqual(['shanting']);
  expect(new Set(shanting.obligations.map((outcome) => outcome.unitId))).toEqual(new Set(['shanting']));
  expect(shanting.obligations.length).toBe(whole.obligations.filter((outcome) => outcome.unitId === 'shanting').length);
});

it('rates each month over the unit’s own obligations', () => {
  const april = (evaluation: typeof whole) => evaluation.onTimeByMonth.find((month) => month.month === '2022-04');
  expect(april(whole)).toMatchObject({ due: 21, onTime: 19 });
  expect(april(shanting)).toMatchObject({ due: 3, onTime: 2 });
  // What the report's chart says (its accessible name lists every month's rate).
  const chartName = (html: string) => /aria-label="按月按时报送率柱状图：([^"]*)"/.exec(html)?.[1];
  expect(chartName(renderHtml(shanting, 'Asia/Shanghai'))).toBe('4月66.7%，5月100%，7月100%，8月100%，9月100%，10月100%，11月80%');
  expect(chartName(renderHtml(whole, 'Asia/Shanghai'))).toMatch(/^4月90\.5%，/);
});
