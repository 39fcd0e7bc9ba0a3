/**
 * The hostile-but-authorised findings against the real stack (dev server, worker, SMTP server,
 * PostgreSQL store, web server): a log-out ends the session on every web server, pages send their
 * security headers, another site cannot post a form (log-in included) nor a token travel in an
 * address, callers behind a trusted proxy are told apart (and not behind an untrusted one), a
 * unit's uploads are bounded, and impossible or runaway dates are a 4xx naming the field while
 * the server keeps answering its health check within 100 ms.
 */
import { sessionHeaders } from './support/api-client';
import path from 'node:path';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import type { AddressInfo } from 'node:net';
import { loadCampaign } from '../config/definition/load';
import { signUnitToken } from '../app/unit-links';
import { buildWebServer } from '../web/server';
import { linkSecret, passwords, rebaseSoThat, startWebStack, testSimulations, waitFor, type WebStack } from './support/web-stack';

let stack: WebStack;
beforeAll(async () => {
  // A small quota (the uploads are at most 1 MB each here): the fourth 900 KB upload not yet handed in is refused.
  stack = await startWebStack('web-hardening', { unitUploadQuotaBytes: 3 * 1024 * 1024 });
}, 60_000);
afterAll(async () => {
  await stack?.stop();
});

interface Answer {
  status: number;
  headers: Headers;
  body: Record<string, unknown> & { message?: string; fieldErrors?: Record<string, string[]> };
}

async function call(method: string, url: string, options: { body?: unknown; headers?: Record<string, string>; raw?: RequestInit['body']; base?: string } = {}): Promise<Answer> {
  const response = await fetch(`${options.base ?? stack.baseUrl}${url}`, {
    method,
    redirect: 'manual',
    headers: { ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}), ...options.headers },
    body: options.raw ?? (options.body !== undefined ? JSON.stringify(options.body) : undefined),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text.startsWith('{') ? (JSON.parse(text) as Answer['body']) : { text } };
}

const logIn = (username: 'admin' | 'supervisor', base = stack.baseUrl) => sessionHeaders(base, username, passwords[username]);

const unit = (unitId: string) => ({ authorization: `Bearer ${signUnitToken({ campaignId: 'minimal', unitId }, linkSecret, Date.now() + 600_000)}` });

it('ends a session at log-out, through the API and through the page: the old cookie and its CSRF token no longer open anything', async () => {
  const viaApi = await logIn('supervisor');
  expect((await call('GET', '/api/inbox', { headers: viaApi })).status).toBe(200);
  expect((await call('DELETE', '/api/session', { headers: viaApi })).status).toBe(200);
  expect(await call('GET', '/api/inbox', { headers: viaApi })).toMatchObject({ status: 401, body: { message: '请先登录' } });

  const viaPage = await logIn('admin');
  const form = new URLSearchParams({ _csrf: viaPage['x-csrf-token'] });
  expect((await call('POST', '/logout', { headers: { cookie: viaPage.cookie, 'content-type': 'application/x-www-form-urlencoded' }, raw: form })).status).toBe(303);
  expect((await call('GET', '/admin', { headers: { cookie: viaPage.cookie } })).headers.get('location')).toBe('/login');
  expect(await call('POST', '/api/definitions', { headers: viaPage, body: { fileName: 'x.yaml', source: 'x' } })).toMatchObject({ status: 401 });
  // A cookie signed right but naming no session, or a session id of the wrong shape, is no session either.
  expect((await call('GET', '/api/inbox', { headers: { cookie: 'campaign_session=not-signed' } })).status).toBe(401);
});

it('sends the security headers with every page and answer', async () => {
  const login = await call('GET', '/login');
  const policy = login.headers.get('content-security-policy') ?? '';
  expect(policy).toContain("frame-ancestors 'none'");
  expect(policy).toContain("script-src 'self'");
  expect(policy).not.toMatch(/script-src[^;]*unsafe-inline/);
  expect(login.headers.get('referrer-policy')).toBe('same-origin');
  expect(login.headers.get('x-content-type-options')).toBe('nosniff');
  expect(login.headers.get('cache-control')).toBe('no-store');
  // A unit's page has its link in the address: never cached, never sent to another site.
  const token = unit('tengzhou').authorization.slice(7);
  const unitPage = await call('GET', `/unit?token=${encodeURIComponent(token)}`);
  expect(unitPage.headers.get('cache-control')).toBe('no-store');
  expect(unitPage.headers.get('referrer-policy')).toBe('same-origin');
  expect((await call('GET', '/healthz')).body).toEqual({ ok: true });
});

it('refuses a form another site posts (log-in CSRF included), and a CSRF token in the address', async () => {
  const credentials = new URLSearchParams({ username: 'admin', password: passwords.admin });
  const form = { 'content-type': 'application/x-www-form-urlencoded' };
  const crossSite = await call('POST', '/login', { headers: { ...form, origin: 'https://evil.example' }, raw: credentials });
  expect(crossSite.status).toBe(403);
  expect(crossSite.headers.getSetCookie()).toEqual([]);
  expect((await call('POST', '/login', { headers: { ...form, 'sec-fetch-site': 'cross-site' }, raw: credentials })).status).toBe(403);
  expect((await call('POST', '/login', { headers: { ...form, origin: 'null' }, raw: credentials })).status).toBe(403);
  expect((await call('POST', '/login', { headers: { ...form, origin: stack.baseUrl }, raw: credentials })).status).toBe(303);

  const admin = await logIn('admin');
  // Urlencoded: the token in the query string counts for nothing.
  const inQuery = await call('POST', `/admin/launch?_csrf=${encodeURIComponent(admin['x-csrf-token'])}`, { headers: { cookie: admin.cookie, ...form }, raw: new URLSearchParams({ file: 'x.yaml' }) });
  expect(inQuery).toMatchObject({ status: 403 });
  // Multipart: the token must be the first field; a file before it is never read.
  const fileFirst = new FormData();
  fileFirst.append('definition', new Blob(['campaign: {}']), 'x.yaml');
  fileFirst.append('_csrf', admin['x-csrf-token']);
  expect((await call('POST', '/admin/preview', { headers: { cookie: admin.cookie }, raw: fileFirst })).status).toBe(403);
  const tokenFirst = new FormData();
  tokenFirst.append('_csrf', admin['x-csrf-token']);
  tokenFirst.append('definition', new Blob(['campaign: {}']), 'x.yaml');
  expect((await call('POST', '/admin/preview', { headers: { cookie: admin.cookie }, raw: tokenFirst })).status).toBe(400);
});

describe('behind a proxy', () => {
  let proxied: FastifyInstance;
  let proxiedUrl: string;
  beforeAll(async () => {
    // A second web server on the same store and Temporal, told that the proxy on loopback says who calls.
    proxied = await buildWebServer({
      client: stack.env.client,
      store: stack.store,
      env: { WEB_HOST: '127.0.0.1', WEB_PORT: 0, WEB_BASE_URL: 'http://placeholder', LINK_SECRET: linkSecret, LINK_TTL_DAYS: 30, WEB_MAX_UPLOAD_MB: 1, WEB_TRUST_PROXY: '127.0.0.1', accounts: stack.accounts },
      dataDir: stack.dataDir,
      configDir: path.resolve(__dirname, '../config'),
      taskQueue: stack.taskQueue,
      simulations: testSimulations(),
    });
    await proxied.listen({ host: '127.0.0.1', port: 0 });
    proxiedUrl = `http://127.0.0.1:${(proxied.server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await proxied?.close();
  });

  const failLogIn = (base: string, forwardedFor: string, username: string) =>
    call('POST', '/api/session', { base, headers: { 'x-forwarded-for': forwardedFor }, body: { username, password: 'wrong' } });

  it('tells callers apart by the address the trusted proxy gives: five wrong passwords lock that caller, not everyone', async () => {
    for (let attempt = 0; attempt < 5; attempt += 1) expect((await failLogIn(proxiedUrl, '10.0.0.1', 'zhou')).status).toBe(401);
    expect(await failLogIn(proxiedUrl, '10.0.0.1', 'zhou')).toMatchObject({ status: 429, body: { message: expect.stringContaining('登录失败次数过多') } });
    expect((await failLogIn(proxiedUrl, '10.0.0.2', 'zhou')).status).toBe(401);
  });

  it('ignores a forwarded address no trusted proxy gave: a caller cannot pose as many', async () => {
    for (let attempt = 0; attempt < 5; attempt += 1) expect((await failLogIn(stack.baseUrl, `10.1.0.${attempt}`, 'wu')).status).toBe(401);
    expect((await failLogIn(stack.baseUrl, '10.1.0.99', 'wu')).status).toBe(429);
  });
});

describe('with the minimal campaign running', () => {
  let supervisor: { cookie: string; 'x-csrf-token': string };
  beforeAll(async () => {
    const admin = await logIn('admin');
    supervisor = await logIn('supervisor');
    const plan = loadCampaign(path.join(__dirname, 'fixtures/minimal-campaign.yaml')).plan;
    const source = readFileSync(path.join(__dirname, 'fixtures/minimal-campaign.yaml'), 'utf8') +
      '  - { id: trainings, title: 业务培训会, measure: 二(一)一, assignees: [tengzhou], kind: count, min: 1, max: 2, due: { date: 2022-12-15 }, escalation: false, evidence: [会议纪要] }\n';
    const upload = await call('POST', '/api/definitions', { headers: admin, body: { fileName: 'minimal.yaml', source } });
    // Rebased so that plan time is 2022-04-18 (the 1-working-day reminder and the deadline of 04-15 are past).
    const rebaseTo = rebaseSoThat(plan.campaign.period.startsAt, '2022-04-18T10:00:00+08:00', 0);
    expect((await call('POST', '/api/campaigns', { headers: admin, body: { ...upload.body, rebaseTo } })).status).toBe(200);
    await waitFor(() => call('GET', '/api/unit', { headers: unit('tengzhou') }), (answer) => ((answer.body.obligations as unknown[]) ?? []).length >= 2, 'the obligations started');
  }, 60_000);

  it('bounds a unit’s uploads not yet handed in: over its quota a 413 naming the field, nothing stored', async () => {
    const upload = (name: string) => {
      const data = new FormData();
      data.append('files', new Blob([Buffer.alloc(900 * 1024, 0x41 + name.length)]), name);
      return call('POST', '/api/unit/attachments', { headers: unit('xuecheng'), raw: data });
    };
    for (const name of ['一.pdf', '二二.pdf', '三三三.pdf']) expect((await upload(name)).status).toBe(200);
    expect(await upload('四四四四.pdf')).toMatchObject({ status: 413, body: { fieldErrors: { attachments: [expect.stringContaining('上传')] } } });
    // Another unit has its own quota.
    const other = new FormData();
    other.append('files', new Blob([Buffer.alloc(900 * 1024, 0x42)]), '滕州.pdf');
    expect((await call('POST', '/api/unit/attachments', { headers: unit('tengzhou'), raw: other })).status).toBe(200);
  });

  it('answers every impossible or runaway date with a 4xx naming the field, while /healthz keeps answering within 100 ms', async () => {
    const slowest: number[] = [];
    let probing = true;
    const probe = (async () => {
      while (probing) {
        const started = performance.now();
        await fetch(`${stack.baseUrl}/healthz`);
        slowest.push(performance.now() - started);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    })();
    const dates = fc.oneof(
      fc.constantFrom('9999-12-31', '+010000-01-01', '0000-01-01', '1899-12-31', '2200-01-01', '2022-13-45', '2022-02-30', '2022-04-31', '2023-02-29', '2022-4-5', '２０２２-０５-０１', ' 2022-05-01', '2022-05-01T00:00', '', 'null'),
      fc.date({ min: new Date(Date.UTC(-2000, 0, 1)), max: new Date(Date.UTC(9999, 11, 31)), noInvalidDate: true }).map((date) => date.toISOString().slice(0, 10)),
      fc.string({ maxLength: 12 }),
    );
    const item = '/api/campaigns/minimal/units/tengzhou/obligations/measures/actions';
    const problems: string[] = [];
    await fc.assert(
      fc.asyncProperty(dates, fc.constantFrom('extend', 'return', 'supervise'), async (dueDate, action) => {
        const answer = await call('POST', item, { headers: supervisor, body: { action, reason: '日期测试', dueDate } });
        // A real date inside the campaign is an action that may be taken (or refused by the workflow: 409).
        if (answer.status >= 500 || (answer.status === 400 && !answer.body.fieldErrors?.dueDate)) problems.push(`${action} ${JSON.stringify(dueDate)} → ${answer.status} ${JSON.stringify(answer.body).slice(0, 160)}`);
      }),
      { numRuns: 60, examples: [['9999-12-31', 'extend'], ['9999-12-31', 'return'], ['9999-12-31', 'supervise'], ['2022-13-45', 'extend']] },
    );
    await fc.assert(
      fc.asyncProperty(dates, async (date) => {
        const answer = await call('POST', '/api/unit/obligations/trainings/occurrences', { headers: unit('tengzhou'), body: { reportedBy: '王五', date, evidence: { 会议纪要: '见附件' } } });
        if (answer.status >= 500 || (answer.status === 400 && !answer.body.fieldErrors?.date)) problems.push(`occurrence ${JSON.stringify(date)} → ${answer.status} ${JSON.stringify(answer.body).slice(0, 160)}`);
      }),
      { numRuns: 40, examples: [['9999-12-31'], ['2022-02-30']] },
    );
    // A definition whose dates run to the end of time: refused with the field, computed in bounded time.
    const admin = await logIn('admin');
    const source = readFileSync(path.join(__dirname, 'fixtures/minimal-campaign.yaml'), 'utf8').replace('2022-12-31', '9999-12-31').replace('due: { date: 2022-04-15 }', 'due: { date: 9999-12-31 }');
    const upload = await call('POST', '/api/definitions', { headers: admin, body: { fileName: 'far.yaml', source } });
    const validation = await call('POST', '/api/definitions/validate', { headers: admin, body: upload.body });
    expect(validation.body.valid).toBe(false);
    expect(JSON.stringify(validation.body.issues)).toMatch(/period\.end|due\.date/);
    probing = false;
    await probe;
    expect(problems).toEqual([]);
    expect(slowest.length).toBeGreaterThan(10);
    // A runaway loop would leave the probe unanswered (the freeze this guards against); the
    // figures are printed, the bound is loose enough for a shared 2-core machine under load.
    const sorted = [...slowest].sort((x, y) => x - y);
    const median = sorted[Math.floor(sorted.length / 2)]!;
    console.log(`/healthz during the date fuzz: ${sorted.length} probes, median ${median.toFixed(1)} ms, max ${sorted.at(-1)!.toFixed(1)} ms`);
    expect(median).toBeLessThan(100);
    expect(sorted.at(-1)!).toBeLessThan(1_000);
  }, 120_000);
});
