/**
 * The definitions written from real public plans (config/campaigns/examples/): each cites its
 * source, keeps that source's stored text beside it, validates (the only warnings a 暂定 year's),
 * and prints the plan people review as the golden file test/golden/examples/<name>.plan.txt.
 * Regenerate the golden files after a reviewed change with:
 *   UPDATE_GOLDEN=1 npx jest test/examples-plan.test.ts
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { runCampaignCli } from '../cli/campaign';
import { loadCampaign } from '../config/definition/load';

const projectDir = path.resolve(__dirname, '..');
const examplesDir = 'config/campaigns/examples';
const goldenDir = path.join(__dirname, 'golden/examples');

/** The four examples, by the kind of plan each stands for. */
export const examples = {
  multiYearLeadAndCooperating: 'jingmen-2021-14th-five-year-division',
  eventWeek: 'licheng-2016-science-week',
  ministriesUndated: 'state-council-2020-government-report-division',
  beyond2027: 'chengdu-2024-community-embedded-services',
} as const;
const names = Object.values(examples);
const fileOf = (name: string) => `${examplesDir}/${name}.yaml`;

async function cli(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCampaignCli(argv, { cwd: projectDir, stdout: (text) => (stdout += text), stderr: (text) => (stderr += text) });
  return { code, stdout, stderr };
}

describe.each(names.map((name) => [name]))('%s', (name) => {
  const text = readFileSync(path.join(projectDir, fileOf(name)), 'utf8');

  it('cites its source (issuer, number, date, address) and keeps the text as stored', () => {
    expect(text).toMatch(/^# Source: .+/m);
    expect(text).toMatch(/https?:\/\/\S+/);
    const source = `${examplesDir}/sources/${name}.txt`;
    expect(text).toContain(`sources/${name}.txt`);
    expect(existsSync(path.join(projectDir, source))).toBe(true);
    expect(readFileSync(path.join(projectDir, `${examplesDir}/sources/README.md`), 'utf8')).toContain(`\`${name}.txt\``);
  });

  it('validates, with warnings only for years on the provisional calendar', async () => {
    const { code, stdout, stderr } = await cli('validate', fileOf(name));
    expect(code).toBe(0);
    expect(stdout).toMatch(/: valid \(\d+ obligation instances, \d+ deadlines(; \d+ warnings)?\)\n$/);
    for (const line of stderr.split('\n').filter(Boolean)) expect(line).toMatch(/: warning: 20(2[7-9]|30) has no official holiday arrangement yet/);
  });

  it('prints its plan as in the reviewed golden file', async () => {
    const { code, stdout } = await cli('plan', fileOf(name));
    expect(code).toBe(0);
    const golden = path.join(goldenDir, `${name}.plan.txt`);
    if (process.env.UPDATE_GOLDEN === '1') {
      mkdirSync(goldenDir, { recursive: true });
      writeFileSync(golden, stdout);
    }
    expect(stdout).toBe(readFileSync(golden, 'utf8'));
  });
});

describe('what the examples say', () => {
  const load = (name: string) => loadCampaign(fileOf(name), { cwd: projectDir });

  it('荆门: the lead 市发改委 owns the indicator, each county hands in its part five working days before', () => {
    const { plan } = load(examples.multiYearLeadAndCooperating);
    const lead = plan.instances.find((instance) => instance.unitId === 'development-reform')!;
    expect(lead.schedule).toMatchObject({ obligationId: 'gdp', dueLocal: '2025-12-31 17:30' });
    expect(lead.contributors?.map((unit) => unit.unitName)).toEqual(['东宝区', '掇刀区', '沙洋县', '钟祥市', '京山市']);
    const parts = plan.instances.filter((instance) => instance.schedule.contribution);
    expect(parts.map((instance) => [instance.unitName, instance.schedule.dueLocal])).toEqual(
      ['东宝区', '掇刀区', '沙洋县', '钟祥市', '京山市'].map((unit) => [unit, '2025-12-24 17:30']),
    );
    expect(plan.campaign.isEvaluated).toBe(false);
  });

  it('鲤城: the science week is an event; each activity is counted over the week and the summary is due on 05-20', () => {
    const { plan } = load(examples.eventWeek);
    expect(plan.events).toEqual([{ id: 'science-week', name: '2016年鲤城区科技活动周', start: '2016-05-12', end: '2016-05-18' }]);
    const streets = plan.instances.filter((instance) => instance.schedule.obligationId === 'community-activities');
    expect(streets).toHaveLength(8);
    expect(streets[0]!.schedule).toMatchObject({ dueLocal: '2016-05-18 17:30', count: { min: 1 } });
    const summaries = plan.instances.filter((instance) => instance.schedule.obligationId === 'summary');
    expect(summaries.map((instance) => instance.unitName)).toEqual(['鲤城高新区管委会', '海滨街道', '临江街道', '鲤中街道', '开元街道', '浮桥街道', '江南街道', '金龙街道', '常泰街道', '鲤城区教育局', '鲤城区电影公司']);
    expect(new Set(summaries.map((instance) => instance.schedule.dueLocal))).toEqual(new Set(['2016-05-20 17:30']));
  });

  it('国发〔2020〕6号: every department owns the undated task and reports its progress at the year’s end', () => {
    const { plan } = load(examples.ministriesUndated);
    expect(plan.ongoing).toEqual([expect.objectContaining({ obligationId: 'overall-requirements', title: '总体要求和主要预期目标', progress: { every: 'year' } })]);
    expect(plan.ongoing[0]!.unitIds).toHaveLength(26);
    expect(new Set(plan.instances.map((instance) => `${instance.schedule.title}（${instance.schedule.occurrenceName}） ${instance.schedule.dueLocal}`))).toEqual(
      new Set(['总体要求和主要预期目标进展情况（2020年） 2020-12-31 17:30']),
    );
  });

  it('成都: the 2027 target lies on the provisional calendar and says so', () => {
    const { plan } = load(examples.beyond2027);
    expect(plan.calendar.provisionalYears).toEqual([2027, 2028]);
    expect(plan.instances.map((instance) => instance.unitName)).toEqual(['四川天府新区', '成都高新区', '锦江区', '青羊区', '金牛区', '武侯区', '成华区']);
    expect(plan.instances.every((instance) => instance.schedule.dueLocal === '2027-12-31 17:30' && instance.schedule.dueProvisional)).toBe(true);
  });
});
