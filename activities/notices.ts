/**
 * The notices a government office prints: a supervision notice, an interview notice and the
 * criticism bulletin go out as DOCX (GB/T 9704 layout) attached to their email, and a copy is
 * kept under NOTICES_DIR for the record.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { MessageRequest } from '../contracts/delivery';
import { type NoticeKind, noticeFileName, type OfficialNotice, renderOfficialNotice } from './documents';
import { defaultTimeZone, type RenderedMessage } from './messages';

const noticeKinds: readonly string[] = ['supervision-notice', 'interview-notice', 'criticism-bulletin'] satisfies NoticeKind[];

export interface NoticeFile {
  fileName: string;
  content: Buffer;
  /** Where the copy for the record was written, when a folder is configured. */
}

/** 2022-04-22 on the campaign's wall clock (Beijing time by default): the 成文日期 of a notice written at that instant. */
const localDate = (iso: string, timeZone = defaultTimeZone) => new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(iso));

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
  const titles: Record<NoticeKind, string> = {
    'supervision-notice': `关于督促${unit.name}落实“${obligation.title}”的督办通知`,
    'interview-notice': `关于约谈${unit.name}负责同志的通知`,
    'criticism-bulletin': `关于${unit.name}“${obligation.title}”落实不力的通报`,
  };
  // The office registers the number when it seals the notice: the draft leaves it blank, as drafts do.
  const prefix = /^(.*?)〔/.exec(campaign.documentNumber ?? '')?.[1] ?? '';
  const year = (request.writtenAt ?? request.dueAt).slice(0, 4);
  return {
    kind,
    issuer,
    documentNumber: `${prefix}督〔${year}〕\u3000号`,
    title: titles[kind],
    addressee: unit.name,
    // A notice about the unit's record as a whole (the campaign's own steps with no obligation behind them) names none.
    ...(obligation.id !== 'campaign' && obligation.title ? { obligation: obligation.title } : {}),
    paragraphs: lines,
    signature: issuer,
    date: localDate(request.writtenAt ?? request.dueAt, campaign.timeZone),
    ...(campaign.contact ? { contact: `联系人：${campaign.contact}` } : {}),
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
