/**
 * Checks that need the whole definition: references between parts (units, groups, events,
 * obligations, levels, templates), unique ids, rule expressions. Dates are checked by the
 * compiler, which computes them.
 */
import { isKnownTimeZone } from '../calendar';
import type { FieldPath } from './issues';
import type { UnlocatedIssue } from './load';
import { checkRule } from './rules';
import type { Deadline, Definition } from './schema';
import { requiredMessageKinds, templateVariables, unknownPlaceholders } from './templates';

export function validateDefinition(definition: Definition): UnlocatedIssue[] {
  const issues: UnlocatedIssue[] = [];
  const report = (path: FieldPath, expected: string, found: string) => issues.push({ path, expected, found });

  const unitIds = uniqueIds(definition.units, ['units'], report);
  const eventIds = uniqueIds(definition.calendar.events, ['calendar', 'events'], report);
  const obligationIds = uniqueIds(definition.obligations, ['obligations'], report);
  const levelIds = uniqueIds(definition.escalation.levels, ['escalation', 'levels'], report);
  uniqueIds(definition.escalation.rules, ['escalation', 'rules'], report);
  const groupIds = new Set(Object.keys(definition.groups));
  const assignable = new Set([...unitIds, ...groupIds]);

  const { campaign } = definition;
  if (campaign.period.start > campaign.period.end) {
    report(['campaign', 'period'], 'a period whose start is not after its end', `${campaign.period.start} … ${campaign.period.end}`);
  }
  if (!isKnownTimeZone(campaign.timeZone)) report(['campaign', 'timeZone'], 'a known time zone', JSON.stringify(campaign.timeZone));
  if (!unitIds.has(campaign.issuer)) report(['campaign', 'issuer'], 'a known unit', JSON.stringify(campaign.issuer));
  if (!unitIds.has(campaign.reportsTo)) report(['campaign', 'reportsTo'], 'a known unit', JSON.stringify(campaign.reportsTo));

  definition.units.forEach((unit, index) => {
    if (unit.parent !== undefined && !unitIds.has(unit.parent)) report(['units', index, 'parent'], 'a known unit', JSON.stringify(unit.parent));
  });
  for (const [group, members] of Object.entries(definition.groups)) {
    if (unitIds.has(group)) report(['groups', group], 'a unique id', `"${group}" is also a unit`);
    members.forEach((member, index) => {
      if (!unitIds.has(member)) report(['groups', group, index], 'a known unit', JSON.stringify(member));
    });
  }

  const checkDeadline = (deadline: Deadline | undefined, at: FieldPath, isPerEvent: boolean) => {
    if (!deadline || !('from' in deadline)) return;
    const [kind, name] = deadline.from.split('.');
    if (kind === 'obligation' && !obligationIds.has(name!)) report([...at, 'from'], 'a known obligation', JSON.stringify(name));
    if (kind === 'event' && !eventIds.has(name!)) report([...at, 'from'], 'a known event', JSON.stringify(name));
    if (kind === 'each-event' && !isPerEvent) report([...at, 'from'], 'campaign.start, campaign.end, obligation.<id> or event.<id>[.end] (each-event only in an event recurrence)', JSON.stringify(deadline.from));
  };

  definition.obligations.forEach((obligation, index) => {
    const at: FieldPath = ['obligations', index];
    for (const field of ['assignees', 'cooperating'] as const) {
      obligation[field].forEach((assignee, position) => {
        if (!assignable.has(assignee)) report([...at, field, position], 'a known unit or group', JSON.stringify(assignee));
      });
    }
    if (obligation.kind === 'count' && obligation.max !== undefined && obligation.min > obligation.max) {
      report([...at, 'max'], 'min <= max', `min ${obligation.min}, max ${obligation.max}`);
    }
    const isPerEvent = obligation.kind === 'recurring' && 'events' in obligation.recurrence;
    checkDeadline(obligation.due, [...at, 'due'], isPerEvent);
    if (obligation.kind === 'recurring') {
      if ('events' in obligation.recurrence) {
        obligation.recurrence.events.forEach((event, position) => {
          if (!eventIds.has(event)) report([...at, 'recurrence', 'events', position], 'a known event', JSON.stringify(event));
        });
        if (!obligation.due) report([...at, 'due'], 'a deadline relative to each event (from: each-event or each-event.end)', 'nothing');
      }
    }
  });

  definition.escalation.levels.forEach((level, index) => {
    if (!(level.message in definition.messages)) report(['escalation', 'levels', index, 'message'], 'a known message template', JSON.stringify(level.message));
  });
  definition.escalation.rules.forEach((rule, index) => {
    const at: FieldPath = ['escalation', 'rules', index];
    if (!levelIds.has(rule.escalateTo)) report([...at, 'escalateTo'], 'a known escalation level', JSON.stringify(rule.escalateTo));
    for (const problem of checkRule(rule.when, [...at, 'when'])) issues.push(problem);
  });

  const missingKinds = requiredMessageKinds.filter((kind) => !(kind in definition.messages));
  if (missingKinds.length > 0) report(['messages'], `message templates for every kind: ${requiredMessageKinds.join(', ')}`, `none for ${missingKinds.join(', ')}`);
  for (const [kind, template] of Object.entries(definition.messages)) {
    for (const part of ['subject', 'text', 'html'] as const) {
      for (const placeholder of unknownPlaceholders(template[part] ?? '')) {
        report(['messages', kind, part], `a template variable, one of ${Object.keys(templateVariables).join(', ')}`, `{{${placeholder.name}}}`);
      }
    }
  }
  return issues;
}

function uniqueIds(items: { id: string }[], at: FieldPath, report: (path: FieldPath, expected: string, found: string) => void): Set<string> {
  const seen = new Set<string>();
  items.forEach((item, index) => {
    if (seen.has(item.id)) report([...at, index, 'id'], 'a unique id', `"${item.id}" again`);
    seen.add(item.id);
  });
  return seen;
}
