/**
 * One campaign's running state: the definition in force (as amended), progress, pause, the units'
 * records and the obligation each unit last escalated on, and how the campaign writes to a unit
 * about its record.
 */
import { patched, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type { Definition } from '../../config/definition/schema';
import { recipientsByUnit, type UnitRecipients } from '../../config/recipients';
import type { CampaignInput, CampaignProgress, UnitRecord } from '../../contracts/campaign';
import type { RecipientKind } from '../../contracts/obligation';
import { splitRecipients } from '../../contracts/recipients';
import { CampaignId, PendingProposals } from '../../contracts/search-attributes';
import { type LastEvent, restoreUnits } from '../carried-state';
import { deliverAndNote } from '../delivery';
import { patches } from '../patches';
import { UnitRecords } from './unit-records';

/** A message about a unit's record (an interview notice, a criticism, praise, a rule's proposal). */
export interface RecordMessage {
  kind: string;
  key: string;
  label: string;
  notify: RecipientKind[];
  reason: string;
}

export class CampaignRun {
  definition: Definition;
  readonly offsetMs: number;
  readonly selfId: string;
  readonly progress: CampaignProgress;
  readonly records: UnitRecords;
  /**
   * The obligation each unit last escalated on: the subject of a notice about the unit's record.
   * (The unit events as signalled, or as carried: whole before the compact shape, only what the
   * notices and rules read since.)
   */
  readonly lastEvents: Map<string, LastEvent>;
  pausedAtMs: number;
  recipients: Map<string, UnitRecipients>;
  /** A control or an amendment in progress: one at a time. */
  busy = 0;

  constructor(readonly input: CampaignInput) {
    this.definition = input.launch.definition as Definition;
    this.offsetMs = input.launch.timeOffsetMs ?? 0;
    this.selfId = workflowInfo().workflowId;
    const carried = input.carried;
    this.progress = carried?.progress ?? { launched: 0, alreadyRunning: 0, total: undefined, phase: 'launching' };
    // Carried in the compact shape, or whole by runs continued before it existed.
    const restored = restoreUnits(carried, this.definition);
    this.records = new UnitRecords(restored.records, () => this.definition, () => this.planNow());
    this.lastEvents = new Map<string, LastEvent>(restored.lastEvents);
    this.pausedAtMs = carried?.pausedAtMs ?? 0;
    this.recipients = recipientsByUnit(this.definition);
  }

  planNow(): string {
    return new Date(Date.now() - this.offsetMs).toISOString();
  }

  /** A new version of the definition in force (an amendment). */
  amend(definition: Definition): void {
    this.definition = definition;
    this.recipients = recipientsByUnit(definition);
  }

  /** Rule proposals waiting for a supervisor, as the `PendingProposals` search attribute shows them. */
  publishPending(): void {
    if (!patched(patches.campaignPendingProposalsSearchAttribute)) return;
    upsertSearchAttributes([
      { key: CampaignId, value: this.definition.campaign.id },
      { key: PendingProposals, value: this.records.pendingCount() },
    ]);
  }

  /** Writes to the unit (or its supervisors) about its record; a failure is noted and reported to the issuing section. */
  async send(record: UnitRecord, message: RecordMessage): Promise<void> {
    const note = (event: string, detail: string) => this.records.note(record, event, '系统', detail);
    const unitRecipients = this.recipients.get(record.unit.id) ?? ({} as UnitRecipients);
    const { to, cc } = splitRecipients(unitRecipients, message.notify);
    const what = `${message.label}（${message.key}）`;
    if (to.length === 0) {
      note('message-failed', `${message.label}：没有收件人`);
      return;
    }
    const subject = this.lastEvents.get(record.unit.id);
    const { definition } = this;
    const outcome = await deliverAndNote(
      {
        kind: message.kind,
        eventKey: `${this.selfId}/${record.unit.id}/${message.key}`,
        to,
        ...(cc.length > 0 ? { cc } : {}),
        label: message.label,
        level: message.label,
        reason: message.reason,
        dueAt: subject?.dueAt ?? this.input.endsAt,
        writtenAt: this.planNow(),
        campaign: campaignOf(definition),
        unit: record.unit,
        obligation: subject?.obligation ?? { id: 'campaign', title: definition.campaign.title },
        // A notice about the unit's record says how late the item behind it was (已逾期N个工作日).
        ...(subject?.daysLate !== undefined ? { daysLate: subject.daysLate } : {}),
        ...(definition.messages[message.kind] ? { template: definition.messages[message.kind] } : {}),
      },
      what,
      note,
    );
    // As for an obligation's messages: the administrator is told, once per failed message; a
    // failure of that notice is only recorded.
    if (!('failure' in outcome)) return;
    const administrators = unitRecipients['issuer-contacts'] ?? [];
    if (message.kind !== 'delivery-failed' && administrators.length > 0 && patched(patches.campaignDeliveryFailedNotice)) {
      await this.send(record, { kind: 'delivery-failed', key: `${message.key}-delivery-failed`, label: message.label, notify: ['issuer-contacts'], reason: outcome.failure });
    }
  }
}

/** The campaign as the messages about a unit's record name it. */
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
