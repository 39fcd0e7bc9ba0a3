/**
 * Failed log-ins counted in PostgreSQL, per (address, user name) and for everyone. Windows of 1.5 s
 * stand in for the 15 minutes and the minute where a test must see a window pass (long enough for
 * a loaded machine to make five failures within one).
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
    const web = await webServer({ windowMs: 1_500 });
    for (let failure = 0; failure < 5; failure += 1) await web.throttle.failed('10.0.0.10|admin');
    await expect(web.throttle.check('10.0.0.10|admin')).rejects.toMatchObject({ scope: 'key', retryAfterMinutes: 1 });
    await eventually(() => refusal(web.throttle.check('10.0.0.10|admin')), (error) => error === undefined, 10_000);
  });

  it('refuses every log-in for a while when failures from everywhere exceed the global limit', async () => {
    const web = await webServer({ globalMaxFailures: 6, globalWindowMs: 1_500 });
    // Guessing spread over addresses and names: no key reaches five.
    for (let attempt = 0; attempt < 6; attempt += 1) await web.throttle.failed(`198.51.100.${attempt}|user-${attempt}`);
    const refused = await refusal(web.throttle.check('10.0.0.11|admin'));
    expect(refused).toMatchObject({ code: 'TOO_MANY_ATTEMPTS', scope: 'everyone', retryAfterMinutes: 1, message: '全站登录失败次数过多，为防止密码被猜测，登录暂停，请1分钟后再试' });
    await eventually(() => refusal(web.throttle.check('10.0.0.11|admin')), (error) => error === undefined, 10_000);
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
    const web = await webServer();
    // Failures of an hour ago, as a burst of guessing leaves them behind.
    const oldFailures = (count: number) => sql`
      insert into sign_in_failures (key_hash, failed_at)
      select sha256(convert_to('203.0.113.' || n || '|admin', 'UTF8')), now() - interval '1 hour' from generate_series(1, ${count}) n`.execute(web.db);
    await oldFailures(50);
    await web.throttle.failed('198.51.100.1|admin');
    await web.throttle.failed('198.51.100.2|admin');
    expect(await rowCount(web)).toBe(2);
    await oldFailures(10);
    expect(await web.throttle.purge()).toBe(10);
    expect(await rowCount(web)).toBe(2);
  });
});
