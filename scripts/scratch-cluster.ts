/**
 * A cluster that lives as long as one run (a test suite, a benchmark, a chaos run): in a folder of
 * the temp directory, on free ports, killed with the process that started it, its folder deleted
 * when it stops.
 */
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type ClusterOptions, type TemporalCluster, startCluster } from './temporal-cluster';

export type ScratchClusterOptions = Omit<ClusterOptions, 'dataDir' | 'frontendPort' | 'postgresPort' | 'attachedToParent'>;

export async function startScratchCluster(options: ScratchClusterOptions): Promise<TemporalCluster> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'campaign-cluster-'));
  // PostgreSQL runs as its own unprivileged user, who must be able to enter the folder.
  chmodSync(dataDir, 0o711);
  const lines: string[] = [];
  const output = (name: string, line: string) => {
    lines.push(`[${name}] ${line}`);
    if (lines.length > 40) lines.shift();
    options.output?.(name, line);
  };
  try {
    const cluster = await startCluster({ durable: false, ...options, dataDir, attachedToParent: true, output });
    return {
      ...cluster,
      async stop() {
        await cluster.stop();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    rmSync(dataDir, { recursive: true, force: true });
    throw new Error(`${(error as Error).message}\nlast lines of the servers:\n${lines.join('\n').slice(-4000)}`, { cause: error });
  }
}
