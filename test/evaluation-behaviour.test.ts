/**
 * Behaviour files: located errors like a campaign definition's, and the script a behaviour
 * implies, at plan times on the 2022 calendar (the seed-year test's own script).
 */
import path from 'node:path';
import { loadCampaign } from '../config/definition/load';
import { DefinitionError, formatIssue } from '../config/definition/issues';
import { loadBehaviour } from '../evaluation/behaviour';
import { scriptActions } from '../evaluation/script';

const root = path.join(__dirname, '..');
const { plan, definition } = loadCampaign(path.join(root, 'config/campaigns/zaozhuang-2022-ip-protection.yaml'));

function problems(text: string, language: 'en' | 'zh' = 'en'): string[] {
  try {
    loadBehaviour('behaviour.yaml', plan, { cwd: root, readFile: () => text });
  } catch (error) {
    if (error instanceof DefinitionError) return error.issues.map((issue) => formatIssue(issue, language));
    throw error;
  }
  return [];
}

it('reports every problem of the file with line and column', () => {
  expect(problems('defaults:\n  submit: { workingDays: later }\nunits:\n  shanting:\n    work-summary: { submit: never, decisions: maybe }\n')).toEqual([
    'behaviour.yaml:2:26: defaults.submit.workingDays: expected a whole number of working days, found "later"',
    'behaviour.yaml:5:47: units.shanting.work-summary.decisions: expected one of proceed, waive, none, found "maybe"',
  ]);
  expect(problems('units:\n  tengzhou:\n    implementation-measure: { submit: { workingDays: 5 } }\n  nowhere:\n    work-summary: { submit: never }\n  shanting:\n    work-summary: { submit: never, returned: 1 }\n')).toEqual([
    'behaviour.yaml:3:29: units.tengzhou.implementation-measure: expected an obligation of tengzhou (id or id@occurrence), found "implementation-measure"',
    'behaviour.yaml:5:5: units.nowhere: expected a unit with obligations in the campaign, found "nowhere"',
    'behaviour.yaml:7:46: units.shanting.work-summary.returned: expected no returns for a unit that never submits, found 1',
  ]);
  expect(problems('units:\n  shizhong:\n    typical-cases: { returned: 1 }\n')).toEqual([
    'behaviour.yaml:3:32: units.shizhong.typical-cases.returned: expected no returns for a count obligation (occurrences are reported, not reviewed), found 1',
  ]);
  expect(problems('units: [\n')[0]).toMatch(/^behaviour\.yaml:2:1: expected valid YAML, found /);
});

it('says the same in Chinese, with only code (ids in backquotes, values in quotes) left in Latin letters', () => {
  const zh = [
    ...problems('defaults:\n  submit: sometimes\nunits:\n  shanting:\n    work-summary: { submit: never, decisions: maybe }\n', 'zh'),
    ...problems('campaign: other\nunits:\n  tengzhou:\n    implementation-measure: { submit: never }\n  nowhere:\n    work-summary: { submit: never }\n  shizhong:\n    typical-cases: { returned: 1 }\nunitActions:\n  - { unit: nobody, action: praise, on: 2023-01-05, reason: 好 }\n', 'zh'),
  ];
  expect(zh).toEqual([
    'behaviour.yaml:2:11：defaults.submit：应为`never`，或 `{workingDays: N}`（负数：截止前N个工作日），实际为 "sometimes"',
    'behaviour.yaml:5:47：units.shanting.work-summary.decisions：应为`proceed`、`waive` 或 `none` 之一，实际为 "maybe"',
    'behaviour.yaml:1:11：campaign：应为所模拟的活动（`zaozhuang-2022-ip-protection`），实际为 "other"',
    'behaviour.yaml:4:29：units.tengzhou.implementation-measure：应为`tengzhou` 的任务（编号，或 编号@节点），实际为 "implementation-measure"',
    'behaviour.yaml:6:5：units.nowhere：应为本活动中有任务的单位，实际为 "nowhere"',
    'behaviour.yaml:8:32：units.shizhong.typical-cases.returned：应为按次数完成的任务不退回（逐次报告，不审核），实际为 1',
    'behaviour.yaml:10:13：unitActions[0].unit：应为本活动中有任务的单位，实际为 "nobody"',
    'behaviour.yaml:10:41：unitActions[0].on：应为活动期间（2022-03-25 至 2022-12-31）内的日期，实际为 "2023-01-05"',
  ]);
  // What is left in Latin letters once the location, code in backquotes and quoted values are taken out.
  const latin = zh.map((line) => line.replace(/^[^：]+：[^：]+：/, '').replace(/`[^`]*`/g, '').replace(/"[^"]*"/g, '')).filter((line) => /[A-Za-z]{2,}/.test(line));
  expect(latin).toEqual([]);
});

it('scripts the seed year as the seed-year test does: late, returned, and a supervisor who proceeds', () => {
  const behaviour = loadBehaviour('config/behaviours/seed-2022.yaml', plan, { cwd: root });
  const actions = scriptActions(plan, definition, behaviour).filter((action) => action.kind !== 'unit-action');
  const of = (unit: string) =>
    actions.filter((action) => action.instance.id === `zaozhuang-2022-ip-protection/${unit}/implementation-measures`).map((action) => `${action.at} ${action.kind}${action.kind === 'return' ? ` ${action.dueDate}` : ''}`);
  expect(of('xuecheng')).toEqual(['2022-04-14T04:00:00.000Z submit', '2022-04-15T02:00:00.000Z return 2022-04-22', '2022-04-21T04:00:00.000Z submit']);
  expect(of('tengzhou')).toEqual(['2022-04-22T04:00:00.000Z submit']);
  expect(of('shanting')).toEqual(['2022-04-22T04:00:00.000Z decide', '2022-04-28T04:00:00.000Z decide', '2022-05-09T04:00:00.000Z decide']);
  // Everyone else: one working day before each deadline at noon; the open information channel asks nothing.
  expect(of('shizhong')).toEqual(['2022-04-14T04:00:00.000Z submit']);
  expect(actions.some((action) => action.instance.schedule.obligationId === 'information-reports')).toBe(false);
  expect(actions.filter((action) => action.instance.id.endsWith('/shanting/work-summary'))).toEqual([]);
});

it('an extension moves the deadline three working days before it, and the submission follows the new one', () => {
  const behaviour = loadBehaviour('b.yaml', plan, { cwd: root, readFile: () => 'units:\n  yicheng:\n    implementation-measures: { extend: { workingDays: 5 }, submit: { workingDays: 0 } }\n' });
  const actions = scriptActions(plan, definition, behaviour).filter((action) => action.kind !== 'unit-action' && action.instance.id.endsWith('/yicheng/implementation-measures'));
  expect(actions.map((action) => `${action.at} ${action.kind}${action.kind === 'extend' ? ` ${action.dueDate}` : ''}`)).toEqual(['2022-04-12T02:00:00.000Z extend 2022-04-22', '2022-04-22T04:00:00.000Z submit']);
});

it('supervisors’ actions on a unit: on their day at 10:00, checked against the units and the period', () => {
  const text = 'unitActions:\n  - { unit: xuecheng, action: praise, on: 2022-06-30, reason: 信息报送及时 }\n';
  const behaviour = loadBehaviour('b.yaml', plan, { cwd: root, readFile: () => text });
  expect(scriptActions(plan, definition, behaviour).filter((action) => action.kind === 'unit-action')).toEqual([
    { kind: 'unit-action', at: '2022-06-30T02:00:00.000Z', unitId: 'xuecheng', action: 'praise', reason: '信息报送及时' },
  ]);
  expect(problems('unitActions:\n  - { unit: nowhere, action: thank, on: 2023-01-05, reason: x }\n')).toEqual([
    'behaviour.yaml:2:30: unitActions[0].action: expected one of interview, criticize, uncriticize, praise, found "thank"',
  ]);
  expect(problems('unitActions:\n  - { unit: nowhere, action: praise, on: 2023-01-05, reason: x }\n')).toEqual([
    'behaviour.yaml:2:13: unitActions[0].unit: expected a unit with obligations in the campaign, found "nowhere"',
    'behaviour.yaml:2:42: unitActions[0].on: expected a date within the campaign period 2022-03-25..2022-12-31, found "2023-01-05"',
  ]);
});
