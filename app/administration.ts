/**
 * The administrator's work: pick or upload a definition, see it validated (the CLI's messages,
 * in Chinese) and previewed (the timeline), launch it, read a campaign's matrix and progress,
 * and pause, resume, cancel or amend it after a confirmation that says what will change.
 */
import type { ControlAction } from '../contracts/vocabulary';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import type { Plan, PlanInstance, PlannedStep, Schedule } from '../config/compile';
import { type DefinitionIssue, DefinitionError, formatIssue } from '../config/definition/issues';
import { type LoadedCampaign, loadCampaign } from '../config/definition/load';
import { isRetimed, rebaseOffset } from '../config/workflow-input';
import { amendCampaignUpdate, type CampaignInput, type CampaignProgress, campaignWorkflowId, cancelCampaignUpdate, pauseCampaignUpdate, resumeCampaignUpdate } from '../contracts/campaign';
import type { ObligationStatus } from '../contracts/obligation';
import { type CampaignReader, quote } from './campaign-reader';
import type { UnitDirectory } from './directory';
import { shownName } from './attachments';
import { InvalidInputError, NotFoundError, RefusedError } from './errors';

export interface AdminDependencies {
  reader: CampaignReader;
  /** config/: where `campaigns/*.yaml` and the shared files they include live. */
  configDir: string;
  /** Where uploaded definitions are kept until launched (DATA_DIR/definitions). */
  uploadsDir: string;
  taskQueue: string;
  /** The unit directory, for definitions that include `directory:current` or `directory:<version>`. */
  directory?: UnitDirectory;
}

/** A checked definition, with the directory version it included from the store (if it did). */
export type LoadedDefinition = LoadedCampaign & { directoryVersion?: number };

/** What checking a definition's text found. */
export interface CheckedText {
  loaded?: LoadedDefinition;
  issues: DefinitionIssue[];
  warnings: DefinitionIssue[];
}

/** A definition to check or launch: a file of config/campaigns, or an upload (by its content hash). */
export type DefinitionSource = { file: string } | { upload: string };

export interface Validation {
  source: DefinitionSource;
  valid: boolean;
  /** The CLI's `validate --lang zh` lines. */
  issues: string[];
  loaded?: LoadedDefinition;
}

export class Admin {
  constructor(private readonly dependencies: AdminDependencies) {}

  /** The definition files an administrator can pick. */
  definitionFiles(): string[] {
    const directory = path.join(this.dependencies.configDir, 'campaigns');
    return existsSync(directory) ? readdirSync(directory).filter((name) => name.endsWith('.yaml')).sort() : [];
  }

  /** Keeps an uploaded definition (content-addressed) so that the preview's launch button launches exactly it. */
  async keepUpload(fileName: string, source: string): Promise<DefinitionSource> {
    if (!/\.ya?ml$/i.test(fileName)) throw new InvalidInputError({ file: [`应为 .yaml 文件，实际为“${shownName(fileName)}”`] });
    const hash = createHash('sha256').update(source).digest('hex').slice(0, 32);
    await mkdir(this.dependencies.uploadsDir, { recursive: true });
    await writeFile(path.join(this.dependencies.uploadsDir, `${hash}.yaml`), source);
    return { upload: hash };
  }

  async validate(source: DefinitionSource): Promise<Validation> {
    const { virtualPath, text } = await this.read(source);
    const checked = await this.checkAt(virtualPath, text);
    if (checked.loaded) return { source, valid: true, issues: [], loaded: checked.loaded };
    return { source, valid: false, issues: checked.issues.map((issue) => formatIssue(issue, 'zh')) };
  }

  /**
   * Checks a definition's text as if it were the file `name` of config/campaigns (its includes
   * resolve from there): the loaded campaign, or every located issue (and the warnings).
   */
  checkText(name: string, text: string): Promise<CheckedText> {
    return this.checkAt(path.join(this.dependencies.configDir, 'campaigns', path.basename(name)), text);
  }

  private async checkAt(virtualPath: string, text: string): Promise<CheckedText> {
    const campaignsDir = path.join(this.dependencies.configDir, 'campaigns');
    // `directory:current` / `directory:<version>`: the store's directory as YAML (app/directory.ts).
    const stored = this.dependencies.directory ? await this.dependencies.directory.storeIncludesFor(text) : { includes: {} };
    try {
      const loaded = loadCampaign(virtualPath, {
        cwd: campaignsDir,
        storeIncludes: stored.includes,
        // Includes resolve from config/campaigns as for a file there, and reach only the YAML files
        // of config/shared/ and config/campaigns/: no other file's lines are read into an error.
        readFile: (file) => {
          if (file === virtualPath) return text;
          if (!this.isIncludable(file)) throw Object.assign(new Error('not a definition file'), { code: 'EACCES' });
          return readFileSync(file, 'utf8');
        },
      });
      return { loaded: { ...loaded, ...(stored.version !== undefined ? { directoryVersion: stored.version } : {}) }, issues: [], warnings: loaded.warnings };
    } catch (error) {
      if (!(error instanceof DefinitionError)) throw error;
      return { issues: error.issues, warnings: error.warnings };
    }
  }

  /** A YAML file under config/shared/ or config/campaigns/: what a definition may include. */
  private isIncludable(file: string): boolean {
    const resolved = path.resolve(file);
    const within = (folder: string) => resolved.startsWith(`${path.join(this.dependencies.configDir, folder)}${path.sep}`);
    return /\.ya?ml$/i.test(resolved) && (within('shared') || within('campaigns'));
  }

  /** Starts the campaign workflow as `campaign launch` does; `rebaseTo` maps the plan's start to that instant (rehearsal). */
  async launch(source: DefinitionSource, rebaseTo: string | undefined, by: string): Promise<{ campaignId: string; alreadyLaunched: boolean; instances: number }> {
    const validation = await this.validate(source);
    if (!validation.loaded) throw new InvalidInputError({ definition: validation.issues }, '方案有错误，不能启动');
    return this.launchLoaded(validation.loaded, rebaseTo, by);
  }

  /**
   * Launches a checked definition; `memo` adds to the campaign's memo (e.g. the definition version
   * it runs). The directory version it included is in the memo too, and recorded as the campaign's.
   */
  async launchLoaded(loaded: LoadedDefinition, rebaseTo: string | undefined, by: string, memo: Record<string, unknown> = {}): Promise<{ campaignId: string; alreadyLaunched: boolean; instances: number }> {
    const { plan, definition } = loaded;
    let offset: number | undefined;
    if (rebaseTo) {
      const at = rebaseTo === 'now' ? Date.now() : Date.parse(rebaseTo);
      if (Number.isNaN(at)) throw new InvalidInputError({ rebaseTo: [`应为 now 或日期时间（如 2026-12-01T09:00:00+08:00），实际为“${rebaseTo}”`] });
      // Timers of a rehearsal mapped centuries away would overflow the server's clock; a rehearsal runs near now.
      const year = new Date(at).getUTCFullYear();
      if (year < 2000 || year > 2199) throw new InvalidInputError({ rebaseTo: [`演练时刻应在2000年至2199年之间，实际为${year}年`] });
      offset = rebaseOffset(plan, at);
    }
    // Who launched it, at plan time (as every record of the campaign reads).
    const launchedBy = { by, at: new Date(Date.now() - (offset ?? 0)).toISOString() };
    const input: CampaignInput = {
      launch: { definition, taskQueue: this.dependencies.taskQueue, ...(offset !== undefined ? { timeOffsetMs: offset } : {}) },
      endsAt: plan.campaign.period.endsAt,
      launchedBy,
    };
    try {
      await this.dependencies.reader.client.workflow.start('campaignWorkflow', {
        taskQueue: this.dependencies.taskQueue,
        workflowId: campaignWorkflowId(plan.campaign.id),
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
        args: [input],
        // Also as memo: the overview reads it with a describe, without the campaign's history (continue-as-new keeps it).
        memo: { ...memo, launchedBy, ...(loaded.directoryVersion !== undefined ? { directoryVersion: loaded.directoryVersion } : {}) },
      });
    } catch (error) {
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
      return { campaignId: plan.campaign.id, alreadyLaunched: true, instances: plan.instances.length };
    }
    if (loaded.directoryVersion !== undefined) await this.dependencies.directory?.pin(plan.campaign.id, loaded.directoryVersion, 'launch', by);
    return { campaignId: plan.campaign.id, alreadyLaunched: false, instances: plan.instances.length };
  }

  /** What a pause, resume, cancel or amendment would change, for the confirmation. */
  async preview(campaignId: string, action: ControlAction, amended?: DefinitionSource): Promise<string[]> {
    const rows = await this.dependencies.reader.listObligations(`CampaignId = ${quote(campaignId)}`);
    const open = rows.filter((row) => !settled.includes(row.status)).length;
    switch (action) {
      case 'pause':
        return [`暂停后，${open} 项未完成任务不再发送提醒和督办，直到恢复。`];
      case 'resume': {
        const { definition } = await this.dependencies.reader.campaign(campaignId);
        return [
          `恢复后，${open} 项未完成任务继续提醒和督办。`,
          !definition.campaign.onPause.shiftDeadlines ? '截止时间不变，暂停期间的提醒不补发。' : '截止时间按暂停天数顺延（工作日）。',
        ];
      }
      case 'cancel':
        return [`撤销后，${open} 项未完成任务全部结束为“已撤销”，不能恢复。`];
      case 'amend':
        return this.amendmentChanges(campaignId, amended);
    }
  }

  async control(campaignId: string, action: ControlAction, by: string, reason: string, amended?: DefinitionSource): Promise<CampaignProgress> {
    const handle = this.dependencies.reader.client.workflow.getHandle(campaignWorkflowId(campaignId));
    const who = { by, reason };
    try {
      if (action === 'amend') {
        const validation = await this.validate(amended ?? { file: '' });
        if (!validation.loaded) throw new InvalidInputError({ definition: validation.issues }, '修订后的方案有错误');
        return await this.amendLoaded(campaignId, validation.loaded, by, reason);
      }
      const update = { pause: pauseCampaignUpdate, resume: resumeCampaignUpdate, cancel: cancelCampaignUpdate }[action];
      return await handle.executeUpdate(update, { args: [who] });
    } catch (error) {
      if (error instanceof WorkflowUpdateFailedError) throw new RefusedError((error.cause as Error | undefined)?.message ?? error.message);
      if (error instanceof WorkflowNotFoundError) throw new NotFoundError(`没有正在运行的活动 ${campaignId}`);
      throw error;
    }
  }

  /** Amends a running campaign with a checked definition (refusals as `control`'s). */
  async amendLoaded(campaignId: string, loaded: LoadedDefinition, by: string, reason: string): Promise<CampaignProgress> {
    if (loaded.plan.campaign.id !== campaignId) {
      throw new InvalidInputError({ definition: [`修订方案的活动编号应为 ${campaignId}，实际为 ${loaded.plan.campaign.id}`] });
    }
    const handle = this.dependencies.reader.client.workflow.getHandle(campaignWorkflowId(campaignId));
    try {
      const progress = await handle.executeUpdate(amendCampaignUpdate, { args: [{ by, reason, definition: loaded.definition }] });
      this.dependencies.reader.forget(campaignId);
      if (loaded.directoryVersion !== undefined) await this.dependencies.directory?.pin(campaignId, loaded.directoryVersion, 'amend', by);
      return progress;
    } catch (error) {
      if (error instanceof WorkflowUpdateFailedError) throw new RefusedError((error.cause as Error | undefined)?.message ?? error.message);
      if (error instanceof WorkflowNotFoundError) throw new NotFoundError(`没有正在运行的活动 ${campaignId}`);
      throw error;
    }
  }

  /** The running campaign's plan beside an amended one: new obligations and moved deadlines, and the directory version it would run with. */
  async amendmentChangesFor(campaignId: string, amended: Plan, directoryVersion?: number): Promise<string[]> {
    const current = (await this.dependencies.reader.campaign(campaignId)).plan;
    const lines = describeAmendment(current, amended);
    if (directoryVersion === undefined || !this.dependencies.directory) return lines;
    const pinned = (await this.dependencies.directory.pinOf(campaignId))?.version;
    return [...lines, pinned === directoryVersion ? `单位名录：沿用版本 ${directoryVersion}` : `单位名录：由${pinned === undefined ? '方案文件中的名录' : `版本 ${pinned}`}改为版本 ${directoryVersion}`];
  }

  private async amendmentChanges(campaignId: string, amended: DefinitionSource | undefined): Promise<string[]> {
    if (!amended) throw new InvalidInputError({ definition: ['请选择或上传修订后的方案'] });
    const validation = await this.validate(amended);
    if (!validation.loaded) throw new InvalidInputError({ definition: validation.issues }, '修订后的方案有错误');
    return this.amendmentChangesFor(campaignId, validation.loaded.plan, validation.loaded.directoryVersion);
  }

  private async read(source: DefinitionSource): Promise<{ virtualPath: string; text: string }> {
    const campaignsDir = path.join(this.dependencies.configDir, 'campaigns');
    if ('file' in source) {
      if (!this.definitionFiles().includes(source.file)) {
        throw new InvalidInputError({ file: [`应为 config/campaigns 中的方案文件（${this.definitionFiles().join('、')}），实际为“${source.file}”`] });
      }
      const virtualPath = path.join(campaignsDir, source.file);
      return { virtualPath, text: await readFile(virtualPath, 'utf8') };
    }
    if (!/^[0-9a-f]{32}$/.test(source.upload)) throw new InvalidInputError({ upload: ['上传编号无效'] });
    const kept = path.join(this.dependencies.uploadsDir, `${source.upload}.yaml`);
    if (!existsSync(kept)) throw new NotFoundError(`没有找到上传的方案 ${source.upload}`);
    return { virtualPath: path.join(campaignsDir, `上传-${source.upload.slice(0, 8)}.yaml`), text: await readFile(kept, 'utf8') };
  }
}


const settled: ObligationStatus[] = ['accepted', 'waived', 'target-met', 'closed', 'cancelled'];
/**
 * The instances an amendment changes, one line per obligation and occurrence (the 4·26 and the
 * 5·10 publicity reports share a title, not a deadline): `change` says what changed for the
 * first unit found, the line counts the units.
 */
function changesByObligation(before: Map<string, PlanInstance>, amended: Plan, change: (old: Schedule, schedule: Schedule) => string | undefined): string[] {
  const changed = new Map<string, { title: string; change: string; units: number }>();
  for (const instance of amended.instances) {
    const old = before.get(instance.id);
    const said = old && change(old.schedule, instance.schedule);
    if (said === undefined) continue;
    const { schedule } = instance;
    const key = `${schedule.obligationId}@${schedule.occurrence ?? ''}`;
    const entry = changed.get(key) ?? { title: `${schedule.title}${schedule.occurrenceName ? `（${schedule.occurrenceName}）` : ''}`, change: said, units: 0 };
    entry.units += 1;
    changed.set(key, entry);
  }
  return [...changed.values()].map(({ title, change: said, units }) => `“${title}”${said}（${units} 个单位）`);
}

/** A deadline that moved. */
const movedDeadline = (old: Schedule, schedule: Schedule) => (old.dueAt === schedule.dueAt ? undefined : `截止时间由 ${old.dueLocal} 改为 ${schedule.dueLocal}`);

/**
 * A deadline that stays while its reminders or ladder steps move (the official holidays of a year
 * planned on the provisional calendar, a reminder added): each step's old and new moment.
 */
function retimedSteps(old: Schedule, schedule: Schedule): string | undefined {
  if (!isRetimed(old, schedule)) return undefined;
  const steps = (of: Schedule) => [...of.reminders, ...of.escalations];
  const was = new Map(steps(old).map((step) => [step.key, step]));
  const now = new Map(steps(schedule).map((step) => [step.key, step]));
  // A reminder's label says when (截止前3个工作日); a ladder step's says what (督办通知（逾期5个工作日）).
  const named = (step: PlannedStep) => (step.kind === 'reminder' ? `提醒（${step.label}）` : step.label);
  const changes = [
    ...steps(schedule).flatMap((step) => {
      const previous = was.get(step.key);
      if (!previous) return [`新增${named(step)}，${step.local}`];
      return previous.at === step.at ? [] : [`${named(step)}由 ${previous.local} 改为 ${step.local}`];
    }),
    ...steps(old).flatMap((step) => (now.has(step.key) ? [] : [`不再${named(step)}（原 ${step.local}）`])),
  ];
  return `截止时间不变，${changes.join('，')}`;
}

/** New obligations, moved deadlines and moved reminders, as a person reads them. */
export function describeAmendment(current: Plan, amended: Plan): string[] {
  const before = new Map(current.instances.map((instance) => [instance.id, instance]));
  const lines: string[] = [];
  const added = amended.instances.filter((instance) => !before.has(instance.id));
  for (const schedule of amended.schedules) {
    const count = added.filter((instance) => instance.schedule === schedule).length;
    if (count > 0) lines.push(`新增任务“${schedule.title}”：${count} 个单位，截止 ${schedule.dueLocal}`);
  }
  lines.push(...changesByObligation(before, amended, movedDeadline), ...changesByObligation(before, amended, retimedSteps));
  const removed = current.instances.filter((instance) => !amended.instances.some((candidate) => candidate.id === instance.id)).length;
  if (removed > 0) lines.push(`修订方案中不再有 ${removed} 项任务实例；已启动的任务不会自动撤销`);
  return lines.length > 0 ? lines : ['修订方案与现行方案的任务和截止时间相同，没有变化'];
}
