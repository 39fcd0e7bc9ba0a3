/**
 * docker-compose.yml's topology started natively from the file's own settings, images aside:
 * each service becomes the process its image runs, with the environment the file gives it, in the
 * order its `depends_on` says, waiting for each condition. What a container network gives for
 * free is translated, the same way for every service:
 *
 * - a service name used as a host (`temporal-frontend:7233`; `POSTGRES_SEEDS: postgresql`, `SMTP_HOST: mail`:
 *   a setting named *_HOST or *_SEEDS) is 127.0.0.1;
 * - every port moves by one offset (other engineers' stacks use the defaults on this machine), and
 *   a replica listens on its own published host port (`3000-3001:3000`: the second web server on 3001);
 * - a path inside a container is the bind mount's file, a named volume's folder (shared by the
 *   services that mount it), or what the image holds (the schema: the copy built from the same module);
 * - `0.0.0.0` (every interface of a container) is 127.0.0.1.
 *
 * The images' processes: postgres:16 is the embedded PostgreSQL with the image's first-start setup
 * (POSTGRES_USER a superuser with POSTGRES_PASSWORD, POSTGRES_DB created); temporalio/server is
 * `temporal-server start` (the image's entrypoint; configuration from the environment alone);
 * temporalio/admin-tools runs the service's command with temporal-sql-tool and the `temporal` CLI;
 * maildev/maildev is maildev (the npm package, 3.0: its API is /api/email where the image's 2.2 has /email);
 * `build: .` (Dockerfile's image, compiled by `npm run build`) runs its command's compiled entry
 * point from source (`node dist/workers/main.js` → `tsx workers/main.ts`, tsconfig.build.json's
 * mapping) with the image's ENV lines under the file's environment.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import { Client } from 'pg';
import { type AppProcess, killOnExit, startAppProcess } from '../../scripts/app-processes';
import type { ClusterBinaries } from '../../scripts/cluster-binaries';
import { type PostgresServer, startPostgres } from '../../scripts/postgres';
import { waitForPort } from '../../scripts/processes';
import type { ComposeService } from './compose-file';

export interface NativeContext {
  projectDir: string;
  services: Record<string, ComposeService>;
  /** Added to every port of the file. */
  shift: number;
  /** Named volumes become folders here. */
  volumesDir: string;
  /** Paths the images hold, by their path in the image. */
  imagePaths: Record<string, string>;
  binaries: ClusterBinaries;
  /** Folders whose programs an image has on its PATH (the `temporal` CLI of admin-tools). */
  toolPath: string[];
  /** What Dockerfile's image sets for every container (ENV). */
  imageEnvironment: Record<string, string>;
}

/** The port a service's replica listens on natively for a port the file names. */
export function nativePort(context: NativeContext, serviceName: string, replica: number, port: number): number {
  const published = context.services[serviceName]?.ports.find((mapping) => mapping.container === port);
  return (published ? published.hostFirst + Math.min(replica, published.hostLast - published.hostFirst) : port) + context.shift;
}

/** A service replica's environment, translated as the module comment says. */
export function nativeEnvironment(context: NativeContext, service: ComposeService, replica: number): Record<string, string> {
  const names = Object.keys(context.services).sort((a, b) => b.length - a.length).map((name) => name.replace(/[-.]/g, '\\$&'));
  const address = new RegExp(`(?<![\\w.-])(${names.join('|')}):(\\d+)`, 'g');
  const translated: Record<string, string> = {};
  for (const [key, value] of Object.entries(service.environment)) {
    let result = nativePath(context, service, value).replace(address, (_match, host: string, port: string) => `127.0.0.1:${nativePort(context, host, 0, Number(port))}`);
    if ((/_(HOST|SEEDS)$/.test(key) && context.services[result]) || result === '0.0.0.0') result = '127.0.0.1';
    else if (/_PORT$/.test(key) && /^\d+$/.test(result)) result = String(nativePort(context, service.name, replica, Number(result)));
    translated[key] = result;
  }
  return translated;
}

/** A path inside the container as a path on this machine (unchanged when it is no such path). */
export function nativePath(context: NativeContext, service: ComposeService, value: string): string {
  for (const volume of service.volumes) {
    if (value === volume.target || value.startsWith(`${volume.target}/`)) {
      const source = volume.bind ? path.resolve(context.projectDir, volume.source) : path.join(context.volumesDir, volume.source);
      return source + value.slice(volume.target.length);
    }
  }
  for (const [inImage, here] of Object.entries(context.imagePaths)) if (value === inImage || value.startsWith(`${inImage}/`)) return here + value.slice(inImage.length);
  return value;
}

export interface NativeService {
  name: string;
  replica: number;
  pid(): number | undefined;
  /** Running (and, for a server, answering) as the file's `service_started`/`service_healthy` need. */
  ready: Promise<void>;
  /** The exit code, for `service_completed_successfully`. */
  exited: Promise<number | null>;
  stop(): Promise<void>;
}

/** Starts one replica of a service as its image's process. */
export async function startNative(context: NativeContext, service: ComposeService, replica: number): Promise<NativeService> {
  const env = nativeEnvironment(context, service, replica);
  const image = service.image?.split(':')[0];
  if (service.build) {
    const imageEnv = Object.fromEntries(Object.entries(context.imageEnvironment).map(([key, value]) => [key, nativePath(context, service, value)]));
    return fromApp(service, replica, startAppProcess({ name: `${service.name}-${replica + 1}`, entry: compiledFrom(service.command), env: { ...process.env, ...imageEnv, ...env } }));
  }
  if (image === 'postgres') return postgresImage(context, service, env);
  if (image === 'temporalio/server') {
    const grpcPort = Number(env[`${(env.TEMPORAL_SERVICES ?? '').toUpperCase()}_GRPC_PORT`]);
    return supervised(service, replica, () => spawnChild(service.name, context.binaries.server, ['start'], env), () => waitForPort('127.0.0.1', grpcPort, 120_000));
  }
  if (image === 'temporalio/admin-tools') {
    const [shell, script, ...rest] = service.command;
    const toolsEnv = { ...env, PATH: [path.dirname(context.binaries.sqlTool), ...context.toolPath, process.env.PATH ?? '/usr/bin:/bin'].join(':') };
    return supervised(service, replica, () => spawnChild(service.name, shell!, [nativePath(context, service, script!), ...rest], toolsEnv), async () => undefined);
  }
  if (image === 'maildev/maildev') {
    // A container's own loopback and /tmp: natively 127.0.0.1 and a folder of its own (not the machine's /tmp/maildev).
    const mailEnv = { ...env, MAILDEV_IP: '127.0.0.1', MAILDEV_WEB_IP: '127.0.0.1', MAILDEV_MAIL_DIRECTORY: path.join(context.volumesDir, `${service.name}-tmp`) };
    return supervised(service, replica, () => spawnChild(service.name, path.join(context.projectDir, 'node_modules', '.bin', 'maildev'), [], mailEnv), () => waitForPort('127.0.0.1', Number(env.MAILDEV_SMTP_PORT), 60_000));
  }
  throw new Error(`${service.name}: no native equivalent of the image ${service.image}`);
}

/** `["node", "dist/workers/main.js"]` → workers/main.ts, the file tsconfig.build.json compiles to it. */
function compiledFrom(command: string[]): string {
  const [node, compiled, ...rest] = command;
  const source = /^dist\/(.+)\.js$/.exec(compiled ?? '')?.[1];
  if (node !== 'node' || !source || rest.length > 0) throw new Error(`command ${JSON.stringify(command)}: expected ["node", "dist/<entry point>.js"]`);
  return `${source}.ts`;
}

type Child = ChildProcess & { lines: string[] };

function spawnChild(name: string, command: string, args: string[], env: Record<string, string>): Child {
  const child = Object.assign(spawn(command, args, { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] }), { lines: [] as string[] });
  killOnExit(child);
  for (const stream of [child.stdout!, child.stderr!]) {
    readline.createInterface({ input: stream }).on('line', (line) => {
      child.lines.push(line.slice(0, 400));
      if (child.lines.length > 12) child.lines.shift();
      if (process.env.DEBUG_COMPOSE) console.log(`[${name}] ${line}`);
    });
  }
  return child;
}

/**
 * A process started again after a failure when the file's restart policy says so (at most 5
 * times, a second apart), as Docker does; `exited` is its last exit.
 */
function supervised(service: ComposeService, replica: number, launch: () => Child, readyCheck: () => Promise<void>): NativeService {
  let child = launch();
  let stopping = false;
  const exited = new Promise<number | null>((resolve) => {
    const watch = (current: Child, restarts: number) => {
      const done = (code: number | null) => {
        if (!stopping && code !== 0 && service.restartsOnFailure && restarts < 5) {
          if (process.env.DEBUG_COMPOSE) console.log(`[${service.name}] exited (${code}); restarted as its restart policy says`);
          setTimeout(() => {
            child = launch();
            watch(child, restarts + 1);
          }, 1_000);
        } else resolve(code);
      };
      current.once('exit', (code) => done(code));
      current.once('error', () => done(null));
    };
    watch(child, 0);
  });
  const failed = exited.then((code) => (code === 0 ? undefined : Promise.reject(new Error(`${service.name} exited (${code}):\n${child.lines.join('\n')}`))));
  return {
    name: service.name,
    replica,
    pid: () => child.pid,
    ready: Promise.race([readyCheck(), failed]),
    exited,
    async stop() {
      stopping = true;
      if (child.exitCode !== null || child.signalCode !== null) return;
      if (child.pid) process.kill(-child.pid, 'SIGTERM');
      await exited;
    },
  };
}

function fromApp(service: ComposeService, replica: number, app: AppProcess): NativeService {
  return { name: service.name, replica, pid: () => app.pid, ready: app.ready, exited: app.exited.then(() => null), stop: () => app.kill('SIGTERM') };
}

/** The postgres image's first start: its superuser POSTGRES_USER with POSTGRES_PASSWORD, and POSTGRES_DB. */
async function postgresImage(context: NativeContext, service: ComposeService, env: Record<string, string>): Promise<NativeService> {
  const data = nativePath(context, service, '/var/lib/postgresql/data');
  const server: PostgresServer = await startPostgres({ dataDir: data, port: nativePort(context, service.name, 0, 5432), durable: false, ownProcessGroup: false });
  const client = new Client({ connectionString: server.url });
  await client.connect();
  try {
    const user = env.POSTGRES_USER ?? 'postgres';
    await client.query(`create role ${client.escapeIdentifier(user)} with superuser login password ${client.escapeLiteral(env.POSTGRES_PASSWORD ?? '')}`);
    if (env.POSTGRES_DB) await client.query(`create database ${client.escapeIdentifier(env.POSTGRES_DB)} owner ${client.escapeIdentifier(user)}`);
  } finally {
    await client.end();
  }
  return { name: service.name, replica: 0, pid: () => undefined, ready: Promise.resolve(), exited: new Promise(() => undefined), stop: () => server.stop() };
}
