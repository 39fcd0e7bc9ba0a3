/**
 * The daily work from a terminal, with the same operations as the web pages: `status` and `list`
 * of a campaign, a supervisor's `inbox`, `act` on an item or a unit, `submit` for a unit (a
 * paper submission typed in by the section). Each takes `--json`. Commands are functions
 * `(args, io) => exit code`: 0 ok, 1 invalid input (the field and what was expected), 2 wrong
 * usage, 3 refused by the workflow or no such campaign/item (the reason is printed).
 */
import { type CellState, cellStateName, obligationStatusNames } from '../contracts/vocabulary';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { type Command, Option } from 'commander';
import { isCalendarDate } from '../config/calendar';
import { chineseDateTime } from '../config/time-format';
import { loadEnv } from '../config/env';
import type { ObligationStatus } from '../contracts/obligation';
import { hashPassword } from '../app/accounts';
import { cellsOfRows, type ChildRollup, countsByUnit, rollUpChildren } from '../app/overview';
import { checkUploads } from '../app/attachments';
import { type Application, createApplication } from '../app';
import { quote } from '../app/campaign-reader';
import { InvalidInputError, WebError } from '../app/errors';
import { attachmentLimitsOf, definitionObligation, type ObligationAction } from '../app/operations';
import { inboxView, type InboxItem } from '../app/inbox';
import { type CommandIo, exitCodes, type ExitCode } from './campaign-commands';
import { progressBar } from './progress';
import { openStore } from '../store/database';
import { localStoreUrl } from '../scripts/stack-database';

type Io = CommandIo & { env: NodeJS.ProcessEnv; isTTY?: boolean };

const itemActions = ['extend', 'accept', 'return', 'waive', 'notice', 'supervise'] as const;
const unitActions = ['interview', 'criticise', 'uncriticise', 'praise'] as const;
export const actions = [...itemActions, ...unitActions] as const;
type Action = (typeof actions)[number];

/** The application over a connection to Temporal for one command, closed after it; typed errors become exit codes. */
async function withTemporal(io: Io, run: (app: Application) => Promise<ExitCode>, options: { needsStore?: boolean } = {}): Promise<ExitCode> {
  const env = loadEnv(io.env);
  const connection = await Connection.connect({ address: env.TEMPORAL_ADDRESS });
  const dataDir = path.resolve(io.cwd, env.DATA_DIR);
  const storeUrl = options.needsStore ? localStoreUrl(env, dataDir) : undefined;
  const store = storeUrl ? await openStore({ url: storeUrl, poolSize: 2 }) : undefined;
  try {
    const client = new Client({ connection, namespace: env.TEMPORAL_NAMESPACE });
    const configDir = path.resolve(__dirname, '../config');
    return await run(createApplication({ client, ...(store ? { store } : {}), dataDir, configDir, taskQueue: env.TEMPORAL_TASK_QUEUE, maxUploadMb: 50 }));
  } catch (error) {
    if (!(error instanceof WebError)) throw error;
    if (error instanceof InvalidInputError) {
      for (const [field, messages] of Object.entries(error.fieldErrors)) io.stderr(`${field}: ${messages.join('; ')}\n`);
      return exitCodes.invalid;
    }
    io.stderr(`${error.message}\n`);
    return exitCodes.refused;
  } finally {
    await store?.close();
    await connection.close();
  }
}

const table = (rows: string[][]) => {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => displayWidth(row[column] ?? ''))));
  return rows.map((row) => row.map((cell, column) => cell + ' '.repeat(widths[column]! - displayWidth(cell))).join('  ').trimEnd()).join('\n') + '\n';
};
/** CJK characters take two columns in a terminal. */
const displayWidth = (text: string) => [...text].reduce((width, character) => width + (/[\u2e80-\uffef]/.test(character) ? 2 : 1), 0);

export interface ListOptions {
  unit?: string;
  status?: string;
  json?: boolean;
}

/** `status CAMPAIGN`: phase, and each unit's obligations by state (read through visibility, with a progress bar). */
export async function statusCommand(campaignId: string, options: { json?: boolean }, io: Io): Promise<ExitCode> {
  return withTemporal(io, async ({ reader }) => {
    const running = await reader.campaign(campaignId);
    const progress = await reader.progress(campaignId);
    const query = `CampaignId = ${quote(campaignId)}`;
    const { count: total } = await reader.client.workflow.count(`WorkflowType = "obligationWorkflow" AND ${query}`);
    const rows = await reader.listObligations(query, progressBar(io, '读取任务'), total);
    const byUnit = countsByUnit(rows, running.plan);
    const units = running.definition.units.filter((unit) => byUnit.has(unit.id)).map((unit) => ({ id: unit.id, name: unit.name, counts: byUnit.get(unit.id)! }));
    const children = rollUpChildren(running.plan, cellsOfRows(rows));
    if (options.json) {
      io.stdout(`${JSON.stringify({ campaignId, title: running.plan.campaign.title, progress, units, children }, null, 2)}\n`);
      return exitCodes.ok;
    }
    io.stdout(`${running.plan.campaign.title}（${campaignId}）：${progress.phase}，${progress.launched}/${progress.total ?? '?'} 项任务已启动\n\n`);
    io.stdout(statusTables(units, children));
    return exitCodes.ok;
  });
}

/**
 * `status` as a person reads it: each unit's obligations by state, then each parent's units below
 * it (a county's towns) counted the same way, when the directory has parents.
 */
export function statusTables(units: { name: string; counts: Partial<Record<CellState, number>> }[], children: ChildRollup[]): string {
  const states = [...new Set(units.flatMap((unit) => Object.keys(unit.counts) as CellState[]))].sort();
  const byUnit = table([['单位', ...states.map(stateName)], ...units.map((unit) => [unit.name, ...states.map((state) => String(unit.counts[state] ?? 0))])]);
  if (children.length === 0) return byUnit;
  const below = [...new Set(children.flatMap((rollup) => Object.keys(rollup.counts) as CellState[]))].sort();
  const header = ['上级单位', '下级单位', ...below.map(stateName), '合计'];
  return `${byUnit}\n下级单位汇总\n${table([header, ...children.map((rollup) => [rollup.unitName, String(rollup.childIds.length), ...below.map((state) => String(rollup.counts[state] ?? 0)), String(rollup.total)])])}`;
}

/** `list CAMPAIGN [--unit U] [--status S]`: every obligation with its state, level and deadline. */
export async function listCommand(campaignId: string, options: ListOptions, io: Io): Promise<ExitCode> {
  if (options.status && !(options.status in obligationStatusNames)) {
    io.stderr(`--status must be one of ${Object.keys(obligationStatusNames).join(', ')}, not "${options.status}"\n`);
    return exitCodes.usage;
  }
  return withTemporal(io, async ({ reader }) => {
    const running = await reader.campaign(campaignId);
    const query = [`CampaignId = ${quote(campaignId)}`, ...(options.unit ? [`UnitId = ${quote(options.unit)}`] : []), ...(options.status ? [`ObligationStatus = ${quote(options.status)}`] : [])].join(' AND ');
    const rows = (await reader.listObligations(query)).sort((a, b) => a.dueAt.localeCompare(b.dueAt) || a.workflowId.localeCompare(b.workflowId));
    if (options.json) {
      io.stdout(`${JSON.stringify(rows, null, 2)}\n`);
      return exitCodes.ok;
    }
    const unitName = (id: string) => running.definition.units.find((unit) => unit.id === id)?.name ?? id;
    const titles = new Map(running.plan.instances.map((instance) => [instance.id, `${instance.schedule.title}${instance.schedule.occurrenceName ? `（${instance.schedule.occurrenceName}）` : ''}`]));
    const { timeZone } = running.plan.campaign;
    io.stdout(
      table([
        ['单位', '任务', '状态', '督办层级', '截止时间'],
        ...rows.map((row) => [unitName(row.unitId), titles.get(row.workflowId) ?? row.obligationId, obligationStatusNames[row.status], String(row.escalationLevel), chineseDateTime(row.dueAt, timeZone)]),
      ]),
    );
    io.stdout(`${rows.length} 项\n`);
    return exitCodes.ok;
  });
}

/** `inbox`: escalated and overdue items, most severe and oldest first, and submissions to review. */
export async function inboxCommand(options: { campaign?: string; unit?: string; level?: string; json?: boolean }, io: Io): Promise<ExitCode> {
  const level = options.level === undefined ? undefined : Number(options.level);
  if (level !== undefined && (!Number.isInteger(level) || level < 0)) {
    io.stderr(`--level must be a whole number >= 0, not "${options.level}"\n`);
    return exitCodes.usage;
  }
  return withTemporal(io, async ({ views }) => {
    const filters = { ...(options.campaign ? { campaign: options.campaign } : {}), ...(options.unit ? { unit: options.unit } : {}), ...(level !== undefined ? { level } : {}) };
    const view = await inboxView(views, filters);
    if (options.json) {
      io.stdout(`${JSON.stringify({ escalated: view.escalated, toReview: view.toReview, dueSoon: view.dueSoon }, null, 2)}\n`);
      return exitCodes.ok;
    }
    const header = ['单位', '任务', '状态', '督办层级', '截止时间', '编号'];
    const rows = (items: InboxItem[]) => items.map((item) => [item.unitName, item.title, item.statusName, String(item.escalationLevel), item.dueAtLocal, `${item.campaignId}/${item.unitId}/${item.obligationId}`]);
    const section = (title: string, items: InboxItem[]) => {
      io.stdout(`${title}（${items.length}）\n`);
      if (items.length > 0) io.stdout(table([header, ...rows(items)]));
    };
    section('逾期和督办事项', view.escalated);
    io.stdout('\n');
    section('待审核的报送', view.toReview);
    io.stdout('\n');
    section('7日内到期（按各活动的方案时间）', view.dueSoon);
    const unreadable = [...view.escalated, ...view.toReview, ...view.dueSoon].filter((item) => item.unreadable);
    if (unreadable.length > 0) io.stdout(`\n${unreadable.length} 项所属活动不可读，仅按检索属性列出（${unreadable[0]!.unreadable}）\n`);
    return exitCodes.ok;
  });
}

export interface ActOptions {
  by: string;
  reason: string;
  due?: string;
  json?: boolean;
}

/**
 * `act ACTION CAMPAIGN UNIT [OBLIGATION]`: extend, accept, return, waive, notice (take the step
 * that waits for a decision, e.g. the supervision notice), supervise (a supervision notice at
 * will on an overdue item, rectification by --due) on an item; interview, criticise,
 * uncriticise, praise on a unit.
 */
export async function actCommand(action: string, campaignId: string, unitId: string, obligationId: string | undefined, options: ActOptions, io: Io): Promise<ExitCode> {
  if (!(actions as readonly string[]).includes(action)) {
    io.stderr(`ACTION must be one of ${actions.join(', ')}, not "${action}"\n`);
    return exitCodes.usage;
  }
  const isItemAction = (itemActions as readonly string[]).includes(action);
  if (isItemAction && !obligationId) {
    io.stderr(`${action} acts on one obligation: give its id after the unit, e.g. implementation-measures\n`);
    return exitCodes.usage;
  }
  if (options.due !== undefined && !isCalendarDate(options.due)) {
    io.stderr(`--due must be a date YYYY-MM-DD that exists, not "${options.due}"\n`);
    return exitCodes.usage;
  }
  return withTemporal(io, async ({ operations, reader }) => {
    let result: unknown;
    if (isItemAction) {
      const named = action as (typeof itemActions)[number];
      const request: ObligationAction =
        named === 'extend' || named === 'return' || named === 'supervise'
          ? { action: named, reason: options.reason, ...(options.due ? { dueDate: options.due } : {}) }
          : { action: named === 'notice' ? 'proceed' : named, reason: options.reason };
      result = await operations.act({ campaignId, unitId, obligationId: obligationId! }, request, options.by);
    } else {
      const unitAction = { criticise: 'criticize', uncriticise: 'uncriticize', interview: 'interview', praise: 'praise' }[action as (typeof unitActions)[number]] as 'criticize' | 'uncriticize' | 'interview' | 'praise';
      result = await operations.actOnUnit(campaignId, { unitId, action: unitAction, reason: options.reason }, options.by);
    }
    if (options.json) io.stdout(`${JSON.stringify(result, null, 2)}\n`);
    else io.stdout(`${campaignId}/${unitId}${obligationId ? `/${obligationId}` : ''}: ${action} done (${describe(result, (await reader.campaign(campaignId)).plan.campaign.timeZone)})\n`);
    return exitCodes.ok;
  });
}

function describe(result: unknown, timeZone: string): string {
  const value = result as { status?: ObligationStatus; dueAt?: string; unit?: { name: string }; praises?: number; criticisms?: number; interviews?: number };
  if (value.status) return `${obligationStatusNames[value.status]}，截止 ${chineseDateTime(value.dueAt, timeZone)}`;
  return `${value.unit?.name ?? ''}：约谈 ${value.interviews ?? 0} 次，通报批评 ${value.criticisms ?? 0} 次，表扬 ${value.praises ?? 0} 次`;
}

export interface SubmitOptions {
  by: string;
  field: string[];
  attach: string[];
  json?: boolean;
}

/** `submit CAMPAIGN UNIT OBLIGATION --by NAME --field id=text … --attach FILE …`: a unit's submission, attachments stored by content. */
export async function submitCommand(campaignId: string, unitId: string, obligationId: string, options: SubmitOptions, io: Io): Promise<ExitCode> {
  const fields: Record<string, string> = {};
  for (const pair of options.field) {
    const separator = pair.indexOf('=');
    if (separator <= 0) {
      io.stderr(`--field must be id=text, not "${pair}"\n`);
      return exitCodes.usage;
    }
    fields[pair.slice(0, separator)] = pair.slice(separator + 1);
  }
  return withTemporal(io, async ({ reader, operations }) => {
    const { running } = await reader.instance(campaignId, unitId, obligationId);
    const uploads = await Promise.all(
      options.attach.map(async (file) => ({ fileName: path.basename(file), contentType: 'application/octet-stream', content: await readFile(path.resolve(io.cwd, file)) })),
    );
    const refused = checkUploads(uploads, attachmentLimitsOf(definitionObligation(running, obligationId), 50));
    if (refused) throw new InvalidInputError({ [refused.field]: [refused.message] });
    // Checked with the fields first; the files are stored only once the whole submission is valid.
    const state = await operations.submit({ campaignId, unitId }, { obligationId, submittedBy: options.by, fields, attachments: [], uploads });
    if (options.json) io.stdout(`${JSON.stringify(state, null, 2)}\n`);
    else io.stdout(`${campaignId}/${unitId}/${obligationId}: submitted (${obligationStatusNames[state.status]}${uploads.length > 0 ? `, ${uploads.length} 个附件` : ''})\n`);
    return exitCodes.ok;
  }, { needsStore: options.attach.length > 0 });
}

const stateName = cellStateName;

const collect = (value: string, previous: string[]) => [...previous, value];

/** Adds status, list, inbox, act, submit and hash-password to the `campaign` program. */
export function registerOperationsCommands(program: Command, io: Io, setExitCode: (code: number) => void): void {
  const json = new Option('--json', 'print JSON instead of a table');
  program
    .command('hash-password')
    .description('print the scrypt hash of a password, for an account in WEB_ACCOUNTS')
    .argument('<password>')
    .action((password: string) => {
      io.stdout(`${hashPassword(password)}\n`);
      setExitCode(exitCodes.ok);
    });
  program
    .command('status')
    .description('a campaign’s phase and each unit’s obligations by state')
    .argument('<campaign-id>')
    .addOption(json)
    .action(async (campaignId: string, options: { json?: boolean }) => setExitCode(await statusCommand(campaignId, options, io)));
  program
    .command('list')
    .description('every obligation of a campaign with its state, escalation level and deadline')
    .argument('<campaign-id>')
    .option('--unit <id>', 'only this unit')
    .option('--status <status>', `only this state (${Object.keys(obligationStatusNames).join(', ')})`)
    .addOption(json)
    .action(async (campaignId: string, options: ListOptions) => setExitCode(await listCommand(campaignId, options, io)));
  program
    .command('inbox')
    .description('escalated and overdue items (most severe, oldest first) and submissions waiting for review')
    .option('--campaign <id>', 'only this campaign')
    .option('--unit <id>', 'only this unit')
    .option('--level <n>', 'only items at this escalation level or higher')
    .addOption(json)
    .action(async (options: Parameters<typeof inboxCommand>[0]) => setExitCode(await inboxCommand(options, io)));
  program
    .command('act')
    .description(`a supervisor's action: ${itemActions.join(', ')} on an obligation; ${unitActions.join(', ')} on a unit`)
    .argument('<action>', actions.join(' | '))
    .argument('<campaign-id>')
    .argument('<unit-id>')
    .argument('[obligation-id]', 'for extend, accept, return, waive, notice, supervise')
    .requiredOption('--by <name>', 'who does it (recorded)')
    .requiredOption('--reason <text>', 'why (recorded, shown to the unit)')
    .option('--due <date>', 'extend, return: the new deadline; supervise: the rectification deadline (YYYY-MM-DD)')
    .addOption(json)
    .action(async (action: Action, campaignId: string, unitId: string, obligationId: string | undefined, options: ActOptions) =>
      setExitCode(await actCommand(action, campaignId, unitId, obligationId, options, io)),
    );
  program
    .command('submit')
    .description('hand in an obligation for a unit (e.g. a paper submission): the definition’s fields and attachments')
    .argument('<campaign-id>')
    .argument('<unit-id>')
    .argument('<obligation-id>')
    .requiredOption('--by <name>', 'who submits (recorded)')
    .option('--field <id=text>', 'a field the definition asks for; repeat for each', collect, [])
    .option('--attach <file>', 'an attachment; repeat for each', collect, [])
    .addOption(json)
    .action(async (campaignId: string, unitId: string, obligationId: string, options: SubmitOptions) =>
      setExitCode(await submitCommand(campaignId, unitId, obligationId, options, io)),
    );
}
