/**
 * Administrators' and supervisors' accounts as WEB_ACCOUNTS gives them (the store's are imported
 * from there: ./account-admin.ts), passwords stored only as scrypt hashes (`scrypt$<salt>$<hash>`, base64url), compared in constant time.
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { TooManyAttemptsError } from './errors';
import { hashPassword, isPassword } from './passwords';

export { hashPassword } from './passwords';

export const roles = ['admin', 'supervisor'] as const;
export type Role = (typeof roles)[number];

export const accountsSchema = z.array(
  z.strictObject({
    username: z.string().regex(/^[A-Za-z0-9._@-]+$/, { error: 'letters, digits and . _ @ -' }),
    /** As recorded in every action, e.g. 知识产权保护科 张科长. */
    name: z.string().min(1),
    role: z.enum(roles),
    passwordHash: z.string().regex(/^scrypt\$[A-Za-z0-9_-]+\$[A-Za-z0-9_-]+$/, { error: 'scrypt$<salt>$<hash> (npm run campaign -- hash-password)' }),
  }),
);
export type Account = z.infer<typeof accountsSchema>[number];

/** Where accounts are looked up: a list (WEB_ACCOUNTS), or the store's (a disabled one says so). */
export type AccountSource = Account[] | ((username: string) => Promise<(Account & { isDisabled?: boolean }) | undefined>);

/** The account whose password this is; the same work is done for an unknown name (no timing oracle). */
export async function authenticate(accounts: AccountSource, username: string, password: string): Promise<(Account & { isDisabled?: boolean }) | undefined> {
  const account = Array.isArray(accounts) ? accounts.find((candidate) => candidate.username === username) : await accounts(username);
  const isRight = await isPassword(account?.passwordHash ?? dummyHash, password);
  return isRight && account ? account : undefined;
}

const dummyHash = hashPassword(randomBytes(16).toString('hex'));

/**
 * Failed log-ins counted per (address, user name): after `maxFailures` within `windowMs` that
 * pair is refused until the window has passed, so a password cannot be guessed at speed, while
 * an attacker elsewhere cannot lock a person out of their own account from their own address.
 * In memory, per web process (a restart forgets); a success clears the count.
 */
export class MemorySignInThrottle {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly now: () => number = Date.now,
    private readonly maxFailures = 5,
    private readonly windowMs = 15 * 60_000,
  ) {}

  /** Throws TooManyAttemptsError while `key` is refused. */
  async check(key: string): Promise<void> {
    const recent = this.recent(key);
    if (recent.length < this.maxFailures) return;
    const minutes = Math.max(1, Math.ceil((recent[0]! + this.windowMs - this.now()) / 60_000));
    throw new TooManyAttemptsError(`登录失败次数过多，请${minutes}分钟后再试`);
  }

  async failed(key: string): Promise<void> {
    this.failures.set(key, [...this.recent(key), this.now()]);
    // Bounded: forget the pairs whose window has passed once the map grows.
    if (this.failures.size > 10_000) for (const other of [...this.failures.keys()]) if (this.recent(other).length === 0) this.failures.delete(other);
  }

  async succeeded(key: string): Promise<void> {
    this.failures.delete(key);
  }

  private recent(key: string): number[] {
    const since = this.now() - this.windowMs;
    return (this.failures.get(key) ?? []).filter((at) => at > since);
  }
}
