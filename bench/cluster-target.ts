/**
 * The cluster as a benchmark target: a cluster of the run's own (durable PostgreSQL, frontend,
 * history, matching and worker processes, 8 history shards), the CPU of each of its processes
 * from /proc (PostgreSQL: the postmaster, its live backends and the backends it reaped), and
 * where PostgreSQL spent its time: the statements by total execution time (pg_stat_statements)
 * and the rows each table took (pg_stat_user_tables), reset at the start of each measured phase.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { withClient } from '../scripts/cluster-postgres';
import { startScratchCluster } from '../scripts/scratch-cluster';
import type { TemporalCluster } from '../scripts/temporal-cluster';
import path from 'node:path';

const projectDir = path.resolve(__dirname, '..');
const progress = (line: string) => process.stderr.write(`${line}\n`);

export function startBenchCluster(): Promise<TemporalCluster> {
  progress('bench: starting a Temporal cluster (durable PostgreSQL 16, frontend, history, matching and worker processes, 8 history shards) …');
  return startScratchCluster({ projectDir, durable: true, log: progress });
}

const ticksPerSecond = 100;

function statFields(pid: number): string[] | undefined {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  } catch {
    return undefined;
  }
}

/** CPU seconds of a process; with `children`, also of its live children and of those it reaped (a PostgreSQL server). */
export function cpuSecondsOf(pid: number | undefined, children = false): number {
  if (pid === undefined) return 0;
  const own = statFields(pid);
  if (!own) return 0;
  // utime, stime; then cutime, cstime: what reaped children used.
  let ticks = Number(own[11]) + Number(own[12]) + (children ? Number(own[13]) + Number(own[14]) : 0);
  if (children) {
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      const fields = statFields(Number(entry));
      if (fields && Number(fields[1]) === pid) ticks += Number(fields[11]) + Number(fields[12]);
    }
  }
  return ticks / ticksPerSecond;
}

/** CPU seconds of every server process of the target, by name. */
export function serverCpuSeconds(pids: Record<string, number | undefined>): Record<string, number> {
  return Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, cpuSecondsOf(pid, name === 'postgres')]));
}

export interface Statement {
  database: string;
  calls: number;
  totalMs: number;
  meanMs: number;
  query: string;
}

export interface TableActivity {
  database: string;
  table: string;
  inserted: number;
  updated: number;
  deleted: number;
}

export interface Statistics {
  statements: Statement[];
  tables: TableActivity[];
  /** Bytes on disk of each database at the end of the phase, and how much each grew during it. */
  databaseBytes: Record<string, number>;
  grownBytes: Record<string, number>;
  /** The largest tables of Temporal's databases, bytes with indexes. */
  tableBytes: { database: string; table: string; bytes: number }[];
}

const temporalDatabases = ['temporal', 'temporal_visibility'];

/** Starts a measured phase: statement statistics reset, table counters remembered. */
export async function statisticsSince(cluster: TemporalCluster): Promise<() => Promise<Statistics>> {
  await withClient(cluster.postgres.superuserUrl, (client) => client.query('select pg_stat_statements_reset()'));
  const before = await tableCounters(cluster);
  const sizesBefore = await Promise.all(temporalDatabases.map((database) => sizesOf(cluster, database)));
  return async () => {
    const after = await tableCounters(cluster);
    const tables = after
      .map((row) => {
        const earlier = before.find((other) => other.database === row.database && other.table === row.table);
        return { ...row, inserted: row.inserted - (earlier?.inserted ?? 0), updated: row.updated - (earlier?.updated ?? 0), deleted: row.deleted - (earlier?.deleted ?? 0) };
      })
      .filter((row) => row.inserted + row.updated + row.deleted > 0)
      .sort((a, b) => b.inserted + b.updated + b.deleted - (a.inserted + a.updated + a.deleted));
    const statements = await withClient(cluster.postgres.superuserUrl, async (client) => {
      const { rows } = await client.query<{ datname: string; calls: string; total: number; mean: number; query: string }>(
        `select d.datname, s.calls, s.total_exec_time as total, s.mean_exec_time as mean, s.query
           from pg_stat_statements s join pg_database d on d.oid = s.dbid
          where d.datname = any($1) order by s.total_exec_time desc limit 12`,
        [temporalDatabases],
      );
      return rows.map((row) => ({ database: row.datname, calls: Number(row.calls), totalMs: Math.round(row.total), meanMs: Number(row.mean.toFixed(3)), query: row.query.replace(/\s+/g, ' ').slice(0, 160) }));
    });
    const sizes = await Promise.all(temporalDatabases.map((database) => sizesOf(cluster, database)));
    return {
      statements,
      tables,
      databaseBytes: Object.fromEntries(sizes.map((size) => [size.database, size.bytes])),
      grownBytes: Object.fromEntries(sizes.map((size, index) => [size.database, size.bytes - sizesBefore[index]!.bytes])),
      tableBytes: sizes.flatMap((size) => size.tables).sort((a, b) => b.bytes - a.bytes).slice(0, 8),
    };
  };
}

async function tableCounters(cluster: TemporalCluster): Promise<TableActivity[]> {
  const perDatabase = await Promise.all(
    temporalDatabases.map((database) =>
      withClient(cluster.postgres.urlOf(database), async (client) => {
        const { rows } = await client.query<{ relname: string; ins: string; upd: string; del: string }>('select relname, n_tup_ins as ins, n_tup_upd as upd, n_tup_del as del from pg_stat_user_tables');
        return rows.map((row) => ({ database, table: row.relname, inserted: Number(row.ins), updated: Number(row.upd), deleted: Number(row.del) }));
      }),
    ),
  );
  return perDatabase.flat();
}

async function sizesOf(cluster: TemporalCluster, database: string): Promise<{ database: string; bytes: number; tables: { database: string; table: string; bytes: number }[] }> {
  return withClient(cluster.postgres.urlOf(database), async (client) => {
    const total = await client.query<{ bytes: string }>('select pg_database_size(current_database()) as bytes');
    const { rows } = await client.query<{ relname: string; bytes: string }>('select relname, pg_total_relation_size(relid) as bytes from pg_stat_user_tables order by 2 desc limit 8');
    return { database, bytes: Number(total.rows[0]!.bytes), tables: rows.map((row) => ({ database, table: row.relname, bytes: Number(row.bytes) })) };
  });
}
