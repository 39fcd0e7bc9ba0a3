/**
 * Draws the editor's form from the spec (./form-spec.ts) and the current YAML document, and turns
 * every input into an edit of that document (./form-model.ts). Choices that depend on the
 * definition (its units, groups, levels, messages, events) are read from the document each time
 * the form is drawn. Plain DOM: a form of inputs, selects and details, no framework.
 */
import type { Document } from 'yaml';
import type { EditorOptions } from '../../contracts/authoring';
import { addItem, choiceOf, type FieldPath, type FieldSpec, FieldInputError, fromInput, moveItem, type Option, type OptionSource, readValue, removeItem, type SectionSpec, toInput, writeValue } from './form-model';

export type { EditorOptions } from '../../contracts/authoring';

export interface FormHost {
  document: () => Document | undefined;
  /** Called after the form changed the document; `redraw` when the form's shape changed (an item added). */
  changed: (redraw: boolean) => void;
  options: EditorOptions;
}

const recipientNames: Record<string, string> = { 'unit-contacts': '承办单位联系人', 'issuer-contacts': '发文单位联系人', supervisors: '督办人员', 'parent-unit': '上级单位' };
const holidayNames: Record<string, string> = { 'next-working-day': '顺延到下一个工作日', 'previous-working-day': '提前到上一个工作日', keep: '不调整' };
const kindNames: Record<string, string> = { district: '区', 'county-level-city': '县级市', zone: '开发区', 'city-section': '市局科室', 'directly-affiliated': '直属单位', bureau: '局' };

function element<K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Record<string, string> = {}, ...children: Array<Node | string>): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  node.append(...children);
  return node;
}

const pathKey = (path: FieldPath) => path.join('.');

/** Draws the whole form into `container`; returns the map from field path to its problem slot. */
export function drawForm(container: HTMLElement, sections: SectionSpec[], host: FormHost): void {
  const yaml = host.document();
  // A redraw keeps what the administrator had open and where they were.
  const wasDrawn = container.querySelector('details') !== null;
  const open = new Set([...container.querySelectorAll<HTMLElement>('details[open]')].map((details) => details.dataset.path ?? details.id));
  const scroll = container.scrollTop;
  container.replaceChildren();
  if (!yaml) {
    container.append(element('p', { class: 'error' }, 'YAML 有语法错误，表单暂不可用：请在右侧修正（错误已标出）。'));
    return;
  }
  const root = (yaml.toJSON() as Record<string, unknown>) ?? {};
  for (const section of sections) {
    const body = element('div', { class: 'section-body' });
    drawFields(body, section.fields, [], root, host, yaml);
    container.append(element('details', { class: 'section', id: `section-${section.id}` }, element('summary', {}, section.title), body));
  }
  for (const details of container.querySelectorAll<HTMLDetailsElement>('details')) {
    details.open = wasDrawn ? open.has(details.dataset.path ?? details.id) : details.classList.contains('section');
  }
  container.scrollTop = scroll;
}

function drawFields(parent: HTMLElement, fields: FieldSpec[], base: FieldPath, item: Record<string, unknown>, host: FormHost, yaml: Document): void {
  for (const field of fields) {
    if (field.when && !field.when(item)) continue;
    const path = field.key === '' ? base : [...base, field.key];
    parent.append(drawField(field, path, host, yaml));
  }
}

function drawField(field: FieldSpec, path: FieldPath, host: FormHost, yaml: Document): HTMLElement {
  const value = readValue(yaml, path);
  const wrapper = element('div', { class: `field field-${field.type}`, 'data-path': pathKey(path) });
  const label = field.label ? element('span', { class: 'label' }, field.label) : undefined;
  const write = (next: unknown, redraw = false) => {
    const current = host.document();
    if (!current) return;
    if (writeValue(current, path, next, field.type === 'checkbox' ? field.default : undefined)) host.changed(redraw);
  };
  switch (field.type) {
    case 'group': {
      const box = element('fieldset', { class: 'group' }, ...(field.label ? [element('legend', {}, field.label)] : []));
      drawFields(box, field.fields, path, (value as Record<string, unknown>) ?? {}, host, yaml);
      wrapper.append(box);
      break;
    }
    case 'list':
      wrapper.append(drawList(field, path, value, host, yaml));
      break;
    case 'map':
      wrapper.append(drawMap(field, path, value, host, yaml));
      break;
    case 'switch': {
      const choice = choiceOf(field, value);
      const select = element('select', { 'aria-label': field.label });
      field.choices.forEach((option, index) => select.append(element('option', { value: String(index), ...(option === choice ? { selected: '' } : {}) }, option.label)));
      select.addEventListener('change', () => write(field.choices[Number(select.value)]!.value, true));
      const body = element('div', { class: 'switch-body' });
      if (choice?.fields) drawFields(body, choice.fields, path, (value as Record<string, unknown>) ?? {}, host, yaml);
      wrapper.append(element('label', {}, label ?? '', select), body);
      break;
    }
    case 'offset':
      wrapper.append(element('label', {}, label ?? '', ...offsetInputs(value, (next) => write(next))));
      break;
    case 'deadline':
      wrapper.append(element('label', {}, label ?? ''), deadlineInputs(value, yaml, host, (next) => write(next, true)));
      break;
    case 'recurrence':
      wrapper.append(element('label', {}, label ?? ''), recurrenceInputs(value, yaml, host, (next) => write(next, true)));
      break;
    default:
      wrapper.append(leafInput(field, value, path, yaml, host, write));
  }
  if (field.help) wrapper.append(element('small', { class: 'muted' }, field.help));
  wrapper.append(element('div', { class: 'field-problems', role: 'alert' }));
  return wrapper;
}

function leafInput(field: FieldSpec, value: unknown, path: FieldPath, yaml: Document, host: FormHost, write: (next: unknown, redraw?: boolean) => void): HTMLElement {
  const shown = toInput(field, value);
  const problem = (message: string) => {
    const slot = document.querySelector(`[data-path="${CSS.escape(pathKey(path))}"] > .field-problems`);
    if (slot) slot.textContent = message;
  };
  const commit = (input: string | boolean | string[], redraw = false) => {
    try {
      write(fromInput(field, input, readValue(host.document() ?? yaml, path)), redraw);
    } catch (error) {
      if (error instanceof FieldInputError) problem(error.message);
      else throw error;
    }
  };
  let control: HTMLElement;
  if (field.type === 'checkbox') {
    const box = element('input', { type: 'checkbox', ...(shown ? { checked: '' } : {}) });
    box.addEventListener('change', () => commit(box.checked));
    return element('label', { class: 'check' }, box, field.label);
  }
  if (field.type === 'multi') {
    const options = optionsOf(field.options, yaml, host.options);
    const picked = new Set(shown as string[]);
    const boxes = element('span', { class: 'choices' });
    for (const option of [...options, ...[...picked].filter((id) => !options.some((known) => known.value === id)).map((id) => ({ value: id, label: `${id}（未定义）` }))]) {
      const box = element('input', { type: 'checkbox', value: option.value, ...(picked.has(option.value) ? { checked: '' } : {}) });
      box.addEventListener('change', () => commit([...boxes.querySelectorAll<HTMLInputElement>('input:checked')].map((input) => input.value)));
      boxes.append(element('label', { class: 'check' }, box, option.label));
    }
    return element('div', {}, element('span', { class: 'label' }, field.label), boxes);
  }
  if (field.type === 'select') {
    const select = element('select', {});
    const options = typeof field.options === 'string' ? optionsOf(field.options, yaml, host.options) : field.options;
    if (field.optional || !options.some((option) => option.value === shown)) select.append(element('option', { value: '' }, field.optional ? '（不设）' : '请选择'));
    for (const option of options) select.append(element('option', { value: option.value, ...(option.value === shown ? { selected: '' } : {}) }, option.label));
    select.addEventListener('change', () => commit(select.value, field.key === 'kind'));
    control = select;
  } else if (field.type === 'textarea' || field.type === 'lines' || field.type === 'json') {
    const area = element('textarea', { rows: field.type === 'json' ? '2' : '3' });
    area.value = String(shown);
    area.addEventListener('input', () => commit(area.value));
    control = area;
  } else {
    const input = element('input', { type: field.type === 'number' ? 'number' : field.type === 'date' ? 'date' : field.type === 'time' ? 'time' : 'text', value: String(shown) });
    input.addEventListener('input', () => commit(input.value));
    control = input;
  }
  return element('label', {}, element('span', { class: 'label' }, field.label), control);
}

function drawList(field: Extract<FieldSpec, { type: 'list' }>, path: FieldPath, value: unknown, host: FormHost, yaml: Document): HTMLElement {
  const items = Array.isArray(value) ? value : [];
  const box = element('div', { class: 'list' }, element('span', { class: 'label' }, `${field.label}（${items.length}）`));
  const edit = (change: (current: Document) => void) => {
    const current = host.document();
    if (!current) return;
    change(current);
    host.changed(true);
  };
  items.forEach((item, index) => {
    const body = element('div', { class: 'item-body' });
    drawFields(body, field.fields, [...path, index], (item as Record<string, unknown>) ?? {}, host, yaml);
    // The tools sit in the open item, not in its summary: a button inside a summary is a control in a control (nested-interactive).
    const tools = element('div', { class: 'item-tools' });
    for (const [text, action] of [['上移', () => moveItem, -1], ['下移', () => moveItem, 1]] as const) {
      const button = element('button', { type: 'button', class: 'secondary small' }, text);
      button.addEventListener('click', () => edit((current) => action()(current, path, index, text === '上移' ? -1 : 1)));
      tools.append(button);
    }
    const remove = element('button', { type: 'button', class: 'secondary small' }, '删除');
    remove.addEventListener('click', () => edit((current) => removeItem(current, path, index)));
    tools.append(remove);
    box.append(element('details', { class: 'item', 'data-path': pathKey([...path, index]) }, element('summary', {}, field.itemTitle(item, index)), tools, body));
  });
  const add = element('button', { type: 'button', class: 'secondary small add' }, `添加${field.label.replace(/（.*$/, '')}`);
  add.addEventListener('click', () => edit((current) => addItem(current, path, field.newItem())));
  box.append(add);
  if (path.join('.') === 'units') box.append(directoryPicker(host, yaml, path, edit));
  return box;
}

/** Units are picked from the directory: those not yet in the definition. */
function directoryPicker(host: FormHost, yaml: Document, path: FieldPath, edit: (change: (current: Document) => void) => void): HTMLElement {
  const present = new Set(((readValue(yaml, path) as Array<{ id?: string }> | undefined) ?? []).map((unit) => unit.id));
  const select = element('select', { 'aria-label': '从单位名录添加' }, element('option', { value: '' }, '从单位名录添加…'));
  for (const unit of host.options.units.filter((candidate) => !present.has(candidate.id))) select.append(element('option', { value: unit.id }, `${unit.name}（${unit.id}）`));
  select.addEventListener('change', () => {
    const unit = host.options.units.find((candidate) => candidate.id === select.value);
    if (unit) edit((current) => addItem(current, path, { id: unit.id, name: unit.name, kind: unit.kind }));
  });
  return select;
}

function drawMap(field: Extract<FieldSpec, { type: 'map' }>, path: FieldPath, value: unknown, host: FormHost, yaml: Document): HTMLElement {
  const entries = Object.entries((value as Record<string, unknown>) ?? {});
  const box = element('div', { class: 'list' }, element('span', { class: 'label' }, `${field.label}（${entries.length}）`));
  for (const [key, entry] of entries) {
    const body = element('div', { class: 'item-body' });
    drawFields(body, field.fields, [...path, key], (entry as Record<string, unknown>) ?? {}, host, yaml);
    box.append(element('details', { class: 'item', 'data-path': pathKey([...path, key]) }, element('summary', {}, key), body));
  }
  const name = element('input', { type: 'text', placeholder: '新编号（小写字母、数字、-）', 'aria-label': `新${field.label}编号` });
  const add = element('button', { type: 'button', class: 'secondary small' }, `添加${field.label}`);
  add.addEventListener('click', () => {
    const current = host.document();
    if (!current || !/^[a-z0-9][a-z0-9-]*$/.test(name.value)) return;
    writeValue(current, [...path, name.value], field.newEntry());
    host.changed(true);
  });
  box.append(element('div', { class: 'add-entry' }, name, add));
  return box;
}

function offsetInputs(value: unknown, write: (next: unknown) => void): HTMLElement[] {
  const offset = (value ?? {}) as { days?: number; workingDays?: number };
  const unit = element('select', {}, element('option', { value: 'workingDays' }, '个工作日'), element('option', { value: 'days' }, '天'));
  unit.value = offset.days !== undefined ? 'days' : 'workingDays';
  const amount = element('input', { type: 'number', value: String(offset.days ?? offset.workingDays ?? ''), class: 'short' });
  const change = () => amount.value.trim() !== '' && write({ [unit.value]: Number(amount.value) });
  amount.addEventListener('input', change);
  unit.addEventListener('change', change);
  return [amount, unit];
}

function deadlineInputs(value: unknown, yaml: Document, host: FormHost, write: (next: unknown) => void): HTMLElement {
  const deadline = (value ?? {}) as Record<string, unknown>;
  const mode = element('select', { 'aria-label': '截止方式' }, element('option', { value: 'date' }, '固定日期'), element('option', { value: 'from' }, '相对于'), element('option', { value: 'none' }, '（不设）'));
  mode.value = value === undefined ? 'none' : 'date' in deadline ? 'date' : 'from';
  const date = element('input', { type: 'date', value: String(deadline.date ?? ''), 'aria-label': '截止日期' });
  const from = element('select', { 'aria-label': '起算点' });
  const anchors: Option[] = [{ value: 'campaign.start', label: '活动开始' }, { value: 'campaign.end', label: '活动结束' }, { value: 'each-event', label: '各时间节点' }, ...optionsOf('events', yaml, host.options).map((event) => ({ value: `event.${event.value}`, label: event.label })), ...optionsOf('obligations', yaml, host.options).map((obligation) => ({ value: `obligation.${obligation.value}`, label: `任务：${obligation.label}` }))];
  for (const anchor of anchors) from.append(element('option', { value: anchor.value, ...(anchor.value === deadline.from ? { selected: '' } : {}) }, anchor.label));
  const [amount, unit] = offsetInputs(deadline, () => undefined) as [HTMLInputElement, HTMLSelectElement];
  const holiday = element('select', { 'aria-label': '遇节假日' }, element('option', { value: '' }, '节假日：按默认'), ...['next-working-day', 'previous-working-day', 'keep'].map((rule) => element('option', { value: rule, ...(deadline.onHoliday === rule ? { selected: '' } : {}) }, holidayNames[rule]!)));
  const change = () => {
    const extra = { ...(deadline.time ? { time: deadline.time } : {}), ...(holiday.value ? { onHoliday: holiday.value } : {}) };
    if (mode.value === 'none') write(undefined);
    else if (mode.value === 'date') write(date.value ? { date: date.value, ...extra } : deadline);
    else if (amount.value.trim() !== '') write({ from: from.value, [unit.value]: Number(amount.value), ...extra });
  };
  for (const input of [mode, date, from, amount, unit, holiday]) input.addEventListener('change', change);
  const box = element('span', { class: 'deadline' }, mode);
  if (mode.value === 'date') box.append(date, holiday);
  if (mode.value === 'from') box.append(from, amount, unit, holiday);
  return box;
}

function recurrenceInputs(value: unknown, yaml: Document, host: FormHost, write: (next: unknown) => void): HTMLElement {
  const recurrence = (value ?? {}) as { every?: string; workingDaysAfter?: number; events?: string[] };
  const mode = element('select', { 'aria-label': '周期方式' }, element('option', { value: 'month' }, '每月'), element('option', { value: 'quarter' }, '每季度'), element('option', { value: 'events' }, '围绕时间节点'));
  mode.value = recurrence.events ? 'events' : recurrence.every ?? 'quarter';
  const after = element('input', { type: 'number', class: 'short', value: String(recurrence.workingDaysAfter ?? 5), 'aria-label': '期末后工作日' });
  const events = element('span', { class: 'choices' });
  for (const event of optionsOf('events', yaml, host.options)) {
    const box = element('input', { type: 'checkbox', value: event.value, ...(recurrence.events?.includes(event.value) ? { checked: '' } : {}) });
    events.append(element('label', { class: 'check' }, box, event.label));
  }
  const change = () => {
    if (mode.value === 'events') write({ events: [...events.querySelectorAll<HTMLInputElement>('input:checked')].map((input) => input.value) });
    else write({ every: mode.value, workingDaysAfter: Number(after.value || 5) });
  };
  for (const input of [mode, after]) input.addEventListener('change', change);
  events.addEventListener('change', change);
  return element('span', { class: 'recurrence' }, mode, ...(mode.value === 'events' ? [events] : [after, '个工作日内报送（每期结束后）']));
}

/** The choices of an option source, from the document (its units, levels …) and the directory. */
export function optionsOf(source: OptionSource, yaml: Document, options: EditorOptions): Option[] {
  const list = (path: FieldPath) => ((readValue(yaml, path) as Array<Record<string, unknown>> | undefined) ?? []).filter((item) => item && typeof item.id === 'string');
  switch (source) {
    case 'units':
      return list(['units']).map((unit) => ({ value: String(unit.id), label: String(unit.name ?? unit.id) }));
    case 'unitsAndGroups':
      return [...Object.keys((readValue(yaml, ['groups']) as Record<string, unknown>) ?? {}).map((group) => ({ value: group, label: `单位组：${group}` })), ...optionsOf('units', yaml, options)];
    case 'levels':
      return list(['escalation', 'levels']).map((level) => ({ value: String(level.id), label: String(level.name ?? level.id) }));
    case 'messages':
      return Object.keys((readValue(yaml, ['messages']) as Record<string, unknown>) ?? {}).concat(['reminder', 'overdue-notice', 'supervision-notice', 'interview-notice', 'criticism-bulletin']).filter((id, index, all) => all.indexOf(id) === index).map((id) => ({ value: id, label: id }));
    case 'events':
      return list(['calendar', 'events']).map((event) => ({ value: String(event.id), label: String(event.name ?? event.id) }));
    case 'obligations':
      return list(['obligations']).map((obligation) => ({ value: String(obligation.id), label: String(obligation.title ?? obligation.id) }));
    case 'recipients':
      return options.recipients.map((recipient) => ({ value: recipient, label: recipientNames[recipient] ?? recipient }));
    case 'unitKinds':
      return options.unitKinds.map((kind) => ({ value: kind, label: kindNames[kind] ?? kind }));
    case 'holidayRules':
      return options.holidayRules.map((rule) => ({ value: rule, label: holidayNames[rule] ?? rule }));
  }
}
