/**
 * 活动设计 in the browser (bundled by esbuild as /assets/editor.js): the form and the YAML
 * (CodeMirror 6) kept in sync both ways, the check API's located problems at their fields and as
 * CodeMirror diagnostics, the plan preview updating as the administrator edits, and a draft that
 * is never lost: every change goes to localStorage at once and to the store after a pause, with
 * the revision it was based on; another tab's save is shown as a conflict, never overwritten.
 */
import { basicSetup, EditorView } from 'codemirror';
import { yaml as yamlLanguage } from '@codemirror/lang-yaml';
import { type Diagnostic, lintGutter, setDiagnostics } from '@codemirror/lint';
import { Annotation } from '@codemirror/state';
import type { Document } from 'yaml';
import { parseDefinition, yamlOutput } from './form-model';
import { formSections } from './form-spec';
import { drawForm, type EditorOptions } from './form-view';
import { type CheckResult, drawPreview, drawProblems, drawTemplates, placeProblems } from './preview';

interface EditorData {
  draftId: string;
  revision: number;
  yaml: string;
  csrfToken: string;
  options: EditorOptions;
}

const data = JSON.parse(document.getElementById('editor-data')!.textContent!) as EditorData;
const storageKey = `campaign-draft:${data.draftId}`;
const fromForm = Annotation.define<boolean>();
const byId = (id: string) => document.getElementById(id)!;
const form = byId('definition-form');
const status = byId('save-status');

let revision = data.revision;
let model: Document | undefined;
let savedText = data.yaml;
let inConflict = false;
let saveTimer: ReturnType<typeof setTimeout> | undefined;
let checkTimer: ReturnType<typeof setTimeout> | undefined;
let checkSerial = 0;
const previewState: { month?: string } = {};

const view = new EditorView({
  doc: data.yaml,
  parent: byId('yaml-editor'),
  extensions: [
    basicSetup,
    yamlLanguage(),
    lintGutter(),
    EditorView.lineWrapping,
    // The text area's name for a screen reader (the YAML pane has no visible label of its own).
    EditorView.contentAttributes.of({ 'aria-label': '方案 YAML 文本' }),
    EditorView.updateListener.of((update) => {
      if (!update.docChanged) return;
      const text = update.state.doc.toString();
      remember(text);
      if (!update.transactions.some((transaction) => transaction.annotation(fromForm))) {
        model = parsed(text);
        drawForm(form, formSections, host);
      }
      scheduleCheck();
      scheduleSave();
    }),
  ],
});

// The scroller is a tab stop of its own, so a keyboard can scroll the YAML without editing it.
view.scrollDOM.tabIndex = 0;
view.scrollDOM.setAttribute('aria-label', '方案 YAML（可滚动）');

const host = {
  document: () => model,
  options: data.options,
  changed(redraw: boolean) {
    if (!model) return;
    const text = model.toString(yamlOutput);
    replaceText(text);
    if (redraw) drawForm(form, formSections, host);
  },
};

function parsed(text: string): Document | undefined {
  const document = parseDefinition(text);
  return document.errors.length === 0 ? document : undefined;
}

/** Replaces the editor's text by the form's, as one minimal change (the cursor and scroll stay). */
function replaceText(text: string): void {
  const current = view.state.doc.toString();
  if (current === text) return;
  let start = 0;
  while (start < current.length && current[start] === text[start]) start += 1;
  let end = 0;
  while (end < current.length - start && end < text.length - start && current[current.length - 1 - end] === text[text.length - 1 - end]) end += 1;
  view.dispatch({ changes: { from: start, to: current.length - end, insert: text.slice(start, text.length - end) }, annotations: fromForm.of(true) });
}

function remember(text: string): void {
  try {
    localStorage.setItem(storageKey, JSON.stringify({ yaml: text, basedOn: revision, at: new Date().toISOString() }));
  } catch {
    // A full or disabled storage: the store's autosave still runs.
  }
}

async function call(method: string, url: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(url, { method, headers: { 'content-type': 'application/json', 'x-csrf-token': data.csrfToken }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  return { status: response.status, body: (await response.json().catch(() => ({}))) as Record<string, unknown> };
}

function scheduleCheck(): void {
  clearTimeout(checkTimer);
  checkTimer = setTimeout(() => void check(), 400);
}

async function check(): Promise<void> {
  const serial = ++checkSerial;
  const text = view.state.doc.toString();
  const answer = await call('POST', '/api/authoring/check', { yaml: text }).catch(() => undefined);
  if (!answer || answer.status !== 200 || serial !== checkSerial) return;
  const result = answer.body as unknown as CheckResult;
  drawProblems(byId('problems'), result, goTo);
  placeProblems(form, result.problems);
  drawPreview(byId('preview'), result, previewState);
  drawTemplates(byId('templates'), result);
  view.dispatch(setDiagnostics(view.state, diagnosticsOf(result)));
  document.body.dataset.checked = String(serial);
}

function diagnosticsOf(result: CheckResult): Diagnostic[] {
  const lines = view.state.doc.lines;
  return result.problems.flatMap((problem) => {
    if (problem.line === undefined) return [];
    const line = view.state.doc.line(Math.min(Math.max(problem.line, 1), lines));
    const from = Math.min(line.from + Math.max((problem.column ?? 1) - 1, 0), line.to);
    return [{ from, to: Math.max(from, line.to), severity: problem.severity, message: problem.message }];
  });
}

function goTo(line: number, column: number): void {
  const target = view.state.doc.line(Math.min(Math.max(line, 1), view.state.doc.lines));
  const at = Math.min(target.from + column - 1, target.to);
  view.dispatch({ selection: { anchor: at }, effects: EditorView.scrollIntoView(at, { y: 'center' }) });
  view.focus();
}

function scheduleSave(): void {
  clearTimeout(saveTimer);
  status.textContent = inConflict ? status.textContent : '有未保存的修改…';
  saveTimer = setTimeout(() => void save(), 1000);
}

let saving: Promise<void> | undefined;

/** One save at a time: a second one sent before the first is answered would carry a stale revision. */
async function save(): Promise<void> {
  while (saving) await saving;
  saving = saveNow().finally(() => (saving = undefined));
  return saving;
}

async function saveNow(): Promise<void> {
  if (inConflict) return;
  const text = view.state.doc.toString();
  if (text === savedText) return void (status.textContent = `已保存（修订 ${revision}）`);
  const answer = await call('POST', `/api/authoring/drafts/${data.draftId}/text`, { yaml: text, basedOn: revision }).catch(() => undefined);
  if (!answer || answer.status >= 500) {
    status.textContent = '保存失败（网络或服务器问题），修改已存于本机，稍后自动重试';
    saveTimer = setTimeout(() => void save(), 5000);
    return;
  }
  if (answer.status === 409) return showConflict(String(answer.body.message ?? ''));
  if (answer.status !== 200) return void (status.textContent = `保存被拒绝：${String(answer.body.message ?? answer.status)}`);
  revision = Number(answer.body.revision);
  savedText = text;
  // Edits made while this save was under way are not saved yet: their own save is scheduled,
  // and the status must not claim otherwise.
  if (view.state.doc.toString() !== text) return void remember(view.state.doc.toString());
  localStorage.removeItem(storageKey);
  status.textContent = `已自动保存（修订 ${revision}，${new Date().toLocaleTimeString('zh-CN')}）`;
}

function showConflict(message: string): void {
  inConflict = true;
  status.textContent = '未保存：草稿已在别处修改';
  const banner = byId('conflict');
  banner.hidden = false;
  byId('conflict-message').textContent = `${message}。本页的修改没有覆盖它，已存于本机。`;
}

byId('conflict-load').addEventListener('click', () => void (async () => {
  const answer = await call('GET', `/api/authoring/drafts/${data.draftId}`);
  if (answer.status !== 200) return;
  revision = Number(answer.body.revision);
  savedText = String(answer.body.yaml);
  inConflict = false;
  byId('conflict').hidden = true;
  view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: savedText } });
  localStorage.removeItem(storageKey);
  status.textContent = `已载入修订 ${revision}`;
})());
byId('conflict-overwrite').addEventListener('click', () => void (async () => {
  const answer = await call('GET', `/api/authoring/drafts/${data.draftId}`);
  if (answer.status !== 200) return;
  revision = Number(answer.body.revision);
  inConflict = false;
  byId('conflict').hidden = true;
  await save();
})());

byId('save-version').addEventListener('click', () => void (async () => {
  clearTimeout(saveTimer);
  const note = (byId('version-note') as HTMLInputElement).value;
  const answer = await call('POST', `/api/authoring/drafts/${data.draftId}/versions`, { yaml: view.state.doc.toString(), basedOn: revision, note }).catch(() => undefined);
  if (!answer || answer.status >= 500) return void (status.textContent = '保存版本失败，修改已存于本机，请稍后再试');
  if (answer.status === 409) return showConflict(String(answer.body.message ?? ''));
  if (answer.status !== 200) return void (status.textContent = `保存版本被拒绝：${String(answer.body.message ?? answer.status)}`);
  const version = answer.body.version as { number: number };
  revision = Number(answer.body.revision);
  savedText = view.state.doc.toString();
  localStorage.removeItem(storageKey);
  (byId('version-note') as HTMLInputElement).value = '';
  status.textContent = answer.body.isNew ? `已保存为版本 ${version.number}` : `与版本 ${version.number} 相同，未新建版本`;
})());

/** What this browser kept and the store does not have: offered back, or shown as a conflict. */
function restoreLocal(): void {
  let kept: { yaml?: string; basedOn?: number } | undefined;
  try {
    kept = JSON.parse(localStorage.getItem(storageKey) ?? 'null') as typeof kept;
  } catch {
    kept = undefined;
  }
  if (!kept?.yaml || kept.yaml === data.yaml) return;
  view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: kept.yaml } });
  if (kept.basedOn === revision) status.textContent = '已恢复本机上未保存的修改';
  else showConflict(`本机有基于修订 ${kept.basedOn ?? '?'} 的未保存修改，而草稿已是修订 ${revision}`);
}

model = parsed(data.yaml);
drawForm(form, formSections, host);
restoreLocal();
void check();
status.textContent = status.textContent || `已保存（修订 ${revision}）`;
