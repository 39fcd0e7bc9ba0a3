/** HTTP helpers shared by the API and the pages: multipart bodies within limits, and downloads that are never rendered. */
import path from 'node:path';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { safeFileName, shownName, type Upload } from '../app/attachments';
import { csrfRefusal, multipartCsrfCheckOf } from './auth';
import { InvalidInputError, NotFoundError, PayloadTooLargeError, WebError } from '../app/errors';
import type { NoticeRepository } from '../store/notices';
import { frameworkRefusal } from './refusals';

/**
 * Fields and files of a multipart request, all files together within `maxMb` (more is refused with
 * 413 and the field, never truncated silently): at most `maxMb` of one request is ever in memory.
 * `fields` (optional) is filled as the parts are read, so a caller keeps what was typed even when
 * the request is refused half-way. A body cut short or malformed is a 400 naming the body.
 */
export async function readMultipart(request: FastifyRequest, maxMb: number, fields: Record<string, string> = {}): Promise<{ fields: Record<string, string>; files: Upload[] }> {
  if (!request.isMultipart()) throw new InvalidInputError({ '(body)': ['应为 multipart/form-data'] });
  try {
    return await readParts(request, maxMb, fields);
  } catch (error) {
    if (error instanceof WebError) throw error;
    // busboy's and @fastify/multipart's refusals of the body itself (cut short, no boundary, a bad
    // part header, too many parts): the client's doing, never a 500.
    const statusCode = (error as { statusCode?: unknown }).statusCode;
    if (typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500) {
      const { message } = frameworkRefusal(error as Error & { statusCode: number; code?: string });
      throw statusCode === 413 ? new PayloadTooLargeError({ '(body)': [message] }) : new InvalidInputError({ '(body)': [message] });
    }
    if (error instanceof Error && /unexpected end of (form|multipart)|malformed|boundary|part header|premature close|aborted/i.test(error.message)) {
      throw new InvalidInputError({ '(body)': ['multipart/form-data 请求体不完整或格式有误'] });
    }
    throw error;
  }
}

async function readParts(request: FastifyRequest, maxMb: number, fields: Record<string, string>): Promise<{ fields: Record<string, string>; files: Upload[] }> {
  const files: Upload[] = [];
  const limit = maxMb * 1024 * 1024;
  let total = 0;
  let refused: PayloadTooLargeError | undefined;
  // Past the limit the rest is still read, and dropped: the client gets its 413, not a reset connection.
  // A form that changes state carries its CSRF token first: nothing of it is read before the token is checked.
  let csrfCheck = multipartCsrfCheckOf(request);
  for await (const part of request.parts({ limits: { fileSize: limit } })) {
    if (csrfCheck) {
      if (part.type !== 'field' || part.fieldname !== '_csrf' || !csrfCheck(String(part.value))) throw csrfRefusal();
      csrfCheck = undefined;
      continue;
    }
    if (part.type === 'file') {
      const chunks: Buffer[] = [];
      for await (const chunk of part.file as AsyncIterable<Buffer>) {
        total += chunk.length;
        if (total <= limit && !refused) chunks.push(chunk);
      }
      if (!refused && (total > limit || part.file.truncated)) {
        refused = new PayloadTooLargeError({ [part.fieldname]: [`附件合计超过${maxMb} MB（读到“${safeFileName(part.filename)}”时）`] });
      }
      if (!refused && part.filename) files.push({ fileName: part.filename, contentType: part.mimetype, content: Buffer.concat(chunks) });
    } else {
      const value = String(part.value);
      total += Buffer.byteLength(value);
      if (!refused && (part.valueTruncated || total > limit)) refused = new PayloadTooLargeError({ [part.fieldname]: [`表单内容合计超过${maxMb} MB，或单个字段过长`] });
      fields[part.fieldname] = value;
    }
  }
  if (csrfCheck) throw csrfRefusal();
  if (refused) throw refused;
  return { fields, files };
}

export const docxType = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** A notice (DOCX) kept for a unit, by its file name among the unit's notices. */
export async function sendNotice(reply: FastifyReply, notices: NoticeRepository, scope: { campaignId: string; unitId: string }, fileName: string) {
  const found = await notices.read(scope.campaignId, scope.unitId, fileName);
  if (!found) throw new NotFoundError(`没有通知文书“${shownName(fileName)}”`);
  return sendDownload(reply, fileName, docxType, found.content);
}

/**
 * A file to save, never to render: `attachment` with an ASCII fallback name and the real one as
 * RFC 5987 `filename*` (every byte outside attr-char percent-encoded, so a quote, CR or LF in a
 * name cannot end the header), and `nosniff` so that no browser reads it as HTML.
 */
export function sendDownload(reply: FastifyReply, fileName: string, contentType: string, content: Buffer | string) {
  return reply.header('content-type', contentType).header('x-content-type-options', 'nosniff').header('content-disposition', contentDisposition(fileName)).send(content);
}

export function contentDisposition(fileName: string): string {
  const fallback = fileName.replace(/[^A-Za-z0-9._-]/g, '_') || 'download';
  const encoded = encodeURIComponent(fileName).replace(/['()*!]/g, (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

/** What an attachment is served as: by its extension among the types units hand in, else bytes (never the uploader's word). */
export function contentTypeOf(fileName: string): string {
  return downloadTypes[path.extname(fileName).slice(1).toLowerCase()] ?? 'application/octet-stream';
}
/** Every type an attachment may be served as (the OpenAPI document lists them). */
export function attachmentContentTypes(): string[] {
  return [...new Set([...Object.values(downloadTypes), 'application/octet-stream'].map((type) => type.split(';')[0]!))];
}
const downloadTypes: Record<string, string> = {
  pdf: 'application/pdf',
  doc: 'application/msword',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xls: 'application/vnd.ms-excel',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  ppt: 'application/vnd.ms-powerpoint',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  txt: 'text/plain; charset=utf-8',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  zip: 'application/zip',
  ofd: 'application/ofd',
};


/** A definition or behaviour file is YAML text: 2 MB at most, as the API takes (a 50 MB YAML file is an attack, not a plan). */
export function definitionUploadMb(maxUploadMb: number): number {
  return Math.min(2, maxUploadMb);
}
