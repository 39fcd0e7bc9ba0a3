/**
 * The editor's round trip, form → YAML → form, on generated definitions (fast-check): every field
 * the form shows, written back as the form would write it, leaves the text byte for byte as it was;
 * one field changed in the form changes that field only: every other field keeps its value, every
 * key its place, every comment its text. Also the seed's own definition, and the draft of the seed
 * notice, through the same form.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { Document, isMap, isPair, isScalar, isSeq, type Node, parseDocument, visit } from 'yaml';
import { type FieldPath, type FieldSpec, formFields, fromInput, toInput, writeValue, yamlOutput } from '../web/client/form-model';
import { formSections } from '../web/client/form-spec';

const runs = Number(process.env.FORM_RUNS ?? 100);
const han = fc.constantFrom(...'全市知识产权行政保护能力提升年活动方案落实措施工作总结培训会宣传报送督办通知滕州山亭薛城峄城'.split(''));
const chinese = fc.string({ unit: han, minLength: 1, maxLength: 12 });
const id = fc.stringMatching(/^[a-z][a-z0-9-]{0,10}$/);
const date = fc.date({ min: new Date('2022-01-01T00:00:00Z'), max: new Date('2024-12-31T00:00:00Z'), noInvalidDate: true }).map((value) => value.toISOString().slice(0, 10));
const offset = fc.oneof(fc.record({ workingDays: fc.integer({ min: 1, max: 20 }) }), fc.record({ days: fc.integer({ min: 1, max: 30 }) }));
const contact = fc.record({ name: chinese, phone: fc.option(fc.stringMatching(/^\d{7}$/), { nil: undefined }), email: fc.option(fc.constant('a@example.gov.cn'), { nil: undefined }) }, { requiredKeys: ['name'] });
const deadline = fc.oneof(fc.record({ date }), fc.record({ from: fc.constantFrom('campaign.start', 'each-event'), workingDays: fc.integer({ min: 1, max: 10 }) }));
const obligation = fc.oneof(
  fc.record({ id, title: chinese, measure: fc.oneof(chinese, fc.array(chinese, { minLength: 1, maxLength: 2 })), assignees: fc.array(id, { minLength: 1, maxLength: 3 }), kind: fc.constant('submission'), due: deadline, note: fc.option(chinese, { nil: undefined }) }, { requiredKeys: ['id', 'title', 'measure', 'assignees', 'kind', 'due'] }),
  fc.record({ id, title: chinese, measure: chinese, assignees: fc.array(id, { minLength: 1, maxLength: 3 }), kind: fc.constant('count'), min: fc.integer({ min: 0, max: 3 }), max: fc.option(fc.integer({ min: 3, max: 5 }), { nil: undefined }), due: deadline, evidence: fc.option(fc.array(chinese, { maxLength: 3 }), { nil: undefined }) }, { requiredKeys: ['id', 'title', 'measure', 'assignees', 'kind', 'min', 'due'] }),
  fc.record({ id, title: chinese, measure: chinese, assignees: fc.array(id, { minLength: 1 }), kind: fc.constant('recurring'), recurrence: fc.oneof(fc.record({ every: fc.constantFrom('month', 'quarter'), workingDaysAfter: fc.integer({ min: 0, max: 10 }) }), fc.record({ events: fc.array(id, { minLength: 1, maxLength: 3 }) })), reminders: fc.option(fc.oneof(fc.constant(false), fc.record({ before: fc.array(offset, { minLength: 1, maxLength: 3 }) })), { nil: undefined }), escalation: fc.option(fc.boolean(), { nil: undefined }) }, { requiredKeys: ['id', 'title', 'measure', 'assignees', 'kind', 'recurrence'] }),
);
const definition = fc.record({
  campaign: fc.record({ id, title: chinese, documentNumber: chinese, issuer: id, issuedOn: date, period: fc.record({ start: date, end: date }), contacts: fc.array(contact, { maxLength: 2 }), reportsTo: id, mailbox: fc.option(fc.constant('box@example.gov.cn'), { nil: undefined }) }, { requiredKeys: ['id', 'title', 'documentNumber', 'issuer', 'issuedOn', 'period', 'contacts', 'reportsTo'] }),
  units: fc.array(fc.record({ id, name: chinese, kind: fc.constantFrom('district', 'zone', 'city-section') }), { minLength: 1, maxLength: 4 }),
  groups: fc.dictionary(id, fc.array(id, { maxLength: 3 }), { maxKeys: 2 }),
  calendar: fc.record({ events: fc.array(fc.record({ id, name: chinese, date }), { maxLength: 3 }) }),
  defaults: fc.record({ dueTime: fc.constantFrom('17:30', '12:00'), reminders: fc.record({ before: fc.array(offset, { minLength: 1, maxLength: 3 }), to: fc.constant(['unit-contacts']) }) }),
  escalation: fc.record({
    levels: fc.array(fc.record({ id, name: chinese, after: offset, notify: fc.array(fc.constantFrom('unit-contacts', 'supervisors'), { maxLength: 2 }), message: id, requiresDecision: fc.option(fc.boolean(), { nil: undefined }) }, { requiredKeys: ['id', 'name', 'after', 'notify', 'message'] }), { minLength: 1, maxLength: 3 }),
    rules: fc.array(fc.record({ id, description: chinese, when: fc.constant({ '>=': [{ var: 'record.supervisionNotices' }, 2] }), escalateTo: id })),
  }),
  evaluation: fc.record({ base: fc.integer({ min: 60, max: 100 }), weights: fc.record({ perWorkingDayLate: fc.integer({ min: -5, max: 0 }), returnedForRevision: fc.integer({ min: -5, max: 0 }), perEscalationLevel: fc.integer({ min: -5, max: 0 }), missing: fc.integer({ min: -20, max: 0 }), countTargetMissed: fc.integer({ min: -5, max: 0 }) }), praise: fc.record({ minScore: fc.integer({ min: 80, max: 100 }) }), criticism: fc.record({ maxScore: fc.integer({ min: 0, max: 70 }) }) }),
  messages: fc.dictionary(id, fc.record({ subject: chinese, text: chinese }), { minKeys: 1, maxKeys: 2 }),
  obligations: fc.array(obligation, { minLength: 1, maxLength: 4 }),
});

/** The definition as an administrator's file: flows for small values, a comment on each obligation and title. */
function yamlOf(value: unknown): string {
  const document = new Document(value);
  visit(document, {
    Map(_key, node, path) {
      const parent = path[path.length - 1];
      if (isPair(parent) && isScalar(parent.key) && ['period', 'due', 'recurrence', 'after', 'weights'].includes(String(parent.key.value))) node.flow = true;
      if (isSeq(parent) && path.length >= 2 && isPair(path[path.length - 2]) && String(((path[path.length - 2] as { key: { value: unknown } }).key).value) !== 'obligations') node.flow = true;
    },
    Seq(_key, node, path) {
      const parent = path[path.length - 1];
      if (isPair(parent) && isScalar(parent.key) && ['assignees', 'notify', 'to', 'events', 'before', 'measure'].includes(String(parent.key.value))) node.flow = true;
    },
  });
  const obligations = document.get('obligations', true);
  if (isSeq(obligations)) {
    obligations.items.forEach((item, index) => {
      if (!isMap(item)) return;
      item.commentBefore = ` 任务${index + 1}：出处见通知`;
      const title = item.get('title', true) as Node | undefined;
      if (title) title.comment = ` 「原文第${index + 1}句」`;
    });
  }
  return document.toString(yamlOutput);
}

/** The value the form writes back for a field it shows unchanged. */
function echoed(field: FieldSpec, value: unknown): unknown {
  const composite = ['offset', 'deadline', 'recurrence', 'switch'].includes(field.type);
  return composite ? value : fromInput(field, toInput(field, value), value);
}

const defaultOf = (field: FieldSpec) => (field.type === 'checkbox' ? field.default : undefined);
const keysInOrder = (text: string): string[] => {
  const keys: string[] = [];
  visit(parseDocument(text), { Pair: (_key, pair, path) => void keys.push(`${path.length}:${isScalar(pair.key) ? String(pair.key.value) : '?'}`) });
  return keys;
};
const commentsOf = (text: string) => text.split('\n').flatMap((line) => (line.includes('#') ? [line.slice(line.indexOf('#')).trim()] : []));

describe('the editor’s form over the YAML', () => {
  it('writes back every field it shows, unchanged, without changing a byte', () => {
    fc.assert(
      fc.property(definition, (value) => {
        const text = yamlOf(value);
        expect(parseDocument(text).toString(yamlOutput)).toBe(text);
        const document = parseDocument(text);
        const fields = formFields(formSections, document);
        expect(fields.length).toBeGreaterThan(10);
        for (const { path, field, value: shown } of fields) writeValue(document, path, echoed(field, shown), defaultOf(field));
        const after = document.toString(yamlOutput);
        expect(after).toBe(text);
        expect(formFields(formSections, parseDocument(after)).map(({ path, value }) => [path, value])).toEqual(fields.map(({ path, value }) => [path, value]));
      }),
      { numRuns: runs },
    );
  });

  it('changes one field and nothing else: every other field, key order and comment stay', () => {
    const edited = fc.tuple(definition, fc.nat(), chinese, fc.integer({ min: 1, max: 99 }), fc.boolean(), date);
    fc.assert(
      fc.property(edited, ([value, pick, text, number, _flag, day]) => {
        const before = yamlOf(value);
        const document = parseDocument(before);
        const fields = formFields(formSections, document).filter(({ field, value: shown }) => shown !== undefined && ['text', 'textarea', 'number', 'checkbox', 'date', 'multi'].includes(field.type));
        const target = fields[pick % fields.length]!;
        const input = { text: text, textarea: text, number: String(number), checkbox: !target.value, date: day, multi: ['tengzhou', 'shanting'] }[target.field.type as 'text']!;
        const written = fromInput(target.field, input, target.value);
        writeValue(document, target.path, written, defaultOf(target.field));
        const after = document.toString(yamlOutput);
        const key = (path: FieldPath) => JSON.stringify(path);
        const reread = formFields(formSections, parseDocument(after)).map((entry) => [key(entry.path), entry.value]);
        const expected = formFields(formSections, parseDocument(before)).map((entry) => [key(entry.path), key(entry.path) === key(target.path) ? written : entry.value]);
        expect(reread).toEqual(expected);
        expect(keysInOrder(after)).toEqual(keysInOrder(before));
        expect(commentsOf(after)).toEqual(commentsOf(before));
      }),
      { numRuns: runs },
    );
  });

  it('shows the seed definition and writes it back unchanged once its text is in the editor’s form', () => {
    const seed = readFileSync(path.resolve(__dirname, '../config/campaigns/zaozhuang-2022-ip-protection.yaml'), 'utf8');
    const text = parseDocument(seed).toString(yamlOutput);
    // The first print keeps every comment and key of the file (only spacing changes).
    expect(commentsOf(text).map((comment) => comment.replace(/\s+/g, ' '))).toEqual(commentsOf(seed).map((comment) => comment.replace(/\s+/g, ' ')));
    expect(keysInOrder(text)).toEqual(keysInOrder(seed));
    const document = parseDocument(text);
    const fields = formFields(formSections, document);
    expect(fields.filter(({ path }) => path[0] === 'obligations' && path[2] === 'title').map(({ value }) => value)).toContain('落实措施及实施方案');
    for (const { path: at, field, value } of fields) writeValue(document, at, echoed(field, value), defaultOf(field));
    expect(document.toString(yamlOutput)).toBe(text);
  });
});
