/**
 * CSV exports a person opens in Excel or WPS: a cell a spreadsheet would read as a formula (a
 * unit's name, an obligation's title or a reason that starts with = + - @, a tab or a carriage
 * return) is neutralised with a leading ', in the evaluation's CSV and in the plan's.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { formatPlan } from '../cli/plan-format';
import { loadCampaign } from '../config/definition/load';
import { csvCell, renderCsv } from '../evaluation/exports/csv';
import { evaluateCampaign } from '../evaluation/score';

const hostile = ['=HYPERLINK("http://example.invalid","点击")', '+1+cmd', '-2+3', '@SUM(A1)', '\t=1', '\r=1'];

it.each(hostile)('neutralises %j with a leading quote', (value) => {
  expect(csvCell(value).replace(/^"/, '')).toMatch(/^'/);
});

it('leaves ordinary text and numbers, negative ones included, as they are', () => {
  expect([csvCell('滕州市市场监督管理局'), csvCell('落实措施,实施方案'), csvCell(-3), csvCell(98.5)]).toEqual(['滕州市市场监督管理局', '"落实措施,实施方案"', '-3', '98.5']);
});

const fixtureFile = path.join(__dirname, 'fixtures/minimal-campaign.yaml');
const hostileFixture = readFileSync(fixtureFile, 'utf8').replace('name: 滕州市市场监督管理局', `name: '=HYPERLINK("http://example.invalid")'`);
const { plan, definition } = loadCampaign(fixtureFile, { readFile: (name) => (name === fixtureFile ? hostileFixture : readFileSync(name, 'utf8')) });

it("neutralises a unit's name in the plan's CSV", () => {
  const csv = formatPlan(plan, 'csv');
  expect(csv).toContain(`"'=HYPERLINK(""http://example.invalid"")"`);
  expect(csv).not.toMatch(/(^|,)"?=HYPERLINK/m);
});

it("neutralises a unit's name in the evaluation's CSV", () => {
  const unit = definition.units.find((candidate) => candidate.id === 'tengzhou')!;
  const obligations = [{ id: 'minimal/tengzhou/report', unitId: 'tengzhou', unitName: unit.name, obligationId: 'report', title: '@报告', dueAt: '2022-04-15T09:30:00.000Z', evaluated: true, state: { status: 'accepted' as const, dueAt: '2022-04-15T09:30:00.000Z', escalationLevel: 0, returns: 0, history: [{ at: '2022-04-14T04:00:00.000Z', event: 'submitted' as const, detail: '' }] } }];
  const csv = renderCsv(evaluateCampaign({ definition, obligations, records: [], asOf: '2023-01-01T00:00:00.000Z', isFinal: true })).toString('utf8');
  expect(csv).toContain(`"'=HYPERLINK(""http://example.invalid"")"`);
  expect(csv).not.toMatch(/(^|,)"?=HYPERLINK/m);
});
