/**
 * Recorded workflow histories for the replay test. Run the time-skipping suites with
 * RECORD_HISTORIES=1 to (re)record them from the current code; commit them when a version is
 * released, so that later code is replayed against what real campaigns have recorded.
 * Stored as protobuf binary (`.binpb`): protojson conversion fails under jest's module registry.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { WorkflowHandle } from '@temporalio/client';
import { temporal } from '@temporalio/proto';

export const historiesDir = path.join(__dirname, '..', 'histories');

export async function recordHistory(name: string, handle: WorkflowHandle): Promise<void> {
  if (process.env.RECORD_HISTORIES !== '1') return;
  const history = await handle.fetchHistory();
  writeFileSync(path.join(historiesDir, `${name}.binpb`), temporal.api.history.v1.History.encode(history).finish());
}

export function readHistory(file: string): temporal.api.history.v1.History {
  return temporal.api.history.v1.History.decode(readFileSync(path.join(historiesDir, file)));
}
