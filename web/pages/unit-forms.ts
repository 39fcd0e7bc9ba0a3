/**
 * A unit's two forms (submit a report; report one occurrence of a count obligation) and what
 * happens when one is refused: the page comes back with every typed value, the form open, each
 * message at its field (aria-invalid, aria-describedby) and a summary at the top that names the
 * task and links to each field, focused so that a screen reader reads it first.
 */
import type { FieldErrors } from '../../app/errors';
import type { UnitObligation } from '../../app/views';
import { type Html, html } from './html';

/** A refused unit form: what was typed (by the form's field names), and what is wrong where. */
export interface FormFailure {
  obligationId: string;
  kind: 'submit' | 'report';
  values: Record<string, string>;
  fieldErrors: FieldErrors;
  /** Files the browser sent: a page cannot give them back, so the summary asks for them again. */
  filesSent: number;
}

export interface FormControl {
  id: string;
  label: string;
}

/** The id of the card of an obligation, and the prefix of its controls' ids. */
export function anchorOf(obligationId: string): string {
  return `ob-${obligationId.replace(/[^a-z0-9-]/g, '-')}`;
}

/** The control a field error belongs to; undefined for what no field holds (the form as a whole). */
export function controlOf(item: UnitObligation, kind: FormFailure['kind'], key: string): FormControl | undefined {
  const anchor = anchorOf(item.obligationId);
  if (kind === 'submit') {
    if (key.startsWith('fields.')) {
      const field = item.fields.find((candidate) => candidate.id === key.slice('fields.'.length));
      return field ? { id: `${anchor}-${field.id}`, label: field.label } : undefined;
    }
    if (key === 'submittedBy') return { id: `${anchor}-by`, label: '报送人' };
    if (key === 'attachments' || key === 'files') return { id: `${anchor}-files`, label: '附件' };
    return undefined;
  }
  if (key === 'date') return { id: `${anchor}-date`, label: '日期' };
  if (key === 'reportedBy') return { id: `${anchor}-reporter`, label: '报告人' };
  if (key === 'attachments' || key === 'files') return { id: `${anchor}-evidence-files`, label: '附件' };
  if (key === 'evidence' || key.startsWith('evidence.')) {
    const index = key === 'evidence' ? 0 : item.evidence.indexOf(key.slice('evidence.'.length));
    return index >= 0 ? { id: `${anchor}-evidence-${index}`, label: item.evidence[index]! } : undefined;
  }
  return undefined;
}

/** The summary at the top of the page: which task, and a link to each field to correct. */
export function failureSummary(item: UnitObligation, failure: FormFailure): Html {
  const entries = Object.entries(failure.fieldErrors).flatMap(([key, messages]) => messages.map((message) => ({ control: controlOf(item, failure.kind, key), message })));
  const what = failure.kind === 'submit' ? '报送' : '报告';
  return html`<div class="error" role="alert" id="form-errors" tabindex="-1" autofocus>
    <p><strong>“${item.title}”的${what}未能提交</strong>，请修改以下 ${entries.length} 处后重新提交（已填写的内容已保留${failure.filesSent > 0 ? '，附件需重新选择' : ''}）：</p>
    <ul>${entries.map(({ control, message }) => html`<li>${control ? html`<a href="#${control.id}">${control.label}：${message}</a>` : message}</li>`)}</ul>
  </div>`;
}

/** A control's error state: the messages shown above it and the attributes that tie them to it. */
function errorState(id: string, messages: string[] | undefined): { message: Html | string; attributes: Html | string } {
  if (!messages?.length) return { message: '', attributes: '' };
  return {
    message: html`<p class="field-error" id="${id}-error">错误：${messages.join('；')}</p>`,
    attributes: html`aria-invalid="true" aria-describedby="${id}-error"`,
  };
}

/** Messages by control id, for a failure of this form of this item. */
function errorsById(item: UnitObligation, kind: FormFailure['kind'], failure: FormFailure | undefined): Map<string, string[]> {
  const byId = new Map<string, string[]>();
  if (!failure || failure.obligationId !== item.obligationId || failure.kind !== kind) return byId;
  for (const [key, messages] of Object.entries(failure.fieldErrors)) {
    const control = controlOf(item, kind, key);
    if (control) byId.set(control.id, [...(byId.get(control.id) ?? []), ...messages]);
  }
  return byId;
}

const required = html`<span aria-hidden="true"> *</span>`;

/** What a form of this item shows: whether it was the refused one, the value typed into a field, each control's error state. */
function formState(item: UnitObligation, kind: FormFailure['kind'], failure: FormFailure | undefined) {
  const isRefused = failure?.obligationId === item.obligationId && failure.kind === kind;
  const errors = errorsById(item, kind, failure);
  return {
    anchor: anchorOf(item.obligationId),
    isRefused,
    value: (name: string) => (isRefused ? (failure.values[name] ?? '') : ''),
    state: (id: string) => errorState(id, errors.get(id)),
  };
}

/** The submission form of one item, open when it is due or was refused, with what was typed. */
export function submissionForm(item: UnitObligation, tokenQuery: string, failure?: FormFailure): Html {
  const { anchor, isRefused, value, state } = formState(item, 'submit', failure);
  const limits = item.attachmentLimits;
  const isOpen = isRefused || item.group !== 'open' || item.status === 'returned';
  const by = state(`${anchor}-by`);
  const files = state(`${anchor}-files`);
  return html`<details ${isOpen ? 'open' : ''}><summary aria-label="填写报送：${item.title}">填写报送</summary>
    <form method="post" enctype="multipart/form-data" action="/unit/submit?${tokenQuery}&obligation=${encodeURIComponent(item.obligationId)}">
    <fieldset><legend>${item.status === 'returned' ? '重新报送' : '报送'}：${item.title}</legend>
    <p class="muted required-note">带 * 的为必填项。</p>
    ${item.fields.map((field) => {
      const id = `${anchor}-${field.id}`;
      const control = state(id);
      return html`<label for="${id}">${field.label}${field.required ? required : ''}</label>${control.message}
        <textarea id="${id}" name="field.${field.id}" ${field.required ? 'required' : ''} ${field.maxLength ? html`maxlength="${field.maxLength}"` : ''} ${control.attributes}>${value(`field.${field.id}`)}</textarea>`;
    })}
    <label for="${anchor}-by">报送人${required}</label>${by.message}
    <input type="text" id="${anchor}-by" name="submittedBy" autocomplete="name" required value="${value('submittedBy')}" ${by.attributes}>
    <label for="${anchor}-files">附件（最多 ${limits.maxCount} 个，每个不超过 ${Math.round(limits.maxBytes / 1024 / 1024)} MB；${limits.types.join('、')}）</label>${files.message}
    <input type="file" id="${anchor}-files" name="files" multiple ${files.attributes}>
    <p><button type="submit" aria-label="提交报送：${item.title}">提交报送</button></p></fieldset></form></details>`;
}

/** The form of a count obligation: one occurrence (a meeting held) with the definition's evidence. */
export function occurrenceForm(item: UnitObligation, tokenQuery: string, failure?: FormFailure): Html {
  const { anchor, isRefused, value, state } = formState(item, 'report', failure);
  const limits = item.attachmentLimits;
  const date = state(`${anchor}-date`);
  const reporter = state(`${anchor}-reporter`);
  const files = state(`${anchor}-evidence-files`);
  return html`<details ${isRefused || item.group !== 'open' ? 'open' : ''}><summary aria-label="报告一次：${item.title}">报告一次</summary>
    <form method="post" enctype="multipart/form-data" action="/unit/report?${tokenQuery}&obligation=${encodeURIComponent(item.obligationId)}">
    <fieldset><legend>报告一次：${item.title}</legend>
    <p class="muted required-note">带 * 的为必填项；佐证材料至少填写一项。</p>
    <label for="${anchor}-date">日期${required}</label>${date.message}
    <input type="date" id="${anchor}-date" name="date" required value="${value('date')}" ${date.attributes}>
    ${item.evidence.map((label, index) => {
      const evidence = state(`${anchor}-evidence-${index}`);
      return html`<label for="${anchor}-evidence-${index}">${label}</label>${evidence.message}
        <textarea id="${anchor}-evidence-${index}" name="evidence.${label}" ${evidence.attributes}>${value(`evidence.${label}`)}</textarea>`;
    })}
    <label for="${anchor}-reporter">报告人${required}</label>${reporter.message}
    <input type="text" id="${anchor}-reporter" name="reportedBy" autocomplete="name" required value="${value('reportedBy')}" ${reporter.attributes}>
    <label for="${anchor}-evidence-files">附件（最多 ${limits.maxCount} 个）</label>${files.message}
    <input type="file" id="${anchor}-evidence-files" name="files" multiple ${files.attributes}>
    <p><button type="submit" aria-label="提交报告：${item.title}">提交报告</button></p></fieldset></form></details>`;
}
