/**
 * draftToDefinition: a draft (extractDraft) as a campaign definition in the definition language
 * (config/definition/schema.ts), as far as the notice goes. Every line that came from the text
 * carries a comment quoting its sentence (shortened); where the administrator must decide there
 * is a "# 待确认：…" comment, and the same question is listed in `unresolved` with its path in the
 * definition and a suggested value, so a page (or a test) can fill it in.
 *
 * `language: 'extended'` (the default) writes the shapes the language is being extended with
 * (recurrence every year/half-year/week or on a day, kind: ongoing with progress, perPeriod and
 * cumulative counts); `'current'` writes only what today's validator accepts and says in a
 * comment what it stands for.
 */
import type { Draft, DraftObligation } from './draft';
import { eventId, flow, idsOf, placeholderDirectory, scalar, standardSkeleton } from './definition-parts';
import type { ObligationDeadline } from './obligations';
import { shorten, type SourceSpan } from './text';
import { type Directory, resolveUnit, type UnitReference } from './units';

export interface Unresolved {
  /** Where in the definition, e.g. ["obligations", 2, "due", "date"]. */
  path: Array<string | number>;
  question: string;
  /** A value the administrator may accept (what the conventions or the notice suggest). */
  suggestion?: unknown;
  source?: SourceSpan;
}

export interface DefinitionOptions {
  directory?: Directory;
  language?: 'extended' | 'current';
  /** Included files, relative to where the definition will be saved (the message templates). */
  include?: string[];
  campaignId?: string;
}

export const placeholder = '待确认';
const quote = (source?: SourceSpan) => (source ? `  # 「${shorten(source.sentence)}」` : '');

/** Writes the draft as a definition; see the module comment. */
export function draftToDefinition(draft: Draft, options: DefinitionOptions = {}): { yaml: string; unresolved: Unresolved[] } {
  const language = options.language ?? 'extended';
  const unresolved: Unresolved[] = [];
  const out: string[] = ['# 草稿：由通知自动提取。每行注释引用出处原句；“待确认”处须由管理员决定。'];
  const ask = (path: Unresolved['path'], question: string, suggestion?: unknown, source?: SourceSpan) => {
    unresolved.push({ path, question, ...(suggestion !== undefined ? { suggestion } : {}), ...(source ? { source } : {}) });
    return `  # 待确认：${question}`;
  };
  const directory = options.directory ?? placeholderDirectory(unitNames(draft));
  const ids = (references: UnitReference[]) =>
    references.flatMap((reference) => {
      const resolved = idsOf(reference).length > 0 ? reference : { ...reference, ...resolveUnit(reference.text, directory) };
      const found = idsOf(resolved);
      return found.length > 0 ? found : reference.isIssuer && issuerId ? [issuerId] : [];
    });
  const issuerId = draft.issuer ? idsOf(options.directory ? draft.issuer.value : resolveUnit(draft.issuer.value.text, directory))[0] : undefined;

  out.push(`include: [${(options.include ?? ['../shared/messages-zh.yaml']).map(scalar).join(', ')}]`);
  writeCampaign(draft, { out, ask, issuerId, ids, campaignId: options.campaignId });
  out.push('# 单位与单位组：取自单位名录' + (options.directory ? '' : '（未提供名录：由通知中的名称生成，类别待确认）'));
  out.push(...stringifyUnits(directory));
  writeEvents(draft, out);
  out.push(...standardSkeleton);
  out.push('obligations:');
  draft.obligations.forEach((obligation, index) => writeObligation(obligation, index, { draft, out, ask, ids, language }));
  return { yaml: `${out.join('\n')}\n`, unresolved };
}

type Ask = (path: Unresolved['path'], question: string, suggestion?: unknown, source?: SourceSpan) => string;

function writeCampaign(draft: Draft, context: { out: string[]; ask: Ask; issuerId?: string; ids: (references: UnitReference[]) => string[]; campaignId?: string }): void {
  const { out, ask } = context;
  const year = draft.period?.value.start.slice(0, 4) ?? draft.issuedOn?.value.slice(0, 4) ?? 'draft';
  const number = /〔?(\d{4})〕?(\d+)号/.exec(draft.documentNumber?.value ?? '');
  const id = context.campaignId ?? `notice-${year}${number ? `-${number[2]}` : ''}`;
  out.push('campaign:');
  out.push(`  id: ${id}${context.campaignId ? '' : ask(['campaign', 'id'], '活动编号（小写字母、数字、-）', id)}`);
  const field = (key: string, value: string | undefined, item: { source: SourceSpan; needsReview: boolean; notes: string[] } | undefined, question: string, suggestion?: string) => {
    if (value === undefined) return out.push(`  ${key}: ${placeholder}${ask(['campaign', key], question, suggestion)}`);
    const review = item?.needsReview ? ask(['campaign', key], `${question}（${item.notes.join('；') || '请核对'}）`, value) : '';
    out.push(`  ${key}: ${scalar(value)}${review || quote(item?.source)}`);
  };
  field('title', draft.title?.value, draft.title, '活动名称');
  field('documentNumber', draft.documentNumber?.value, draft.documentNumber, '发文字号', '无文号');
  field('issuer', context.issuerId, draft.issuer, `发文单位${draft.issuer ? `「${draft.issuer.value.text}」` : ''}对应的单位`);
  field('issuedOn', draft.issuedOn?.value, draft.issuedOn, '印发日期');
  const period = draft.period?.value;
  const suggestion = period ?? (draft.issuedOn ? { start: draft.issuedOn.value, end: `${draft.issuedOn.value.slice(0, 4)}-12-31` } : undefined);
  out.push(`  period: ${period ? flow(period) : placeholder}${ask(['campaign', 'period'], `活动期限${draft.period ? `（${draft.period.notes.join('；')}）` : '未写明'}`, suggestion, draft.period?.source)}`);
  out.push('  timeZone: Asia/Shanghai');
  if (draft.contacts.names.length + draft.contacts.phones.length > 0) {
    out.push(`  contacts:${quote(draft.contacts.sources[0])}`);
    const count = Math.max(draft.contacts.names.length, draft.contacts.phones.length);
    for (let index = 0; index < count; index++) {
      const name = draft.contacts.names[index] ?? `联系人${index + 1}`;
      const phone = draft.contacts.phones[index];
      out.push(`    - ${flow({ name, ...(phone ? { phone } : {}) })}`);
    }
  }
  if (draft.contacts.emails[0]) out.push(`  mailbox: ${scalar(draft.contacts.emails[0])}`);
  const reportsTo = reportTarget(draft, context.ids) ?? context.issuerId;
  out.push(`  reportsTo: ${reportsTo ?? placeholder}${ask(['campaign', 'reportsTo'], '报送对象（接收材料的单位）', reportsTo)}`);
}

/** "报送市局知识产权保护科": the unit reports go to, if the notice names one the directory knows. */
function reportTarget(draft: Draft, ids: (references: UnitReference[]) => string[]): string | undefined {
  for (const obligation of draft.obligations) {
    const target = /(?:报送|上报|报)(?:至|到)?([^，,。；;、（(]{2,20}(?:科|室|处|办|局|组|中心))/.exec(obligation.source.sentence);
    const found = target ? ids([{ text: target[1]! }]) : [];
    if (found[0]) return found[0];
  }
  return undefined;
}

function stringifyUnits(directory: Directory): string[] {
  const lines = ['units:'];
  for (const unit of directory.units) {
    const contacts = (unit.contacts ?? []).map((contact) => flow({ ...contact }));
    lines.push(`  - ${flow({ id: unit.id, name: unit.name, kind: unit.kind, ...(unit.parent ? { parent: unit.parent } : {}) }).replace(/ }$/, contacts.length ? `, contacts: [${contacts.join(', ')}] }` : ' }')}`);
  }
  lines.push(Object.keys(directory.groups).length > 0 ? 'groups:' : 'groups: {}');
  for (const [id, members] of Object.entries(directory.groups)) lines.push(`  ${id}: [${members.join(', ')}]`);
  return lines;
}

function writeEvents(draft: Draft, out: string[]): void {
  out.push('calendar:', '  holidays: china-mainland');
  if (draft.events.length === 0) return void out.push('  events: []');
  out.push('  events:');
  draft.events.forEach((event, index) => {
    const date = event.value.date ?? placeholder;
    out.push(`    - ${flow({ id: eventId(event.value.name, index), name: event.value.name, date })}${event.needsReview ? `  # 待确认：${event.notes.join('；')}` : quote(event.source)}`);
  });
}

interface ObligationContext {
  draft: Draft;
  out: string[];
  ask: Ask;
  ids: (references: UnitReference[]) => string[];
  language: 'extended' | 'current';
}

function writeObligation(obligation: DraftObligation, index: number, context: ObligationContext): void {
  const { out } = context;
  const path = (...rest: Array<string | number>) => ['obligations', index, ...rest];
  out.push(`  - id: obligation-${index + 1}${quote(obligation.source)}`);
  out.push(`    title: ${scalar(obligation.title)}`);
  out.push(`    measure: ${scalar(obligation.measure || '通知')}`);
  writeOwners(obligation, path, context);
  writeDeadline(obligation.deadline, obligation, { ...context, path });
}

/**
 * Who carries the task. "A牵头，B、C配合" (any statement naming cooperating units): `lead: A` and
 * `cooperating: [B, C]`, each cooperating unit then handing in its own part before the lead's
 * deadline (how long before, the notice rarely says: asked). "由A、B、C负责": `assignees`, equal
 * owners. The document's order is kept, the first named leading.
 */
function writeOwners(obligation: DraftObligation, path: (...rest: Array<string | number>) => Array<string | number>, context: ObligationContext): void {
  const { out, ask, ids } = context;
  const unknownOf = (references: UnitReference[]) => references.filter((reference) => ids([reference]).length === 0).map((reference) => reference.text);
  const isLed = obligation.cooperating.length > 0;
  const key = isLed ? 'lead' : 'assignees';
  const owners = ids(obligation.assignees);
  const unknown = unknownOf(obligation.assignees);
  if (owners.length === 0 || unknown.length > 0) {
    const question = unknown.length > 0 ? `「${unknown.join('、')}」对应的单位或单位组` : isLed ? '牵头单位（通知未写明）' : '承办单位（通知未写明）';
    const suggestion = context.draft.addressees.flatMap((item) => ids([item.value]));
    out.push(`    ${key}: [${[...owners, placeholder].join(', ')}]${ask(path(key), question, [...owners, ...(unknown.length > 0 || owners.length === 0 ? suggestion.slice(0, 1) : [])])}`);
  } else {
    const review = obligation.notes.find((note) => note.includes('承办单位'));
    const written = isLed && owners.length === 1 ? owners[0]! : `[${owners.join(', ')}]`;
    out.push(`    ${key}: ${written}${review ? ask(path(key), review, isLed && owners.length === 1 ? owners[0] : owners) : ''}`);
  }
  if (!isLed) return;
  const cooperating = ids(obligation.cooperating);
  const unknownCooperating = unknownOf(obligation.cooperating);
  if (unknownCooperating.length > 0) {
    out.push(`    cooperating: [${[...cooperating, placeholder].join(', ')}]${ask(path('cooperating'), `「${unknownCooperating.join('、')}」对应的单位或单位组`, cooperating)}`);
  } else {
    out.push(`    cooperating: [${cooperating.join(', ')}]`);
  }
  const days = contributionWorkingDaysBefore;
  out.push(`    contribution: ${flow({ workingDaysBefore: days })}${ask(path('contribution'), `配合单位报送各自部分的期限（通知未写明，建议牵头单位截止前${days}个工作日）`, { workingDaysBefore: days })}`);
}

/** What the language assumes when a definition says nothing (defaults.contribution). */
const contributionWorkingDaysBefore = 5;

function writeDeadline(deadline: ObligationDeadline, obligation: DraftObligation, context: ObligationContext & { path: (...rest: Array<string | number>) => Array<string | number> }): void {
  const { out, ask, path, draft, language } = context;
  const periodEnd = draft.period?.value.end;
  const notes = obligation.notes.filter((note) => !note.includes('承办单位') && !note.includes('名录'));
  const confirm = () => (notes.length > 0 ? ask(path('due'), notes.join('；'), deadline.kind === 'date' ? { date: deadline.date } : undefined) : '');
  switch (deadline.kind) {
    case 'date':
      out.push(`    kind: submission`, `    due: ${flow({ date: deadline.date })}${confirm()}`);
      return;
    case 'undated':
      out.push(`    kind: submission`, `    due: { date: ${placeholder} }${ask(path('due', 'date'), '报送期限（通知未写明）', draft.period?.value.end)}`);
      return;
    case 'within': {
      const unit = deadline.unit === 'workingDays' ? 'workingDays' : 'days';
      const amount = deadline.unit === 'months' ? deadline.amount * 30 : deadline.unit === 'weeks' ? deadline.amount * 7 : deadline.amount;
      out.push(`    kind: submission`, `    due: ${flow({ from: 'campaign.start', [unit]: amount })}${ask(path('due'), `期限自何时起算（原文“${deadline.amount}${deadline.unit === 'workingDays' ? '个工作日' : deadline.unit === 'months' ? '个月' : '日'}”）`)}`);
      return;
    }
    case 'count': {
      out.push(`    kind: count`, `    min: ${deadline.min ?? 0}`);
      if (deadline.max !== undefined) out.push(`    max: ${deadline.max}`);
      if (language === 'extended' && deadline.perPeriod) out.push(`    perPeriod: ${deadline.perPeriod}`);
      if (language === 'extended' && deadline.cumulative) out.push(`    cumulative: ${flow(deadline.cumulative)}`);
      // The period's last day may be a holiday: the suggestion keeps the window inside the period.
      const window = periodEnd ? { date: periodEnd, onHoliday: 'previous-working-day' } : undefined;
      out.push(`    due: { date: ${placeholder} }${ask(path('due'), '次数统计截止日期（通知未写明）', window)}`);
      return;
    }
    case 'events': {
      const period = draft.period?.value;
      const named = draft.events
        .map((event, index) => ({ ...event.value, id: eventId(event.value.name, index) }))
        .filter((event) => deadline.events.includes(event.name));
      const outside = named.filter((event) => period && event.date && (event.date < period.start || event.date > period.end));
      const ids = named.filter((event) => !outside.includes(event)).map((event) => event.id);
      const left = outside.length > 0 ? `  # ${outside.map((event) => `${event.name}（${event.date}）`).join('、')}在活动期限外，未列入` : '';
      out.push(`    kind: recurring`, `    recurrence: { events: [${ids.join(', ')}] }${left}`);
      out.push(`    due: { from: each-event, workingDays: 3 }${ask(path('due'), '相对各节点的报送期限（通知未写明，建议节点后3个工作日）', { from: 'each-event', workingDays: 3 })}`);
      return;
    }
    case 'ongoing': {
      if (language === 'extended') out.push(`    kind: ongoing`, `    progress: { every: ${deadline.progress} }${ask(path('progress'), `无完成时限，按${deadline.progress}报告进展`, { every: deadline.progress })}`);
      else out.push(`    kind: recurring`, `    recurrence: { every: quarter, workingDaysAfter: 5 }  # 长期任务：当前定义语言无 ongoing，以季度进展报告代替${ask(path('recurrence'), '进展报告周期', { every: 'quarter', workingDaysAfter: 5 })}`);
      return;
    }
    case 'recurrence':
      writeRecurrence(deadline, { out, ask, path, draft, language, confirm: confirm() });
  }
}

function writeRecurrence(
  deadline: Extract<ObligationDeadline, { kind: 'recurrence' }>,
  context: { out: string[]; ask: Ask; path: (...rest: Array<string | number>) => Array<string | number>; draft: Draft; language: 'extended' | 'current'; confirm: string },
): void {
  const { out, ask, path, draft, language } = context;
  const shape: Record<string, unknown> = { every: deadline.every };
  let question = '';
  if (deadline.on !== undefined) shape.on = deadline.on;
  else if (deadline.workingDaysAfter !== undefined) shape.workingDaysAfter = deadline.workingDaysAfter;
  else if (deadline.daysAfter !== undefined) shape.daysAfter = deadline.daysAfter;
  else {
    shape.workingDaysAfter = draft.conventions.unstatedRecurringWorkingDaysAfter;
    question = `报送日未写明，按约定为每期结束后${draft.conventions.unstatedRecurringWorkingDaysAfter}个工作日`;
  }
  const today = (deadline.every === 'month' || deadline.every === 'quarter') && shape.workingDaysAfter !== undefined;
  out.push(`    kind: recurring`);
  const line = `    recurrence: ${flow(shape)}`;
  const from = deadline.from ? `  # 自${deadline.from}起` : '';
  if (language === 'current' && !today) out.push(`${line}${ask(path('recurrence'), `当前定义语言尚不支持此周期写法${question ? `；${question}` : ''}`)}`);
  else out.push(`${line}${question ? ask(path('recurrence'), question, shape) : context.confirm || from}`);
}

function unitNames(draft: Draft): string[] {
  const names = [draft.issuer?.value.text, ...draft.addressees.map((item) => item.value.text), ...draft.obligations.flatMap((obligation) => [...obligation.assignees, ...obligation.cooperating].map((unit) => unit.text))];
  return [...new Set(names.filter((name): name is string => Boolean(name)))];
}
