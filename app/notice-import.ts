/**
 * Importing a notice for the extractor: a Word file (.docx, its raw text through mammoth), a
 * text file (.txt, UTF-8 or GB18030, detected), a PDF with a text layer (pdf-parse, in a child
 * process), or text
 * pasted into a page. Returns the text extractDraft reads, and the draft. Scanned PDFs (no text
 * layer), the old binary .doc and other formats are refused with a message a person can act on.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import iconv from 'iconv-lite';
import mammoth from 'mammoth';
import { type Draft, type ExtractOptions, extractDraft } from '../config/notice/draft';

export type NoticeFormat = 'docx' | 'txt' | 'pdf' | 'pasted';

export interface ImportedNotice {
  text: string;
  format: NoticeFormat;
  /** How a .txt file was encoded. */
  encoding?: 'utf-8' | 'gb18030' | 'utf-16le';
  /** What the reader noticed (mammoth's messages, PDF pages). */
  warnings: string[];
}

export type NoticeImportErrorCode = 'unsupported-format' | 'empty' | 'unreadable' | 'no-text-layer';

/** A notice that cannot be read; `message` is for the person who uploaded it. */
export class NoticeImportError extends Error {
  constructor(
    readonly code: NoticeImportErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'NoticeImportError';
  }
}

export type NoticeInput = { fileName: string; data: Buffer } | { text: string };

/** Reads an uploaded file or pasted text into the notice's text. */
export async function readNotice(input: NoticeInput): Promise<ImportedNotice> {
  if ('text' in input) return finish({ text: input.text, format: 'pasted', warnings: [] });
  const extension = path.extname(input.fileName).toLowerCase();
  if (input.data.length === 0) throw new NoticeImportError('empty', `文件“${input.fileName}”是空的。`);
  switch (extension) {
    case '.docx':
      return finish(await readDocx(input.fileName, input.data));
    case '.txt':
      return finish(readText(input.data));
    case '.pdf':
      return finish(await readPdf(input.fileName, input.data));
    case '.doc':
      throw new NoticeImportError('unsupported-format', `“${input.fileName}”是旧版Word格式（.doc），请在Word中另存为.docx后上传，或直接粘贴通知文字。`);
    default:
      throw new NoticeImportError('unsupported-format', `不支持的文件类型“${extension || input.fileName}”：请上传.docx、.txt或带文字层的.pdf，或直接粘贴通知文字。`);
  }
}

/** Reads a notice and extracts its draft campaign. */
export async function importNotice(input: NoticeInput, options: ExtractOptions = {}): Promise<{ notice: ImportedNotice; draft: Draft }> {
  const notice = await readNotice(input);
  return { notice, draft: extractDraft(notice.text, options) };
}

/** Reads a notice file from disk (the command line's way in). */
export function importNoticeFile(file: string, options: ExtractOptions = {}): Promise<{ notice: ImportedNotice; draft: Draft }> {
  return importNotice({ fileName: path.basename(file), data: readFileSync(file) }, options);
}

async function readDocx(fileName: string, data: Buffer): Promise<ImportedNotice> {
  try {
    const result = await mammoth.extractRawText({ buffer: data });
    return { text: result.value, format: 'docx', warnings: result.messages.map((message) => message.message) };
  } catch {
    throw new NoticeImportError('unreadable', `无法读取Word文件“${fileName}”：文件可能已损坏，或不是.docx格式。`);
  }
}

/** UTF-8 when the bytes are valid UTF-8 (with or without BOM), UTF-16 by its BOM, else GB18030 (a superset of GBK and GB2312). */
function readText(data: Buffer): ImportedNotice {
  if (data[0] === 0xff && data[1] === 0xfe) return { text: iconv.decode(data.subarray(2), 'utf-16le'), format: 'txt', encoding: 'utf-16le', warnings: [] };
  const bytes = data[0] === 0xef && data[1] === 0xbb && data[2] === 0xbf ? data.subarray(3) : data;
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), format: 'txt', encoding: 'utf-8', warnings: [] };
  } catch {
    return { text: iconv.decode(data, 'gb18030'), format: 'txt', encoding: 'gb18030', warnings: [] };
  }
}

/**
 * The text layer of a PDF, read by app/pdf-text in a child Node process (see there why): the
 * compiled script in the production image (dist/, no tsx there), the source through tsx elsewhere.
 */
async function readPdf(fileName: string, data: Buffer): Promise<ImportedNotice> {
  const isCompiled = __filename.endsWith('.js');
  const args = isCompiled ? [path.join(__dirname, 'pdf-text.js')] : ['--import', pathToFileURL(require.resolve('tsx')).href, path.join(__dirname, 'pdf-text.ts')];
  const { stdout } = await run(process.execPath, args, data);
  let result: { text?: string; pages?: number; error?: string };
  try {
    result = JSON.parse(stdout) as typeof result;
  } catch {
    result = { error: 'no answer' };
  }
  if (result.error !== undefined || result.text === undefined) throw new NoticeImportError('unreadable', `无法读取PDF“${fileName}”：文件可能已损坏或已加密。`);
  const text = result.text.replace(/^\s*-- \d+ of \d+ --\s*$/gm, '');
  if (!text.trim()) throw new NoticeImportError('no-text-layer', `PDF“${fileName}”没有文字层（可能是扫描件），无法提取文字：请上传Word文件，或粘贴通知文字。`);
  return { text, format: 'pdf', warnings: [`共${result.pages ?? 0}页`] };
}

function run(command: string, args: string[], input: Buffer): Promise<{ stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = execFile(command, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, timeout: 60_000 }, (error, stdout) =>
      error && !stdout ? reject(new NoticeImportError('unreadable', `读取PDF失败：${error.message}`)) : resolve({ stdout }),
    );
    child.stdin?.end(input);
  });
}

/**
 * Line ends to \n; Kangxi radicals (⽉ U+2F49, ⽇ U+2F47), which PDF fonts often map 月 and 日
 * to, back to the ideographs; no-break spaces to spaces. Nothing else is changed.
 */
function finish(notice: ImportedNotice): ImportedNotice {
  const text = notice.text
    .replace(/\r\n?/g, '\n')
    .replace(/[\u2e80-\u2fdf]/g, (radical) => radical.normalize('NFKC'))
    .replace(/\u00a0/g, ' ');
  if (!text.trim()) throw new NoticeImportError('empty', '没有读到任何文字。');
  return { ...notice, text };
}
