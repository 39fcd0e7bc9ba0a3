/**
 * The JSON API against the real stack (dev server, worker, SMTP server on loopback, web server):
 * every endpoint's validation (400 with field errors), authorisation (401 without a session or
 * with a forged or expired link, 403 for a unit on a supervisor's action, a unit never reaching
 * another unit's data), and that a refused action changes nothing. The minimal campaign has two
 * districts (滕州市, 薛城区); it is launched rebased so that its 1-working-day reminder
 * (2022-04-14 09:00) goes out seconds after the launch.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadCampaign } from '../config/definition/load';
import { type ObligationState, stateQuery } from '../contracts/obligation';
import { isPassword } from '../app/passwords';
import { signUnitToken } from '../app/unit-links';
import { type Answer, callApi, type CallOptions, sessionHeaders } from './support/api-client';
import { cliOn, linkIn, linkSecret, passwords, rebaseSoThat, startWebStack, waitFor, type WebStack } from './support/web-stack';

let stack: WebStack;
beforeAll(async () => {
  stack = await startWebStack('web-api');
}, 60_000);
afterAll(async () => {
  await stack?.stop();
});

const call = (method: string, url: string, options?: CallOptions): Promise<Answer> => callApi(stack.baseUrl, method, url, options);

const logIn = (username: 'admin' | 'supervisor'): Promise<Record<string, string>> => sessionHeaders(stack.baseUrl, username, passwords[username]);

const state = (unitId: string, obligationId: string): Promise<ObligationState> =>
  stack.env.client.workflow.getHandle(`minimal/${unitId}/${obligationId}`).query(stateQuery);

let admin: Record<string, string>;
let supervisor: Record<string, string>;
let tengzhou: Record<string, string>;
let tengzhouToken: string;

it('publishes an OpenAPI document that names every endpoint', async () => {
  const { status, body } = await call('GET', '/api/openapi.json');
  expect(status).toBe(200);
  expect(body.openapi).toBe('3.1.0');
  expect(Object.keys(body.paths as object)).toEqual(
    expect.arrayContaining([
      '/api/session',
      '/api/unit',
      '/api/unit/attachments',
      '/api/unit/obligations/{obligationId}/submission',
      '/api/inbox',
      '/api/campaigns/{campaignId}/units/{unitId}/obligations/{obligationId}/actions',
      '/api/campaigns/{campaignId}/units/{unitId}/actions',
      '/api/definitions/validate',
      '/api/campaigns',
      '/api/campaigns/{campaignId}/control',
    ]),
  );
});

it('logs in with a hashed password only, and says which field is missing', async () => {
  expect(await call('POST', '/api/session', { body: { username: 'admin', password: 'wrong' } })).toMatchObject({ status: 401, body: { error: 'UNAUTHENTICATED', message: '用户名或密码不正确' } });
  expect(await call('POST', '/api/session', { body: { username: 'admin' } })).toMatchObject({ status: 400, body: { error: 'INVALID_INPUT', fieldErrors: { password: [expect.any(String)] } } });
  // Guessing: five failures for one name from one address, then that pair is refused, on the API and the page alike.
  for (let attempt = 1; attempt <= 4; attempt += 1) expect((await call('POST', '/api/session', { body: { username: 'guess', password: `try-${attempt}` } })).status).toBe(401);
  expect((await call('POST', '/api/session', { body: { username: 'guess', password: 'try-5' } })).status).toBe(401);
  expect(await call('POST', '/api/session', { body: { username: 'guess', password: 'try-6' } })).toMatchObject({ status: 429, body: { error: 'TOO_MANY_ATTEMPTS', message: '登录失败次数过多，请15分钟后再试' } });
  const form = await fetch(`${stack.baseUrl}/login`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'username=guess&password=try-7', redirect: 'manual' });
  expect(form.status).toBe(429);
  expect(await form.text()).toContain('登录失败次数过多，请15分钟后再试');
  // Another name from the same address is not affected (one failure above for admin).
  admin = await logIn('admin');
  supervisor = await logIn('supervisor');
});

it('validates a definition with the CLI’s messages, and launches only for an administrator with a CSRF token', async () => {
  expect(await call('POST', '/api/definitions/validate', { body: { file: 'nowhere.yaml' } })).toMatchObject({ status: 401 });
  const invalid = await call('POST', '/api/definitions', { headers: admin, body: { fileName: 'bad.yaml', source: 'campaign:\n  id: Bad Id\n' } });
  expect(invalid.status).toBe(200);
  const validation = await call('POST', '/api/definitions/validate', { headers: admin, body: invalid.body });
  expect(validation.status).toBe(200);
  expect(validation.body.valid).toBe(false);
  expect(validation.body.issues).toEqual(expect.arrayContaining([expect.stringMatching(/^上传-[0-9a-f]{8}\.yaml:2:3：campaign\.title：应为/)]));

  const plan = loadCampaign(path.join(__dirname, 'fixtures/minimal-campaign.yaml')).plan;
  const rebaseTo = rebaseSoThat(plan.campaign.period.startsAt, '2022-04-14T09:00:00+08:00', 6_000);
  // The fixture is not in config/campaigns: upload it, as an administrator would, its reminder with the link.
  // And a count obligation of the section (meetings it holds, "1-2 次"), reported occurrence by occurrence.
  const source =
    readFileSync(path.join(__dirname, 'fixtures/minimal-campaign.yaml'), 'utf8')
      .replace("请于{{due}}前报送。'", "请于{{due}}前报送：{{link}}'")
      // 落实措施 takes PDF only: the API must hold a submission to it, not only the upload to the generic types.
      .replace('    due: { date: 2022-04-15 }\n', '    due: { date: 2022-04-15 }\n    submission: { fields: [{ id: content, label: 报送内容 }], attachments: { maxCount: 3, maxSizeMb: 1, types: [pdf] } }\n') +
    '  - { id: trainings, title: 业务培训会, measure: 二(一)一, assignees: [section], kind: count, min: 1, max: 2, due: { date: 2022-12-15 }, escalation: false, evidence: [参会人员, 会议纪要] }\n';
  expect(source).toContain('{{link}}');
  expect(source).toContain('types: [pdf]');
  const upload = await call('POST', '/api/definitions', { headers: admin, body: { fileName: 'minimal.yaml', source } });
  const launch = { ...upload.body, rebaseTo };
  expect(upload.body).toEqual({ upload: expect.stringMatching(/^[0-9a-f]{32}$/) });
  expect(await call('POST', '/api/campaigns', { body: launch })).toMatchObject({ status: 401, body: { message: '请先登录' } });
  expect(await call('POST', '/api/campaigns', { headers: supervisor, body: launch })).toMatchObject({ status: 403, body: { message: '督办科长李四是督办人员，此操作仅限管理员' } });
  expect(await call('POST', '/api/campaigns', { headers: { cookie: admin.cookie! }, body: launch })).toMatchObject({ status: 403, body: { message: expect.stringContaining('CSRF') } });
  expect(await call('POST', '/api/campaigns', { headers: admin, body: { rebaseTo } })).toMatchObject({ status: 400, body: { fieldErrors: { '(body)': [expect.stringContaining('应为 {file')] } } });
  expect(await call('POST', '/api/campaigns', { headers: admin, body: { ...upload.body, rebaseTo: 'tomorrow' } })).toMatchObject({ status: 400, body: { fieldErrors: { rebaseTo: [expect.stringContaining('实际为“tomorrow”')] } } });
  expect(await call('POST', '/api/campaigns', { headers: admin, body: launch })).toEqual({ status: 200, body: { campaignId: 'minimal', alreadyLaunched: false, instances: 5 } });
  expect(await call('POST', '/api/campaigns', { headers: admin, body: launch })).toMatchObject({ status: 200, body: { alreadyLaunched: true } });
  // Attributed: the overview says who launched it, and when on the plan's clock (the rehearsal's 2022).
  const overview = await call('GET', '/api/campaigns/minimal', { headers: supervisor });
  expect(overview.body.launchedBy).toEqual({ by: '管理员张三', at: expect.stringMatching(/^2022-04-1[34]T/), atLocal: expect.stringMatching(/^2022年4月1[34]日 \d\d:\d\d$/) });
  const page = await fetch(`${stack.baseUrl}/admin/campaigns/minimal`, { headers: { cookie: supervisor.cookie! } });
  expect(await page.text()).toMatch(/由 管理员张三 于 2022年4月1[34]日 \d\d:\d\d 启动/);
});

it('emails each unit a signed link that shows its own obligations only', async () => {
  const [reminder] = await stack.mail.waitForMails('tengzhou@example.gov.cn', 1, 30_000);
  const link = new URL(linkIn(reminder!.text));
  expect(link.origin).toBe(stack.baseUrl);
  tengzhouToken = link.searchParams.get('token')!;
  tengzhou = { authorization: `Bearer ${tengzhouToken}` };
  const unit = await waitFor(() => call('GET', '/api/unit', { headers: tengzhou }), (answer) => (answer.body.obligations as unknown[] | undefined)?.length === 2, 'both obligations visible');
  expect(unit.body).toMatchObject({ campaignId: 'minimal', unitId: 'tengzhou', unitName: '滕州市市场监督管理局' });
  const obligations = unit.body.obligations as { unitId: string; obligationId: string; group: string; status: string }[];
  expect(obligations.map((item) => [item.unitId, item.obligationId, item.status])).toEqual([
    ['tengzhou', 'measures', 'open'],
    ['tengzhou', 'publicity@world-ip-day', 'open'],
  ]);
  expect(obligations[0]!.group).toBe('due-soon');
});

it('refuses a missing, forged or expired link with 401, and keeps a unit out of what is not its own', async () => {
  expect(await call('GET', '/api/unit')).toMatchObject({ status: 401, body: { message: '缺少单位链接令牌：请使用提醒邮件中的链接' } });
  const [payload] = tengzhouToken.split('.');
  const forgedPayload = Buffer.from(JSON.stringify({ c: 'minimal', u: 'xuecheng', e: Date.now() + 60_000 })).toString('base64url');
  expect(await call('GET', '/api/unit', { headers: { authorization: `Bearer ${forgedPayload}.${tengzhouToken.split('.')[1]}` } })).toMatchObject({ status: 401, body: { message: '链接无效：签名不正确' } });
  expect(await call('GET', '/api/unit', { headers: { authorization: `Bearer ${payload}.AAAA` } })).toMatchObject({ status: 401 });
  const expired = signUnitToken({ campaignId: 'minimal', unitId: 'tengzhou' }, linkSecret, Date.now() - 1_000);
  expect(await call('GET', '/api/unit', { headers: { authorization: `Bearer ${expired}` } })).toMatchObject({ status: 401, body: { message: expect.stringContaining('链接已于') } });
  const otherSecret = signUnitToken({ campaignId: 'minimal', unitId: 'xuecheng' }, 'another-secret-that-is-long-enough-000000', Date.now() + 60_000);
  expect(await call('GET', '/api/unit', { headers: { authorization: `Bearer ${otherSecret}` } })).toMatchObject({ status: 401 });

  // Another unit's item through the supervisors' endpoints: 403, whatever the body.
  expect(await call('GET', '/api/campaigns/minimal/units/xuecheng/obligations/measures', { headers: tengzhou })).toMatchObject({ status: 403 });
  expect(await call('POST', '/api/campaigns/minimal/units/xuecheng/obligations/measures/actions', { headers: tengzhou, body: { action: 'waive', reason: '想免除' } })).toMatchObject({
    status: 403,
    body: { message: '单位链接不能执行管理或督办操作' },
  });
  // The pages say the same to a person: a forged link is 401, a unit's link on the inbox 403, no session → log-in.
  const page = async (url: string) => {
    const response = await fetch(`${stack.baseUrl}${url}`, { redirect: 'manual' });
    return { status: response.status, location: response.headers.get('location'), text: await response.text() };
  };
  expect(await page(`/unit?token=${payload}.AAAA`)).toMatchObject({ status: 401, text: expect.stringContaining('链接无效：签名不正确') });
  expect(await page(`/inbox?token=${encodeURIComponent(tengzhouToken)}`)).toMatchObject({ status: 403, text: expect.stringContaining('单位链接不能执行管理或督办操作') });
  expect(await page('/admin')).toMatchObject({ status: 303, location: '/login' });
  expect(await page(`/unit?token=${encodeURIComponent(tengzhouToken)}`)).toMatchObject({ status: 200, text: expect.stringContaining('滕州市市场监督管理局的任务') });
  expect((await page(`/unit?token=${encodeURIComponent(tengzhouToken)}`)).text).not.toContain('薛城区');

  // A unit's link of another campaign finds nothing here.
  const elsewhere = signUnitToken({ campaignId: 'other-campaign', unitId: 'tengzhou' }, linkSecret, Date.now() + 60_000);
  expect(await call('GET', '/api/unit', { headers: { authorization: `Bearer ${elsewhere}` } })).toMatchObject({ status: 404 });
  expect((await state('xuecheng', 'measures')).history.some((entry) => entry.event === 'waived')).toBe(false);
});

it('checks attachments’ type and size, stores them content-addressed, and a submission’s fields, changing nothing when refused', async () => {
  const upload = async (name: string, bytes: Buffer) => {
    const form = new FormData();
    form.append('files', new Blob([bytes]), name);
    return call('POST', '/api/unit/attachments', { headers: tengzhou, form });
  };
  expect(await upload('virus.exe', Buffer.from('MZ'))).toMatchObject({ status: 400, body: { fieldErrors: { attachments: [expect.stringContaining('附件“virus.exe”的类型不允许')] } } });
  expect(await upload('big.pdf', Buffer.alloc(1024 * 1024 + 1))).toMatchObject({ status: 413, body: { fieldErrors: { files: [expect.stringContaining('附件合计超过1 MB')] } } });
  // Many files each under the limit, together over it: refused as a whole, at most WEB_MAX_UPLOAD_MB read (413 with the field).
  const many = new FormData();
  for (let index = 0; index < 5; index += 1) many.append('files', new Blob([Buffer.alloc(300 * 1024, index)]), `第${index}份.pdf`);
  expect(await call('POST', '/api/unit/attachments', { headers: tengzhou, form: many })).toMatchObject({ status: 413, body: { error: 'PAYLOAD_TOO_LARGE', fieldErrors: { files: [expect.stringContaining('附件合计超过1 MB')] } } });
  const stored = await upload('落实措施.pdf', Buffer.from('%PDF-1.4 落实措施 MARKER-123'));
  expect(stored.status).toBe(200);
  const [attachment] = stored.body.attachments as { id: string; fileName: string; size: number }[];
  expect(attachment).toMatchObject({ id: expect.stringMatching(/^sha256-[0-9a-f]{64}-[0-9a-f]{16}$/), fileName: '落实措施.pdf' });
  // Kept in the store, under the bytes' hash (every web server reads the same).
  expect((await stack.store.blobs.get(attachment!.id.slice('sha256-'.length, 71)))?.toString('utf8')).toContain('MARKER-123');

  // The same bytes from 薛城区 under its own name: stored once, each upload keeps its name, and neither unit reads the other's.
  const xuecheng = { authorization: `Bearer ${signUnitToken({ campaignId: 'minimal', unitId: 'xuecheng' }, linkSecret, Date.now() + 600_000)}` };
  const same = new FormData();
  same.append('files', new Blob([Buffer.from('%PDF-1.4 落实措施 MARKER-123')]), '薛城区方案.pdf');
  const theirs = (await call('POST', '/api/unit/attachments', { headers: xuecheng, form: same })).body.attachments as { id: string; fileName: string }[];
  expect(theirs[0]).toMatchObject({ fileName: '薛城区方案.pdf' });
  expect(theirs[0]!.id.slice(0, 71)).toBe(attachment!.id.slice(0, 71));
  const download = async (id: string, headers: Record<string, string>) => fetch(`${stack.baseUrl}/api/attachments/${id}`, { headers });
  const own = await download(attachment!.id, tengzhou);
  expect(own.status).toBe(200);
  expect(own.headers.get('x-content-type-options')).toBe('nosniff');
  expect(own.headers.get('content-type')).toBe('application/pdf');
  expect(own.headers.get('content-disposition')).toBe(`attachment; filename="____.pdf"; filename*=UTF-8''${encodeURIComponent('落实措施.pdf')}`);
  expect(decodeURIComponent((await download(theirs[0]!.id, xuecheng)).headers.get('content-disposition')!)).toContain('薛城区方案.pdf');
  expect((await download(theirs[0]!.id, tengzhou)).status).toBe(404);
  expect((await download(attachment!.id, xuecheng)).status).toBe(404);
  expect((await download(attachment!.id, { cookie: supervisor.cookie! })).status).toBe(200);
  // A name that tries to break the header is served as data: no quote, CR or LF reaches Content-Disposition.
  const hostileName = new FormData();
  hostileName.append('files', new Blob([Buffer.from('%PDF-1.4 x')]), 'a";\r\nSet-Cookie: x=1;.pdf');
  const hostile = (await call('POST', '/api/unit/attachments', { headers: tengzhou, form: hostileName })).body.attachments as { id: string }[];
  const served = await download(hostile[0]!.id, tengzhou);
  expect(served.headers.get('set-cookie')).toBeNull();
  expect(served.headers.get('content-disposition')).toMatch(/^attachment; filename="[A-Za-z0-9._-]+"; filename\*=UTF-8''[A-Za-z0-9%._-]+$/);

  const before = await state('tengzhou', 'measures');
  const submit = (body: unknown, headers = tengzhou) => call('POST', '/api/unit/obligations/measures/submission', { headers, body });
  expect(await submit({})).toMatchObject({ status: 400, body: { fieldErrors: { submittedBy: ['请填写报送人'], fields: [expect.any(String)] } } });
  expect(await submit({ submittedBy: '王五', fields: { content: '' } })).toMatchObject({ status: 400, body: { fieldErrors: { 'fields.content': ['请填写“报送内容”'] } } });
  expect(await submit({ submittedBy: '王五', fields: { content: '措施', extra: 'x' } })).toMatchObject({ status: 400, body: { fieldErrors: { 'fields.extra': [expect.stringContaining('方案未要求字段“extra”')] } } });
  expect(await submit({ submittedBy: '王五', fields: { content: '措施' }, attachments: ['sha256-' + '0'.repeat(64)] })).toMatchObject({ status: 400, body: { fieldErrors: { attachments: [expect.stringContaining('不存在')] } } });
  // Another unit's upload cannot be referenced (nor, through the submission, downloaded).
  expect(await submit({ submittedBy: '王五', fields: { content: '措施' }, attachments: [theirs[0]!.id] })).toMatchObject({ status: 400, body: { fieldErrors: { attachments: [expect.stringContaining('不存在')] } } });
  // A .docx passes the generic upload limits, but 落实措施 takes PDF only: refused at submit.
  const docx = (await upload('落实措施.docx', Buffer.from('PK docx'))).body.attachments as { id: string }[];
  expect(await submit({ submittedBy: '王五', fields: { content: '措施' }, attachments: [docx[0]!.id] })).toMatchObject({
    status: 400,
    body: { fieldErrors: { attachments: ['附件“落实措施.docx”的类型不允许；该任务允许：pdf'] } },
  });
  // The page's form checks the same, before it stores anything: a refused form leaves no file behind.
  const storedUploads = async () => Number((await stack.store.db.selectFrom('attachments').select((row) => row.fn.countAll().as('count')).executeTakeFirstOrThrow()).count);
  const filesBefore = await storedUploads();
  const pageForm = new FormData();
  pageForm.append('field.content', '措施');
  pageForm.append('submittedBy', '王五');
  pageForm.append('files', new Blob([Buffer.from('PK new docx bytes')]), '新的.docx');
  const refusedPage = await fetch(`${stack.baseUrl}/unit/submit?token=${encodeURIComponent(tengzhouToken)}&obligation=measures`, { method: 'POST', body: pageForm, redirect: 'manual' });
  expect(refusedPage.status).toBe(400);
  expect(await refusedPage.text()).toContain('附件“新的.docx”的类型不允许');
  const noSubmitter = new FormData();
  noSubmitter.append('field.content', '措施');
  noSubmitter.append('files', new Blob([Buffer.from('%PDF-1.4 never stored')]), '未存.pdf');
  expect((await fetch(`${stack.baseUrl}/unit/submit?token=${encodeURIComponent(tengzhouToken)}&obligation=measures`, { method: 'POST', body: noSubmitter, redirect: 'manual' })).status).toBe(400);
  expect(await storedUploads()).toBe(filesBefore);
  expect(await submit({ submittedBy: '王五', fields: { content: '措施' } }, {})).toMatchObject({ status: 401 });
  expect(await call('POST', '/api/unit/obligations/Bad!/submission', { headers: tengzhou, body: {} })).toMatchObject({ status: 400, body: { fieldErrors: { obligationId: [expect.any(String)] } } });
  expect(await state('tengzhou', 'measures')).toEqual(before);

  const submitted = await submit({ submittedBy: '滕州市局 王五', fields: { content: '一、成立领导小组。' }, attachments: [attachment!.id] });
  expect(submitted).toMatchObject({ status: 200, body: { status: 'submitted', submission: { submittedBy: '滕州市局 王五', attachments: [attachment!.id] } } });
  // The workflow's history carries the attachment's id, never its bytes.
  const history = JSON.stringify(await stack.env.client.workflow.getHandle('minimal/tengzhou/measures').fetchHistory());
  expect(history).not.toContain(Buffer.from('MARKER-123').toString('base64'));
  expect(await submit({ submittedBy: '王五', fields: { content: '再报一次' } })).toMatchObject({ status: 409, body: { error: 'REFUSED', message: expect.stringContaining('不能重复报送') } });
  expect((await state('tengzhou', 'measures')).submission?.content).toBe('一、成立领导小组。');
});

it('takes a count obligation occurrence by occurrence, with the evidence the definition names, for its own unit only', async () => {
  const section: Record<string, string> = { authorization: `Bearer ${signUnitToken({ campaignId: 'minimal', unitId: 'section' }, linkSecret, Date.now() + 60_000)}` };
  const report = (body: unknown, headers = section) => call('POST', '/api/unit/obligations/trainings/occurrences', { headers, body });
  expect(await report({ reportedBy: '知识产权保护科', date: '4月20日', evidence: {} })).toMatchObject({ status: 400, body: { fieldErrors: { date: ['应为日期 YYYY-MM-DD'] } } });
  expect(await report({ reportedBy: '知识产权保护科', date: '2022-04-20', evidence: { 照片: '10张' } })).toMatchObject({
    status: 400,
    body: { fieldErrors: { 'evidence.照片': ['方案未要求佐证“照片”；应为：参会人员、会议纪要'] } },
  });
  expect(await report({ reportedBy: '滕州市局', date: '2022-04-20', evidence: { 参会人员: '30人' } }, tengzhou)).toMatchObject({ status: 404 });
  expect(await call('POST', '/api/unit/obligations/measures/occurrences', { headers: tengzhou, body: { reportedBy: '王五', date: '2022-04-20', evidence: { 情况说明: '开会' } } })).toMatchObject({
    status: 400,
    body: { fieldErrors: { obligationId: [expect.stringContaining('是一次性报送任务')] } },
  });
  // A date that does not exist, one before the campaign, one still to come: each refused at the field.
  const evidence = { 参会人员: '各区（市）局分管负责人30人', 会议纪要: '见附件' };
  expect(await report({ reportedBy: '知识产权保护科', date: '2022-02-30', evidence })).toMatchObject({ status: 400, body: { fieldErrors: { date: ['应为真实存在的日期 YYYY-MM-DD（如 2022-04-29）'] } } });
  expect(await report({ reportedBy: '知识产权保护科', date: '2022-03-01', evidence })).toMatchObject({ status: 400, body: { fieldErrors: { date: [expect.stringContaining('不能早于活动开始日')] } } });
  expect(await report({ reportedBy: '知识产权保护科', date: '2022-04-20', evidence })).toMatchObject({ status: 400, body: { fieldErrors: { date: ['发生日期不能晚于今天（2022年4月14日），实际为2022年4月20日'] } } });
  const reported = await report({ reportedBy: '知识产权保护科', date: '2022-04-12', evidence });
  expect(reported).toMatchObject({ status: 200, body: { status: 'target-met', occurrences: [{ date: '2022-04-12', reportedBy: '知识产权保护科' }] } });
  const page = await fetch(`${stack.baseUrl}/unit?${new URLSearchParams({ token: section.authorization!.slice(7) })}`);
  expect(await page.text()).toContain('已报告 1 次（方案要求 1–2 次）');
});

it('lets a supervisor review, validates the action’s fields, and a refused action changes nothing', async () => {
  const act = (body: unknown, headers = supervisor) => call('POST', '/api/campaigns/minimal/units/tengzhou/obligations/measures/actions', { headers, body });
  expect(await act({ action: 'return', reason: '内容不完整' })).toMatchObject({ status: 400, body: { fieldErrors: { dueDate: ['应为日期 YYYY-MM-DD'] } } });
  expect(await act({ action: 'return', reason: '', dueDate: '2022-04-25' })).toMatchObject({ status: 400, body: { fieldErrors: { reason: ['请填写理由'] } } });
  expect(await act({ action: 'abolish', reason: 'x' })).toMatchObject({ status: 400, body: { fieldErrors: { action: [expect.stringContaining('应为 extend')] } } });
  expect(await act({ action: 'return', reason: '内容不完整', dueDate: '2022-04-01' })).toMatchObject({ status: 400, body: { fieldErrors: { dueDate: [expect.stringContaining('应晚于今天（2022年4月14日）')] } } });
  expect(await act({ action: 'accept', reason: '' }, { cookie: supervisor.cookie! })).toMatchObject({ status: 403 });

  // The reason reaches the unit's email: markup and a header injection attempt in it stay text.
  const hostileReason = '请补充实施方案<script>alert(1)</script><img src=x onerror=alert(2)>\r\nBcc: x@evil.example\r\nSubject: 伪造\r\n\r\n正文';
  const returned = await act({ action: 'return', reason: hostileReason, dueDate: '2022-04-25' });
  expect(returned).toMatchObject({ status: 200, body: { status: 'returned', returns: 1 } });
  const verdict = await stack.mail.waitForMails('tengzhou@example.gov.cn', 2);
  const mail = verdict[1]!;
  expect(mail.subject).toBe('审核结果');
  expect(mail.to).toEqual(['tengzhou@example.gov.cn']);
  expect([...stack.mail.recipientAttempts.keys()].filter((address) => /evil/.test(address))).toEqual([]);
  expect(stack.mail.mails.filter((caught) => caught.subject.includes('伪造'))).toEqual([]);
  expect(mail.text).toContain('请补充实施方案<script>alert(1)</script><img src=x onerror=alert(2)>');
  expect(mail.html).toContain('请补充实施方案&#60;script&#62;alert(1)&#60;/script&#62;&#60;img src=x onerror=alert(2)&#62;');
  expect(mail.html).not.toMatch(/<script/i);
  expect(mail.html).not.toMatch(/<img/i);
  expect(mail.html).not.toMatch(/<[^>]*\sonerror=/i);

  const before = await state('tengzhou', 'measures');
  expect(await act({ action: 'accept', reason: '' })).toMatchObject({ status: 409, body: { message: '滕州市市场监督管理局的“落实措施”没有待审核的报送（当前状态为“退回修改”）' } });
  expect(await act({ action: 'proceed', reason: '发督办通知' })).toMatchObject({ status: 409, body: { message: expect.stringContaining('没有待决定的督办事项') } });
  expect(await act({ action: 'supervise', reason: '逾期未报' })).toMatchObject({ status: 400, body: { fieldErrors: { dueDate: ['应为日期 YYYY-MM-DD'] } } });
  expect(await act({ action: 'supervise', reason: '逾期未报', dueDate: '2022-04-29' })).toMatchObject({
    status: 409,
    body: { message: '只能对已逾期未报送的任务下发督办通知（滕州市市场监督管理局的“落实措施”当前状态为“退回修改”）' },
  });
  expect(await state('tengzhou', 'measures')).toEqual(before);

  const story = await call('GET', '/api/campaigns/minimal/units/tengzhou/obligations/measures', { headers: supervisor });
  expect(story.body).toMatchObject({ title: '落实措施', unitName: '滕州市市场监督管理局', status: 'returned', actions: ['extend', 'waive'] });
  expect((story.body.state as ObligationState).history.map((entry) => entry.event)).toEqual(expect.arrayContaining(['submitted', 'returned']));
  expect((story.body.state as ObligationState).history.find((entry) => entry.event === 'returned')?.detail).toContain('督办科长李四退回修改：请补充实施方案<script>');
});

it('filters the inbox and acts on a unit, attributing each action to the signed-in person', async () => {
  expect(await call('GET', '/api/inbox?level=high', { headers: supervisor })).toMatchObject({ status: 400, body: { fieldErrors: { level: ['应为督办层级（整数）'] } } });
  expect(await call('GET', '/api/inbox')).toMatchObject({ status: 401 });
  expect(await call('GET', '/api/inbox', { headers: tengzhou })).toMatchObject({ status: 403 });
  expect(await call('GET', '/api/inbox?campaign=minimal', { headers: supervisor })).toMatchObject({ status: 200, body: { escalated: [], toReview: [] } });

  const unitAction = (body: unknown, headers = supervisor) => call('POST', '/api/campaigns/minimal/units/xuecheng/actions', { headers, body });
  expect(await unitAction({ action: 'praise' })).toMatchObject({ status: 400, body: { fieldErrors: { reason: ['请填写理由'] } } });
  expect(await unitAction({ action: 'praise', reason: '按时报送' }, tengzhou)).toMatchObject({ status: 403 });
  expect(await unitAction({ action: 'uncriticize', reason: '已整改' })).toMatchObject({ status: 409, body: { message: '薛城区市场监督管理局不在通报批评名单上' } });
  const praised = await unitAction({ action: 'praise', reason: '按时报送' });
  expect(praised).toMatchObject({ status: 200, body: { unit: { id: 'xuecheng' }, praises: 1 } });
  expect(JSON.stringify(praised.body.history)).toContain('督办科长李四');
});

it('does the same from the CLI: list, inbox, act and submit, with --json and the workflow’s refusals', async () => {
  const cli = (...argv: string[]) => cliOn(stack, ...argv);
  const listed = await cli('list', 'minimal', '--unit', 'tengzhou', '--json');
  expect(listed).toMatchObject({ code: 0, stderr: '' });
  expect((JSON.parse(listed.stdout) as { obligationId: string; status: string }[]).map((row) => [row.obligationId, row.status])).toEqual([
    ['measures', 'returned'],
    ['publicity@world-ip-day', 'open'],
  ]);
  // A person reads the tasks by their titles, not the workflow's keys.
  const table = await cli('list', 'minimal', '--unit', 'tengzhou');
  expect(table.stdout).toMatch(/滕州市市场监督管理局\s+落实措施\s+退回修改/);
  expect(table.stdout).toContain('宣传情况');
  expect(table.stdout).not.toMatch(/measures|publicity@/);
  expect((await cli('list', 'minimal', '--status', 'late')).code).toBe(2);
  const status = await cli('status', 'minimal');
  expect(status.stdout).toContain('测试活动方案（minimal）：running，5/5 项任务已启动');
  expect(status.stdout).toMatch(/滕州市市场监督管理局\s+1\s+1/);

  writeFileSync(path.join(stack.dataDir, '薛城区落实措施.pdf'), '%PDF-1.4 薛城区');
  const submitted = await cli('submit', 'minimal', 'xuecheng', 'measures', '--by', '薛城区局 赵六（纸质报送，科室代录）', '--field', 'content=落实措施全文', '--attach', '薛城区落实措施.pdf', '--json');
  expect(submitted).toMatchObject({ code: 0, stderr: '' });
  expect(JSON.parse(submitted.stdout)).toMatchObject({ status: 'submitted', submission: { attachments: [expect.stringMatching(/^sha256-/)] } });
  expect(await cli('submit', 'minimal', 'xuecheng', 'measures', '--by', '赵六', '--field', 'content=再报')).toMatchObject({ code: 3, stderr: expect.stringContaining('不能重复报送') });
  expect(await cli('submit', 'minimal', 'xuecheng', 'measures', '--by', '赵六', '--field', 'nonsense')).toMatchObject({ code: 2 });

  const inbox = await cli('inbox', '--campaign', 'minimal', '--json');
  expect((JSON.parse(inbox.stdout) as { toReview: { unitId: string }[] }).toReview.map((item) => item.unitId)).toEqual(['xuecheng']);
  expect(await cli('act', 'accept', 'minimal', 'xuecheng', 'measures', '--by', '督办科长李四', '--reason', '材料齐全')).toMatchObject({ code: 0, stdout: 'minimal/xuecheng/measures: accept done (已通过，截止 2022年4月15日 17:30)\n' });
  expect(await cli('act', 'accept', 'minimal', 'tengzhou', 'measures', '--by', '李四', '--reason', '好')).toMatchObject({ code: 3, stderr: '滕州市市场监督管理局的“落实措施”没有待审核的报送（当前状态为“退回修改”）\n' });
  expect(await cli('act', 'return', 'minimal', 'tengzhou', 'measures', '--by', '李四', '--reason', '补充')).toMatchObject({ code: 1, stderr: 'dueDate: 请填写新的截止日期（YYYY-MM-DD）\n' });
  expect(await cli('act', 'scold', 'minimal', 'tengzhou', '--by', '李四', '--reason', 'x')).toMatchObject({ code: 2 });
  expect(await cli('act', 'interview', 'minimal', 'tengzhou', '--by', '督办科长李四', '--reason', '多次逾期')).toMatchObject({ code: 0, stdout: expect.stringContaining('约谈 1 次') });
  const hashed = (await cli('hash-password', 'geheim-1')).stdout.trim();
  expect(await isPassword(hashed, 'geheim-1')).toBe(true);
  expect(await isPassword(hashed, 'geheim-2')).toBe(false);
});

it('lets a unit’s link replayed after its obligation is over still read, but not submit (409 with the reason)', async () => {
  // 薛城区's 落实措施 was accepted from the CLI: its workflow has completed; the old link still opens the story.
  const xuecheng = { authorization: `Bearer ${signUnitToken({ campaignId: 'minimal', unitId: 'xuecheng' }, linkSecret, Date.now() + 600_000)}` };
  const page = await call('GET', '/api/unit', { headers: xuecheng });
  expect(page.status).toBe(200);
  expect((page.body.obligations as { obligationId: string; status: string; canSubmit: boolean }[]).find((item) => item.obligationId === 'measures')).toMatchObject({ status: 'accepted', canSubmit: false });
  expect(await call('POST', '/api/unit/obligations/measures/submission', { headers: xuecheng, body: { submittedBy: '赵六', fields: { content: '再报' } } })).toMatchObject({
    status: 409,
    body: { error: 'REFUSED', message: expect.stringContaining('已审核通过') },
  });
  // Waived by a supervisor: the same.
  expect(await call('POST', '/api/campaigns/minimal/units/tengzhou/obligations/publicity%40world-ip-day/actions', { headers: supervisor, body: { action: 'waive', reason: '并入年度总结' } })).toMatchObject({ status: 200, body: { status: 'waived' } });
  expect(await call('POST', '/api/unit/obligations/publicity@world-ip-day/submission', { headers: tengzhou, body: { submittedBy: '王五', fields: { content: '宣传' } } })).toMatchObject({
    status: 409,
    body: { message: expect.stringMatching(/已免除/) },
  });
  expect((await state('tengzhou', 'publicity@world-ip-day')).submission).toBeUndefined();
});

it('says what a pause will change before it pauses, and refuses a second pause with the campaign’s reason', async () => {
  expect(await call('POST', '/api/campaigns/minimal/control/preview', { headers: admin, body: { action: 'pause' } })).toEqual({
    status: 200,
    body: { changes: ['暂停后，2 项未完成任务不再发送提醒和督办，直到恢复。'] },
  });
  expect(await call('POST', '/api/campaigns/minimal/control', { headers: admin, body: { action: 'pause' } })).toMatchObject({ status: 400, body: { fieldErrors: { reason: ['请填写理由'] } } });
  expect(await call('POST', '/api/campaigns/minimal/control', { headers: supervisor, body: { action: 'pause', reason: '疫情防控' } })).toMatchObject({ status: 403 });
  expect(await call('POST', '/api/campaigns/minimal/control', { headers: admin, body: { action: 'pause', reason: '疫情防控' } })).toMatchObject({ status: 200, body: { phase: 'paused' } });
  expect(await call('POST', '/api/campaigns/minimal/control', { headers: admin, body: { action: 'pause', reason: '疫情防控' } })).toMatchObject({ status: 409, body: { message: '活动已暂停，不能暂停' } });
  const overview = await call('GET', '/api/campaigns/minimal', { headers: supervisor });
  expect(overview.body).toMatchObject({ title: '测试活动方案', progress: { phase: 'paused' }, units: [{ id: 'tengzhou' }, { id: 'xuecheng' }, { id: 'section' }], matrix: { tengzhou: { measures: { status: 'returned' } }, section: { trainings: { state: 'target-met' } } } });
  const evaluation = await fetch(`${stack.baseUrl}/api/campaigns/minimal/evaluation/xlsx`, { headers: supervisor });
  expect(evaluation.status).toBe(200);
  expect(decodeURIComponent(evaluation.headers.get('content-disposition') ?? '')).toContain('测试活动方案-考核结果-阶段性-');
  expect(Buffer.from(await evaluation.arrayBuffer()).subarray(0, 2).toString()).toBe('PK');
  expect(await call('GET', '/api/campaigns/minimal/evaluation/pdf', { headers: supervisor })).toMatchObject({ status: 400, body: { fieldErrors: { format: ['应为 xlsx、docx、csv、html'] } } });
  expect(await call('GET', '/api/campaigns/minimal/evaluation/xlsx', { headers: tengzhou })).toMatchObject({ status: 403 });
  expect(await call('POST', '/api/campaigns/minimal/control', { headers: admin, body: { action: 'cancel', reason: '测试结束' } })).toMatchObject({ status: 200, body: { phase: 'cancelled' } });
  // After the campaign is over, a unit's link still reads everything, and submits nothing: 409 with the reason.
  await waitFor(() => state('tengzhou', 'measures'), (current) => current.status === 'cancelled', 'the obligation cancelled');
  expect((await call('GET', '/api/unit', { headers: tengzhou })).status).toBe(200);
  expect(await call('POST', '/api/unit/obligations/measures/submission', { headers: tengzhou, body: { submittedBy: '王五', fields: { content: '补报' } } })).toMatchObject({
    status: 409,
    body: { message: expect.stringContaining('撤销') },
  });
});

/**
 * One bad request per endpoint of the OpenAPI document, by `METHOD path`: a new endpoint without
 * a case here fails the first assertion. `null` marks an endpoint that takes no input at all
 * (checked against the document: no parameters, no body).
 */
const validationCases: Record<string, { request: () => Promise<Answer>; field: string } | null> = {
  'POST /api/session': { request: () => call('POST', '/api/session', { body: { username: '', password: 'x' } }), field: 'username' },
  'DELETE /api/session': null,
  'GET /api/unit': null,
  'POST /api/unit/attachments': { request: () => call('POST', '/api/unit/attachments', { headers: tengzhou, body: { files: 'x' } }), field: '(body)' },
  'POST /api/unit/obligations/{obligationId}/submission': { request: () => call('POST', '/api/unit/obligations/Bad!/submission', { headers: tengzhou, body: {} }), field: 'obligationId' },
  'POST /api/unit/obligations/{obligationId}/occurrences': { request: () => call('POST', '/api/unit/obligations/trainings/occurrences', { headers: tengzhou, body: { reportedBy: '王五', date: '昨天', evidence: {} } }), field: 'date' },
  'GET /api/unit/notices/{fileName}': { request: () => call('GET', '/api/unit/notices/..%2F..%2Fetc%2Fpasswd', { headers: tengzhou }), field: 'fileName' },
  'GET /api/attachments/{attachmentId}': { request: () => call('GET', '/api/attachments/..%2Flink-secret', { headers: tengzhou }), field: 'attachmentId' },
  'GET /api/inbox': { request: () => call('GET', '/api/inbox?level=high', { headers: supervisor }), field: 'level' },
  'GET /api/campaigns/{campaignId}/units/{unitId}/obligations/{obligationId}': { request: () => call('GET', '/api/campaigns/minimal/units/Teng%20Zhou/obligations/measures', { headers: supervisor }), field: 'unitId' },
  'POST /api/campaigns/{campaignId}/units/{unitId}/obligations/{obligationId}/actions': { request: () => call('POST', '/api/campaigns/minimal/units/tengzhou/obligations/measures/actions', { headers: supervisor, body: { action: 'extend', reason: '延期' } }), field: 'dueDate' },
  'POST /api/campaigns/{campaignId}/units/{unitId}/actions': { request: () => call('POST', '/api/campaigns/minimal/units/tengzhou/actions', { headers: supervisor, body: { action: 'scold', reason: 'x' } }), field: 'action' },
  'GET /api/campaigns/{campaignId}/units/{unitId}/notices/{fileName}': { request: () => call('GET', '/api/campaigns/minimal/units/tengzhou/notices/notice.exe', { headers: supervisor }), field: 'fileName' },
  'GET /api/campaigns': null,
  'POST /api/definitions': { request: () => call('POST', '/api/definitions', { headers: admin, body: { fileName: 'x.yaml', source: '' } }), field: 'source' },
  'POST /api/definitions/validate': { request: () => call('POST', '/api/definitions/validate', { headers: admin, body: { upload: 'not-a-hash' } }), field: 'upload' },
  'POST /api/campaigns': { request: () => call('POST', '/api/campaigns', { headers: admin, body: { file: 'minimal.yaml', rebaseTo: 7 } }), field: 'rebaseTo' },
  'GET /api/campaigns/{campaignId}': { request: () => call('GET', '/api/campaigns/Minimal!', { headers: supervisor }), field: 'campaignId' },
  'GET /api/campaigns/{campaignId}/evaluation/{format}': { request: () => call('GET', '/api/campaigns/minimal/evaluation/pdf', { headers: supervisor }), field: 'format' },
  'POST /api/campaigns/{campaignId}/control/preview': { request: () => call('POST', '/api/campaigns/minimal/control/preview', { headers: admin, body: { action: 'explode' } }), field: 'action' },
  'POST /api/campaigns/{campaignId}/control': { request: () => call('POST', '/api/campaigns/minimal/control', { headers: admin, body: { action: 'resume', reason: '   ' } }), field: 'reason' },
  'POST /api/simulations': { request: () => call('POST', '/api/simulations', { headers: admin, body: { file: 'zaozhuang-2022-ip-protection.yaml', behaviour: 7 } }), field: 'behaviour' },
  'GET /api/simulations/{simulationId}': { request: () => call('GET', '/api/simulations/..%2Fsecret', { headers: admin }), field: 'simulationId' },
  'GET /api/simulations/{simulationId}/report': { request: () => call('GET', '/api/simulations/not-an-id/report', { headers: admin }), field: 'simulationId' },
  'POST /api/authoring/imports': { request: () => call('POST', '/api/authoring/imports', { headers: admin, body: { text: '通知' } }), field: '(body)' },
  'POST /api/authoring/drafts': { request: () => call('POST', '/api/authoring/drafts', { headers: admin, body: { file: '' } }), field: 'file' },
  'GET /api/authoring/drafts': null,
  'GET /api/authoring/drafts/{draftId}': { request: () => call('GET', '/api/authoring/drafts/..%2Fsecret', { headers: admin }), field: 'draftId' },
  'POST /api/authoring/drafts/{draftId}/answers': { request: () => call('POST', '/api/authoring/drafts/0123456789abcdef/answers', { headers: admin, body: { basedOn: 0, answers: {} } }), field: 'basedOn' },
  'POST /api/authoring/drafts/{draftId}/text': { request: () => call('POST', '/api/authoring/drafts/0123456789abcdef/text', { headers: admin, body: { yaml: 7, basedOn: 1 } }), field: 'yaml' },
  'POST /api/authoring/check': { request: () => call('POST', '/api/authoring/check', { headers: admin, body: { yaml: ['campaign'] } }), field: 'yaml' },
  'POST /api/authoring/drafts/{draftId}/versions': { request: () => call('POST', '/api/authoring/drafts/0123456789abcdef/versions', { headers: admin, body: { yaml: 'x', basedOn: 'one' } }), field: 'basedOn' },
  'GET /api/authoring/drafts/{draftId}/versions': { request: () => call('GET', '/api/authoring/drafts/not-a-draft/versions', { headers: admin }), field: 'draftId' },
  'GET /api/authoring/versions/{versionId}/yaml': { request: () => call('GET', '/api/authoring/versions/x/yaml', { headers: admin }), field: 'versionId' },
  'GET /api/authoring/versions/{versionId}/compare/{otherId}': { request: () => call('GET', '/api/authoring/versions/0123456789abcdef/compare/zz', { headers: admin }), field: 'otherId' },
  'POST /api/authoring/versions/{versionId}/launch': { request: () => call('POST', '/api/authoring/versions/0123456789abcdef/launch', { headers: admin, body: { rebaseTo: 'x'.repeat(100) } }), field: 'rebaseTo' },
  'POST /api/authoring/versions/{versionId}/amend/preview': { request: () => call('POST', '/api/authoring/versions/nope/amend/preview', { headers: admin, body: {} }), field: 'versionId' },
  'GET /api/directory': null,
  'POST /api/directory/units/{unitId}': { request: () => call('POST', '/api/directory/units/tengzhou', { headers: admin, body: { basedOn: 'latest', unit: {} } }), field: 'basedOn' },
  'POST /api/directory/groups/{groupId}': { request: () => call('POST', '/api/directory/groups/west', { headers: admin, body: { basedOn: 1, members: 'xuecheng' } }), field: 'members' },
  'DELETE /api/directory/groups/{groupId}': { request: () => call('DELETE', '/api/directory/groups/west?basedOn=latest', { headers: admin }), field: 'basedOn' },
  'POST /api/directory/unit-kinds/{kindId}': { request: () => call('POST', '/api/directory/unit-kinds/town', { headers: admin, body: { basedOn: 1, name: '  ' } }), field: 'name' },
  'POST /api/directory/import': { request: () => call('POST', '/api/directory/import', { headers: admin, body: { basedOn: 1, fileName: '名录.exe', yaml: 'units: []' } }), field: 'fileName' },
  'GET /api/accounts': null,
  'POST /api/accounts': { request: () => call('POST', '/api/accounts', { headers: admin, body: { username: 'wang', name: '王五', role: 'boss', password: 'a-long-password' } }), field: 'role' },
  'POST /api/accounts/{username}': { request: () => call('POST', '/api/accounts/supervisor', { headers: admin, body: { isDisabled: 'yes' } }), field: 'isDisabled' },
  'POST /api/account/password': { request: () => call('POST', '/api/account/password', { headers: supervisor, body: { currentPassword: 7, newPassword: 'x' } }), field: 'currentPassword' },
  'POST /api/authoring/versions/{versionId}/amend': { request: () => call('POST', '/api/authoring/versions/0123456789abcdef/amend', { headers: admin, body: { reason: '   ' } }), field: 'reason' },
};

describe('every endpoint of the OpenAPI document', () => {
  let operations: { key: string; operation: { parameters?: unknown[]; requestBody?: unknown; security?: Record<string, unknown>[] }; method: string; template: string }[];
  beforeAll(async () => {
    const document = (await call('GET', '/api/openapi.json')).body as { paths: Record<string, Record<string, { parameters?: unknown[]; requestBody?: unknown; security?: Record<string, unknown>[] }>> };
    operations = Object.entries(document.paths).flatMap(([template, methods]) =>
      Object.entries(methods).map(([method, operation]) => ({ key: `${method.toUpperCase()} ${template}`, operation, method: method.toUpperCase(), template })),
    );
  });

  it('answers a bad body, path parameter or query with 400 and the field, on each one', async () => {
    expect(operations.map((entry) => entry.key).sort()).toEqual(Object.keys(validationCases).sort());
    const wrong: string[] = [];
    for (const { key, operation } of operations) {
      const testCase = validationCases[key];
      if (testCase === null) {
        if (operation.parameters || operation.requestBody) wrong.push(`${key}: takes input but has no validation case`);
        continue;
      }
      const answer = await testCase!.request();
      if (answer.status !== 400 || answer.body.error !== 'INVALID_INPUT' || !answer.body.fieldErrors?.[testCase!.field]?.length) {
        wrong.push(`${key} → ${answer.status} ${JSON.stringify(answer.body).slice(0, 200)}`);
      }
    }
    expect(wrong).toEqual([]);
    expect(Object.values(validationCases).filter(Boolean).length).toBeGreaterThanOrEqual(17);
  });

  it('answers 401 to a caller without a session or link on each endpoint that needs one', async () => {
    const filled = (template: string) => template.replace(/\{(\w+)\}/g, (_match, name: string) => ({ campaignId: 'minimal', unitId: 'tengzhou', obligationId: 'measures', fileName: 'x.docx', format: 'csv', attachmentId: `sha256-${'0'.repeat(64)}` })[name] ?? 'x');
    const wrong: string[] = [];
    for (const { key, operation, method, template } of operations.filter((entry) => entry.operation.security)) {
      const answer = await call(method, filled(template), method === 'GET' || method === 'DELETE' ? {} : { body: {} });
      if (answer.status !== 401) wrong.push(`${key} → ${answer.status}`);
      // And a unit's link on a staff endpoint is 403 (never 200): fuzz covers every shape, this is the table.
      if (!('unitLink' in (operation.security?.[0] ?? {}))) {
        const asUnit = await call(method, filled(template), { headers: tengzhou, ...(method === 'GET' || method === 'DELETE' ? {} : { body: {} }) });
        if (asUnit.status !== 403) wrong.push(`${key} as a unit → ${asUnit.status}`);
      }
    }
    expect(wrong).toEqual([]);
  });
});
