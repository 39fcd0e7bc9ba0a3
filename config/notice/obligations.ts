/**
 * The obligation scan: reads a notice sentence by sentence (after its title and addressees) and
 * makes an obligation of each thing asked for, with its deadline, its units and its measure.
 * Units come from the sentence (a role parenthesis, an agency heading a clause), else from its
 * measure (牵头单位：…), else from the sentence before in the same paragraph, and then the
 * obligation says so ("承办单位取自上文"). The readings themselves are in obligation-rules.ts.
 */
import { type DateMention, findDates } from './dates';
import { allMeasures, type Measure, measureAt, referenceAt } from './numbering';
import {
  actionVerb,
  countsIn,
  countTitle,
  countVerb,
  type FoundObligation,
  isDeadline,
  type ObligationContext,
  type ObligationDeadline,
  ongoingPhrase,
  openChannel,
  recurrences,
  reportVerb,
  requestedReport,
  rolesOfMeasure,
  startOf,
  titleOf,
} from './obligation-rules';
import { findRoleParenthesis, findSubject, type Roles } from './roles';
import { type Sentence, splitSentences } from './text';

export type { FoundObligation, ObligationContext, ObligationDeadline } from './obligation-rules';

interface Units {
  roles?: Roles;
  /** Absolute offset of the roles' text. */
  offset: number;
  inherited: boolean;
}

const targetWords = /(达到|突破|增长|不少于|力争|累计|建成|覆盖|实现)/;

/** Every obligation of the notice, in the order of the text. */
export function extractObligations(text: string, context: ObligationContext): FoundObligation[] {
  const found: FoundObligation[] = [];
  const lastUnits = new Map<string, Units>();
  const sentences = splitSentences(text).filter(
    (sentence) => sentence.start >= context.bodyStart && !context.skip.some((range) => range.start <= sentence.start && sentence.end <= range.end),
  );
  for (const sentence of sentences) {
    const measure = measureAt(context.tree, sentence.start);
    const reference = referenceAt(context.tree, sentence.start);
    const lineKey = `line:${text.lastIndexOf('\n', sentence.start)}`;
    const measureKey = `measure:${measure?.start ?? -1}:${context.tree.noticeEnd !== undefined && sentence.start < context.tree.noticeEnd}`;
    const own = unitsOf(text, sentence, measure, triggerAt(sentence.text, context));
    if (own.roles) {
      lastUnits.set(lineKey, own);
      lastUnits.set(measureKey, own);
    }
    const units: Units = own.roles ? own : { ...(lastUnits.get(lineKey) ?? lastUnits.get(measureKey) ?? { offset: 0 }), inherited: true };
    const make = (kind: FoundObligation['kind'], deadline: ObligationDeadline, title: string, at?: { start: number; end: number }, notes: string[] = []): FoundObligation => {
      const reviewNotes = [...notes];
      if (units.inherited && units.roles) reviewNotes.push('承办单位取自上文');
      if (!units.roles) reviewNotes.push('未写明承办单位');
      if ('convention' in deadline && deadline.convention) reviewNotes.push(`按约定：${deadline.convention}`);
      if ('yearInferred' in deadline && deadline.yearInferred) reviewNotes.push('年份取自上下文');
      return {
        title: title.length > 40 ? `${title.slice(0, 39)}…` : title,
        measure: reference,
        kind,
        deadline,
        assignees: units.roles?.assignees ?? [],
        cooperating: units.roles?.cooperating ?? [],
        source: { start: sentence.start, end: sentence.end, sentence: sentence.text },
        ...(at ? { deadlineAt: { start: sentence.start + at.start, end: sentence.start + at.end } } : {}),
        ...(units.roles ? { assigneesAt: { start: units.offset + units.roles.start, end: units.offset + units.roles.end } } : {}),
        needsReview: reviewNotes.length > 0,
        notes: reviewNotes,
      };
    };
    found.push(...readSentence(sentence, context, make, measure));
  }
  found.push(...undatedItems(text, context, found));
  // One ongoing obligation per measure: "持续打击…，持续开展…" in one item is one task; the one
  // that names its units wins ("……。（国务院各部门分别负责，年内持续推进）").
  const ongoing = new Map<string, FoundObligation>();
  for (const obligation of found.filter((candidate) => candidate.kind === 'ongoing')) {
    const known = ongoing.get(obligation.measure);
    if (!known || (known.assignees.length === 0 && obligation.assignees.length > 0)) ongoing.set(obligation.measure, obligation);
  }
  return found.filter((obligation) => obligation.kind !== 'ongoing' || ongoing.get(obligation.measure) === obligation);
}

type Make = (kind: FoundObligation['kind'], deadline: ObligationDeadline, title: string, at?: { start: number; end: number }, notes?: string[]) => FoundObligation;

/** Where a sentence starts asking: its first deadline, recurrence or report verb. */
function triggerAt(words: string, context: ObligationContext): number {
  const mentions = findDates(words, context.dates);
  const deadline = mentions.find((mention, index) => mention.reading.kind === 'recurrence' || (mention.reading.kind === 'date' && isDeadline(words, mention, mentions[index + 1])));
  // A report verb inside a document's name (《县级数据上报信息表》) asks for nothing.
  const verb = reportVerb.exec(words.replace(/《[^》]*》/g, (name) => '　'.repeat(name.length)));
  return Math.min(deadline?.start ?? words.length, verb?.index ?? words.length);
}

/** The units a sentence names itself (before it starts asking), or its measure states. */
function unitsOf(text: string, sentence: Sentence, measure: Measure | undefined, before: number): Units {
  const parenthesis = findRoleParenthesis(sentence.text);
  if (parenthesis) return { roles: parenthesis, offset: sentence.start, inherited: false };
  const subject = findSubject(sentence.text, before);
  if (subject) return { roles: subject, offset: sentence.start, inherited: false };
  const stated = rolesOfMeasure(text, measure);
  return stated ? { roles: stated, offset: 0, inherited: false } : { offset: 0, inherited: true };
}

/** What one sentence asks for: dated or recurring reports and tasks, counts, event work, ongoing work. */
function readSentence(sentence: Sentence, context: ObligationContext, make: Make, measure: Measure | undefined): FoundObligation[] {
  const out: FoundObligation[] = [];
  const words = sentence.text;
  const mentions = findDates(words, context.dates);
  const repeating = recurrences(mentions);
  const dated = mentions.filter((mention, index) => mention.reading.kind === 'date' && isDeadline(words, mention, mentions[index + 1]));
  const allDeadlines: DateMention[] = repeating.length > 0 ? [...repeating, ...dated.filter((mention) => mention.reading.kind === 'date' && !mention.reading.yearInferred)] : dated;
  const within = mentions.filter((mention) => mention.reading.kind === 'within');
  // The dates of a count ("每年新建2家，到2025年累计不少于6家") belong to the count, not to a report.
  const counts = countVerb.test(words) ? countsIn(words, context.dates) : [];
  const ofCount = (mention: DateMention) => counts.some((count) => mention.start >= count.start - 2 && mention.start < count.through);
  const deadlines = allDeadlines.filter((mention) => !ofCount(mention));
  const asks = reportVerb.test(words) || actionVerb.test(words) || (targetWords.test(words) && dated.some((mention) => /^(到|至)/.test(mention.text)));

  if (asks && (deadlines.length > 0 || (within.length > 0 && reportVerb.test(words)))) {
    const from = startOf(words, mentions);
    const pairs = /分别于/.test(words) ? pairedObjects(words, deadlines.length) : undefined;
    (deadlines.length > 0 ? deadlines : within.slice(0, 1)).forEach((mention, index) => {
      const reading = mention.reading;
      const deadline: ObligationDeadline = reading.kind === 'recurrence' && from ? { ...reading, from } : (reading as ObligationDeadline);
      const kind = reading.kind === 'recurrence' ? 'recurring' : 'submission';
      const title = pairs?.[index] ?? titleForDeadline(words, mention, measure);
      out.push(make(kind, deadline, title, mention, reading.kind === 'within' ? ['期限自何时起算待确认'] : []));
    });
  }
  for (const count of counts) {
    out.push(make('count', count.deadline, countTitle(words, count.start, count.end - count.start), count, count.deadline.max === undefined && !count.deadline.perPeriod ? ['只写明下限'] : []));
  }
  const events = context.events.filter((event) => event.source.start >= sentence.start && event.source.end <= sentence.end);
  if (events.length > 0 && /(开展|组织|制定|宣传|部署|排查|检查)/.test(words)) {
    const clause = words.split(/[，,]/).find((part) => /(制定|组织|开展)/.test(part)) ?? words;
    out.push(make('recurring', { kind: 'events', events: events.map((event) => event.name) }, clause.replace(/^(利用|围绕).*$/, '').trim() || titleOf(words, measure)));
  }
  if (out.length === 0 && !ongoingPhrase.test(words) && !openChannel.test(words) && requestedReport.test(words) && !/(一同|一并)/.test(words)) {
    out.push(make('submission', { kind: 'undated' }, titleOf(words, measure), undefined, ['通知未写明期限']));
  }
  if (out.length === 0 && (ongoingPhrase.test(words) || openChannel.test(words))) {
    const phrase = ongoingPhrase.exec(words)?.[0] ?? openChannel.exec(words)?.[0] ?? '';
    out.push(make('ongoing', { kind: 'ongoing', progress: context.ongoingProgress }, measure?.title || titleOf(words, measure), undefined, [`无完成时限（“${phrase}”）：按${progressName(context.ongoingProgress)}报告进展`]));
  }
  return out;
}

const progressName = (period: string) => ({ month: '月', quarter: '季度', 'half-year': '半年', year: '年', week: '周' })[period] ?? period;

function titleForDeadline(words: string, mention: DateMention, measure: Measure | undefined): string {
  // "每季度报送一次工作进展情况，每半年报送一次阶段性工作总结": each recurrence names its own report.
  const own = words.slice(mention.start).split(/[，,；;]/)[0] ?? '';
  const title = titleOf(own, undefined);
  return title.length >= 2 && title !== own.slice(0, 40) ? title : titleOf(words, measure);
}

/** "分别于A和B前将X和Y报送": X goes with A, Y with B. */
function pairedObjects(words: string, count: number): string[] | undefined {
  const object = /将([^，,。；;]{2,40}?)(?:报送|上报|提交|报)/.exec(words);
  const parts = object?.[1]?.split(/和|及|、/).map((part) => part.trim()).filter(Boolean);
  return parts && parts.length === count ? parts : undefined;
}

/**
 * Items of a task division with 牵头/责任单位 and nothing dated in them: a target by the year its
 * section names ("到2025年，…主要指标如下"), else an ongoing task.
 */
function undatedItems(text: string, context: ObligationContext, found: FoundObligation[]): FoundObligation[] {
  const out: FoundObligation[] = [];
  for (const measure of allMeasures(context.tree)) {
    if (measure.start < context.bodyStart || found.some((obligation) => obligation.source.start >= measure.start && obligation.source.start < measure.end)) continue;
    if (measure.children.length > 0) continue;
    const roles = rolesOfMeasure(text, measure);
    if (!roles) continue;
    const target = targetYear(text, context, measure);
    const deadline: ObligationDeadline = target?.reading ?? { kind: 'ongoing', progress: context.ongoingProgress };
    const notes = target ? [`期限取自上级标题：“${target.text}”`] : [`无完成时限：按${progressName(context.ongoingProgress)}报告进展`];
    const sentence = text.slice(measure.start, measure.children[0]?.start ?? measure.end).split('\n')[0] ?? measure.title;
    out.push({
      title: measure.title,
      measure: measure.reference,
      kind: target ? 'submission' : 'ongoing',
      deadline,
      assignees: roles.assignees,
      cooperating: roles.cooperating,
      source: { start: measure.start, end: measure.start + sentence.length, sentence },
      assigneesAt: { start: roles.start, end: roles.end },
      needsReview: true,
      notes,
    });
  }
  return out;
}

/** "到2025年" in the text of a measure's ancestors (before their first sub-item). */
function targetYear(text: string, context: ObligationContext, measure: Measure): { reading: ObligationDeadline; text: string } | undefined {
  const ancestors = allMeasures(context.tree).filter((other) => other.start < measure.start && measure.end <= other.end && other !== measure);
  for (const ancestor of ancestors.reverse()) {
    const intro = text.slice(ancestor.start, ancestor.children[0]?.start ?? ancestor.end);
    const mention = findDates(intro, context.dates).find((date) => date.reading.kind === 'date' && /^(到|至)/.test(date.text));
    if (mention && mention.reading.kind === 'date') return { reading: mention.reading, text: mention.text };
  }
  return undefined;
}
