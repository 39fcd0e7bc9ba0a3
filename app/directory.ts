/**
 * 单位名录: the office's units, their contacts and groups, edited by administrators in the pages.
 * Every save is a new version of the whole directory, kept with who, when, why and what changed.
 *
 * How definitions use it: `include: [directory:current]` (the latest version, or for a campaign
 * already launched, the version it runs with) or `include: [directory:7]` (that version). The
 * store answers these includes with the version as YAML (`storeIncludesFor`), the same text the
 * directory exports to a file; a definition that includes a file (`../shared/zaozhuang-units.yaml`)
 * works as before, and a YAML file imports as a new version. The directory starts, on first use,
 * as the shared file's content.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseDocument } from 'yaml';
import { type DirectorySnapshot, type DirectoryUnit, checkDirectory, directoryIncludePattern, directoryToYaml, readDirectoryYaml } from '../config/definition/directory';
import { describeDirectoryChanges, unitsWithin } from '../config/definition/directory-changes';
import { formatIssue, type FieldPath, type UnlocatedIssue } from '../config/definition/issues';
import { builtInUnitKinds } from '../config/definition/schema';
import { DirectoryConflictError, type DirectoryPin, type DirectoryRepository, type DirectoryVersionSummary } from '../store/directory';
import { InvalidInputError, NotFoundError, WebError } from './errors';

export interface DirectoryVersion extends DirectoryVersionSummary {
  directory: DirectorySnapshot;
}

/** Who saves, on which version, and why (recorded with the version). */
export interface DirectoryEdit {
  basedOn: number;
  note: string;
  by: string;
}

/** 409: another administrator saved a version since the one this change was based on. */
export class DirectoryChangedError extends WebError {
  readonly status = 409;
  readonly code = 'DIRECTORY_CONFLICT';
  constructor(readonly latest: number | undefined, by?: string, at?: Date) {
    super(latest && by && at ? `单位名录已由${by}于${at.toISOString().slice(0, 16).replace('T', ' ')}（UTC）保存为版本 ${latest}，请刷新后重新修改` : '单位名录已被他人修改，请刷新后重新修改');
  }
}

const cachedVersions = 16;

export class UnitDirectory {
  private readonly versions = new Map<number, DirectoryVersion>();
  private scopeCache: { version: number; results: Map<string, Set<string>> } | undefined;

  /** `seedFile`: what the directory holds before its first save (config/shared/zaozhuang-units.yaml). */
  constructor(
    private readonly repository: DirectoryRepository,
    private readonly seedFile: string,
  ) {}

  /** The latest version; on first use, the seed file's content as version 1. */
  async current(): Promise<DirectoryVersion> {
    const latest = (await this.repository.latestNumber()) ?? (await this.seed());
    return this.version(latest);
  }

  async version(number: number): Promise<DirectoryVersion> {
    const cached = this.versions.get(number);
    if (cached) return cached;
    const record = await this.repository.version(number);
    if (!record) throw new NotFoundError(`单位名录没有版本 ${number}`);
    const checked = checkDirectory(record.content);
    if (!checked.directory) throw new Error(`directory version ${number} in the store does not pass its checks`);
    const version: DirectoryVersion = { number: record.number, changes: record.changes, note: record.note, savedBy: record.savedBy, savedAt: record.savedAt, directory: checked.directory };
    // Versions never change: keep the last few read (a check of the editor reads one per keystroke pause).
    this.versions.set(number, version);
    if (this.versions.size > cachedVersions) this.versions.delete(this.versions.keys().next().value!);
    return version;
  }

  /** Every version, the latest first (the first use seeds version 1). */
  async list(): Promise<DirectoryVersionSummary[]> {
    await this.current();
    return this.repository.list();
  }

  /** The unit kinds a unit may have in this directory: the built-in ones and the directory's own. */
  kindsOf(directory: DirectorySnapshot): Record<string, string> {
    return { ...builtInUnitKinds, ...directory.unitKinds };
  }

  /** Adds a unit (`isNew`) or replaces the one with its id, keeping its place in the list. */
  async saveUnit(unit: Record<string, unknown>, edit: DirectoryEdit, isNew: boolean): Promise<DirectoryVersion> {
    const { directory } = await this.latestFor(edit);
    const id = typeof unit.id === 'string' ? unit.id : '';
    const index = directory.units.findIndex((candidate) => candidate.id === id);
    if (isNew && index >= 0) throw new InvalidInputError({ id: [`编号“${id}”已被${directory.units[index]!.name}使用`] });
    if (isNew && id in directory.groups) throw new InvalidInputError({ id: [`编号“${id}”已是一个分组的编号`] });
    if (!isNew && index < 0) throw new NotFoundError(`单位名录中没有单位 ${id}`);
    const units: unknown[] = [...directory.units];
    if (isNew) units.push(unit);
    else units[index] = unit;
    return this.save({ ...directory, units }, edit, (path) => (path[0] === 'units' && path[1] === (isNew ? units.length - 1 : index) ? path.slice(2) : undefined));
  }

  /** Removes a unit no other unit or group refers to (else says which). */
  async deleteUnit(id: string, edit: DirectoryEdit): Promise<DirectoryVersion> {
    const { directory } = await this.latestFor(edit);
    const unit = directory.units.find((candidate) => candidate.id === id);
    if (!unit) throw new NotFoundError(`单位名录中没有单位 ${id}`);
    const children = directory.units.filter((candidate) => candidate.parent === id).map((candidate) => candidate.name);
    const groups = Object.entries(directory.groups).filter(([, members]) => members.includes(id) || members.includes(`children-of:${id}`)).map(([group]) => group);
    const refusals = [
      ...(children.length > 0 ? [`${unit.name}是${children.join('、')}的上级单位：请先修改这些单位的上级`] : []),
      ...(groups.length > 0 ? [`${unit.name}在分组 ${groups.join('、')} 中：请先从分组中移出`] : []),
    ];
    if (refusals.length > 0) throw new InvalidInputError({ id: refusals }, '该单位仍被引用，不能删除');
    return this.save({ ...directory, units: directory.units.filter((candidate) => candidate.id !== id) }, edit);
  }

  /** Adds a group (`isNew`) or sets the members of one. */
  async saveGroup(id: string, members: string[], edit: DirectoryEdit, isNew: boolean): Promise<DirectoryVersion> {
    const { directory } = await this.latestFor(edit);
    if (isNew && id in directory.groups) throw new InvalidInputError({ id: [`分组“${id}”已存在`] });
    if (isNew && directory.units.some((unit) => unit.id === id)) throw new InvalidInputError({ id: [`编号“${id}”已是一个单位的编号`] });
    if (!isNew && !(id in directory.groups)) throw new NotFoundError(`单位名录中没有分组 ${id}`);
    return this.save({ ...directory, groups: { ...directory.groups, [id]: members } }, edit, (path) => (path[0] === 'groups' && path[1] === id ? ['members', ...path.slice(2)] : path[0] === 'groups' ? ['id'] : undefined));
  }

  async deleteGroup(id: string, edit: DirectoryEdit): Promise<DirectoryVersion> {
    const { directory } = await this.latestFor(edit);
    if (!(id in directory.groups)) throw new NotFoundError(`单位名录中没有分组 ${id}`);
    return this.save({ ...directory, groups: Object.fromEntries(Object.entries(directory.groups).filter(([group]) => group !== id)) }, edit);
  }

  /** Adds or renames a unit kind of the directory's own (e.g. town: 镇). */
  async saveUnitKind(id: string, name: string, edit: DirectoryEdit): Promise<DirectoryVersion> {
    const { directory } = await this.latestFor(edit);
    if (id in builtInUnitKinds) throw new InvalidInputError({ kindId: [`“${id}”是内置的单位类别（${builtInUnitKinds[id]}）`] });
    return this.save({ ...directory, unitKinds: { ...directory.unitKinds, [id]: name } }, edit, (path) => (path[0] === 'unitKinds' ? (path.length > 2 ? ['kindName'] : ['kindId']) : undefined));
  }

  /** A YAML file (the export's format, or config/shared/*.yaml) as the next version; its problems located at line and column. */
  async importYaml(fileName: string, text: string, edit: DirectoryEdit): Promise<DirectoryVersion> {
    await this.latestFor(edit);
    const read = readDirectoryYaml(fileName, text);
    if (!read.directory) throw new InvalidInputError({ yaml: read.issues.map((issue) => formatIssue(issue, 'zh')) }, `${fileName} 有 ${read.issues.length} 处错误，未导入`);
    return this.save(read.directory, edit);
  }

  /** A version as the YAML file a definition includes (`directory:<version>`) or an administrator downloads. */
  async yamlOf(number?: number): Promise<{ fileName: string; yaml: string; version: DirectoryVersion }> {
    const version = number === undefined ? await this.current() : await this.version(number);
    const at = new Date(version.savedAt.getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
    const header = [`单位名录 版本 ${version.number}（${version.savedBy} 于 ${at} 保存）`, '由活动方案督办系统导出；可作为方案的 include 文件，或再导入为新版本。'];
    return { fileName: `单位名录-版本${version.number}.yaml`, yaml: directoryToYaml(version.directory, header), version };
  }

  /**
   * The store's includes a definition's text names (`directory:current`, `directory:<n>`) as YAML,
   * for the loader (config/definition/load.ts `storeIncludes`), and the directory version they
   * resolved to. `directory:current` is the version the text's campaign runs with if it was
   * launched (so an amendment keeps it), else the latest. A version the store does not hold is
   * left out: the loader then says so at the include.
   */
  async storeIncludesFor(text: string): Promise<{ includes: Record<string, string>; version?: number }> {
    const { includes, campaignId } = includesOf(text);
    const wanted = includes.filter((include) => directoryIncludePattern.test(include));
    if (wanted.length === 0) return { includes: {} };
    const resolved: Record<string, string> = {};
    let version: number | undefined;
    for (const include of wanted) {
      const reference = include.slice('directory:'.length);
      const number = reference === 'current' ? ((campaignId ? await this.pinOf(campaignId) : undefined)?.version ?? (await this.current()).number) : Number(reference);
      const found = await this.yamlOf(number).catch((error: unknown) => {
        if (error instanceof NotFoundError) return undefined;
        throw error;
      });
      if (!found) continue;
      resolved[include] = found.yaml;
      version = number;
    }
    return { includes: resolved, ...(version !== undefined ? { version } : {}) };
  }

  /** Records the directory version a campaign was launched or amended with. */
  async pin(campaignId: string, version: number, action: DirectoryPin['action'], by: string): Promise<void> {
    await this.repository.pin({ campaignId, version, action, by });
  }

  /** The directory version a campaign runs with (its latest launch or amendment that included the directory). */
  async pinOf(campaignId: string): Promise<DirectoryPin | undefined> {
    return (await this.repository.pinsOf([campaignId])).get(campaignId);
  }

  pinHistory(campaignId: string): Promise<DirectoryPin[]> {
    return this.repository.pinHistory(campaignId);
  }

  /** The unit ids a scope's entries cover in the latest version (./staff-scope.ts). */
  async unitsWithin(entries: readonly string[]): Promise<Set<string>> {
    const { number, directory } = await this.current();
    if (this.scopeCache?.version !== number) this.scopeCache = { version: number, results: new Map() };
    const key = JSON.stringify(entries);
    const cached = this.scopeCache.results.get(key);
    if (cached) return cached;
    const units = unitsWithin(directory, entries);
    if (this.scopeCache.results.size < 1000) this.scopeCache.results.set(key, units);
    return units;
  }

  /** The latest version, if it is the one the edit was based on (else DirectoryChangedError). */
  private async latestFor(edit: DirectoryEdit): Promise<DirectoryVersion> {
    const latest = await this.current();
    if (latest.number !== edit.basedOn) throw new DirectoryChangedError(latest.number, latest.savedBy, latest.savedAt);
    return latest;
  }

  /**
   * Checks the next directory and saves it as a new version (the same content: no new version).
   * `fieldOf` names the form's field of a problem's path (else the problem is about the whole directory).
   */
  private async save(next: unknown, edit: DirectoryEdit, fieldOf: (path: FieldPath) => FieldPath | undefined = () => undefined): Promise<DirectoryVersion> {
    const checked = checkDirectory(next);
    if (!checked.directory) throw new InvalidInputError(fieldErrorsOf(checked.issues, fieldOf), '单位名录有误，未保存');
    const latest = await this.current();
    if (JSON.stringify(latest.directory) === JSON.stringify(checked.directory)) return latest;
    try {
      const saved = await this.repository.save({ content: checked.directory, changes: describeDirectoryChanges(latest.directory, checked.directory), basedOn: edit.basedOn, note: edit.note.trim(), by: edit.by });
      return this.version(saved.number);
    } catch (error) {
      if (error instanceof DirectoryConflictError) throw new DirectoryChangedError(error.latest?.number, error.latest?.savedBy, error.latest?.savedAt);
      throw error;
    }
  }

  /** Version 1 from the seed file (two servers at once: one of them saves it). */
  private async seed(): Promise<number> {
    // An office without a shared directory file starts from an empty one and fills it in the pages.
    const hasSeedFile = existsSync(this.seedFile);
    const read = hasSeedFile ? readDirectoryYaml(path.basename(this.seedFile), readFileSync(this.seedFile, 'utf8')) : { ...checkDirectory({ units: [] }), issues: [] };
    if (!read.directory) throw new Error(`the directory's seed ${this.seedFile} has problems:\n${read.issues.map((issue) => formatIssue(issue, 'en')).join('\n')}`);
    try {
      await this.repository.save({ content: read.directory, changes: describeDirectoryChanges(undefined, read.directory), basedOn: 0, note: hasSeedFile ? `首次使用：由 ${path.basename(this.seedFile)} 导入` : '首次使用：空名录', by: '系统' });
    } catch (error) {
      if (!(error instanceof DirectoryConflictError)) throw error;
    }
    return (await this.repository.latestNumber())!;
  }
}

/** The problems by the form's field (`contacts.0.email`), each as a person reads it. */
function fieldErrorsOf(issues: UnlocatedIssue[], fieldOf: (path: FieldPath) => FieldPath | undefined): Record<string, string[]> {
  const errors: Record<string, string[]> = {};
  for (const issue of issues) {
    const field = fieldOf(issue.path);
    const key = field ? field.join('.') || '(directory)' : '(directory)';
    const text = formatIssue({ ...issue, file: '', path: field ? [] : issue.path }, 'zh').replace(/^：/, '');
    (errors[key] ??= []).push(field ? `${fieldLabel(field)}：${text}` : text);
  }
  return errors;
}

const fieldNames: Record<string, string> = { id: '编号', name: '名称', kind: '类别', parent: '上级单位', order: '显示顺序', contacts: '联系人', role: '职务', email: '电子邮箱', phone: '电话', members: '成员', kindId: '类别编号', kindName: '类别名称' };

/** `['contacts', 0, 'email']` → 联系人 1 电子邮箱. */
function fieldLabel(field: FieldPath): string {
  return field.map((part) => (typeof part === 'number' ? String(part + 1) : (fieldNames[part] ?? part))).join(' ');
}

/** The `include` list and campaign id a definition's text names (nothing when it is not YAML: the loader says why). */
function includesOf(text: string): { includes: string[]; campaignId?: string } {
  try {
    const document = parseDocument(text);
    const includes = document.get('include');
    const campaignId = document.getIn(['campaign', 'id']);
    const list = (includes as { toJSON?: () => unknown } | undefined)?.toJSON?.();
    return { includes: Array.isArray(list) ? list.filter((item): item is string => typeof item === 'string') : [], ...(typeof campaignId === 'string' ? { campaignId } : {}) };
  } catch {
    return { includes: [] };
  }
}

/** A unit's display order: `order`, else its place in the directory. */
export function unitsInDisplayOrder(units: DirectoryUnit[]): DirectoryUnit[] {
  return units.map((unit, index) => ({ unit, order: unit.order ?? index + 1, index })).sort((a, b) => a.order - b.order || a.index - b.index).map(({ unit }) => unit);
}
