/**
 * `npm run demo:obligation` shows the real path, against the real stack (dev server, worker, SMTP
 * on loopback, web server): its generated campaign is launched as an administrator launches one;
 * its two reminders say which they are; their HTML carries a clickable link that opens the unit's
 * working page; once the item is overdue, the supervisor's inbox, the API and `campaign inbox`
 * list it under its campaign's names (this is what answered 404 "没有找到活动 demo-…" before).
 */
import path from 'node:path';
import { createApplication } from '../app';
import { startDemo } from '../cli/demo-obligation';
import { cliOn, passwords, startWebStack, waitFor, type WebStack } from './support/web-stack';

let stack: WebStack;
beforeAll(async () => {
  stack = await startWebStack('demo-obligation');
}, 60_000);
afterAll(async () => {
  await stack?.stop();
});

it('launches a real campaign whose emails link to a working page, and whose overdue item the inbox lists', async () => {
  const app = createApplication({ client: stack.env.client, store: stack.store, dataDir: stack.dataDir, configDir: path.resolve(__dirname, '../config'), taskQueue: stack.taskQueue, maxUploadMb: 1 });
  // A deadline 130–190 s away: reminders 2 and 1 minute before it, the overdue notice 20 s after.
  const demo = await startDemo({ app, taskQueue: stack.taskQueue, dueInMs: 130_000, email: 'demo@example.gov.cn' });
  expect(demo.campaignId).toMatch(/^demo-\d{14}$/);

  const [first, second] = await stack.mail.waitForMails('demo@example.gov.cn', 2, 200_000);
  expect([first!.subject, second!.subject]).toEqual([expect.stringMatching(/^【提醒·截止前2分钟】请于\d{4}年\d{1,2}月\d{1,2}日 \d\d:\d\d前报送“落实措施”$/), expect.stringMatching(/^【提醒·截止前1分钟】/)]);
  const href = /<a href="([^"]+)">/.exec(first!.html)?.[1];
  expect(href).toMatch(new RegExp(`^${stack.baseUrl}/unit\\?token=`));
  const page = await fetch(href!.replace(/&amp;/g, '&'));
  expect(page.status).toBe(200);
  const text = await page.text();
  expect(text).toContain('滕州市市场监督管理局的任务');
  expect(text).toContain('落实措施');

  const [, , overdue] = await stack.mail.waitForMails('demo@example.gov.cn', 3, 120_000);
  expect(overdue!.subject).toBe('【逾期提醒】“落实措施”已逾期');
  const session = await fetch(`${stack.baseUrl}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'supervisor', password: passwords.supervisor }) });
  const cookie = session.headers.getSetCookie().map((value) => value.split(';')[0]).join('; ');
  const inbox = await waitFor(
    async () => (await (await fetch(`${stack.baseUrl}/api/inbox`, { headers: { cookie } })).json()) as { escalated: { campaignId: string; title: string; unitName: string; unreadable?: string }[] },
    (answer) => answer.escalated.some((item) => item.campaignId === demo.campaignId),
    'the overdue demo item in the inbox',
  );
  expect(inbox.escalated.find((item) => item.campaignId === demo.campaignId)).toEqual(expect.objectContaining({ title: '落实措施', unitName: '滕州市市场监督管理局' }));
  expect(inbox.escalated.find((item) => item.campaignId === demo.campaignId)?.unreadable).toBeUndefined();
  expect((await fetch(`${stack.baseUrl}/inbox`, { headers: { cookie } })).status).toBe(200);
  const output = await cliOn(stack, 'inbox');
  expect({ code: output.code, stderr: output.stderr }).toEqual({ code: 0, stderr: '' });
  expect(output.stdout).toContain('滕州市市场监督管理局  落实措施');
}, 360_000);
