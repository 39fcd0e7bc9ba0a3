/**
 * What every response and every state-changing request goes through: security headers on each
 * answer, and a refusal of requests another site's page makes a browser send (a cross-site form
 * post to /login would sign a person into the attacker's account; to any other form it is the
 * CSRF the tokens also stop).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ForbiddenError } from '../app/errors';

/** Scripts and styles from this server only (the pages run no inline script); nothing may frame a page. */
const contentSecurityPolicy = [
  "default-src 'self'",
  "script-src 'self'",
  // The evaluation report and the pages set a few inline styles; no inline script is allowed.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const stateChanging = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export function guardRequests(app: FastifyInstance, baseUrl: string): void {
  const ownOrigin = new URL(baseUrl).origin;
  app.addHook('onRequest', async (request: FastifyRequest) => {
    if (!stateChanging.has(request.method)) return;
    // Browsers say where a request comes from; scripts and the CLI send neither header.
    const site = request.headers['sec-fetch-site'];
    const origin = request.headers.origin;
    const isSameOrigin = origin === undefined || origin === ownOrigin || origin === `${request.protocol}://${request.host}`;
    if (site === 'cross-site' || !isSameOrigin) throw new ForbiddenError('跨站提交被拒绝：请在本系统的页面上操作');
  });
  app.addHook('onSend', async (request: FastifyRequest, reply: FastifyReply, payload) => {
    reply.header('x-content-type-options', 'nosniff');
    // same-origin: the unit links in addresses never leave for another site, and the browser still
    // says Origin on its own form posts (with no-referrer it sends "null", refused below).
    reply.header('referrer-policy', 'same-origin');
    if (String(reply.getHeader('content-type') ?? '').startsWith('text/html')) {
      reply.header('content-security-policy', contentSecurityPolicy);
      reply.header('x-frame-options', 'DENY');
    }
    // Pages and answers carry unit links, CSRF tokens and people's submissions: never kept by a cache.
    if (!request.url.startsWith('/assets/')) reply.header('cache-control', 'no-store');
    return payload;
  });
}
