/**
 * The seed year on the time-skipping server: `simulate` of the seed campaign with its behaviour
 * file (the real workflows and activities, real SMTP to a catcher). Baseline in the same run, on a
 * time-skipping server of its own: as many minimal workflows sleeping through the same planned
 * instants (reminders, deadline, ladder), and the same scripted moments visited by the client
 * with a signal each: what Temporal's time-skipping costs for this timeline, with no engine.
 * The same run reads every workflow's recorded history (the `history` figures).
 */
import path from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { loadCampaign } from '../config/definition/load';
import { rebaseOffset } from '../config/workflow-input';
import { loadBehaviour } from '../evaluation/behaviour';
import { scriptActions } from '../evaluation/script';
import { type HistorySize, simulateCampaign } from '../evaluation/simulate';
import { ensureTemporalBinaries } from '../scripts/servers';
import { bundles, progress, projectDir, ratio, type Row } from './stack';

const seedFile = path.join(projectDir, 'config/campaigns/zaozhuang-2022-ip-protection.yaml');
const behaviourFile = path.join(projectDir, 'config/behaviours/seed-2022.yaml');

export interface SimulationFigures {
  oursSeconds: number;
  baselineSeconds: number;
  messages: number;
  histories: HistorySize[];
}

export async function benchSimulation(): Promise<{ rows: Row[]; figures: SimulationFigures }> {
  const campaign = loadCampaign(seedFile);
  const behaviour = loadBehaviour(behaviourFile, campaign.plan);
  const testServerPath = ensureTemporalBinaries({ projectDir }).testServer;
  const built = await bundles();

  progress('bench simulation: the seed year, real workflows, on the time-skipping server …');
  const startedAt = Date.now();
  let lastMonth = '';
  const result = await simulateCampaign({
    campaign,
    behaviour,
    testServerPath,
    workflowBundle: built.ours,
    measureHistories: true,
    onProgress: ({ planDate }) => {
      if (planDate.slice(0, 7) !== lastMonth) progress(`  plan date ${(lastMonth = planDate.slice(0, 7))}`);
    },
  });
  const oursSeconds = (Date.now() - startedAt) / 1000;

  progress('bench simulation baseline: minimal workflows through the same instants …');
  const baselineSeconds = await timeBaseline(campaign, scriptActions(campaign.plan, campaign.definition, behaviour).map((action) => action.at), testServerPath, built.baseline);
  const histories = result.histories ?? [];
  const rows: Row[] = [
    { figure: `seed year (${campaign.plan.instances.length} obligations, ${result.mailCount} messages), wall time (s)`, ours: oursSeconds.toFixed(1), baseline: baselineSeconds.toFixed(1), ratio: ratio(oursSeconds, baselineSeconds) },
    ...historyRows(histories),
  ];
  return { rows, figures: { oursSeconds, baselineSeconds, messages: result.mailCount, histories } };
}

async function timeBaseline(campaign: ReturnType<typeof loadCampaign>, scripted: string[], testServerPath: string, bundle: { code: string }): Promise<number> {
  const startedAt = Date.now();
  const env = await TestWorkflowEnvironment.createTimeSkipping({ server: { executable: { type: 'existing-path', path: testServerPath } } });
  const worker = await Worker.create({ connection: env.nativeConnection, taskQueue: 'simulation-baseline', workflowBundle: bundle, activities: {} });
  const running = worker.run();
  try {
    const { plan } = campaign;
    const offset = rebaseOffset(plan, await env.currentTimeMs());
    const endMs = Date.parse(plan.campaign.period.endsAt) + offset;
    // One at a time, as the launch does: the time-skipping server counts its clients' calls to
    // know when it may skip time, and many concurrent starts or result waits confuse that count.
    const handles = [];
    for (const instance of plan.instances) {
      const instants = [...instance.schedule.reminders, ...instance.schedule.escalations].map((step) => Date.parse(step.at)).concat(Date.parse(instance.schedule.dueAt));
      handles.push(await env.client.workflow.start('timerChain', { taskQueue: 'simulation-baseline', workflowId: `baseline/${instance.id}`, args: [instants.sort((a, b) => a - b).map((at) => at + offset), endMs] }));
    }
    for (const [index, at] of scripted.entries()) {
      const remaining = Date.parse(at) + offset - (await env.currentTimeMs());
      if (remaining > 0) await env.sleep(remaining);
      await handles[index % handles.length]!.signal('poke');
    }
    for (const handle of handles) await handle.result();
    return (Date.now() - startedAt) / 1000;
  } finally {
    worker.shutdown();
    await running;
    await env.teardown();
  }
}

/** The largest workflows of the run against Temporal's warning (10,240 events; 10 MiB). */
function historyRows(histories: HistorySize[]): Row[] {
  const obligations = histories.filter((history) => !history.workflowId.startsWith('campaign/'));
  const perObligation = obligations.reduce((sum, history) => sum + history.events, 0) / Math.max(obligations.length, 1);
  const bytesPerObligation = obligations.reduce((sum, history) => sum + history.bytes, 0) / Math.max(obligations.length, 1);
  return [
    ...histories.slice(0, 3).map((history) => ({
      figure: `history of ${history.workflowId}`,
      ours: `${history.events} events, ${(history.bytes / 1024).toFixed(1)} KiB`,
      baseline: '10,240 events (warning)',
      ratio: `${((history.events / 10_240) * 100).toFixed(1)} %`,
    })),
    { figure: `mean history per obligation (${obligations.length})`, ours: `${perObligation.toFixed(0)} events, ${(bytesPerObligation / 1024).toFixed(1)} KiB`, baseline: '10,240 events (warning)', ratio: `${((perObligation / 10_240) * 100).toFixed(1)} %` },
  ];
}
