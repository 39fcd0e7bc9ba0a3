/**
 * A unit's page beyond its own obligations, as data and as the page renders it, without servers:
 * the lead of 荆门's GDP target sees each county's part (配合单位报送情况), and a unit sees the
 * other campaigns it takes part in (the same id and name), linked to its page there.
 */
import path from 'node:path';
import { loadCampaign } from '../config/definition/load';
import type { ObligationState } from '../contracts/obligation';
import { campaignsOfUnit, contributionsOf } from '../app/unit-connections';
import type { UnitView } from '../app/views';
import { contributionsBlock, otherCampaignsBlock } from '../web/pages/unit';

const examples = path.resolve(__dirname, '../config/campaigns/examples');
const jingmen = loadCampaign(path.join(examples, 'jingmen-2021-14th-five-year-division.yaml')).plan;
const lead = jingmen.instances.find((instance) => instance.unitId === 'development-reform' && instance.id.endsWith('/gdp'))!;

describe('a lead’s view of its cooperating units’ parts', () => {
  const part = (unitId: string) => lead.contributors!.find((contributor) => contributor.unitId === unitId)!.instanceId;
  const story = (status: ObligationState['status'], submittedAt?: string): ObligationState => ({
    status,
    dueAt: '2025-12-24T09:30:00.000Z',
    escalationLevel: status === 'overdue' ? 1 : 0,
    returns: 0,
    history: [],
    ...(submittedAt ? { submission: { unitId: 'x', submittedBy: '发改局', content: '已完成', at: submittedAt } } : {}),
  });
  const states = new Map([
    [part('dongbao'), story('overdue')],
    [part('duodao'), story('submitted', '2025-12-20T02:00:00.000Z')],
    [part('shayang'), story('open')],
    [part('zhongxiang'), story('accepted', '2025-12-19T03:00:00.000Z')],
  ]);

  it('lists every cooperating unit in the document’s order with its state; a part not started reads 未启动', () => {
    expect(contributionsOf(lead, states).map((contribution) => `${contribution.unitName}：${contribution.statusName}`)).toEqual([
      '东宝区：已逾期',
      '掇刀区：已报送待审核',
      '沙洋县：待报送',
      '钟祥市：已通过',
      '京山市：未启动',
    ]);
  });

  it('shows them on the lead’s card: when each handed in its part, else its deadline', () => {
    const block = contributionsBlock(contributionsOf(lead, states), 'Asia/Shanghai').toString();
    expect(block).toContain('配合单位报送情况');
    expect(block).toContain('掇刀区：<span class="status s-submitted">已报送待审核</span>（2025年12月20日 10:00报送）');
    expect(block).toContain('东宝区：<span class="status s-overdue">已逾期</span>（配合截止 2025年12月24日 17:30）');
    expect(block).toContain('京山市：<span class="status s-not-started">未启动</span></li>');
  });

  it('is not shown for an obligation without cooperating units', () => {
    const own = jingmen.instances.find((instance) => !instance.contributors?.length)!;
    expect(contributionsOf(own, states)).toEqual([]);
  });
});

describe('the same unit in other campaigns', () => {
  const chengdu = loadCampaign(path.join(examples, 'chengdu-2024-community-embedded-services.yaml')).plan;
  const renamed = { ...jingmen, instances: jingmen.instances.map((instance) => ({ ...instance, unitName: `${instance.unitName}（另一目录）` })) };
  const campaigns = [
    { campaignId: 'jingmen', plan: jingmen },
    { campaignId: 'jingmen-2026', plan: { ...jingmen, campaign: { ...jingmen.campaign, title: '荆门市2026年工作要点' } } },
    { campaignId: 'elsewhere', plan: renamed },
    { campaignId: 'chengdu', plan: chengdu },
  ];

  it('lists the campaigns where the unit (same id, same name) has obligations, never the current one', () => {
    expect(campaignsOfUnit({ campaignId: 'jingmen', unitId: 'dongbao' }, '东宝区', campaigns)).toEqual([{ campaignId: 'jingmen-2026', title: '荆门市2026年工作要点' }]);
    expect(campaignsOfUnit({ campaignId: 'jingmen', unitId: 'nobody' }, '无', campaigns)).toEqual([]);
  });

  it('links each to the unit’s page there with its own token, and shows nothing when there is none', () => {
    const view: Pick<UnitView, 'otherCampaigns'> = { otherCampaigns: [{ campaignId: 'jingmen-2026', title: '荆门市2026年工作要点' }] };
    expect(otherCampaignsBlock(view, { 'jingmen-2026': 'a.b' }).toString()).toContain('<a href="/unit?token=a.b">《荆门市2026年工作要点》</a>');
    expect(otherCampaignsBlock({ otherCampaigns: [] }, {})).toBe('');
  });
});
