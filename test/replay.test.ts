/**
 * Versioning guard: every recorded history in test/histories/ (real runs of the released
 * workflow code: reminders, the ladder with a supervisor's decision, a return for revision, a
 * count obligation) replays against the current code without a non-determinism error. A change
 * to workflow code that would break running campaigns fails here; guard it with `patched()`.
 */
import { readdirSync } from 'node:fs';
import { Worker } from '@temporalio/worker';
import { historiesDir, readHistory } from './support/histories';
import { workflowBundle } from './support/temporal';

const files = readdirSync(historiesDir).filter((file) => file.endsWith('.binpb'));

it('has recorded histories to replay', () => {
  expect(files.length).toBeGreaterThanOrEqual(3);
  // A supervision notice's rectification, started as a child (before 53c6de5) and through an activity.
  expect(files).toEqual(expect.arrayContaining(['obligation-supervised-as-child.binpb', 'obligation-supervised.binpb']));
});

it.each(files)('replays %s against the current workflow code', async (file) => {
  await expect(Worker.runReplayHistory({ workflowBundle: workflowBundle() }, readHistory(file), file)).resolves.toBeUndefined();
});
