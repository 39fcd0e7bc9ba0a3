/**
 * One obligation's running state: its story (`state`, what the `state` query returns), the
 * schedule in force, and the bookkeeping that keeps timers from firing twice. The workflow's
 * handlers and its ladder walk change it only through these methods.
 */
import { getExternalWorkflowHandle, patched, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type { MessageRequest } from '../../contracts/delivery';
import {
  type CampaignControl,
  controlSignal,
  type Decision,
  type HistoryEntry,
  type NewSchedule,
  type ObligationInstance,
  type ObligationState,
  type PlannedMessage,
  type RecipientKind,
  unitEventSignal,
} from '../../contracts/obligation';
import { splitRecipients } from '../../contracts/recipients';
import * as attributes from '../../contracts/search-attributes';
import { deliverAndNote } from '../delivery';
import { patches } from '../patches';

export class ObligationRun {
  readonly state: ObligationState;
  readonly offsetMs: number;
  readonly closesAtMs: number;
  /** A supervisor's decision on the step waiting for one (set by the `decide` update). */
  decision: Decision | undefined;
  /** The reminders and ladder of the deadline in force. */
  messages: PlannedMessage[];
  /**
   * Each new deadline (return for revision, extension, a resume's shift) starts a new generation
   * of timers; the old generation's waits see the change and stop, so no reminder is sent twice or lost.
   */
  generation = 0;
  /** Keys of the messages already sent or skipped: a timeline restarted by a pause is not sent twice. */
  readonly done = new Set<string>();
  deadlinePassed = false;
  cancelled = false;
  /** Why a planned moment already past is skipped, as the story says it. */
  skipReason = '计划时间早于启动时间';
  /**
   * The execution counts catch-up from its start: its input says so (launches since that field),
   * or it recorded the catch-up-from-execution-start marker.
   */
  startedWithCatchUpMarker: boolean;
  /** A resume that shifted an item already late before the pause keeps the levels it had taken. */
  keepsTakenLevels = false;

  constructor(readonly instance: ObligationInstance) {
    this.offsetMs = instance.timeOffsetMs ?? 0;
    this.closesAtMs = Date.parse(instance.closesAt) + this.offsetMs;
    this.messages = instance.messages;
    this.startedWithCatchUpMarker = instance.catchUpFromExecutionStart === true;
    this.state = {
      // A count with no minimum (an always-open reporting channel) asks nothing by a deadline.
      status: attributes.initialStatusOf(instance),
      dueAt: instance.dueAt,
      escalationLevel: 0,
      returns: 0,
      history: [],
      ...(instance.count ? { occurrences: [] } : {}),
    };
  }

  /** Now on the plan's own clock: what records and messages show. */
  planNow(): string {
    return new Date(Date.now() - this.offsetMs).toISOString();
  }

  record(event: HistoryEntry['event'], detail: string, dueAt?: string): void {
    this.state.history.push({ at: this.planNow(), event, detail, ...(dueAt ? { dueAt } : {}) });
  }

  setStatus(status: ObligationState['status']): void {
    this.state.status = status;
    upsertSearchAttributes([{ key: attributes.ObligationStatus, value: status }]);
  }

  setLevel(level: number): void {
    this.state.escalationLevel = level;
    upsertSearchAttributes([{ key: attributes.EscalationLevel, value: level }]);
  }

  /** A new deadline in force, with its own reminders and ladder from `level`. */
  replaceSchedule(schedule: NewSchedule, level = 0): void {
    this.state.dueAt = schedule.dueAt;
    this.messages = schedule.messages;
    this.generation += 1;
    this.deadlinePassed = false;
    this.keepsTakenLevels = false;
    delete this.state.pendingDecision;
    this.setLevel(level);
    upsertSearchAttributes([{ key: attributes.DueAt, value: new Date(schedule.dueAt) }]);
  }

  /**
   * The same deadline with its reminders and ladder timed anew: the timeline restarts, what was
   * sent stays sent (same keys), and the level, lateness and a step waiting for a decision stay.
   */
  retime(messages: PlannedMessage[]): void {
    this.messages = messages;
    this.generation += 1;
    this.keepsTakenLevels = true;
    this.skipReason = '按修订后的方案，计划时间在修订之前';
  }

  /** Nothing more is asked of the unit under the current deadline. */
  isSettled(): boolean {
    return ['submitted', 'accepted', 'waived', 'target-met'].includes(this.state.status);
  }

  isFinal(): boolean {
    return this.state.status === 'accepted' || this.state.status === 'waived';
  }

  takeLevel(message: PlannedMessage): void {
    this.setLevel(message.level!);
    this.record('escalated', `${message.label}`);
  }

  /** Sends a planned message (marking it done, so a restarted timeline does not send it again). */
  async send(message: PlannedMessage, reason?: string): Promise<void> {
    this.done.add(message.key);
    await this.sendMessage(message, reason);
  }

  /** The instance's addresses by recipient kind; the unit's contacts default to its emails. */
  addresses(): Partial<Record<RecipientKind, string[]>> {
    return { 'unit-contacts': this.instance.unit.emails, ...this.instance.recipients };
  }

  /** Renders and sends one message; a refusal is recorded and reported to the issuing section, never thrown. */
  async sendMessage(message: PlannedMessage, reason?: string): Promise<void> {
    const notify = message.notify ?? ['unit-contacts'];
    const { to, cc } = splitRecipients(this.addresses(), notify);
    const what = `${message.label}（${message.key}）`;
    if (to.length === 0) {
      this.record('message-failed', `${what}：没有收件人（${notify[0] ?? 'unit-contacts'}）`);
      return;
    }
    const outcome = await deliverAndNote(this.messageRequest(message, to, cc, reason), what, (event, detail) => this.record(event, detail));
    if ('failure' in outcome) {
      // The administrator is told, once per failed message; a failure of that notice is only recorded.
      if (this.canTellIssuer(message)) await this.tellIssuer(message, outcome.failure);
      return;
    }
    const { receipt } = outcome;
    // Some addresses refused (a mailbox that no longer exists): the administrator is told which,
    // as for a message refused as a whole, so the unit directory gets mended.
    if (receipt.rejected.length > 0 && this.canTellIssuer(message) && patched(patches.partialRejectionNotice)) {
      await this.tellIssuer(message, `${what}部分收件人被拒收：${receipt.rejected.join(', ')}；已送达：${receipt.accepted.join(', ')}`);
    }
  }

  private messageRequest(message: PlannedMessage, to: string[], cc: string[], reason: string | undefined): MessageRequest {
    const { instance, state } = this;
    return {
      kind: message.kind,
      eventKey: `${workflowInfo().workflowId}/${message.key}`,
      to,
      ...(cc.length > 0 ? { cc } : {}),
      label: message.label,
      dueAt: state.dueAt,
      writtenAt: this.planNow(),
      campaign: instance.campaign,
      unit: { id: instance.unit.id, name: instance.unit.name },
      obligation: instance.obligation,
      ...(message.levelName ? { level: message.levelName } : {}),
      ...(message.daysLate !== undefined ? { daysLate: message.daysLate } : {}),
      ...(reason !== undefined ? { reason } : {}),
      ...(instance.count ? { count: { ...instance.count, reported: state.occurrences?.length ?? 0 } } : {}),
      // A lead's reminders say how its cooperating units stand (only the activity's input changes).
      ...(instance.contributors?.length ? { contributors: instance.contributors } : {}),
      ...(instance.templates?.[message.kind]
        ? { template: instance.templates[message.kind] }
        : instance.templatesFromCampaign && instance.campaignWorkflowId
          ? { templatesFrom: instance.campaignWorkflowId }
          : {}),
    };
  }

  /** A message whose delivery failure the issuing section can be told of (not such a notice itself). */
  private canTellIssuer(message: PlannedMessage): boolean {
    return message.kind !== 'delivery-failed' && (this.addresses()['issuer-contacts'] ?? []).length > 0;
  }

  /** 【投递失败】 to the issuing section, keyed by the failed message, so a retry is the same notice. */
  private tellIssuer(message: PlannedMessage, failure: string): Promise<void> {
    return this.sendMessage({ ...message, kind: 'delivery-failed', key: `${message.key}-delivery-failed`, notify: ['issuer-contacts'] }, failure);
  }

  /** The campaign keeps the unit's record (its rules look at repeated notices); a campaign already ended is no error. */
  async tellCampaign(kind: string, message?: PlannedMessage): Promise<void> {
    const { instance, state } = this;
    if (!instance.campaignWorkflowId) return;
    try {
      await getExternalWorkflowHandle(instance.campaignWorkflowId).signal(unitEventSignal, {
        unit: { id: instance.unit.id, name: instance.unit.name },
        recipients: this.addresses(),
        obligation: instance.obligation,
        dueAt: state.dueAt,
        kind,
        level: state.escalationLevel,
        ...(message?.daysLate !== undefined ? { daysLate: message.daysLate } : {}),
        returns: state.returns,
        at: this.planNow(),
      });
    } catch (error) {
      this.record('message-failed', `未能通知活动记录（${kind}）：${(error as Error).message}`);
    }
  }

  /**
   * Rectifications were started by this item, not by the campaign's launch, so the campaign's
   * control reaches them through it. Their deadlines are not shifted on resume: what fell in
   * the pause is recorded as skipped there.
   */
  async forwardToRectifications(control: CampaignControl): Promise<void> {
    for (const id of this.state.rectifications ?? []) {
      try {
        await getExternalWorkflowHandle(id).signal(controlSignal, { action: control.action, by: control.by, reason: control.reason });
      } catch (error) {
        this.record('message-failed', `未能将活动${control.action}转至整改任务 ${id}：${(error as Error).message}`);
      }
    }
  }
}
