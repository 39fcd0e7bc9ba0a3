/**
 * A national launch on the cluster: a campaign of 3,000 units × 30 dated obligations (90,000
 * obligation workflows) launched by its campaign workflow, on a worker with the project's settings.
 * Figures: wall time until every obligation is started and has run its first task, starts per
 * second, the CPU of each server process and of the worker, where PostgreSQL spent its time, and
 * the size of Temporal's store afterwards (each database, the largest tables, bytes per obligation).
 */
import { Worker } from '@temporalio/worker';
import { createActivities } from '../activities';
import { compilePlan } from '../config/compile';
import { definitionSchema } from '../config/definition/schema';
import { rebaseOffset } from '../config/workflow-input';
import { campaignProgressQuery, campaignWorkflowId, type CampaignInput } from '../contracts/campaign';
import { tuningOptions } from '../workers/worker';
import { type Statistics, statisticsSince } from './cluster-target';
import { syntheticDefinition } from './compile';
import { bundles, cpuMeter, type CpuReading, describeCpu, from, pooledTransport, progress, type Row, sleep, withStack } from './stack';

export interface NationalResult {
  units: number;
  obligations: number;
  total: number;
  launchSeconds: number;
  /** Until visibility counts every obligation (each has run its first task and been indexed). */
  visibleSeconds: number;
  cpu: CpuReading;
  statistics: Statistics;
}

const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;

export async function benchNational(units: number, obligations: number): Promise<{ rows: Row[]; result: NationalResult }> {
  const built = await bundles();
  return withStack(
    async ({ client, connection, smtpPort, serverPids, cluster }) => {
      const definition = definitionSchema.parse(syntheticDefinition(units, obligations, { recurring: false }));
      const { plan } = compilePlan(definition);
      const total = plan.instances.length;
      const transport = pooledTransport(smtpPort);
      const worker = await Worker.create({ connection, taskQueue: 'national', workflowBundle: built.ours, activities: createActivities({ transport, from, client }), ...tuningOptions() });
      const running = worker.run();
      try {
        progress(`bench national: ${units} units × ${obligations} obligations = ${total} obligation workflows on the cluster`);
        const statistics = await statisticsSince(cluster!);
        const cpu = cpuMeter(serverPids);
        const startedAt = Date.now();
        const input: CampaignInput = { launch: { definition, taskQueue: 'national', timeOffsetMs: rebaseOffset(plan, Date.now()) }, endsAt: plan.campaign.period.endsAt };
        const campaign = await client.workflow.start('campaignWorkflow', { taskQueue: 'national', workflowId: campaignWorkflowId(plan.campaign.id), args: [input] });
        for (let reported = 0; ; await sleep(1_000)) {
          const state = await campaign.query(campaignProgressQuery);
          if (state.launched >= reported + total / 20) {
            reported = state.launched;
            progress(`  launched ${state.launched}/${total} after ${((Date.now() - startedAt) / 1000).toFixed(0)} s`);
          }
          if (state.phase !== 'launching') break;
        }
        const launchSeconds = (Date.now() - startedAt) / 1000;
        for (;;) {
          const { count } = await client.workflow.count(`CampaignId = "${plan.campaign.id}" AND WorkflowType = "obligationWorkflow"`);
          if (count >= total) break;
          await sleep(2_000);
        }
        const visibleSeconds = (Date.now() - startedAt) / 1000;
        const reading = cpu();
        const result = { units, obligations, total, launchSeconds, visibleSeconds, cpu: reading, statistics: await statistics() };
        return { rows: nationalRows(result), result };
      } finally {
        worker.shutdown();
        await running;
        transport.close();
      }
    },
    undefined,
    'cluster',
  );
}

function nationalRows(result: NationalResult): Row[] {
  const { total, launchSeconds, visibleSeconds, cpu, statistics } = result;
  const bytes = Object.values(statistics.databaseBytes).reduce((sum, value) => sum + value, 0);
  const grown = Object.values(statistics.grownBytes).reduce((sum, value) => sum + value, 0);
  return [
    { figure: `national launch: ${result.units} × ${result.obligations} = ${total} obligations started (s)`, ours: launchSeconds.toFixed(0), baseline: '', ratio: `${(total / launchSeconds).toFixed(0)} starts/s` },
    { figure: 'every obligation visible to the inbox queries (s)', ours: visibleSeconds.toFixed(0), baseline: '', ratio: '' },
    { figure: 'CPU over the launch, % of one core', ours: `worker ${cpu.bench.toFixed(0)} %; ${describeCpu(cpu)}`, baseline: '', ratio: '' },
    { figure: "Temporal's store afterwards (grown by the launch)", ours: `${mib(bytes)} (${Object.entries(statistics.databaseBytes).map(([name, value]) => `${name} ${mib(value)}`).join(', ')})`, baseline: `grown ${mib(grown)} (${Object.entries(statistics.grownBytes).map(([name, value]) => `${name} ${mib(value)}`).join(', ')})`, ratio: `${(grown / total / 1024).toFixed(1)} KiB per obligation` },
    { figure: 'largest tables', ours: statistics.tableBytes.slice(0, 4).map((table) => `${table.table} ${mib(table.bytes)}`).join(', '), baseline: '', ratio: '' },
  ];
}
