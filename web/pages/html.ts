/**
 * Server-rendered pages: a tagged template that escapes every value unless it is already
 * {@link Html}, and the page frame with its small stylesheet. No front-end build: the pages are
 * forms and tables; the one chart loads Chart.js from node_modules.
 */
import { escapeHtml } from '../../activities/messages';

export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

type Value = Html | string | number | boolean | null | undefined | Value[];

function render(value: Value): string {
  if (value === null || value === undefined || value === false || value === true) return '';
  if (value instanceof Html) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(String(value));
}

export function html(strings: TemplateStringsArray, ...values: Value[]): Html {
  return new Html(strings.reduce((out, text, index) => out + text + (index < values.length ? render(values[index]!) : ''), ''));
}

export interface PageUser {
  name: string;
  role: 'admin' | 'supervisor';
  csrfToken: string;
}

/**
 * The page frame: a skip link to the content (a unit's page has a hundred tab stops before it), the
 * header with the person's way around, and the content as the page's main landmark.
 */
export function page(title: string, body: Html, options: { user?: PageUser; head?: Html } = {}): string {
  const { user } = options;
  const navigation = user
    ? html`<nav aria-label="主导航">
        ${user.role === 'admin' ? html`<a href="/admin">活动管理</a><a href="/admin/directory">单位名录</a><a href="/admin/accounts">账号管理</a>` : ''}
        <a href="/inbox">督办收件箱</a><a href="/account/password">修改密码</a>
        <span class="who">${user.name}（${user.role === 'admin' ? '管理员' : '督办人员'}）</span>
        <form method="post" action="/logout" class="inline"><input type="hidden" name="_csrf" value="${user.csrfToken}"><button>退出</button></form>
      </nav>`
    : '';
  return `<!doctype html>
${html`<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · 活动方案督办</title><link rel="stylesheet" href="/assets/site.css">${options.head ?? ''}</head>
<body><a class="skip-link" href="#main">跳到正文</a><header><span class="brand">活动方案督办</span>${navigation}</header>
<main id="main" tabindex="-1"><h1>${title}</h1>${body}</main></body></html>`.value}`;
}

/** A notice after an action (post/redirect/get) and a refusal's reasons: the first thing a screen reader hears. */
export function messages(message?: { done?: string; errors?: string[] }): Html {
  return html`${message?.done ? html`<p class="notice" role="status" id="done" tabindex="-1">${message.done}</p>` : ''}
    ${message?.errors?.length ? html`<div class="error" role="alert"><ul>${message.errors.map((error) => html`<li>${error}</li>`)}</ul></div>` : ''}`;
}

/**
 * Colours meet WCAG 2.1 AA (GB/T 37668): text 4.5:1 at least on its background (.muted #52606d on
 * the page's #f5f7fa is 6.0:1; white on the level-3 chip #b3261e 6.5:1); overdue levels differ by
 * their words (逾期·督办3级) as well as colour. Every control shows the app's own focus ring.
 */
export const stylesheet = `
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", sans-serif; margin: 0; color: #1f2933; background: #f5f7fa; overflow-wrap: anywhere; }
.skip-link { position: absolute; left: -10000px; top: .4rem; background: #fff; color: #1f2933; padding: .4rem .8rem; z-index: 10; }
.skip-link:focus { left: .6rem; }
:focus-visible { outline: 3px solid #1f5fa8; outline-offset: 2px; }
header :focus-visible { outline-color: #fff; }
main:focus { outline: none; }
header { background: #b71c1c; color: #fff; padding: .6rem 1.2rem; display: flex; flex-wrap: wrap; gap: .4rem 1.5rem; align-items: center; }
header .brand { font-weight: bold; white-space: nowrap; }
header nav { display: flex; flex-wrap: wrap; gap: .4rem 1rem; align-items: center; flex: 1; }
header nav > * { white-space: nowrap; }
header a { color: #fff; }
header .who { margin-left: auto; }
header button { background: #fff; color: #b71c1c; }
main { padding: 1rem 1.5rem 3rem; max-width: 1400px; }
h1 { font-size: 1.4rem; } h2 { font-size: 1.15rem; margin-top: 1.8rem; border-bottom: 1px solid #d9e2ec; padding-bottom: .3rem; }
table { border-collapse: collapse; background: #fff; margin: .5rem 0; }
.scroll { overflow-x: auto; max-width: 100%; }
th, td { border: 1px solid #d9e2ec; padding: .3rem .5rem; text-align: left; vertical-align: top; font-size: .9rem; }
th { background: #eef2f7; }
form.inline { display: inline; }
td > form.inline button { white-space: nowrap; }
label.choice { display: inline-block; margin: .2rem .8rem .2rem 0; }
fieldset { background: #fff; border: 1px solid #d9e2ec; margin: .6rem 0; min-width: 0; }
legend { font-weight: bold; }
label { display: block; margin: .4rem 0 .1rem; }
textarea { width: 100%; min-height: 5rem; box-sizing: border-box; }
input[type=text], input[type=date], input[type=password], select { padding: .25rem; max-width: 100%; box-sizing: border-box; }
input[type=file] { max-width: 100%; }
pre { white-space: pre-wrap; overflow-wrap: anywhere; }
button { background: #b71c1c; color: #fff; border: 0; padding: .35rem .9rem; cursor: pointer; border-radius: 3px; }
button.secondary { background: #52606d; }
.notice { background: #e3f9e5; border: 1px solid #31b237; padding: .5rem .8rem; }
.error { background: #ffeeee; border: 1px solid #cf1124; padding: .5rem .8rem; }
.error ul { margin: .2rem 0; }
.error a { color: #9b0d1c; }
.field-error { color: #9b0d1c; margin: .1rem 0 .3rem; }
[aria-invalid=true] { border: 2px solid #cf1124; }
.return-note { background: #fff4e5; border-left: 4px solid #c65d00; padding: .5rem .8rem; margin: .5rem 0; }
.card { background: #fff; border: 1px solid #d9e2ec; padding: .6rem .9rem; margin: .6rem 0; }
.story li { margin: .15rem 0; font-size: .9rem; }
.muted { color: #52606d; }
.status { display: inline-block; padding: .05rem .4rem; border-radius: 3px; font-size: .85rem; color: #1f2933; }
.s-open { background: #e4e7eb; } .s-reminded { background: #fff3c4; } .s-standing { background: #d9ecff; } .s-ongoing { background: #dff3e4; } .s-not-started { background: #eef0f2; }
.s-submitted { background: #bae3ff; } .s-accepted, .s-target-met { background: #c1eac5; }
.s-returned { background: #ffe8d9; } .s-waived, .s-cancelled, .s-closed { background: #cbd2d9; }
.s-overdue, .s-awaiting-decision, .s-overdue-1 { background: #ffbdbd; } .s-overdue-2 { background: #ff9b9b; }
.s-overdue-3 { background: #b3261e; color: #fff; } .s-overdue-4, .s-overdue-5 { background: #7f0b16; color: #fff; }
.matrix-scroll { overflow: auto; max-height: 80vh; max-width: 100%; border: 1px solid #d9e2ec; }
.matrix { margin: 0; }
.matrix td { text-align: center; white-space: nowrap; }
.matrix thead th { min-width: 7em; max-width: 10em; font-size: .8rem; position: sticky; top: 0; z-index: 2; }
.matrix tbody th { white-space: nowrap; position: sticky; left: 0; z-index: 1; background: #eef2f7; }
.matrix thead th:first-child { left: 0; z-index: 3; }
.legend span { margin-right: .4rem; }
.required-note { font-size: .85rem; }
figure.chart { margin: 0; max-width: 100%; }
figure.chart canvas, svg { max-width: 100%; height: auto; }
@media (max-width: 480px) { main { padding: .8rem .6rem 2rem; } header { padding: .5rem .6rem; } }
`;
