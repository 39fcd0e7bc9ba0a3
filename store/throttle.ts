/**
 * Failed log-ins in the database, shared by every web server: the same check / failed /
 * succeeded as web/accounts.ts's SignInThrottle, asynchronous, with two limits.
 *
 * - Per key (the attempt's address and user name): `maxFailures` within `windowMs` (5 in 15
 *   minutes), then that key is refused until the oldest of them leaves the window; a success
 *   clears the key. Someone elsewhere cannot lock a person out of their own account this way.
 * - For everyone: `globalMaxFailures` within `globalWindowMs` (100 a minute), then every log-in
 *   is refused until the rate falls. Guessing spread over many addresses and names slips under
 *   the first limit but not this one; the price is that such an attack also holds legitimate
 *   users off for that minute, which is the lesser harm than passwords guessed at speed.
 *
 * Keys are stored as SHA-256 (a 3 MB user name costs 32 bytes), and each failure deletes the
 * rows no window counts any more, so the table holds at most about the global limit per window
 * (refused attempts are not counted: a refusal is checked before the password).
 */
import { createHash } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import { msInterval } from './clock';
import type { Database } from './database';
import { StoreError } from './errors';

export interface ThrottleLimits {
  maxFailures: number;
  windowMs: number;
  globalMaxFailures: number;
  globalWindowMs: number;
}

export const defaultThrottleLimits: ThrottleLimits = { maxFailures: 5, windowMs: 15 * 60_000, globalMaxFailures: 100, globalWindowMs: 60_000 };

/** A log-in refused before its password was looked at; `scope` says which limit refused it. */
export class SignInRefused extends StoreError {
  constructor(
    readonly scope: 'key' | 'everyone',
    readonly retryAfterMinutes: number,
  ) {
    super(
      'TOO_MANY_ATTEMPTS',
      scope === 'key' ? `登录失败次数过多，请${retryAfterMinutes}分钟后再试` : `全站登录失败次数过多，为防止密码被猜测，登录暂停，请${retryAfterMinutes}分钟后再试`,
    );
  }
}

const keyHash = (key: string) => createHash('sha256').update(key).digest();

export class SignInThrottleStore {
  readonly limits: ThrottleLimits;

  constructor(
    private readonly db: Kysely<Database>,
    limits: Partial<ThrottleLimits> = {},
  ) {
    this.limits = { ...defaultThrottleLimits, ...limits };
  }

  /** Throws SignInRefused while `key` or everyone is refused. */
  async check(key: string): Promise<void> {
    const { maxFailures, windowMs, globalMaxFailures, globalWindowMs } = this.limits;
    // The failure whose leaving the window allows the next attempt: the max-th most recent one.
    const waitFor = (windowMsOf: number, max: number, forKey: boolean) => sql<number | null>`(
      select extract(epoch from (failed_at + ${msInterval(windowMsOf)} - now())) * 1000 from sign_in_failures
      where failed_at > now() - ${msInterval(windowMsOf)} ${forKey ? sql`and key_hash = ${keyHash(key)}` : sql``}
      order by failed_at desc offset ${max - 1} limit 1)`;
    const { rows } = await sql<{ key_wait: number | null; everyone_wait: number | null }>`
      select ${waitFor(windowMs, maxFailures, true)} as key_wait, ${waitFor(globalWindowMs, globalMaxFailures, false)} as everyone_wait`.execute(this.db);
    const { key_wait: keyWait, everyone_wait: everyoneWait } = rows[0]!;
    const minutes = (ms: number) => Math.max(1, Math.ceil(Number(ms) / 60_000));
    if (keyWait !== null) throw new SignInRefused('key', minutes(keyWait));
    if (everyoneWait !== null) throw new SignInRefused('everyone', minutes(everyoneWait));
  }

  async failed(key: string): Promise<void> {
    const keep = Math.max(this.limits.windowMs, this.limits.globalWindowMs);
    await sql`
      with forgotten as (delete from sign_in_failures where failed_at < now() - ${msInterval(keep)})
      insert into sign_in_failures (key_hash) values (${keyHash(key)})`.execute(this.db);
  }

  async succeeded(key: string): Promise<void> {
    await this.db.deleteFrom('sign_in_failures').where('key_hash', '=', keyHash(key)).execute();
  }

  /** Deletes the failures no window counts any more; returns how many. */
  async purge(): Promise<number> {
    const keep = Math.max(this.limits.windowMs, this.limits.globalWindowMs);
    const result = await this.db.deleteFrom('sign_in_failures').where('failed_at', '<', sql<Date>`now() - ${msInterval(keep)}`).executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
