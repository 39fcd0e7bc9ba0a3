/**
 * The administrators' commands, as functions `(args, io) => exit code` so that tests call them
 * directly: 0 ok, 1 the definition is invalid, 2 wrong usage.
 */
import { type Language, DefinitionError, formatIssue } from '../config/definition/issues';
import { loadCampaign } from '../config/definition/load';
import { formatPlan, type PlanFormat, planFormats } from './plan-format';

export const exitCodes = { ok: 0, invalid: 1, usage: 2 } as const;
export type ExitCode = (typeof exitCodes)[keyof typeof exitCodes];

export interface CommandIo {
  cwd: string;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

/** `validate FILE…`: every issue of every file, each with file, line, column and field. */
export function validateCommand(files: string[], options: { lang: Language }, io: CommandIo): ExitCode {
  let invalid = 0;
  for (const file of files) {
    try {
      const { plan } = loadCampaign(file, { cwd: io.cwd });
      io.stdout(
        options.lang === 'zh'
          ? `${file}：有效（${plan.instances.length} 项任务实例，${plan.schedules.length} 个截止时间）\n`
          : `${file}: valid (${plan.instances.length} obligation instances, ${plan.schedules.length} deadlines)\n`,
      );
    } catch (error) {
      if (!(error instanceof DefinitionError)) throw error;
      invalid += 1;
      for (const issue of error.issues) io.stderr(`${formatIssue(issue, options.lang)}\n`);
      io.stderr(options.lang === 'zh' ? `${file}：${error.issues.length} 处错误\n` : `${file}: ${error.issues.length} problem${error.issues.length > 1 ? 's' : ''}\n`);
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

/** `plan FILE`: the timeline of every deadline, reminder and escalation step. */
export function planCommand(file: string, options: PlanOptions, io: CommandIo): ExitCode {
  if (!planFormats.includes(options.format as PlanFormat)) {
    io.stderr(`--format must be one of ${planFormats.join(', ')}, not "${options.format}"\n`);
    return exitCodes.usage;
  }
  for (const [name, value] of [['--from', options.from], ['--to', options.to]] as const) {
    if (value !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(value)) {
      io.stderr(`${name} must be a date YYYY-MM-DD, not "${value}"\n`);
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
  if (options.unit && !loaded.definition.units.some((unit) => unit.id === options.unit)) {
    io.stderr(`--unit "${options.unit}" is not a unit of ${file}; units: ${loaded.definition.units.map((unit) => unit.id).join(', ')}\n`);
    return exitCodes.usage;
  }
  io.stdout(formatPlan(loaded.plan, options.format as PlanFormat, { unitId: options.unit, from: options.from, to: options.to }));
  return exitCodes.ok;
}
