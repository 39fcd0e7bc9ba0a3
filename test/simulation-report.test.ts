/**
 * The simulation report as people read it, on hand-built entries (no server): the review is signed
 * by the campaign's own reviewing unit, an extension's or a return's new deadline reads on the
 * campaign's wall clock the Chinese way, and a notice about a unit as a whole names no obligation,
 * neither in its text nor in the name it is filed under. The same three are checked end to end on
 * the time-skipping server in test/examples.time-skipping.test.ts.
 */
import path from 'node:path';
import { renderMessage } from '../activities/messages';
import { noticeFileName } from '../activities/documents';
import { officialNoticeFor } from '../activities/notices';
import { loadCampaign } from '../config/definition/load';
import { renderHtml } from '../evaluation/exports/html';
import { formatTimelineText } from '../evaluation/format';
import { readableDetail } from '../evaluation/local-time';
import type { Evaluation } from '../evaluation/score';
import { reviewerOf } from '../evaluation/simulate';
import type { TimelineEntry } from '../evaluation/sources';
import { noticeRequest, seedDefinition } from './support/notice-requests';

const projectDir = path.resolve(__dirname, '..');

describe('who signs the review in a simulation', () => {
  it('is the reviewing unit of each campaign (campaign.reportsTo), not one fixed section', () => {
    expect(reviewerOf(seedDefinition)).toBe('知识产权保护科');
    const licheng = loadCampaign('config/campaigns/examples/licheng-2016-science-week.yaml', { cwd: projectDir }).definition;
    expect(reviewerOf(licheng)).toBe('鲤城区科协');
    const stateCouncil = loadCampaign('config/campaigns/examples/state-council-2020-government-report-division.yaml', { cwd: projectDir }).definition;
    expect(reviewerOf(stateCouncil)).toBe('国务院办公厅');
  });
});

describe('instants in what the workflows recorded', () => {
  // As workflows/obligation/handlers.ts writes them.
  const extended: TimelineEntry = { at: '2022-04-12T02:00:00.000Z', unitId: 'yicheng', unitName: '峄城区市场监督管理局', obligationId: 'publicity@world-ip-day', title: '集中宣传活动开展情况（4·26世界知识产权日）', event: 'extended', detail: '督办人员（模拟）延期至 2022-05-09T09:30:00.000Z：同意延期（模拟）' };
  const returned: TimelineEntry = { at: '2022-04-15T02:00:00.000Z', unitId: 'xuecheng', unitName: '薛城区市场监督管理局', obligationId: 'implementation-measures', title: '落实措施及实施方案', event: 'returned', detail: '知识产权保护科退回修改：请补充完善（模拟）；新截止时间 2022-04-22T09:30:00.000Z' };

  it('reads on the campaign’s wall clock, the Chinese way', () => {
    expect(readableDetail(extended.detail, 'Asia/Shanghai')).toBe('督办人员（模拟）延期至2022年5月9日 17:30：同意延期（模拟）');
    expect(readableDetail(returned.detail, 'Asia/Shanghai')).toBe('知识产权保护科退回修改：请补充完善（模拟）；新截止时间2022年4月22日 17:30');
    // Another zone's campaign reads its own clock; a detail without an instant is left alone.
    expect(readableDetail(extended.detail, 'Asia/Urumqi')).toBe('督办人员（模拟）延期至2022年5月9日 15:30：同意延期（模拟）');
    expect(readableDetail('滕州市市场监督管理局报送', 'Asia/Shanghai')).toBe('滕州市市场监督管理局报送');
  });

  it('prints no UTC instant in the text report or the HTML timeline', () => {
    const text = formatTimelineText([returned, extended], 'Asia/Shanghai');
    expect(text).toContain('2022-04-12 10:00  延期  集中宣传活动开展情况（4·26世界知识产权日）：督办人员（模拟）延期至2022年5月9日 17:30：同意延期（模拟）\n');
    expect(text).toContain('新截止时间2022年4月22日 17:30');
    const evaluation = { campaign: { title: '方案', documentNumber: '无文号' }, isFinal: true, asOf: '2022-12-31T15:59:59.999Z', units: [], praised: [], criticised: [], rules: { base: 100, praise: { minScore: 95 }, criticism: { maxScore: 70 } }, onTimeByMonth: [] } as unknown as Evaluation;
    const html = renderHtml(evaluation, 'Asia/Shanghai', [returned, extended]);
    expect(html).toContain('延期至2022年5月9日 17:30');
    for (const report of [text, html]) expect(report).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/);
  });
});

describe('a notice about a unit as a whole', () => {
  // What workflows/campaign/run.ts sends for a supervisor's interview after the unit escalated on an
  // item: the campaign's event key, the reason, and the item it last escalated on.
  const lastItem = { id: 'implementation-measures', title: '落实措施及实施方案', measure: '通知、三(一)' };
  const ordered = (kind: 'interview-notice' | 'supervision-notice' | 'criticism-bulletin') => ({ ...noticeRequest(kind, 'unit'), obligation: lastItem, daysLate: 9 });

  it.each(['interview-notice', 'supervision-notice', 'criticism-bulletin'] as const)('%s names no obligation: not in its subject, text or title, nor in its file name', (kind) => {
    const request = ordered(kind);
    const rendered = renderMessage(request);
    const notice = officialNoticeFor(request, rendered)!;
    expect(notice.obligation).toBeUndefined();
    for (const written of [rendered.subject, rendered.text, notice.title, noticeFileName(notice)]) expect(written).not.toContain('落实措施及实施方案');
    expect(noticeFileName(notice)).toMatch(/^[^-]+-山亭区市场监督管理局-2022-06-30\.docx$/);
  });

  it('says why under its label', () => {
    expect(renderMessage(ordered('interview-notice')).text).toContain('约谈事由：多次逾期报送，经提醒仍未整改。');
  });

  it('while a notice from the item’s own ladder still names the item and is filed under it', () => {
    const request = noticeRequest('interview-notice', 'obligation');
    const notice = officialNoticeFor(request, renderMessage(request))!;
    expect(notice.obligation).toBe('落实措施及实施方案');
    expect(noticeFileName(notice)).toBe('约谈通知-山亭区市场监督管理局-落实措施及实施方案-2022-04-28.docx');
  });
});
