/**
 * Who owns an obligation, compiled: equal owners ("由A、B、C负责"), a lead with cooperating units
 * that each hand in their part before the lead's deadline ("A牵头，B、C配合"), tasks without a
 * date of their own (持续推进), and the directory they are drawn from (unit kinds, display
 * order, a parent's children).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { rescheduleObligation } from '../config/compile';
import { loadCampaign } from '../config/definition/load';
import { obligationInput } from '../config/workflow-input';
import { formatPlan } from '../cli/plan-format';
import { campaignText, loadText } from './support/definitions';

const extraUnits = (text: string) =>
  text.replace(
    'groups:\n',
    '  - { id: shanting, name: 山亭区市场监督管理局, kind: district, contacts: [{ name: 联络员, email: shanting@example.gov.cn }] }\n  - { id: yicheng, name: 峄城区市场监督管理局, kind: district }\ngroups:\n',
  );
const summary = (owners: string, extra = '') => `  - { id: summary, title: 工作总结, measure: 通知, ${owners}, kind: submission, due: { date: 2022-11-11 }${extra} }\n`;

describe('a lead and its cooperating units', () => {
  const loaded = loadText(extraUnits(campaignText(summary('lead: tengzhou, cooperating: [shanting, xuecheng]'))));
  const byId = new Map(loaded.plan.instances.map((instance) => [instance.id, instance]));

  it('gives each cooperating unit its own part, due 5 working days before the lead’s deadline, named in the document’s order', () => {
    expect(loaded.plan.instances.map((instance) => [instance.id, instance.schedule.title, instance.schedule.dueLocal])).toEqual([
      ['minimal/shanting/summary.contribution', '工作总结（配合）', '2022-11-04 17:30'],
      ['minimal/xuecheng/summary.contribution', '工作总结（配合）', '2022-11-04 17:30'],
      ['minimal/tengzhou/summary', '工作总结', '2022-11-11 17:30'],
    ]);
    const part = byId.get('minimal/shanting/summary.contribution')!;
    expect(part.schedule).toMatchObject({ kind: 'submission', contribution: { obligationId: 'summary', workingDaysBefore: 5 } });
    expect(part.schedule.reminders.map((step) => step.local)).toEqual(['2022-11-01 09:00', '2022-11-03 09:00']);
    expect(part.schedule.escalations.map((step) => step.local)).toEqual(['2022-11-07 09:00', '2022-11-11 09:00']);
  });

  it('lists the contributors on the lead’s instance and the lead on each contribution, and gives both to the workflows', () => {
    const lead = byId.get('minimal/tengzhou/summary')!;
    expect(lead.contributors).toEqual([
      { unitId: 'shanting', unitName: '山亭区市场监督管理局', instanceId: 'minimal/shanting/summary.contribution' },
      { unitId: 'xuecheng', unitName: '薛城区市场监督管理局', instanceId: 'minimal/xuecheng/summary.contribution' },
    ]);
    expect(lead.cooperating).toEqual(['shanting', 'xuecheng']);
    expect(byId.get('minimal/xuecheng/summary.contribution')!.contributesTo).toEqual([{ unitId: 'tengzhou', unitName: '滕州市市场监督管理局', instanceId: 'minimal/tengzhou/summary' }]);
    expect(obligationInput(loaded.plan, loaded.definition, lead).contributors).toEqual(lead.contributors);
    expect(obligationInput(loaded.plan, loaded.definition, byId.get('minimal/xuecheng/summary.contribution')!)).toMatchObject({
      obligation: { id: 'summary.contribution', title: '工作总结（配合）' },
      contributesTo: [{ unitId: 'tengzhou' }],
    });
  });

  it('reschedules a contribution (a return for revision) with its own reminders and ladder', () => {
    const schedule = rescheduleObligation(loaded.definition, byId.get('minimal/xuecheng/summary.contribution')!.schedule, '2022-11-09');
    expect(schedule).toMatchObject({ obligationId: 'summary.contribution', title: '工作总结（配合）', dueLocal: '2022-11-09 17:30', contribution: { obligationId: 'summary', workingDaysBefore: 5 } });
  });

  it('takes the working days from the obligation, else from the defaults; `contribution: false` names the units only', () => {
    const own = loadText(extraUnits(campaignText(summary('lead: tengzhou, cooperating: [shanting]', ', contribution: { workingDaysBefore: 2 }'))));
    expect(own.plan.schedules.map((schedule) => [schedule.obligationId, schedule.dueDate])).toEqual([['summary.contribution', '2022-11-09'], ['summary', '2022-11-11']]);
    const defaults = loadText(extraUnits(campaignText(summary('lead: tengzhou, cooperating: [shanting]'))).replace('defaults:\n', 'defaults:\n  contribution: { workingDaysBefore: 10 }\n'));
    expect(defaults.plan.schedules[0]!.dueDate).toBe('2022-10-28');
    const named = loadText(extraUnits(campaignText(summary('lead: tengzhou, cooperating: [shanting]', ', contribution: false'))));
    expect(named.plan.instances.map((instance) => [instance.id, instance.cooperating, instance.contributors])).toEqual([['minimal/tengzhou/summary', ['shanting'], undefined]]);
  });

  it('keeps `assignees` with `cooperating` as it always was (the cooperating units named, no part of their own), unless `contribution` is written', () => {
    const named = loadText(extraUnits(campaignText(summary('assignees: [tengzhou], cooperating: [shanting]'))));
    expect(named.plan.instances.map((instance) => instance.id)).toEqual(['minimal/tengzhou/summary']);
    const parts = loadText(extraUnits(campaignText(summary('assignees: [tengzhou], cooperating: [shanting]', ', contribution: { workingDaysBefore: 3 }'))));
    expect(parts.plan.instances.map((instance) => instance.id)).toEqual(['minimal/shanting/summary.contribution', 'minimal/tengzhou/summary']);
  });

  it('gives a contribution to every occurrence of a recurring lead obligation', () => {
    const text = '  - { id: annual, title: 年度总结, measure: 通知, lead: tengzhou, cooperating: [xuecheng], kind: recurring, recurrence: { every: year, on: "12-10" } }\n';
    const multi = loadText(campaignText(text, { period: ['2024-03-07', '2025-12-31'] }));
    expect(multi.plan.instances.map((instance) => [instance.id, instance.schedule.dueDate])).toEqual([
      ['minimal/xuecheng/annual.contribution@2024', '2024-12-03'],
      ['minimal/tengzhou/annual@2024', '2024-12-10'],
      ['minimal/xuecheng/annual.contribution@2025', '2025-12-03'],
      ['minimal/tengzhou/annual@2025', '2025-12-10'],
    ]);
    expect(multi.plan.instances[1]!.contributors).toEqual([{ unitId: 'xuecheng', unitName: '薛城区市场监督管理局', instanceId: 'minimal/xuecheng/annual.contribution@2024' }]);
  });
});

it('gives equal owners ("由A、B、C负责") an instance each, in the order the document names them', () => {
  const loaded = loadText(extraUnits(campaignText(summary('assignees: [yicheng, tengzhou, shanting]'))));
  expect(loaded.plan.instances.map((instance) => instance.unitId)).toEqual(['yicheng', 'tengzhou', 'shanting']);
  expect(formatPlan(loaded.plan, 'table')).toContain('峄城区局、滕州市局、山亭区局');
});

describe('tasks without a date (持续推进)', () => {
  const text =
    summary('assignees: [districts]') +
    '  - { id: protection, title: 知识产权保护体系建设, measure: 二(二), lead: tengzhou, cooperating: [xuecheng], kind: ongoing, progress: { every: quarter, workingDaysAfter: 10 } }\n' +
    '  - { id: publicity, title: 宣传工作, measure: 二(三)十, assignees: [xuecheng], kind: ongoing, progress: { in: summary } }\n';
  const loaded = loadText(campaignText(text));

  it('tracks an ongoing task by progress reports each period, titled 进展情况', () => {
    const reports = loaded.plan.instances.filter((instance) => instance.schedule.obligationId === 'protection');
    expect(reports.map((instance) => [instance.id, instance.schedule.title, instance.schedule.kind, instance.schedule.dueDate])).toEqual([
      ['minimal/tengzhou/protection@2022-q2', '知识产权保护体系建设进展情况', 'ongoing', '2022-07-14'],
      ['minimal/tengzhou/protection@2022-q3', '知识产权保护体系建设进展情况', 'ongoing', '2022-10-19'], // 10-08 was a make-up working day
    ]);
    expect(loaded.plan.instances.filter((instance) => instance.schedule.obligationId === 'protection.contribution').map((instance) => instance.id)).toEqual([
      'minimal/xuecheng/protection.contribution@2022-q2',
      'minimal/xuecheng/protection.contribution@2022-q3',
    ]);
  });

  it('folds a task into another obligation’s submission as a field of its own, for the task’s units only', () => {
    expect(loaded.plan.instances.some((instance) => instance.schedule.obligationId === 'publicity')).toBe(false);
    const summaryOf = (unitId: string) => loaded.plan.instances.find((instance) => instance.id === `minimal/${unitId}/summary`)!;
    const field = { id: 'progress-publicity', label: '宣传工作进展情况', obligationId: 'publicity', unitIds: ['xuecheng'] };
    expect(summaryOf('xuecheng').schedule.progressFields).toEqual([field]);
    expect(summaryOf('tengzhou').schedule.progressFields).toEqual([field]); // the schedule is shared: pages show the field to `unitIds`
  });

  it('lists the ongoing tasks in the plan and marks them 持续推进 in the table', () => {
    expect(loaded.plan.ongoing).toEqual([
      { obligationId: 'protection', title: '知识产权保护体系建设', measures: ['二(二)'], unitIds: ['tengzhou'], progress: { every: 'quarter' } },
      { obligationId: 'publicity', title: '宣传工作', measures: ['二(三)十'], unitIds: ['xuecheng'], progress: { in: 'summary' } },
    ]);
    expect(formatPlan(loaded.plan, 'table').split('\n')[2]).toBe('持续推进：知识产权保护体系建设（每季度报送进展）；宣传工作（纳入“工作总结”报送）');
  });
});

describe('the unit directory', () => {
  it('reads unit kinds as data, keeps the display order, and rolls a parent up over its children', () => {
    const text = campaignText('  - { id: towns-report, title: 镇街报告, measure: 通知, assignees: [children-of:tengzhou], kind: submission, due: { date: 2022-05-31 } }\n', {
      extra: 'unitKinds: { town: 镇, street: 街道 }\n',
    }).replace(
      'groups:\n',
      '  - { id: longyang, name: 龙阳镇, kind: town, parent: tengzhou, order: 2 }\n  - { id: beixin, name: 北辛街道, kind: street, parent: tengzhou, order: 1 }\ngroups:\n',
    );
    const { plan } = loadText(text);
    expect(plan.units.map((unit) => [unit.id, unit.kindName, unit.order])).toEqual([
      ['section', '市局科室', 1],
      ['beixin', '街道', 1],
      // Equal orders keep the order of the files (tengzhou's is its position, 2).
      ['tengzhou', '县级市', 2],
      ['longyang', '镇', 2],
      ['xuecheng', '区', 3],
    ]);
    expect(plan.childrenOf).toEqual({ tengzhou: ['beixin', 'longyang'] });
    expect(plan.instances.map((instance) => instance.unitId)).toEqual(['beixin', 'longyang']);
  });

  it('merges a campaign’s own units and groups onto the shared directory it includes', () => {
    const loaded = loadCampaign(path.join(__dirname, 'fixtures/multi-year-plan.yaml'));
    expect(loaded.definition.units.map((unit) => unit.id)).toContain('railway-port');
    expect(Object.keys(loaded.definition.groups)).toEqual(['zones', 'lizhou-streets', 'counties', 'departments']);
    expect(loaded.plan.instances.filter((instance) => instance.schedule.obligationId === 'street-monthly' && instance.schedule.occurrence === '2024-04').map((instance) => instance.unitName)).toEqual(['东坝街道', '嘉陵街道', '河西街道']);
  });

  it('keeps every seed unit kind valid without declaring it', () => {
    const seed = readFileSync(path.join(__dirname, '../config/shared/zaozhuang-units.yaml'), 'utf8');
    expect(seed).not.toContain('unitKinds');
    expect(loadCampaign(path.join(__dirname, '../config/campaigns/zaozhuang-2022-ip-protection.yaml')).plan.units.find((unit) => unit.id === 'tengzhou')!.kindName).toBe('县级市');
  });
});
