/**
 * A campaign: launches one obligation workflow per (unit, obligation) instance of its compiled
 * plan, in batches through an activity (so that 3,000 units × 30 obligations never meet the
 * limits on pending child workflows or on history size), then lives until the campaign ends.
 *
 * It keeps what belongs to the campaign rather than to one obligation:
 * - each unit's record (overdue items, supervision notices, interviews, criticism, praise), told
 *   by the obligations as they take escalation steps, and the definition's rules over it
 *   (two supervision notices → interview), evaluated here, deterministically;
 * - the supervisors' actions on a unit (interview, criticism list, praise) and on rule proposals;
 * - the administrator's pause, resume, cancel and amend, fanned out to every obligation.
 */
import { campaignPhaseNames } from '../contracts/vocabulary';
import {
  ActivityFailure,
  allHandlersFinished,
  ApplicationFailure,
  condition,
  continueAsNew,
  log,
  patched,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../activities';
import { permanentDeliveryFailure } from '../contracts/delivery';
import { deliveryOptions } from './activity-options';
import { evaluateRule } from '../config/definition/rules';
import type { Definition, EscalationLevel } from '../config/definition/schema';
import { recipientsByUnit, type UnitRecipients } from '../config/recipients';
import { type AdminAction, type Amendment, amendCampaignUpdate, type CampaignInput, type CampaignProgress, campaignProgressQuery, cancelCampaignUpdate, pauseCampaignUpdate, type RecordCounts, resumeCampaignUpdate, type UnitAction, unitActionUpdate, type UnitRecord, unitRecordQuery, unitRecordsPageQuery, type UnitRecordsPage, type UnitRecordsPageRequest, unitRecordsQuery, campaignDefinitionQuery } from '../contracts/campaign';
import { type CampaignControl, type RecipientKind, type UnitEvent, unitEventSignal } from '../contracts/obligation';
import { carriedInputBytes, compactCarriedInput, type LastEvent, restoreUnits, utf8Length } from './carried-state';
import { definitionRevision } from '../contracts/definition-revision';
import { splitRecipients } from '../contracts/recipients';
import { CampaignId, PendingProposals } from '../contracts/search-attributes';

const { launchObligations, controlObligations, amendObligations } = proxyActivities<Activities>({
  startToCloseTimeout: '30 minutes',
  heartbeatTimeout: '1 minute',
  retry: { initialInterval: '5 seconds', maximumInterval: '5 minutes' },
});

const { deliverMessage } = proxyActivities<Activities>(deliveryOptions);

/** Which record count a step of each message kind adds to. */
const countOf: Record<string, keyof RecordCounts> = {
  overdue: 'overdueCount',
  'supervision-notice': 'supervisionNotices',
  'interview-notice': 'interviews',
  'criticism-bulletin': 'criticisms',
};

/** What a supervisor's unit action sends, when the definition has no ladder level for it. */
const actionMessages: Record<'interview' | 'criticize' | 'praise', { kind: string; name: string }> = {
  interview: { kind: 'interview-notice', name: '约谈' },
  criticize: { kind: 'criticism-bulletin', name: '通报批评' },
  praise: { kind: 'praise', name: '表扬' },
};

/** Continue-as-new after this many history events unless the input says otherwise (Temporal may suggest it sooner). */
const defaultContinueAsNewAfterEvents = 10_000;
/** A fresh run starts with a few events: a smaller threshold would continue as new forever. */
const minimumContinueAsNewAfterEvents = 20;
/** Temporal's default `limit.blobSize.error` (2 MiB), less room for the payload's envelope. */
const payloadLimitBytes = 2_000_000;
/** What one answer of the `unitRecordsPage` query may weigh: well within gRPC's 4 MB default message size. */
const recordsPageBytes = 1_000_000;

export async function campaignWorkflow(input: CampaignInput): Promise<CampaignProgress> {
  let definition = input.launch.definition as Definition;
  const offsetMs = input.launch.timeOffsetMs ?? 0;
  const planNow = () => new Date(Date.now() - offsetMs).toISOString();
  const selfId = workflowInfo().workflowId;
  const carried = input.carried;
  const progress: CampaignProgress = carried?.progress ?? { launched: 0, alreadyRunning: 0, total: undefined, phase: 'launching' };
  // Carried in the compact shape, or whole by runs continued before it existed.
  const restored = restoreUnits(carried, definition);
  const records = new Map<string, UnitRecord>(restored.records.map((record) => [record.unit.id, record]));
  /**
   * The obligation each unit last escalated on: the subject of a notice about the unit's record.
   * (The unit events as signalled, or as carried: whole before the compact shape, only what the
   * notices and rules read since.)
   */
  const lastEvents = new Map<string, LastEvent>(restored.lastEvents);
  let pausedAtMs = carried?.pausedAtMs ?? 0;
  let recipients = recipientsByUnit(definition);
  let busy = 0; // control or amendment in progress: one at a time
  /** Rule proposals waiting for a supervisor, as the `PendingProposals` search attribute shows them. */
  const publishPending = () => {
    if (!patched('campaign-pending-proposals-search-attribute')) return;
    const pending = [...records.values()].reduce((sum, record) => sum + record.pending.length, 0);
    upsertSearchAttributes([
      { key: CampaignId, value: definition.campaign.id },
      { key: PendingProposals, value: pending },
    ]);
  };
  publishPending();

  const recordOf = (unitId: string): UnitRecord => {
    let record = records.get(unitId);
    if (!record) {
      const name = definition.units.find((unit) => unit.id === unitId)?.name ?? unitId;
      record = { unit: { id: unitId, name }, overdueCount: 0, supervisionNotices: 0, interviews: 0, criticisms: 0, praises: 0, onCriticismList: false, pending: [], firedRules: [], history: [] };
      records.set(unitId, record);
    }
    return record;
  };
  const note = (record: UnitRecord, event: string, by: string, detail: string) => record.history.push({ at: planNow(), event, by, detail });

  setHandler(campaignProgressQuery, () => progress);
  setHandler(unitRecordsQuery, () => [...records.values()]);
  setHandler(unitRecordsPageQuery, (request: UnitRecordsPageRequest) => pageOfRecords([...records.values()], request));
  setHandler(unitRecordQuery, (unitId: string) => records.get(unitId) ?? null);
  setHandler(campaignDefinitionQuery, () => ({ definition, timeOffsetMs: input.launch.timeOffsetMs ?? 0 }));

  setHandler(unitEventSignal, async (event: UnitEvent) => {
    lastEvents.set(event.unit.id, event);
    const record = recordOf(event.unit.id);
    const counted = countOf[event.kind];
    if (!counted) return;
    record[counted] += 1;
    if (event.kind === 'criticism-bulletin') record.onCriticismList = true;
    note(record, event.kind, '系统', `${event.obligation.title}：${event.kind === 'overdue' ? '逾期' : `第${event.level}级督办`}`);
    await applyRules(record, event);
  });

  setHandler(
    unitActionUpdate,
    async (action: UnitAction) => {
      const record = recordOf(action.unitId);
      if (action.action === 'proceed' || action.action === 'dismiss') {
        const pending = record.pending.find((step) => step.ruleId === action.ruleId)!;
        record.pending = record.pending.filter((step) => step !== pending);
        publishPending();
        note(record, action.action === 'proceed' ? 'decided' : 'dismissed', action.by, `${pending.description}：${action.action === 'proceed' ? '同意' : '不予采取'}（${action.reason}）`);
        if (action.action === 'proceed') await takeStep(record, levelFor(ruleOf(action.ruleId!).escalateTo)!, `rule-${action.ruleId}`, action.reason, action.by);
      } else if (action.action === 'uncriticize') {
        record.onCriticismList = false;
        note(record, 'uncriticized', action.by, `移出通报批评名单：${action.reason}`);
      } else {
        const message = actionMessages[action.action];
        const level = definition.escalation.levels.find((candidate) => candidate.message === message.kind);
        const step = level ?? { id: action.action, name: message.name, message: message.kind, notify: ['unit-contacts', 'supervisors'] as RecipientKind[] };
        const count = record.history.filter((entry) => entry.event === message.kind).length + (record.omittedHistory?.[message.kind] ?? 0) + 1;
        await takeStep(record, step, `${action.action}-${count}`, action.reason, action.by);
      }
      return record;
    },
    { validator: (action: UnitAction) => validateUnitAction(definition, progress, records.get(action.unitId), action) },
  );

  setHandler(
    pauseCampaignUpdate,
    async (action: AdminAction) => {
      pausedAtMs = Date.now();
      progress.phase = 'paused';
      await control({ action: 'pause', ...action });
      return progress;
    },
    { validator: (action: AdminAction) => validateAdmin(progress, busy, action, 'running', '暂停') },
  );
  setHandler(
    resumeCampaignUpdate,
    async (action: AdminAction) => {
      progress.phase = 'running';
      // Deadlines move by whole days: ten days paused move 04-15 17:30 to 04-25 17:30 (or the next working day).
      const shiftDays = Math.round((Date.now() - pausedAtMs) / (24 * 60 * 60 * 1000));
      await control({ action: 'resume', ...action, ...(definition.campaign.onPause.shiftDeadlines && shiftDays > 0 ? { shiftDays } : {}) });
      return progress;
    },
    { validator: (action: AdminAction) => validateAdmin(progress, busy, action, 'paused', '恢复') },
  );
  setHandler(
    cancelCampaignUpdate,
    async (action: AdminAction) => {
      progress.phase = 'cancelled';
      await control({ action: 'cancel', ...action });
      return progress;
    },
    { validator: (action: AdminAction) => validateAdmin(progress, busy, action, ['running', 'paused'], '撤销') },
  );
  setHandler(
    amendCampaignUpdate,
    async (amendment: Amendment) => {
      busy += 1;
      try {
        const previous = definition;
        definition = amendment.definition as Definition;
        recipients = recipientsByUnit(definition);
        await launchAll();
        await amendObligations({ previous, definition, by: amendment.by, reason: amendment.reason, timeOffsetMs: offsetMs });
      } finally {
        busy -= 1;
      }
      return progress;
    },
    { validator: (amendment: Amendment) => validateAmendment(definition, progress, busy, amendment) },
  );

  if (progress.phase === 'launching') {
    await launchAll();
    progress.phase = 'running';
  }
  const endsAtMs = Date.parse(input.endsAt) + offsetMs;
  const isOver = () => progress.phase === 'cancelled' || Date.now() >= endsAtMs;
  // Servers that never suggest it (the time-skipping server, older clusters) still see the
  // campaign start afresh before its history nears Temporal's limits.
  const isHistoryBounded = patched('continue-as-new-at-history-length');
  const continueAfterEvents = Math.max(input.continueAsNewAfterEvents ?? defaultContinueAsNewAfterEvents, minimumContinueAsNewAfterEvents);
  /** After a continue-as-new the input could not carry: the history length of the next attempt. */
  let retryAtEvents: number | undefined;
  const shouldContinueAsNew = () =>
    retryAtEvents !== undefined
      ? workflowInfo().historyLength >= retryAtEvents
      : workflowInfo().continueAsNewSuggested || (isHistoryBounded && workflowInfo().historyLength >= continueAfterEvents);
  for (;;) {
    await condition(() => isOver() || (shouldContinueAsNew() && busy === 0), Math.max(endsAtMs - Date.now(), 1));
    if (isOver()) break;
    // Unit events and actions grow the history: start afresh with the state, as one campaign.
    await condition(allHandlersFinished);
    // Runs before the compact shape hold the unit events whole, as signalled or carried.
    const events = [...lastEvents.values()] as UnitEvent[];
    const next: CampaignInput = {
      ...input,
      launch: { ...input.launch, definition },
      // (The recipients of an obligation's event are not read here: the definition has them.)
      carried: { progress, records: [], lastEvents: isHistoryBounded ? events.map((event) => ({ ...event, recipients: {} })) : events, pausedAtMs },
    };
    if (!isHistoryBounded) {
      next.carried!.records = [...records.values()];
      await continueAsNew<typeof campaignWorkflow>(next);
    }
    // Counts, names and last events compact, every person's note kept, the system's trimmed first.
    const isCompact = patched('campaign-compact-carried-state');
    if (!isCompact) next.carried!.records = carriedRecords([...records.values()], utf8Length(JSON.stringify(next)));
    const carriedInput = isCompact ? compactCarriedInput(input, { definition, progress, pausedAtMs, records: [...records.values()], lastEvents }) : next;
    const bytes = utf8Length(JSON.stringify(carriedInput));
    if (bytes <= payloadLimitBytes) await continueAsNew<typeof campaignWorkflow>(carriedInput);
    // Temporal would fail the campaign on an input over its payload limit: go on in this run
    // (its history has room up to 50 MB) and try again later; the operator must act.
    log.error('campaign state too large to continue as new', { bytes, limit: payloadLimitBytes, units: records.size });
    retryAtEvents = workflowInfo().historyLength + 1_000;
  }
  if (progress.phase !== 'cancelled') progress.phase = 'ended';
  await condition(allHandlersFinished);
  return progress;

  /** Starts every instance not yet started (idempotent); returns how many it started. */
  async function launchAll(): Promise<number> {
    const batchSize = input.batchSize ?? 500;
    let started = 0;
    // The activity reads the definition from this campaign (campaignDefinitionQuery), once per
    // worker and revision: carried in every batch, it would put 3,000 × 30 obligations' history
    // at ~180 × 427 KB, beyond Temporal's 50 MB.
    const isDefinitionRead = patched('launch-reads-definition');
    const revision = isDefinitionRead ? definitionRevision(definition) : undefined;
    for (let offset = 0, total = Infinity; offset < total; offset += batchSize) {
      const batch = await launchObligations(
        revision !== undefined
          ? { taskQueue: input.launch.taskQueue, timeOffsetMs: offsetMs, definitionRevision: revision, campaignWorkflowId: selfId, offset, limit: batchSize }
          : { ...input.launch, definition, campaignWorkflowId: selfId, offset, limit: batchSize },
      );
      total = batch.total;
      progress.total = batch.total;
      started += batch.started;
      progress.launched += batch.started;
      if (progress.phase === 'launching') progress.alreadyRunning += batch.alreadyRunning;
    }
    return started;
  }

  async function control(command: CampaignControl): Promise<void> {
    busy += 1;
    try {
      await controlObligations({ definition, control: command });
    } finally {
      busy -= 1;
    }
  }

  function ruleOf(ruleId: string) {
    return definition.escalation.rules.find((rule) => rule.id === ruleId)!;
  }

  function levelFor(levelId: string): EscalationLevel | undefined {
    return definition.escalation.levels.find((level) => level.id === levelId);
  }

  /** Fires each rule that now holds for the unit (once per unit): a step that needs a decision waits for one. */
  async function applyRules(record: UnitRecord, event: LastEvent): Promise<void> {
    for (const rule of definition.escalation.rules) {
      if (record.firedRules.includes(rule.id)) continue;
      const data = { obligation: { level: event.level, daysLate: event.daysLate ?? 0, returns: event.returns }, record: countsOf(record) };
      if (!evaluateRule(rule.when, data)) continue;
      record.firedRules.push(rule.id);
      const level = levelFor(rule.escalateTo)!;
      const description = rule.description ?? `${rule.id}：${level.name}`;
      if (!level.requiresDecision) {
        note(record, 'rule', '系统', description);
        await takeStep(record, level, `rule-${rule.id}`, description, '系统');
        continue;
      }
      record.pending.push({ ruleId: rule.id, description, levelName: level.name, at: planNow() });
      publishPending();
      note(record, 'awaiting-decision', '系统', `${description}：待督办人员决定`);
      await send(record, { kind: 'escalated', key: `rule-${rule.id}-decision`, label: `${level.name}（${description}）`, notify: ['supervisors'], reason: description });
    }
  }

  /** Takes a unit-level step (a notice about the unit's record): sends it, counts it, and looks at the rules again. */
  async function takeStep(record: UnitRecord, level: Pick<EscalationLevel, 'id' | 'name' | 'message' | 'notify'>, key: string, reason: string, by: string): Promise<void> {
    note(record, level.message, by, `${level.name}：${reason}`);
    if (level.message === 'criticism-bulletin') record.onCriticismList = true;
    if (level.message === 'praise') record.praises += 1;
    await send(record, { kind: level.message, key, label: level.name, notify: level.notify as RecipientKind[], reason });
    const counted = countOf[level.message];
    if (!counted) return;
    record[counted] += 1;
    const event = lastEvents.get(record.unit.id);
    await applyRules(record, event ?? { obligation: { id: 'campaign', title: '' }, dueAt: input.endsAt, level: 0, returns: 0 });
  }

  async function send(record: UnitRecord, message: { kind: string; key: string; label: string; notify: RecipientKind[]; reason: string }): Promise<void> {
    const { to, cc } = splitRecipients(recipients.get(record.unit.id) ?? ({} as UnitRecipients), message.notify);
    if (to.length === 0) {
      note(record, 'message-failed', '系统', `${message.label}：没有收件人`);
      return;
    }
    const subject = lastEvents.get(record.unit.id);
    try {
      const receipt = await deliverMessage({
        kind: message.kind,
        eventKey: `${selfId}/${record.unit.id}/${message.key}`,
        to,
        ...(cc.length > 0 ? { cc } : {}),
        label: message.label,
        level: message.label,
        reason: message.reason,
        dueAt: subject?.dueAt ?? input.endsAt,
        writtenAt: planNow(),
        campaign: campaignOf(definition),
        unit: record.unit,
        obligation: subject?.obligation ?? { id: 'campaign', title: definition.campaign.title },
        // A notice about the unit's record says how late the item behind it was (已逾期N个工作日).
        // Only the activity's input changes: histories replay unchanged.
        ...(subject?.daysLate !== undefined ? { daysLate: subject.daysLate } : {}),
        ...(definition.messages[message.kind] ? { template: definition.messages[message.kind] } : {}),
      });
      const document = receipt.document ? `；附通知文书 ${receipt.document.fileName}` : '';
      note(record, 'message-sent', '系统', `${message.label}（${message.key}）→ ${receipt.accepted.join(', ')}${document}`);
    } catch (error) {
      if (!(error instanceof ActivityFailure)) throw error;
      const failure = `${message.label}（${message.key}）未能送达：${error.cause?.message ?? error.message}`;
      note(record, 'message-failed', '系统', failure);
      // As for an obligation's messages: the administrator is told, once per failed message; a
      // failure of that notice is only recorded.
      const administrators = recipients.get(record.unit.id)?.['issuer-contacts'] ?? [];
      if (message.kind !== 'delivery-failed' && administrators.length > 0 && patched('campaign-delivery-failed-notice')) {
        const isRefused = error.cause instanceof ApplicationFailure && error.cause.type === permanentDeliveryFailure;
        const reason = `${message.label}（${message.key}）${isRefused ? '被拒收' : '多次重试后仍未发出'}：${error.cause?.message ?? error.message}`;
        await send(record, { kind: 'delivery-failed', key: `${message.key}-delivery-failed`, label: message.label, notify: ['issuer-contacts'], reason });
      }
    }
  }
}

/**
 * The records as the next run carries them, within {@link carriedInputBytes} with the rest of
 * the input (`otherBytes`): whole when they fit, otherwise each unit's most recent history
 * entries, as many for every unit as fit; the older ones are counted by event in
 * `omittedHistory` (the supervisors' actions number their messages by those counts).
 */
export function carriedRecords(records: UnitRecord[], otherBytes: number): UnitRecord[] {
  const historyBytes = utf8Length(JSON.stringify(records.map((record) => record.history)));
  const budget = carriedInputBytes - otherBytes - (utf8Length(JSON.stringify(records)) - historyBytes);
  const entries = records.reduce((sum, record) => sum + record.history.length, 0);
  if (historyBytes <= budget || entries === 0) return records;
  const perUnit = Math.max(0, Math.floor(budget / (historyBytes / entries) / records.length));
  return records.map((record) => {
    if (record.history.length <= perUnit) return record;
    const omitted = { ...record.omittedHistory };
    for (const entry of record.history.slice(0, record.history.length - perUnit)) omitted[entry.event] = (omitted[entry.event] ?? 0) + 1;
    return { ...record, history: perUnit > 0 ? record.history.slice(-perUnit) : [], omittedHistory: omitted };
  });
}

/**
 * The records from `offset`, at most `limit` of them and no more than {@link recordsPageBytes}
 * in all (at least one, so that a reader always moves on). Refused: an offset or limit that is
 * not a whole number (offset from 0, limit from 1).
 */
export function pageOfRecords(records: UnitRecord[], request: UnitRecordsPageRequest, maxBytes = recordsPageBytes): UnitRecordsPage {
  const { offset, limit } = request ?? ({} as Partial<UnitRecordsPageRequest>);
  if (!Number.isInteger(offset) || offset! < 0 || !Number.isInteger(limit) || limit! < 1) throw new Error(`分页参数有误：offset ${String(offset)}，limit ${String(limit)}`);
  const page: UnitRecord[] = [];
  let bytes = 2;
  for (const record of records.slice(offset, offset! + limit!)) {
    bytes += utf8Length(JSON.stringify(record)) + 1;
    if (page.length > 0 && bytes > maxBytes) break;
    page.push(record);
  }
  return { total: records.length, offset: offset!, records: page };
}

function countsOf(record: UnitRecord): RecordCounts {
  const { overdueCount, supervisionNotices, interviews, criticisms } = record;
  return { overdueCount, supervisionNotices, interviews, criticisms };
}

function campaignOf(definition: Definition) {
  const issuer = definition.units.find((unit) => unit.id === definition.campaign.issuer);
  const contact = definition.campaign.contacts.map((person) => `${person.name}${person.phone ? ` ${person.phone}` : ''}`).join('、');
  return {
    id: definition.campaign.id,
    title: definition.campaign.title,
    documentNumber: definition.campaign.documentNumber,
    ...(issuer ? { issuer: issuer.name } : {}),
    ...(contact ? { contact } : {}),
    ...(definition.campaign.mailbox ? { mailbox: definition.campaign.mailbox } : {}),
    timeZone: definition.campaign.timeZone,
  };
}

function requireWho(action: AdminAction | UnitAction): void {
  if (typeof action.by !== 'string' || action.by.trim() === '') throw new Error('请注明操作人');
  if (typeof action.reason !== 'string' || action.reason.trim() === '') throw new Error('请说明理由');
}


function validateAdmin(progress: CampaignProgress, busy: number, action: AdminAction, allowed: CampaignProgress['phase'] | CampaignProgress['phase'][], what: string): void {
  const phases = Array.isArray(allowed) ? allowed : [allowed];
  if (!phases.includes(progress.phase)) throw new Error(`活动${campaignPhaseNames[progress.phase]}，不能${what}`);
  if (busy > 0) throw new Error(`上一项操作仍在进行，请稍后再${what}`);
  requireWho(action);
}

function validateAmendment(current: Definition, progress: CampaignProgress, busy: number, amendment: Amendment): void {
  validateAdmin(progress, busy, amendment, ['running', 'paused'], '修订');
  const next = amendment.definition as Partial<Definition> | undefined;
  if (!next || typeof next !== 'object' || !next.campaign || !Array.isArray(next.obligations)) throw new Error('修订须提供经校验的完整活动定义');
  if (next.campaign.id !== current.campaign.id) throw new Error(`修订的活动编号 ${String(next.campaign.id)} 与本活动 ${current.campaign.id} 不同`);
}

function validateUnitAction(definition: Definition, progress: CampaignProgress, record: UnitRecord | undefined, action: UnitAction): void {
  if (!definition.units.some((unit) => unit.id === action.unitId)) throw new Error(`本活动没有单位“${String(action.unitId)}”`);
  if (progress.phase === 'ended' || progress.phase === 'cancelled') throw new Error(`活动${campaignPhaseNames[progress.phase]}，不能再对单位采取措施`);
  if (!['interview', 'criticize', 'uncriticize', 'praise', 'proceed', 'dismiss'].includes(action.action)) throw new Error(`未知的措施：${String(action.action)}`);
  requireWho(action);
  const name = definition.units.find((unit) => unit.id === action.unitId)!.name;
  if (action.action === 'uncriticize' && !record?.onCriticismList) throw new Error(`${name}不在通报批评名单上`);
  if ((action.action === 'proceed' || action.action === 'dismiss') && !record?.pending.some((step) => step.ruleId === action.ruleId)) {
    throw new Error(`${name}没有待决定的规则措施“${String(action.ruleId)}”`);
  }
  if (action.action === 'proceed') {
    // An amendment may have removed the rule or the level it escalates to since it proposed the
    // step: there is nothing left to take. Dismissing it is still possible (it clears the proposal).
    const rule = definition.escalation.rules.find((candidate) => candidate.id === action.ruleId);
    if (!rule) throw new Error(`规则“${String(action.ruleId)}”已不在方案中，不能采取其措施（可选择不予采取）`);
    if (!definition.escalation.levels.some((level) => level.id === rule.escalateTo)) {
      throw new Error(`规则“${rule.id}”所要采取的督办层级“${rule.escalateTo}”已不在方案中，不能采取（可选择不予采取）`);
    }
  }
}
