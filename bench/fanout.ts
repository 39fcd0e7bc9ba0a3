/**
 * Fan-out: a campaign of U units × O obligations launched by its campaign workflow (the launch
 * activity compiles the plan and starts every obligation, `parallelCalls` starts in flight). Figure: obligations
 * started per second until all run. Baseline in the same run, on the same server: the same client
 * starting as many workflows that only sleep, with the same parallelism. A second baseline
 * separates what the product's data costs from what the engine costs: the same sleepers started
 * with an obligation's input and search attributes. Each baseline runs half before and half after
 * ours, so all three see the SQLite file at the same sizes.
 */
import { Worker } from '@temporalio/worker';
import { createActivities } from '../activities';
import { parallelCalls } from '../activities/fan-out';
import { compilePlan } from '../config/compile';
import { definitionSchema } from '../config/definition/schema';
import { obligationInput, rebaseOffset } from '../config/workflow-input';
import { campaignProgressQuery, campaignWorkflowId, type CampaignInput } from '../contracts/campaign';
import { tuningOptions } from '../workers/worker';
import { initialSearchAttributes } from '../contracts/search-attributes';
import { baselineActivities } from './baseline/activities';
import { syntheticDefinition } from './compile';
import { type Statistics, statisticsSince } from './cluster-target';
import { bundles, cpuMeter, type CpuReading, from, inParallel, limitOf, pooledTransport, progress, ratio, type Row, sleep, type Target, withStack } from './stack';

export interface FanoutResult {
  target: Target;
  total: number;
  /** CPU while ours launched, per server process (the model of more machines is computed from it). */
  cpu: CpuReading;
  /** Cluster only: where PostgreSQL spent the time of our launch. */
  statistics?: Statistics;
  oursSeconds: number;
  baselineSeconds: number;
  /** Sleepers started with an obligation's input and search attributes. */
  sizedSeconds: number;
}

export async function benchFanout(units: number, obligations: number, pragmas?: string[], target: Target = 'dev'): Promise<{ rows: Row[]; result: FanoutResult }> {
  const built = await bundles();
  return withStack(async ({ client, connection, smtpPort, serverPids, cluster }) => {
    const definition = definitionSchema.parse(syntheticDefinition(units, obligations, { recurring: false }));
    const { plan } = compilePlan(definition);
    const total = plan.instances.length;
    const transport = pooledTransport(smtpPort);
    // Ours with the worker's own settings (workers/worker.ts), the baseline with the SDK's.
    const ours = await Worker.create({ connection, taskQueue: 'fanout', workflowBundle: built.ours, activities: createActivities({ transport, from, client }), ...tuningOptions() });
    const baseline = await Worker.create({ connection, taskQueue: 'fanout-baseline', workflowBundle: built.baseline, activities: baselineActivities(transport, from) });
    const running = Promise.all([ours.run(), baseline.run()]);
    const timeOffsetMs = rebaseOffset(plan, Date.now());
    const startSleepers = async (first: number, count: number, sized: boolean) => {
      const startedAt = Date.now();
      await inParallel(
        count,
        parallelCalls,
        (index) => {
          if (!sized) return client.workflow.start('sleeper', { taskQueue: 'fanout-baseline', workflowId: `baseline-${first + index}` });
          const input = obligationInput(plan, definition, plan.instances[first + index]!, { timeOffsetMs, campaignWorkflowId: 'campaign/sized-baseline' });
          return client.workflow.start('sleeper', { taskQueue: 'fanout-baseline', workflowId: `sized-${first + index}`, args: [input], typedSearchAttributes: initialSearchAttributes(input) });
        },
        sized ? 'sized baseline started' : 'baseline started',
      );
      return (Date.now() - startedAt) / 1000;
    };
    try {
      const half = Math.floor(total / 2);
      progress(`bench fanout baseline, first half: ${half} workflows that only sleep, ${parallelCalls} starts in flight (as the launch)`);
      const firstHalf = await startSleepers(0, half, false);
      progress(`bench fanout sized baseline, first half: ${half} sleepers with an obligation's input and search attributes`);
      const sizedFirstHalf = await startSleepers(0, half, true);

      progress(`bench fanout: ${units} units × ${obligations} obligations = ${total} obligation workflows`);
      const input: CampaignInput = { launch: { definition, taskQueue: 'fanout', timeOffsetMs }, endsAt: plan.campaign.period.endsAt };
      const statistics = cluster ? await statisticsSince(cluster) : undefined;
      const cpu = cpuMeter(serverPids);
      const startedAt = Date.now();
      const campaign = await client.workflow.start('campaignWorkflow', { taskQueue: 'fanout', workflowId: campaignWorkflowId(plan.campaign.id), args: [input] });
      const step = Math.max(1, Math.floor(total / 10));
      for (let reported = 0; ; await sleep(250)) {
        const state = await campaign.query(campaignProgressQuery);
        if (state.launched >= reported + step) {
          reported = state.launched - (state.launched % step);
          progress(`  launched: ${state.launched}/${total}`);
        }
        if (state.phase !== 'launching') break;
      }
      const oursSeconds = (Date.now() - startedAt) / 1000;
      const oursCpu = cpu();
      const oursStatistics = await statistics?.();

      progress(`bench fanout sized baseline, second half: ${total - half} sleepers with an obligation's input and search attributes`);
      const sizedSeconds = sizedFirstHalf + (await startSleepers(half, total - half, true));
      progress(`bench fanout baseline, second half: ${total - half} workflows that only sleep`);
      const baselineSeconds = firstHalf + (await startSleepers(half, total - half, false));
      const oursRate = total / oursSeconds;
      const baselineRate = total / baselineSeconds;
      const sizedRate = total / sizedSeconds;
      const on = target === 'cluster' ? 'cluster: ' : '';
      const rows = [
        { figure: `${on}${total} obligations started (s)`, ours: oursSeconds.toFixed(1), baseline: baselineSeconds.toFixed(1), ratio: ratio(oursSeconds, baselineSeconds) },
        { figure: `${on}starts per second (${total})`, ours: oursRate.toFixed(0), baseline: baselineRate.toFixed(0), ratio: `${ratio(oursRate, baselineRate)} (target ≥ 0.80×)` },
        {
          figure: `${on}starts per second (${total}), sleepers with our input and search attributes as baseline`,
          ours: oursRate.toFixed(0),
          baseline: sizedRate.toFixed(0),
          ratio: `${ratio(oursRate, sizedRate)} (the engine's own cost)`,
        },
        { figure: `${on}CPU while ours launched`, ours: `${limitOf(oursCpu)}`, baseline: '', ratio: '' },
      ];
      return { rows, result: { target, total, oursSeconds, baselineSeconds, sizedSeconds, cpu: oursCpu, ...(oursStatistics ? { statistics: oursStatistics } : {}) } };
    } finally {
      ours.shutdown();
      baseline.shutdown();
      await running;
      transport.close();
    }
  }, pragmas, target);
}
