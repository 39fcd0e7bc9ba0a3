/** Events and bytes of every recorded real run in test/histories, against Temporal's 10,240-event warning. */
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { historiesDir, readHistory } from '../test/support/histories';
import type { Row } from './stack';

export function benchRecordedHistories(): Row[] {
  return readdirSync(historiesDir)
    .filter((file) => file.endsWith('.binpb'))
    .map((file) => {
      const events = readHistory(file).events?.length ?? 0;
      const kib = statSync(path.join(historiesDir, file)).size / 1024;
      return { figure: file.replace('.binpb', ''), ours: `${events} events, ${kib.toFixed(1)} KiB`, baseline: '10,240 events (warning)', ratio: `${((events / 10_240) * 100).toFixed(1)} %` };
    });
}
