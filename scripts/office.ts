/**
 * LibreOffice and poppler for the document tests: the DOCX notices and the XLSX workbook are
 * printed to PDF as a reader's office suite would print them, then measured (pages, fonts, text).
 * Debian's packages, installed with apt on first use when this user may (root, or sudo without a
 * password), as scripts/browser.ts installs Chromium; otherwise a clear error with the command.
 */
import { execFile, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { installWithApt } from './apt';
import { ProvisioningError } from './servers';

const run = promisify(execFile);
const packages = ['libreoffice-writer', 'libreoffice-calc', 'poppler-utils', 'fonts-noto-cjk'];
const programs = ['soffice', 'pdfinfo', 'pdffonts', 'pdftotext', 'pdftoppm'];
/** The serif CJK face that stands in for the official fonts (scripts/fontconfig/official-fonts.conf). */
const serifFace = /Noto Serif CJK SC/;

function isInstalled(): boolean {
  if (!programs.every((program) => spawnSync('sh', ['-c', `command -v ${program}`]).status === 0)) return false;
  const listed = spawnSync('fc-list', [':lang=zh'], { encoding: 'utf8' });
  return listed.status === 0 && serifFace.test(listed.stdout);
}

/** Makes sure LibreOffice, poppler and the Noto CJK fonts are there, installing them with apt-get when missing. */
export function ensureOffice(log: (line: string) => void = () => undefined): void {
  if (isInstalled()) return;
  installWithApt({ packages, neededBy: 'The document tests need LibreOffice, poppler and CJK fonts', options: ['--no-install-recommends'], log });
  if (!isInstalled()) throw new ProvisioningError(`apt-get installed ${packages.join(', ')}, but ${programs.join(', ')} or the Noto Serif CJK font are still missing`);
}

/**
 * A fontconfig file that reads the machine's configuration after the project's aliases for the
 * official fonts, so LibreOffice resolves them as a machine set up per the README would.
 */
export function officialFontsConfig(directory: string): string {
  const file = path.join(directory, 'fonts.conf');
  const aliases = path.resolve(__dirname, 'fontconfig/official-fonts.conf');
  writeFileSync(
    file,
    `<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n<fontconfig>\n  <include>${aliases}</include>\n  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>\n</fontconfig>\n`,
  );
  return file;
}

export interface ConversionOptions {
  /** A fontconfig file for LibreOffice (FONTCONFIG_FILE); the machine's configuration without it. */
  fontsConfig?: string;
}

/**
 * Prints `files` to PDF into `outDir` with headless LibreOffice, in a profile of its own (so it
 * neither needs nor touches the user's, and runs beside another LibreOffice). Returns the PDFs.
 */
export async function convertToPdf(files: string[], outDir: string, options: ConversionOptions = {}): Promise<string[]> {
  const profile = mkdtempSync(path.join(tmpdir(), 'libreoffice-profile-'));
  const env = { ...process.env, ...(options.fontsConfig ? { FONTCONFIG_FILE: options.fontsConfig } : {}) };
  await run('soffice', [`-env:UserInstallation=file://${profile}`, '--headless', '--norestore', '--convert-to', 'pdf', '--outdir', outDir, ...files], { env, timeout: 180_000 });
  const pdfs = files.map((file) => path.join(outDir, `${path.parse(file).name}.pdf`));
  const missing = pdfs.filter((pdf) => !existsSync(pdf));
  if (missing.length > 0) throw new Error(`LibreOffice wrote no ${missing.map((pdf) => path.basename(pdf)).join(', ')}`);
  return pdfs;
}

export interface PdfPage {
  /** Width × height in points, e.g. 595 × 842 for A4 portrait. */
  width: number;
  height: number;
}

/** Each page's size, read by pdfinfo. */
export async function pdfPages(pdf: string): Promise<PdfPage[]> {
  const { stdout: summary } = await run('pdfinfo', [pdf]);
  const count = Number(/^Pages:\s+(\d+)/m.exec(summary)?.[1] ?? 0);
  const { stdout } = await run('pdfinfo', ['-f', '1', '-l', String(count), pdf]);
  return [...stdout.matchAll(/^Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts/gm)].map(([, width, height]) => ({ width: Math.round(Number(width)), height: Math.round(Number(height)) }));
}

/** The fonts embedded in the PDF (pdffonts' first column, without the subset prefix). */
export async function pdfFonts(pdf: string): Promise<string[]> {
  const { stdout } = await run('pdffonts', [pdf]);
  return stdout
    .split('\n')
    .slice(2)
    .map((line) => line.split(/\s+/)[0]?.replace(/^[A-Z]{6}\+/, '') ?? '')
    .filter((name) => name !== '');
}

/** The text as laid out on the pages (pdftotext -layout), pages separated by form feeds. */
export async function pdfText(pdf: string): Promise<string> {
  const { stdout } = await run('pdftotext', ['-layout', pdf, '-'], { maxBuffer: 64 * 1024 * 1024 });
  return stdout;
}

/** Renders pages `first` to `last` as PNG images at `dpi` (pdftoppm), named `prefix-N.png`. */
export async function pdfImages(pdf: string, prefix: string, options: { dpi: number; first?: number; last?: number }): Promise<void> {
  const range = [...(options.first ? ['-f', String(options.first)] : []), ...(options.last ? ['-l', String(options.last)] : [])];
  await run('pdftoppm', ['-png', '-r', String(options.dpi), ...range, pdf, prefix]);
}
