/**
 * Failed log-ins counted in PostgreSQL, per (address, user name) and for everyone. Short windows
 * stand in for the 15 minutes and the minute where a test must see a window pass.
 */
import { sql } from 'kysely';
import { openStore, type Store } from '../store/database';
import { SignInRefused } from '../store/throttle';
import { createTestDatabase, eventually, type TestDatabase } from './support/database';

let database: TestDatabase;
const opened: Store[] = [];
beforeAll(async () => (database = await createTestDatabase()));
afterAll(async () => {
  await Promise.all(opened.map((store) => store.close()));
  await database.drop();
});

/** A web server's store with these limits; the table starts empty for each test. */
async function webServer(limits: Parameters<typeof openStore>[0]['throttle'] = {}): Promise<Store> {
  const store = await openStore({ url: database.url, poolSize: 2, throttle: limits });
  opened.push(store);
  await sql`delete from sign_in_failures`.execute(store.db);
  return store;
}

const refusal = async (check: Promise<void>) => check.then(() => undefined, (error: unknown) => error);
const rowCount = async (store: Store) => Number((await sql<{ count: string }>`select count(*) from sign_in_failures`.execute(store.db)).rows[0]!.count);

describe('log-in throttling in PostgreSQL', () => {
  it('refuses a name from an address after five failures within 15 minutes, saying how long to wait, on every web server', async () => {
    const [webA, webB] = [await webServer(), await webServer()];
    for (let failure = 0; failure < 5; failure += 1) {
      await (failure % 2 ? webA : webB).throttle.check('10.0.0.7|admin');
      await (failure % 2 ? webA : webB).throttle.failed('10.0.0.7|admin');
    }
    const refused = await refusal(webA.throttle.check('10.0.0.7|admin'));
    expect(refused).toBeInstanceOf(SignInRefused);
    expect(refused).toMatchObject({ code: 'TOO_MANY_ATTEMPTS', scope: 'key', retryAfterMinutes: 15, message: '登录失败次数过多，请15分钟后再试' });
    await expect(webB.throttle.check('10.0.0.7|admin')).rejects.toBeInstanceOf(SignInRefused);
    // The same name from another address, and another name from this one, are not held.
    await webA.throttle.check('10.0.0.8|admin');
    await webA.throttle.check('10.0.0.7|supervisor');
  });

  it('clears a key’s failures when its log-in succeeds', async () => {
    const web = await webServer();
    for (let failure = 0; failure < 4; failure += 1) await web.throttle.failed('10.0.0.9|admin');
    await web.throttle.succeeded('10.0.0.9|admin');
    await web.throttle.failed('10.0.0.9|admin');
    await web.throttle.check('10.0.0.9|admin');
  });

  it('lets the key in again once its window has passed', async () => {
    const web = await webServer({ windowMs: 400 });
    for (let failure = 0; failure < 5; failure += 1) await web.throttle.failed('10.0.0.10|admin');
    await expect(web.throttle.check('10.0.0.10|admin')).rejects.toMatchObject({ scope: 'key', retryAfterMinutes: 1 });
    await eventually(() => refusal(web.throttle.check('10.0.0.10|admin')), (error) => error === undefined);
  });

  it('refuses every log-in for a while when failures from everywhere exceed the global limit', async () => {
    const web = await webServer({ globalMaxFailures: 6, globalWindowMs: 500 });
    // Guessing spread over addresses and names: no key reaches five.
    for (let attempt = 0; attempt < 6; attempt += 1) await web.throttle.failed(`198.51.100.${attempt}|user-${attempt}`);
    const refused = await refusal(web.throttle.check('10.0.0.11|admin'));
    expect(refused).toMatchObject({ code: 'TOO_MANY_ATTEMPTS', scope: 'everyone', retryAfterMinutes: 1, message: '全站登录失败次数过多，为防止密码被猜测，登录暂停，请1分钟后再试' });
    await eventually(() => refusal(web.throttle.check('10.0.0.11|admin')), (error) => error === undefined);
  });

  it('stores a 3 MB user name as a 32-byte hash', async () => {
    const web = await webServer();
    const huge = `10.0.0.12|${'名'.repeat(1024 * 1024)}`;
    for (let failure = 0; failure < 5; failure += 1) await web.throttle.failed(huge);
    await expect(web.throttle.check(huge)).rejects.toMatchObject({ scope: 'key' });
    const { rows } = await sql<{ bytes: number }>`select max(octet_length(key_hash)) as bytes from sign_in_failures`.execute(web.db);
    expect(rows[0]!.bytes).toBe(32);
  });

  it('forgets failures no window counts any more, so the table stays small', async () => {
    const web = await webServer({ windowMs: 200, globalWindowMs: 200 });
    for (let attempt = 0; attempt < 50; attempt += 1) await web.throttle.failed(`203.0.113.${attempt}|admin`);
    expect(await rowCount(web)).toBe(50);
    await new Promise((resolve) => setTimeout(resolve, 250)); // the windows pass
    await web.throttle.failed('203.0.113.99|admin');
    expect(await rowCount(web)).toBe(1);
    await eventually(() => web.throttle.purge().then(() => rowCount(web)), (count) => count === 0);
  });
});
