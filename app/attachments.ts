/**
 * Attachments of submissions, stored content-addressed under DATA_DIR/attachments: the bytes are
 * named by their SHA-256, so the same file uploaded twice is stored once; each upload has an id of
 * its own (`sha256-<hex>-<random>`, with `<id>.json` keeping its name, type and uploader), and a
 * workflow's history carries only the id, never the bytes.
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';

export interface AttachmentMeta {
  id: string;
  fileName: string;
  contentType: string;
  size: number;
  /** The stored bytes (`sha256-<hex>`); absent in records written before uploads kept their own names. */
  content?: string;
  /** The unit whose link uploaded it (absent for the CLI's and older uploads). */
  uploadedBy?: { campaignId: string; unitId: string };
}

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

export interface Upload {
  fileName: string;
  contentType: string;
  content: Buffer;
}

/** The problem with a set of uploads under the limits, or undefined when they may be stored. */
export function checkUploads(uploads: Upload[], limits: AttachmentLimits): AttachmentRefused | undefined {
  if (uploads.length > limits.maxCount) return new AttachmentRefused('attachments', `附件最多${limits.maxCount}个，收到${uploads.length}个`);
  for (const upload of uploads) {
    if (!isAllowedType(upload.fileName, limits)) {
      return new AttachmentRefused('attachments', `附件“${upload.fileName}”的类型不允许；允许：${limits.types.join('、')}`);
    }
    if (upload.content.length > limits.maxBytes) {
      return new AttachmentRefused('attachments', `附件“${upload.fileName}”超过${formatMb(limits.maxBytes)}（${formatMb(upload.content.length)}）`);
    }
    if (upload.content.length === 0) return new AttachmentRefused('attachments', `附件“${upload.fileName}”是空文件`);
  }
  return undefined;
}

/** An attachment id: the content's hash and, since uploads keep their own names, the upload's own suffix. */
export const attachmentIdPattern = /^sha256-[0-9a-f]{64}(-[0-9a-f]{16})?$/;

/** Whether the file name's extension is one the limits allow. */
export function isAllowedType(fileName: string, limits: Pick<AttachmentLimits, 'types'>): boolean {
  return limits.types.includes(path.extname(safeFileName(fileName)).slice(1).toLowerCase());
}

export class AttachmentStore {
  constructor(private readonly directory: string) {}

  /**
   * Stores the bytes once under their hash (write to a temporary name, then rename: never a
   * half-written file), and this upload's name, type and uploader under an id of its own: two
   * units uploading the same bytes under different names each keep theirs.
   */
  async save(upload: Upload, uploadedBy?: AttachmentMeta['uploadedBy']): Promise<AttachmentMeta> {
    const content = `sha256-${createHash('sha256').update(upload.content).digest('hex')}`;
    const id = `${content}-${randomBytes(8).toString('hex')}`;
    const meta: AttachmentMeta = { id, fileName: safeFileName(upload.fileName), contentType: upload.contentType, size: upload.content.length, content, ...(uploadedBy ? { uploadedBy } : {}) };
    await mkdir(this.directory, { recursive: true });
    const file = path.join(this.directory, content);
    if (!existsSync(file)) {
      const temporary = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
      await writeFile(temporary, upload.content);
      await rename(temporary, file);
    }
    await writeFile(path.join(this.directory, `${id}.json`), JSON.stringify(meta));
    return meta;
  }

  async read(id: string): Promise<{ meta: AttachmentMeta; content: Buffer } | undefined> {
    const meta = await this.describe(id);
    if (!meta) return undefined;
    const file = path.join(this.directory, meta.content ?? id.slice(0, 'sha256-'.length + 64));
    if (!existsSync(file)) return undefined;
    return { meta, content: await readFile(file) };
  }

  /** The upload's name, type, size and uploader; ids of before per-upload names (`sha256-<hex>`) still read. */
  async describe(id: string): Promise<AttachmentMeta | undefined> {
    if (!attachmentIdPattern.test(id)) return undefined;
    const file = path.join(this.directory, `${id}.json`);
    if (!existsSync(file)) return undefined;
    return JSON.parse(await readFile(file, 'utf8')) as AttachmentMeta;
  }
}

/** The last path segment of a browser's or a script's file name (`../../x.pdf`, `..\\x.pdf` → `x.pdf`), without control characters. */
export function safeFileName(fileName: string | undefined): string {
  // A file part with an empty name reaches here without one (busboy).
  // eslint-disable-next-line no-control-regex
  const name = (fileName ?? '').split(/[\\/]/).pop()!.replace(/[\u0000-\u001f\u007f]/g, '').trim();
  return name === '' || name === '.' || name === '..' ? '附件' : name.slice(0, 200);
}

function formatMb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(bytes < 1024 * 1024 ? 2 : 1)} MB`;
}
