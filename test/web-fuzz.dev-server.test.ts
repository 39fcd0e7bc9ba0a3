/**
 * Every endpoint, taken from the OpenAPI document (so a new endpoint is covered without editing
 * this file), against the real stack: a unit's link never reaches a supervisor's or an
 * administrator's endpoint; arbitrary bodies and path parameters (wrong types, huge strings,
 * unicode, HTML and script, path traversal) never produce a 5xx; and a script a unit submits is
 * shown as text on the supervisor's page, never as markup.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { loadCampaign } from '../config/definition/load';
import { signUnitToken } from '../web/unit-token';
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
  await stack?.stop();
});

interface Answer {
  status: number;
  body: Record<string, unknown>;
  text: string;
}

async function call(method: string, url: string, options: { body?: unknown; headers?: Record<string, string> } = {}): Promise<Answer> {
  const response = await fetch(`${stack.baseUrl}${url}`, {
    method,
    redirect: 'manual',
    headers: { ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}), ...options.headers },
    body: options.body !== undefined ? JSON.stringify(options.body) : undefined,
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

async function logIn(username: 'admin' | 'supervisor'): Promise<Record<string, string>> {
  const response = await fetch(`${stack.baseUrl}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: passwords[username] }) });
  const { csrfToken } = (await response.json()) as { csrfToken: string };
  return { cookie: response.headers.getSetCookie().map((value) => value.split(';')[0]).join('; '), 'x-csrf-token': csrfToken };
}

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
    const headers = template.startsWith('/api/unit') ? unitToken('tengzhou') : admin;
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
