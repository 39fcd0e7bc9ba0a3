/**
 * The unit's link: a signed, expiring token scoped to one unit of one campaign. A unit needs no
 * account; whoever holds the link of its reminder email acts for that unit, and for no other.
 * Format: base64url(JSON payload) "." base64url(HMAC-SHA256(secret, payload)).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export interface UnitScope {
  campaignId: string;
  unitId: string;
}

export interface UnitTokenPayload extends UnitScope {
  /** Expiry, ms since the epoch (real time: the link is read by people, not by the plan's clock). */
  expiresAtMs: number;
}

/** Why a token was refused; each maps to 401 at the HTTP edge. */
export class UnitTokenError extends Error {
  constructor(
    readonly code: 'TOKEN_MALFORMED' | 'TOKEN_FORGED' | 'TOKEN_EXPIRED',
    message: string,
  ) {
    super(message);
  }
}

export const minimumSecretLength = 32;

export function signUnitToken(scope: UnitScope, secret: string, expiresAtMs: number): string {
  const payload = Buffer.from(JSON.stringify({ c: scope.campaignId, u: scope.unitId, e: expiresAtMs })).toString('base64url');
  return `${payload}.${signature(payload, secret)}`;
}

/** The unit's scope, or a {@link UnitTokenError} saying why the token is refused. */
export function verifyUnitToken(token: string, secret: string, nowMs: number): UnitTokenPayload {
  const [payload, signed, ...rest] = token.split('.');
  if (!payload || !signed || rest.length > 0) throw new UnitTokenError('TOKEN_MALFORMED', '链接无效：令牌格式不正确');
  const expected = Buffer.from(signature(payload, secret));
  const given = Buffer.from(signed);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
    throw new UnitTokenError('TOKEN_FORGED', '链接无效：签名不正确');
  }
  const decoded = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { c?: unknown; u?: unknown; e?: unknown };
  if (typeof decoded.c !== 'string' || typeof decoded.u !== 'string' || typeof decoded.e !== 'number') {
    throw new UnitTokenError('TOKEN_MALFORMED', '链接无效：令牌内容不完整');
  }
  if (decoded.e <= nowMs) throw new UnitTokenError('TOKEN_EXPIRED', `链接已于${new Date(decoded.e).toISOString()}过期，请使用最新提醒邮件中的链接`);
  return { campaignId: decoded.c, unitId: decoded.u, expiresAtMs: decoded.e };
}

/** The address a reminder email carries: the unit's page on the web server. */
export function unitPageUrl(baseUrl: string, token: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/unit?token=${encodeURIComponent(token)}`;
}

/** Builds the link of every message to a unit; `ttlMs` after it was sent, it expires. */
export function unitLinkMaker(options: { baseUrl: string; secret: string; ttlMs: number; now?: () => number }) {
  const now = options.now ?? Date.now;
  return (scope: UnitScope): string => unitPageUrl(options.baseUrl, signUnitToken(scope, options.secret, now() + options.ttlMs));
}

function signature(payload: string, secret: string): string {
  return createHmac('sha256', secret).update(payload).digest('base64url');
}
