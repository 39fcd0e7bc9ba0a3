/**
 * The web API's main paths on the cluster, as docker-compose.yml deploys it: two web server
 * processes and two campaign workers sharing one store (sessions, log-in throttling, attachments,
 * the send ledger in PostgreSQL), in front of the real Temporal cluster. An administrator launches
 * on one server, a supervisor works the inbox (SQL visibility queries) and decides on the other, a
 * unit uploads on one and submits on the other; a session and the log-in throttle hold across
 * both; a web server killed while a unit uploads leaves the other serving. The minimal campaign is
 * launched rebased so that "now" is 2022-05-20 on its plan: every deadline has passed and each
 * item waits at its supervision step for a supervisor's decision.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { signUnitToken } from '../app/unit-links';
import { type ObligationState, stateQuery } from '../contracts/obligation';
import { callApi, type ClusterApp, eventually, passwords, startClusterApp, type WebProcess } from './support/cluster-stack';
import { rebaseSoThat } from './support/web-stack';
import { loadCampaign } from '../config/definition/load';

let app: ClusterApp;
let first: WebProcess;
let second: WebProcess;

beforeAll(async () => {
  app = await startClusterApp({ taskQueue: 'web-cluster', workers: 2, webs: 2 });
  [first, second] = app.webs as [WebProcess, WebProcess];
}, 180_000);
afterAll(() => app?.stop());

const call = (web: WebProcess, method: string, url: string, options: Parameters<typeof callApi>[3] = {}) => callApi(web.url, method, url, options);

async function logIn(web: WebProcess, username: 'admin' | 'supervisor'): Promise<Record<string, string>> {
  const response = await fetch(`${web.url}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: passwords[username] }) });
  expect(response.status).toBe(200);
  const { csrfToken } = (await response.json()) as { csrfToken: string };
  return { cookie: response.headers.getSetCookie().map((value) => value.split(';')[0]).join('; '), 'x-csrf-token': csrfToken };
}

const unitHeaders = (unitId: string) => ({ authorization: `Bearer ${signUnitToken({ campaignId: 'minimal', unitId }, app.linkSecret, Date.now() + 3_600_000)}` });
const state = (unitId: string, obligationId: string): Promise<ObligationState> => app.client.workflow.getHandle(`minimal/${unitId}/${obligationId}`).query(stateQuery);
const fixture = path.join(__dirname, 'fixtures/minimal-campaign.yaml');

it('launches on one web server; the other server’s inbox finds every item waiting for a decision', async () => {
  const admin = await logIn(first, 'admin');
  const upload = await call(first, 'POST', '/api/definitions', { headers: admin, body: { fileName: 'minimal.yaml', source: readFileSync(fixture, 'utf8') } });
  const { plan } = loadCampaign(fixture);
  const rebaseTo = rebaseSoThat(plan.campaign.period.startsAt, '2022-05-20T10:00:00+08:00', 0);
  expect(await call(first, 'POST', '/api/campaigns', { headers: admin, body: { ...upload.body, rebaseTo } })).toEqual({ status: 200, body: { campaignId: 'minimal', alreadyLaunched: false, instances: 4 } });
  // A second launch, on the other server, starts nothing.
  expect(await call(second, 'POST', '/api/campaigns', { headers: await logIn(second, 'admin'), body: { ...upload.body, rebaseTo } })).toMatchObject({ status: 200, body: { alreadyLaunched: true } });

  const supervisor = await logIn(second, 'supervisor');
  const inbox = await eventually(
    () => call(second, 'GET', '/api/inbox?campaign=minimal', { headers: supervisor }),
    (answer) => (answer.body.escalated as { status: string }[] | undefined)?.filter((item) => item.status === 'awaiting-decision').length === 4,
    'four items waiting for a decision in the inbox',
  );
  const escalated = inbox.body.escalated as { unitId: string; obligationId: string; status: string; escalationLevel: number }[];
  expect(escalated.map((item) => [item.unitId, item.obligationId, item.status]).sort()).toEqual([
    ['tengzhou', 'measures', 'awaiting-decision'],
    ['tengzhou', 'publicity@world-ip-day', 'awaiting-decision'],
    ['xuecheng', 'measures', 'awaiting-decision'],
    ['xuecheng', 'publicity@world-ip-day', 'awaiting-decision'],
  ]);
  expect(inbox.body.toReview).toEqual([]);
  expect((await call(second, 'GET', '/api/inbox?campaign=minimal&unit=xuecheng', { headers: supervisor })).body.escalated).toHaveLength(2);
});

it('takes the supervision step once when a supervisor decides on the other server', async () => {
  const supervisor = await logIn(first, 'supervisor');
  const decide = () => call(first, 'POST', '/api/campaigns/minimal/units/tengzhou/obligations/measures/actions', { headers: supervisor, body: { action: 'proceed', reason: '逾期未报送' } });
  expect((await decide()).status).toBe(200);
  expect(await decide()).toMatchObject({ status: 409, body: { message: expect.stringContaining('没有待决定的督办事项') } });
  const notices = await app.mail.waitForMails('head@example.gov.cn', 5, 30_000);
  expect(notices.filter((mail) => mail.subject === '督办通知').map((mail) => mail.messageId)).toEqual(['<minimal.tengzhou.measures.escalation-2-supervision-notice@example.gov.cn>']);
  expect((await state('tengzhou', 'measures')).escalationLevel).toBe(2);
});

it('accepts an upload on one server and the submission and review on the other (one store)', async () => {
  const unit = unitHeaders('xuecheng');
  const form = new FormData();
  form.append('files', new Blob([Buffer.from('%PDF-1.4 薛城区 落实措施 MARKER-CLUSTER')]), '落实措施.pdf');
  const uploaded = await call(first, 'POST', '/api/unit/attachments', { headers: unit, form });
  expect(uploaded.status).toBe(200);
  const [attachment] = uploaded.body.attachments as { id: string }[];
  const submitted = await call(second, 'POST', '/api/unit/obligations/measures/submission', { headers: unit, body: { submittedBy: '薛城区局 赵六', fields: { content: '一、成立领导小组。' }, attachments: [attachment!.id] } });
  expect(submitted).toMatchObject({ status: 200, body: { status: 'submitted' } });

  const supervisor = await logIn(first, 'supervisor');
  await eventually(() => call(first, 'GET', '/api/inbox?campaign=minimal', { headers: supervisor }), (answer) => (answer.body.toReview as unknown[]).length === 1, 'the submission to review');
  const download = await fetch(`${first.url}/api/attachments/${attachment!.id}`, { headers: { cookie: supervisor.cookie! } });
  expect(await download.text()).toContain('MARKER-CLUSTER');
  expect(await call(first, 'POST', '/api/campaigns/minimal/units/xuecheng/obligations/measures/actions', { headers: supervisor, body: { action: 'accept', reason: '' } })).toMatchObject({ status: 200 });
  expect((await state('xuecheng', 'measures')).status).toBe('accepted');
});

it('keeps a session and the log-in throttle across both web servers', async () => {
  const supervisor = await logIn(first, 'supervisor');
  expect((await call(second, 'GET', '/api/inbox?campaign=minimal', { headers: supervisor })).status).toBe(200);
  expect((await call(second, 'DELETE', '/api/session', { headers: supervisor })).status).toBeLessThan(300);
  expect((await call(first, 'GET', '/api/inbox?campaign=minimal', { headers: supervisor })).status).toBe(401);

  for (let attempt = 1; attempt <= 5; attempt += 1) expect((await call(attempt % 2 ? first : second, 'POST', '/api/session', { body: { username: 'guess', password: `try-${attempt}` } })).status).toBe(401);
  expect(await call(first, 'POST', '/api/session', { body: { username: 'guess', password: 'try-6' } })).toMatchObject({ status: 429, body: { error: 'TOO_MANY_ATTEMPTS' } });
  expect((await call(second, 'POST', '/api/session', { body: { username: 'guess', password: 'try-7' } })).status).toBe(429);
});

/** A multipart upload whose body trickles in (64 KiB every 100 ms): long enough to kill its server in the middle. */
function trickledUpload(fileName: string, chunks: number): { body: ReadableStream<Uint8Array>; contentType: string; sent: () => number } {
  const boundary = `----cluster${Date.now()}`;
  const encoder = new TextEncoder();
  let sent = 0;
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (sent === 0) controller.enqueue(encoder.encode(`--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="${fileName}"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4\n`));
      if (sent === chunks) {
        controller.enqueue(encoder.encode(`\r\n--${boundary}--\r\n`));
        controller.close();
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
      controller.enqueue(new Uint8Array(64 * 1024).fill(0x41));
      sent += 1;
    },
  });
  return { body, contentType: `multipart/form-data; boundary=${boundary}`, sent: () => sent };
}

it('keeps serving on the other web server when one is killed while a unit uploads', async () => {
  const unit = unitHeaders('tengzhou');
  const upload = trickledUpload('宣传情况.pdf', 40);
  const interrupted = fetch(`${first.url}/api/unit/attachments`, { method: 'POST', headers: { ...unit, 'content-type': upload.contentType }, body: upload.body, duplex: 'half' } as RequestInit);
  await eventually(async () => upload.sent(), (sent) => sent >= 5, 'the upload under way', 10_000);
  await first.kill('SIGKILL');
  await expect(interrupted.then((response) => response.status)).rejects.toThrow();

  // The unit's retry goes to the other server (what the proxy in front does once a server stops answering).
  const form = new FormData();
  form.append('files', new Blob([Buffer.from('%PDF-1.4 宣传情况 retried')]), '宣传情况.pdf');
  const retried = await call(second, 'POST', '/api/unit/attachments', { headers: unit, form });
  expect(retried.status).toBe(200);
  const [attachment] = retried.body.attachments as { id: string }[];
  expect(await call(second, 'POST', '/api/unit/obligations/publicity@world-ip-day/submission', { headers: unit, body: { submittedBy: '滕州市局 王五', fields: { content: '一、成立领导小组。' }, attachments: [attachment!.id] } })).toMatchObject({ status: 200, body: { status: 'submitted' } });
  expect((await call(second, 'GET', '/healthz')).body).toEqual({ ok: true });
  // Nothing the killed server half-received is referenced: the submission holds the retried file only.
  expect((await state('tengzhou', 'publicity@world-ip-day')).submission?.attachments).toEqual([attachment!.id]);
});
