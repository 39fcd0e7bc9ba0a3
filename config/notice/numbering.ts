/**
 * The numbered structure of a plan as a measure tree: 一、 （一） 1. （1） ①, and the inline
 * items 一是/二是 that plans use inside a subsection. Each heading gets the reference the seed
 * definition uses (二(三)五: section 二, subsection (三), item 五是; 二1 for "1." under 二).
 * A covering notice (通知) before the plan has its own numbering; its references start with 通知.
 */
import { chineseNumeralChars } from './numbers';
import { splitLines } from './text';

export interface Measure {
  /** 1 = 一、, 2 = （一）, 3 = 1. or 一是, 4 = （1）, 5 = ①. */
  level: number;
  /** The label as it reads within its parent: 二, (三), 五, 1, (2), ①. */
  label: string;
  /** The full reference: 二(三)五, or 通知一 inside the covering notice. */
  reference: string;
  /** The heading's text after its label (up to the first full stop). */
  title: string;
  /** Offsets of the section: from its heading to the next heading of the same or a higher level. */
  start: number;
  end: number;
  children: Measure[];
}

export interface MeasureTree {
  measures: Measure[];
  /** Where the covering notice ends (its signature date) when a plan follows it; else undefined. */
  noticeEnd?: number;
}

const C = `[${chineseNumeralChars.replace('两', '')}]`;
const headingPatterns: Array<{ level: number; pattern: RegExp; label: (match: RegExpExecArray) => string }> = [
  { level: 1, pattern: new RegExp(`^(${C}{1,3})[、，,]`), label: (m) => m[1]! },
  { level: 2, pattern: new RegExp(`^[（(]\\s*(${C}{1,3})\\s*[）)]`), label: (m) => `(${m[1]})` },
  { level: 3, pattern: /^([0-9０-９]{1,2})\s*[.．、](?![0-9])/, label: (m) => m[1]!.normalize('NFKC') },
  { level: 3, pattern: new RegExp(`^(${C}{1,3})是`), label: (m) => m[1]! },
  { level: 4, pattern: /^[（(]\s*([0-9０-９]{1,2})\s*[）)]/, label: (m) => `(${m[1]!.normalize('NFKC')})` },
  { level: 5, pattern: /^([①-⑳])/, label: (m) => m[1]! },
];

/** Reads the headings of a notice into a tree; `noticeEnd` separates the covering notice from the plan. */
export function buildMeasureTree(text: string, noticeEnd?: number): MeasureTree {
  const roots: Measure[] = [];
  const open: Measure[] = [];
  for (const line of splitLines(text)) {
    if (noticeEnd !== undefined && line.start >= noticeEnd && open.length > 0 && open[0]!.start < noticeEnd) open.length = 0;
    const heading = headingPatterns.map((rule) => ({ rule, match: rule.pattern.exec(line.text) })).find((found) => found.match);
    if (!heading || !heading.match) continue;
    const level = heading.rule.level;
    while (open.length > 0 && open[open.length - 1]!.level >= level) open.pop();
    const parent = open[open.length - 1];
    const label = heading.rule.label(heading.match);
    const inNotice = noticeEnd !== undefined && line.start < noticeEnd;
    const prefix = parent ? parent.reference : inNotice ? '通知' : '';
    const rest = line.text.slice(heading.match[0].length).trim();
    const measure: Measure = {
      level,
      label,
      reference: `${prefix}${label}`,
      title: rest.split(/[。；;]/)[0] ?? rest,
      start: line.start,
      end: text.length,
      children: [],
    };
    for (const section of open) section.end = Math.max(section.end, line.start);
    (parent ? parent.children : roots).push(measure);
    open.push(measure);
  }
  closeSections(roots, noticeEnd, text.length);
  return { measures: roots, ...(noticeEnd !== undefined ? { noticeEnd } : {}) };
}

/** A section ends where its next sibling (or its parent's next sibling) begins. */
function closeSections(siblings: Measure[], noticeEnd: number | undefined, limit: number): void {
  siblings.forEach((measure, index) => {
    const next = siblings[index + 1];
    let end = next ? next.start : limit;
    if (noticeEnd !== undefined && measure.start < noticeEnd && end > noticeEnd) end = noticeEnd;
    measure.end = end;
    closeSections(measure.children, noticeEnd, end);
  });
}

/** The innermost measure containing `offset`, if any. */
export function measureAt(tree: MeasureTree, offset: number): Measure | undefined {
  let found: Measure | undefined;
  let level = tree.measures;
  for (;;) {
    const inner = level.find((measure) => measure.start <= offset && offset < measure.end);
    if (!inner) return found;
    found = inner;
    level = inner.children;
  }
}

/** Every measure, depth first. */
export function allMeasures(tree: MeasureTree): Measure[] {
  const out: Measure[] = [];
  const walk = (measures: Measure[]) => measures.forEach((measure) => (out.push(measure), walk(measure.children)));
  walk(tree.measures);
  return out;
}

/** The reference for an offset: the innermost measure, else 通知 inside the covering notice. */
export function referenceAt(tree: MeasureTree, offset: number): string {
  const measure = measureAt(tree, offset);
  if (measure) return measure.reference;
  return tree.noticeEnd === undefined || offset < tree.noticeEnd ? '通知' : '';
}
