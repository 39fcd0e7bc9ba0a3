/**
 * Signed-in administrators and supervisors: a session cookie signed by @fastify/cookie (HMAC
 * with a key derived from LINK_SECRET), and a CSRF token derived from the session's nonce that
 * every form carries (`_csrf`) and every JSON call sends (`x-csrf-token`).
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Account, Role } from '../app/accounts';

export const sessionCookie = 'campaign_session';
const sessionTtlMs = 12 * 60 * 60 * 1000;

export interface Session {
  username: string;
  name: string;
  role: Role;
  nonce: string;
  expiresAtMs: number;
}

/** A key for one purpose, derived from the one secret the environment gives. */
export function deriveKey(secret: string, purpose: string): string {
  return createHmac('sha256', secret).update(`campaign-web:${purpose}`).digest('base64url');
}

/** `secure`: the cookie only over HTTPS (when the pages are served at an https:// address). */
export function startSession(reply: FastifyReply, account: Account, secure: boolean, nowMs = Date.now()): Session {
  const session: Session = { username: account.username, name: account.name, role: account.role, nonce: randomBytes(16).toString('base64url'), expiresAtMs: nowMs + sessionTtlMs };
  reply.setCookie(sessionCookie, Buffer.from(JSON.stringify(session)).toString('base64url'), {
    signed: true,
    httpOnly: true,
    secure,
    sameSite: 'lax',
    path: '/',
    maxAge: sessionTtlMs / 1000,
  });
  return session;
}

export function endSession(reply: FastifyReply): void {
  reply.clearCookie(sessionCookie, { path: '/' });
}

/** The request's session, if its cookie is present, correctly signed and not expired. */
export function readSession(request: FastifyRequest, nowMs = Date.now()): Session | undefined {
  const raw = request.cookies[sessionCookie];
  if (!raw) return undefined;
  const unsigned = request.unsignCookie(raw);
  if (!unsigned.valid || unsigned.value === null) return undefined;
  try {
    const session = JSON.parse(Buffer.from(unsigned.value, 'base64url').toString('utf8')) as Session;
    return session.expiresAtMs > nowMs ? session : undefined;
  } catch {
    return undefined;
  }
}

export function csrfTokenOf(session: Session, secret: string): string {
  return createHmac('sha256', deriveKey(secret, 'csrf')).update(session.nonce).digest('base64url');
}

export function isCsrfTokenValid(session: Session, secret: string, given: unknown): boolean {
  if (typeof given !== 'string') return false;
  const expected = Buffer.from(csrfTokenOf(session, secret));
  const actual = Buffer.from(given);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
