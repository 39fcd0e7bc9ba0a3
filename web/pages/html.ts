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

export function page(title: string, body: Html, options: { user?: PageUser; head?: Html } = {}): string {
  const { user } = options;
  const navigation = user
    ? html`<nav>
        ${user.role === 'admin' ? html`<a href="/admin">活动管理</a><a href="/admin/directory">单位名录</a><a href="/admin/accounts">账号管理</a>` : ''}
        <a href="/inbox">督办收件箱</a><a href="/account/password">修改密码</a>
        <span class="who">${user.name}（${user.role === 'admin' ? '管理员' : '督办人员'}）</span>
        <form method="post" action="/logout" class="inline"><input type="hidden" name="_csrf" value="${user.csrfToken}"><button>退出</button></form>
      </nav>`
    : '';
  return `<!doctype html>
${html`<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · 活动方案督办</title><link rel="stylesheet" href="/assets/site.css">${options.head ?? ''}</head>
<body><header><strong>活动方案督办</strong>${navigation}</header><main><h1>${title}</h1>${body}</main></body></html>`.value}`;
}

/** 2022-04-15T09:30:00.000Z → 2022-04-15 17:30 (Beijing time, as the plan reads). */
export function localTime(iso: string | undefined): string {
  if (!iso) return '';
  const shifted = new Date(Date.parse(iso) + 8 * 60 * 60 * 1000).toISOString();
  return `${shifted.slice(0, 10)} ${shifted.slice(11, 16)}`;
}

export const stylesheet = `
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", sans-serif; margin: 0; color: #1f2933; background: #f5f7fa; }
header { background: #b71c1c; color: #fff; padding: .6rem 1.2rem; display: flex; gap: 1.5rem; align-items: center; }
header nav { display: flex; gap: 1rem; align-items: center; flex: 1; }
header a { color: #fff; }
header .who { margin-left: auto; }
main { padding: 1rem 1.5rem 3rem; max-width: 1400px; }
h1 { font-size: 1.4rem; } h2 { font-size: 1.15rem; margin-top: 1.8rem; border-bottom: 1px solid #d9e2ec; padding-bottom: .3rem; }
table { border-collapse: collapse; background: #fff; margin: .5rem 0; }
th, td { border: 1px solid #d9e2ec; padding: .3rem .5rem; text-align: left; vertical-align: top; font-size: .9rem; }
th { background: #eef2f7; }
form.inline { display: inline; }
label.choice { display: inline-block; margin: .2rem .8rem .2rem 0; }
fieldset { background: #fff; border: 1px solid #d9e2ec; margin: .6rem 0; }
label { display: block; margin: .4rem 0 .1rem; }
textarea { width: 100%; min-height: 5rem; }
input[type=text], input[type=date], input[type=password], select { padding: .25rem; }
button { background: #b71c1c; color: #fff; border: 0; padding: .35rem .9rem; cursor: pointer; border-radius: 3px; }
button.secondary { background: #52606d; }
.notice { background: #e3f9e5; border: 1px solid #31b237; padding: .5rem .8rem; }
.error { background: #ffeeee; border: 1px solid #cf1124; padding: .5rem .8rem; }
.error ul { margin: .2rem 0; }
.card { background: #fff; border: 1px solid #d9e2ec; padding: .6rem .9rem; margin: .6rem 0; }
.story li { margin: .15rem 0; font-size: .9rem; }
.muted { color: #7b8794; }
.status { display: inline-block; padding: .05rem .4rem; border-radius: 3px; font-size: .85rem; }
.s-open { background: #e4e7eb; } .s-reminded { background: #fff3c4; }
.s-submitted { background: #bae3ff; } .s-accepted, .s-target-met { background: #c1eac5; }
.s-returned { background: #ffe8d9; } .s-waived, .s-cancelled, .s-closed { background: #cbd2d9; }
.s-overdue, .s-awaiting-decision, .s-overdue-1 { background: #ffbdbd; } .s-overdue-2 { background: #ff9b9b; }
.s-overdue-3 { background: #f86a6a; color: #fff; } .s-overdue-4, .s-overdue-5 { background: #ab091e; color: #fff; }
.matrix td { text-align: center; white-space: nowrap; }
.matrix thead th { min-width: 7em; max-width: 10em; font-size: .8rem; }
.matrix tbody th { white-space: nowrap; }
.legend span { margin-right: .4rem; }
`;
