/**
 * 活动设计 in a real headless Chromium (Debian's, through playwright-core) against the real stack:
 * an administrator uploads the seed notice, reads each extracted item beside its highlighted words,
 * fixes what the draft could not match (the units of three obligations, the campaign's id), saves;
 * in the editor adds a rule and moves a deadline in the form, sees the YAML, the problems and the
 * plan preview follow, reloads the page without losing anything, saves a version, compares it with
 * the imported one (what changes for whom), and launches it. Screenshots go to test-artifacts/.
 */
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { clickAndLoad, launchChromium, screenshots, textOf as text } from './support/browser';
import { passwords, startWebStack, type WebStack } from './support/web-stack';

const seedNotice = path.resolve(__dirname, '../config/campaigns/zaozhuang-2022-ip-protection.source.txt');
let stack: WebStack;
let browser: Browser;

beforeAll(async () => {
  [stack, browser] = await Promise.all([startWebStack('authoring-browser'), launchChromium()]);
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

const shot = (page: Page, name: string, fullPage = false) => page.screenshot({ path: path.join(screenshots, `${name}.png`), fullPage });

/** The draft as the store holds it (the editor's text is saved after a pause). */
async function storedDraft(page: Page, draftId: string): Promise<{ yaml: string; revision: number }> {
  return (await (await page.request.get(`${stack.baseUrl}/api/authoring/drafts/${draftId}`)).json()) as { yaml: string; revision: number };
}

it('takes an administrator from the seed notice to a launched campaign', async () => {
  const page = await (await browser.newContext({ viewport: { width: 1400, height: 900 }, locale: 'zh-CN' })).newPage();
  const scriptErrors: string[] = [];
  page.on('pageerror', (error) => scriptErrors.push(error.message));
  await page.goto(`${stack.baseUrl}/login`);
  await page.getByLabel('用户名').fill('admin');
  await page.getByLabel('密码').fill(passwords.admin);
  await clickAndLoad(page.getByRole('button', { name: '登录', exact: true }));

  // 导入方案: the seed notice as a file; each item beside its words, highlighted in the notice.
  await page.goto(`${stack.baseUrl}/authoring`);
  await page.locator('input[name=notice]').setInputFiles(seedNotice);
  await clickAndLoad(page.getByRole('button', { name: '导入并提取草稿', exact: true }));
  expect(await text(page.locator('h1'))).toBe('导入方案');
  const items = await text(page.locator('.items').first());
  expect(items).toContain('枣市监知保〔2022〕1号');
  const tasks = await text(page.locator('h3:has-text("任务") + ol'));
  expect(tasks).toContain('截止 2022-04-15');
  expect(tasks).toContain('截止 2022-11-11');
  expect(tasks).toMatch(/全市知识产权行政保护业务培训会：次数 1–2 次/);
  expect(await page.locator('#notice-text mark').count()).toBeGreaterThan(15);
  expect(await text(page.locator('#notice-text mark[title~="#1"]').first())).toContain('关于印发全市知识产权行政保护能力提升年');
  await shot(page, 'authoring-import');

  // Fix what it could not match: the campaign's id, and the units of the three obligations the notice names none for.
  await page.locator('[data-question="0"] input').fill('zaozhuang-2022-draft');
  const unitsOf = (about: string) => page.locator('.question', { hasText: about });
  await unitsOf('任务8「持续打击非正常专利申请和恶意商标注册行为」· 承办单位').getByLabel(/单位组 districts/).uncheck();
  await unitsOf('任务8「持续打击非正常专利申请和恶意商标注册行为」· 承办单位').getByLabel('知识产权保护科', { exact: true }).check();
  await clickAndLoad(page.getByRole('button', { name: '确认并保存草稿', exact: true }));
  expect(await text(page.locator('h1'))).toBe('活动设计');
  const draftId = /\/authoring\/drafts\/([0-9a-f]{16})$/.exec(page.url())![1]!;
  await page.locator('#check-status').filter({ hasText: '方案有效' }).waitFor();
  expect(await text(page.locator('#check-status'))).toMatch(/^方案有效：《全市知识产权行政保护能力提升年活动方案》（zaozhuang-2022-draft），\d+ 项任务实例/);
  expect((await storedDraft(page, draftId)).yaml).toMatch(/assignees: \[ ip-protection-section \] # 已确认：承办单位（通知未写明）/);

  // The editor: add a rule in the form; the YAML follows.
  const rules = page.locator('[data-path="escalation.rules"]');
  await rules.getByRole('button', { name: '添加规则' }).click();
  await page.locator('details[data-path="escalation.rules.0"] > summary').click();
  await page.locator('[data-path="escalation.rules.0.description"] input').fill('两次督办通知的单位，转督办通知');
  await page.locator('[data-path="escalation.rules.0.id"] input').fill('repeated-supervision');
  // A deadline moved in the form: 落实措施 from 15 to 22 April.
  await page.locator('details[data-path="obligations.0"] > summary').click();
  await page.locator('[data-path="obligations.0.due"] input[type=date]').fill('2022-04-22');
  // A mistake shows at its field and in the YAML's gutter, then goes away. The server is held
  // from answering the autosave under way meanwhile: its answer must not be taken for the later
  // edit's, and the next save waits for it rather than sending a stale revision.
  let answerSaves!: () => void;
  const savesHeld = new Promise<void>((resolve) => (answerSaves = resolve));
  let saveSent!: () => void;
  const aSaveIsUnderWay = new Promise<void>((resolve) => (saveSent = resolve));
  await page.route(`**/api/authoring/drafts/${draftId}/text`, async (route) => {
    saveSent();
    await savesHeld;
    await route.continue();
  });
  await page.locator('[data-path="obligations.0.id"] input').fill('Bad Id');
  await page.locator('[data-path="obligations.0.id"] .field-problems').filter({ hasText: '应为' }).waitFor();
  await page.locator('#problems li.error a').first().click();
  await page.locator('.cm-lint-marker-error').first().waitFor();
  await aSaveIsUnderWay;
  await page.locator('[data-path="obligations.0.id"] input').fill('obligation-1');
  await page.locator('#check-status').filter({ hasText: '方案有效' }).waitFor();
  expect(await text(page.locator('#save-status'))).toBe('有未保存的修改…');
  await page.waitForTimeout(1_500); // past the autosave's 1 s pause: the next save falls due while the first is unanswered
  answerSaves();
  await page.locator('#save-status').filter({ hasText: '已自动保存' }).waitFor({ timeout: 15_000 });
  await page.unroute(`**/api/authoring/drafts/${draftId}/text`);
  const saved = await storedDraft(page, draftId);
  expect(saved.yaml).toMatch(/rules:\n\s+- id: repeated-supervision\n\s+description: 两次督办通知的单位，转督办通知\n\s+when:\n\s+">=":\n\s+- var: record.supervisionNotices\n\s+- 2\n\s+escalateTo: supervision-notice/);
  expect(saved.yaml).toMatch(/- id: obligation-1 # 「请区（市）局分别于2022年4月15日和11月11日前/);
  expect(saved.yaml).toContain('due: { date: 2022-04-22 }');

  // The preview: the month calendar and the timeline show the moved deadline.
  await page.locator('#calendar-month').selectOption('2022-04');
  expect(await text(page.locator('table.calendar td[data-date="2022-04-22"]'))).toContain('截止 落实措施');
  expect(await text(page.locator('table.timeline'))).toContain('2022-04-22 17:30');
  expect(await page.locator('.mail[data-template=reminder] summary').innerText()).toContain('【提醒】请于2022年4月22日 17:30前报送“落实措施”');
  await shot(page, 'authoring-editor');

  // Nothing is lost on a reload: the text comes back from the store.
  await page.reload();
  await page.locator('#check-status').filter({ hasText: '方案有效' }).waitFor();
  expect(await page.locator('[data-path="escalation.rules.0.id"] input').inputValue()).toBe('repeated-supervision');

  // Save as a version, compare it with the imported one: what changes for whom.
  await page.locator('#version-note').fill('增加督办规则，落实措施延至4月22日');
  await page.getByRole('button', { name: '保存为版本', exact: true }).click();
  await page.locator('#save-status').filter({ hasText: '已保存为版本 2' }).waitFor();
  await page.goto(`${stack.baseUrl}/authoring/drafts/${draftId}/versions`);
  expect(await text(page.locator('#versions tbody tr').first())).toContain('增加督办规则');
  await clickAndLoad(page.getByRole('button', { name: '比较：对谁有什么变化' }));
  expect(await text(page.locator('#summary'))).toContain('“落实措施”截止时间由 2022-04-15 17:30 改为 2022-04-22 17:30（7 个单位）');
  expect(await text(page.locator('[data-section="规则"]'))).toContain('新增规则“repeated-supervision”（两次督办通知的单位，转督办通知）');
  expect(await text(page.locator('#by-unit'))).toContain('滕州市市场监督管理局');
  await shot(page, 'authoring-compare', true);

  // Launch version 2 as a rehearsal; the campaign runs it, and the version says so.
  await page.goto(`${stack.baseUrl}/authoring/drafts/${draftId}/versions`);
  await page.locator('#launch-form select[name=version]').selectOption({ label: '版本 2（zaozhuang-2022-draft）' });
  await page.locator('#launch-form input[name=rebaseTo]').fill('now');
  await clickAndLoad(page.getByRole('button', { name: '以此版本启动活动' }));
  expect(await text(page.getByRole('status'))).toBe('活动已启动。');
  expect(await text(page.locator('h1'))).toBe('全市知识产权行政保护能力提升年活动方案');
  const description = await stack.env.client.workflow.getHandle('campaign/zaozhuang-2022-draft').describe();
  expect(description.memo?.definitionVersion).toMatchObject({ draftId, number: 2 });
  await page.goto(`${stack.baseUrl}/authoring/drafts/${draftId}/versions`);
  expect(await text(page.locator('#versions tbody tr').first())).toContain('启动 zaozhuang-2022-draft');
  expect(scriptErrors).toEqual([]);
}, 180_000);
