/**
 * `npm run bench -- store [--claims 2000]`: the embedded PostgreSQL's first start (initdb and
 * start) and restart, opening the store on a new database (every migration), and what a send
 * pays for the ledger: a claim, and a claim with its recordSent, one after another from one
 * process, next to the file ledger it replaces (find + record of one JSON file on local disk).
 * The servers here are durable (fsync on), as `npm start`'s.
 */
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { folderSendLedger } from '../activities/send-ledger';
import { ensureDatabase, startPostgres } from '../scripts/postgres';
import { openStore } from '../store/database';
import { progress, ratio, type Row } from './stack';

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * p))]!;
const ms = (value: number) => `${value.toFixed(value < 10 ? 2 : 0)} ms`;

async function timed<T>(run: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const value = await run();
  return [value, performance.now() - started];
}

/** Each call's time, run `count` times one after another. */
async function each(count: number, run: (index: number) => Promise<unknown>): Promise<number[]> {
  const times: number[] = [];
  for (let index = 0; index < count; index += 1) times.push((await timed(() => run(index)))[1]);
  return times;
}

export async function benchStore(argv: string[]): Promise<{ rows: Row[]; figures: Record<string, number> }> {
  const { values } = parseArgs({ args: argv, options: { claims: { type: 'string', default: '2000' } } });
  const claims = Number(values.claims);
  const folder = mkdtempSync(path.join(tmpdir(), 'campaign-bench-store-'));
  chmodSync(folder, 0o755); // the server's user must reach its data folder
  try {
    progress('bench: first start of the embedded PostgreSQL (initdb, start) …');
    const dataDir = path.join(folder, 'postgres');
    const [first, firstStartMs] = await timed(() => startPostgres({ dataDir }));
    await first.stop();
    const restarts: number[] = [];
    for (let run = 0; run < 3; run += 1) {
      const [server, restartMs] = await timed(() => startPostgres({ dataDir }));
      restarts.push(restartMs);
      await server.stop();
    }
    const server = await startPostgres({ dataDir });
    try {
      const [store, openMs] = await timed(async () => openStore({ url: await ensureDatabase(server.url, 'bench'), poolSize: 2 }));
      try {
        progress(`bench: ${claims} claims, ${claims} claims with recordSent, the file ledger …`);
        const receipt = { messageId: '<bench@campaigns.localhost>', accepted: ['unit@example.gov.cn'], rejected: [] };
        const claimTimes = await each(claims, (index) => store.sendLedger.claim(`bench/claim/${index}`, 'bench', 60_000));
        const sendTimes = await each(claims, async (index) => {
          await store.sendLedger.claim(`bench/send/${index}`, 'bench', 60_000);
          await store.sendLedger.recordSent(`bench/send/${index}`, receipt, 'bench');
        });
        const files = folderSendLedger(path.join(folder, 'sent'));
        const fileTimes = await each(claims, async (index) => {
          await files.claim(`bench/file/${index}`, 'bench', 60_000);
          await files.recordSent(`bench/file/${index}`, receipt);
        });
        const figures = {
          firstStartMs,
          restartMs: median(restarts),
          openStoreMs: openMs,
          claimMedianMs: median(claimTimes),
          claimP99Ms: percentile(claimTimes, 0.99),
          sendMedianMs: median(sendTimes),
          fileLedgerMedianMs: median(fileTimes),
        };
        const rows: Row[] = [
          { figure: 'first start (initdb + start, until a query answers)', ours: ms(firstStartMs), baseline: '—', ratio: '—' },
          { figure: 'restart on the same data (median of 3)', ours: ms(figures.restartMs), baseline: '—', ratio: '—' },
          { figure: 'openStore on a new database (every migration)', ours: ms(openMs), baseline: '—', ratio: '—' },
          { figure: `claim round trip, median (p99) of ${claims}`, ours: `${ms(figures.claimMedianMs)} (${ms(figures.claimP99Ms)})`, baseline: '—', ratio: '—' },
          { figure: 'ledger cost of one send: claim + recordSent vs. file find + record', ours: ms(figures.sendMedianMs), baseline: ms(figures.fileLedgerMedianMs), ratio: ratio(figures.sendMedianMs, figures.fileLedgerMedianMs) },
        ];
        return { rows, figures };
      } finally {
        await store.close();
      }
    } finally {
      await server.stop();
    }
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
