/**
 * Signed-in administrators and supervisors. The session lives in the store (shared by every web
 * server, revocable): the cookie carries only its random id, signed by @fastify/cookie (HMAC with
 * a key derived from LINK_SECRET). A CSRF token derived from the session's nonce goes with every
 * form (`_csrf`) and JSON call (`x-csrf-token`). Log-out revokes the session at once.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Account, Role } from '../app/accounts';
import type { SessionRepository } from '../store/sessions';
import type { StaffScope } from '../app/staff-scope';

export const sessionCookie = 'campaign_session';
const sessionTtlMs = 12 * 60 * 60 * 1000;
/** A session id as the store makes them (base64url of 32 random bytes); anything else is no session. */
const sessionIdPattern = /^[A-Za-z0-9_-]{20,100}$/;

export interface Session {
  id: string;
  username: string;
  name: string;
  role: Role;
  nonce: string;
  /** A scoped supervisor's units (app/staff-scope.ts); absent: every unit. Read from the account on each request. */
  scope?: StaffScope;
}

/** A key for one purpose, derived from the one secret the environment gives. */
export function deriveKey(secret: string, purpose: string): string {
  return createHmac('sha256', secret).update(`campaign-web:${purpose}`).digest('base64url');
}

/** `secure`: the cookie only over HTTPS (when the pages are served at an https:// address). */
export async function startSession(reply: FastifyReply, sessions: SessionRepository, account: Account, secure: boolean): Promise<Session> {
  const created = await sessions.create({ username: account.username, name: account.name, role: account.role, ttlMs: sessionTtlMs });
  reply.setCookie(sessionCookie, created.id, { signed: true, httpOnly: true, secure, sameSite: 'lax', path: '/', maxAge: sessionTtlMs / 1000 });
  return { id: created.id, username: account.username, name: account.name, role: account.role, nonce: created.csrfNonce };
}

/** Revokes the request's session (every web server refuses its cookie from now on) and clears the cookie. */
export async function endSession(request: FastifyRequest, reply: FastifyReply, sessions: SessionRepository): Promise<void> {
  const id = sessionIdOf(request);
  if (id) await sessions.revoke(id);
  reply.clearCookie(sessionCookie, { path: '/' });
}

/** The request's session: its cookie present and correctly signed, and the store still holding it unexpired and unrevoked. */
export async function readSession(request: FastifyRequest, sessions: SessionRepository): Promise<Session | undefined> {
  const id = sessionIdOf(request);
  if (!id) return undefined;
  const stored = await sessions.find(id);
  if (!stored) return undefined;
  return { id, username: stored.username, name: stored.name, role: stored.role as Role, nonce: stored.csrfNonce };
}

function sessionIdOf(request: FastifyRequest): string | undefined {
  const raw = request.cookies[sessionCookie];
  if (!raw) return undefined;
  const unsigned = request.unsignCookie(raw);
  return unsigned.valid && unsigned.value !== null && sessionIdPattern.test(unsigned.value) ? unsigned.value : undefined;
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
