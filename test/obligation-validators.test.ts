/**
 * The obligation's update validators as pure functions, without a server: each refusal says why in
 * Chinese and names the unit and the task; what they accept, they accept at every status it may
 * come at. (The workflow suites run the same validators through real updates.)
 */
import type { ObligationInstance, ObligationState, ObligationStatus } from '../contracts/obligation';
import {
  validateDecision,
  validateExtension,
  validateOccurrence,
  validateReview,
  validateSchedule,
  validateSubmission,
  validateSupervision,
  validateWaiver,
} from '../workflows/obligation/validators';

const instance: ObligationInstance = {
  campaign: { id: 'c', title: '活动' },
  unit: { id: 'tengzhou', name: '滕州市市场监督管理局', emails: ['t@example.gov.cn'] },
  obligation: { id: 'measures', title: '落实措施' },
  dueAt: '2022-04-15T09:30:00.000Z',
  messages: [],
  closesAt: '2022-12-31T09:30:00.000Z',
};
const counted: ObligationInstance = { ...instance, obligation: { id: 'meetings', title: '培训会' }, count: { min: 1, max: 2 } };
const stateAt = (status: ObligationStatus, extra: Partial<ObligationState> = {}): ObligationState => ({ status, dueAt: instance.dueAt, escalationLevel: 0, returns: 0, history: [], ...extra });
const now = '2022-04-20T02:00:00.000Z';
const later = { dueAt: '2022-04-29T09:30:00.000Z', messages: [] };

describe('a submission', () => {
  const submission = { unitId: 'tengzhou', submittedBy: '王五', content: '措施' };
  it('is taken while open, returned, overdue or awaiting a decision', () => {
    for (const status of ['open', 'returned', 'overdue', 'awaiting-decision'] as const) expect(() => validateSubmission(instance, stateAt(status), submission)).not.toThrow();
  });
  it('is refused from another unit, twice, after a waiver, an acceptance or the end, empty, or for a count', () => {
    expect(() => validateSubmission(instance, stateAt('open'), { ...submission, unitId: 'shanting' })).toThrow('“落实措施”由滕州市市场监督管理局报送，shanting无权报送');
    expect(() => validateSubmission(instance, stateAt('submitted', { submission: { ...submission, at: '2022-04-14T02:00:00.000Z' } }), submission)).toThrow('已于2022-04-14T02:00:00.000Z报送，不能重复报送');
    expect(() => validateSubmission(instance, stateAt('waived'), submission)).toThrow('滕州市市场监督管理局的“落实措施”已免除，无需报送');
    expect(() => validateSubmission(instance, stateAt('accepted'), submission)).toThrow('已审核通过，不能再报送');
    expect(() => validateSubmission(instance, stateAt('closed'), submission)).toThrow('所属活动已结束，不再接收报送');
    expect(() => validateSubmission(instance, stateAt('open'), { ...submission, content: '  ' })).toThrow('报送内容不能为空');
    expect(() => validateSubmission(counted, stateAt('open'), submission)).toThrow('按次数完成，请逐次报告');
  });
});

describe('a supervisor’s action', () => {
  it('decides only a step that waits, with a known action, a reason and who', () => {
    const waiting = stateAt('awaiting-decision', { pendingDecision: { key: 'escalation-2', label: '督办通知', level: 2 } });
    expect(() => validateDecision(instance, waiting, { action: 'proceed', decidedBy: '李四', reason: '同意' })).not.toThrow();
    expect(() => validateDecision(instance, stateAt('returned'), { action: 'proceed', decidedBy: '李四', reason: '同意' })).toThrow('没有待决定的督办事项（当前状态为“退回修改”）');
    expect(() => validateDecision(instance, waiting, { action: 'ignore' as 'proceed', decidedBy: '李四', reason: 'x' })).toThrow('未知的决定：ignore');
    expect(() => validateDecision(instance, waiting, { action: 'waive', decidedBy: '李四', reason: ' ' })).toThrow('请填写决定理由');
  });
  it('reviews only a submission; a return needs a reason and a later deadline', () => {
    const submitted = stateAt('submitted');
    expect(() => validateReview(instance, submitted, { action: 'accept', reviewedBy: '李四', reason: '' }, now)).not.toThrow();
    expect(() => validateReview(instance, stateAt('open'), { action: 'accept', reviewedBy: '李四', reason: '' }, now)).toThrow('没有待审核的报送（当前状态为“待报送”）');
    expect(() => validateReview(instance, submitted, { action: 'return', reviewedBy: '李四', reason: '' , schedule: later }, now)).toThrow('退回修改须说明理由');
    expect(() => validateReview(instance, submitted, { action: 'return', reviewedBy: '李四', reason: '补充' }, now)).toThrow('须提供新的截止时间及其提醒安排');
  });
  it('extends, waives and supervises only where it makes sense', () => {
    expect(() => validateExtension(instance, stateAt('overdue'), { extendedBy: '李四', reason: '疫情', schedule: later }, now)).not.toThrow();
    expect(() => validateExtension(instance, stateAt('accepted'), { extendedBy: '李四', reason: '疫情', schedule: later }, now)).toThrow('已审核通过，不能延期');
    expect(() => validateWaiver(instance, stateAt('target-met'), { waivedBy: '李四', reason: '不再需要' })).toThrow('当前状态为“已完成”，不能免除');
    const order = { issuedBy: '李四', reason: '逾期未报', daysLate: 3, requirement: '请于…前报送整改情况。', rectification: later };
    expect(() => validateSupervision(instance, stateAt('overdue'), order, now)).not.toThrow();
    expect(() => validateSupervision(instance, stateAt('open'), order, now)).toThrow('只能对已逾期未报送的任务下发督办通知（滕州市市场监督管理局的“落实措施”当前状态为“待报送”）');
    expect(() => validateSupervision(instance, stateAt('overdue'), { ...order, daysLate: -1 }, now)).toThrow('逾期工作日数应为非负整数');
  });
});

describe('a new deadline', () => {
  it('is later than now, compared as instants (a year past 9999 is never "earlier")', () => {
    expect(() => validateSchedule(later, now)).not.toThrow();
    expect(() => validateSchedule({ dueAt: '2022-04-19T09:30:00.000Z', messages: [] }, now)).toThrow('早于当前时间');
    expect(() => validateSchedule({ dueAt: 'not a date', messages: [] }, now)).toThrow('须提供新的截止时间');
    // As strings, '+010000-01-01…' sorts before '2022-…': as instants it is later, and it is a real instant.
    expect(() => validateSchedule({ dueAt: '+010000-01-01T00:00:00.000Z', messages: [] }, now)).not.toThrow();
  });
});

describe('an occurrence of a count', () => {
  const occurrence = { unitId: 'tengzhou', reportedBy: '王五', date: '2022-04-12', evidence: { 会议纪要: '见附件' } };
  it('is taken up to the plan’s maximum, with a real date and evidence', () => {
    expect(() => validateOccurrence(counted, stateAt('open', { occurrences: [] }), occurrence)).not.toThrow();
    const two = [{ ...occurrence, at: now }, { ...occurrence, at: now }];
    expect(() => validateOccurrence(counted, stateAt('target-met', { occurrences: two }), occurrence)).toThrow('方案上限为2次，已报告2次，不能再报告');
    for (const date of ['2022-02-30', '2022-13-45', '4月12日', '9999-12-31', '1899-12-31']) {
      expect(() => validateOccurrence(counted, stateAt('open', { occurrences: [] }), { ...occurrence, date })).toThrow('请填写发生日期（YYYY-MM-DD，须为真实存在的日期）');
    }
    expect(() => validateOccurrence(counted, stateAt('open', { occurrences: [] }), { ...occurrence, evidence: { 会议纪要: ' ' } })).toThrow('请提供佐证材料');
    expect(() => validateOccurrence(instance, stateAt('open'), occurrence)).toThrow('是一次性报送任务，不按次数报告');
  });
});
