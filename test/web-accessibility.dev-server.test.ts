/**
 * Every page kind in Debian's Chromium against the real stack, as GB/T 37668 (≈ WCAG 2.1 AA) asks:
 * axe-core finds no serious or critical violation on any of them; a unit's form refused for a
 * missing field keeps what was typed and puts the message at the field, the summary naming the
 * task focused; a good submission lands on its notice; the skip link is the first tab stop; the
 * item page and the evaluation fit a 320 px screen; the header never breaks a word. Screenshots of
 * every page kind go to test-artifacts/screenshots/ (and to docs/ with UPDATE_SCREENSHOTS=1).
 */
import { copyFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { type Browser, chromium, type Locator, type Page } from 'playwright-core';
import { loadCampaign } from '../config/definition/load';
import { signUnitToken } from '../app/unit-links';
import { auditPage } from './support/accessibility';
import { linkSecret, passwords, rebaseSoThat, startWebStack, waitFor, type WebStack } from './support/web-stack';

const screenshots = path.resolve(__dirname, '../test-artifacts/screenshots');
const docs = path.resolve(__dirname, '../docs');
const seedFile = 'zaozhuang-2022-ip-protection.yaml';
const campaignId = 'zaozhuang-2022-ip-protection';
let stack: WebStack;
let browser: Browser;

beforeAll(async () => {
  mkdirSync(screenshots, { recursive: true });
  [stack, browser] = await Promise.all([startWebStack('web-accessibility'), chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--no-sandbox'] })]);
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

async function newPage(width = 1280): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height: 900 }, locale: 'zh-CN' });
  return context.newPage();
}

async function clickAndLoad(target: Locator): Promise<void> {
  await Promise.all([target.page().waitForNavigation({ waitUntil: 'load' }), target.click()]);
}

const audited: { kind: string; passes: number; minor: number }[] = [];

/** axe on the page as it is, and its screenshot: every serious or critical violation fails the test. */
async function check(page: Page, kind: string, options: { fullPage?: boolean } = {}): Promise<void> {
  const audit = await auditPage(page);
  audited.push({ kind, passes: audit.passes, minor: audit.minor.length });
  if (audit.minor.length > 0) console.log(`${kind}: moderate or minor: ${audit.minor.join(' | ')}`);
  expect({ kind, serious: audit.serious }).toEqual({ kind, serious: [] });
  const file = path.join(screenshots, `web-${kind}.png`);
  await page.screenshot({ path: file, fullPage: options.fullPage ?? false });
  if (process.env.UPDATE_SCREENSHOTS === '1') copyFileSync(file, path.join(docs, `web-${kind}.png`));
}

/** Whether the page is wider than its viewport (something sticks out sideways). */
const overflowsSideways = (page: Page) =>
  page.evaluate(() => {
    const root = (globalThis as unknown as { document: { documentElement: { scrollWidth: number; clientWidth: number } } }).document.documentElement;
    return root.scrollWidth > root.clientWidth;
  });

const focusedId = (page: Page) => page.evaluate(() => (globalThis as unknown as { document: { activeElement: { id: string } | null } }).document.activeElement?.id ?? '');

/** Through the log-in page, as that person (the login page audited first when asked). */
async function signIn(user: 'admin' | 'supervisor', audit = false): Promise<Page> {
  const page = await newPage();
  await page.goto(`${stack.baseUrl}/login`);
  if (audit) await check(page, 'login');
  await page.getByLabel('用户名').fill(user);
  await page.getByLabel('密码').fill(passwords[user]);
  await clickAndLoad(page.getByRole('button', { name: '登录', exact: true }));
  return page;
}

it('gives every page kind no serious or critical axe violation, and a refused form back as it was typed', async () => {
  const admin = await signIn('admin', true);
  await check(admin, 'admin-home');
  await admin.getByLabel('选择方案文件（config/campaigns）').selectOption(seedFile);
  await clickAndLoad(admin.getByRole('button', { name: '校验并预览', exact: true }));
  await check(admin, 'admin-preview');
  const { plan } = loadCampaign(path.resolve(__dirname, '../config/campaigns', seedFile));
  await admin.getByLabel(/演练/).fill(rebaseSoThat(plan.campaign.period.startsAt, '2022-04-18T09:00:00+08:00', 8_000));
  await clickAndLoad(admin.getByRole('button', { name: '启动活动', exact: true }));
  // The ladder's first step (2022-04-18 09:00) has run: overdue items and notices to show.
  await waitFor(async () => (await admin.request.get(`${stack.baseUrl}/api/inbox?campaign=${campaignId}`)).json() as Promise<{ escalated: unknown[] }>, (inbox) => inbox.escalated.length > 0, 'overdue items', 60_000);
  await admin.goto(`${stack.baseUrl}/admin/campaigns/${campaignId}`);
  expect(await admin.locator('main').innerText()).toMatch(/由 管理员张三 于 2022年4月18日 \d\d:\d\d 启动/);
  // The chart says in words what it draws, its data as a table; its lines differ by dash, not colour alone.
  expect(await admin.locator('#progress-chart').getAttribute('aria-label')).toMatch(/^进度图：截至2022年4月\d+日，累计报送\d+项，累计通过\d+项，累计逾期\d+项$/);
  expect(await admin.locator('figure.chart table tbody tr').count()).toBeGreaterThan(0);
  const dashes = await admin.locator('#progress-chart').evaluate((canvas) => {
    const chart = (globalThis as unknown as { Chart: { getChart(canvas: unknown): { data: { datasets: { borderDash?: number[] }[] } } } }).Chart.getChart(canvas);
    return chart.data.datasets.map((dataset) => JSON.stringify(dataset.borderDash ?? []));
  });
  expect(new Set(dashes).size).toBe(3);
  await check(admin, 'admin-overview', { fullPage: true });
  await clickAndLoad(admin.locator('form:has(input[value=pause]) button'));
  await check(admin, 'admin-confirm');
  await admin.goto(`${stack.baseUrl}/admin/campaigns/${campaignId}/evaluation`);
  expect(await admin.locator('h1').innerText()).toMatch(/阶段性排名（截至 2022年4月18日 \d\d:\d\d）$/);
  // The report sits in the page frame, with the way back to its campaign.
  expect(await admin.getByRole('navigation', { name: '主导航' }).count()).toBe(1);
  expect(await admin.getByRole('link', { name: '← 返回活动总览' }).getAttribute('href')).toBe(`/admin/campaigns/${campaignId}`);
  await check(admin, 'evaluation', { fullPage: true });
  await admin.goto(`${stack.baseUrl}/admin/nowhere`);
  await check(admin, 'error');

  const supervisor = await signIn('supervisor');
  // Campaigns by their titles, not their keys: in the filter and in each row.
  expect(await supervisor.locator('#filter-campaign option').allInnerTexts()).toEqual(['全部', '全市知识产权行政保护能力提升年活动方案']);
  expect(await supervisor.locator('main table').first().innerText()).toContain('全市知识产权行政保护能力提升年活动方案');
  await check(supervisor, 'supervisor-inbox', { fullPage: true });
  const item = `${stack.baseUrl}/campaigns/${campaignId}/units/shanting/obligations/implementation-measures`;
  await supervisor.goto(item);
  // Each 理由 belongs to a fieldset whose legend names its action.
  expect(await supervisor.getByRole('group', { name: '延期' }).getByLabel('理由').count()).toBe(1);
  expect(await supervisor.locator('main').innerText()).toContain('截止 2022年4月15日 17:30');
  await check(supervisor, 'supervisor-item', { fullPage: true });

  // The unit: its page, its form refused for a missing field, then handed in.
  const unit = await newPage();
  const link = `${stack.baseUrl}/unit?token=${encodeURIComponent(signUnitToken({ campaignId, unitId: 'tengzhou' }, linkSecret, Date.now() + 600_000))}`;
  await unit.goto(link);
  expect(await unit.locator('main').innerText()).toContain('方案时间 2022年4月18日');
  // The first tab stop skips a hundred to the content.
  await unit.keyboard.press('Tab');
  expect(await unit.evaluate(() => (globalThis as unknown as { document: { activeElement: { textContent: string } } }).document.activeElement.textContent)).toBe('跳到正文');
  // The app's own focus ring, whatever the browser's default.
  expect(await unit.evaluate(() => {
    const style = (globalThis as unknown as { getComputedStyle(element: unknown): { outlineStyle: string; outlineWidth: string }; document: { activeElement: unknown } }).getComputedStyle((globalThis as unknown as { document: { activeElement: unknown } }).document.activeElement);
    return `${style.outlineStyle} ${style.outlineWidth}`;
  })).toBe('solid 3px');
  await unit.keyboard.press('Enter');
  expect(await focusedId(unit)).toBe('main');
  await check(unit, 'unit-page');
  // Each control names its task: no two "填写报送" or "经过" alike.
  const names = await unit.locator('summary').evaluateAll((summaries) => summaries.map((summary) => summary.getAttribute('aria-label') ?? summary.textContent));
  expect(names).toContain('填写报送：落实措施及实施方案');
  expect(new Set(names).size).toBe(names.length);

  const card = unit.locator('#ob-implementation-measures');
  // Required fields are required in code, and 报送人 is a person's name to the browser's autofill.
  const reporter = card.getByRole('textbox', { name: '报送人', exact: true });
  expect(await reporter.getAttribute('autocomplete')).toBe('name');
  expect(await reporter.getAttribute('required')).not.toBeNull();
  expect(await card.getByRole('textbox', { name: '落实措施', exact: true }).getAttribute('required')).not.toBeNull();
  const typed = '一、成立知识产权保护工作专班。\n二、开展展会知识产权保护。';
  await card.getByRole('textbox', { name: '落实措施', exact: true }).fill(typed);
  // Blanks pass the browser's own `required`, and are still missing: the server says so, at the field.
  await card.getByRole('textbox', { name: '实施方案或工作计划', exact: true }).fill('   ');
  await card.getByRole('textbox', { name: '报送人', exact: true }).fill('滕州市局 王五');
  await clickAndLoad(card.getByRole('button', { name: '提交报送：落实措施及实施方案', exact: true }));
  const refused = unit.locator('#ob-implementation-measures');
  expect(await refused.getByRole('textbox', { name: '落实措施', exact: true }).inputValue()).toBe(typed);
  expect(await refused.getByRole('textbox', { name: '报送人', exact: true }).inputValue()).toBe('滕州市局 王五');
  const missing = refused.getByRole('textbox', { name: '实施方案或工作计划', exact: true });
  expect(await missing.getAttribute('aria-invalid')).toBe('true');
  const describedBy = (await missing.getAttribute('aria-describedby'))!;
  expect(await unit.locator(`#${describedBy}`).innerText()).toBe('错误：请填写“实施方案或工作计划”');
  expect(await refused.locator('details').first().getAttribute('open')).not.toBeNull();
  // The summary at the top names the task, links to the field, and has the focus.
  expect(await focusedId(unit)).toBe('form-errors');
  const summary = unit.locator('#form-errors');
  expect(await summary.innerText()).toContain('“落实措施及实施方案”的报送未能提交');
  expect(await summary.getByRole('link', { name: '实施方案或工作计划：请填写“实施方案或工作计划”' }).getAttribute('href')).toBe(`#${await missing.getAttribute('id')}`);
  await check(unit, 'unit-form-error');

  await missing.fill('见附件实施方案。');
  await clickAndLoad(refused.getByRole('button', { name: '提交报送：落实措施及实施方案', exact: true }));
  // Landed on the notice, in the item's card, in view.
  expect(unit.url()).toMatch(/#done$/);
  expect(await focusedId(unit)).toBe('done');
  const notice = unit.locator('#ob-implementation-measures #done');
  expect(await notice.innerText()).toBe('报送成功，等待审核。');
  const box = (await notice.boundingBox())!;
  expect(box.y).toBeGreaterThanOrEqual(0);
  expect(box.y).toBeLessThan(900);

  // 320 px: the item page and the evaluation fit; the header wraps between its parts, never inside a word.
  const narrow = await newPage(320);
  await narrow.context().addCookies((await supervisor.context().cookies()).map((cookie) => ({ ...cookie })));
  await narrow.goto(item);
  expect(await overflowsSideways(narrow)).toBe(false);
  for (const part of await narrow.locator('header .brand, header nav > *').all()) {
    const height = (await part.boundingBox())!.height;
    expect(height).toBeLessThan(40);
  }
  await check(narrow, 'supervisor-item-320px', { fullPage: true });
  await narrow.context().addCookies((await admin.context().cookies()).map((cookie) => ({ ...cookie })));
  await narrow.goto(`${stack.baseUrl}/admin/campaigns/${campaignId}/evaluation`);
  expect(await overflowsSideways(narrow)).toBe(false);
  expect((await narrow.locator('svg.on-time-chart').boundingBox())!.width).toBeLessThanOrEqual(320);

  console.log(`axe-core: ${audited.length} pages, ${audited.reduce((sum, page) => sum + page.passes, 0)} rule passes, no serious or critical violation; moderate or minor: ${audited.map((page) => `${page.kind} ${page.minor}`).join(', ')}`);
}, 300_000);

it('shows the simulation before launch in the frame, its progress without refreshing the page', async () => {
  const admin = await signIn('admin');
  await admin.getByLabel(/或上传方案/).setInputFiles(path.join(__dirname, 'fixtures/minimal-campaign.yaml'));
  await clickAndLoad(admin.getByRole('button', { name: '上传、校验并预览', exact: true }));
  await clickAndLoad(admin.getByRole('button', { name: '模拟运行', exact: true }));
  expect(await admin.locator('meta[http-equiv=refresh]').count()).toBe(0);
  await check(admin, 'simulation-running');
  await admin.waitForSelector('#simulation-done', { timeout: 150_000 });
  await check(admin, 'simulation');
}, 200_000);

it('gives the authoring pages (drafts, a notice imported for review, the editor, versions and their comparison) no serious or critical axe violation', async () => {
  const admin = await signIn('admin');
  await admin.goto(`${stack.baseUrl}/authoring`);
  await check(admin, 'authoring-drafts');
  await admin.locator('input[name=notice]').setInputFiles(path.resolve(__dirname, '../config/campaigns/zaozhuang-2022-ip-protection.source.txt'));
  await clickAndLoad(admin.getByRole('button', { name: '导入并提取草稿', exact: true }));
  expect(await admin.locator('h1').innerText()).toBe('导入方案');
  // The notice scrolls on its own: a keyboard reaches it (a tab stop with the heading as its name).
  expect(await admin.getByRole('region', { name: '通知原文（提取处已标出）' }).getAttribute('tabindex')).toBe('0');
  await check(admin, 'authoring-review');
  await admin.locator('[data-question="0"] input').fill('zaozhuang-2022-accessibility');
  const unitsOf = admin.locator('.question', { hasText: '任务8「持续打击非正常专利申请和恶意商标注册行为」· 承办单位' });
  await unitsOf.getByLabel(/单位组 districts/).uncheck();
  await unitsOf.getByLabel('知识产权保护科', { exact: true }).check();
  await clickAndLoad(admin.getByRole('button', { name: '确认并保存草稿', exact: true }));
  await admin.locator('#check-status').filter({ hasText: '方案有效' }).waitFor();
  await check(admin, 'authoring-editor');
  // A deadline moved, so that there is a second version to compare with the imported one.
  await admin.locator('details[data-path="obligations.0"] > summary').click();
  await admin.locator('[data-path="obligations.0.due"] input[type=date]').fill('2022-04-22');
  await admin.locator('#save-status').filter({ hasText: '已自动保存' }).waitFor({ timeout: 15_000 });
  await admin.locator('#version-note').fill('落实措施延至4月22日');
  await admin.getByRole('button', { name: '保存为版本', exact: true }).click();
  await admin.locator('#save-status').filter({ hasText: '已保存为版本 2' }).waitFor();
  await admin.goto(admin.url().replace(/\/?$/, '/versions'));
  await check(admin, 'authoring-versions');
  await clickAndLoad(admin.getByRole('button', { name: '比较：对谁有什么变化' }));
  await check(admin, 'authoring-compare', { fullPage: true });
}, 120_000);
