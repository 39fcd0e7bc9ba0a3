/**
 * `simulate FILE [--behaviour FILE]` and `evaluate CAMPAIGN`: the campaign run in test time with
 * scripted units, and the scored ranking of a running or ended campaign. Commands are functions
 * `(args, io) => exit code` (0 ok, 1 invalid definition or behaviour file, 2 wrong usage, 3 no
 * such campaign); `registerEvaluationCommands` adds them to the `campaign` program.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { type Command, Option } from 'commander';
import { DefinitionError, formatIssue, type Language } from '../config/definition/issues';
import { loadCampaign, type LoadedCampaign } from '../config/definition/load';
import { loadEnv } from '../config/env';
import { ensureTemporalBinaries } from '../scripts/servers';
import { loadBehaviour, everyoneOnTime } from '../evaluation/behaviour';
import { exportFormats, type ExportFormat, renderExport } from '../evaluation/exports';
import { BulletinNumberError, checkedDocumentNumber } from '../evaluation/exports/bulletin';
import { formatEvaluationText, formatTimelineText, notScoredText } from '../evaluation/format';
import { CampaignNotFoundError, readCampaignEvaluation } from '../evaluation/read-campaign';
import { type CommandIo, exitCodes, type ExitCode } from './campaign-commands';

type Io = CommandIo & { env: NodeJS.ProcessEnv };
const simulationFormats = ['table', 'json', 'html'] as const;

export interface SimulateOptions {
  behaviour?: string;
  format: string;
  unit?: string;
  /** Keep every message as an .eml file in this directory. */
  mailDir?: string;
  /** Comma-separated plan dates: also print the interim ranking read from the running campaign on each. */
  interimAt?: string;
  /** Write the evaluation's exports (XLSX, DOCX bulletin, CSV, HTML) into this directory. */
  exportDir?: string;
  lang: Language;
}

/** `simulate FILE`: the whole period on the time-skipping server; progress on stderr, the result on stdout. */
export async function simulateCommand(file: string, options: SimulateOptions, io: Io): Promise<ExitCode> {
  if (!(simulationFormats as readonly string[]).includes(options.format)) {
    io.stderr(`--format must be one of ${simulationFormats.join(', ')}, not "${options.format}"\n`);
    return exitCodes.usage;
  }
  let campaign: LoadedCampaign;
  let behaviour = everyoneOnTime;
  try {
    campaign = loadCampaign(file, { cwd: io.cwd });
    if (options.behaviour) behaviour = loadBehaviour(options.behaviour, campaign.plan, { cwd: io.cwd });
  } catch (error) {
    if (!(error instanceof DefinitionError)) throw error;
    for (const issue of error.issues) io.stderr(`${formatIssue(issue, options.lang)}\n`);
    return exitCodes.invalid;
  }
  if (options.unit && !campaign.plan.instances.some((instance) => instance.unitId === options.unit)) {
    io.stderr(`--unit "${options.unit}" has no obligations in ${file}\n`);
    return exitCodes.usage;
  }
  const interimAt = options.interimAt ? options.interimAt.split(',').map((date) => date.trim()) : [];
  const badDate = interimAt.find((date) => !/^\d{4}-\d{2}-\d{2}$/.test(date) || date < campaign.plan.campaign.period.start || date > campaign.plan.campaign.period.end);
  if (badDate !== undefined) {
    io.stderr(`--interim-at takes dates YYYY-MM-DD within ${campaign.plan.campaign.period.start}..${campaign.plan.campaign.period.end}, not "${badDate}"\n`);
    return exitCodes.usage;
  }
  const startedAt = Date.now();
  await quietTemporalLogs();
  const binaries = ensureTemporalBinaries({ projectDir: path.resolve(__dirname, '..'), env: io.env, log: (line) => io.stderr(`${line}\n`) });
  let lastDate = '';
  // Loaded on use: the test server's client and the SMTP catcher are not needed by the other commands.
  const { simulateCampaign } = await import('../evaluation/simulate');
  const result = await simulateCampaign({
    campaign,
    behaviour,
    testServerPath: binaries.testServer,
    interimAt,
    ...(options.mailDir ? { mailDir: path.resolve(io.cwd, options.mailDir) } : {}),
    onProgress: ({ planDate, done, total }) => {
      if (planDate === lastDate) return;
      lastDate = planDate;
      io.stderr(`模拟进行中：${planDate}（${done}/${total} 项动作）\n`);
    },
  });
  const timeZone = campaign.plan.campaign.timeZone;
  const timeline = options.unit ? result.timeline.filter((entry) => entry.unitId === options.unit) : result.timeline;
  if (options.format === 'json') {
    io.stdout(`${JSON.stringify({ evaluation: result.evaluation, interim: result.interim, timeline, mailCount: result.mailCount, rejected: result.rejected }, null, 2)}\n`);
  } else if (options.format === 'html') {
    io.stdout((await renderExport('html', result.evaluation, { timeZone, timeline })).toString('utf8'));
  } else {
    io.stdout(formatTimelineText(timeline, timeZone, options.unit ? { unit: options.unit } : {}));
    for (const interim of result.interim) io.stdout(`\n${formatEvaluationText(interim, timeZone)}`);
    io.stdout(`\n${formatEvaluationText(result.evaluation, timeZone)}`);
  }
  for (const action of result.rejected) io.stderr(`模拟动作被拒绝：${action.workflowId} ${action.kind}（${action.at}）：${action.reason}\n`);
  if (options.exportDir && !result.evaluation.isScored) io.stderr(`${notScoredText}：不导出考核结果\n`);
  else if (options.exportDir) await writeExports(path.resolve(io.cwd, options.exportDir), result.evaluation, timeZone, io);
  io.stderr(`模拟完成：${result.obligations.length} 项任务，${result.mailCount} 封邮件，用时 ${((Date.now() - startedAt) / 1000).toFixed(1)} 秒\n`);
  return exitCodes.ok;
}

export interface EvaluateOptions {
  format: string;
  /** Where a binary format (xlsx, docx) is written; text formats go to stdout without it. */
  out?: string;
  /** The definition to score with (default: the one the campaign was launched with). */
  definition?: string;
  /** The bulletin's 发文字号 (docx), as the office registered it. */
  documentNumber?: string;
  /** 年度考核: a year of the campaign (YYYY); absent: the whole campaign. */
  period?: string;
  lang: Language;
}

/** `evaluate CAMPAIGN_ID`: the interim or final evaluation of a campaign on TEMPORAL_ADDRESS. */
export async function evaluateCommand(campaignId: string, options: EvaluateOptions, io: Io): Promise<ExitCode> {
  const formats = ['table', 'json', ...exportFormats];
  if (!formats.includes(options.format)) {
    io.stderr(`--format must be one of ${formats.join(', ')}, not "${options.format}"\n`);
    return exitCodes.usage;
  }
  if ((options.format === 'xlsx' || options.format === 'docx') && !options.out) {
    io.stderr(`--format ${options.format} writes a file: add --out FILE\n`);
    return exitCodes.usage;
  }
  if (options.documentNumber !== undefined) {
    if (options.format !== 'docx') {
      io.stderr(`--document-number numbers the bulletin: use it with --format docx, not "${options.format}"\n`);
      return exitCodes.usage;
    }
    try {
      checkedDocumentNumber(options.documentNumber);
    } catch (error) {
      if (!(error instanceof BulletinNumberError)) throw error;
      io.stderr(`--document-number: ${error.message}\n`);
      return exitCodes.usage;
    }
  }
  if (options.period !== undefined && !/^\d{4}$/.test(options.period)) {
    io.stderr(`--period must be a year YYYY, not "${options.period}"\n`);
    return exitCodes.usage;
  }
  const period = options.period === undefined ? undefined : Number(options.period);
  let campaign: LoadedCampaign | undefined;
  if (options.definition) {
    try {
      campaign = loadCampaign(options.definition, { cwd: io.cwd });
    } catch (error) {
      if (!(error instanceof DefinitionError)) throw error;
      for (const issue of error.issues) io.stderr(`${formatIssue(issue, options.lang)}\n`);
      return exitCodes.invalid;
    }
  }
  const env = loadEnv(io.env);
  let read;
  try {
    read = await readCampaignEvaluation({
      address: env.TEMPORAL_ADDRESS,
      namespace: env.TEMPORAL_NAMESPACE,
      campaignId,
      ...(campaign ? { definition: campaign.definition } : {}),
      ...(period !== undefined ? { period } : {}),
    });
  } catch (error) {
    if (!(error instanceof CampaignNotFoundError)) throw error;
    io.stderr(`${error.message}\n`);
    return exitCodes.refused;
  }
  const { evaluation, timeZone } = read;
  const { start, end } = evaluation.campaign.period;
  if (period !== undefined && (period < Number(start.slice(0, 4)) || period > Number(end.slice(0, 4)))) {
    io.stderr(`--period ${period} is not a year of the campaign (${start} … ${end})\n`);
    return exitCodes.usage;
  }
  if (!evaluation.isScored && options.format !== 'table' && options.format !== 'json') {
    io.stderr(`${notScoredText}：${campaignId} 没有考核结果可导出\n`);
    return exitCodes.ok;
  }
  let output: Buffer;
  if (options.format === 'table') output = Buffer.from(formatEvaluationText(evaluation, timeZone));
  else if (options.format === 'json') output = Buffer.from(`${JSON.stringify(evaluation, null, 2)}\n`);
  else output = await renderExport(options.format as ExportFormat, evaluation, { timeZone, ...(options.documentNumber ? { documentNumber: options.documentNumber } : {}) });
  if (options.out) {
    await writeFile(path.resolve(io.cwd, options.out), output);
    io.stderr(`${options.out}：${evaluation.isFinal ? '最终' : '阶段性'}考核结果已写入\n`);
  } else {
    io.stdout(output.toString('utf8'));
  }
  return exitCodes.ok;
}

/**
 * The simulation's worker would log every state change on stderr, between the progress lines; a
 * process that already runs Temporal code (a test, the web server) keeps its own logging.
 */
async function quietTemporalLogs(): Promise<void> {
  const { DefaultLogger, Runtime } = await import('@temporalio/worker');
  try {
    Runtime.install({ logger: new DefaultLogger('WARN'), telemetryOptions: { logging: { filter: { core: 'ERROR', other: 'ERROR' }, forward: {} } } });
  } catch {
    // A runtime was installed before: leave it as it is.
  }
}

async function writeExports(directory: string, evaluation: Parameters<typeof renderExport>[1], timeZone: string, io: Io): Promise<void> {
  const { mkdir } = await import('node:fs/promises');
  await mkdir(directory, { recursive: true });
  for (const format of exportFormats) {
    const file = path.join(directory, `${evaluation.campaign.id}-evaluation.${format}`);
    await writeFile(file, await renderExport(format, evaluation, { timeZone }));
    io.stderr(`已导出 ${path.relative(io.cwd, file)}\n`);
  }
}

/** Adds `simulate` and `evaluate` to the `campaign` program. */
export function registerEvaluationCommands(program: Command, io: Io, setExitCode: (code: number) => void): void {
  const lang = new Option('--lang <lang>', 'language of the messages').choices(['en', 'zh']).default('en');
  program
    .command('simulate')
    .description('run the campaign’s real workflows on the time-skipping server over its whole period, with scripted unit behaviour; prints the timeline and the evaluation')
    .argument('<file>', 'campaign definition YAML file')
    .option('--behaviour <file>', 'unit behaviour YAML (default: everyone on time); see config/behaviours/')
    .addOption(new Option('--format <format>', 'output format').choices([...simulationFormats]).default('table'))
    .option('--unit <id>', 'only this unit’s timeline')
    .option('--interim-at <dates>', 'comma-separated plan dates (YYYY-MM-DD): also print the interim ranking on each')
    .option('--mail-dir <dir>', 'keep every message as an .eml file in this directory')
    .option('--export-dir <dir>', 'also write the evaluation as XLSX, DOCX bulletin, CSV and HTML into this directory')
    .addOption(lang)
    .action(async (file: string, options: SimulateOptions) => setExitCode(await simulateCommand(file, options, io)));
  program
    .command('evaluate')
    .description('score and rank the units of a running (interim) or ended (final) campaign on TEMPORAL_ADDRESS')
    .argument('<campaign-id>', 'the campaign id, e.g. zaozhuang-2022-ip-protection')
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json', ...exportFormats]).default('table'))
    .option('--out <file>', 'write to this file (required for xlsx and docx)')
    .option('--definition <file>', 'score with this definition instead of the one the campaign was launched with')
    .option('--document-number <number>', 'the bulletin\'s 发文字号 as registered, e.g. 枣市监知保〔2023〕2号 (docx; without it the draft leaves the number blank)')
    .option('--period <year>', 'a yearly evaluation (年度考核) of one year of the campaign, YYYY; default: the whole campaign')
    .addOption(lang)
    .action(async (campaignId: string, options: EvaluateOptions) => setExitCode(await evaluateCommand(campaignId, options, io)));
}
