/**
 * The administrator's overview and confirmation as data, without servers: an amendment's moved
 * deadlines are listed per obligation and occurrence (two occurrences of one title are two
 * lines), a matrix cell is 已提醒 only when one of the plan's reminders was sent, a task without a deadline is
 * 持续推进, a parent sees the units below it counted by state, and an uploaded
 * definition includes only the definition files of config/.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Plan, PlanInstance } from '../config/compile';
import { loadCampaign } from '../config/definition/load';
import type { ObligationState } from '../contracts/obligation';
import { Admin, describeAmendment } from '../app/administration';
import type { CampaignReader, ObligationRow } from '../app/campaign-reader';
import { type CampaignOverview, cellsOfRows, cellState, countsByUnit, isReminded, type MatrixCell, ongoingColumns, rollUpChildren } from '../app/overview';
import { statusTables } from '../cli/operations-commands';
import type { CellState } from '../contracts/vocabulary';
import { childrenSection, overviewPage } from '../web/pages/admin';
import { campaignText, loadText } from './support/definitions';

const { plan } = loadCampaign(path.resolve(__dirname, '../config/campaigns/zaozhuang-2022-ip-protection.yaml'));

/** The plan with every instance of the given schedules due a week later. */
function moved(current: Plan, schedules: Plan['schedules']): Plan {
  const replaced = new Map(schedules.map((schedule) => [schedule, { ...schedule, dueAt: new Date(Date.parse(schedule.dueAt) + 7 * 86_400_000).toISOString(), dueLocal: `${schedule.dueLocal}+7` }]));
  const instances: PlanInstance[] = current.instances.map((instance) => ({ ...instance, schedule: replaced.get(instance.schedule) ?? instance.schedule }));
  return { ...current, instances };
}

describe('amendment confirmation', () => {
  it('lists moved deadlines per occurrence, never merging two occurrences of one title', () => {
    const titles = new Map<string, Plan['schedules']>();
    for (const schedule of plan.schedules) titles.set(schedule.title, [...(titles.get(schedule.title) ?? []), schedule]);
    const [, repeated] = [...titles.entries()].find(([, schedules]) => schedules.length >= 2 && schedules.every((schedule) => schedule.occurrenceName))!;
    const [first, second] = repeated;
    const lines = describeAmendment(plan, moved(plan, [first!, second!]));
    const count = (schedule: Plan['schedules'][number]) => plan.instances.filter((instance) => instance.schedule === schedule).length;
    expect(lines).toEqual([
      `“${first!.title}（${first!.occurrenceName}）”截止时间由 ${first!.dueLocal} 改为 ${first!.dueLocal}+7（${count(first!)} 个单位）`,
      `“${second!.title}（${second!.occurrenceName}）”截止时间由 ${second!.dueLocal} 改为 ${second!.dueLocal}+7（${count(second!)} 个单位）`,
    ]);
    expect(describeAmendment(plan, plan)).toEqual(['修订方案与现行方案的任务和截止时间相同，没有变化']);
  });
});

describe('matrix cell', () => {
  const instance = plan.instances.find((candidate) => candidate.schedule.reminders.length > 0)!;
  const reminders = instance.schedule.reminders;
  const story = (...history: ObligationState['history']): ObligationState => ({ status: 'open', dueAt: instance.schedule.dueAt, escalationLevel: 0, returns: 0, history });
  const open = { status: 'open' as const, escalationLevel: 0 };

  it('is 已提醒 when one of the plan’s reminders was sent, before or after a new deadline', () => {
    const [step] = reminders;
    expect(cellState(open, story({ at: step!.at, event: 'message-sent', detail: `${step!.label}（${step!.key}）→ a@example.gov.cn` }), instance.schedule)).toBe('reminded');
    expect(isReminded(story({ at: step!.at, event: 'message-sent', detail: `${step!.label}（${step!.key}-20220429）→ a@example.gov.cn` }), reminders)).toBe(true);
  });

  it('is not 已提醒 for a skipped reminder, another message, or free text that only looks like a reminder', () => {
    const [step] = reminders;
    expect(cellState(open, story({ at: step!.at, event: 'message-skipped', detail: `${step!.label}（${step!.key}）：计划时间早于启动时间，不补发` }), instance.schedule)).toBe('open');
    expect(cellState(open, story({ at: step!.at, event: 'message-sent', detail: '逾期提醒（escalation-1-overdue-notice）→ a@example.gov.cn' }), instance.schedule)).toBe('open');
    expect(cellState(open, story({ at: step!.at, event: 'message-sent', detail: '督办决定提醒（decision-reminder-1）：（reminder-' }), instance.schedule)).toBe('open');
    expect(cellState({ status: 'overdue', escalationLevel: 2 }, story(), instance.schedule)).toBe('overdue-2');
  });
});

describe('a task without a deadline of its own (持续推进) in the matrix', () => {
  const council = loadCampaign(path.resolve(__dirname, '../config/campaigns/examples/state-council-2020-government-report-division.yaml')).plan;
  const columns = ongoingColumns(council);
  const rows = council.instances.map((instance) => ({ workflowId: instance.id, campaignId: 'gov', unitId: instance.unitId, obligationId: instance.id.split('/').slice(2).join('/'), status: 'open' as const, escalationLevel: 0, dueAt: instance.schedule.dueAt }));

  it('is a column of its own, how it is followed in its header, 持续推进 for each of its units and nothing for the others', () => {
    expect(columns).toEqual([{ obligationId: 'overall-requirements', title: '总体要求和主要预期目标', how: '每年报送进展', unitIds: council.ongoing[0]!.unitIds }]);
    const units = council.units.filter((unit) => columns[0]!.unitIds.includes(unit.id)).slice(0, 2).map(({ id, name }) => ({ id, name }));
    const overview: CampaignOverview = {
      ...{ campaignId: 'gov', title: council.campaign.title, plan: council, progress: { phase: 'running', launched: rows.length, alreadyRunning: 0 }, storiesRead: 0, timeline: [] },
      ...{ units: [...units, { id: 'outsider', name: '无关单位' }], columns: [], cells: {}, ongoing: columns, children: [], counts: { ongoing: 26 } },
    };
    const page = overviewPage(overview, [], { name: 'admin', role: 'admin', csrfToken: 'x' });
    expect(page).toContain('<th scope="col" title="每年报送进展">总体要求和主要预期目标</th>');
    const cellsOf = (name: string) => page.split(`<tr><th scope="row">${name}</th>`)[1]!.split('</tr>')[0]!;
    expect(cellsOf(units[0]!.name)).toContain('<span class="status s-ongoing" title="' + units[0]!.name + '：总体要求和主要预期目标（每年报送进展）">持续推进</span>');
    expect(cellsOf('无关单位')).not.toContain('持续推进');
    expect(page).toContain('<span class="status s-ongoing">持续推进 26</span>');
  });

  it('is counted as 持续推进 for each of its units in the CLI’s status, besides its progress reports', () => {
    const counts = countsByUnit(rows, council);
    expect(counts.get(council.ongoing[0]!.unitIds[0]!)).toEqual({ open: rows.filter((row) => row.unitId === council.ongoing[0]!.unitIds[0]).length, ongoing: 1 });
    expect([...counts.values()].filter((count) => count.ongoing === 1)).toHaveLength(council.ongoing[0]!.unitIds.length);
  });
});

describe('a parent’s view of the units below it', () => {
  // 滕州 (a county-level city) with two towns, one of them with a village committee; 薛城 without children.
  const towns = [
    '  - { id: jinggou, name: 井亭镇, kind: town, parent: tengzhou }',
    '  - { id: beixin, name: 北辛街道, kind: street, parent: tengzhou }',
    '  - { id: village, name: 东村, kind: town, parent: beixin }',
  ].join('\n');
  const text = campaignText('  - { id: report, title: 工作情况, measure: 通知, assignees: [tengzhou, jinggou, beixin, village, xuecheng], kind: submission, due: { date: 2022-06-30 } }\n');
  const { plan } = loadText(text.replace('groups:\n', `${towns}\ngroups:\n`).replace('units:\n', 'unitKinds: { town: 镇, street: 街道 }\nunits:\n'));
  const cell = (unitId: string, state: CellState): Record<string, MatrixCell> => ({ report: { workflowId: `c/${unitId}/report`, campaignId: 'c', unitId, obligationId: 'report', status: 'open', escalationLevel: 0, dueAt: '', cell: state } });
  const cells = { tengzhou: cell('tengzhou', 'accepted'), jinggou: cell('jinggou', 'overdue-2'), beixin: cell('beixin', 'submitted'), village: cell('village', 'overdue-2'), xuecheng: cell('xuecheng', 'open') };

  it('counts every unit below a parent (children and their children) by state, parents in display order', () => {
    expect(rollUpChildren(plan, cells)).toEqual([
      { unitId: 'tengzhou', unitName: '滕州市市场监督管理局', childIds: ['jinggou', 'beixin', 'village'], counts: { 'overdue-2': 2, submitted: 1 }, total: 3 },
      { unitId: 'beixin', unitName: '北辛街道', childIds: ['village'], counts: { 'overdue-2': 1 }, total: 1 },
    ]);
  });

  it('leaves out units below a parent that have nothing in this campaign, and says nothing without parents', () => {
    const withoutVillage = Object.fromEntries(Object.entries(cells).filter(([unitId]) => unitId !== 'village'));
    expect(rollUpChildren(plan, withoutVillage).map((rollup) => [rollup.unitId, rollup.childIds])).toEqual([['tengzhou', ['jinggou', 'beixin']]]);
    expect(childrenSection([])).toBe('');
  });

  it('is a table in the CLI’s status too, counted from the listing alone', () => {
    const row = (unitId: string, status: ObligationRow['status'], escalationLevel = 0): ObligationRow => ({ workflowId: `c/${unitId}/report`, campaignId: 'c', unitId, obligationId: 'report', status, escalationLevel, dueAt: '' });
    const rows = [row('tengzhou', 'accepted'), row('jinggou', 'overdue', 2), row('beixin', 'submitted'), row('village', 'overdue', 2), row('xuecheng', 'open')];
    expect(rollUpChildren(plan, cellsOfRows(rows))).toEqual(rollUpChildren(plan, cells));
    const units = [...countsByUnit(rows, plan)].map(([unitId, counts]) => ({ name: plan.units.find((unit) => unit.id === unitId)!.name, counts }));
    const text = statusTables(units, rollUpChildren(plan, cellsOfRows(rows)));
    expect(text).toMatch(/\n下级单位汇总\n上级单位\s+下级单位\s+逾期·督办2级\s+已报送待审核\s+合计\n/);
    expect(text).toMatch(/\n滕州市市场监督管理局\s+3\s+2\s+1\s+3\n/);
    expect(text).toMatch(/北辛街道\s+1\s+1\s+0\s+1\n$/);
  });

  it('is a table on the overview: each parent with its number of units below and their states', () => {
    const section = childrenSection(rollUpChildren(plan, cells)).toString();
    expect(section).toContain('<h2>下级单位汇总</h2>');
    expect(section).toContain('<th scope="col">逾期·督办2级</th><th scope="col">已报送待审核</th><th scope="col">合计</th>');
    expect(section).toContain('<tr><th scope="row">滕州市市场监督管理局</th><td>3</td><td>2</td><td>1</td><td>3</td></tr>');
  });
});

describe('an uploaded definition’s includes', () => {
  it('reach only the YAML files of config/shared and config/campaigns: any other file is refused without a line of it read', async () => {
    const uploads = mkdtempSync(path.join(os.tmpdir(), 'definition-uploads-'));
    const admin = new Admin({ reader: {} as CampaignReader, configDir: path.resolve(__dirname, '../config'), uploadsDir: uploads, taskQueue: 'unused' });
    const validate = async (include: string) => (await admin.validate(await admin.keepUpload('x.yaml', `include: [${include}]\ncampaign: { id: x }\n`))).issues;
    for (const include of ['../env.ts', '../calendar.ts', '../definition/schema.ts', '../../package.json', '/etc/passwd']) {
      expect(await validate(include)).toEqual([expect.stringMatching(/^上传-[0-9a-f]{8}\.yaml:1:11：include：应为可读取的文件，实际为 `[^`]+`（无权读取）$/)]);
    }
    // The shared directory is what includes are for: read, and the definition's own problems reported.
    expect((await validate('../shared/zaozhuang-units.yaml')).join('\n')).not.toContain('无权读取');
    rmSync(uploads, { recursive: true, force: true });
  });
});
