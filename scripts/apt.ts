/**
 * Debian packages a test needs (Chromium for the pages, LibreOffice for the documents), installed
 * with apt-get on first use when this user may: as root, or with sudo without a password.
 * Otherwise a ProvisioningError says what is missing and the command that installs it.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { ProvisioningError } from './servers';

export interface AptRequest {
  packages: string[];
  /** What needs them, for the error: "The browser tests need Debian's Chromium and CJK fonts". */
  neededBy: string;
  /** Extra apt-get install options, e.g. --no-install-recommends. */
  options?: string[];
  log?: (line: string) => void;
}

export function installWithApt(request: AptRequest): void {
  const { packages, options = [] } = request;
  const isRoot = process.getuid?.() === 0;
  const sudo = !isRoot && spawnSync('sudo', ['-n', 'true']).status === 0 ? ['sudo', '-n'] : isRoot ? [] : undefined;
  if (!sudo || spawnSync('apt-get', ['--version']).status !== 0) {
    throw new ProvisioningError(`${request.neededBy}, and this user cannot install them. Run "sudo apt-get update && sudo apt-get install -y ${[...options, ...packages].join(' ')}", then npm test again.`);
  }
  const run = (args: string[]) => {
    const [command, ...rest] = [...sudo, ...args];
    execFileSync(command!, rest, { stdio: 'pipe', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  };
  request.log?.(`Installing ${packages.join(', ')} with apt-get (once) …`);
  try {
    run(['apt-get', 'update', '-qq']);
    run(['apt-get', 'install', '-y', '-qq', ...options, ...packages]);
  } catch (error) {
    const detail = error && typeof error === 'object' && 'stderr' in error ? String((error as { stderr: unknown }).stderr).trim() : String(error);
    throw new ProvisioningError(`Installing ${packages.join(', ')} with apt-get failed: ${detail}`);
  }
}
