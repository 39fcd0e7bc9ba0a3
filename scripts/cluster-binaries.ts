/**
 * The full Temporal server for the cluster (`npm run cluster`, the cluster suites, the cluster
 * benchmarks): `temporal-server` and `temporal-sql-tool` built from the Go module
 * go.temporal.io/server at a pinned version through the Go module proxy (no other download), with
 * the PostgreSQL schema and the module's development configuration copied beside them. Kept under
 * `.temporal/cluster-<version>/` (ignored by git); a second call only checks the files.
 *
 *   const binaries = await ensureClusterBinaries({ projectDir, log });
 *   binaries.server      // .temporal/cluster-v1.32.2/bin/temporal-server
 */
import { spawn, spawnSync } from 'node:child_process';
import { accessSync, chmodSync, constants, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';

/** The server this project is tested with: the version, and the Go toolchain that builds it (v1.32.x needs Go ≥ 1.26.10). */
export const clusterServer = { module: 'go.temporal.io/server', version: 'v1.32.2', toolchain: 'go1.27.3' } as const;

export interface ClusterBinaries {
  server: string;
  sqlTool: string;
  /** `…/schema/postgresql/v12`, with `temporal/versioned` and `visibility/versioned` (update-schema's folders). */
  schemaDir: string;
  /** The module's `config/development-postgres12.yaml`, the starting point of the generated configuration. */
  baseConfig: string;
  version: string;
}

export interface ClusterProvisionOptions {
  projectDir: string;
  env?: NodeJS.ProcessEnv;
  log?: (line: string) => void;
}

/** Raised when the server can be neither found nor built; the message says how to fix it. */
export class ClusterProvisioningError extends Error {
  readonly code = 'CLUSTER_PROVISIONING';
}

export function clusterInstallDir(projectDir: string): string {
  return path.join(projectDir, '.temporal', `cluster-${clusterServer.version}`);
}

const stampName = 'installed.json';

/** The installed binaries, or undefined when anything is missing (then `ensureClusterBinaries` builds them). */
export function findClusterBinaries(projectDir: string): ClusterBinaries | undefined {
  const dir = clusterInstallDir(projectDir);
  const binaries = layoutOf(dir);
  try {
    const stamp = JSON.parse(readFileSync(path.join(dir, stampName), 'utf8')) as { version?: string };
    if (stamp.version !== clusterServer.version) return undefined;
    for (const executable of [binaries.server, binaries.sqlTool]) accessSync(executable, constants.X_OK);
    for (const folder of ['temporal', 'visibility']) if (!statSync(path.join(binaries.schemaDir, folder, 'versioned')).isDirectory()) return undefined;
    if (!existsSync(binaries.baseConfig)) return undefined;
    return binaries;
  } catch {
    return undefined;
  }
}

function layoutOf(dir: string): ClusterBinaries {
  return {
    server: path.join(dir, 'bin', 'temporal-server'),
    sqlTool: path.join(dir, 'bin', 'temporal-sql-tool'),
    schemaDir: path.join(dir, 'schema', 'postgresql', 'v12'),
    baseConfig: path.join(dir, 'config', 'development-postgres12.yaml'),
    version: clusterServer.version,
  };
}

/**
 * The binaries, built when missing (about 7 minutes on 2 cores the first time; the Go build cache
 * makes a rebuild on the same machine faster). The build goes to a staging folder renamed into
 * place, so two starts at once never see half an installation.
 */
export async function ensureClusterBinaries(options: ClusterProvisionOptions): Promise<ClusterBinaries> {
  const found = findClusterBinaries(options.projectDir);
  if (found) return found;
  const log = options.log ?? (() => undefined);
  const env = { ...process.env, ...options.env };
  const go = env.GO ?? 'go';
  checkGo(go, env);
  const dir = clusterInstallDir(options.projectDir);
  const staging = `${dir}.staging-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(path.join(staging, 'bin'), { recursive: true });
  const started = Date.now();
  log(`Building the Temporal server ${clusterServer.version} (${clusterServer.module}, toolchain ${clusterServer.toolchain}) into ${dir}: about 7 minutes on 2 cores the first time …`);
  const goEnv = { ...env, GOTOOLCHAIN: clusterServer.toolchain, GOBIN: path.join(staging, 'bin'), GOFLAGS: '-buildvcs=false' };
  const packages = ['cmd/server', 'cmd/tools/sql'].map((name) => `${clusterServer.module}/${name}@${clusterServer.version}`);
  try {
    await run(go, ['install', ...packages], goEnv, log);
    // `go install` names each binary after its folder; the names the images and the docs use:
    renameSync(path.join(staging, 'bin', 'server'), path.join(staging, 'bin', 'temporal-server'));
    renameSync(path.join(staging, 'bin', 'sql'), path.join(staging, 'bin', 'temporal-sql-tool'));
    copyFromModule(moduleDir(go, goEnv), staging);
    writeFileSync(path.join(staging, stampName), `${JSON.stringify({ version: clusterServer.version, toolchain: clusterServer.toolchain, buildSeconds: Math.round((Date.now() - started) / 1000) }, null, 2)}\n`);
    rmSync(dir, { recursive: true, force: true });
    renameSync(staging, dir);
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    // Another start may have finished the same build meanwhile.
    const other = findClusterBinaries(options.projectDir);
    if (other) return other;
    throw error;
  }
  log(`Built the Temporal server in ${Math.round((Date.now() - started) / 1000)} s.`);
  const built = findClusterBinaries(options.projectDir);
  if (!built) throw new ClusterProvisioningError(`The build of the Temporal server finished, but ${dir} is incomplete; delete it and run \`npm run provision:cluster\` again.`);
  return built;
}

function checkGo(go: string, env: NodeJS.ProcessEnv): void {
  const probe = spawnSync(go, ['env', 'GOVERSION'], { encoding: 'utf8', env });
  const version = /^go(\d+)\.(\d+)/.exec(probe.stdout?.trim() ?? '');
  if (probe.error || probe.status !== 0 || !version) {
    throw new ClusterProvisioningError(
      `Building the Temporal server needs Go (1.21 or newer, which fetches the ${clusterServer.toolchain} toolchain through the module proxy by itself), and "${go}" could not be run (${probe.error?.message ?? probe.stderr?.trim() ?? 'no version'}). Install Go (on Debian: apt-get install golang-go) or set GO to its path, then run \`npm run provision:cluster\`.`,
    );
  }
  if (Number(version[1]) === 1 && Number(version[2]) < 21) {
    throw new ClusterProvisioningError(`Go ${version[0]} cannot fetch the ${clusterServer.toolchain} toolchain the Temporal server ${clusterServer.version} needs; install Go 1.21 or newer, then run \`npm run provision:cluster\`.`);
  }
}

function moduleDir(go: string, env: NodeJS.ProcessEnv): string {
  const cache = spawnSync(go, ['env', 'GOMODCACHE'], { encoding: 'utf8', env }).stdout.trim();
  const dir = path.join(cache, `${clusterServer.module}@${clusterServer.version}`);
  if (!existsSync(path.join(dir, 'schema'))) throw new ClusterProvisioningError(`The module ${clusterServer.module}@${clusterServer.version} is not in the module cache (${dir}) after its build.`);
  return dir;
}

/** The PostgreSQL schema and the development configuration, from the module the binaries were built from. */
function copyFromModule(module: string, target: string): void {
  const pieces: [string, string][] = [
    ['schema/postgresql/v12/temporal/versioned', 'schema/postgresql/v12/temporal/versioned'],
    ['schema/postgresql/v12/visibility/versioned', 'schema/postgresql/v12/visibility/versioned'],
    ['config/development-postgres12.yaml', 'config/development-postgres12.yaml'],
    ['config/dynamicconfig/development-sql.yaml', 'config/dynamicconfig/development-sql.yaml'],
  ];
  for (const [from, to] of pieces) {
    mkdirSync(path.dirname(path.join(target, to)), { recursive: true });
    cpSync(path.join(module, from), path.join(target, to), { recursive: true });
  }
  // The module cache is read-only; the copies must be removable with the folder.
  makeWritable(path.join(target, 'schema'));
  makeWritable(path.join(target, 'config'));
}

function makeWritable(entry: string): void {
  const stats = statSync(entry);
  chmodSync(entry, stats.mode | 0o200);
  if (stats.isDirectory()) for (const child of readdirSync(entry)) makeWritable(path.join(entry, child));
}

/** Runs the build, passing on what it prints (every download and, at the end, any compiler error). */
function run(command: string, args: string[], env: NodeJS.ProcessEnv, log: (line: string) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const tail: string[] = [];
    for (const stream of [child.stdout, child.stderr]) {
      readline.createInterface({ input: stream }).on('line', (line) => {
        tail.push(line);
        if (tail.length > 30) tail.shift();
        if (!line.startsWith('go: downloading')) log(`  ${line}`);
      });
    }
    child.on('error', (error) => reject(new ClusterProvisioningError(`${command} could not be started: ${error.message}`)));
    child.on('exit', (code) =>
      code === 0
        ? resolve()
        : reject(new ClusterProvisioningError(`\`${command} ${args.join(' ')}\` failed (code ${code}); check that the Go module proxy is reachable (GOPROXY), then run \`npm run provision:cluster\` again:\n  ${tail.join('\n  ')}`)),
    );
  });
}
