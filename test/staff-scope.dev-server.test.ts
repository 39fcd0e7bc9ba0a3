/**
 * A county's supervisor sees the county's items only, against the real stack and in a real
 * headless Chromium (Debian's, through playwright-core): an administrator edits 滕州's contacts in
 * 单位名录, creates a supervisor scoped to 滕州 in 账号管理; that supervisor logs in and finds only
 * 滕州's items in the inbox. Then every staff endpoint of the OpenAPI document is tried with that
 * supervisor's session on 薛城 (outside the scope): "not found", in the words of what does not
 * exist, or 403 where only administrators may go. Disabling the account ends its session.
 * Screenshots go to test-artifacts/screenshots (copied to docs/).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { type Answer, callApi, type CallOptions, sessionHeaders } from './support/api-client';
import { clickAndLoad, launchChromium, screenshots, textOf as text } from './support/browser';
import { loadCampaign } from '../config/definition/load';
import { signUnitToken } from '../app/unit-links';
import { linkSecret, passwords, rebaseSoThat, startWebStack, waitFor, type WebStack } from './support/web-stack';

const fixture = path.join(__dirname, 'fixtures/minimal-campaign.yaml');
const scopedPassword = 'tengzhou-password-1';
let stack: WebStack;
let browser: Browser;

const call = (method: string, url: string, options?: CallOptions): Promise<Answer> => callApi(stack.baseUrl, method, url, options);
const logIn = (username: string, password: string): Promise<Record<string, string>> => sessionHeaders(stack.baseUrl, username, password);
const unitHeaders = (unitId: string) => ({ authorization: `Bearer ${signUnitToken({ campaignId: 'minimal', unitId }, linkSecret, Date.now() + 3600_000)}` });
type Inbox = { escalated: { unitId: string; obligationId: string }[]; toReview: unknown[] };

let admin: Record<string, string>;
let supervisor: Record<string, string>;
const plan = loadCampaign(fixture).plan;
const tengzhouItems = plan.instances.filter((instance) => instance.unitId === 'tengzhou').length;

beforeAll(async () => {
  [stack, browser] = await Promise.all([startWebStack('staff-scope'), launchChromium()]);
  [admin, supervisor] = await Promise.all([logIn('admin', passwords.admin), logIn('supervisor', passwords.supervisor)]);
  // The minimal campaign (滕州 and 薛城), launched so that the plan's clock reads 20 April: 落实措施 (due 15 April) is overdue for both.
  const upload = await call('POST', '/api/definitions', { headers: admin, body: { fileName: 'minimal.yaml', source: readFileSync(fixture, 'utf8') } });
  const launched = await call('POST', '/api/campaigns', { headers: admin, body: { ...upload.body, rebaseTo: rebaseSoThat(plan.campaign.period.startsAt, '2022-04-20T09:00:00+08:00', 0) } });
  expect(launched.body).toMatchObject({ campaignId: 'minimal', alreadyLaunched: false });
  const units = (inbox: Inbox) => new Set(inbox.escalated.map((item) => item.unitId));
  await waitFor(async () => (await call('GET', '/api/inbox', { headers: supervisor })).body as unknown as Inbox, (inbox) => units(inbox).has('tengzhou') && units(inbox).has('xuecheng'), 'both units overdue in the inbox', 60_000);
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

const shot = (page: Page, name: string) => page.screenshot({ path: path.join(screenshots, `${name}.png`), fullPage: true });
async function browserLogIn(username: string, password: string): Promise<Page> {
  const page = await (await browser.newContext({ viewport: { width: 1300, height: 900 }, locale: 'zh-CN' })).newPage();
  await page.goto(`${stack.baseUrl}/login`);
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(password);
  await clickAndLoad(page.getByRole('button', { name: '登录', exact: true }));
  return page;
}

it('has an administrator add a contact and create a supervisor scoped to 滕州, who then sees only 滕州’s items', async () => {
  const page = await browserLogIn('admin', passwords.admin);
  // 单位名录: 滕州 gets a third contact; the save is version 2, with what it changed.
  await page.goto(`${stack.baseUrl}/admin/directory/units/tengzhou`);
  await page.getByLabel('联系人3姓名').fill('王五');
  await page.getByLabel('联系人3职务').fill('督办联络员');
  await page.getByLabel('联系人3电子邮箱').fill('not-an-email');
  await page.getByLabel('联系人3电话').fill('0632-5510003');
  await page.locator('#unit-form').getByLabel('修改说明（随版本保存）').fill('增加督办联络员');
  await clickAndLoad(page.getByRole('button', { name: '保存单位', exact: true }));
  expect(await text(page.locator('.error'))).toContain('联系人 3 电子邮箱');
  await page.getByLabel('联系人3电子邮箱').fill('wangwu@tengzhou.example.gov.cn');
  await page.locator('#unit-form').getByLabel('修改说明（随版本保存）').fill('增加督办联络员');
  await clickAndLoad(page.getByRole('button', { name: '保存单位', exact: true }));
  expect(await text(page.locator('#directory-version'))).toBe('2');
  expect(await text(page.locator('tr[data-unit="tengzhou"]'))).toContain('王五（督办联络员） wangwu@tengzhou.example.gov.cn 0632-5510003');
  expect(await text(page.locator('#versions tbody tr').first())).toMatch(/管理员张三[\s\S]*增加督办联络员[\s\S]*修改单位 滕州市市场监督管理局（tengzhou）：联系人（新增或修改 王五，督办联络员）/);
  await shot(page, 'directory');

  // 账号管理: a supervisor whose scope is 滕州.
  await page.goto(`${stack.baseUrl}/admin/accounts`);
  const form = page.locator('#new-account');
  await form.locator('input[name=username]').fill('tengzhou-lead');
  await form.locator('input[name=name]').fill('滕州督办王五');
  await form.locator('select[name=role]').selectOption('supervisor');
  await form.locator('input[name=password]').fill(scopedPassword);
  await form.locator('input[name=scope][value=tengzhou]').check();
  await clickAndLoad(form.getByRole('button', { name: '创建账号' }));
  expect(await text(page.locator('.notice'))).toBe('账号已创建。');
  expect(await text(page.locator('tr[data-username="tengzhou-lead"]'))).toMatch(/滕州督办王五\s+督办人员\s+滕州市市场监督管理局\s+可用/);
  await shot(page, 'accounts');

  // The scoped supervisor: 滕州's items only; 薛城's item page is "not found", as a missing one.
  const scoped = await browserLogIn('tengzhou-lead', scopedPassword);
  await scoped.goto(`${stack.baseUrl}/inbox`);
  const inbox = await text(scoped.locator('main'));
  expect(inbox).toContain('滕州市市场监督管理局');
  expect(inbox).not.toContain('薛城区市场监督管理局');
  await shot(scoped, 'scoped-inbox');
  const hidden = await scoped.goto(`${stack.baseUrl}/campaigns/minimal/units/xuecheng/obligations/measures`);
  expect(hidden!.status()).toBe(404);
  expect(await text(scoped.locator('.error'))).toBe('活动 minimal 中没有单位 xuecheng 的任务 measures');
  const overview = await scoped.goto(`${stack.baseUrl}/admin/campaigns/minimal`);
  expect(overview!.status()).toBe(200);
  expect(await text(scoped.locator('main'))).not.toContain('薛城区');
  // Its figures are 滕州's; the administrators' controls are not offered.
  expect(await text(scoped.locator('main p').first())).toContain(`已启动 ${tengzhouItems}/${tengzhouItems} 项任务`);
  expect(await scoped.getByRole('heading', { name: '活动控制' }).count()).toBe(0);
  await page.goto(`${stack.baseUrl}/admin/campaigns/minimal`);
  expect(await page.getByRole('heading', { name: '活动控制' }).count()).toBe(1);
  expect((await scoped.goto(`${stack.baseUrl}/admin/accounts`))!.status()).toBe(403);
}, 120_000);

describe('every staff endpoint, with the session of a supervisor scoped to 滕州', () => {
  let scoped: Record<string, string>;
  let keys: string[];
  beforeAll(async () => {
    scoped = await logIn('tengzhou-lead', scopedPassword);
    const document = (await call('GET', '/api/openapi.json')).body as { paths: Record<string, Record<string, { security?: Record<string, unknown>[] }>> };
    // Staff endpoints: a session's, and the attachments that a session also reads.
    keys = Object.entries(document.paths).flatMap(([template, methods]) =>
      Object.entries(methods)
        .filter(([, operation]) => operation.security && ('session' in operation.security[0]! || template === '/api/attachments/{attachmentId}'))
        .map(([method]) => `${method.toUpperCase()} ${template}`),
    );
  });

  const adminOnly = (key: string) => /^(POST \/api\/campaigns$|POST \/api\/definitions|\w+ \/api\/directory|\w+ \/api\/accounts|\w+ \/api\/authoring\/|\w+ \/api\/simulations|POST \/api\/campaigns\/\{campaignId\}\/control)/.test(key);
  const item = (unitId: string) => `/api/campaigns/minimal/units/${unitId}/obligations/measures`;
  /** Each scoped endpoint: what the supervisor gets outside the scope, and inside it. */
  const scopedCases: Record<string, () => Promise<void>> = {
    'GET /api/inbox': async () => {
      const inbox = (await call('GET', '/api/inbox', { headers: scoped })).body as unknown as Inbox;
      expect(new Set(inbox.escalated.map((entry) => entry.unitId))).toEqual(new Set(['tengzhou']));
      expect((await call('GET', '/api/inbox?unit=xuecheng', { headers: scoped })).body).toMatchObject({ escalated: [], toReview: [], campaigns: [] });
    },
    'GET /api/campaigns/{campaignId}/units/{unitId}/obligations/{obligationId}': async () => {
      expect(await call('GET', item('xuecheng'), { headers: scoped })).toMatchObject({ status: 404, body: { message: '活动 minimal 中没有单位 xuecheng 的任务 measures' } });
      expect(await call('GET', item('nowhere'), { headers: supervisor })).toMatchObject({ status: 404, body: { message: '活动 minimal 中没有单位 nowhere 的任务 measures' } });
      expect(await call('GET', item('tengzhou'), { headers: scoped })).toMatchObject({ status: 200, body: { unitId: 'tengzhou' } });
    },
    'POST /api/campaigns/{campaignId}/units/{unitId}/obligations/{obligationId}/actions': async () => {
      expect(await call('POST', `${item('xuecheng')}/actions`, { headers: scoped, body: { action: 'waive', reason: '越权免除' } })).toMatchObject({ status: 404 });
      expect((await call('GET', item('xuecheng'), { headers: supervisor })).body).toMatchObject({ status: 'overdue' });
    },
    'POST /api/campaigns/{campaignId}/units/{unitId}/actions': async () => {
      expect(await call('POST', '/api/campaigns/minimal/units/xuecheng/actions', { headers: scoped, body: { action: 'praise', reason: '越权表扬' } })).toMatchObject({ status: 404, body: { message: '活动 minimal 中没有单位 xuecheng' } });
      expect(await call('POST', '/api/campaigns/minimal/units/tengzhou/actions', { headers: scoped, body: { action: 'praise', reason: '按时整改' } })).toMatchObject({ status: 200, body: { praises: 1 } });
    },
    'GET /api/campaigns/{campaignId}/units/{unitId}/notices/{fileName}': async () => {
      // 薛城's notice exists; outside the scope it is answered as one that does not: nothing to learn from it.
      await stack.store.notices.save({ campaignId: 'minimal', unitId: 'xuecheng', fileName: '督办通知.docx', content: Buffer.from('PK 薛城督办通知') });
      const url = (unitId: string) => `/api/campaigns/minimal/units/${unitId}/notices/${encodeURIComponent('督办通知.docx')}`;
      const outside = await call('GET', url('xuecheng'), { headers: scoped });
      const missing = await call('GET', url('tengzhou'), { headers: scoped });
      expect(outside).toMatchObject({ status: 404 });
      expect(outside.body.message).toBe(missing.body.message);
      expect((await call('GET', url('xuecheng'), { headers: supervisor })).status).toBe(200);
    },
    'GET /api/attachments/{attachmentId}': async () => {
      const form = new FormData();
      form.append('files', new Blob([Buffer.from('%PDF-1.4 薛城 措施')]), '薛城措施.pdf');
      const uploaded = await call('POST', '/api/unit/attachments', { headers: unitHeaders('xuecheng'), form });
      const [attachment] = uploaded.body.attachments as { id: string }[];
      expect(await call('GET', `/api/attachments/${attachment!.id}`, { headers: scoped })).toMatchObject({ status: 404 });
      expect(await call('GET', `/api/attachments/${attachment!.id}`, { headers: supervisor })).toMatchObject({ status: 200 });
    },
    'GET /api/campaigns': async () => {
      type Listed = { campaignId: string; progress: { launched: number; total: number } }[];
      const listed = (await call('GET', '/api/campaigns', { headers: scoped })).body.campaigns as Listed;
      expect(listed.map((campaign) => campaign.campaignId)).toEqual(['minimal']);
      // Progress counted over 滕州's items, not the campaign's.
      expect(listed[0]!.progress).toMatchObject({ launched: tengzhouItems, total: tengzhouItems });
      expect(((await call('GET', '/api/campaigns', { headers: supervisor })).body.campaigns as Listed)[0]!.progress).toMatchObject({ total: plan.instances.length });
    },
    'GET /api/campaigns/{campaignId}': async () => {
      const overview = await call('GET', '/api/campaigns/minimal', { headers: scoped });
      expect(overview.body.units).toEqual([{ id: 'tengzhou', name: '滕州市市场监督管理局' }]);
      expect(Object.keys(overview.body.matrix as object)).toEqual(['tengzhou']);
      expect(overview.body.progress).toMatchObject({ launched: tengzhouItems, total: tengzhouItems });
      const counted = Object.values(overview.body.counts as Record<string, number>).reduce((total, count) => total + count, 0);
      expect(counted).toBe(tengzhouItems);
      expect(((await call('GET', '/api/campaigns/minimal', { headers: supervisor })).body.units as unknown[]).length).toBe(2);
    },
    'GET /api/campaigns/{campaignId}/evaluation/{format}': async () => {
      const csv = await call('GET', '/api/campaigns/minimal/evaluation/csv', { headers: scoped });
      expect(csv.status).toBe(200);
      expect(csv.body.text).toContain('滕州市市场监督管理局');
      expect(csv.body.text).not.toContain('薛城区市场监督管理局');
      expect((await call('GET', '/api/campaigns/minimal/evaluation/csv', { headers: supervisor })).body.text).toContain('薛城区市场监督管理局');
    },
  };

  /** A person's own: no unit in it. */
  const ownCases: Record<string, () => Promise<void>> = {
    'POST /api/account/password': async () => {
      expect(await call('POST', '/api/account/password', { headers: scoped, body: { currentPassword: 'wrong-password', newPassword: 'new-password-333' } })).toMatchObject({ status: 400, body: { fieldErrors: { currentPassword: ['当前密码不正确'] } } });
    },
  };

  it('names each one: scoped, own, or for administrators only', async () => {
    expect(keys.filter((key) => !adminOnly(key) && !(key in scopedCases) && !(key in ownCases))).toEqual([]);
    for (const check of Object.values(ownCases)) await check();
    expect(Object.keys(scopedCases).filter((key) => !keys.includes(key))).toEqual([]);
  });

  it.each(Object.keys(scopedCases))('%s keeps to the scope', async (key) => {
    await scopedCases[key]!();
  });

  it('refuses every administrators’ endpoint with 403', async () => {
    const filled = (template: string) => template.replace(/\{(\w+)\}/g, (_match, name: string) => ({ campaignId: 'minimal', draftId: '0'.repeat(16), versionId: '1', otherId: '2', simulationId: 'x' })[name] ?? 'x');
    const answers = await Promise.all(keys.filter(adminOnly).map(async (key) => {
      const [method, template] = key.split(' ') as [string, string];
      return `${key} → ${(await call(method, filled(template), { headers: scoped, ...(method === 'GET' ? {} : { body: {} }) })).status}`;
    }));
    expect(answers.filter((answer) => !answer.endsWith('→ 403'))).toEqual([]);
  });
});

it('ends the scoped supervisor’s sessions when an administrator disables the account', async () => {
  const scoped = await logIn('tengzhou-lead', scopedPassword);
  expect((await call('GET', '/api/inbox', { headers: scoped })).status).toBe(200);
  const page = await browserLogIn('admin', passwords.admin);
  await page.goto(`${stack.baseUrl}/admin/accounts`);
  await page.locator('tr[data-username="tengzhou-lead"] summary').click();
  await clickAndLoad(page.locator('tr[data-username="tengzhou-lead"]').getByRole('button', { name: /停用账号/ }));
  expect(await text(page.locator('.notice'))).toBe('账号已停用，其所有登录已失效。');
  expect(await call('GET', '/api/inbox', { headers: scoped })).toMatchObject({ status: 401 });
  expect(await call('POST', '/api/session', { body: { username: 'tengzhou-lead', password: scopedPassword } })).toMatchObject({ status: 401, body: { message: '此账号已停用，请联系管理员' } });

  // The same through the JSON API: the account as the page left it, enabled again with a group's scope.
  const listed = (await call('GET', '/api/accounts', { headers: admin })).body.accounts as { username: string }[];
  expect(listed.find((entry) => entry.username === 'tengzhou-lead')).toMatchObject({ isDisabled: true, scope: ['tengzhou'], updatedBy: '管理员张三' });
  expect(await call('POST', '/api/accounts/tengzhou-lead', { headers: admin, body: { isDisabled: false, scope: ['districts'] } })).toMatchObject({ status: 200, body: { isDisabled: false, scope: ['districts'], sessionsEnded: 0 } });
  const again = await logIn('tengzhou-lead', scopedPassword);
  const units = new Set(((await call('GET', '/api/inbox', { headers: again })).body.escalated as { unitId: string }[]).map((entry) => entry.unitId));
  expect(units).toEqual(new Set(['tengzhou', 'xuecheng']));
  expect((await call('GET', '/api/directory', { headers: admin })).body).toMatchObject({ version: { number: 2, note: '增加督办联络员' } });
  const town = { name: '荆河街道市场监管所', kind: 'zone', parent: 'tengzhou', contacts: [{ name: '赵所长', phone: '5510009' }] };
  expect(await call('POST', '/api/directory/units/tengzhou-jinghe', { headers: admin, body: { basedOn: 1, unit: town } })).toMatchObject({ status: 409, body: { message: expect.stringContaining('已由管理员张三于') } });
  expect(await call('POST', '/api/directory/units/tengzhou-jinghe', { headers: admin, body: { basedOn: 2, note: '新增街道所', unit: town } })).toMatchObject({
    status: 200,
    body: { number: 3, changes: ['新增单位：荆河街道市场监管所（tengzhou-jinghe）'] },
  });
}, 60_000);
