/**
 * Units and addressees: splitting a list of agencies as a notice writes it ("各区（市）市场监管
 * 局、枣庄高新区行政审批局，市局机关有关科室、直属单位") and matching each name against the
 * office's unit directory (the shape of config/shared/zaozhuang-units.yaml: units with id, name,
 * kind, optional aliases; groups of unit ids). Collective names (各区（市）, 市局机关有关科室,
 * 直属单位) resolve to the group whose members are of the kind they name. What matches nothing is
 * kept as written, for the administrator to pick.
 */
import { normalizeName } from './text';

export interface DirectoryUnit {
  id: string;
  name: string;
  kind: string;
  aliases?: string[];
  parent?: string;
  contacts?: Array<{ name: string; role?: string; email?: string; phone?: string }>;
}

export interface Directory {
  units: DirectoryUnit[];
  groups: Record<string, string[]>;
}

/** A unit as the notice names it, and what it resolved to. */
export interface UnitReference {
  text: string;
  unitId?: string;
  groupId?: string;
  /** Several units with no group of exactly them (e.g. 直属单位 → the directly affiliated units). */
  unitIds?: string[];
  /** The issuing office itself (市局, 本局, 我局). */
  isIssuer?: boolean;
}

/** Collective words and the unit kinds they mean. */
const collectiveKinds: Array<{ pattern: RegExp; kinds: string[] }> = [
  { pattern: /^(各)?(区\(市\)|区县|县\(市、?区\)|县市区|区\(县、?市\)|县\(区\)|区)(市场监管局|市场监督管理局|局)?$/, kinds: ['district', 'county-level-city', 'zone'] },
  { pattern: /机关(有关|各)?(科室|处室|部门)$/, kinds: ['city-section'] },
  { pattern: /^(各)?直属(事业)?单位$/, kinds: ['directly-affiliated'] },
];
const issuerWords = /^(市局|本局|我局|省局|县局|区局|本单位|我办|本办)$/;

/** Words that end an agency's name: a list item that does not end so belongs to the next one. */
const agencySuffix = /(局|厅|部|委|办|室|科|处|院|会|组|所|队|站|中心|政府|机构|单位|部门|街道|办事处|区|县|市|镇|乡|苏木|企业|公司|银行|集团|总局|署|馆|校|台|社|团)$/;

/**
 * Splits a list of agencies at 、，,和及与 and keeps together what the notice meant as one:
 * "各省、自治区、直辖市人民政府" (items that are no agency on their own), "相关委、办、局" (one
 * character each).
 */
export function splitUnitList(value: string): string[] {
  const pieces = splitOutsideBrackets(value)
    .flatMap(splitAtConjunction)
    .map((piece) => piece.trim().replace(/^(请|由|并)/, '').replace(/(等(部门|单位)?|分别|按职责分工|按职责)$/, '').trim())
    .filter(Boolean);
  const merged: string[] = [];
  for (const piece of pieces) {
    const previous = merged[merged.length - 1];
    const previousLast = previous?.split('、').pop() ?? '';
    if (previous !== undefined && (piece.length === 1 || /^(各)?(省|自治区|直辖市|计划单列市|县|市|区)$/.test(previousLast))) {
      merged[merged.length - 1] = `${previous}、${piece}`;
    } else {
      merged.push(piece);
    }
  }
  return merged;
}

/** Splits at 、，,；; but not inside brackets: "各县（市、区）" is one name. */
function splitOutsideBrackets(value: string): string[] {
  const pieces: string[] = [];
  let depth = 0;
  let current = '';
  for (const char of value) {
    if ('(（[〔【'.includes(char)) depth++;
    if (')）]〕】'.includes(char)) depth = Math.max(0, depth - 1);
    if (depth === 0 && '、，,；;'.includes(char)) {
      pieces.push(current);
      current = '';
    } else {
      current += char;
    }
  }
  return [...pieces, current];
}

/** "开发区和市安委会": 和/及/与 joins two agencies only when the words before it end like one (区发展和改革局 is one name). */
function splitAtConjunction(piece: string): string[] {
  const out: string[] = [];
  const pattern = /(以及|和|及|与)/g;
  let start = 0;
  for (const match of piece.matchAll(pattern)) {
    const left = piece.slice(start, match.index);
    const right = piece.slice((match.index ?? 0) + match[0].length);
    if (agencySuffix.test(left) && right.length >= 2) {
      out.push(left);
      start = (match.index ?? 0) + match[0].length;
    }
  }
  out.push(piece.slice(start));
  return out.filter(Boolean);
}

/** True when a phrase reads as an agency (or a list of them), not as a task. */
export function looksLikeAgency(value: string): boolean {
  const text = normalizeName(value);
  if (text.length < 2 || text.length > 40 || /^(以下|其中|包括|均|不再)/.test(text)) return false;
  if (/(要|应|须|将|开展|推进|加强|建立|完善|组织|报送|落实|提升|做好|实施)/.test(text.replace(/(落实|推进|实施)(办|组|中心)/g, ''))) return false;
  return splitUnitList(value).every((piece) => agencySuffix.test(normalizeName(piece)) || issuerWords.test(normalizeName(piece)) || /^各/.test(piece));
}

/** Resolves names against the directory; `issuerName` lets 市局/本局 point at the issuing unit. */
export function resolveUnit(text: string, directory: Directory | undefined, issuerName?: string): UnitReference {
  const name = normalizeName(text);
  const reference: UnitReference = { text };
  if (issuerWords.test(name)) {
    const issuer = directory && issuerName ? findByName(directory, normalizeName(issuerName)) : undefined;
    return { ...reference, isIssuer: true, ...(issuer ? { unitId: issuer.id } : {}) };
  }
  if (!directory) return reference;
  const exact = findByName(directory, name);
  if (exact) return { ...reference, unitId: exact.id };
  const byKind = collectiveKinds.find((collective) => collective.pattern.test(name.replace(/^市局/, '')));
  if (byKind) {
    const members = directory.units.filter((unit) => byKind.kinds.includes(unit.kind)).map((unit) => unit.id);
    const group = groupCovering(directory, members);
    if (group) return { ...reference, groupId: group };
    if (members.length === 1) return { ...reference, unitId: members[0]! };
    if (members.length > 1) return { ...reference, unitIds: members };
  }
  // "市局知识产权保护科": a directory unit named at the end of a longer phrase.
  const contained = directory.units
    .filter((unit) => [unit.name, ...(unit.aliases ?? [])].some((alias) => normalizeName(alias).length >= 3 && name.endsWith(normalizeName(alias))))
    .sort((a, b) => b.name.length - a.name.length)[0];
  return contained ? { ...reference, unitId: contained.id } : reference;
}

function findByName(directory: Directory, name: string): DirectoryUnit | undefined {
  return directory.units.find((unit) => [unit.name, ...(unit.aliases ?? [])].some((alias) => normalizeName(alias) === name));
}

/** The group with most of `members` among its own (and at least half of them). */
function groupCovering(directory: Directory, members: string[]): string | undefined {
  let best: { id: string; score: number } | undefined;
  for (const [id, group] of Object.entries(directory.groups)) {
    const shared = group.filter((member) => members.includes(member)).length;
    const score = shared / Math.max(group.length, members.length);
    if (shared > 0 && score >= 0.5 && (!best || score > best.score)) best = { id, score };
  }
  return best?.id;
}

/** True when the reference found something in the directory. */
export const isResolved = (reference: UnitReference) =>
  reference.unitId !== undefined || reference.groupId !== undefined || (reference.unitIds?.length ?? 0) > 0;

/** Reads a directory from parsed YAML (boundary: checks the shape, ignores what it does not use). */
export function directoryFrom(value: unknown): Directory {
  const root = (value ?? {}) as { units?: unknown; groups?: unknown };
  const units = Array.isArray(root.units) ? root.units : [];
  const parsed: DirectoryUnit[] = units.flatMap((unit) => {
    const entry = unit as Partial<DirectoryUnit>;
    if (typeof entry.id !== 'string' || typeof entry.name !== 'string') return [];
    return [{ ...entry, id: entry.id, name: entry.name, kind: typeof entry.kind === 'string' ? entry.kind : 'unknown' }];
  });
  const groups: Record<string, string[]> = {};
  if (root.groups && typeof root.groups === 'object') {
    for (const [id, members] of Object.entries(root.groups as Record<string, unknown>)) {
      if (Array.isArray(members)) groups[id] = members.filter((member): member is string => typeof member === 'string');
    }
  }
  return { units: parsed, groups };
}
