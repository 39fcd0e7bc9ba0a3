/**
 * What the web pages call (the administrator's simulation before launch, the evaluation page and
 * its downloads); the CLI calls the same functions underneath. Errors a person can act on are
 * typed: DefinitionError (a behaviour file's located problems), CampaignNotFoundError,
 * SimulationBusyError.
 */
import path from 'node:path';
import type { Client } from '@temporalio/client';
import type { LoadedCampaign } from '../config/definition/load';
import { ensureTemporalBinaries } from '../scripts/servers';
import { type Behaviour, everyoneOnTime, loadBehaviour } from './behaviour';
import { type ExportFormat, exportContentTypes, renderExport } from './exports';
import { renderHtml } from './exports/html';
import { type CampaignEvaluation, evaluateRunningCampaign } from './read-campaign';
import type { SimulationOptions, SimulationResult } from './simulate';
import { type Evaluation, monthlyRates } from './score';

export { CampaignNotFoundError } from './read-campaign';
export { exportFormats, type ExportFormat } from './exports';

/** Raised when a simulation is asked for while one runs: each takes a time-skipping server and both cores for ~30 s. */
export class SimulationBusyError extends Error {
  readonly code = 'SIMULATION_BUSY';
}

export interface SimulationRequest {
  campaign: LoadedCampaign;
  /** The behaviour file's text (YAML, as config/behaviours/seed-2022.yaml); none: everyone on time. */
  behaviourYaml?: string;
  /** Plan dates (YYYY-MM-DD) to also rank at, from the running campaign. */
  interimAt?: string[];
  onProgress?: SimulationOptions['onProgress'];
  /** Defaults: the provisioned time-skipping server of this checkout, `workflows/` bundled once per process. */
  testServerPath?: string;
  workflowBundle?: SimulationOptions['workflowBundle'];
}

export interface SimulationReport extends SimulationResult {
  /** The HTML report (ranking and on-time charts, breakdowns, the timeline), ready to serve. */
  html: string;
}

let running = false;

/** Simulates the whole campaign before it is launched; one at a time per process. */
export async function simulateBeforeLaunch(request: SimulationRequest): Promise<SimulationReport> {
  if (running) throw new SimulationBusyError('另一次模拟正在进行，请稍后再试');
  running = true;
  try {
    const behaviour: Behaviour = request.behaviourYaml === undefined ? everyoneOnTime : loadBehaviour('behaviour.yaml', request.campaign.plan, { readFile: () => request.behaviourYaml! });
    const testServerPath = request.testServerPath ?? ensureTemporalBinaries({ projectDir: path.resolve(__dirname, '..') }).testServer;
    // Loaded on use: a web server that never simulates does not load the test server's client.
    const { simulateCampaign } = await import('./simulate');
    const result = await simulateCampaign({
      campaign: request.campaign,
      behaviour,
      testServerPath,
      ...(request.workflowBundle ? { workflowBundle: request.workflowBundle } : {}),
      ...(request.interimAt ? { interimAt: request.interimAt } : {}),
      ...(request.onProgress ? { onProgress: request.onProgress } : {}),
    });
    return { ...result, html: renderHtml(result.evaluation, request.campaign.plan.campaign.timeZone, result.timeline) };
  } finally {
    running = false;
  }
}

/**
 * The evaluation as a scoped supervisor reads it: these units' lines (ranking, praise, criticism),
 * their obligations and the monthly on-time rates over them; each unit's rank stays its place in
 * the whole campaign, as the bulletin publishes it.
 */
export function evaluationOfUnits(evaluation: Evaluation, unitIds: ReadonlySet<string>, timeZone: string): Evaluation {
  const kept = (scores: Evaluation['units']) => scores.filter((score) => unitIds.has(score.unit.id));
  const obligations = evaluation.obligations.filter((outcome) => unitIds.has(outcome.unitId));
  return { ...evaluation, units: kept(evaluation.units), praised: kept(evaluation.praised), criticised: kept(evaluation.criticised), obligations, onTimeByMonth: monthlyRates(obligations, timeZone) };
}

/** The interim (running) or final (ended) evaluation of a launched campaign. */
export function campaignEvaluation(client: Client, campaignId: string): Promise<CampaignEvaluation> {
  return evaluateRunningCampaign(client, campaignId);
}

/**
 * A download of the evaluation: file name, content type and bytes; `documentNumber` numbers the
 * DOCX bulletin (BulletinNumberError if malformed); `unitIds`: these units' lines and figures only
 * (a scoped supervisor's export, evaluationOfUnits).
 */
export async function evaluationDownload(client: Client, campaignId: string, format: ExportFormat, options: { documentNumber?: string; unitIds?: ReadonlySet<string> } = {}): Promise<{ fileName: string; contentType: string; body: Buffer }> {
  const { evaluation: whole, timeZone } = await evaluateRunningCampaign(client, campaignId);
  const evaluation = options.unitIds ? evaluationOfUnits(whole, options.unitIds, timeZone) : whole;
  const stage = evaluation.isFinal ? '最终' : `阶段性-${evaluation.asOf.slice(0, 10)}`;
  return {
    fileName: `${evaluation.campaign.title}-考核结果-${stage}.${format}`,
    contentType: exportContentTypes[format],
    body: await renderExport(format, evaluation, { timeZone, ...(options.documentNumber !== undefined ? { documentNumber: options.documentNumber } : {}) }),
  };
}
