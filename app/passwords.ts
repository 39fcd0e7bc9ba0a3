/**
 * Password hashes (scrypt) computed off the event loop, a few at a time: a flood of log-ins then
 * queues here instead of holding every other request up (scryptSync took ~40 ms of the one thread
 * each), and beyond a bounded queue it is refused at once rather than held in memory.
 */
import { randomBytes, scrypt, scryptSync, timingSafeEqual } from 'node:crypto';
import { TooManyAttemptsError } from './errors';

const keyLength = 32;
/** Hashes at once: libuv's thread pool has four threads, and file reads need some of them too. */
const maxConcurrentHashes = 2;
/** Log-ins waiting for a hash; more are refused with 429 until the queue drains. */
const maxWaitingHashes = 64;

/** `scrypt$<salt>$<hash>` (base64url), for an account in WEB_ACCOUNTS or the store. */
export function hashPassword(password: string, salt: Buffer = randomBytes(16)): string {
  return `scrypt$${salt.toString('base64url')}$${scryptSync(password, salt, keyLength).toString('base64url')}`;
}

let running = 0;
const waiting: (() => void)[] = [];

async function withHashSlot<T>(work: () => Promise<T>): Promise<T> {
  if (running >= maxConcurrentHashes) {
    if (waiting.length >= maxWaitingHashes) throw new TooManyAttemptsError('登录请求过多，请稍后再试');
    await new Promise<void>((resolve) => waiting.push(resolve));
  }
  running += 1;
  try {
    return await work();
  } finally {
    running -= 1;
    waiting.shift()?.();
  }
}

function scryptAsync(password: string, salt: Buffer, length: number): Promise<Buffer> {
  return new Promise((resolve, reject) => scrypt(password, salt, length, (error, key) => (error ? reject(error) : resolve(key))));
}

/** `hashPassword` off the event loop, in the same bounded queue as log-ins (an account's new password). */
export async function hashPasswordAsync(password: string, salt: Buffer = randomBytes(16)): Promise<string> {
  const key = await withHashSlot(() => scryptAsync(password, salt, keyLength));
  return `scrypt$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

/** Whether `password` is the one `passwordHash` was made from; compared in constant time. */
export async function isPassword(passwordHash: string, password: string): Promise<boolean> {
  const [, salt, hash] = passwordHash.split('$') as [string, string, string];
  const expected = Buffer.from(hash ?? '', 'base64url');
  const given = await withHashSlot(() => scryptAsync(password, Buffer.from(salt ?? '', 'base64url'), expected.length || keyLength));
  return expected.length === given.length && timingSafeEqual(expected, given);
}
