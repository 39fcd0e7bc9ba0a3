/** 活动设计's pages: the drafts and the import form, a notice's review with its 待确认 questions, the editor, versions and their comparison. */
import type { EditorOptions } from '../../app/authoring';
import type { NoticeReview, ReviewQuestion } from '../../app/authoring/notice-review';
import type { DraftRecord, DraftSummary } from '../../store/drafts';
import { Html, html, page, type PageUser } from './html';
import { chineseDateTime } from '../../config/time-format';

const head = html`<link rel="stylesheet" href="/assets/authoring.css">`;
const when = (date: Date) => chineseDateTime(date.toISOString());
const errorsBox = (errors: string[]) => (errors.length > 0 ? html`<div class="error" role="alert"><ul>${errors.map((error) => html`<li>${error}</li>`)}</ul></div>` : '');

export function draftsPage(drafts: DraftSummary[], files: string[], user: PageUser, errors: string[] = []): string {
  const body = html`${errorsBox(errors)}
    <p><a href="/admin">返回活动管理</a></p>
    <h2>导入方案</h2>
    <form method="post" action="/authoring/import" enctype="multipart/form-data" class="card" id="import-form">
      <input type="hidden" name="_csrf" value="${user.csrfToken}">
      <p>上传通知或方案文件（.docx、.txt、带文字层的 .pdf），或直接粘贴通知文字。系统提取草稿：每一项都标出原文出处，无法确定的列为“待确认”，由您确认。</p>
      <label>通知文件 <input type="file" name="notice" accept=".docx,.txt,.pdf"></label>
      <label>或粘贴通知文字<textarea name="text" rows="6"></textarea></label>
      <button type="submit">导入并提取草稿</button>
    </form>
    <form method="post" action="/authoring/drafts" class="card">
      <input type="hidden" name="_csrf" value="${user.csrfToken}">
      <label>或以现有方案文件新建草稿（config/campaigns）<select name="file">${files.map((file) => html`<option>${file}</option>`)}</select></label>
      <button type="submit" class="secondary">新建草稿</button>
    </form>
    <h2>草稿</h2>
    ${drafts.length === 0
      ? html`<p class="muted">还没有草稿</p>`
      : html`<table><thead><tr><th scope="col">方案</th><th scope="col">修订</th><th scope="col">版本数</th><th scope="col">最后保存</th><th scope="col"></th></tr></thead><tbody>
        ${drafts.map((draft) => html`<tr><td><a href="/authoring/drafts/${draft.id}">${draft.title}</a></td><td>${draft.revision}</td><td>${draft.versions}</td>
          <td>${draft.updatedBy} · ${when(draft.updatedAt)}</td><td>${draft.hasNotice ? html`<a href="/authoring/drafts/${draft.id}/import">导入结果</a> · ` : ''}<a href="/authoring/drafts/${draft.id}/versions">版本</a></td></tr>`)}
        </tbody></table>`}`;
  return page('活动设计', body, { user, head });
}

/** The notice's text with every item's words marked; each mark is the anchor `src-<item>`. */
function markedText(review: NoticeReview): Html {
  const spans = review.items.map((item) => ({ id: item.id, start: item.source.start, end: Math.max(item.source.end, item.source.start + 1), review: item.needsReview }));
  const cuts = [...new Set([0, review.text.length, ...spans.flatMap((span) => [span.start, span.end])])].filter((cut) => cut >= 0 && cut <= review.text.length).sort((a, b) => a - b);
  const parts: Html[] = [];
  for (let index = 0; index + 1 < cuts.length; index += 1) {
    const [from, to] = [cuts[index]!, cuts[index + 1]!];
    const covering = spans.filter((span) => span.start <= from && span.end >= to);
    const text = review.text.slice(from, to);
    const anchors = spans.filter((span) => span.start === from).map((span) => html`<a id="src-${span.id}"></a>`);
    parts.push(covering.length === 0 ? html`${anchors}${text}` : html`${anchors}<mark class="${covering.some((span) => span.review) ? 'review' : ''}" title="${covering.map((span) => `#${span.id + 1}`).join(' ')}">${text}</mark>`);
  }
  return html`${parts}`;
}

function questionControl(question: ReviewQuestion, options: EditorOptions, yamlUnits: Array<{ id: string; name: string }>): Html {
  const name = `q${question.index}`;
  const suggestion = question.suggestion as unknown;
  switch (question.control) {
    case 'units': {
      const picked = new Set(Array.isArray(suggestion) ? suggestion.map(String) : []);
      const choices = [...options.groups.map((group) => ({ id: group.id, name: `单位组 ${group.id}（${group.members.length}个单位）` })), ...yamlUnits];
      return html`<span class="choices">${choices.map((choice) => html`<label class="check"><input type="checkbox" name="${name}" value="${choice.id}" ${picked.has(choice.id) ? new Html('checked') : ''}>${choice.name}</label>`)}</span>`;
    }
    case 'unit':
      return html`<select name="${name}" aria-label="${question.about}">${yamlUnits.map((unit) => html`<option value="${unit.id}" ${unit.id === suggestion ? new Html('selected') : ''}>${unit.name}</option>`)}</select>`;
    case 'period': {
      const period = (suggestion ?? {}) as { start?: string; end?: string };
      return html`<input type="date" name="${name}.start" value="${period.start ?? ''}" aria-label="开始"> 至 <input type="date" name="${name}.end" value="${period.end ?? ''}" aria-label="结束">`;
    }
    case 'date': {
      const date = typeof suggestion === 'string' ? suggestion : (suggestion as { date?: string } | undefined)?.date ?? '';
      return html`<input type="date" name="${name}" value="${date}" aria-label="${question.about}">`;
    }
    default: {
      const value = suggestion === undefined ? '' : typeof suggestion === 'string' ? suggestion : JSON.stringify(suggestion);
      return html`<input type="text" name="${name}" value="${value}" size="40" aria-label="${question.about}">`;
    }
  }
}

export function reviewPage(draft: DraftRecord, review: NoticeReview, options: EditorOptions, yamlUnits: Array<{ id: string; name: string }>, user: PageUser, errors: Record<string, string[]> = {}): string {
  const groups = [...new Set(review.items.map((item) => item.group))];
  const answered = review.answeredAt ? html`<p class="notice" role="status">已由${review.answeredBy ?? ''}于${chineseDateTime(review.answeredAt)}确认，草稿已保存为第一个版本。<a href="/authoring/drafts/${draft.id}">打开活动设计</a></p>` : '';
  const body = html`${errorsBox(Object.values(errors).flat())}${answered}
    <p>《${draft.title}》 · 来自${review.fileName ? `文件“${review.fileName}”` : '粘贴的文字'} · 提取 ${review.items.length} 项，${review.questions.length} 项待确认。
      <a href="/authoring">返回草稿列表</a></p>
    <div class="review-grid">
      <div><h2 id="notice-text-title">通知原文（提取处已标出）</h2><div class="notice-text" id="notice-text" tabindex="0" role="region" aria-labelledby="notice-text-title">${markedText(review)}</div></div>
      <div>
        <h2>提取结果</h2>
        ${groups.map((group) => html`<h3>${group}</h3><ol class="items">${review.items.filter((item) => item.group === group).map((item) => html`<li id="item-${item.id}">
          <strong>${item.label}</strong>：${item.value} <a href="#src-${item.id}">原文</a>${item.needsReview ? html` <span class="status s-returned">待确认</span>` : ''}
          ${item.notes.length > 0 ? html`<br><small>${item.notes.join('；')}</small>` : ''}<br><span class="quote">「${item.source.sentence}」</span></li>`)}</ol>`)}
        ${review.unresolvedUnits.length > 0 ? html`<p class="error">单位名录中未找到：${review.unresolvedUnits.join('、')}（请在下列待确认项中为它们选择对应单位）</p>` : ''}
        <h2>待确认（${review.questions.length}）</h2>
        <form method="post" action="/authoring/drafts/${draft.id}/import" id="answers-form">
          <input type="hidden" name="_csrf" value="${user.csrfToken}"><input type="hidden" name="basedOn" value="${draft.revision}">
          ${review.questions.map((question) => html`<div class="question" data-question="${question.index}">
            <p><strong>${question.about}</strong>：${question.question}${question.source ? html` <small class="quote">「${question.source.sentence}」</small>` : ''}</p>
            ${questionControl(question, options, yamlUnits)}
            ${errors[`q${question.index}`] ? html`<div class="field-problems">${errors[`q${question.index}`]!.join('；')}</div>` : ''}</div>`)}
          <p class="muted">约定（可在导入时调整）：${Object.entries(review.conventions).map(([key, value]) => `${key}=${JSON.stringify(value)}`).join('，')}</p>
          <button type="submit">确认并保存草稿</button>
        </form>
      </div>
    </div>`;
  return page('导入方案', body, { user, head });
}

export function editorPage(draft: DraftRecord, options: EditorOptions, user: PageUser): string {
  const data = JSON.stringify({ draftId: draft.id, revision: draft.revision, yaml: draft.yaml, csrfToken: user.csrfToken, options }).replace(/</g, '\\u003c');
  const body = html`
    <div class="editor-bar">
      <strong id="draft-title">${draft.title}</strong>
      <span id="save-status" role="status" aria-live="polite"></span>
      <label class="check">版本说明 <input type="text" id="version-note" size="24"></label>
      <button type="button" id="save-version">保存为版本</button>
      <a href="/authoring/drafts/${draft.id}/versions">版本、比较与启动</a>
      ${draft.notice ? html`<a href="/authoring/drafts/${draft.id}/import">导入结果</a>` : ''}
      <a href="/authoring">草稿列表</a>
    </div>
    <div class="error" id="conflict" hidden><p id="conflict-message"></p>
      <button type="button" id="conflict-load" class="secondary">载入别处保存的版本（放弃本页修改）</button>
      <button type="button" id="conflict-overwrite">以本页内容为准保存</button></div>
    <div class="editor-grid">
      <form id="definition-form" aria-label="活动设计表单" autocomplete="off"></form>
      <div>
        <h2>YAML</h2><div id="yaml-editor"></div>
        <h2>校验</h2><div id="problems"></div>
        <h2>计划预览</h2><div id="preview"></div>
        <h2>邮件预览</h2><div id="templates"></div>
      </div>
    </div>
    <script type="application/json" id="editor-data">${new Html(data)}</script>
    <script src="/assets/editor.js"></script>`;
  return page('活动设计', body, { user, head });
}

export { head as authoringHead, errorsBox };
