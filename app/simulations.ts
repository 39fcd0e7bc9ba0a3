/**
 * The administrator's simulation before launch, as a job: a definition (validated, as for a
 * launch) and an optional behaviour file start the real workflows on the time-skipping server
 * (evaluation/api.ts simulateBeforeLaunch, about half a minute for the seed year); the pages and
 * the API poll its progress and read the result. One simulation runs at a time per server; the
 * last few results are kept in memory (they are a preview, not a record).
 */
import { randomUUID } from 'node:crypto';
import type { LoadedCampaign } from '../config/definition/load';
import { DefinitionError, formatIssue } from '../config/definition/issues';
import { loadBehaviour } from '../evaluation/behaviour';
import { simulateBeforeLaunch, type SimulationReport, type SimulationRequest } from '../evaluation/api';
import { InvalidInputError, RefusedError } from './errors';

export interface SimulationJob {
  id: string;
  campaignId: string;
  title: string;
  /** The campaign's zone: the pages read the plan's times in it. */
  timeZone: string;
  startedBy: string;
  startedAt: string;
  status: 'running' | 'done' | 'failed';
  progress: { planDate: string; done: number; total: number } | undefined;
  finishedAt?: string;
  report?: SimulationReport;
  error?: string;
}

const kept = 5;

export class Simulations {
  private readonly jobs = new Map<string, SimulationJob>();

  constructor(private readonly run: (request: SimulationRequest) => Promise<SimulationReport> = simulateBeforeLaunch) {}

  /** Starts a simulation; a bad behaviour file is refused at once with its located problems. */
  start(campaign: LoadedCampaign, behaviourYaml: string | undefined, startedBy: string): SimulationJob {
    if ([...this.jobs.values()].some((job) => job.status === 'running')) throw new RefusedError('另一次模拟正在进行，请稍后再试');
    if (behaviourYaml !== undefined) {
      try {
        loadBehaviour('behaviour.yaml', campaign.plan, { readFile: () => behaviourYaml });
      } catch (error) {
        if (!(error instanceof DefinitionError)) throw error;
        throw new InvalidInputError({ behaviour: error.issues.map((issue) => formatIssue(issue, 'zh')) });
      }
    }
    const job: SimulationJob = {
      id: randomUUID().replace(/-/g, ''),
      campaignId: campaign.plan.campaign.id,
      title: campaign.plan.campaign.title,
      timeZone: campaign.plan.campaign.timeZone,
      startedBy,
      startedAt: new Date().toISOString(),
      status: 'running',
      progress: undefined,
    };
    this.jobs.set(job.id, job);
    for (const old of [...this.jobs.values()].slice(0, Math.max(0, this.jobs.size - kept))) this.jobs.delete(old.id);
    void this.run({ campaign, ...(behaviourYaml !== undefined ? { behaviourYaml } : {}), onProgress: (progress) => (job.progress = progress) }).then(
      (report) => Object.assign(job, { status: 'done', report, finishedAt: new Date().toISOString() }),
      (error: unknown) => Object.assign(job, { status: 'failed', error: error instanceof Error ? error.message : String(error), finishedAt: new Date().toISOString() }),
    );
    return job;
  }

  get(id: string): SimulationJob | undefined {
    return this.jobs.get(id);
  }
}
