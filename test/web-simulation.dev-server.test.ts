/**
 * The administrator's simulation before launch, from the pages and the API, against the real
 * stack (dev server, worker, SMTP on loopback, web server; the simulation itself on the
 * time-skipping server): a behaviour file with a mistake is refused with its location, a good one
 * runs the whole period with the real workflows, its progress can be watched, a second one waits
 * its turn, and the result shows the ranking the campaign would end with. A launched campaign's
 * evaluation page shows its interim ranking.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { passwords, startWebStack, waitFor, type WebStack } from './support/web-stack';

let stack: WebStack;
let admin: Record<string, string>;
let upload: string;
beforeAll(async () => {
  stack = await startWebStack('web-simulation');
  const response = await fetch(`${stack.baseUrl}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: passwords.admin }) });
  const { csrfToken } = (await response.json()) as { csrfToken: string };
  admin = { cookie: response.headers.getSetCookie().map((value) => value.split(';')[0]).join('; '), 'x-csrf-token': csrfToken };
  const source = readFileSync(path.join(__dirname, 'fixtures/minimal-campaign.yaml'), 'utf8');
  upload = ((await call('POST', '/api/definitions', { body: { fileName: 'minimal.yaml', source } })).body as { upload: string }).upload;
}, 60_000);
afterAll(async () => {
  await stack?.stop();
});

async function call(method: string, url: string, options: { body?: unknown; headers?: Record<string, string> } = {}): Promise<{ status: number; body: Record<string, unknown>; text: string }> {
  const response = await fetch(`${stack.baseUrl}${url}`, {
    method,
    redirect: 'manual',
    headers: { ...admin, ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}), ...options.headers },
    body: options.body !== undefined ? JSON.stringify(options.body) : undefined,
  });
  const text = await response.text();
  return { status: response.status, body: text.startsWith('{') ? (JSON.parse(text) as Record<string, unknown>) : {}, text };
}

interface SimulationView {
  id: string;
  status: 'running' | 'done' | 'failed';
  progress?: { planDate: string; done: number; total: number };
  error?: string;
  result?: { messages: number; refusedActions: number; ranking: { rank: number; unit: string; score: number; isCriticised: boolean }[] };
}

// 滕州市 never hands in its implementation measures; 薛城区 does everything on time.
const behaviour = 'campaign: minimal\nunits:\n  tengzhou:\n    measures: { submit: never }\n';

it('refuses a behaviour file with a mistake, with its line and what was expected', async () => {
  const refused = await call('POST', '/api/simulations', { body: { upload, behaviour: 'campaign: minimal\nunits:\n  nowhere:\n    measures: { submit: never }\n' } });
  expect(refused.status).toBe(400);
  expect((refused.body.fieldErrors as Record<string, string[]>).behaviour).toEqual([expect.stringMatching(/^behaviour\.yaml:\d+:\d+：units\.nowhere：.*实际为 "nowhere"$/)]);
});

it('simulates the campaign before launch: progress while it runs, one at a time, then the ranking it would end with', async () => {
  const started = await call('POST', '/api/simulations', { body: { upload, behaviour } });
  expect(started.status).toBe(202);
  const job = started.body as unknown as SimulationView;
  expect(job.status).toBe('running');
  expect(await call('POST', '/api/simulations', { body: { upload } })).toMatchObject({ status: 409, body: { message: '另一次模拟正在进行，请稍后再试' } });

  // The page shows the progress in a status region its script updates while the simulation runs
  // (never a meta refresh, which sends a keyboard user back to the top every 2 s); a fast machine may already be done.
  const running = await call('GET', `/admin/simulations/${job.id}`);
  expect(running.status).toBe(200);
  expect(running.text).not.toContain('http-equiv="refresh"');
  expect(running.text).toMatch(running.text.includes('id="simulation-progress"') ? /<script src="\/assets\/simulation-progress.js"><\/script>/ : /模拟完成/);

  const done = await waitFor(async () => (await call('GET', `/api/simulations/${job.id}`)).body as unknown as SimulationView, (view) => view.status !== 'running', 'the simulation', 150_000);
  expect(done.error).toBeUndefined();
  expect(done.status).toBe('done');
  expect(done.result!.messages).toBeGreaterThan(0);
  expect(done.result!.refusedActions).toBe(0);
  expect(done.result!.ranking.map((line) => line.unit)).toEqual(['薛城区市场监督管理局', '滕州市市场监督管理局']);
  expect(done.result!.ranking[1]!.rank).toBe(2);
  expect(done.result!.ranking[1]!.score).toBeLessThan(done.result!.ranking[0]!.score);

  const page = await call('GET', `/admin/simulations/${job.id}`);
  expect(page.text).not.toContain('http-equiv="refresh"');
  expect(page.text).toMatch(/<table id="simulation-ranking">[\s\S]*第1[\s\S]*薛城区市场监督管理局[\s\S]*第2[\s\S]*滕州市市场监督管理局/);
  const report = await call('GET', `/api/simulations/${job.id}/report`);
  expect(report.status).toBe(200);
  expect(report.text).toContain('<svg class="ranking-chart"');
  expect(report.text).toContain('滕州市市场监督管理局');
}, 200_000);

it('starts a simulation from the preview page form, with the behaviour file uploaded', async () => {
  const preview = await fetch(`${stack.baseUrl}/admin/preview`, { method: 'POST', headers: { cookie: admin.cookie!, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ _csrf: admin['x-csrf-token']!, file: 'zaozhuang-2022-ip-protection.yaml' }) });
  const previewHtml = await preview.text();
  expect(previewHtml).toContain('id="simulate-form"');
  const form = new FormData();
  form.set('_csrf', admin['x-csrf-token']!);
  form.set('upload', upload);
  form.set('behaviour', new Blob([behaviour]), 'behaviour.yaml');
  const posted = await fetch(`${stack.baseUrl}/admin/simulate`, { method: 'POST', redirect: 'manual', headers: { cookie: admin.cookie! }, body: form });
  expect(posted.status).toBe(303);
  const location = posted.headers.get('location')!;
  expect(location).toMatch(/^\/admin\/simulations\/[0-9a-f]{32}$/);
  const id = location.split('/').at(-1)!;
  await waitFor(async () => (await call('GET', `/api/simulations/${id}`)).body as unknown as SimulationView, (view) => view.status !== 'running', 'the simulation', 150_000);
  expect((await call('GET', location)).text).toContain('模拟完成');
}, 200_000);

it('shows a launched campaign\'s interim evaluation as a page', async () => {
  const launched = await call('POST', '/api/campaigns', { body: { upload, rebaseTo: 'now' } });
  expect(launched.status).toBe(200);
  await waitFor(async () => (await call('GET', '/api/campaigns/minimal')).body, (body) => (body.progress as { phase: string }).phase === 'running', 'the launch');
  const page = await call('GET', '/admin/campaigns/minimal/evaluation');
  expect(page.status).toBe(200);
  expect(page.text).toContain('滕州市市场监督管理局');
  expect(page.text).toContain('阶段性');
  // In the page frame: the header, and the way back to the campaign.
  expect(page.text).toContain('<a class="skip-link" href="#main">');
  expect(page.text).toContain('href="/admin/campaigns/minimal">← 返回活动总览</a>');
  expect((await call('GET', '/admin/campaigns/minimal')).text).toContain('href="/admin/campaigns/minimal/evaluation"');
});
