/**
 * 活动设计: the administrator's path from a notice to a launched campaign, in the browser. A notice
 * is read into a draft (kept in the store at once, with its 待确认 questions); the draft's YAML is
 * edited (form or text), checked and previewed as it changes, autosaved with a revision counter;
 * versions are saved with who and when, compared as "what changes for whom", and launch and amend
 * start only from a saved version, whose id the campaign's memo records.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse, parseDocument } from 'yaml';
import { builtInUnitKinds, holidayRules, recipientKinds } from '../../config/definition/schema';
import { requiredMessageKinds, templateVariables } from '../../config/definition/templates';
import { draftToDefinition } from '../../config/notice/definition';
import { type Directory, directoryFrom } from '../../config/notice/units';
import { formatIssue } from '../../config/definition/issues';
import type { LoadedCampaign } from '../../config/definition/load';
import { DraftConflictError, type DraftRecord, type DraftRepository, type VersionRecord } from '../../store/drafts';
import { StoreError } from '../../store/errors';
import type { Admin } from '../administration';
import { InvalidInputError, NotFoundError, WebError } from '../errors';
import { importNotice, type NoticeInput } from '../notice-import';
import { checkResultOf, type CheckResult } from './check';
import { compareVersions, type VersionComparison } from './compare';
import { applyAnswers, type NoticeReview, reviewItemsOf, reviewQuestionsOf, yamlOutput } from './notice-review';

export interface AuthoringDependencies {
  drafts: DraftRepository;
  admin: Admin;
  /** config/: the unit directory (shared/zaozhuang-units.yaml) and the files drafts include. */
  configDir: string;
  /** The directory file, relative to configDir (default shared/zaozhuang-units.yaml). */
  directoryFile?: string;
}

/** How the draft's own text is named in located problems. */
export const draftFileName = 'draft.yaml';

export type { EditorOptions } from '../../contracts/authoring';
import type { EditorOptions } from '../../contracts/authoring';

/** 409: the draft was saved elsewhere (another tab, another person) since the revision this change was based on. */
export class DraftChangedError extends WebError {
  readonly status = 409;
  readonly code = 'DRAFT_CONFLICT';
  constructor(readonly revision: number, by: string, at: Date) {
    super(`草稿已由${by}于${at.toISOString().slice(0, 19).replace('T', ' ')}（UTC）保存为修订 ${revision}`);
  }
}

/** The store's refusals as the web's errors: a conflict, or a draft that is not there. */
async function stored<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof DraftConflictError) throw new DraftChangedError(error.current.revision, error.current.updatedBy, error.current.updatedAt);
    if (error instanceof StoreError && error.code === 'DRAFT_NOT_FOUND') throw new NotFoundError('没有找到这份草稿');
    throw error;
  }
}

export class Authoring {
  private directoryCache: Directory | undefined;

  constructor(private readonly dependencies: AuthoringDependencies) {}

  /** The office's unit directory (part 4 of the issue makes it editable; until then, the shared file). */
  directory(): Directory {
    this.directoryCache ??= directoryFrom(parse(readFileSync(path.join(this.dependencies.configDir, this.dependencies.directoryFile ?? 'shared/zaozhuang-units.yaml'), 'utf8')));
    return this.directoryCache;
  }

  editorOptions(): EditorOptions {
    const directory = this.directory();
    return {
      units: directory.units.map((unit) => ({ id: unit.id, name: unit.name, kind: unit.kind })),
      groups: Object.entries(directory.groups).map(([id, members]) => ({ id, members })),
      unitKinds: Object.keys(builtInUnitKinds),
      recipients: recipientKinds,
      holidayRules,
      messageKinds: requiredMessageKinds,
      templateVariables,
    };
  }

  /** Reads a notice, extracts its draft and keeps it in the store at once, with the questions to answer. */
  async importNotice(input: NoticeInput, by: string): Promise<DraftRecord> {
    const directory = this.directory();
    const { notice, draft } = await importNotice(input, { directory });
    // 'current': what today's validator accepts, so the draft validates once its questions are answered.
    const { yaml, unresolved } = draftToDefinition(draft, { directory, language: 'current', include: ['../shared/messages-zh.yaml'] });
    const normalised = parseDocument(yaml).toString(yamlOutput);
    const review: NoticeReview = {
      text: notice.text,
      format: notice.format,
      ...('fileName' in input ? { fileName: input.fileName } : {}),
      items: reviewItemsOf(draft),
      questions: reviewQuestionsOf(unresolved, normalised),
      unresolvedUnits: draft.unresolvedUnits,
      conventions: { ...draft.conventions },
    };
    return this.dependencies.drafts.create({ title: draft.title?.value ?? '未命名方案', yaml: normalised, notice: { ...review }, by });
  }

  /** A new draft from a definition file of config/campaigns (the seed, an earlier plan). */
  async createFromFile(file: string, by: string): Promise<DraftRecord> {
    const files = this.dependencies.admin.definitionFiles();
    if (!files.includes(file)) throw new InvalidInputError({ file: [`应为 config/campaigns 中的方案文件（${files.join('、')}），实际为“${file}”`] });
    const yaml = readFileSync(path.join(this.dependencies.configDir, 'campaigns', file), 'utf8');
    return this.dependencies.drafts.create({ title: titleOf(yaml), yaml, by });
  }

  async draft(id: string): Promise<DraftRecord> {
    const draft = await this.dependencies.drafts.get(id);
    if (!draft) throw new NotFoundError(`没有找到草稿 ${id}`);
    return draft;
  }

  /** The import page's data, if the draft came from a notice. */
  reviewOf(draft: DraftRecord): NoticeReview | undefined {
    return draft.notice ? (draft.notice as unknown as NoticeReview) : undefined;
  }

  /** Writes the answers to the draft's questions and saves the result as its first version. */
  async answer(id: string, basedOn: number, answers: Record<string, unknown>, by: string): Promise<{ draft: DraftRecord; version: VersionRecord }> {
    const draft = await this.draft(id);
    const review = this.reviewOf(draft);
    if (!review) throw new InvalidInputError({ draftId: ['此草稿不是由通知导入的，没有待确认的项目'] });
    const yaml = applyAnswers(draft.yaml, review.questions, answers);
    const notice = { ...review, answeredAt: new Date().toISOString(), answeredBy: by };
    const saved = await stored(() => this.dependencies.drafts.save(id, { yaml, title: titleOf(yaml), basedOn, by, notice: { ...notice } }));
    const { version, draft: after } = await this.saveVersion(id, yaml, saved.revision, '由通知导入，已回答待确认项', by);
    return { draft: after, version };
  }

  /** The located problems and the preview of a text, as the editor shows them. */
  check(yaml: string): CheckResult {
    return checkResultOf(this.dependencies.admin.checkText(draftFileName, yaml), draftFileName);
  }

  /** Autosave: the draft's text, if `basedOn` is still its revision (else DraftConflictError). */
  async save(id: string, yaml: string, basedOn: number, by: string): Promise<DraftRecord> {
    return stored(() => this.dependencies.drafts.save(id, { yaml, title: titleOf(yaml), basedOn, by }));
  }

  async saveVersion(id: string, yaml: string, basedOn: number, note: string, by: string): Promise<{ draft: DraftRecord; version: VersionRecord; isNew: boolean }> {
    const checked = this.dependencies.admin.checkText(draftFileName, yaml);
    return stored(() => this.dependencies.drafts.saveVersion(id, {
      yaml,
      title: titleOf(yaml),
      basedOn,
      by,
      note,
      campaignId: checked.loaded?.plan.campaign.id ?? campaignIdOf(yaml),
      isValid: checked.loaded !== undefined,
    }));
  }

  async version(id: string): Promise<VersionRecord> {
    const version = await this.dependencies.drafts.version(id);
    if (!version) throw new NotFoundError(`没有找到方案版本 ${id}`);
    return version;
  }

  versions(draftId: string) {
    return this.dependencies.drafts.versions(draftId);
  }

  listDrafts() {
    return this.dependencies.drafts.list();
  }

  /** What changes for whom from one version to another (of any drafts). */
  async compare(fromId: string, toId: string): Promise<{ from: VersionRecord; to: VersionRecord; comparison?: VersionComparison; problems: string[] }> {
    const [from, to] = await Promise.all([this.version(fromId), this.version(toId)]);
    const checked = [from, to].map((version) => ({ version, result: this.dependencies.admin.checkText(draftFileName, version.yaml) }));
    const problems = checked.filter(({ result }) => !result.loaded).map(({ version, result }) => `版本 ${version.number} 有 ${result.issues.length} 处错误，无法比较其计划`);
    const [before, after] = checked.map(({ result }) => result.loaded);
    if (!before || !after) return { from, to, problems };
    return { from, to, comparison: compareVersions(before, after), problems };
  }

  /** Launches a saved version; the campaign's memo records it. */
  async launch(versionId: string, rebaseTo: string | undefined, by: string) {
    const { version, loaded } = await this.loadedVersion(versionId, '方案版本有错误，不能启动');
    const launched = await this.dependencies.admin.launchLoaded(loaded, rebaseTo, by, { definitionVersion: { id: version.id, draftId: version.draftId, number: version.number } });
    if (!launched.alreadyLaunched) await this.dependencies.drafts.recordUse(version.id, { campaignId: launched.campaignId, action: 'launch', by });
    return { ...launched, version: version.number };
  }

  /** What amending the running campaign with this version would change. */
  async amendmentPreview(versionId: string): Promise<{ campaignId: string; changes: string[] }> {
    const { loaded } = await this.loadedVersion(versionId, '方案版本有错误，不能用于修订');
    const campaignId = loaded.plan.campaign.id;
    return { campaignId, changes: await this.dependencies.admin.amendmentChangesFor(campaignId, loaded.plan) };
  }

  /** Amends the running campaign of the version's campaign id with it; the reason names the version. */
  async amend(versionId: string, reason: string, by: string) {
    const { version, loaded } = await this.loadedVersion(versionId, '方案版本有错误，不能用于修订');
    const campaignId = loaded.plan.campaign.id;
    const progress = await this.dependencies.admin.amendLoaded(campaignId, loaded, by, `${reason}（方案版本 ${version.number}，${version.id}）`);
    await this.dependencies.drafts.recordUse(version.id, { campaignId, action: 'amend', by });
    return progress;
  }

  private async loadedVersion(versionId: string, refusal: string): Promise<{ version: VersionRecord; loaded: LoadedCampaign }> {
    const version = await this.version(versionId);
    const checked = this.dependencies.admin.checkText(draftFileName, version.yaml);
    if (!checked.loaded) throw new InvalidInputError({ definition: checked.issues.map((issue) => formatIssue(issue, 'zh')) }, refusal);
    return { version, loaded: checked.loaded };
  }
}

function readField(yaml: string, field: 'title' | 'id'): string | undefined {
  try {
    const value = parseDocument(yaml).getIn(['campaign', field]);
    return typeof value === 'string' && value.trim() ? value.trim() : undefined;
  } catch {
    return undefined;
  }
}

const titleOf = (yaml: string) => readField(yaml, 'title') ?? '未命名方案';
const campaignIdOf = (yaml: string) => readField(yaml, 'id') ?? null;
