/**
 * Who is calling: a signed-in administrator or supervisor (session cookie), or a unit holding
 * its link (token in `Authorization: Bearer`, the `token` query parameter or form field).
 * A unit can only ever act within the scope its token names; staff actions need a session.
 */
import type { FastifyRequest } from 'fastify';
import type { Role } from '../app/accounts';
import { ForbiddenError, UnauthenticatedError } from '../app/errors';
import type { SessionRepository } from '../store/sessions';
import type { StaffAccount } from '../app/account-admin';
import { isCsrfTokenValid, readSession, type Session } from './session';
import { type UnitTokenPayload, UnitTokenError, verifyUnitToken } from '../app/unit-links';

export interface AuthSettings {
  secret: string;
  now?: () => number;
  /** The store's sessions: a session is only what the store still holds. */
  sessions: SessionRepository;
  /** The session's account as it is now (role, name, scope); undefined when disabled or gone. */
  staff: (username: string) => Promise<StaffAccount | undefined>;
}

/** The unit token the request carries, if any (not yet verified). */
export function unitTokenOf(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (header?.startsWith('Bearer ')) return header.slice('Bearer '.length).trim();
  const query = request.query as Record<string, unknown> | undefined;
  if (typeof query?.token === 'string') return query.token;
  const body = request.body as Record<string, unknown> | undefined;
  if (body && typeof body === 'object' && typeof body.token === 'string') return body.token;
  return undefined;
}

export function requireUnit(request: FastifyRequest, settings: AuthSettings): UnitTokenPayload {
  const token = unitTokenOf(request);
  if (!token) throw new UnauthenticatedError('缺少单位链接令牌：请使用提醒邮件中的链接');
  try {
    return verifyUnitToken(token, settings.secret, (settings.now ?? Date.now)());
  } catch (error) {
    if (error instanceof UnitTokenError || error instanceof SyntaxError) {
      throw new UnauthenticatedError(error instanceof UnitTokenError ? error.message : '链接无效：令牌内容不可读');
    }
    throw error;
  }
}

/**
 * A session with at least `role` (an administrator may do what a supervisor does). A state
 * change also needs the session's CSRF token: the `x-csrf-token` header or the form's `_csrf`
 * field, never the address (a token in a URL leaks into logs and histories). A multipart form's
 * body is read later, as a stream: its `_csrf` must be its first field, checked by readMultipart
 * before any file is read.
 */
export async function requireStaff(request: FastifyRequest, settings: AuthSettings, role: Role, options: { changesState: boolean }): Promise<Session> {
  const stored = await readSession(request, settings.sessions);
  if (!stored) {
    if (unitTokenOf(request)) throw new ForbiddenError('单位链接不能执行管理或督办操作');
    throw new UnauthenticatedError('请先登录');
  }
  // The account as it is now: a role, name or scope changed by an administrator counts at once.
  const account = await settings.staff(stored.username);
  if (!account) throw new UnauthenticatedError('请先登录');
  const session: Session = { ...stored, name: account.name, role: account.role, ...(account.scope ? { scope: account.scope } : {}) };
  if (role === 'admin' && session.role !== 'admin') throw new ForbiddenError(`${session.name}是督办人员，此操作仅限管理员`);
  if (options.changesState) {
    const header = request.headers['x-csrf-token'];
    if (header === undefined && request.isMultipart()) {
      multipartCsrfChecks.set(request, (given) => isCsrfTokenValid(session, settings.secret, given));
      return session;
    }
    const body = request.body as Record<string, unknown> | undefined;
    const given = header ?? (body && typeof body === 'object' ? body._csrf : undefined);
    if (!isCsrfTokenValid(session, settings.secret, given)) throw csrfRefusal();
  }
  return session;
}

/** The guard of an administrators' route; `changesState` asks for the CSRF token too. */
export const adminGuard = (settings: AuthSettings) => (changesState: boolean) => (request: FastifyRequest) => requireStaff(request, settings, 'admin', { changesState });

const multipartCsrfChecks = new WeakMap<FastifyRequest, (given: string) => boolean>();

/** How a multipart form's first field is checked, if its route changes state. */
export function multipartCsrfCheckOf(request: FastifyRequest): ((given: string) => boolean) | undefined {
  return multipartCsrfChecks.get(request);
}

export function csrfRefusal(): ForbiddenError {
  return new ForbiddenError('表单已失效（CSRF 校验失败），请刷新页面后重试');
}
