/**
 * The editor's right-hand panels below the YAML: the problems (each a link to its line), the plan
 * preview as a timeline and a month calendar, and each message template rendered as it will be
 * sent. Filled from the check API's answer (app/authoring/check.ts).
 */
import type { CheckedProblem, CheckResult } from '../../contracts/authoring';

export type { CheckResult } from '../../contracts/authoring';
function element<K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Record<string, string> = {}, ...children: Array<Node | string>): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  node.append(...children);
  return node;
}

/** The problems list; `goTo` moves the YAML editor to a line. */
export function drawProblems(container: HTMLElement, result: CheckResult, goTo: (line: number, column: number) => void): void {
  const errors = result.problems.filter((problem) => problem.severity === 'error');
  container.replaceChildren(
    element('p', { class: result.valid ? 'notice' : 'error', id: 'check-status', role: 'status' }, result.valid ? `方案有效：《${result.title ?? ''}》（${result.campaignId ?? ''}），${result.instances ?? 0} 项任务实例${result.problems.length > 0 ? `，${result.problems.length} 条提示` : ''}` : `方案有 ${errors.length} 处错误`),
  );
  if (result.problems.length === 0) return;
  const list = element('ul', { class: 'problems' });
  for (const problem of result.problems) {
    const item = element('li', { class: problem.severity });
    if (problem.line !== undefined) {
      const link = element('a', { href: '#' }, `第 ${problem.line} 行`);
      link.addEventListener('click', (event) => {
        event.preventDefault();
        goTo(problem.line!, problem.column ?? 1);
      });
      item.append(link, '：');
    } else if (problem.file) item.append(`${problem.file}：`);
    item.append(problem.message);
    list.append(item);
  }
  container.append(list);
}

/** Puts each problem under the form field it concerns (the nearest field whose path leads to it). */
export function placeProblems(form: HTMLElement, problems: CheckedProblem[]): void {
  for (const slot of form.querySelectorAll('.field-problems')) slot.textContent = '';
  for (const field of form.querySelectorAll('.has-problem')) field.classList.remove('has-problem');
  for (const problem of problems) {
    for (let depth = problem.path.length; depth > 0; depth -= 1) {
      const field = form.querySelector<HTMLElement>(`[data-path="${CSS.escape(problem.path.slice(0, depth).join('.'))}"]`);
      if (!field) continue;
      const slot = field.querySelector(':scope > .field-problems') ?? field.querySelector('.field-problems');
      if (slot) slot.textContent = `${slot.textContent ? `${slot.textContent}；` : ''}${problem.message}`;
      field.classList.add('has-problem');
      field.closest('details.item')?.setAttribute('open', '');
      break;
    }
  }
}

/** The timeline table and a month calendar with the plan's moments, one month at a time. */
export function drawPreview(container: HTMLElement, result: CheckResult, state: { month?: string }): void {
  container.replaceChildren();
  const moments = result.moments ?? [];
  if (!result.valid) {
    container.append(element('p', { class: 'muted' }, '方案有错误时不能预览计划；改正后这里会立即更新。'));
    return;
  }
  const months = [...new Set(moments.map((moment) => moment.date.slice(0, 7)))].sort();
  const month = state.month && months.includes(state.month) ? state.month : months[0];
  if (month) {
    state.month = month;
    const select = element('select', { 'aria-label': '月份', id: 'calendar-month' });
    for (const candidate of months) select.append(element('option', { value: candidate, ...(candidate === month ? { selected: '' } : {}) }, candidate));
    select.addEventListener('change', () => drawPreview(container, result, { ...state, month: (state.month = select.value) }));
    container.append(element('h3', {}, '月历 ', select), monthCalendar(month, moments.filter((moment) => moment.date.startsWith(month))));
  }
  const table = element('table', { class: 'timeline' }, element('thead', {}, element('tr', {}, ...['时间', '事项', '节点', '单位'].map((name) => element('th', { scope: 'col' }, name)))));
  const body = element('tbody');
  for (const moment of moments) body.append(element('tr', { class: `m-${moment.kind}` }, ...[moment.local + (moment.provisional ? '（暂定）' : ''), moment.obligation, moment.what, moment.units].map((text) => element('td', {}, text))));
  table.append(body);
  container.append(element('h3', {}, `时间线（${moments.length}）`), table);
}

function monthCalendar(month: string, moments: NonNullable<CheckResult['moments']>): HTMLElement {
  const [year, monthNumber] = month.split('-').map(Number) as [number, number];
  const first = new Date(Date.UTC(year, monthNumber - 1, 1));
  const days = new Date(Date.UTC(year, monthNumber, 0)).getUTCDate();
  const table = element('table', { class: 'calendar' }, element('thead', {}, element('tr', {}, ...['一', '二', '三', '四', '五', '六', '日'].map((day) => element('th', { scope: 'col' }, day)))));
  const body = element('tbody');
  let row = element('tr');
  const lead = (first.getUTCDay() + 6) % 7;
  for (let index = 0; index < lead; index += 1) row.append(element('td', { class: 'empty' }));
  for (let day = 1; day <= days; day += 1) {
    const date = `${month}-${String(day).padStart(2, '0')}`;
    const cell = element('td', { 'data-date': date }, element('span', { class: 'day' }, String(day)));
    for (const moment of moments.filter((candidate) => candidate.date === date)) {
      cell.append(element('div', { class: `m-${moment.kind}`, title: `${moment.local} ${moment.obligation} ${moment.what} ${moment.units}` }, `${moment.kind === 'deadline' ? '截止' : moment.kind === 'reminder' ? '提醒' : '督办'} ${moment.obligation}`));
    }
    row.append(cell);
    if ((lead + day) % 7 === 0) {
      body.append(row);
      row = element('tr');
    }
  }
  if (row.childElementCount > 0) body.append(row);
  table.append(body);
  return table;
}

/** Each template as the email will read, for the plan's first unit and obligation; HTML in a sandboxed frame. */
export function drawTemplates(container: HTMLElement, result: CheckResult): void {
  container.replaceChildren();
  for (const template of result.templates ?? []) {
    const frame = element('iframe', { sandbox: '', title: `${template.id} 的 HTML 预览`, class: 'mail-html' });
    frame.srcdoc = `<!doctype html><meta charset="utf-8"><body style="font-family: sans-serif">${template.html}</body>`;
    container.append(element('details', { class: 'mail', 'data-template': template.id }, element('summary', {}, `${template.id}：${template.subject}`), element('pre', {}, template.text), frame));
  }
}
