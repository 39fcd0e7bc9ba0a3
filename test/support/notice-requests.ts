/**
 * The notice messages of the seed campaign as the workflows send them: each notice kind from an
 * item's ladder (about one obligation, no reason) and from a step on the unit's record (a
 * supervisor's or rule's action with a reason, about the unit as a whole: obligation id
 * `campaign` with the campaign's title, as workflows/campaign/run.ts sends it).
 */
import path from 'node:path';
import { loadCampaign } from '../../config/definition/load';
import type { MessageRequest } from '../../contracts/delivery';
import type { NoticeKind } from '../../activities/documents';

const { definition } = loadCampaign(path.join(__dirname, '../../config/campaigns/zaozhuang-2022-ip-protection.yaml'));
export const seedDefinition = definition;

const issuer = definition.units.find((unit) => unit.id === definition.campaign.issuer)!;
const campaign = {
  id: definition.campaign.id,
  title: definition.campaign.title,
  documentNumber: definition.campaign.documentNumber,
  issuer: issuer.name,
  contact: definition.campaign.contacts.map((person) => `${person.name}${person.phone ? ` ${person.phone}` : ''}`).join('、'),
  mailbox: definition.campaign.mailbox ?? '',
  timeZone: definition.campaign.timeZone,
};
const shanting = { id: 'shanting', name: definition.units.find((unit) => unit.id === 'shanting')!.name };
const levelNames: Record<NoticeKind, string> = { 'supervision-notice': '督办通知', 'interview-notice': '约谈', 'criticism-bulletin': '通报批评' };

export type NoticeScope = 'obligation' | 'unit';

/** A notice message of `kind`: from the item's ladder, or a step on the unit's record with its reason. */
export function noticeRequest(kind: NoticeKind, scope: NoticeScope, reason = '多次逾期报送，经提醒仍未整改'): MessageRequest {
  const template = definition.messages[kind];
  const common = {
    kind,
    to: ['shanting-ip@example.gov.cn'],
    label: levelNames[kind],
    level: levelNames[kind],
    campaign,
    unit: shanting,
    ...(template ? { template } : {}),
  };
  if (scope === 'obligation') {
    return {
      ...common,
      eventKey: `zaozhuang-2022-ip-protection/shanting/implementation-measures/${kind}`,
      dueAt: '2022-04-15T09:30:00.000Z',
      writtenAt: '2022-04-28T01:00:00.000Z',
      daysLate: 9,
      obligation: { id: 'implementation-measures', title: '落实措施及实施方案', measure: '通知、三(一)' },
    };
  }
  return {
    ...common,
    eventKey: `campaign/zaozhuang-2022-ip-protection/shanting/${kind}-1`,
    dueAt: '2022-12-31T16:00:00.000Z',
    writtenAt: '2022-06-30T02:00:00.000Z',
    reason,
    obligation: { id: 'campaign', title: definition.campaign.title },
  };
}

export const noticeKinds: NoticeKind[] = ['supervision-notice', 'interview-notice', 'criticism-bulletin'];
export const noticeScopes: NoticeScope[] = ['obligation', 'unit'];
