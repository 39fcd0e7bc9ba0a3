/**
 * Attachments of submissions, stored content-addressed under DATA_DIR/attachments: the file is
 * named by the SHA-256 of its bytes, so the same file uploaded twice is stored once, and a
 * workflow's history carries only the id (`sha256-<hex>`), never the bytes.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';

export interface AttachmentMeta {
  id: string;
  fileName: string;
  contentType: string;
  size: number;
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
    const extension = path.extname(upload.fileName).slice(1).toLowerCase();
    if (!limits.types.includes(extension)) {
      return new AttachmentRefused('attachments', `附件“${upload.fileName}”的类型不允许；允许：${limits.types.join('、')}`);
    }
    if (upload.content.length > limits.maxBytes) {
      return new AttachmentRefused('attachments', `附件“${upload.fileName}”超过${formatMb(limits.maxBytes)}（${formatMb(upload.content.length)}）`);
    }
    if (upload.content.length === 0) return new AttachmentRefused('attachments', `附件“${upload.fileName}”是空文件`);
  }
  return undefined;
}

export class AttachmentStore {
  constructor(private readonly directory: string) {}

  /** Stores the bytes once (write to a temporary name, then rename: never a half-written file under its id). */
  async save(upload: Upload): Promise<AttachmentMeta> {
    const id = `sha256-${createHash('sha256').update(upload.content).digest('hex')}`;
    const meta: AttachmentMeta = { id, fileName: path.basename(upload.fileName), contentType: upload.contentType, size: upload.content.length };
    await mkdir(this.directory, { recursive: true });
    const file = this.pathOf(id);
    if (!existsSync(file)) {
      const temporary = `${file}.${process.pid}.${Date.now()}.tmp`;
      await writeFile(temporary, upload.content);
      await rename(temporary, file);
    }
    // The name is kept per id; the first name a file was uploaded under wins.
    if (!existsSync(`${file}.json`)) await writeFile(`${file}.json`, JSON.stringify(meta));
    return meta;
  }

  async read(id: string): Promise<{ meta: AttachmentMeta; content: Buffer } | undefined> {
    if (!/^sha256-[0-9a-f]{64}$/.test(id) || !existsSync(this.pathOf(id))) return undefined;
    const meta = JSON.parse(await readFile(`${this.pathOf(id)}.json`, 'utf8')) as AttachmentMeta;
    return { meta, content: await readFile(this.pathOf(id)) };
  }

  async describe(id: string): Promise<AttachmentMeta | undefined> {
    if (!/^sha256-[0-9a-f]{64}$/.test(id) || !existsSync(`${this.pathOf(id)}.json`)) return undefined;
    return JSON.parse(await readFile(`${this.pathOf(id)}.json`, 'utf8')) as AttachmentMeta;
  }

  private pathOf(id: string): string {
    return path.join(this.directory, id);
  }
}

function formatMb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(bytes < 1024 * 1024 ? 2 : 1)} MB`;
}
