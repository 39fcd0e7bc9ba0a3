/**
 * Malformed campaign definitions, each broken one way from a valid base: `validate` exits 1
 * and says where (file:line:column), which field, what was expected and what was found.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { validateCommand } from '../cli/campaign-commands';

const base = readFileSync(path.join(__dirname, 'fixtures/minimal-campaign.yaml'), 'utf8');
let dir: string;
beforeAll(() => (dir = mkdtempSync(path.join(tmpdir(), 'definitions-'))));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function validate(text: string, lang: 'en' | 'zh' = 'en', extraFiles: Record<string, string> = {}) {
  writeFileSync(path.join(dir, 'campaign.yaml'), text);
  for (const [name, content] of Object.entries(extraFiles)) writeFileSync(path.join(dir, name), content);
  let stdout = '';
  let stderr = '';
  const code = validateCommand(['campaign.yaml'], { lang }, { cwd: dir, stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

const publicityRhythm = '    recurrence: { events: [world-ip-day] }';
const measuresKind = '    kind: submission\n    due: { date: 2022-04-15 }';

/** Replaces exactly one occurrence, so a changed base fails loudly instead of testing nothing. */
function change(from: string, to: string, text = base): string {
  expect(text.split(from)).toHaveLength(2);
  return text.replace(from, to);
}

it('accepts the valid base', () => {
  expect(validate(base)).toEqual({ code: 0, stdout: 'campaign.yaml: valid (4 obligation instances, 2 deadlines)\n', stderr: '' });
});

const cases: [string, string, string[]][] = [
  ['invalid YAML (bad indentation)', change('  title: 测试活动方案', ' title: 测试活动方案'), ['campaign.yaml:4:1: expected valid YAML, found All mapping items must start at the same column']],
  ['a duplicate key in a mapping', change('  mailbox: section@example.gov.cn', '  mailbox: section@example.gov.cn\n  mailbox: other@example.gov.cn'), ['campaign.yaml:11:3: expected valid YAML, found Map keys must be unique']],
  ['a number where a text is expected', change('  title: 测试活动方案', '  title: 42'), ['campaign.yaml:4:10: campaign.title: expected a text, found 42']],
  ['an impossible date', change('due: { date: 2022-04-15 }', 'due: { date: 2022-02-30 }'), ['campaign.yaml:52:18: obligations[0].due.date: expected a real calendar date YYYY-MM-DD, found "2022-02-30"']],
  ['a date in the wrong format', change('issuedOn: 2022-03-25', 'issuedOn: 25.03.2022'), ['campaign.yaml:7:13: campaign.issuedOn: expected a date YYYY-MM-DD, found "25.03.2022"']],
  ['a bad time of day', change('  reminders:\n    before:', '  dueTime: "25:00"\n  reminders:\n    before:'), ['campaign.yaml:23:12: defaults.dueTime: expected a time of day HH:MM, found "25:00"']],
  ['an unknown unit kind', change('kind: district', 'kind: province'), ['campaign.yaml:16:45: units[2].kind: expected a known unit kind, one of district, county-level-city, zone, city-section, directly-affiliated, bureau (add others in unitKinds), found "province"']],
  ['a bad email address', change('tengzhou@example.gov.cn', 'tengzhou.example.gov.cn'), ['units[1].contacts[0].email: expected an email address, found "tengzhou.example.gov.cn"']],
  ['a misspelt field', change('    title: 落实措施', '    titel: 落实措施'), ['campaign.yaml:', 'obligations[0].titel: expected no key titel, found an unknown field', 'obligations[0].title: expected a text (required), found nothing']],
  ['a missing required section', change('escalation:\n', 'escalations:\n'), ['escalation: expected a mapping (required), found nothing', 'escalations: expected no key escalations']],
  ['an unknown obligation kind', change('    kind: submission', '    kind: report'), ['campaign.yaml:51:11: obligations[0].kind: expected kind: submission, count, recurring or ongoing, found "report"']],
  ['an assignee that is not a unit or group', change('    assignees: [districts]\n    kind: submission', '    assignees: [districts, shanting]\n    kind: submission'), ['campaign.yaml:50:28: obligations[0].assignees[1]: expected a known unit or group, found "shanting"']],
  ['a group member that is not a unit', change('districts: [tengzhou, xuecheng]', 'districts: [tengzhou, yicheng]'), ['campaign.yaml:18:25: groups.districts[1]: expected a known unit, found "yicheng"']],
  ['an unknown issuer', change('  issuer: section', '  issuer: bureau'), ['campaign.yaml:6:11: campaign.issuer: expected a known unit, found "bureau"']],
  ['duplicate unit ids', change('id: xuecheng', 'id: tengzhou'), ['campaign.yaml:16:11: units[2].id: expected a unique id, found "tengzhou" again']],
  ['duplicate obligation ids', change('  - id: publicity', '  - id: measures'), ['obligations[1].id: expected a unique id, found "measures" again']],
  ['a relative deadline on an unknown event', change('recurrence: { events: [world-ip-day] }', 'recurrence: { events: [world-book-day] }'), ['obligations[1].recurrence.events[0]: expected a known event, found "world-book-day"']],
  ['a relative deadline on an unknown obligation', change('due: { date: 2022-04-15 }', 'due: { from: obligation.summary, workingDays: -5 }'), ['obligations[0].due.from: expected a known obligation, found "summary"']],
  ['a cycle in relative deadlines', change('due: { date: 2022-04-15 }', 'due: { from: obligation.plan, workingDays: 2 }\n  - { id: plan, title: 计划, measure: 通知, assignees: [districts], kind: submission, due: { from: obligation.measures, workingDays: 2 } }'), ['expected deadlines that do not depend on themselves, found measures → plan → measures']],
  ['a deadline outside the period', change('due: { date: 2022-04-15 }', 'due: { date: 2023-01-16 }'), ['campaign.yaml:52:18: obligations[0].due.date: expected a deadline within the campaign period 2022-03-25 … 2022-12-31, found 2023-01-16']],
  ['a deadline before the period, through a relative offset', change('due: { from: each-event, workingDays: 3 }', 'due: { from: each-event, workingDays: -30 }'), ['campaign.yaml:59:10: obligations[1].due: expected a deadline within the campaign period 2022-03-25 … 2022-12-31, found 2022-03-15 (for world-ip-day)']],
  ['both days and workingDays', change('before: [{ workingDays: 3 }, { workingDays: 1 }]', 'before: [{ workingDays: 3, days: 4 }, { workingDays: 1 }]'), ['defaults.reminders.before[0]: expected exactly one of days or workingDays']],
  ['an unknown template variable', change("text: '{{unit}}：请于{{due}}前报送。'", "text: '{{unit}}：请于{{deadline}}前报送。'"), ['campaign.yaml:38:', 'messages.reminder.text: expected a template variable, one of campaign, documentNumber', 'found {{deadline}}']],
  ['a missing message kind', change("  praise: { subject: '表扬', text: '{{unit}}' }\n", ''), ['messages: expected message templates for every kind: reminder', 'found none for praise']],
  ['an escalation level with an unknown message', change('message: supervision-notice, requiresDecision', 'message: supervision, requiresDecision'), ['escalation.levels[1].message: expected a known message template, found "supervision"']],
  ['a rule with an unknown operator', change("when: { '>=': [{ var: record.supervisionNotices }, 2] }", "when: { 'eval': ['process.exit()'] }"), ['escalation.rules[0].when.eval: expected a JSON-Logic operator, one of', 'found "eval"']],
  ['a rule with an unknown variable', change('var: record.supervisionNotices', 'var: record.phoneCalls'), ['campaign.yaml:31:29: escalation.rules[0].when.>=[0].var: expected a rule variable, one of obligation.level', 'found "record.phoneCalls"']],
  ['a rule escalating to an unknown level', change('escalateTo: supervision-notice', 'escalateTo: execution'), ['escalation.rules[0].escalateTo: expected a known escalation level, found "execution"']],
  ['a count with min above max', change('    kind: submission\n    due: { date: 2022-04-15 }', '    kind: count\n    min: 3\n    max: 2\n    due: { date: 2022-04-15 }'), ['obligations[0].max: expected min <= max, found min 3, max 2']],
  ['a date beyond the supported years', change('period: { start: 2022-03-25, end: 2022-12-31 }', 'period: { start: 2022-03-25, end: 9999-12-31 }'), ['campaign.yaml:8:37: campaign.period.end: expected a date within the supported years 2004 … 2199, found "9999-12-31"']],
  ['a date before the supported years', change('due: { date: 2022-04-15 }', 'due: { date: 1999-04-15 }'), ['campaign.yaml:52:18: obligations[0].due.date: expected a date within the supported years 2004 … 2199, found "1999-04-15"']],
  ['working days that run past the supported years', change('period: { start: 2022-03-25, end: 2022-12-31 }', 'period: { start: 2022-03-25, end: 2199-12-31 }', change('due: { date: 2022-04-15 }', 'due: { from: campaign.end, workingDays: 10 }')), ['campaign.yaml:52:10: obligations[0].due: expected a date within the supported years of the working-day calendar, found 10 working days from 2199-12-31 go beyond the supported years 2004 … 2199']],
  ['a working-day offset beyond 2,000', change('before: [{ workingDays: 3 }, { workingDays: 1 }]', 'before: [{ workingDays: 3000 }, { workingDays: 1 }]'), ['defaults.reminders.before[0].workingDays: expected a whole number of working days from -2000 to 2000, found 3000']],
  ['an arrangement whose make-up working day is a weekday', change('calendar:\n', 'calendar:\n  arrangements:\n    - { year: 2022, source: 测, holidays: [{ name: 清明节, from: 2022-04-03, to: 2022-04-05 }], workdays: [2022-04-06] }\n'), ['campaign.yaml:21:104: calendar.arrangements[0].workdays[0]: expected a Saturday or Sunday (a weekday is a working day anyway), found "2022-04-06"']],
  ['an arrangement with a date of another year', change('calendar:\n', 'calendar:\n  arrangements:\n    - { year: 2022, source: 测, holidays: [{ name: 国庆节, from: 2023-10-01, to: 2023-10-07 }] }\n'), ['calendar.arrangements[0].holidays[0].from: expected a date of 2022 (or of December 2021), found "2023-10-01"']],
  ['an arrangement whose holiday ends before it starts', change('calendar:\n', 'calendar:\n  arrangements:\n    - { year: 2022, source: 测, holidays: [{ name: 国庆节, from: 2022-10-07, to: 2022-10-01 }] }\n'), ['calendar.arrangements[0].holidays[0]: expected a period whose start is not after its end, found 2022-10-07 … 2022-10-01']],
  ['a make-up working day that is also a holiday', change('calendar:\n', 'calendar:\n  arrangements:\n    - { year: 2022, source: 测, holidays: [{ name: 国庆节, from: 2022-10-01, to: 2022-10-07 }], workdays: [2022-10-02] }\n'), ['calendar.arrangements[0].workdays[0]: expected a day that is not also one of the holidays, found "2022-10-02"']],
  ['two arrangements of one year', change('calendar:\n', 'calendar:\n  arrangements:\n    - { year: 2022, source: 甲 }\n    - { year: 2022, source: 乙 }\n'), ['calendar.arrangements[1].year: expected one arrangement per year, found 2022 again']],
  ['an arrangement of a year beyond the supported years', change('calendar:\n', 'calendar:\n  arrangements:\n    - { year: 2300, source: 甲 }\n'), ['calendar.arrangements[0].year: expected a year 2004 … 2199, found 2300']],
  ['a period that ends before it starts', change('period: { start: 2022-03-25, end: 2022-12-31 }', 'period: { start: 2022-12-31, end: 2022-03-25 }'), ['campaign.period: expected a period whose start is not after its end, found 2022-12-31 … 2022-03-25']],
  ['an unknown time zone', change('  reportsTo: section', '  reportsTo: section\n  timeZone: Asia/Beijing'), ['campaign.timeZone: expected a known time zone, found "Asia/Beijing"']],
  ['a variable the message kind never has', change("text: '{{unit}}：请于{{due}}前报送。'", "text: '{{unit}}：请于{{due}}前报送，已逾期{{daysLate}}天。'"), ['campaign.yaml:38:78: messages.reminder.text: expected a variable that reminder messages have, one of campaign, documentNumber', 'found {{daysLate}}']],
  ['a reason in a reminder subject', change("subject: '【提醒】{{obligation}}'", "subject: '【提醒】{{reason}}'"), ['campaign.yaml:38:29: messages.reminder.subject: expected a variable that reminder messages have', 'found {{reason}}']],
  // Schema parts without a message of their own: zod's defaults are put in the same words.
  ['a contact role that is not a text', change('supervisors: [{ name: 科长, email', 'supervisors: [{ name: 科长, role: 42, email'), ['campaign.yaml:12:35: campaign.supervisors[0].role: expected a text, found 42']],
  ['a count with a negative minimum', change('    kind: submission\n    due: { date: 2022-04-15 }', '    kind: count\n    min: -1\n    due: { date: 2022-04-15 }'), ['campaign.yaml:52:10: obligations[0].min: expected a number >= 0, found -1']],
  ['a submission field that is not true or false', change('    kind: submission\n', '    kind: submission\n    evaluated: sometimes\n'), ['obligations[0].evaluated: expected true or false, found "sometimes"']],
  ['a group name that is not an id', change('districts: [tengzhou, xuecheng]', 'Districts: [tengzhou, xuecheng]'), ['groups.Districts: expected an id (lower-case letters, digits, -)']],
  ['a rule comparing with a text', change("{ var: record.supervisionNotices }, 2] }", "{ var: record.supervisionNotices }, '2'] }"), ['escalation.rules[0].when.>=[1]: expected a number or an expression, found "2"']],
  ['a rule that is not one operator', change("when: { '>=': [{ var: record.supervisionNotices }, 2] }", 'when: { and: [{}] }'), ['escalation.rules[0].when.and[0]: expected a JSON-Logic expression (one operator per mapping), found no keys']],
  ['an alias without its anchor', change('  reportsTo: section', '  reportsTo: *issuer'), ['campaign.yaml:', 'expected valid YAML']],
  ['a recurrence that is neither', change('recurrence: { events: [world-ip-day] }', 'recurrence: { from: 2022-04-01 }'), ['obligations[1].recurrence: expected a recurrence: {every: year|half-year|quarter|month|week, …} or {events: [ids]}']],
  ['an empty list of assignees', change('    assignees: [districts]\n    kind: submission', '    assignees: []\n    kind: submission'), ['obligations[0].assignees: expected at least one unit or group, found a list of 0']],
  // Rhythms (recurrence: every year, half-year, quarter, month, week).
  ['a yearly rhythm anchored on a day of the month', change(publicityRhythm, '    recurrence: { every: year, on: 5 }'), ['campaign.yaml:58:36: obligations[1].recurrence.on: expected for every year: on "MM-DD" or end, found 5']],
  ['a half-year rhythm with its days in the wrong halves', change(publicityRhythm, '    recurrence: { every: half-year, on: ["12-20", "06-25"] }'), ['obligations[1].recurrence.on: expected for every half-year: on ["MM-DD" of the first half, "MM-DD" of the second] or end']],
  ['a day that no year has', change(publicityRhythm, '    recurrence: { every: year, on: "02-30" }'), ['obligations[1].recurrence.on: expected an anchor: a day 1 … 31, "MM-DD", a list of "MM-DD", a weekday (monday … sunday) or end, found "02-30"']],
  ['a weekly rhythm without its day', change(publicityRhythm, '    recurrence: { every: week }'), ['campaign.yaml:58:17: obligations[1].recurrence: expected an anchor for every week: on or workingDaysAfter']],
  ['a rhythm anchored twice', change(publicityRhythm, '    recurrence: { every: month, on: 5, workingDaysAfter: 3 }'), ['obligations[1].recurrence.on: expected on or workingDaysAfter, not both, found 5']],
  ['a rhythm that ends before it starts', change(publicityRhythm, '    recurrence: { every: month, on: 5, from: 2022-06-01, until: 2022-05-01 }'), ['obligations[1].recurrence.until: expected a date not before from, found "2022-05-01"']],
  ['a rhythm from a date outside the campaign', change(publicityRhythm, '    recurrence: { every: month, on: 5, from: 2023-01-01 }'), ['obligations[1].recurrence.from: expected a date within the campaign period 2022-03-25 … 2022-12-31, found "2023-01-01"']],
  ['a deadline beside a rhythm that says when', change(publicityRhythm, '    recurrence: { every: month, on: 5 }'), ['campaign.yaml:59:10: obligations[1].due: expected no due with every (the recurrence says when each occurrence is due), found a deadline']],
  ['an unknown period', change(publicityRhythm, '    recurrence: { every: fortnight, on: 5 }'), ['obligations[1].recurrence.every: expected one of year, half-year, quarter, month, week, found "fortnight"']],
  // Counts per period, cumulative targets.
  ['a count per period with a deadline of its own', change(measuresKind, '    kind: count\n    min: 2\n    perPeriod: year\n    due: { date: 2022-04-15 }'), ['obligations[0].due: expected no due with perPeriod (each period closes on its last working day), found a deadline']],
  ['a count with neither a deadline nor a period', change(measuresKind, '    kind: count\n    min: 2'), ['obligations[0].due: expected a deadline (required without perPeriod), found nothing']],
  ['a cumulative target of a count without periods', change(measuresKind, '    kind: count\n    min: 2\n    cumulative: { min: 6 }\n    due: { date: 2022-04-15 }'), ['obligations[0].cumulative: expected a cumulative target only with perPeriod, found no perPeriod']],
  ['a cumulative target dated after the campaign', change(measuresKind, '    kind: count\n    min: 2\n    perPeriod: quarter\n    cumulative: { min: 6, by: 2023-12-31 }'), ['obligations[0].cumulative.by: expected a date within the campaign period 2022-03-25 … 2022-12-31, found "2023-12-31"']],
  ['a count per week', change(measuresKind, '    kind: count\n    min: 2\n    perPeriod: week'), ['obligations[0].perPeriod: expected one of year, half-year, quarter, month, found "week"']],
  // Owners: assignees, or a lead with cooperating units.
  ['both assignees and a lead', change('    assignees: [districts]\n    kind: submission', '    assignees: [districts]\n    lead: tengzhou\n    kind: submission'), ['campaign.yaml:51:11: obligations[0].lead: expected assignees or lead, not both, found both']],
  ['neither assignees nor a lead', change('    assignees: [districts]\n    kind: submission', '    kind: submission'), ['obligations[0].assignees: expected assignees or lead (one of them), found nothing']],
  ['a lead that is not a unit', change('    assignees: [districts]\n    kind: submission', '    lead: shanting\n    kind: submission'), ['campaign.yaml:50:11: obligations[0].lead: expected a known unit or group, found "shanting"']],
  ['a cooperating unit that is not a unit', change('    assignees: [districts]\n    kind: submission', '    lead: tengzhou\n    cooperating: [xuecheng, shanting]\n    kind: submission'), ['obligations[0].cooperating[1]: expected a known unit or group, found "shanting"']],
  ['a contribution without cooperating units', change('    assignees: [districts]\n    kind: submission', '    lead: tengzhou\n    contribution: { workingDaysBefore: 3 }\n    kind: submission'), ['obligations[0].contribution: expected cooperating units whose part this is, found no cooperating units']],
  ['a contribution due after the lead', change('    assignees: [districts]\n    kind: submission', '    lead: tengzhou\n    cooperating: [xuecheng]\n    contribution: { workingDaysBefore: -2 }\n    kind: submission'), ['campaign.yaml:52:40: obligations[0].contribution.workingDaysBefore: expected a whole number of working days >= 0, found -2']],
  ['the children of a unit that has none', change('    assignees: [districts]\n    kind: submission', '    assignees: [children-of:tengzhou]\n    kind: submission'), ['obligations[0].assignees[0]: expected children-of: a unit that is the parent of other units, found "tengzhou"']],
  ['the children of an unknown unit', change('    assignees: [districts]\n    kind: submission', '    assignees: [children-of:shanting]\n    kind: submission'), ['obligations[0].assignees[0]: expected children-of: a known unit, found "shanting"']],
  // Ongoing tasks (持续推进).
  ['an ongoing task reported in an unknown obligation', change(measuresKind, '    kind: ongoing\n    progress: { in: summary }'), ['obligations[0].progress.in: expected a known obligation, found "summary"']],
  ['an ongoing task reported in itself', change(measuresKind, '    kind: ongoing\n    progress: { in: measures }'), ['obligations[0].progress.in: expected an obligation with deadlines of its own (not an ongoing task), found "measures"']],
  ['an ongoing task without a rhythm', change(measuresKind, '    kind: ongoing\n    progress: quarterly'), ['obligations[0].progress: expected a progress rhythm {every: …} or {in: <obligation id>}, found "quarterly"']],
  // The directory.
  ['units that are each other’s parent', change('kind: county-level-city,', 'kind: county-level-city, parent: xuecheng,', change('kind: district,', 'kind: district, parent: tengzhou,')), ['units[1].parent: expected a parent that is not the unit itself or below it, found tengzhou → xuecheng → tengzhou']],
  ['a unit kind that is not an id', change('kind: district', 'kind: 区'), ['units[2].kind: expected an id (lower-case letters, digits, -), found "区"']],
  ['an evaluation that is neither none nor rules', change(/^evaluation:\n( {2}.*\n)+/m.exec(base)![0], 'evaluation: never\n'), ['campaign.yaml:33:13: evaluation: expected none or the scoring rules {weights, praise, criticism}, found "never"']],
  ['an event with an end time and no start time', change('date: 2022-04-26 }', 'date: 2022-04-26, endTime: "11:30" }'), ['calendar.events[0].endTime: expected a start time (time) with endTime, found no time']],
];

it.each(cases)('rejects %s with a located, specific message', (_name, text, expectedParts) => {
  const { code, stderr } = validate(text);
  expect(code).toBe(1);
  for (const part of expectedParts) expect(stderr).toContain(part);
});

it('reports the problems of every phase at once, each located, in file order: schema, references, templates, dates', () => {
  let text = change('  title: 测试活动方案', '  title: 42'); // schema
  text = change('    assignees: [districts]\n    kind: submission', '    assignees: [districts, shanting]\n    kind: submission', text); // reference
  text = change("text: '{{unit}}：请于{{due}}前报送。'", "text: '{{unit}}：请于{{deadline}}前报送。'", text); // unknown variable
  text = change("praise: { subject: '表扬', text: '{{unit}}' }", "praise: { subject: '表扬', text: '{{unit}}逾期{{daysLate}}天' }", text); // variable of another kind
  text = change('    title: 宣传情况', '    title: [宣传情况]', text); // schema, in an obligation whose dates are still checked
  text = change('due: { from: each-event, workingDays: 3 }', 'due: { from: each-event, workingDays: -30 }', text); // compiler
  const { code, stderr } = validate(text);
  expect(code).toBe(1);
  expect(stderr.split('\n')).toEqual([
    'campaign.yaml:4:10: campaign.title: expected a text, found 42',
    expect.stringMatching(/^campaign\.yaml:38:64: messages\.reminder\.text: expected a template variable, one of .*, found \{\{deadline\}\}$/),
    expect.stringMatching(/^campaign\.yaml:44:45: messages\.praise\.text: expected a variable that praise messages have, one of .*, found \{\{daysLate\}\}$/),
    'campaign.yaml:50:28: obligations[0].assignees[1]: expected a known unit or group, found "shanting"',
    'campaign.yaml:54:12: obligations[1].title: expected a text, found a list of 1',
    'campaign.yaml:59:10: obligations[1].due: expected a deadline within the campaign period 2022-03-25 … 2022-12-31, found 2022-03-15 (for world-ip-day)',
    'campaign.yaml: 6 problems',
    '',
  ]);
});

it('does not report what follows from a problem already reported', () => {
  // A unit without a readable id: the group naming it is not also "an unknown unit".
  expect(validate(change('id: xuecheng', 'id: 42')).stderr).toBe('campaign.yaml:16:11: units[2].id: expected an id (lower-case letters, digits, -), found 42\ncampaign.yaml: 1 problem\n');
  // An issuer that is not an id is not also "an unknown unit".
  expect(validate(change('  issuer: section', '  issuer: Section_1')).stderr).toBe('campaign.yaml:6:11: campaign.issuer: expected an id (lower-case letters, digits, -), found "Section_1"\ncampaign.yaml: 1 problem\n');
  // A date in the wrong format is not also a date that does not exist.
  expect(validate(change('issuedOn: 2022-03-25', 'issuedOn: 25.03.2022')).stderr).toBe('campaign.yaml:7:13: campaign.issuedOn: expected a date YYYY-MM-DD, found "25.03.2022"\ncampaign.yaml: 1 problem\n');
  // A deadline the schema refuses is not computed: no date problem after the shape problem.
  const both = validate(change('due: { date: 2022-04-15 }', 'due: { from: obligation.publicity, workingDays: 2, days: 3 }')).stderr;
  expect(both).toBe('campaign.yaml:52:10: obligations[0].due: expected exactly one of days or workingDays, found a mapping {"from", "days", "workingDays"}\ncampaign.yaml: 1 problem\n');
  // A broken period: no deadline is said to be outside it.
  expect(validate(change('period: { start: 2022-03-25, end: 2022-12-31 }', 'period: { start: 2022-03-25, end: 2022-12-32 }')).stderr).toBe(
    'campaign.yaml:8:37: campaign.period.end: expected a real calendar date YYYY-MM-DD, found "2022-12-32"\ncampaign.yaml: 1 problem\n',
  );
});

it('reports every problem at once, in file order', () => {
  const text = change('kind: district', 'kind: province', change('  title: 测试活动方案', '  title: 42'));
  const { stderr } = validate(text);
  expect(stderr.split('\n')).toEqual([
    'campaign.yaml:4:10: campaign.title: expected a text, found 42',
    expect.stringMatching(/^campaign\.yaml:16:45: units\[2\]\.kind: expected a known unit kind, one of /),
    'campaign.yaml: 2 problems',
    '',
  ]);
});

/**
 * What may stay in Latin letters in a Chinese message: the location and field path before 应为
 * (file name, line, column, path), values as written in the file (in double quotes), names of
 * the definition language set off in backquotes (fields, kinds, variables, operators, formats,
 * file names), `{{variables}}` as written, and the format names YAML and JSON-Logic. Every
 * other Latin letter is an untranslated English word.
 */
function englishLeftIn(message: string): string {
  const at = message.indexOf('：应为');
  expect(at).toBeGreaterThan(0);
  return message
    .slice(at)
    .replace(/"(?:[^"\\]|\\.)*"/g, '')
    .replace(/`[^`]*`/g, '')
    .replace(/\{\{[^{}]*\}\}/g, '')
    .replace(/YAML|JSON-Logic/g, '')
    .replace(/[^A-Za-z]+/g, ' ')
    .trim();
}

// Every row has all three columns: jest would take a missing one for a `done` callback.
const zhCases: [string, string, Record<string, string>][] = [
  ...cases.map(([name, text]): [string, string, Record<string, string>] => [name, text, {}]),
  ['an unreadable include', `include: [missing.yaml]\n${base}`, {}],
  ['a key in two files', `include: [more.yaml]\n${base}`, { 'more.yaml': 'escalation:\n  levels: []\n' }],
  ['a group written differently in two files', `include: [more.yaml]\n${base}`, { 'more.yaml': 'groups:\n  districts: [tengzhou]\n' }],
  ['a unit written differently in two files', `include: [more.yaml]\n${base}`, { 'more.yaml': 'units:\n  - { id: tengzhou, name: 滕州市局, kind: county-level-city }\n' }],
];

it.each(zhCases)('says %s in Chinese, with no English left outside code and values', (_name, text, extraFiles) => {
  const { code, stderr } = validate(text, 'zh', extraFiles);
  expect(code).toBe(1);
  const messages = stderr.split('\n').filter((line) => line.includes('：应为'));
  expect(messages.length).toBeGreaterThan(0);
  for (const message of messages) expect([message, englishLeftIn(message)]).toEqual([message, '']);
});

it('speaks Chinese with --lang zh', () => {
  const { stderr } = validate(change('districts: [tengzhou, xuecheng]', 'districts: [tengzhou, yicheng]'), 'zh');
  expect(stderr).toBe('campaign.yaml:18:25：groups.districts[1]：应为已定义的单位，实际为 "yicheng"\ncampaign.yaml：1 处错误\n');
});

it('locates problems in an included file, in that file', () => {
  const unitsFile = 'units:\n  - { id: section, name: 科, kind: city-section }\n  - { id: tengzhou, name: 滕州, kind: county }\n';
  const text = change(/^units:\n( {2}- .*\n)+/m.exec(base)![0], '', base).replace('campaign:\n', 'include: [units.yaml]\ncampaign:\n');
  const { code, stderr } = validate(text, 'en', { 'units.yaml': unitsFile });
  expect(code).toBe(1);
  expect(stderr).toContain('units.yaml:3:37: units[1].kind: expected a known unit kind, one of district');
});

it('reports an include that cannot be read at the include line', () => {
  const { stderr } = validate(`include: [missing.yaml]\n${base}`);
  expect(stderr).toContain('campaign.yaml:1:11: include: expected a readable file, found missing.yaml (ENOENT)');
});

it('reports a key defined both in the campaign file and in an include', () => {
  const { stderr } = validate(`include: [more.yaml]\n${base}`, 'en', { 'more.yaml': 'escalation:\n  levels: []\n' });
  expect(stderr).toContain('more.yaml:1:1: escalation: expected a key defined in only one file, found "escalation" also in campaign.yaml');
});

it('names both places when a unit is written differently in two files, and still reports every other problem', () => {
  const more = 'units:\n  - { id: tengzhou, name: 滕州市局, kind: county-level-city }\n';
  const { code, stderr } = validate(`include: [more.yaml]\n${change('  title: 测试活动方案', '  title: 42')}`, 'en', { 'more.yaml': more });
  expect(code).toBe(1);
  expect(stderr.split('\n')).toEqual([
    'campaign.yaml:5:10: campaign.title: expected a text, found 42',
    'more.yaml:2:5: units[0]: expected the same definition wherever it is written, found "tengzhou" defined differently in campaign.yaml:16:5',
    'campaign.yaml: 2 problems',
    '',
  ]);
  expect(validate(`include: [more.yaml]\n${base}`, 'zh', { 'more.yaml': more }).stderr).toContain('more.yaml:2:5：units[0]：应为各处相同的定义，实际为 "tengzhou"，与 `campaign.yaml:16:5` 中的定义不同');
});

it('merges a campaign’s own units and groups onto a shared directory, and a unit written alike twice is one', () => {
  const shared = 'unitKinds: { town: 镇 }\nunits:\n  - { id: tengzhou, name: 滕州市市场监督管理局, kind: county-level-city, contacts: [{ name: 联络员, email: tengzhou@example.gov.cn }] }\n  - { id: jinggou, name: 井亭镇, kind: town, parent: tengzhou }\ngroups:\n  towns: [children-of:tengzhou]\n';
  const text = change('    assignees: [districts]\n    kind: submission', '    assignees: [districts, towns]\n    kind: submission', `include: [shared.yaml]\n${base}`);
  expect(validate(text, 'en', { 'shared.yaml': shared })).toEqual({ code: 0, stdout: 'campaign.yaml: valid (5 obligation instances, 2 deadlines)\n', stderr: '' });
});

it('says a problem of one field once, listing the occurrences it concerns', () => {
  let text = change('period: { start: 2022-03-25, end: 2022-12-31 }', 'period: { start: 2022-03-25, end: 2199-12-31 }');
  text = change('    - { id: supervision-notice, name: 督办通知', '    - { id: long-overdue, name: 长期逾期, after: { workingDays: 60 }, notify: [supervisors], message: supervision-notice }\n    - { id: supervision-notice, name: 督办通知', text);
  text += '  - { id: monthly, title: 月报, measure: 通知, assignees: [districts], kind: recurring, recurrence: { every: month, on: 28, from: 2199-10-01 } }\n';
  // Three occurrences beyond the calendar (the last one twice: two levels of its ladder), one line.
  const problems = validate(text).stderr.split('\n').filter((line) => line.includes('obligations[2].due'));
  expect(problems).toEqual([
    'campaign.yaml:61:5: obligations[2].due: expected a date within the supported years of the working-day calendar, found ' +
      '60 working days from 2199-10-28 go beyond the supported years 2004 … 2199 (for 2199-10), 60 working days from 2199-11-28 go beyond the supported years 2004 … 2199 (for 2199-11), ' +
      '60 working days from 2199-12-30 go beyond the supported years 2004 … 2199 (for 2199-12), 5 working days from 2199-12-30 go beyond the supported years 2004 … 2199 (for 2199-12)',
  ]);
  const zh = validate(text, 'zh').stderr.split('\n').find((line) => line.includes('obligations[2].due'))!;
  expect(zh).toContain('自 2199-10-28 起 60 个工作日，超出支持的年份范围（2004 至 2199 年）（`2199-10`）；');
});
