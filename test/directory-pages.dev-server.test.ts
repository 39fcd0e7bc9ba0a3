/**
 * 单位名录 in a real headless Chromium against the real stack (dev server, PostgreSQL store): an
 * administrator adds a unit kind of the directory's own (镇), is refused a built-in one, creates a
 * group and deletes it, downloads the directory's YAML, edits it as a file and imports it as a new
 * version, and gets a located error, with nothing saved, for a file with a mistake. Every save is
 * a version with who, why and what changed.
 */
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { clickAndLoad, launchChromium, screenshots, textOf as text } from './support/browser';
import { passwords, startWebStack, type WebStack } from './support/web-stack';

let stack: WebStack;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  [stack, browser] = await Promise.all([startWebStack('directory-pages'), launchChromium()]);
  page = await (await browser.newContext({ viewport: { width: 1300, height: 900 }, locale: 'zh-CN' })).newPage();
  await page.goto(`${stack.baseUrl}/login`);
  await page.getByLabel('用户名').fill('admin');
  await page.getByLabel('密码').fill(passwords.admin);
  await clickAndLoad(page.getByRole('button', { name: '登录', exact: true }));
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

const version = async () => Number(await text(page.locator('#directory-version')));
const latestChanges = () => text(page.locator('#versions tbody tr').first());

it('adds a unit kind of the directory’s own and refuses to redefine a built-in one', async () => {
  await page.goto(`${stack.baseUrl}/admin/directory`);
  const before = await version();
  const form = page.locator('#unit-kind-form');
  await form.getByLabel(/类别编号/).fill('district');
  await form.getByLabel('类别名称').fill('城区');
  await clickAndLoad(form.getByRole('button', { name: '保存类别' }));
  expect(await text(page.locator('.error'))).toBe('“district”是内置的单位类别（区）');
  expect(await version()).toBe(before);

  await form.getByLabel(/类别编号/).fill('town');
  await form.getByLabel('类别名称').fill('镇');
  await form.getByLabel('修改说明（随版本保存）').fill('增加乡镇一级');
  await clickAndLoad(form.getByRole('button', { name: '保存类别' }));
  expect(await text(page.locator('.notice'))).toBe('单位名录已保存为新版本。');
  expect(await version()).toBe(before + 1);
  expect(await text(page.locator('#unit-kinds tr[data-kind="town"]'))).toMatch(/town\s+镇\s+本名录/);
  expect(await latestChanges()).toContain('增加乡镇一级');
  // The new kind is offered on a unit's form.
  await page.goto(`${stack.baseUrl}/admin/directory/units/new`);
  expect(await page.locator('select[name=kind] option[value=town]').innerText()).toBe('镇（town）');
});

it('creates a group and deletes it, each a version of its own', async () => {
  await page.goto(`${stack.baseUrl}/admin/directory`);
  const before = await version();
  const form = page.locator('#group-form');
  await form.getByLabel(/分组编号/).fill('pilot-counties');
  await form.getByLabel('滕州市市场监督管理局').check();
  await form.getByLabel('山亭区市场监督管理局').check();
  await clickAndLoad(form.getByRole('button', { name: '保存分组' }));
  expect(await text(page.locator('#groups tr[data-group="pilot-counties"]'))).toContain('山亭区市场监督管理局、滕州市市场监督管理局');
  expect(await version()).toBe(before + 1);

  await clickAndLoad(page.getByRole('button', { name: '删除分组 pilot-counties' }));
  expect(await text(page.locator('.notice'))).toBe('单位名录已保存为新版本。');
  expect(await page.locator('#groups tr[data-group="pilot-counties"]').count()).toBe(0);
  expect(await version()).toBe(before + 2);
  expect(await latestChanges()).toContain('pilot-counties');
  // A group a definition names cannot be lost by accident: districts is still there.
  expect(await page.locator('#groups tr[data-group="districts"]').count()).toBe(1);
});

it('imports an edited download as a new version, and refuses a file with a mistake at its line', async () => {
  await page.goto(`${stack.baseUrl}/admin/directory`);
  const before = await version();
  const downloaded = await (await page.request.get(`${stack.baseUrl}/admin/directory/versions/${before}.yaml`)).text();
  expect(downloaded).toContain(`单位名录 版本 ${before}`);
  const form = page.locator('#import-form');

  // A contact's address that is no address: refused where it is, and nothing saved.
  const broken = downloaded.replace('scjgbhk@zz.shandong.cn', 'scjgbhk-at-zz.shandong.cn');
  expect(broken).not.toBe(downloaded);
  const brokenLine = broken.split('\n').findIndex((line) => line.includes('scjgbhk-at-zz')) + 1;
  await form.locator('input[type=file]').setInputFiles({ name: '单位名录.yaml', mimeType: 'application/yaml', buffer: Buffer.from(broken) });
  await clickAndLoad(form.getByRole('button', { name: '导入为新版本' }));
  const error = await text(page.locator('.error'));
  expect(error).toContain(`单位名录.yaml:${brokenLine}`);
  expect(error).toContain('电子邮箱');
  expect(await version()).toBe(before);

  // 滕州 renamed in the file: imported as the next version, the change listed.
  const edited = downloaded.replace('name: 滕州市市场监督管理局', 'name: 滕州市市场监督管理局（试点）');
  await form.locator('input[type=file]').setInputFiles({ name: '单位名录.yaml', mimeType: 'application/yaml', buffer: Buffer.from(edited) });
  await form.getByLabel('修改说明（随版本保存）').fill('滕州列为试点');
  await clickAndLoad(form.getByRole('button', { name: '导入为新版本' }));
  expect(await text(page.locator('.notice'))).toBe('名录文件已导入为新版本。');
  expect(await version()).toBe(before + 1);
  expect(await text(page.locator('tr[data-unit="tengzhou"]'))).toContain('滕州市市场监督管理局（试点）');
  expect(await latestChanges()).toMatch(/滕州列为试点[\s\S]*滕州市市场监督管理局（试点）/);
  await page.screenshot({ path: path.join(screenshots, 'directory-import.png'), fullPage: true });
});
