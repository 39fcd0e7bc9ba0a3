/**
 * schemathesis (PyPI), the API fuzzer the schemathesis suite runs against the real stack:
 * installed once with pip into `.schemathesis/venv` (ignored by git), the way scripts/servers.ts
 * installs the Temporal wheels; a second call only reads the stamp.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** The version the suite is written against (its checks and options). */
export const schemathesisVersion = '4.32.5';

const projectDir = path.resolve(__dirname, '../..');
const installDir = path.join(projectDir, '.schemathesis');
const venv = path.join(installDir, 'venv');
const stamp = path.join(installDir, 'installed.txt');

/** The `schemathesis` executable, installed on first use. */
export function ensureSchemathesis(log: (line: string) => void = () => undefined): string {
  const executable = path.join(venv, 'bin', 'schemathesis');
  if (existsSync(executable) && existsSync(stamp) && readFileSync(stamp, 'utf8').trim() === schemathesisVersion) return executable;
  const python = process.env.PYTHON ?? 'python3';
  const probe = spawnSync(python, ['-m', 'venv', '--help'], { encoding: 'utf8' });
  if (probe.status !== 0) throw new Error(`The schemathesis suite needs Python 3 with the venv module ("${python} -m venv" failed: ${probe.stderr.trim()}); on Debian: apt-get install python3-venv`);
  log(`Installing schemathesis==${schemathesisVersion} into ${venv} …`);
  rmSync(venv, { recursive: true, force: true });
  mkdirSync(installDir, { recursive: true });
  execFileSync(python, ['-m', 'venv', venv], { stdio: 'pipe' });
  execFileSync(path.join(venv, 'bin', 'python'), ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', `schemathesis==${schemathesisVersion}`], { stdio: 'pipe' });
  writeFileSync(stamp, `${schemathesisVersion}\n`);
  return executable;
}
