/**
 * What units may upload: the limits of an obligation (count, size, types) and safe file names.
 * The bytes live in the store (store/attachments.ts): content-addressed, once, shared by every
 * web server; a workflow's history carries only the attachment's id.
 */
import path from 'node:path';
import { type AttachmentMeta, type AttachmentRepository, type Uploader, type Upload, UploadQuotaExceeded } from '../store/attachments';
import { PayloadTooLargeError } from './errors';

export type { Upload } from '../store/attachments';

export type { AttachmentMeta } from '../store/attachments';

export interface AttachmentLimits {
  maxCount: number;
  maxBytes: number;
  /** Allowed file name extensions (lower case, without the dot). */
  types: string[];
}

/** Office documents, PDF, images and archives: what units hand in. */
export const defaultAttachmentTypes = ['pdf', 'doc', 'docx', 'xls', 'xlsx', 'wps', 'et', 'ppt', 'pptx', 'txt', 'jpg', 'jpeg', 'png', 'zip', 'rar', 'ofd'];

export class AttachmentRefused extends Error {
  readonly code = 'ATTACHMENT_REFUSED';
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/** The problem with a set of uploads under the limits, or undefined when they may be stored. */
export function checkUploads(uploads: Upload[], limits: AttachmentLimits): AttachmentRefused | undefined {
  if (uploads.length > limits.maxCount) return new AttachmentRefused('attachments', `附件最多${limits.maxCount}个，收到${uploads.length}个`);
  for (const upload of uploads) {
    if (!isAllowedType(upload.fileName, limits)) {
      return new AttachmentRefused('attachments', `附件“${shownName(upload.fileName)}”的类型不允许；允许：${limits.types.join('、')}`);
    }
    if (upload.content.length > limits.maxBytes) {
      return new AttachmentRefused('attachments', `附件“${shownName(upload.fileName)}”超过${formatMb(limits.maxBytes)}（${formatMb(upload.content.length)}）`);
    }
    if (upload.content.length === 0) return new AttachmentRefused('attachments', `附件“${shownName(upload.fileName)}”是空文件`);
  }
  return undefined;
}

export { attachmentIdPattern } from '../store/attachments';

/** Whether the file name's extension is one the limits allow. */
export function isAllowedType(fileName: string, limits: Pick<AttachmentLimits, 'types'>): boolean {
  return limits.types.includes(path.extname(safeFileName(fileName)).slice(1).toLowerCase());
}

/**
 * Keeps an upload in the store under its cleaned name; over the unit's quota of uploads not yet
 * handed in it is a 413 naming the field, and nothing is stored.
 */
export async function keepUpload(repository: AttachmentRepository, upload: Upload, uploadedBy?: Uploader): Promise<AttachmentMeta> {
  try {
    return await repository.save({ ...upload, fileName: safeFileName(upload.fileName) }, uploadedBy);
  } catch (error) {
    if (error instanceof UploadQuotaExceeded) throw new PayloadTooLargeError({ attachments: [error.message] });
    throw error;
  }
}

/** A file name as an error message shows it: never more than 40 characters of it. */
export function shownName(fileName: string): string {
  const characters = [...safeFileName(fileName)];
  return characters.length > 40 ? `${characters.slice(0, 40).join('')}…` : characters.join('');
}

/** The last path segment of a browser's or a script's file name (`../../x.pdf`, `..\\x.pdf` → `x.pdf`), without control characters. */
export function safeFileName(fileName: string | undefined): string {
  // A file part with an empty name reaches here without one (busboy).
  // Control characters, and the bidirectional and zero-width marks that make a name read as
  // another (`invoice\u202Efdp.exe` shows as `invoiceexe.pdf`).
  // eslint-disable-next-line no-control-regex
  const name = (fileName ?? '').split(/[\\/]/).pop()!.replace(/[\u0000-\u001f\u007f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g, '').trim();
  return name === '' || name === '.' || name === '..' ? '附件' : name.slice(0, 200);
}

function formatMb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(bytes < 1024 * 1024 ? 2 : 1)} MB`;
}
