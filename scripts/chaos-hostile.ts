/**
 * `npm run chaos -- --scenario hostile`: a hostile but unauthenticated client against the real web
 * server process (`web/main.ts`, its store on PostgreSQL, Temporal's dev server), with figures:
 *
 * - memory: the web process's RSS before and after 2,000 failed log-ins with the largest fields
 *   the schema takes (and 200 more with 3 MB user names, which the schema refuses unread);
 * - latency: other requests (`/healthz`, a supervisor's inbox) alone and during a log-in flood;
 * - disk: the store's size before and after an upload flood from one unit's link.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { pathToFileURL } from 'node:url';
import { Client } from 'pg';
import { hashPassword } from '../app/passwords';
import { signUnitToken } from '../app/unit-links';
import { killGroup } from './dev-server';
import { freePort } from './postgres';

const projectDir = path.resolve(__dirname, '..');
const secret = 'chaos-hostile-secret-0123456789abcdefghijklmnop';
const supervisorPassword = 'chaos-supervisor-pass';

export interface HostileFigures {
  memory: { rssBeforeMb: number; rssAfterMb: number; attempts: number; statuses: Record<number, number>; hugeNames: number; hugeStatuses: Record<number, number>; rssAfterHugeMb: number[] };
  latency: { alone: Quantiles; duringFlood: Quantiles; floodAttempts: number; floodStatuses: Record<number, number> };
  disk: { storeBeforeMb: number; storeAfterMb: number; uploads: number; accepted: number; refused: number; uploadMb: number };
}

interface Quantiles {
  requests: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
}

/** Runs the three measurements against a web server process of its own; `databaseUrl` is a fresh store database. */
export async function hostileClient(options: { temporalAddress: string; databaseUrl: string; progress: (line: string) => void }): Promise<HostileFigures> {
  const { child, baseUrl } = await startWebProcess(options.temporalAddress, options.databaseUrl);
  try {
    options.progress('chaos: hostile client — memory under failed log-ins …');
    const memory = await memoryUnderFailedLogIns(child, baseUrl);
    options.progress('chaos: hostile client — latency of other requests during a log-in flood …');
    const latency = await latencyDuringFlood(baseUrl);
    options.progress('chaos: hostile client — disk under an upload flood from one link …');
    const disk = await diskUnderUploadFlood(baseUrl, options.databaseUrl);
    return { memory, latency, disk };
  } finally {
    killGroup(child, 'SIGTERM');
  }
}

async function startWebProcess(temporalAddress: string, databaseUrl: string): Promise<{ child: ChildProcess; baseUrl: string }> {
  const port = await freePort();
  const accounts = JSON.stringify([{ username: 'li', name: '督办科长李四', role: 'supervisor', passwordHash: hashPassword(supervisorPassword) }]);
  // One process (tsx as a loader, not its CLI, which would run the server in a child): its RSS is the server's.
  const child = spawn(process.execPath, ['--import', pathToFileURL(require.resolve('tsx')).href, path.join(projectDir, 'web/main.ts')], {
    cwd: projectDir,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, TEMPORAL_ADDRESS: temporalAddress, DATABASE_URL: databaseUrl, LINK_SECRET: secret, WEB_ACCOUNTS: accounts, WEB_PORT: String(port), WEB_MAX_UPLOAD_MB: '5', UNIT_UPLOAD_QUOTA_MB: '50' },
  });
  const errors: string[] = [];
  readline.createInterface({ input: child.stderr! }).on('line', (line) => errors.push(line));
  await new Promise<void>((resolve, reject) => {
    readline.createInterface({ input: child.stdout! }).on('line', (line) => line.includes('web: pages at') && resolve());
    child.once('exit', (code) => reject(new Error(`the web server exited (${code}) before listening:\n${errors.slice(-10).join('\n')}`)));
  });
  return { child, baseUrl: `http://127.0.0.1:${port}` };
}

const rssMb = (child: ChildProcess) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;

const logIn = (baseUrl: string, username: string, password: string) =>
  fetch(`${baseUrl}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });

function tally(statuses: Record<number, number>, status: number): void {
  statuses[status] = (statuses[status] ?? 0) + 1;
}

async function memoryUnderFailedLogIns(child: ChildProcess, baseUrl: string): Promise<HostileFigures['memory']> {
  // Settle the process first (the first requests load code); then before and after, with a collection's time between.
  for (let index = 0; index < 20; index += 1) await fetch(`${baseUrl}/healthz`);
  const rssBeforeMb = rssMb(child);
  const statuses: Record<number, number> = {};
  const attempts = 2_000;
  // From as many "addresses" as attempts cannot be had on loopback; the names differ, the fields are as long as allowed.
  await inParallel(attempts, 8, async (index) => tally(statuses, (await logIn(baseUrl, `${'u'.repeat(58)}${String(index).padStart(6, '0')}`, 'p'.repeat(256))).status));
  await new Promise((resolve) => setTimeout(resolve, 5_000));
  const rssAfterMb = rssMb(child);
  // Three rounds of 3 MB names: the heap grows with the bodies parsed, then stays (nothing kept).
  const hugeStatuses: Record<number, number> = {};
  const hugeNames = 100;
  const rssAfterHugeMb: number[] = [];
  for (let round = 0; round < 3; round += 1) {
    await inParallel(hugeNames, 4, async (index) => tally(hugeStatuses, (await logIn(baseUrl, `${'名'.repeat(1_000_000)}${index}`, 'x')).status));
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    rssAfterHugeMb.push(Math.round(rssMb(child)));
  }
  return { rssBeforeMb: round(rssBeforeMb), rssAfterMb: round(rssAfterMb), attempts, statuses, hugeNames: hugeNames * 3, hugeStatuses, rssAfterHugeMb };
}

async function latencyDuringFlood(baseUrl: string): Promise<HostileFigures['latency']> {
  await new Promise((resolve) => setTimeout(resolve, 61_000)); // the global failure window of the memory run has passed
  const session = await logIn(baseUrl, 'li', supervisorPassword);
  const cookie = session.headers.getSetCookie().map((value) => value.split(';')[0]).join('; ');
  const alone = await probe(baseUrl, cookie, 10_000);
  let flooding = true;
  const floodStatuses: Record<number, number> = {};
  let floodAttempts = 0;
  const flood = Promise.all(
    Array.from({ length: 16 }, async (_, worker) => {
      while (flooding) {
        floodAttempts += 1;
        tally(floodStatuses, (await logIn(baseUrl, `guess-${worker}-${floodAttempts}`, 'wrong-password')).status);
      }
    }),
  );
  const duringFlood = await probe(baseUrl, cookie, 15_000);
  flooding = false;
  await flood;
  return { alone, duringFlood, floodAttempts, floodStatuses };
}

/** Requests other people make (health, a supervisor's inbox), one after another for `forMs`. */
async function probe(baseUrl: string, cookie: string, forMs: number): Promise<Quantiles> {
  const times: number[] = [];
  for (const stop = Date.now() + forMs; Date.now() < stop; ) {
    const started = performance.now();
    await fetch(`${baseUrl}/healthz`);
    await fetch(`${baseUrl}/api/campaigns`, { headers: { cookie } });
    times.push((performance.now() - started) / 2);
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => round(times[Math.min(times.length - 1, Math.floor(q * times.length))] ?? 0);
  return { requests: times.length * 2, p50Ms: at(0.5), p95Ms: at(0.95), maxMs: round(times.at(-1) ?? 0) };
}

async function diskUnderUploadFlood(baseUrl: string, databaseUrl: string): Promise<HostileFigures['disk']> {
  const size = async () => {
    const client = new Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      const { rows } = await client.query<{ bytes: string }>('select pg_database_size(current_database()) as bytes');
      return Number(rows[0]!.bytes) / 2 ** 20;
    } finally {
      await client.end();
    }
  };
  const storeBeforeMb = await size();
  const authorization = `Bearer ${signUnitToken({ campaignId: 'flood', unitId: 'tengzhou' }, secret, Date.now() + 3_600_000)}`;
  const uploadMb = 4;
  const uploads = 40; // 160 MB offered against a 50 MB quota
  let accepted = 0;
  let refused = 0;
  for (let index = 0; index < uploads; index += 1) {
    const form = new FormData();
    form.append('files', new Blob([Buffer.alloc(uploadMb * 2 ** 20, index)]), `材料${index}.pdf`);
    const answer = await fetch(`${baseUrl}/api/unit/attachments`, { method: 'POST', headers: { authorization }, body: form });
    if (answer.status === 200) accepted += 1;
    else refused += 1;
  }
  return { storeBeforeMb: round(storeBeforeMb), storeAfterMb: round(await size()), uploads, accepted, refused, uploadMb };
}

async function inParallel(count: number, width: number, run: (index: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: width }, async () => {
    while (next < count) await run(next++);
  }));
}

const round = (value: number) => Math.round(value * 10) / 10;
