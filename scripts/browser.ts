/**
 * The browser of the page tests: Debian's Chromium (driven by playwright-core, never a downloaded
 * build) with CJK fonts so that screenshots of the Chinese pages are readable. Installed with apt
 * on first use when this user may (root, or sudo without a password); otherwise a clear error
 * with the command to run.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { installWithApt } from './apt';

export const chromiumPath = '/usr/bin/chromium';
const packages = ['chromium', 'fonts-noto-cjk'];

function hasCjkFonts(): boolean {
  const listed = spawnSync('fc-list', [':lang=zh'], { encoding: 'utf8' });
  return listed.status === 0 && /Noto Sans CJK/i.test(listed.stdout);
}

/** Returns Chromium's path, installing it and the fonts with apt-get when they are missing. */
export function ensureBrowser(log: (line: string) => void = () => undefined): string {
  if (existsSync(chromiumPath) && hasCjkFonts()) return chromiumPath;
  installWithApt({ packages, neededBy: `The browser tests need Debian's Chromium at ${chromiumPath} and CJK fonts`, log });
  return chromiumPath;
}
