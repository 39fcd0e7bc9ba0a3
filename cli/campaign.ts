/** `npm run campaign -- <command>`: check, preview, launch and administer campaigns. */
import { Command, CommanderError, Option } from 'commander';
import { runMain } from '../scripts/main';
import { registerEvaluationCommands } from './evaluation-commands';
import { registerOperationsCommands } from './operations-commands';
import { adminCommand, type AdminOptions, type CommandIo, exitCodes, launchCommand, planCommand, validateCommand } from './campaign-commands';

export function buildProgram(io: CommandIo & { env: NodeJS.ProcessEnv }, setExitCode: (code: number) => void): Command {
  const lang = new Option('--lang <lang>', 'language of the messages').choices(['en', 'zh']).default('en');
  const program = new Command('campaign')
    .description('Check, preview, launch and administer campaigns (活动方案).')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  program
    .command('validate')
    .description('validate campaign definition files; prints every problem with file, line and column')
    .argument('<files...>', 'campaign definition YAML files')
    .addOption(lang)
    .action((files: string[], options: { lang: 'en' | 'zh' }) => setExitCode(validateCommand(files, options, io)));
  program
    .command('plan')
    .description('print the timeline of every deadline, reminder and escalation step; with several files, one unit’s moments across campaigns')
    .argument('<files...>', 'campaign definition YAML files')
    .option('--unit <id>', 'only this unit')
    .option('--from <date>', 'only moments on or after this date (YYYY-MM-DD)')
    .option('--to <date>', 'only moments on or before this date (YYYY-MM-DD)')
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json', 'csv', 'ics']).default('table'))
    .addOption(lang)
    .action((files: string[], options: Parameters<typeof planCommand>[1]) => setExitCode(planCommand(files, options, io)));
  program
    .command('start')
    .alias('launch')
    .description('validate, then start the campaign on Temporal (TEMPORAL_ADDRESS) and follow until every obligation is started; a second start starts nothing')
    .argument('<file>', 'campaign definition YAML file')
    .option('--rebase-to <when>', '"now" or a date-time: run a past or future plan with its start mapped to that instant (rehearsal)')
    .option('--no-wait', 'return once the campaign is started, without following the launch of its obligations')
    .option('--by <name>', 'who launches it (recorded on the campaign; default: your login name)')
    .option('--json', 'print the result as JSON')
    .addOption(lang)
    .action(async (file: string, options: Parameters<typeof launchCommand>[1]) => setExitCode(await launchCommand(file, options, io)));
  const adminActions = [
    ['pause', '<campaign-id>', 'pause a running campaign: no reminders until it is resumed'],
    ['resume', '<campaign-id>', 'resume a paused campaign; deadlines move by the days paused if the definition says so (campaign.onPause)'],
    ['cancel', '<campaign-id>', 'cancel a campaign: every open obligation ends as cancelled'],
    ['amend', '<file>', 'apply a new version of a running campaign’s definition: new obligations start, moved deadlines move for every unit'],
  ] as const;
  for (const [action, argument, description] of adminActions) {
    program
      .command(action)
      .description(description)
      .argument(argument)
      .requiredOption('--by <name>', 'who does it (recorded)')
      .requiredOption('--reason <text>', 'why (recorded, shown to the units concerned)')
      .option('--json', 'print the result as JSON')
      .addOption(lang)
      .action(async (target: string, options: AdminOptions) => setExitCode(await adminCommand(action, target, options, io)));
  }
  registerEvaluationCommands(program, io, setExitCode);
  registerOperationsCommands(program, io, setExitCode);
  return program;
}

/** Runs the program on argv; usage errors exit 2, --help and --version exit 0. */
export async function runCampaignCli(argv: string[], io: CommandIo & { env?: NodeJS.ProcessEnv }): Promise<number> {
  let exitCode: number = exitCodes.ok;
  try {
    await buildProgram({ ...io, env: io.env ?? {} }, (code) => (exitCode = code)).parseAsync(argv, { from: 'user' });
  } catch (error) {
    if (!(error instanceof CommanderError)) throw error;
    return error.exitCode === 0 ? exitCodes.ok : exitCodes.usage;
  }
  return exitCode;
}

/**
 * Writes to a standard stream until its reader goes away (`plan … | head` closes the pipe): from
 * then on the output is dropped and the command finishes as usual, instead of dying on EPIPE.
 */
function writerTo(stream: NodeJS.WriteStream): (text: string) => void {
  let isOpen = true;
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    isOpen = false;
  });
  return (text) => {
    if (isOpen) stream.write(text);
  };
}

if (require.main === module) {
  runMain(() =>
    runCampaignCli(process.argv.slice(2), {
      cwd: process.cwd(),
      env: process.env,
      stdout: writerTo(process.stdout),
      stderr: writerTo(process.stderr),
      // A progress bar only when a person watches a terminal, never in pipes (nor in tests, unless they ask).
      isTTY: process.stderr.isTTY,
    }),
  );
}
