/**
 * The words people read for the engine's states, events and actions, in one place: the
 * workflows' records and refusals, the pages, the CLI, the exports and the emails all name a
 * status, a phase, an event or an action from here, so a word can never differ between two of them.
 */
import type { CampaignProgress } from './campaign';
import type { HistoryEntry, ObligationStatus } from './obligation';

/** An obligation's status, as the unit and the supervisors read it (the matrix, the item page, `campaign status`). */
export const obligationStatusNames: Record<ObligationStatus, string> = {
  open: '待报送',
  submitted: '已报送待审核',
  accepted: '已通过',
  returned: '退回修改',
  'target-met': '已完成',
  overdue: '已逾期',
  'awaiting-decision': '待督办决定',
  waived: '已免除',
  closed: '已结束（未报送）',
  cancelled: '已撤销',
};

/** A campaign's phase. */
export const campaignPhaseNames: Record<CampaignProgress['phase'], string> = {
  launching: '启动中',
  running: '进行中',
  paused: '已暂停',
  ended: '已结束',
  cancelled: '已撤销',
};

/** What an obligation's story records (its `history`). */
export const obligationEventNames: Record<HistoryEntry['event'], string> = {
  'message-sent': '发送',
  'message-skipped': '未发送',
  'message-failed': '发送失败',
  submitted: '报送',
  overdue: '逾期',
  escalated: '督办升级',
  'awaiting-decision': '待督办决定',
  decided: '督办决定',
  waived: '免除',
  accepted: '审核通过',
  returned: '退回修改',
  extended: '延期',
  retimed: '提醒时间调整',
  supervised: '督办通知',
  occurrence: '报告完成',
  paused: '暂停',
  resumed: '恢复',
  cancelled: '撤销',
  closed: '结束',
};

/** The message kinds the engine itself sends (a definition's ladder may name further ones). */
export const engineMessageKinds = [
  'reminder',
  'overdue-notice',
  'escalated',
  'supervision-notice',
  'interview-notice',
  'criticism-bulletin',
  'praise',
  'review-result',
  'delivery-failed',
] as const;
export type EngineMessageKind = (typeof engineMessageKinds)[number];

/** Each message kind as a person names it (the email's tag, the unit record's line). */
export const messageKindNames: Record<EngineMessageKind, string> = {
  reminder: '提醒',
  'overdue-notice': '逾期提醒',
  escalated: '转督办',
  'supervision-notice': '督办通知',
  'interview-notice': '约谈',
  'criticism-bulletin': '通报批评',
  praise: '表扬',
  'review-result': '审核结果',
  'delivery-failed': '投递失败',
};

/** What the campaign writes on a unit's record: its own events, the ladder's message kinds, the supervisors' actions. */
export const unitRecordEventNames: Record<string, string> = {
  ...obligationEventNames,
  ...messageKindNames,
  overdue: '逾期',
  rule: '规则触发',
  decided: '督办决定',
  dismissed: '不予采取',
  uncriticized: '撤出通报批评名单',
};

/** An obligation's or a record's event by its code; an unknown code is shown as it is. */
export function eventName(event: string): string {
  return (obligationEventNames as Record<string, string>)[event] ?? unitRecordEventNames[event] ?? event;
}

/** What a supervisor may do to one item. */
export const itemActions = ['extend', 'accept', 'return', 'proceed', 'waive', 'supervise'] as const;
export type ItemAction = (typeof itemActions)[number];
export const itemActionNames: Record<ItemAction, string> = {
  extend: '延期',
  accept: '审核通过',
  return: '退回修改',
  proceed: '同意督办',
  waive: '免除',
  supervise: '下发督办通知（限期整改）',
};

/** What a supervisor may do to a unit as a whole (and to a rule's proposal). */
export const unitActions = ['interview', 'criticize', 'uncriticize', 'praise', 'proceed', 'dismiss'] as const;
export type UnitActionName = (typeof unitActions)[number];
export const unitActionNames: Record<UnitActionName, string> = {
  interview: '约谈',
  criticize: '通报批评',
  uncriticize: '撤销通报批评',
  praise: '表扬',
  proceed: '同意采取',
  dismiss: '不予采取',
};

/** What an administrator may do to a campaign as a whole. */
export const controlActions = ['pause', 'resume', 'cancel', 'amend'] as const;
export type ControlAction = (typeof controlActions)[number];
export const controlActionNames: Record<ControlAction, string> = { pause: '暂停', resume: '恢复', cancel: '撤销', amend: '修订' };

/** How a unit's page groups its obligations. */
export type UnitGroup = 'overdue' | 'due-soon' | 'open' | 'standing' | 'done';
export const unitGroupNames: Record<UnitGroup, string> = { overdue: '已逾期', 'due-soon': '7日内到期', open: '待办', standing: '常设渠道（随时报送）', done: '已完成' };

/**
 * A channel that asks for nothing (a count with minimum 0, e.g. 信息报送 "及时报送"): its target is met
 * from launch, yet nothing was done; it reads as what it is, never as 已完成.
 */
export const standingChannelName = '常设渠道·随时报送';

/** How an obligation ended up, as the evaluation judges it. */
export const outcomeStatuses = ['on-time', 'late', 'missing', 'target-missed', 'outstanding', 'not-due', 'waived', 'cancelled', 'not-started'] as const;
export type OutcomeStatus = (typeof outcomeStatuses)[number];
export const outcomeStatusNames: Record<OutcomeStatus, string> = {
  'on-time': '按时完成',
  late: '逾期完成',
  missing: '未报送',
  'target-missed': '未达到最低次数',
  outstanding: '逾期未完成',
  'not-due': '未到期',
  waived: '已免除',
  cancelled: '已撤销',
  'not-started': '未启动',
};

/** A task without a deadline of its own, wherever it is listed: the plan, the matrix, the CLI. */
export const ongoingName = '持续推进';

/**
 * The colour of a matrix cell: the status, the level for an overdue item, `reminded` for an open
 * one already reminded, `standing` for a channel that asks for nothing by a date, and `ongoing`
 * for a task without a deadline of its own (持续推进).
 */
export type CellState = ObligationStatus | 'reminded' | 'standing' | `overdue-${number}` | 'ongoing';
export function cellStateName(state: CellState | string): string {
  if (state === 'reminded') return '已提醒';
  if (state === 'standing') return standingChannelName;
  if (state === 'ongoing') return ongoingName;
  if (state.startsWith('overdue-')) return `逾期·督办${state.slice('overdue-'.length)}级`;
  return obligationStatusNames[state as ObligationStatus] ?? state;
}
