/**
 * The people's HTTP server (fastify): the JSON API with its OpenAPI document, and the pages of
 * administrators, supervisors and units, server-rendered in Chinese.
 */
import fastifyCookie from '@fastify/cookie';
import fastifyFormbody from '@fastify/formbody';
import fastifyMultipart from '@fastify/multipart';
import type { Client } from '@temporalio/client';
import type { Store } from '../store/database';
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import { registerApi } from './api';
import { trustProxyOf, type WebEnv } from '../app/settings';
import type { WebContext } from './context';
import { createApplication } from '../app';
import { WebError } from '../app/errors';
import { errorPage } from './pages/login';
import { registerPages } from './pages/routes';
import { deriveKey } from './session';
import { guardRequests } from './security';
import { answerUnrouted, declaredMethods, frameworkRefusal } from './refusals';
import type { Simulations } from '../app/simulations';

export interface WebServerOptions {
  client: Client;
  /** The application's store: sessions, log-in throttling, attachments, notices (shared by every web server). */
  store: Store;
  env: WebEnv & { LINK_SECRET: string };
  /** DATA_DIR: attachments/, definitions/ (uploads), notices/ (kept by the worker). */
  dataDir: string;
  /** The project's config/ folder, with campaigns/ and shared/. */
  configDir: string;
  taskQueue: string;
  /** Runs a simulation (default: the time-skipping server of this checkout). */
  simulations?: Simulations;
  now?: () => number;
  logger?: boolean;
}

export async function buildWebServer(options: WebServerOptions): Promise<FastifyInstance> {
  const { env } = options;
  const app = Fastify({ logger: options.logger ?? false, bodyLimit: 4 * 1024 * 1024, trustProxy: trustProxyOf(env.WEB_TRUST_PROXY) });
  const methodsOf = declaredMethods(app);
  await app.register(fastifyCookie, { secret: deriveKey(env.LINK_SECRET, 'cookie') });
  await app.register(fastifyFormbody);
  // A file over the limit is truncated, not thrown mid-stream: readMultipart reads on and answers 413 with the field.
  await app.register(fastifyMultipart, { throwFileSizeLimit: false, limits: { fileSize: env.WEB_MAX_UPLOAD_MB * 1024 * 1024, files: 50, fields: 100, fieldSize: 256 * 1024 } });

  const context: WebContext = {
    server: app,
    app: createApplication({ ...options, maxUploadMb: env.WEB_MAX_UPLOAD_MB }),
    env,
    now: options.now ?? Date.now,
    signIns: options.store.throttle,
    auth: { secret: env.LINK_SECRET, now: options.now ?? Date.now, sessions: options.store.sessions, staff: (username) => context.app.accounts.staffOf(username) },
  };
  // WEB_ACCOUNTS bootstraps the store's accounts (app/account-admin.ts): one changed in the pages since stays as changed.
  const { kept, withdrawn, keptLastAdmin } = await context.app.accounts.importFromEnvironment(env.accounts);
  if (kept.length > 0) console.warn(`web: WEB_ACCOUNTS names ${kept.join(', ')}, changed in the pages since: the store's account is used`);
  if (withdrawn.length > 0) console.warn(`web: WEB_ACCOUNTS no longer names ${withdrawn.join(', ')}: disabled, their sessions ended`);
  if (keptLastAdmin.length > 0) console.warn(`web: WEB_ACCOUNTS no longer names ${keptLastAdmin.join(', ')}, kept enabled as the last administrator: create another in 账号管理 first`);

  app.setErrorHandler((error, request, reply) => {
    const isApi = request.url.startsWith('/api/');
    let status = 500;
    let body: { error: string; message: string; fieldErrors?: Record<string, string[]> };
    if (error instanceof WebError) {
      status = error.status;
      body = { error: error.code, message: error.message, ...('fieldErrors' in error ? { fieldErrors: error.fieldErrors as Record<string, string[]> } : {}) };
    } else if (typeof (error as { statusCode?: number }).statusCode === 'number' && (error as { statusCode: number }).statusCode < 500) {
      // Fastify's own refusals: a body that is not JSON, too large, a wrong content type; in Chinese, naming the body.
      const refusal = frameworkRefusal(error as Error & { statusCode: number; code?: string });
      status = refusal.status;
      const code = status === 413 ? 'PAYLOAD_TOO_LARGE' : status === 415 ? 'UNSUPPORTED_MEDIA_TYPE' : 'INVALID_INPUT';
      body = { error: code, message: refusal.message, fieldErrors: { '(body)': [refusal.message] } };
    } else {
      // Not a person's mistake: keep the stack for the operator.
      console.error(`web: ${request.method} ${request.url}:`, error);
      body = { error: 'INTERNAL', message: '服务器内部错误，请稍后重试' };
    }
    if (isApi) return reply.code(status).send(body);
    return reply.code(status).type('text/html; charset=utf-8').send(errorPage(status, body.message));
  });

  const sendRefusal = (reply: FastifyReply, status: number, error: string, message: string) =>
    reply.request.url.startsWith('/api/') ? reply.code(status).send({ error, message }) : reply.code(status).type('text/html; charset=utf-8').send(errorPage(status, message));
  app.setNotFoundHandler((request, reply) => answerUnrouted(request, reply, methodsOf, sendRefusal));
  // Before a body is read: a method the path does not declare (QUERY, PUT, …) is 405 whatever its body.
  app.addHook('onRequest', async (request, reply) => {
    const allowed = methodsOf(request.url.split('?')[0]!);
    if (allowed.length > 0 && !allowed.includes(request.method)) return answerUnrouted(request, reply, methodsOf, sendRefusal);
    return undefined;
  });

  guardRequests(app, env.WEB_BASE_URL);
  app.get('/healthz', async () => ({ ok: true }));
  registerApi(context);
  registerPages(context);
  return app;
}
