/**
 * The three people's pages in a real headless Chromium (Debian's, through playwright-core)
 * against the real stack: an administrator validates, previews and launches the seed campaign
 * (rebased so that 2022-04-18 09:00, the overdue notices of 落实措施及实施方案, is seconds away);
 * 滕州市 opens the link of its email (read from the SMTP server) and submits with an attachment;
 * a supervisor returns it; 滕州市 resubmits; 山亭区's overdue item is in the supervisor's inbox
 * and the supervisor extends it and criticises the unit; the supervisor issues a supervision notice
 * (督办通知) on 峄城区's overdue item and downloads its DOCX; a script 薛城区 submits stays text on the
 * supervisor's page and never runs. Screenshots go to test-artifacts/.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import JSZip from 'jszip';
import { type Browser, chromium, type Locator, type Page } from 'playwright-core';
import { loadCampaign } from '../config/definition/load';
import { signUnitToken } from '../app/unit-links';
import { linkIn, linkSecret, passwords, rebaseSoThat, startWebStack, waitFor, type WebStack } from './support/web-stack';

const screenshots = path.resolve(__dirname, '../test-artifacts/screenshots');
const seedFile = 'zaozhuang-2022-ip-protection.yaml';
let stack: WebStack;
let browser: Browser;

beforeAll(async () => {
  mkdirSync(screenshots, { recursive: true });
  [stack, browser] = await Promise.all([
    startWebStack('web-browser'),
    chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--no-sandbox'] }),
  ]);
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

async function newPage(): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
  return context.newPage();
}

async function logIn(page: Page, username: 'admin' | 'supervisor'): Promise<void> {
  await page.goto(`${stack.baseUrl}/login`);
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(passwords[username]);
  await clickAndLoad(page.getByRole('button', { name: '登录', exact: true }));
}

/** Clicks what submits a form or follows a link, and waits for the next page to load. */
async function clickAndLoad(target: Locator): Promise<void> {
  await Promise.all([target.page().waitForNavigation({ waitUntil: 'load' }), target.click()]);
}

/** What a person reads in the element (waits for it to be there). */
async function text(target: Locator): Promise<string> {
  return (await target.innerText()).trim();
}

const shot = (page: Page, name: string, fullPage = true) => page.screenshot({ path: path.join(screenshots, `${name}.png`), fullPage });

it('takes a campaign from launch to a supervisor’s action, each person on their own page', async () => {
  // Administrator: pick the seed, see it validated and previewed, launch it as a rehearsal.
  const admin = await newPage();
  await logIn(admin, 'admin');
  expect(await text(admin.locator('h1'))).toBe('活动管理');
  await admin.locator('select[name=file]').selectOption(seedFile);
  await clickAndLoad(admin.getByRole('button', { name: '校验并预览', exact: true }));
  expect(await text(admin.getByRole('status'))).toBe('方案有效：《全市知识产权行政保护能力提升年活动方案》（zaozhuang-2022-ip-protection），193 项任务实例');
  expect(await text(admin.locator('table').first())).toContain('落实措施及实施方案');
  await shot(admin, 'admin-preview', false);
  const { plan } = loadCampaign(path.resolve(__dirname, '../config/campaigns', seedFile));
  await admin.getByLabel(/演练/).fill(rebaseSoThat(plan.campaign.period.startsAt, '2022-04-18T09:00:00+08:00', 8_000));
  await clickAndLoad(admin.getByRole('button', { name: '启动活动', exact: true }));
  expect(await text(admin.getByRole('status'))).toBe('活动已启动。');
  expect(await text(admin.locator('h1'))).toBe('全市知识产权行政保护能力提升年活动方案');
  expect(await text(admin.locator('table.matrix'))).toContain('滕州市市场监督管理局');

  // Unit: the overdue notice's link opens 滕州市's own page, where it submits with an attachment.
  // 滕州市 gets two messages at 09:00 (the overdue notice and a publicity reminder), in either order.
  const notice = await waitFor(
    async () => stack.mail.mailsTo('tengzhou-ip@example.gov.cn').find((mail) => mail.subject.includes('落实措施及实施方案')),
    (mail) => mail !== undefined,
    'the overdue notice to 滕州市',
    40_000,
  );
  expect(notice?.subject).toBe('【逾期提醒】“落实措施及实施方案”已逾期');
  const unit = await newPage();
  await unit.goto(linkIn(notice!.text));
  expect(await text(unit.locator('h1'))).toBe('滕州市市场监督管理局的任务');
  expect(await text(unit.locator('main'))).not.toContain('山亭区');
  const card = unit.locator('#ob-implementation-measures');
  expect(await text(card)).toContain('已逾期');
  await card.getByRole('textbox', { name: '落实措施', exact: true }).fill('一、成立知识产权保护工作专班。\n二、开展展会知识产权保护。');
  await card.getByRole('textbox', { name: '实施方案或工作计划', exact: true }).fill('见附件实施方案。');
  await card.getByRole('textbox', { name: '报送人', exact: true }).fill('滕州市局 王五');
  await card.locator('input[type=file]').setInputFiles({ name: '滕州市实施方案.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4 实施方案') });
  await clickAndLoad(card.getByRole('button', { name: '提交报送：落实措施及实施方案', exact: true }));
  expect(await text(unit.getByRole('status'))).toBe('报送成功，等待审核。');
  expect(await text(unit.locator('#ob-implementation-measures'))).toContain('已报送待审核');
  expect(await text(unit.locator('#ob-implementation-measures'))).toContain('【落实措施】');
  expect(await text(unit.locator('#ob-implementation-measures'))).toContain('附件：滕州市实施方案.pdf');
  await unit.goto(unit.url().split('#')[0]!); // the same page, from its top, for the screenshot
  await shot(unit, 'unit-page', false);

  // Supervisor: the submission waits in the inbox; it is returned with a reason and a new date.
  const supervisor = await newPage();
  await logIn(supervisor, 'supervisor');
  expect(await text(supervisor.locator('h1'))).toBe('督办收件箱');
  const toReview = supervisor.getByRole('table', { name: /^待审核的报送/ });
  expect(await text(toReview)).toContain('滕州市市场监督管理局');
  await clickAndLoad(toReview.getByRole('link', { name: '落实措施及实施方案', exact: true }));
  expect(await text(supervisor.locator('main'))).toContain('滕州市局 王五');
  const attachment = await supervisor.request.get(`${stack.baseUrl}${await supervisor.getByRole('link', { name: '滕州市实施方案.pdf', exact: true }).getAttribute('href')}`);
  expect((await attachment.body()).toString()).toBe('%PDF-1.4 实施方案');
  const returnForm = supervisor.locator('form[data-action=return]');
  await returnForm.getByLabel('新的截止日期').fill('2022-04-25');
  await returnForm.getByLabel(/理由/).fill('请补充实施方案的时间表');
  await clickAndLoad(returnForm.getByRole('button', { name: '退回修改', exact: true }));
  expect(await text(supervisor.getByRole('status'))).toBe('已退回修改。');
  expect(await text(supervisor.locator('ol.story'))).toContain('督办科长李四退回修改：请补充实施方案的时间表');

  // Unit: sees the return and resubmits.
  await unit.goto(linkIn(notice!.text));
  const returned = unit.locator('#ob-implementation-measures');
  expect(await text(returned)).toContain('退回修改');
  expect(await text(returned.locator('legend'))).toBe('重新报送：落实措施及实施方案');
  // What the unit must act on is on the item itself, not in its collapsed story.
  expect(await text(returned.locator('.return-note'))).toMatch(/^退回修改：请补充实施方案的时间表\n+督办科长李四，2022年4月\d+日 \d\d:\d\d；请于 2022年4月25日 17:30 前修改后重新报送。$/);
  await returned.getByRole('textbox', { name: '落实措施', exact: true }).fill('一、成立专班。二、展会保护。三、时间表：4月底前完成。');
  await returned.getByRole('textbox', { name: '实施方案或工作计划', exact: true }).fill('实施方案（含时间表）见附件。');
  await returned.getByRole('textbox', { name: '报送人', exact: true }).fill('滕州市局 王五');
  await clickAndLoad(returned.getByRole('button', { name: '提交报送：落实措施及实施方案', exact: true }));
  expect(await text(unit.getByRole('status'))).toBe('报送成功，等待审核。');

  // Supervisor: 山亭区's overdue item is in the inbox, most severe and oldest first; extend it, criticise the unit.
  await supervisor.goto(`${stack.baseUrl}/inbox?unit=shanting`);
  const escalated = supervisor.getByRole('table', { name: /^逾期和督办事项/ });
  expect(await text(escalated.locator('tbody tr').first())).toContain('落实措施及实施方案');
  expect(await text(escalated)).toContain('山亭区市场监督管理局');
  await supervisor.goto(`${stack.baseUrl}/inbox`);
  await shot(supervisor, 'supervisor-inbox');
  await supervisor.goto(`${stack.baseUrl}/inbox?unit=shanting`);
  await clickAndLoad(escalated.getByRole('link', { name: '落实措施及实施方案', exact: true }).first());
  const extend = supervisor.locator('form[data-action=extend]');
  await extend.getByLabel('新的截止日期').fill('2022-04-29');
  await extend.getByLabel(/理由/).fill('疫情影响，同意延期');
  await clickAndLoad(extend.getByRole('button', { name: '延期', exact: true }));
  expect(await text(supervisor.getByRole('status'))).toBe('已延期。');
  expect(await text(supervisor.locator('main'))).toContain('督办科长李四延期至 2022年4月29日 17:30');
  // Stories read in the campaign's time, with labels, never an instant in UTC or a message key.
  expect(await text(supervisor.locator('ol.story'))).not.toMatch(/\d{4}-\d\d-\d\dT|（[a-z0-9-]+）/);
  const criticize = supervisor.locator('form[data-action=criticize]');
  await criticize.getByLabel(/理由/).fill('落实措施逾期未报');
  await clickAndLoad(criticize.getByRole('button', { name: '通报批评', exact: true }));
  expect(await text(supervisor.getByRole('status'))).toBe('已对该单位通报批评。');
  expect(await text(supervisor.locator('main'))).toContain('撤销通报批评');
  // The bulletin is kept as a DOCX and downloadable from the item's page; it is about the unit as a whole, so its name names no item.
  const bulletin = supervisor.getByRole('link', { name: '通报-山亭区市场监督管理局-2022-04-18.docx', exact: true });
  const download = await supervisor.request.get(new URL((await bulletin.getAttribute('href'))!, stack.baseUrl).toString());
  expect(download.status()).toBe(200);
  expect((await download.body()).subarray(0, 2).toString()).toBe('PK');
  await shot(supervisor, 'supervisor-item');

  // Supervisor: 峄城区's overdue item gets a supervision notice from its page; the notice is a DOCX naming the unit.
  await supervisor.goto(`${stack.baseUrl}/inbox?unit=yicheng`);
  await clickAndLoad(escalated.getByRole('link', { name: '落实措施及实施方案', exact: true }).first());
  const supervise = supervisor.locator('form[data-action=supervise]');
  await supervise.getByLabel('整改期限').fill('2022-04-29');
  await supervise.getByLabel(/理由/).fill('逾期未报送落实措施');
  await clickAndLoad(supervise.getByRole('button', { name: '下发督办通知（限期整改）', exact: true }));
  expect(await text(supervisor.getByRole('status'))).toBe('已下发督办通知（限期整改）。');
  const noticeName = /^督办通知-峄城区市场监督管理局-落实措施及实施方案-2022-04-\d\d\.docx$/;
  await waitFor(
    async () => {
      await supervisor.reload();
      return supervisor.getByRole('link', { name: noticeName }).count();
    },
    (count) => count > 0,
    'the supervision notice DOCX on the item page',
    30_000,
  );
  const noticeLink = supervisor.getByRole('link', { name: noticeName }).first();
  const noticeDownload = await supervisor.request.get(new URL((await noticeLink.getAttribute('href'))!, stack.baseUrl).toString());
  expect(noticeDownload.status()).toBe(200);
  expect(noticeDownload.headers()['content-type']).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
  const documentXml = await (await JSZip.loadAsync(await noticeDownload.body())).file('word/document.xml')!.async('string');
  expect(documentXml).toContain('峄城区市场监督管理局');
  expect(documentXml).toContain('督办通知');
  await shot(supervisor, 'supervisor-notice');

  // Stored script: 薛城区 submits markup; on the supervisor's page it is text, and nothing of it runs.
  const payload = '<script>window.__pwned = "script"; alert(1)</script><img src=x onerror="window.__pwned = \'img\'; alert(2)">';
  const xuecheng = await newPage();
  const dialogs: string[] = [];
  xuecheng.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await xuecheng.goto(`${stack.baseUrl}/unit?token=${encodeURIComponent(signUnitToken({ campaignId: 'zaozhuang-2022-ip-protection', unitId: 'xuecheng' }, linkSecret, Date.now() + 600_000))}`);
  const xuechengCard = xuecheng.locator('#ob-implementation-measures');
  await xuechengCard.getByRole('textbox', { name: '落实措施', exact: true }).fill(payload);
  await xuechengCard.getByRole('textbox', { name: '实施方案或工作计划', exact: true }).fill(payload);
  await xuechengCard.getByRole('textbox', { name: '报送人', exact: true }).fill(payload);
  await clickAndLoad(xuechengCard.getByRole('button', { name: '提交报送：落实措施及实施方案', exact: true }));
  expect(await text(xuecheng.getByRole('status'))).toBe('报送成功，等待审核。');
  expect(await text(xuecheng.locator('#ob-implementation-measures pre'))).toContain(payload);
  supervisor.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await supervisor.goto(`${stack.baseUrl}/campaigns/zaozhuang-2022-ip-protection/units/xuecheng/obligations/implementation-measures`);
  await supervisor.waitForLoadState('load');
  expect(await text(supervisor.locator('main pre'))).toContain(payload);
  expect(await text(supervisor.locator('main'))).toContain(`报送：`);
  expect(await supervisor.locator('main img').count()).toBe(0);
  expect(await supervisor.locator('main script').count()).toBe(0);
  expect(await supervisor.evaluate(() => (globalThis as { __pwned?: string }).__pwned)).toBeUndefined();
  expect(await xuecheng.evaluate(() => (globalThis as { __pwned?: string }).__pwned)).toBeUndefined();
  expect(dialogs).toEqual([]);

  // A refused action says why and changes nothing: accepting an item that waits for no review.
  await supervisor.goto(`${stack.baseUrl}/campaigns/zaozhuang-2022-ip-protection/units/shanting/obligations/implementation-measures`);
  expect(await supervisor.locator('form[data-action=accept]').count()).toBe(0);

  // Administrator: the overview shows the states.
  await admin.goto(`${stack.baseUrl}/admin/campaigns/zaozhuang-2022-ip-protection`);
  expect(await text(admin.locator('table.matrix'))).toContain('已报送待审核');
  // 滕州市's publicity report was reminded at 09:00 and is still open.
  expect(await text(admin.locator('table.matrix tr:has-text("滕州市市场监督管理局")'))).toContain('已提醒');
  expect(await text(admin.locator('#phase'))).toBe('进行中');
  // How long the overview takes for the seed's 193 obligations, and how many stories it had to read (the rest: visibility).
  for (const round of ['first', 'second']) {
    const started = Date.now();
    const answer = await admin.request.get(`${stack.baseUrl}/api/campaigns/zaozhuang-2022-ip-protection`);
    const body = (await answer.json()) as { storiesRead: number; counts: Record<string, number> };
    console.log(`overview (${round} load): ${Date.now() - started} ms, ${Object.values(body.counts).reduce((sum, count) => sum + count, 0)} obligations, ${body.storiesRead} stories read`);
    expect(body.storiesRead).toBeLessThan(193);
  }
  expect(await text(admin.locator('#launched-by'))).toMatch(/^由 管理员张三 于 2022年4月18日 \d\d:\d\d 启动$/);
  // A channel that asks for nothing (信息报送, min 0) is a standing channel from launch, never 已完成.
  expect(await text(admin.locator('table.matrix tr:has-text("滕州市市场监督管理局")'))).toContain('常设渠道');
  // The unit column and the header stay in view while the matrix scrolls.
  const position = (cell: unknown) => (globalThis as unknown as { getComputedStyle(element: unknown): { position: string } }).getComputedStyle(cell).position;
  expect(await admin.locator('table.matrix tbody th').first().evaluate(position)).toBe('sticky');
  expect(await admin.locator('table.matrix thead th').first().evaluate(position)).toBe('sticky');
  await shot(admin, 'admin-overview');
  // Amend from an uploaded file: the confirmation says what will change, each occurrence on its own line.
  const seedText = readFileSync(path.resolve(__dirname, '../config/campaigns', seedFile), 'utf8');
  const amended = seedText.replace(/(\n\s+- id: work-summary[\s\S]*?due: \{ date: )2022-11-11/, (_match, before: string) => `${before}2022-11-18`);
  expect(amended).not.toBe(seedText);
  await admin.locator('#amend-upload input[type=file]').setInputFiles({ name: '修订方案.yaml', mimeType: 'application/x-yaml', buffer: Buffer.from(amended) });
  await clickAndLoad(admin.getByRole('button', { name: '上传并修订…', exact: true }));
  expect(await text(admin.locator('#changes'))).toMatch(/“工作总结”截止时间由 2022-11-11 \S+ 改为 2022-11-18 \S+（\d+ 个单位）/);
  await admin.goto(`${stack.baseUrl}/admin/campaigns/zaozhuang-2022-ip-protection`);
  await clickAndLoad(admin.locator('form:has(input[value=pause]) button'));
  expect(await text(admin.locator('#changes'))).toContain('暂停后，');
  await admin.getByLabel(/理由/).fill('演练结束');
  await clickAndLoad(admin.getByRole('button', { name: '确认暂停', exact: true }));
  expect(await text(admin.getByRole('status'))).toBe('活动已暂停。');
  expect(await text(admin.locator('#phase'))).toBe('已暂停');
});
