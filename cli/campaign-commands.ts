/**
 * The administrators' commands, as functions `(args, io) => exit code` so that tests call them
 * directly: 0 ok, 1 the definition is invalid, 2 wrong usage, 3 the campaign refused the action
 * (its reason is printed).
 */
import os from 'node:os';
import { Client, Connection, QueryNotRegisteredError, ServiceError, WorkflowExecutionAlreadyStartedError, type WorkflowHandle, WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { isCalendarDate } from '../config/calendar';
import { type Language, DefinitionError, formatIssue, sortIssues } from '../config/definition/issues';
import { loadEnv } from '../config/env';
import { rebaseOffset } from '../config/workflow-input';
import { amendCampaignUpdate, type CampaignInput, type CampaignProgress, campaignProgressQuery, campaignWorkflowId, cancelCampaignUpdate, pauseCampaignUpdate, resumeCampaignUpdate } from '../contracts/campaign';
import { loadCampaign, type LoadedCampaign } from '../config/definition/load';
import { type PlanFormat, planChunks, planFormats } from './plan-format';
import { progressBar } from './progress';

export const exitCodes = { ok: 0, invalid: 1, usage: 2, refused: 3 } as const;
export type ExitCode = (typeof exitCodes)[keyof typeof exitCodes];

export interface CommandIo {
  cwd: string;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** stderr is a terminal a person watches: progress bars are drawn (default: not). */
  isTTY?: boolean;
}

/**
 * `validate FILE…`: every issue of every file, each with file, line, column and field, and the
 * warnings (a year on the provisional calendar): a file with only warnings is valid (exit 0).
 */
export function validateCommand(files: string[], options: { lang: Language }, io: CommandIo): ExitCode {
  let invalid = 0;
  const isZh = options.lang === 'zh';
  const warningCount = (count: number) => (count === 0 ? '' : isZh ? `；${count} 条警告` : `; ${count} warning${count > 1 ? 's' : ''}`);
  for (const file of files) {
    try {
      const { plan, warnings } = loadCampaign(file, { cwd: io.cwd });
      for (const warning of warnings) io.stderr(`${formatIssue(warning, options.lang)}\n`);
      io.stdout(
        isZh
          ? `${file}：有效（${plan.instances.length} 项任务实例，${plan.schedules.length} 个截止时间${warningCount(warnings.length)}）\n`
          : `${file}: valid (${plan.instances.length} obligation instances, ${plan.schedules.length} deadlines${warningCount(warnings.length)})\n`,
      );
    } catch (error) {
      if (!(error instanceof DefinitionError)) throw error;
      invalid += 1;
      for (const issue of sortIssues([...error.issues, ...error.warnings])) io.stderr(`${formatIssue(issue, options.lang)}\n`);
      const count = error.issues.length;
      io.stderr(isZh ? `${file}：${count} 处错误${warningCount(error.warnings.length)}\n` : `${file}: ${count} problem${count > 1 ? 's' : ''}${warningCount(error.warnings.length)}\n`);
    }
  }
  return invalid > 0 ? exitCodes.invalid : exitCodes.ok;
}

export interface PlanOptions {
  unit?: string;
  from?: string;
  to?: string;
  format: string;
  lang: Language;
}

/**
 * `plan FILE…`: the timeline of every deadline, reminder and escalation step; with several files
 * (overlapping campaigns for the same units), their moments together, each row naming its campaign.
 */
export function planCommand(files: string | string[], options: PlanOptions, io: CommandIo): ExitCode {
  const names = Array.isArray(files) ? files : [files];
  if (!planFormats.includes(options.format as PlanFormat)) {
    io.stderr(`--format must be one of ${planFormats.join(', ')}, not "${options.format}"\n`);
    return exitCodes.usage;
  }
  for (const [name, value] of [['--from', options.from], ['--to', options.to]] as const) {
    if (value !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(value)) {
      io.stderr(`${name} must be a date YYYY-MM-DD, not "${value}"\n`);
      return exitCodes.usage;
    }
    if (value !== undefined && !isCalendarDate(value)) {
      io.stderr(`${name} must be a date that exists, not "${value}"\n`);
      return exitCodes.usage;
    }
  }
  if (options.from !== undefined && options.to !== undefined && options.from > options.to) {
    io.stderr(`--from ${options.from} is after --to ${options.to}: no moment can be in that window\n`);
    return exitCodes.usage;
  }
  const loaded: LoadedCampaign[] = [];
  let isInvalid = false;
  for (const file of names) {
    try {
      loaded.push(loadCampaign(file, { cwd: io.cwd }));
    } catch (error) {
      if (!(error instanceof DefinitionError)) throw error;
      for (const issue of error.issues) io.stderr(`${formatIssue(issue, options.lang)}\n`);
      isInvalid = true;
    }
  }
  if (isInvalid) return exitCodes.invalid;
  if (options.unit && !loaded.some(({ definition }) => definition.units.some((unit) => unit.id === options.unit))) {
    const units = [...new Set(loaded.flatMap(({ definition }) => definition.units.map((unit) => unit.id)))];
    io.stderr(`--unit "${options.unit}" is not a unit of ${names.join(', ')}; units: ${units.join(', ')}\n`);
    return exitCodes.usage;
  }
  // Across campaigns, a campaign the unit is not in has nothing to show.
  const plans = loaded.filter(({ definition }) => names.length === 1 || !options.unit || definition.units.some((unit) => unit.id === options.unit)).map(({ plan }) => plan);
  for (const chunk of planChunks(plans, options.format as PlanFormat, { unitId: options.unit, from: options.from, to: options.to })) io.stdout(chunk);
  return exitCodes.ok;
}

export interface LaunchOptions {
  /** `now`, or an ISO date-time: the server instant the campaign's start maps to (rehearsal, simulation). */
  rebaseTo?: string;
  /** false (`--no-wait`): return once the campaign workflow is started, without following the launch. */
  wait?: boolean;
  json?: boolean;
  /** Who launches (recorded on the campaign, shown on its overview); default: the login name. */
  by?: string;
  lang: Language;
}

/** How often `start` reads the campaign's progress while it launches its obligations. */
const progressPollMs = 250;

/**
 * `start FILE` (alias `launch`): validates, then starts the campaign workflow (ID
 * `campaign/<id>`), which starts every obligation; follows the launch until every obligation is
 * started, with a progress bar on a terminal, unless `--no-wait`. A campaign that was already
 * launched is reported, not started again.
 */
export async function launchCommand(file: string, options: LaunchOptions, io: CommandIo & { env: NodeJS.ProcessEnv }): Promise<ExitCode> {
  let rebaseToMs: number | undefined;
  if (options.rebaseTo !== undefined) {
    rebaseToMs = options.rebaseTo === 'now' ? Date.now() : Date.parse(options.rebaseTo);
    if (Number.isNaN(rebaseToMs)) {
      io.stderr(`--rebase-to must be "now" or a date-time like 2026-12-01T09:00:00+08:00, not "${options.rebaseTo}"\n`);
      return exitCodes.usage;
    }
  }
  let loaded;
  try {
    loaded = loadCampaign(file, { cwd: io.cwd });
  } catch (error) {
    if (!(error instanceof DefinitionError)) throw error;
    for (const issue of error.issues) io.stderr(`${formatIssue(issue, options.lang)}\n`);
    return exitCodes.invalid;
  }
  const env = loadEnv(io.env);
  const { plan, definition } = loaded;
  const connection = await Connection.connect({ address: env.TEMPORAL_ADDRESS });
  try {
    const client = new Client({ connection, namespace: env.TEMPORAL_NAMESPACE });
    const workflowId = campaignWorkflowId(plan.campaign.id);
    const offset = rebaseToMs !== undefined ? rebaseOffset(plan, rebaseToMs) : undefined;
    // Who launched it, at plan time, as the pages record it.
    const launchedBy = { by: options.by ?? os.userInfo().username, at: new Date(Date.now() - (offset ?? 0)).toISOString() };
    const input: CampaignInput = {
      launch: { definition, taskQueue: env.TEMPORAL_TASK_QUEUE, ...(offset !== undefined ? { timeOffsetMs: offset } : {}) },
      endsAt: plan.campaign.period.endsAt,
      launchedBy,
    };
    const link = `http://127.0.0.1:${env.TEMPORAL_UI_PORT}/namespaces/${env.TEMPORAL_NAMESPACE}/workflows/${encodeURIComponent(workflowId)}`;
    const result = {
      campaignId: plan.campaign.id,
      workflowId,
      started: true,
      instances: plan.instances.length,
      ...(rebaseToMs !== undefined ? { rebasedTo: new Date(rebaseToMs).toISOString() } : {}),
      link,
    };
    try {
      await client.workflow.start('campaignWorkflow', { taskQueue: env.TEMPORAL_TASK_QUEUE, workflowId, workflowIdReusePolicy: 'REJECT_DUPLICATE', args: [input], memo: { launchedBy } });
    } catch (error) {
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
      if (options.json) io.stdout(`${JSON.stringify({ ...result, started: false }, null, 2)}\n`);
      else io.stdout(`${plan.campaign.title}: already launched as ${workflowId}; nothing was started again\n`);
      return exitCodes.ok;
    }
    if (!options.json) {
      io.stdout(
        `${plan.campaign.title}: launched as ${workflowId}, ${plan.instances.length} obligation instances` +
          `${rebaseToMs !== undefined ? `, rebased: ${plan.campaign.period.start} runs at ${new Date(rebaseToMs).toISOString()}` : ''}\n` +
          `  ${link}\n`,
      );
    }
    if (options.wait === false) {
      if (options.json) io.stdout(`${JSON.stringify(result, null, 2)}\n`);
      return exitCodes.ok;
    }
    const progress = await followLaunch(client.workflow.getHandle(workflowId), plan.instances.length, io);
    if (options.json) io.stdout(`${JSON.stringify({ ...result, progress }, null, 2)}\n`);
    else io.stdout(`${workflowId}: ${progress.launched} obligations started, ${progress.alreadyRunning} already running; phase ${progress.phase}\n`);
    return exitCodes.ok;
  } finally {
    await connection.close();
  }
}

/** Reads the campaign's progress until its launch phase ends, drawing the bar as `status` does. */
async function followLaunch(handle: WorkflowHandle, instances: number, io: CommandIo): Promise<CampaignProgress> {
  const report = progressBar(io, '启动任务');
  for (;;) {
    let progress: CampaignProgress | undefined;
    try {
      progress = await handle.query(campaignProgressQuery);
    } catch (error) {
      // The first workflow task has not run yet: the query has no answer until it has.
      if (!(error instanceof QueryNotRegisteredError) && !(error instanceof ServiceError)) throw error;
    }
    if (progress) {
      const total = progress.total ?? instances;
      const done = progress.launched + progress.alreadyRunning;
      if (progress.phase !== 'launching') {
        report(total, total);
        return progress;
      }
      report(done, total);
    }
    await new Promise((resolve) => setTimeout(resolve, progressPollMs));
  }
}

export interface AdminOptions {
  by: string;
  reason: string;
  json?: boolean;
  lang: Language;
}

const updates = { pause: pauseCampaignUpdate, resume: resumeCampaignUpdate, cancel: cancelCampaignUpdate } as const;

/**
 * `pause|resume|cancel CAMPAIGN_ID`, `amend FILE`: an administrator's action on a running
 * campaign, with who and why. A refusal (already paused, not running, …) prints the campaign's reason.
 */
export async function adminCommand(
  action: keyof typeof updates | 'amend',
  target: string,
  options: AdminOptions,
  io: CommandIo & { env: NodeJS.ProcessEnv },
): Promise<ExitCode> {
  let campaignId = target;
  let definition: unknown;
  if (action === 'amend') {
    try {
      const loaded = loadCampaign(target, { cwd: io.cwd });
      campaignId = loaded.plan.campaign.id;
      definition = loaded.definition;
    } catch (error) {
      if (!(error instanceof DefinitionError)) throw error;
      for (const issue of error.issues) io.stderr(`${formatIssue(issue, options.lang)}\n`);
      return exitCodes.invalid;
    }
  }
  const env = loadEnv(io.env);
  const connection = await Connection.connect({ address: env.TEMPORAL_ADDRESS });
  try {
    const handle = new Client({ connection, namespace: env.TEMPORAL_NAMESPACE }).workflow.getHandle(campaignWorkflowId(campaignId));
    const who = { by: options.by, reason: options.reason };
    let progress: CampaignProgress;
    try {
      progress =
        action === 'amend'
          ? await handle.executeUpdate(amendCampaignUpdate, { args: [{ ...who, definition }] })
          : await handle.executeUpdate(updates[action], { args: [who] });
    } catch (error) {
      if (error instanceof WorkflowUpdateFailedError) {
        io.stderr(`${campaignWorkflowId(campaignId)}: ${action} refused: ${(error.cause as Error | undefined)?.message ?? error.message}\n`);
        return exitCodes.refused;
      }
      if (error instanceof WorkflowNotFoundError) {
        io.stderr(`${campaignWorkflowId(campaignId)}: no such running campaign\n`);
        return exitCodes.refused;
      }
      throw error;
    }
    if (options.json) io.stdout(`${JSON.stringify({ campaignId, workflowId: campaignWorkflowId(campaignId), action, progress }, null, 2)}\n`);
    else io.stdout(`${campaignWorkflowId(campaignId)}: ${action} done; phase ${progress.phase}, ${progress.launched} obligations started of ${progress.total ?? '?'}\n`);
    return exitCodes.ok;
  } finally {
    await connection.close();
  }
}
