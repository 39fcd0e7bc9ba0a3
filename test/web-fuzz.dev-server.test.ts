/**
 * Every endpoint, taken from the OpenAPI document (so a new endpoint is covered without editing
 * this file), against the real stack: a unit's link never reaches a supervisor's or an
 * administrator's endpoint; arbitrary bodies and path parameters (wrong types, huge strings,
 * unicode, HTML and script, path traversal), query strings, the pages' form posts and multipart
 * uploads (huge, wrong type, traversal and NUL bytes in file names) never produce a 5xx nor a file
 * outside the data folder's own places; unit A's link never reads or changes unit B's data on any
 * unit endpoint; and a script a unit submits is shown as text on the supervisor's page.
 */
import { sessionHeaders } from './support/api-client';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { loadCampaign } from '../config/definition/load';
import { stateQuery } from '../contracts/obligation';
import { signUnitToken } from '../app/unit-links';
import { linkSecret, passwords, rebaseSoThat, startWebStack, waitFor, type WebStack } from './support/web-stack';

let stack: WebStack;
let admin: Record<string, string>;
let supervisor: Record<string, string>;
const unitToken = (unitId: string) => ({ authorization: `Bearer ${signUnitToken({ campaignId: 'minimal', unitId }, linkSecret, Date.now() + 600_000)}` });

beforeAll(async () => {
  stack = await startWebStack('web-fuzz');
  admin = await logIn('admin');
  supervisor = await logIn('supervisor');
  const plan = loadCampaign(path.join(__dirname, 'fixtures/minimal-campaign.yaml')).plan;
  const source = readFileSync(path.join(__dirname, 'fixtures/minimal-campaign.yaml'), 'utf8');
  const upload = await call('POST', '/api/definitions', { headers: admin, body: { fileName: 'minimal.yaml', source } });
  // Rebased so that the plan stands at 2022-04-13: 滕州市's 落实措施 is open and can be submitted.
  const rebaseTo = rebaseSoThat(plan.campaign.period.startsAt, '2022-04-13T12:00:00+08:00', 0);
  expect((await call('POST', '/api/campaigns', { headers: admin, body: { ...upload.body, rebaseTo } })).status).toBe(200);
  await waitFor(() => call('GET', '/api/unit', { headers: unitToken('tengzhou') }), (answer) => (answer.body.obligations as unknown[] | undefined)?.length === 2, 'the obligations visible');
}, 90_000);

afterAll(async () => {
  console.log(`web fuzz: ${casesRun} requests`);
  await stack?.stop();
});

interface Answer {
  status: number;
  body: Record<string, unknown>;
  text: string;
}

let casesRun = 0;

async function call(method: string, url: string, options: { body?: unknown; headers?: Record<string, string>; raw?: RequestInit['body'] } = {}): Promise<Answer> {
  casesRun += 1;
  const response = await fetch(`${stack.baseUrl}${url}`, {
    method,
    redirect: 'manual',
    headers: { ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}), ...options.headers },
    body: options.raw ?? (options.body !== undefined ? JSON.stringify(options.body) : undefined),
  });
  const text = await response.text();
  let body: Record<string, unknown> = {};
  try {
    body = text.startsWith('{') ? (JSON.parse(text) as Record<string, unknown>) : {};
  } catch {
    // not JSON: the status is what is asserted
  }
  return { status: response.status, body, text };
}

const logIn = (username: 'admin' | 'supervisor'): Promise<Record<string, string>> => sessionHeaders(stack.baseUrl, username, passwords[username]);

interface Endpoint {
  method: string;
  template: string;
}

async function endpoints(): Promise<Endpoint[]> {
  const document = (await call('GET', '/api/openapi.json')).body as { paths: Record<string, Record<string, unknown>> };
  return Object.entries(document.paths).flatMap(([template, methods]) => Object.keys(methods).map((method) => ({ method: method.toUpperCase(), template })));
}

/** A path with its parameters filled in: real ids by default, so that only the caller's rights decide. */
const fill = (template: string, values: Record<string, string> = {}) =>
  template.replace(/\{(\w+)\}/g, (_match, name: string) => encodeURIComponent(values[name] ?? { campaignId: 'minimal', unitId: 'xuecheng', obligationId: 'measures', format: 'csv', fileName: 'x.docx', attachmentId: 'sha256-0' }[name] ?? 'x'));

/** What a unit's link may reach: its own page and its own submissions, nothing else. */
const unitEndpoints = /^\/api\/(unit(\/|$)|session$|openapi\.json$|attachments\/)/;

it('keeps a unit’s link out of every supervisor’s and administrator’s endpoint, as listed by the OpenAPI document', async () => {
  const listed = await endpoints();
  expect(listed.length).toBeGreaterThanOrEqual(15);
  const reached: string[] = [];
  for (const { method, template } of listed.filter((endpoint) => !unitEndpoints.test(endpoint.template))) {
    const answer = await call(method, fill(template), { headers: unitToken('tengzhou'), ...(method === 'GET' || method === 'DELETE' ? {} : { body: { action: 'praise', reason: '自己表扬自己' } }) });
    if (![401, 403].includes(answer.status)) reached.push(`${method} ${template} → ${answer.status}`);
  }
  expect(reached).toEqual([]);
});

it('answers arbitrary bodies and path parameters on every endpoint without a server error', async () => {
  const hostile = fc.oneof(
    fc.anything({ maxDepth: 3 }),
    fc.string({ unit: 'grapheme', maxLength: 200 }),
    fc.constantFrom('<script>alert(1)</script>', '../../../etc/passwd', '%2e%2e%2f', '\u0000', 'x'.repeat(100_000), '滕州市'.repeat(5_000), '{{link}}', '"; DROP TABLE', 'Bcc: victim@example.com\r\nSubject: x'),
  );
  const errors: string[] = [];
  for (const { method, template } of await endpoints()) {
    // A session of its own per endpoint: DELETE /api/session really ends the one it is sent with.
    const headers = template.startsWith('/api/unit') ? unitToken('tengzhou') : await logIn('admin');
    await fc.assert(
      fc.asyncProperty(hostile, fc.dictionary(fc.constantFrom('campaignId', 'unitId', 'obligationId', 'fileName', 'format', 'attachmentId'), fc.string({ maxLength: 40 })), async (body, parameters) => {
        // Never a real state change by accident: no fuzzing of the launch and control endpoints' valid shapes.
        const answer = await call(method, fill(template, parameters), { headers, ...(method === 'GET' || method === 'DELETE' ? {} : { body }) });
        if (answer.status >= 500) errors.push(`${method} ${template} ${JSON.stringify(parameters)} → ${answer.status} ${answer.text.slice(0, 200)}`);
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 25) },
    );
  }
  expect(errors).toEqual([]);
}, 240_000);

it('shows a script a unit submitted as text on the supervisor’s page, never as markup', async () => {
  const script = '<script>document.title="pwned"</script><img src=x onerror=alert(1)>';
  const submitted = await call('POST', '/api/unit/obligations/measures/submission', { headers: unitToken('tengzhou'), body: { submittedBy: script, fields: { content: script } } });
  expect(submitted.status).toBe(200);
  const page = await fetch(`${stack.baseUrl}/campaigns/minimal/units/tengzhou/obligations/measures`, { headers: { cookie: supervisor.cookie! } });
  const html = await page.text();
  expect(page.status).toBe(200);
  // Escaped (as numeric character references): the text is there, the markup is not.
  expect(html).toContain('&#60;script&#62;document.title=&#34;pwned&#34;');
  expect(html).not.toContain('<script>document.title');
  expect(html).not.toContain('<img src=x onerror');
});

/** Every file under a folder, relative to it. */
function filesUnder(directory: string, prefix = ''): string[] {
  return readdirSync(directory).flatMap((name) => {
    const full = path.join(directory, name);
    return statSync(full).isDirectory() ? filesUnder(full, `${prefix}${name}/`) : [`${prefix}${name}`];
  });
}

const hostileText = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 80 }),
  fc.constantFrom('<script>alert(1)</script>', '../../../etc/passwd', '..\\..\\x', '%00', '\u0000', 'x'.repeat(20_000), '{{link}}', 'Bcc: x@evil\r\nX: y', '__proto__', 'constructor', '2022-13-45', '-1', '1e309', 'NaN'),
);

it('answers arbitrary query strings on every endpoint without a server error', async () => {
  const errors: string[] = [];
  for (const { method, template } of await endpoints()) {
    const headers = template.startsWith('/api/unit') || template.startsWith('/api/attachments') ? unitToken('tengzhou') : supervisor;
    await fc.assert(
      fc.asyncProperty(fc.dictionary(fc.constantFrom('campaign', 'unit', 'level', 'token', 'done', '_csrf', 'format', '__proto__', 'a[b]', 'x'), hostileText, { maxKeys: 4 }), async (query) => {
        const search = new URLSearchParams(query).toString();
        const answer = await call(method, `${fill(template)}?${search}`, { headers, ...(method === 'GET' || method === 'DELETE' ? {} : { body: {} }) });
        if (answer.status >= 500) errors.push(`${method} ${template}?${search.slice(0, 100)} → ${answer.status} ${answer.text.slice(0, 200)}`);
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 15) },
    );
  }
  expect(errors).toEqual([]);
}, 240_000);

it('answers arbitrary form posts on every page route without a server error', async () => {
  const token = unitToken('tengzhou').authorization.slice(7);
  const staffCookie = { cookie: admin.cookie! };
  // The pages' forms: urlencoded (with the session's CSRF token, so that the body is what is parsed) and multipart.
  const routes: { url: string; headers: Record<string, string> }[] = [
    { url: `/unit/submit?token=${encodeURIComponent(token)}&obligation=measures`, headers: {} },
    { url: `/unit/report?token=${encodeURIComponent(token)}&obligation=measures`, headers: {} },
    { url: '/admin/preview', headers: staffCookie },
    { url: '/admin/launch', headers: staffCookie },
    { url: '/admin/campaigns/minimal/confirm', headers: staffCookie },
    { url: '/admin/campaigns/minimal/control', headers: staffCookie },
    { url: '/campaigns/minimal/units/tengzhou/obligations/measures/actions', headers: staffCookie },
    { url: '/campaigns/minimal/units/tengzhou/actions', headers: staffCookie },
    { url: '/campaigns/minimal/units/%2e%2e/obligations/%00/actions', headers: staffCookie },
    { url: '/login', headers: {} },
    { url: '/logout', headers: staffCookie },
  ];
  const names = fc.constantFrom('action', 'reason', 'dueDate', 'file', 'upload', 'rebaseTo', 'submittedBy', 'field.content', 'reportedBy', 'date', 'evidence.情况说明', 'back', 'username', 'password', 'token', '__proto__');
  const errors: string[] = [];
  const before = filesUnder(stack.dataDir);
  for (const route of routes) {
    await fc.assert(
      fc.asyncProperty(fc.dictionary(names, fc.oneof(hostileText, fc.constantFrom('pause', 'amend', 'extend', 'supervise', 'praise'))), fc.boolean(), async (form, asMultipart) => {
        // Never a real pause or cancel by accident: no reason that passes with a control action.
        if (route.url.endsWith('/control') && ['pause', 'resume', 'cancel', 'amend'].includes(form.action ?? '') && form.reason?.trim()) delete form.reason;
        // The CSRF token first: a multipart form's first field, checked before anything else is read.
        const fields = { _csrf: admin['x-csrf-token']!, ...form };
        let raw: RequestInit['body'];
        let headers: Record<string, string> = { ...route.headers };
        if (asMultipart) {
          const data = new FormData();
          for (const [name, value] of Object.entries(fields)) data.append(name, value);
          raw = data;
        } else {
          raw = new URLSearchParams(fields).toString();
          headers = { ...headers, 'content-type': 'application/x-www-form-urlencoded' };
        }
        const answer = await call('POST', route.url, { headers, raw });
        if (answer.status >= 500) errors.push(`POST ${route.url} ${asMultipart ? 'multipart' : 'form'} ${JSON.stringify(form).slice(0, 150)} → ${answer.status} ${answer.text.slice(0, 200)}`);
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 25) },
    );
  }
  expect(errors).toEqual([]);
  const added = filesUnder(stack.dataDir).filter((file) => !before.includes(file));
  expect(added.filter((file) => !/^(attachments|definitions)\/[^/]+$/.test(file))).toEqual([]);
}, 300_000);

it('refuses huge, wrongly typed and strangely named uploads without a server error, writing only inside the attachments folder', async () => {
  const token = unitToken('tengzhou').authorization.slice(7);
  // The form posts above ended their session with /logout: a fresh one.
  const staff = await logIn('admin');
  const parent = path.dirname(stack.dataDir);
  const outside = () => readdirSync(parent).filter((name) => /^x\.pdf$|passwd|^\.\.?x/.test(name));
  const outsideBefore = outside();
  const before = filesUnder(stack.dataDir);
  const fileNames = fc.oneof(
    fc.constantFrom('../../x.pdf', '..\\..\\x.pdf', '..\\x', '/etc/passwd', 'x.pdf\u0000.exe', '\u0000', '.', '..', 'CON.pdf', 'a'.repeat(5_000) + '.pdf', '<script>.pdf', '报告.PDF', 'x.exe', 'x', '%2e%2e%2fx.pdf', 'invoice\u202Efdp.exe', 'a\u2066b\u200f.pdf'),
    fc.string({ unit: 'grapheme', maxLength: 60 }),
  );
  const sizes = fc.constantFrom(0, 1, 1024, 1024 * 1024 - 1, 1024 * 1024 + 1, 3 * 1024 * 1024);
  const targets: { url: string; headers: Record<string, string> }[] = [
    { url: '/api/unit/attachments', headers: unitToken('tengzhou') },
    { url: `/unit/submit?token=${encodeURIComponent(token)}&obligation=measures`, headers: {} },
    { url: `/unit/report?token=${encodeURIComponent(token)}&obligation=measures`, headers: {} },
    { url: '/admin/preview', headers: { cookie: staff.cookie! } },
    { url: '/admin/campaigns/minimal/confirm', headers: { cookie: staff.cookie! } },
  ];
  const errors: string[] = [];
  const statuses = new Map<number, number>();
  for (const target of targets) {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fileNames, sizes, fc.constantFrom('application/pdf', 'text/html', 'application/x-msdownload', '')), { minLength: 1, maxLength: 3 }), async (files) => {
        const data = new FormData();
        if (target.url.includes('admin')) data.append('_csrf', staff['x-csrf-token']!);
        data.append('action', 'amend');
        for (const [name, size, type] of files) data.append(target.url.includes('admin') ? 'definition' : 'files', new Blob([Buffer.alloc(size, 0x41)], { type }), name);
        const answer = await call('POST', target.url, { headers: target.headers, raw: data });
        statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
        if (answer.status >= 500) errors.push(`POST ${target.url.split('?')[0]} ${JSON.stringify(files.map(([name, size]) => [name.slice(0, 40), size]))} → ${answer.status} ${answer.text.slice(0, 200)}`);
        const oversized = files.reduce((sum, [, size]) => sum + size, 0) > 1024 * 1024;
        if (oversized && answer.status !== 413) errors.push(`POST ${target.url.split('?')[0]} over 1 MB in all → ${answer.status}, not 413`);
      }),
      // Always tried: a file part with an empty name over the limit (found by this test: a 500).
      { numRuns: Number(process.env.FUZZ_RUNS ?? 25), examples: [[[['', 1024 * 1024 + 1, 'application/pdf']]]] },
    );
  }
  expect(errors).toEqual([]);
  expect(statuses.get(413)).toBeGreaterThan(0);
  const added = filesUnder(stack.dataDir).filter((file) => !before.includes(file));
  expect(added.filter((file) => !/^(attachments|definitions)\/[^/]+$/.test(file))).toEqual([]);
  // Each stored upload names its file by the last segment only, without control or direction marks.
  const disguised = new FormData();
  disguised.append('files', new Blob([Buffer.from('%PDF-1.4 x')]), 'invoice\u202Efdp.pdf');
  const kept = (await call('POST', '/api/unit/attachments', { headers: unitToken('tengzhou'), raw: disguised })).body.attachments as { fileName: string }[];
  expect(kept[0]!.fileName).toBe('invoicefdp.pdf');
  const stored = await stack.store.db.selectFrom('attachments').select('file_name').execute();
  for (const { file_name: fileName } of stored) {
    // eslint-disable-next-line no-control-regex -- what the test looks for
    expect(fileName).not.toMatch(/[\\/\u0000-\u001f\u202a-\u202e\u2066-\u2069]/);
    expect([...fileName].length).toBeLessThanOrEqual(200);
  }
  expect(outside()).toEqual(outsideBefore);
}, 300_000);

it('never lets unit A’s link read or change unit B’s data, on any unit endpoint of the OpenAPI document', async () => {
  // 薛城区 (B) has an attachment, a submission with a marker, and a notice; 滕州市 (A) tries every unit endpoint on them.
  const marker = 'XUECHENG-PRIVATE-7f3a';
  const form = new FormData();
  form.append('files', new Blob([Buffer.from(`%PDF-1.4 ${marker}`)]), '薛城区内部材料.pdf');
  const uploaded = await fetch(`${stack.baseUrl}/api/unit/attachments`, { method: 'POST', headers: unitToken('xuecheng'), body: form });
  const attachmentId = ((await uploaded.json()) as { attachments: { id: string }[] }).attachments[0]!.id;
  expect((await call('POST', '/api/unit/obligations/measures/submission', { headers: unitToken('xuecheng'), body: { submittedBy: `薛城区 ${marker}`, fields: { content: marker }, attachments: [attachmentId] } })).status).toBe(200);
  await stack.store.notices.save({ campaignId: 'minimal', unitId: 'xuecheng', fileName: '督办通知-薛城区.docx', content: Buffer.from(`PK ${marker}`) });
  const storyBefore = await stack.env.client.workflow.getHandle('minimal/xuecheng/measures').query(stateQuery);

  const unitOnes = (await endpoints()).filter((endpoint) => /^\/api\/(unit|attachments)(\/|$)/.test(endpoint.template));
  expect(unitOnes.length).toBeGreaterThanOrEqual(6);
  const leaks: string[] = [];
  const bValues = { obligationId: 'measures', attachmentId, fileName: '督办通知-薛城区.docx', unitId: 'xuecheng', campaignId: 'minimal' };
  for (const { method, template } of unitOnes) {
    const bodies: unknown[] = method === 'GET' || method === 'DELETE' ? [undefined] : [{}, { submittedBy: '滕州市', fields: { content: '冒名' }, attachments: [attachmentId] }, { reportedBy: '滕州市', date: '2022-04-13', evidence: { 情况说明: '冒名' }, attachments: [attachmentId] }, { unitId: 'xuecheng', campaignId: 'minimal' }];
    for (const body of bodies) {
      for (const query of ['', '?unit=xuecheng&unitId=xuecheng']) {
        const answer = await call(method, `${fill(template, bValues)}${query}`, { headers: unitToken('tengzhou'), ...(body === undefined ? {} : { body }) });
        if (answer.text.includes(marker) || answer.text.includes('薛城区市场监督管理局')) leaks.push(`${method} ${template}${query} → ${answer.status} ${answer.text.slice(0, 160)}`);
      }
    }
  }
  expect(leaks).toEqual([]);
  const storyAfter = await stack.env.client.workflow.getHandle('minimal/xuecheng/measures').query(stateQuery);
  expect(storyAfter).toEqual(storyBefore);
  // B itself reads all of it: the checks above are about who asks, not about what exists.
  expect((await fetch(`${stack.baseUrl}/api/attachments/${attachmentId}`, { headers: unitToken('xuecheng') })).status).toBe(200);
  expect((await fetch(`${stack.baseUrl}/api/unit/notices/${encodeURIComponent('督办通知-薛城区.docx')}`, { headers: unitToken('xuecheng') })).status).toBe(200);
}, 120_000);
