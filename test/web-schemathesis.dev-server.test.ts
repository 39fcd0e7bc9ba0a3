/**
 * The API keeps the word of its OpenAPI document, against the real stack (dev server, worker,
 * SMTP on loopback, web server) with a launched campaign (the minimal fixture, rebased so that
 * the plan's now is 2022-04-14 10:00) and an obligation started with no campaign behind it:
 *
 * - what the document promises is what the server does: 401/403/404/409/413/415/429 where they
 *   occur, downloads with their real types, the definition files as an enum, 405 with `Allow`
 *   for an undeclared method, framework refusals in Chinese naming the body, a truncated upload a
 *   400; an item whose campaign cannot be read listed in the inbox, never its 404;
 * - schemathesis (PyPI, installed into .schemathesis/ on first use) runs every check it has on
 *   every operation, bounded (SCHEMATHESIS_EXAMPLES examples per operation, 25 by default; a
 *   time limit), with a supervisor's session and CSRF header and a unit's link: every check passes.
 */
import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadCampaign } from '../config/definition/load';
import { startOneReminderObligation } from '../scripts/synthetic-obligation';
import { signUnitToken } from '../app/unit-links';
import { ensureSchemathesis } from './support/schemathesis';
import { cliOn, linkSecret, passwords, rebaseSoThat, startWebStack, waitFor, type WebStack } from './support/web-stack';

let stack: WebStack;
let admin: Record<string, string>;
let unitLink: string;
/** The pages' config/: the minimal campaign only (a fuzzer launching the seed would start 193 workflows). */
const configDir = mkdtempSync(path.join(tmpdir(), 'campaign-config-'));
const fixture = path.join(__dirname, 'fixtures/minimal-campaign.yaml');

/**
 * schemathesis's configuration: the session cookie and the unit's link as the document's security
 * schemes (so that its auth checks take them away for real), the CSRF token as a header, and the
 * operations whose rules the schema cannot state: they depend on the campaign's definition, its
 * plan's today or what was uploaded, and a schema-valid request may be refused there with a 400
 * naming the field (a new deadline before today, a field the definition does not ask for, an
 * attachment id never uploaded, a definition that does not compile).
 */
const schemathesisConfig = `
[auth.openapi.session]
api_key = "\${SCHEMATHESIS_SESSION}"

[auth.openapi.unitLink]
bearer = "\${SCHEMATHESIS_UNIT_LINK}"

[headers]
x-csrf-token = "\${SCHEMATHESIS_CSRF}"

${[
  String.raw`^/api/unit/obligations/\{obligationId\}/(submission|occurrences)$`,
  String.raw`^/api/unit/attachments$`,
  String.raw`^/api/campaigns/\{campaignId\}/units/\{unitId\}/obligations/\{obligationId\}/actions$`,
  String.raw`^/api/campaigns(/\{campaignId\}/control(/preview)?)?$`,
]
  .map((pathRegex) => `[[operations]]
include-method = "POST"
include-path-regex = '${pathRegex}'
[operations.checks.positive_data_acceptance]
expected-statuses = ["2xx", "400", "401", "403", "404", "409", "429"]
`)
  .join('\n')}`;

async function call(method: string, url: string, options: { body?: string | object; headers?: Record<string, string> } = {}) {
  const isText = typeof options.body === 'string';
  const response = await fetch(`${stack.baseUrl}${url}`, {
    method,
    redirect: 'manual',
    headers: { ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}), ...options.headers },
    body: options.body === undefined ? undefined : isText ? (options.body as string) : JSON.stringify(options.body),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, body: text.startsWith('{') ? (JSON.parse(text) as Record<string, unknown> & { fieldErrors?: Record<string, string[]> }) : {} };
}

beforeAll(async () => {
  mkdirSync(path.join(configDir, 'campaigns'));
  copyFileSync(fixture, path.join(configDir, 'campaigns', 'minimal.yaml'));
  [stack] = await Promise.all([startWebStack('web-schemathesis', { configDir }), Promise.resolve(ensureSchemathesis((line) => console.log(line)))]);
  const response = await fetch(`${stack.baseUrl}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: passwords.admin }) });
  const { csrfToken } = (await response.json()) as { csrfToken: string };
  admin = { cookie: response.headers.getSetCookie().map((value) => value.split(';')[0]).join('; '), 'x-csrf-token': csrfToken };
  const { plan } = loadCampaign(fixture);
  const rebaseTo = rebaseSoThat(plan.campaign.period.startsAt, '2022-04-14T10:00:00+08:00', 0);
  expect((await call('POST', '/api/campaigns', { headers: admin, body: { file: 'minimal.yaml', rebaseTo } })).status).toBe(200);
  // An obligation with no campaign behind it (what `demo:obligation` once started): due ten minutes
  // ago, open for another fifty (its reminder an hour before the deadline, its close an hour after).
  await stack.env.client.workflow.start('obligationWorkflow', startOneReminderObligation(stack.taskQueue, 'ghost-campaign', 'tengzhou', Date.now() - 70 * 60_000));
  unitLink = signUnitToken({ campaignId: 'minimal', unitId: 'tengzhou' }, linkSecret, Date.now() + 3_600_000);
}, 120_000);
afterAll(async () => {
  await stack?.stop();
  rmSync(configDir, { recursive: true, force: true });
});

it('lists an item whose campaign cannot be read, with what visibility knows, on the page, the API and the CLI', async () => {
  const inbox = await waitFor(
    () => call('GET', '/api/inbox', { headers: admin }),
    (answer) => JSON.stringify(answer.body).includes('ghost-campaign') && JSON.stringify(answer.body).includes('"minimal"'),
    'the ghost obligation and the campaign in the inbox',
  );
  expect(inbox.status).toBe(200);
  const escalated = inbox.body.escalated as { campaignId: string; title: string; unreadable?: string; dueAtLocal: string }[];
  expect(escalated.find((item) => item.campaignId === 'ghost-campaign')).toMatchObject({ title: 'report', unreadable: '没有找到活动 ghost-campaign', dueAtLocal: expect.stringMatching(/^\d{4}年\d{1,2}月\d{1,2}日 \d\d:\d\d$/) });
  const page = await call('GET', '/inbox', { headers: admin });
  expect(page.status).toBe(200);
  expect(page.text).toContain('没有找到活动 ghost-campaign，无法打开事项页面');
  const output = await cliOn(stack, 'inbox');
  expect({ code: output.code, stderr: output.stderr }).toEqual({ code: 0, stderr: '' });
  expect(output.stdout).toContain('所属活动不可读');
});

it('finds what is due within 7 days on each campaign’s plan clock, a rehearsal’s 2022 included', async () => {
  // The plan's now is 2022-04-14; 落实措施 is due 2022-04-15 17:30. On the server's clock it is years ago.
  const inbox = await call('GET', '/api/inbox?campaign=minimal', { headers: admin });
  const dueSoon = inbox.body.dueSoon as { unitId: string; obligationId: string; dueAtLocal: string }[];
  expect(dueSoon.map((item) => [item.unitId, item.obligationId, item.dueAtLocal])).toEqual([
    ['tengzhou', 'measures', '2022年4月15日 17:30'],
    ['xuecheng', 'measures', '2022年4月15日 17:30'],
  ]);
  const unit = await call('GET', '/api/unit', { headers: { authorization: `Bearer ${unitLink}` } });
  expect((unit.body.obligations as { obligationId: string; group: string }[]).map((item) => [item.obligationId, item.group])).toEqual([
    ['measures', 'due-soon'],
    ['publicity@world-ip-day', 'open'],
  ]);
});

it('answers an undeclared method with 405 and the methods the path has', async () => {
  const inbox = await call('DELETE', '/api/inbox', { headers: admin });
  expect(inbox).toMatchObject({ status: 405, body: { error: 'METHOD_NOT_ALLOWED' } });
  expect(inbox.headers.get('allow')).toBe('GET, HEAD');
  expect((await call('PUT', '/api/session')).headers.get('allow')).toBe('POST, DELETE');
  expect((await call('PATCH', '/api/campaigns/minimal/units/tengzhou/obligations/measures')).headers.get('allow')).toBe('GET, HEAD');
  const page = await call('DELETE', '/login');
  expect(page.status).toBe(405);
  expect(page.text).toContain('/login 不支持 DELETE 方法；支持：GET、HEAD、POST');
  expect((await call('GET', '/api/nowhere')).status).toBe(404);
});

it('refuses a body the framework cannot read in Chinese, naming the body', async () => {
  expect(await call('POST', '/api/session', { body: '"admin"' })).toMatchObject({ status: 400, body: { fieldErrors: { '(body)': ['请求体应为 JSON 对象，实际为字符串'] } } });
  expect(await call('POST', '/api/session', { body: '{"username": ' })).toMatchObject({ status: 400, body: { fieldErrors: { '(body)': ['请求体不是有效的 JSON'] } } });
  const plain = await fetch(`${stack.baseUrl}/api/session`, { method: 'POST', headers: { 'content-type': 'application/xml' }, body: '<admin/>' });
  expect(plain.status).toBe(415);
  expect(await plain.json()).toMatchObject({ error: 'UNSUPPORTED_MEDIA_TYPE', fieldErrors: { '(body)': [expect.stringContaining('请求体的内容类型')] } });
  // zod's own words for a field without a message of ours, in Chinese too.
  expect(await call('POST', '/api/definitions/validate', { headers: admin, body: { file: 7 } })).toMatchObject({ status: 400, body: { fieldErrors: { '(body)': [expect.stringMatching(/[\u4e00-\u9fff]/)] } } });
});

it('answers an upload cut short with 400, never 500', async () => {
  const boundary = 'cut-short-boundary';
  const body = `--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="a.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4 half a file`;
  const answer = await fetch(`${stack.baseUrl}/api/unit/attachments`, { method: 'POST', headers: { authorization: `Bearer ${unitLink}`, 'content-type': `multipart/form-data; boundary=${boundary}` }, body });
  expect(answer.status).toBe(400);
  expect(await answer.json()).toMatchObject({ error: 'INVALID_INPUT', fieldErrors: { '(body)': [expect.stringContaining('multipart/form-data')] } });
  const noBoundary = await fetch(`${stack.baseUrl}/api/unit/attachments`, { method: 'POST', headers: { authorization: `Bearer ${unitLink}`, 'content-type': 'multipart/form-data' }, body: 'x' });
  expect(noBoundary.status).toBe(400);
});

it('documents every refusal where it occurs, downloads by their types, and the definition files to choose from', async () => {
  const document = (await call('GET', '/api/openapi.json')).body as { paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, unknown> }>; requestBody?: { content: Record<string, { schema: unknown }> } }>> };
  const statuses = (path: string, method: string) => Object.keys(document.paths[path]![method]!.responses);
  expect(statuses('/api/session', 'post')).toEqual(['200', '400', '401', '403', '413', '415', '429']);
  expect(statuses('/api/unit/attachments', 'post')).toEqual(['200', '400', '401', '403', '413']);
  expect(statuses('/api/campaigns/{campaignId}/units/{unitId}/obligations/{obligationId}/actions', 'post')).toEqual(['200', '400', '401', '403', '404', '409', '413', '415']);
  expect(statuses('/api/simulations', 'post')).toEqual(expect.arrayContaining(['202', '409']));
  expect(Object.keys(document.paths['/api/campaigns/{campaignId}/evaluation/{format}']!.get!.responses['200']!.content!)).toEqual([
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    'text/csv',
    'text/html',
  ]);
  expect(JSON.stringify(document.paths['/api/definitions/validate']!.post!.requestBody!.content['application/json']!.schema)).toContain('"enum":["minimal.yaml"]');
});

it('passes every schemathesis check on every operation', async () => {
  const schemathesis = ensureSchemathesis();
  const reportDir = path.resolve(__dirname, '../test-artifacts/schemathesis');
  mkdirSync(reportDir, { recursive: true });
  const examples = process.env.SCHEMATHESIS_EXAMPLES ?? '25';
  const seed = process.env.SCHEMATHESIS_SEED ?? String(Math.floor(Math.random() * 1_000_000));
  const configFile = path.join(stack.dataDir, 'schemathesis.toml');
  writeFileSync(configFile, schemathesisConfig);
  const args = [
    '--config-file', configFile,
    'run',
    `${stack.baseUrl}/api/openapi.json`,
    '--checks', 'all',
    '--max-examples', examples,
    '--seed', seed,
    // One worker: CPython 3.11's ast.parse, which hypothesis calls to describe its strategies, fails when two threads parse at once.
    '--workers', '1',
    '--request-timeout', '30',
    '--max-response-time', '30',
    '--phases', 'examples,coverage,fuzzing',
    // A log-out would end the session every later request needs; a simulation runs a campaign's
    // whole period on the time-skipping server (test/web-simulation.dev-server covers both).
    '--exclude-method', 'DELETE',
    '--exclude-path', '/api/simulations',
    '--report', 'junit',
    '--report-dir', reportDir,
  ];
  const environment = { SCHEMATHESIS_SESSION: admin.cookie!.replace(/^campaign_session=/, ''), SCHEMATHESIS_CSRF: admin['x-csrf-token']!, SCHEMATHESIS_UNIT_LINK: unitLink };
  const { code, output } = await run(schemathesis, args, environment, 8 * 60_000);
  const summary = output.split('\n').filter((line) => /passed|failed|errored|skipped|Seed|Test cases|checks?\b/i.test(line)).slice(-12).join('\n');
  console.log(`schemathesis (seed ${seed}, ${examples} examples per operation):\n${summary}`);
  if (code !== 0) console.log(output.slice(-20_000));
  expect(code).toBe(0);
}, 10 * 60_000);

/** Runs a command to its end (killed after `timeoutMs`), with its output. */
function run(command: string, args: string[], environment: Record<string, string>, timeoutMs: number): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { env: { ...process.env, ...environment, SCHEMATHESIS_TELEMETRY: 'false', NO_COLOR: '1' } });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}
