/**
 * The browser of the page tests: Debian's Chromium (driven by playwright-core, never a downloaded
 * build) with CJK fonts so that screenshots of the Chinese pages are readable. Installed with apt
 * on first use when this user may (root, or sudo without a password); otherwise a clear error
 * with the command to run.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { ProvisioningError } from './servers';

export const chromiumPath = '/usr/bin/chromium';
const packages = ['chromium', 'fonts-noto-cjk'];

function hasCjkFonts(): boolean {
  const listed = spawnSync('fc-list', [':lang=zh'], { encoding: 'utf8' });
  return listed.status === 0 && /Noto Sans CJK/i.test(listed.stdout);
}

/** Returns Chromium's path, installing it and the fonts with apt-get when they are missing. */
export function ensureBrowser(log: (line: string) => void = () => undefined): string {
  if (existsSync(chromiumPath) && hasCjkFonts()) return chromiumPath;
  const isRoot = process.getuid?.() === 0;
  const sudo = !isRoot && spawnSync('sudo', ['-n', 'true']).status === 0 ? ['sudo', '-n'] : isRoot ? [] : undefined;
  if (!sudo || spawnSync('apt-get', ['--version']).status !== 0) {
    throw new ProvisioningError(
      `The browser tests need Debian's Chromium at ${chromiumPath} and CJK fonts, and this user cannot install them. ` +
        `Run "sudo apt-get update && sudo apt-get install -y ${packages.join(' ')}", then npm test again.`,
    );
  }
  const run = (args: string[]) => {
    const [command, ...rest] = [...sudo, ...args];
    execFileSync(command!, rest, { stdio: 'pipe', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  };
  log(`Installing ${packages.join(', ')} with apt-get (once) …`);
  try {
    run(['apt-get', 'update', '-qq']);
    run(['apt-get', 'install', '-y', '-qq', ...packages]);
  } catch (error) {
    const detail = error && typeof error === 'object' && 'stderr' in error ? String((error as { stderr: unknown }).stderr).trim() : String(error);
    throw new ProvisioningError(`Installing ${packages.join(', ')} with apt-get failed: ${detail}`);
  }
  return chromiumPath;
}
