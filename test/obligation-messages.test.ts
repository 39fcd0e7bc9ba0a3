/**
 * What an obligation's messages and notices say, rendered without a server: dates on the
 * campaign's own wall clock, and a count obligation's progress in its reminders.
 */
import path from 'node:path';
import type { MessageRequest } from '../contracts/delivery';
import { renderMessage } from '../activities/messages';
import { officialNoticeFor } from '../activities/notices';
import { loadCampaign } from '../config/definition/load';
import { obligationInput } from '../config/workflow-input';

const request: MessageRequest = {
  kind: 'reminder',
  eventKey: 'zaozhuang-2022/tengzhou/implementation-measures/reminder-3wd',
  to: ['tengzhou@example.gov.cn'],
  label: '截止前3个工作日',
  // 17:30 in Beijing, 18:30 in Tokyo.
  dueAt: '2022-04-15T09:30:00.000Z',
  campaign: { id: 'zaozhuang-2022', title: '枣庄市知识产权行政保护能力提升活动方案', issuer: '枣庄市市场监督管理局' },
  unit: { id: 'tengzhou', name: '滕州市市场监督管理局' },
  obligation: { id: 'implementation-measures', title: '落实措施' },
};

describe('dates in messages and notices', () => {
  it('reads Beijing time for a request that names no zone (inputs from before the zone travelled)', () => {
    expect(renderMessage(request).subject).toBe('【提醒】落实措施将于2022年4月15日 17:30截止（滕州市市场监督管理局）');
  });

  it("reads the campaign's own zone, in the built-in texts and in the definition's templates", () => {
    const tokyo = { ...request, campaign: { ...request.campaign, timeZone: 'Asia/Tokyo' } };
    expect(renderMessage(tokyo).subject).toBe('【提醒】落实措施将于2022年4月15日 18:30截止（滕州市市场监督管理局）');
    expect(renderMessage({ ...tokyo, template: { subject: '{{due}}', text: '请于{{due}}前报送。' } })).toMatchObject({ subject: '2022年4月15日 18:30', text: '请于2022年4月15日 18:30前报送。' });
  });

  it("dates a notice written late in the evening on the campaign's own day", () => {
    const notice = { ...request, kind: 'supervision-notice', writtenAt: '2022-04-22T15:30:00.000Z' }; // 23:30 in Beijing, 00:30 next day in Tokyo
    expect(officialNoticeFor(notice, renderMessage(notice))?.date).toBe('2022-04-22');
    const tokyo = { ...notice, campaign: { ...notice.campaign, timeZone: 'Asia/Tokyo' } };
    expect(officialNoticeFor(tokyo, renderMessage(tokyo))?.date).toBe('2022-04-23');
  });

  it("carries the definition's time zone into every obligation's input", () => {
    const { plan, definition } = loadCampaign(path.join(__dirname, 'fixtures/minimal-campaign.yaml'));
    const tokyo = { ...definition, campaign: { ...definition.campaign, timeZone: 'Asia/Tokyo' } };
    expect(obligationInput(plan, definition, plan.instances[0]!).campaign.timeZone).toBe('Asia/Shanghai');
    expect(obligationInput({ ...plan, campaign: { ...plan.campaign, timeZone: 'Asia/Tokyo' } }, tokyo, plan.instances[0]!).campaign.timeZone).toBe('Asia/Tokyo');
  });
});

describe("a count obligation's reminder", () => {
  const meetings: MessageRequest = { ...request, obligation: { id: 'training-meetings', title: '全市知识产权行政保护业务培训会' }, count: { min: 1, max: 2, reported: 0 } };

  it('says the minimum and how many were reported so far, instead of asking for one submission', () => {
    const { text, html } = renderMessage(meetings);
    expect(text).toContain('贵单位应于2022年4月15日 17:30前完成“全市知识产权行政保护业务培训会”。方案要求至少1次（至多2次），目前已报告0次，尚差1次。请逐次报告并附佐证材料。');
    expect(text).not.toContain('前报送');
    expect(html).toContain('目前已报告0次');
  });

  it('puts the progress after the line with the deadline in a template of the definition', () => {
    const template = { subject: '【提醒】{{obligation}}', text: '{{unit}}：\n请于{{due}}前报送“{{obligation}}”。\n联系人：{{contact}}' };
    expect(renderMessage({ ...meetings, count: { min: 2, reported: 1 }, template }).text).toBe(
      '滕州市市场监督管理局：\n请于2022年4月15日 17:30前报送“全市知识产权行政保护业务培训会”。\n方案要求至少2次，目前已报告1次，尚差1次。请逐次报告并附佐证材料。\n联系人：',
    );
  });

  it('leaves the messages of other obligations as they were', () => {
    expect(renderMessage(request).text).toContain('贵单位应于2022年4月15日 17:30前报送“落实措施”。');
    expect(renderMessage({ ...meetings, kind: 'supervision-notice' }).text).not.toContain('方案要求至少');
  });
});

describe('the shared templates when a campaign has no contact, mailbox or link', () => {
  const { definition } = loadCampaign(path.join(__dirname, '../config/campaigns/zaozhuang-2022-ip-protection.yaml'));
  const bare = { ...request, campaign: { ...request.campaign, contact: '', mailbox: '' } };
  const render = (kind: 'reminder' | 'overdue-notice' | 'review-result', values: Partial<MessageRequest> = {}) =>
    renderMessage({ ...bare, kind, template: definition.messages[kind]!, ...values });

  it('prints no empty label (报送页面：, 联系人：；邮箱：) in the text or the HTML', () => {
    for (const kind of ['reminder', 'overdue-notice', 'review-result'] as const) {
      const { text, html } = render(kind);
      for (const written of [text, html]) expect(written).not.toMatch(/报送页面：(\n|<\/p>|$)|联系人：；|邮箱：(\n|<\/p>|$)/);
    }
  });

  it('prints each that is given, joined as before when both are', () => {
    expect(render('reminder', { link: 'https://example.gov.cn/u' }).text).toContain('本提醒为截止前3个工作日提醒。报送页面：https://example.gov.cn/u\n');
    expect(render('reminder', { campaign: { ...bare.campaign, mailbox: 'ip@example.gov.cn' } }).text).toMatch(/\n邮箱：ip@example\.gov\.cn$/);
    expect(render('reminder', { campaign: { ...bare.campaign, contact: '殷金保 3286097', mailbox: 'ip@example.gov.cn' } }).text).toMatch(/\n联系人：殷金保 3286097；邮箱：ip@example\.gov\.cn$/);
  });
});
