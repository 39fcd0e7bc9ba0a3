/**
 * Checks that need the whole definition: references between parts (units, groups, events,
 * obligations, levels, templates), unique ids, rule expressions. Dates are checked by the
 * compiler, which computes them.
 *
 * The checks read the definition as it was written, not only after the schema accepted it, so
 * that one wrong field does not hide the other problems of the file. Each check looks only at
 * values of the right shape (a malformed one is the schema's to report), and a reference is
 * checked only against a complete list of ids: when a unit has no readable id, "unknown unit"
 * could be a consequence of that, so it is not said.
 */
import { isCalendarDate, isKnownTimeZone } from '../calendar';
import { checkArrangements } from './arrangements';
import type { FieldPath } from './issues';
import type { UnlocatedIssue } from './issues';
import { checkRule } from './rules';
import { childrenPrefix, idPattern } from './schema';
import { checkAssignee, checkUnits } from './validate-directory';
import { checkObligationForm } from './validate-obligations';
import { placeholdersOf, requiredMessageKinds, templateVariables, unpairedSectionTags, variablesOfKind } from './templates';

type Mapping = Record<string, unknown>;

const asMapping = (value: unknown): Mapping | undefined => (typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Mapping) : undefined);
const asList = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const asId = (value: unknown): string | undefined => (typeof value === 'string' && idPattern.test(value) ? value : undefined);
/** A `from` the schema accepts; anything else is the schema's to report. */
const fromPattern = /^(campaign\.(start|end)|obligation\.[a-z0-9-]+|event\.[a-z0-9-]+(\.end)?|each-event(\.end)?)$/;

type Report = (path: FieldPath, expected: string, found: string, pointAt?: string) => void;

/** What the checks of one definition share: its parts as written, the ids known, and the report. */
interface Context {
  root: Mapping;
  report: Report;
  issues: UnlocatedIssue[];
  unitIds: Set<string> | undefined;
  eventIds: Set<string> | undefined;
  obligationIds: Set<string> | undefined;
  levelIds: Set<string> | undefined;
  /** Reports `value` at `at` when it is an id and the complete list `known` lacks it. */
  checkReference: (value: unknown, known: Set<string> | undefined, at: FieldPath, expected: string) => void;
}

/** `definition` is the parsed definition, or (when the schema refused it) the merged YAML as written. */
export function validateDefinition(definition: unknown): UnlocatedIssue[] {
  const issues: UnlocatedIssue[] = [];
  const report: Report = (path, expected, found, pointAt) => issues.push({ path, expected, found, ...(pointAt ? { pointAt } : {}) });
  const root = asMapping(definition) ?? {};
  const calendar = asMapping(root.calendar) ?? {};
  const escalation = asMapping(root.escalation) ?? {};
  const context: Context = {
    root,
    report,
    issues,
    unitIds: uniqueIds(root.units, ['units'], report),
    eventIds: uniqueIds(calendar.events ?? [], ['calendar', 'events'], report),
    obligationIds: uniqueIds(root.obligations, ['obligations'], report),
    levelIds: uniqueIds(escalation.levels, ['escalation', 'levels'], report),
    checkReference: (value, known, at, expected) => {
      const id = asId(value);
      if (id !== undefined && known && !known.has(id)) report(at, expected, JSON.stringify(id));
    },
  };
  uniqueIds(escalation.rules ?? [], ['escalation', 'rules'], report);
  checkArrangements(calendar.arrangements, report);
  asList(calendar.events).forEach((item, index) => {
    const event = asMapping(item);
    if (event?.endTime !== undefined && event.time === undefined) report(['calendar', 'events', index, 'endTime'], 'a start time (time) with endTime', 'no time');
  });
  checkCampaign(context);
  const parents = checkUnits(root, context.unitIds, report);
  const assignable = checkGroups(context, parents);
  asList(root.obligations).forEach((item, index) => checkObligation(context, item, ['obligations', index], assignable, parents));
  const levelMessages = checkEscalation(context, escalation);
  checkTemplates(context, levelMessages);
  return issues;
}

function checkCampaign({ root, report, unitIds, checkReference }: Context): void {
  const campaign = asMapping(root.campaign) ?? {};
  const period = asMapping(campaign.period) ?? {};
  if (typeof period.start === 'string' && typeof period.end === 'string' && isCalendarDate(period.start) && isCalendarDate(period.end) && period.start > period.end) {
    report(['campaign', 'period'], 'a period whose start is not after its end', `${period.start} … ${period.end}`);
  }
  if (typeof campaign.timeZone === 'string' && !isKnownTimeZone(campaign.timeZone)) report(['campaign', 'timeZone'], 'a known time zone', JSON.stringify(campaign.timeZone));
  checkReference(campaign.issuer, unitIds, ['campaign', 'issuer'], 'a known unit');
  checkReference(campaign.reportsTo, unitIds, ['campaign', 'reportsTo'], 'a known unit');
}

/** The groups' members; returns what an obligation may be assigned to (units and groups), undefined when not all are known. */
function checkGroups({ root, report, unitIds, checkReference }: Context, parents: ReturnType<typeof checkUnits>): Set<string> | undefined {
  const groups = root.groups === undefined ? {} : asMapping(root.groups);
  for (const [group, members] of Object.entries(groups ?? {})) {
    if (unitIds?.has(group)) report(['groups', group], 'a unique id', `"${group}" is also a unit`);
    asList(members).forEach((member, index) => {
      if (typeof member === 'string' && member.startsWith(childrenPrefix)) checkAssignee(member, unitIds, unitIds, parents, ['groups', group, index], report);
      else checkReference(member, unitIds, ['groups', group, index], 'a known unit');
    });
  }
  return unitIds && groups ? new Set([...unitIds, ...Object.keys(groups)]) : undefined;
}

function checkObligation(context: Context, item: unknown, at: FieldPath, assignable: Set<string> | undefined, parents: ReturnType<typeof checkUnits>): void {
  const { root, report, unitIds, eventIds, checkReference } = context;
  const obligation = asMapping(item);
  if (!obligation) return;
  for (const field of ['assignees', 'cooperating'] as const) {
    asList(obligation[field]).forEach((assignee, position) => checkAssignee(assignee, assignable, unitIds, parents, [...at, field, position], report));
  }
  if (Array.isArray(obligation.lead)) obligation.lead.forEach((lead, position) => checkAssignee(lead, assignable, unitIds, parents, [...at, 'lead', position], report));
  else checkAssignee(obligation.lead, assignable, unitIds, parents, [...at, 'lead'], report);
  checkObligationForm(obligation, at, { obligations: asList(root.obligations), period: asMapping(asMapping(root.campaign)?.period) ?? {} }, report);
  const { kind, min, max } = obligation;
  if (kind === 'count' && Number.isInteger(min) && Number.isInteger(max) && (min as number) > (max as number)) {
    report([...at, 'max'], 'min <= max', `min ${String(min)}, max ${String(max)}`);
  }
  const recurrence = kind === 'recurring' ? asMapping(obligation.recurrence) : undefined;
  const isPerEvent = recurrence !== undefined && 'events' in recurrence;
  // A `due` beside `every` is reported as such (./validate-obligations.ts), not also for what it says.
  if (!(kind === 'recurring' && recurrence?.every !== undefined)) checkDeadline(context, obligation.due, [...at, 'due'], isPerEvent);
  if (isPerEvent) {
    asList(recurrence.events).forEach((event, position) => checkReference(event, eventIds, [...at, 'recurrence', 'events', position], 'a known event'));
    if (obligation.due === undefined) report([...at, 'due'], 'a deadline relative to each event (from: each-event or each-event.end)', 'nothing');
  }
}

function checkDeadline({ report, obligationIds, eventIds, checkReference }: Context, deadline: unknown, at: FieldPath, isPerEvent: boolean): void {
  const from = asMapping(deadline)?.from;
  if (typeof from !== 'string' || !fromPattern.test(from)) return;
  const [kind, name] = from.split('.');
  if (kind === 'obligation') checkReference(name, obligationIds, [...at, 'from'], 'a known obligation');
  if (kind === 'event') checkReference(name, eventIds, [...at, 'from'], 'a known event');
  if (kind === 'each-event' && !isPerEvent) report([...at, 'from'], 'campaign.start, campaign.end, obligation.<id> or event.<id>[.end] (each-event only in an event recurrence)', JSON.stringify(from));
}

/** The levels' message templates and the rules' targets; returns the message kinds the ladder sends. */
function checkEscalation({ root, issues, levelIds, checkReference }: Context, escalation: Mapping): Set<string> {
  const messages = asMapping(root.messages);
  const messageIds = messages ? new Set(Object.keys(messages)) : undefined;
  const levelMessages = new Set<string>();
  asList(escalation.levels).forEach((level, index) => {
    const message = asMapping(level)?.message;
    if (typeof message === 'string') levelMessages.add(message);
    checkReference(message, messageIds, ['escalation', 'levels', index, 'message'], 'a known message template');
  });
  asList(escalation.rules).forEach((item, index) => {
    const rule = asMapping(item);
    if (!rule) return;
    const at: FieldPath = ['escalation', 'rules', index];
    checkReference(rule.escalateTo, levelIds, [...at, 'escalateTo'], 'a known escalation level');
    if (asMapping(rule.when)) for (const problem of checkRule(rule.when, [...at, 'when'])) issues.push(problem);
  });
  return levelMessages;
}

/** Every message kind the engine sends has a template, and each template uses only its kind's variables. */
function checkTemplates({ root, report }: Context, levelMessages: Set<string>): void {
  const messages = asMapping(root.messages);
  if (!messages) return;
  const missingKinds = requiredMessageKinds.filter((kind) => !(kind in messages));
  if (missingKinds.length > 0) report(['messages'], `message templates for every kind: ${requiredMessageKinds.join(', ')}`, `none for ${missingKinds.join(', ')}`);
  for (const [kind, value] of Object.entries(messages)) {
    const template = asMapping(value);
    if (!template) continue;
    const allowed = variablesOfKind(kind, levelMessages);
    for (const part of ['subject', 'text', 'html'] as const) {
      const text = template[part];
      if (typeof text !== 'string') continue;
      for (const placeholder of placeholdersOf(text)) {
        const at: FieldPath = ['messages', kind, part];
        if (!(placeholder.name in templateVariables)) {
          report(at, `a template variable, one of ${Object.keys(templateVariables).join(', ')}`, `{{${placeholder.name}}}`, placeholder.written);
        } else if (!allowed.includes(placeholder.name as keyof typeof templateVariables)) {
          report(at, `a variable that ${kind} messages have, one of ${allowed.join(', ')}`, `{{${placeholder.name}}}`, placeholder.written);
        }
      }
      for (const tag of unpairedSectionTags(text)) report(['messages', kind, part], `a section closed by {{/${tag.name}}}`, tag.written, tag.written);
    }
  }
}

/**
 * The ids of a list's items, reporting repeated ones; undefined when the list is not a list or
 * an item has no readable id (the list of known ids would be incomplete).
 */
function uniqueIds(items: unknown, at: FieldPath, report: (path: FieldPath, expected: string, found: string) => void): Set<string> | undefined {
  if (!Array.isArray(items)) return undefined;
  const seen = new Set<string>();
  let isComplete = true;
  items.forEach((item, index) => {
    const id = asMapping(item)?.id;
    if (typeof id !== 'string') {
      isComplete = false;
      return;
    }
    if (seen.has(id)) report([...at, index, 'id'], 'a unique id', `"${id}" again`);
    seen.add(id);
  });
  return isComplete ? seen : undefined;
}
