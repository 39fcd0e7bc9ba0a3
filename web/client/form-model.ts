/**
 * The editor's form over the definition's YAML, without the DOM: which fields there are (a spec,
 * ./form-spec.ts), what each shows (`toInput`) and what an input means (`fromInput`), and how an
 * edit is written into the YAML through the `yaml` library's Document API, so that comments, key
 * order and the style of untouched nodes survive. The browser bundle and the round-trip property
 * test (test/authoring-form.test.ts) use this same code.
 */
import { type Document, isCollection, isMap, isScalar, isSeq, type Node, parseDocument } from 'yaml';

export type FieldPath = Array<string | number>;
export type OptionSource = 'units' | 'unitsAndGroups' | 'levels' | 'messages' | 'events' | 'recipients' | 'unitKinds' | 'holidayRules' | 'obligations';
export interface Option {
  value: string;
  label: string;
}

interface Base {
  /** The key under its parent; '' is the parent itself (a list of offsets, a group's members). */
  key: string;
  label: string;
  help?: string;
  /** Shown only when this holds for the enclosing item (an obligation's kind). */
  when?: (item: Record<string, unknown>) => boolean;
}

export type FieldSpec =
  | (Base & { type: 'text' | 'textarea' | 'date' | 'time'; optional?: boolean })
  | (Base & { type: 'number'; optional?: boolean })
  | (Base & { type: 'checkbox'; default: boolean })
  | (Base & { type: 'select'; options: Option[] | OptionSource; optional?: boolean })
  | (Base & { type: 'multi'; options: OptionSource })
  | (Base & { type: 'lines' })
  | (Base & { type: 'json' })
  | (Base & { type: 'offset' })
  | (Base & { type: 'deadline'; optional?: boolean })
  | (Base & { type: 'recurrence' })
  | (Base & { type: 'group'; fields: FieldSpec[] })
  | (Base & { type: 'list'; fields: FieldSpec[]; newItem: () => unknown; itemTitle: (item: unknown, index: number) => string })
  | (Base & { type: 'map'; fields: FieldSpec[]; newEntry: () => unknown })
  | (Base & { type: 'switch'; choices: Array<{ label: string; value: unknown; fields?: FieldSpec[] }> });

export interface SectionSpec {
  id: string;
  title: string;
  fields: FieldSpec[];
}

/** What an input holds: text, the checked state, or the values of a multiple choice. */
export type InputValue = string | boolean | string[];

/** The value at a path of the document, as plain data (undefined when absent). */
export function readValue(document: Document, path: FieldPath): unknown {
  const node = path.length === 0 ? document.contents : document.getIn(path, true);
  if (node === undefined || node === null) return undefined;
  return isScalar(node) ? node.value : (node as Node).toJSON();
}

const sameValue = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Writes a value at a path: nothing when it is the value there already (or the field's default
 * where the key is absent); a scalar onto a scalar keeps the node (its quotes and comment); a
 * collection replaces the node but keeps its flow style and comment; undefined deletes the key.
 * Returns whether the document changed.
 */
export function writeValue(document: Document, path: FieldPath, value: unknown, defaultValue?: unknown): boolean {
  const current = readValue(document, path);
  if (sameValue(current, value) || (current === undefined && value !== undefined && sameValue(value, defaultValue))) return false;
  if (value === undefined) {
    document.deleteIn(path);
    return true;
  }
  const previous = document.getIn(path, true) as Node | undefined;
  if (isScalar(previous) && (value === null || typeof value !== 'object')) {
    previous.value = value;
    return true;
  }
  const flow = isCollection(previous) ? previous.flow === true : isFlowContext(document, path);
  const node = document.createNode(value, { flow }) as Node & { comment?: string | null; commentBefore?: string | null; spaceBefore?: boolean };
  if (previous) {
    node.comment = previous.comment ?? null;
    node.commentBefore = previous.commentBefore ?? null;
    node.spaceBefore = previous.spaceBefore ?? false;
  }
  setCreating(document, path, node);
  return true;
}

/** A new value inside a flow collection, or a small value (offsets, deadlines), is written in flow style. */
function isFlowContext(document: Document, path: FieldPath): boolean {
  const parent = document.getIn(path.slice(0, -1), true);
  return isCollection(parent) ? parent.flow === true || isSeq(parent) : true;
}

/** setIn, creating missing parents as block mappings (yaml's setIn creates them too; this keeps a seq index from becoming a map key). */
function setCreating(document: Document, path: FieldPath, node: Node): void {
  for (let depth = 1; depth < path.length; depth += 1) {
    if (document.getIn(path.slice(0, depth), true) === undefined) document.setIn(path.slice(0, depth), document.createNode({}));
  }
  document.setIn(path, node);
}

/** Appends an item to the list at `path` (creating the list). */
export function addItem(document: Document, path: FieldPath, item: unknown): void {
  const list = document.getIn(path, true);
  if (!isSeq(list)) return void setCreating(document, path, document.createNode([item], { flow: false }));
  const flow = list.items.some((existing) => isMap(existing) && existing.flow === true);
  list.items.push(document.createNode(item, { flow }));
}

/** Removes the item at `index` of the list at `path`. */
export function removeItem(document: Document, path: FieldPath, index: number): void {
  document.deleteIn([...path, index]);
}

/** Moves an item of a list one place up or down, its node (and comments) unchanged. */
export function moveItem(document: Document, path: FieldPath, index: number, by: -1 | 1): void {
  const list = document.getIn(path, true);
  if (!isSeq(list) || index + by < 0 || index + by >= list.items.length) return;
  const [item] = list.items.splice(index, 1);
  list.items.splice(index + by, 0, item);
}

/** How the field shows the value at its path. */
export function toInput(field: FieldSpec, value: unknown): InputValue {
  switch (field.type) {
    case 'checkbox':
      return typeof value === 'boolean' ? value : field.default;
    case 'multi':
      return Array.isArray(value) ? value.map(String) : [];
    case 'lines':
      return Array.isArray(value) ? value.map(String).join('\n') : typeof value === 'string' ? value : '';
    case 'json':
      return value === undefined ? '' : JSON.stringify(value);
    case 'number':
      return typeof value === 'number' ? String(value) : value === undefined ? '' : String(value);
    default:
      return value === undefined || value === null ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value);
  }
}

/** Thrown for an input that is not of its field's kind; the form shows it at the field. */
export class FieldInputError extends Error {}

/** What an input means for the YAML (undefined: the key is removed); `previous` keeps a list a list. */
export function fromInput(field: FieldSpec, input: InputValue, previous: unknown): unknown {
  switch (field.type) {
    case 'checkbox':
      return Boolean(input);
    case 'multi': {
      const values = Array.isArray(input) ? input : [];
      return values.length === 0 && !Array.isArray(previous) ? undefined : values;
    }
    case 'lines': {
      const lines = String(input).split('\n').map((line) => line.trim()).filter(Boolean);
      // An empty list and no list read alike in the form: an empty one stays as it was written.
      if (lines.length === 0) return Array.isArray(previous) && previous.length === 0 ? previous : undefined;
      return typeof previous === 'string' && lines.length === 1 ? lines[0] : lines;
    }
    case 'json': {
      if (String(input).trim() === '') return undefined;
      try {
        return JSON.parse(String(input)) as unknown;
      } catch {
        throw new FieldInputError('应为 JSON，如 {">=": [{"var": "record.supervisionNotices"}, 2]}');
      }
    }
    case 'number': {
      const text = String(input).trim();
      if (text === '') return field.optional ? undefined : previous;
      const number = Number(text);
      if (!Number.isFinite(number)) throw new FieldInputError('应为数字');
      return number;
    }
    case 'text':
    case 'textarea':
    case 'date':
    case 'time':
    case 'select': {
      const text = String(input);
      if (text === '' && field.optional) return undefined;
      // A value the YAML holds as a number (an id like 2022) stays what it was when unchanged.
      return previous !== undefined && String(previous) === text ? previous : text;
    }
    default:
      return previous;
  }
}

/** Every leaf field of the spec present in the document, with its path and value, in the form's order. */
export function formFields(sections: SectionSpec[], document: Document): Array<{ path: FieldPath; field: FieldSpec; value: unknown }> {
  const out: Array<{ path: FieldPath; field: FieldSpec; value: unknown }> = [];
  const visit = (fields: FieldSpec[], base: FieldPath, item: Record<string, unknown>) => {
    for (const field of fields) {
      if (field.when && !field.when(item)) continue;
      const path = field.key === '' ? base : [...base, field.key];
      const value = readValue(document, path);
      if (field.type === 'group') visit(field.fields, path, (value as Record<string, unknown>) ?? {});
      else if (field.type === 'list') (Array.isArray(value) ? value : []).forEach((entry, index) => visit(field.fields, [...path, index], (entry as Record<string, unknown>) ?? {}));
      else if (field.type === 'map') Object.entries((value as Record<string, unknown>) ?? {}).forEach(([key, entry]) => visit(field.fields, [...path, key], (entry as Record<string, unknown>) ?? {}));
      else if (field.type === 'switch') {
        out.push({ path, field, value });
        const choice = choiceOf(field, value);
        if (choice?.fields) visit(choice.fields, path, (value as Record<string, unknown>) ?? {});
      } else out.push({ path, field, value });
    }
  };
  for (const section of sections) visit(section.fields, [], (document.toJSON() as Record<string, unknown>) ?? {});
  return out;
}

/** The choice of a switch the value stands for: undefined/false by equality, an object for the one with fields. */
export function choiceOf(field: Extract<FieldSpec, { type: 'switch' }>, value: unknown) {
  return field.choices.find((choice) => (choice.fields ? typeof value === 'object' && value !== null : sameValue(choice.value, value)));
}

/** Parses the editor's text; errors are the YAML parser's (the check API locates the rest). */
export function parseDefinition(text: string): Document {
  return parseDocument(text, { keepSourceTokens: false });
}

/** How every text the editor writes is printed: flows stay on one line, so an edit changes its own lines only. */
export const yamlOutput = { lineWidth: 0, flowCollectionPadding: true } as const;
