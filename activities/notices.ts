/**
 * The notices a government office prints: a supervision notice, an interview notice and the
 * criticism bulletin go out as DOCX (GB/T 9704 layout) attached to their email, and a copy is
 * kept under NOTICES_DIR for the record.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { MessageRequest } from '../contracts/delivery';
import { type NoticeKind, noticeFileName, type OfficialNotice, renderOfficialNotice } from './documents';
import { defaultTimeZone, isAboutUnit, type RenderedMessage } from './messages';

const noticeKinds: readonly string[] = ['supervision-notice', 'interview-notice', 'criticism-bulletin'] satisfies NoticeKind[];

export interface NoticeFile {
  fileName: string;
  content: Buffer;
  /** Where the copy for the record was written, when a folder is configured. */
}

/** 2022-04-22 on the campaign's wall clock (Beijing time by default): the 成文日期 of a notice written at that instant. */
const localDate = (iso: string, timeZone = defaultTimeZone) => new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(iso));

/**
 * 标题 of each notice: about one item (from its ladder), or about the unit as a whole (a
 * supervisor's or rule's step with a reason, or one with no item behind it), where naming an item
 * would claim a failure nobody recorded.
 */
function noticeTitle(kind: NoticeKind, request: MessageRequest): string {
  const { unit, obligation } = request;
  const item = isAboutUnit(request) || request.reason ? undefined : obligation.title;
  switch (kind) {
    case 'supervision-notice':
      return isAboutUnit(request) ? `关于督促${unit.name}整改落实的督办通知` : `关于督促${unit.name}落实“${obligation.title}”的督办通知`;
    case 'interview-notice':
      return `关于约谈${unit.name}负责同志的通知`;
    case 'criticism-bulletin':
      return item ? `关于${unit.name}“${item}”落实不力的通报` : `关于对${unit.name}予以通报批评的通报`;
  }
}

/**
 * 发文字号 of a draft: the office registers the number when it seals the notice, so the draft
 * leaves it blank (〔2022〕\u3000号) in the series of the campaign's own number: the supervision
 * office's 督 series for 督办 and 约谈, the campaign's series for a 通报 (a public document).
 */
export function draftDocumentNumber(campaignNumber: string | undefined, kind: NoticeKind | 'bulletin', year: string): string {
  const prefix = /^(.*?)〔/.exec(campaignNumber ?? '')?.[1] ?? '';
  const series = prefix && (kind === 'supervision-notice' || kind === 'interview-notice') ? `${prefix}督` : prefix;
  return `${series}〔${year}〕\u3000号`;
}

/** The notice document for a message of a notice kind, or undefined for any other message. */
export function officialNoticeFor(request: MessageRequest, rendered: RenderedMessage): OfficialNotice | undefined {
  if (!noticeKinds.includes(request.kind)) return undefined;
  const kind = request.kind as NoticeKind;
  const { campaign, unit, obligation } = request;
  const issuer = campaign.issuer ?? '';
  // The rendered email opens with the addressee and closes with the issuer: the document prints them in their own places.
  const lines = rendered.text.split('\n').map((line) => line.trim()).filter((line) => line !== '');
  if (lines[0] === `${unit.name}：`) lines.shift();
  if (lines.at(-1) === issuer) lines.pop();
  const date = localDate(request.writtenAt ?? request.dueAt, campaign.timeZone);
  return {
    kind,
    issuer,
    documentNumber: draftDocumentNumber(campaign.documentNumber, kind, date.slice(0, 4)),
    title: noticeTitle(kind, request),
    addressee: unit.name,
    // A notice about the unit's record as a whole (the campaign's own steps with no obligation behind them) names none.
    ...(!isAboutUnit(request) && obligation.title ? { obligation: obligation.title } : {}),
    paragraphs: lines,
    signature: issuer,
    date,
    // The document prints the label (（联系人：…）): the campaign's contact is names and phones only.
    ...(campaign.contact ? { contact: campaign.contact.replace(/^联系人[:：]\s*/, '') } : {}),
  };
}

/** Where the notices are kept for the record: the store (shared by every worker and web server), or a folder (a simulation's export). */
export interface NoticeKeeper {
  save(notice: { campaignId: string; unitId: string; fileName: string; content: Buffer }): Promise<unknown>;
}

/** The notices in `folder/<campaign>/<unit>/`, for tools that hand people a folder (the simulation's export). */
export function folderNoticeKeeper(folder: string): NoticeKeeper {
  return {
    async save({ campaignId, unitId, fileName, content }) {
      const directory = path.join(folder, safeSegment(campaignId), safeSegment(unitId));
      await mkdir(directory, { recursive: true });
      await writeFile(path.join(directory, fileName), content);
    },
  };
}

/** Renders the notice and keeps a copy; a retried send replaces the same copy. */
export async function produceNotice(notice: OfficialNotice, request: MessageRequest, keeper: NoticeKeeper | undefined): Promise<NoticeFile> {
  const content = await renderOfficialNotice(notice);
  const fileName = noticeFileName(notice);
  await keeper?.save({ campaignId: request.campaign.id, unitId: request.unit.id, fileName, content });
  return { fileName, content };
}

const safeSegment = (value: string) => value.replace(/[^A-Za-z0-9_-]+/g, '-');
