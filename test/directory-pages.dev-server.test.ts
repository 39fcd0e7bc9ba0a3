/**
 * 单位名录 in a real headless Chromium against the real stack (dev server, PostgreSQL store), and the
 * same through the API: an
 * administrator adds a unit kind of the directory's own (镇), is refused a built-in one, creates a
 * group and deletes it, downloads the directory's YAML, edits it as a file and imports it as a new
 * version, and gets a located error, with nothing saved, for a file with a mistake. Every save is
 * a version with who, why and what changed.
 */
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { callApi, sessionHeaders } from './support/api-client';
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

describe('the same through the API', () => {
  let admin: Record<string, string>;
  const call = (method: string, url: string, body?: unknown) => callApi(stack.baseUrl, method, url, { headers: admin, ...(body !== undefined ? { body } : {}) });
  const latest = async () => ((await call('GET', '/api/directory')).body.version as { number: number }).number;
  beforeAll(async () => {
    admin = await sessionHeaders(stack.baseUrl, 'admin', passwords.admin);
  });

  it('saves and deletes a group, each a version based on the one before', async () => {
    const basedOn = await latest();
    const saved = await call('POST', '/api/directory/groups/west', { basedOn, note: '西部片区', members: ['xuecheng', 'shanting'] });
    expect(saved).toMatchObject({ status: 200, body: { number: basedOn + 1, note: '西部片区' } });
    expect((await call('GET', '/api/directory')).body.directory).toMatchObject({ groups: { west: ['xuecheng', 'shanting'] } });
    // Based on a version that is no longer the latest: refused, nothing changed.
    expect(await call('DELETE', `/api/directory/groups/west?basedOn=${basedOn}`)).toMatchObject({ status: 409 });
    expect(await call('DELETE', `/api/directory/groups/west?basedOn=${basedOn + 1}`)).toMatchObject({ status: 200, body: { number: basedOn + 2 } });
    expect(await call('DELETE', `/api/directory/groups/west?basedOn=${basedOn + 2}`)).toMatchObject({ status: 404, body: { message: '单位名录中没有分组 west' } });
    // A member the directory does not have.
    const unknown = await call('POST', '/api/directory/groups/east', { basedOn: basedOn + 2, members: ['no-such-unit'] });
    expect(unknown.status).toBe(400);
    expect(JSON.stringify(unknown.body)).toContain('no-such-unit');
  });

  it('saves a unit kind of its own, refuses a built-in one, and imports a file whole', async () => {
    const basedOn = await latest();
    expect(await call('POST', '/api/directory/unit-kinds/district', { basedOn, name: '城区' })).toMatchObject({ status: 400, body: { fieldErrors: { kindId: ['“district”是内置的单位类别（区）'] } } });
    expect(await call('POST', '/api/directory/unit-kinds/street', { basedOn, name: '街道' })).toMatchObject({ status: 200, body: { number: basedOn + 1 } });
    const { text: yaml } = (await callApi(stack.baseUrl, 'GET', `/admin/directory/versions/${basedOn + 1}.yaml`, { headers: admin })).body;
    expect(yaml).toContain('street: 街道');
    const broken = await call('POST', '/api/directory/import', { basedOn: basedOn + 1, fileName: '名录.yaml', yaml: `${yaml!}\nunits: oops\n` });
    expect(broken.status).toBe(400);
    expect(JSON.stringify(broken.body)).toMatch(/名录\.yaml:\d+/);
    const imported = await call('POST', '/api/directory/import', { basedOn: basedOn + 1, note: '再导入', fileName: '名录.yaml', yaml: yaml!.replace('street: 街道', 'street: 街道办事处') });
    expect(imported).toMatchObject({ status: 200, body: { number: basedOn + 2, note: '再导入' } });
    expect((await call('GET', '/api/directory')).body.directory).toMatchObject({ unitKinds: { street: '街道办事处' } });
  });
});
