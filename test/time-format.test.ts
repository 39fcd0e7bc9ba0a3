/**
 * Every time a person reads is on the campaign's wall clock, written the Chinese way, by one
 * formatter (config/time-format.ts): stories, the overview's chart, refusals, emails. No server.
 */
import path from 'node:path';
import { chineseDate, chineseDateTime, chineseDay, chineseInstants, chineseWallClock, localDate, localDateTime } from '../config/time-format';
import { loadCampaign } from '../config/definition/load';
import { formatChineseDateTime } from '../activities/messages';
import { chineseDateTime as calendarChineseDateTime } from '../config/calendar';
import { latestReturn, storyOf, storyText } from '../app/story';
import { cellState, progressOverTime } from '../app/overview';
import { occurrenceDateProblem } from '../app/operations';
import { unitGroupOf } from '../app/views';
import type { ObligationState } from '../contracts/obligation';

const shanghai = 'Asia/Shanghai';

describe('the one formatter', () => {
  it('reads an instant on the campaign’s wall clock, the Chinese way', () => {
    expect(chineseDateTime('2022-04-22T09:30:00.000Z', shanghai)).toBe('2022年4月22日 17:30');
    // 23:30 UTC on the 24th is 07:30 on the 25th in Beijing: the day people live in.
    expect(chineseDateTime('2022-03-24T23:30:00Z', shanghai)).toBe('2022年3月25日 07:30');
    expect(chineseDate('2022-03-24T23:30:00Z', shanghai)).toBe('2022年3月25日');
    expect(localDate('2022-03-24T23:30:00Z', shanghai)).toBe('2022-03-25');
    expect(localDateTime('2022-03-24T23:30:00Z', shanghai)).toBe('2022-03-25 07:30');
    expect(chineseDateTime('2022-04-22T09:30:00.000Z', 'Europe/Berlin')).toBe('2022年4月22日 11:30');
    expect(chineseDay('2022-04-05')).toBe('2022年4月5日');
    expect(chineseWallClock('2022-04-15 17:30')).toBe('2022年4月15日 17:30');
    expect(chineseDateTime('', shanghai)).toBe('');
    expect(chineseDateTime('not a time', shanghai)).toBe('');
  });

  it('is what the emails and the plan’s notices use', () => {
    for (const instant of ['2022-04-22T09:30:00.000Z', '2022-12-31T16:00:00Z', '2022-01-01T00:00:00Z']) {
      expect(formatChineseDateTime(instant, shanghai)).toBe(chineseDateTime(instant, shanghai));
      expect(calendarChineseDateTime(instant, shanghai)).toBe(chineseDateTime(instant, shanghai));
    }
  });

  it('rewrites the instants a record holds, whatever their form', () => {
    expect(chineseInstants('督办科长李四退回修改：请补充；新截止时间 2022-04-22T09:30:00.000Z', shanghai)).toBe('督办科长李四退回修改：请补充；新截止时间 2022年4月22日 17:30');
    expect(chineseInstants('整改期限 2022-04-29T17:30:00+08:00，延期至 2022-05-06T09:30Z', shanghai)).toBe('整改期限 2022年4月29日 17:30，延期至 2022年5月6日 17:30');
    expect(chineseInstants('报告第1次（2022-04-20）', shanghai)).toBe('报告第1次（2022-04-20）');
  });
});

describe('a story as people read it', () => {
  it('shows labels, not message keys, and local times', () => {
    expect(storyText('审核结果（review-1）→ tengzhou@example.gov.cn', shanghai)).toBe('审核结果→ tengzhou@example.gov.cn');
    expect(storyText('截止前3个工作日（reminder-3wd-20220429）→ a@example.gov.cn', shanghai)).toBe('截止前3个工作日→ a@example.gov.cn');
    expect(storyText('逾期提醒（escalation-1-overdue-notice）：计划时间早于启动时间，不补发', shanghai)).toBe('逾期提醒：计划时间早于启动时间，不补发');
    // Chinese in parentheses is the record's own words and stays.
    expect(storyText('活动撤销（知识产权保护科）', shanghai)).toBe('活动撤销（知识产权保护科）');
    const [line] = storyOf([{ at: '2022-04-14T02:00:00Z', event: 'returned', detail: '李四退回修改：缺时间表；新截止时间 2022-04-22T09:30:00.000Z' }], shanghai);
    expect(line).toEqual({ at: '2022-04-14T02:00:00Z', atLocal: '2022年4月14日 10:00', event: 'returned', eventName: '退回修改', text: '李四退回修改：缺时间表；新截止时间 2022年4月22日 17:30' });
  });

  it('gives the return the unit must act on, with its reason and new deadline', () => {
    const state: Pick<ObligationState, 'status' | 'dueAt' | 'history'> = {
      status: 'returned',
      dueAt: '2022-04-22T09:30:00.000Z',
      history: [
        { at: '2022-04-12T02:00:00Z', event: 'returned', detail: '李四退回修改：第一次；新截止时间 2022-04-19T09:30:00.000Z', dueAt: '2022-04-19T09:30:00.000Z' },
        { at: '2022-04-14T02:00:00Z', event: 'submitted', detail: '王五报送' },
        { at: '2022-04-15T02:00:00Z', event: 'returned', detail: '李四退回修改：请补充时间表；附件不全；新截止时间 2022-04-22T09:30:00.000Z', dueAt: '2022-04-22T09:30:00.000Z' },
      ],
    };
    expect(latestReturn(state, shanghai)).toEqual({ at: '2022-04-15T02:00:00Z', atLocal: '2022年4月15日 10:00', by: '李四', reason: '请补充时间表；附件不全', dueAtLocal: '2022年4月22日 17:30' });
    expect(latestReturn({ ...state, status: 'submitted' }, shanghai)).toBeUndefined();
  });
});

describe('dates on the plan’s calendar', () => {
  const state = (at: string, event: 'submitted' | 'accepted' | 'overdue'): ObligationState => ({ status: 'submitted', dueAt: at, escalationLevel: 0, returns: 0, history: [{ at, event, detail: '' }] });

  it('draws the progress chart by the campaign’s days, not UTC’s', () => {
    // Submitted at 07:30 on 25 March in Beijing: the campaign's first day, not the day before it.
    const timeline = progressOverTime([state('2022-03-24T23:30:00Z', 'submitted'), state('2022-03-25T15:59:00Z', 'accepted'), state('2022-03-25T16:00:00Z', 'overdue')], shanghai);
    expect(timeline).toEqual([
      { date: '2022-03-25', submitted: 1, accepted: 1, overdue: 0 },
      { date: '2022-03-26', submitted: 1, accepted: 1, overdue: 1 },
    ]);
  });

  it('refuses an occurrence’s date in Chinese, naming the days', () => {
    expect(occurrenceDateProblem('2022-04-20', '2022-03-25', '2022-04-14')).toBe('发生日期不能晚于今天（2022年4月14日），实际为2022年4月20日');
    expect(occurrenceDateProblem('2022-03-01', '2022-03-25', '2022-04-14')).toBe('发生日期不能早于活动开始日（2022年3月25日），实际为2022年3月1日');
  });

  it('puts an item due within 7 days of the plan’s now under 7日内到期, whatever the server’s clock', () => {
    const planNowMs = Date.parse('2022-04-10T02:00:00Z');
    expect(unitGroupOf({ status: 'open', dueAt: '2022-04-15T09:30:00Z' }, planNowMs)).toBe('due-soon');
    expect(unitGroupOf({ status: 'open', dueAt: '2022-04-18T09:30:00Z' }, planNowMs)).toBe('open');
    expect(unitGroupOf({ status: 'open', dueAt: '2022-04-09T09:30:00Z' }, planNowMs)).toBe('overdue');
    expect(unitGroupOf({ status: 'accepted', dueAt: '2022-04-09T09:30:00Z' }, planNowMs)).toBe('done');
  });
});

describe('a channel that asks for nothing', () => {
  const { plan } = loadCampaign(path.resolve(__dirname, '../config/campaigns/zaozhuang-2022-ip-protection.yaml'));
  const channel = plan.instances.find((instance) => instance.schedule.count?.min === 0)!.schedule;
  const meetings = plan.instances.find((instance) => (instance.schedule.count?.min ?? 0) > 0)!.schedule;

  it('is a standing channel in the matrix, never 已完成, while a met count is', () => {
    expect(cellState({ status: 'target-met', escalationLevel: 0 }, undefined, channel)).toBe('standing');
    expect(cellState({ status: 'target-met', escalationLevel: 0 }, undefined, meetings)).toBe('target-met');
  });
});
