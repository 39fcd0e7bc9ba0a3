/**
 * The editor's browser code, bundled by esbuild from web/client/editor.ts into memory once per
 * server (started when the routes are registered, served as /assets/editor.js), and the authoring
 * pages' own stylesheet. Same-origin scripts only: the pages carry their data in JSON blocks.
 */
import path from 'node:path';
import { build } from 'esbuild';

let bundle: Promise<string> | undefined;

/** The bundled editor (CodeMirror 6, yaml, the form), built on first call and kept. */
export function editorBundle(): Promise<string> {
  bundle ??= build({
    entryPoints: [path.join(__dirname, '../client/editor.ts')],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
    minify: true,
    legalComments: 'none',
    logLevel: 'silent',
  }).then((result) => result.outputFiles[0]!.text);
  return bundle;
}

export const authoringStylesheet = `
.editor-bar { display: flex; gap: .8rem; align-items: center; flex-wrap: wrap; background: #fff; border: 1px solid #d9e2ec; padding: .5rem .8rem; position: sticky; top: 0; z-index: 5; }
.editor-grid { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 1rem; align-items: start; }
#definition-form { max-height: 80vh; overflow-y: auto; padding-right: .5rem; }
#yaml-editor .cm-editor { height: 55vh; border: 1px solid #d9e2ec; background: #fff; font-size: .85rem; }
details.section { background: #fff; border: 1px solid #d9e2ec; margin: .4rem 0; padding: .3rem .6rem; }
details.section > summary { font-weight: bold; cursor: pointer; }
details.item { border-left: 3px solid #d9e2ec; margin: .3rem 0 .3rem .3rem; padding-left: .5rem; }
details.item > summary { cursor: pointer; }
.item-tools { margin: .3rem 0 .3rem .6rem; }
.field { margin: .3rem 0; }
.field .label { display: inline-block; min-width: 7em; color: #334e68; margin-right: .4rem; }
.field input[type=text] { width: 22em; max-width: 100%; }
.field textarea { min-height: 3rem; }
.field input.short, .field input[type=number] { width: 6em; }
.choices { display: inline-flex; flex-wrap: wrap; gap: .2rem .8rem; }
label.check { display: inline-flex; gap: .2rem; align-items: center; margin: 0; }
.field-problems { color: #cf1124; font-size: .85rem; }
.has-problem > label, .has-problem > .list > .label { outline: 2px solid #f29b9b; }
button.small { padding: .15rem .5rem; font-size: .8rem; }
ul.problems li.warning { color: #8d6708; } ul.problems li.error { color: #cf1124; }
table.calendar { width: 100%; table-layout: fixed; } table.calendar td { height: 4.2rem; font-size: .72rem; overflow: hidden; }
table.calendar .day { font-weight: bold; } table.calendar td.empty { background: #f5f7fa; }
.m-deadline { background: #ffe3e3; } .m-reminder { background: #fff3c4; } .m-escalation { background: #e9d8fd; }
table.timeline { font-size: .8rem; } iframe.mail-html { width: 100%; height: 14rem; border: 1px solid #d9e2ec; background: #fff; }
.notice-text { white-space: pre-wrap; background: #fff; border: 1px solid #d9e2ec; padding: .8rem; max-height: 80vh; overflow-y: auto; line-height: 1.7; }
.notice-text mark { background: #fff3c4; } .notice-text mark.review { background: #ffd8a8; }
.review-grid { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 1rem; align-items: start; }
.items li { margin: .3rem 0; } .items .quote { color: #52606d; font-size: .85rem; }
.question { background: #fff; border: 1px solid #f0b429; padding: .5rem .8rem; margin: .5rem 0; }
.changes li { margin: .2rem 0; }
`;
