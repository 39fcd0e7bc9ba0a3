/**
 * The JSON API's routes are declared with their zod schemas once; the same declaration
 * validates requests (400 with field errors) and writes the OpenAPI document.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { type FieldErrors, InvalidInputError } from '../app/errors';

type Method = 'GET' | 'POST' | 'DELETE';

export interface ApiRoute<Params extends z.ZodType, Query extends z.ZodType, Body extends z.ZodType, Response extends z.ZodType, Caller> {
  method: Method;
  url: string;
  summary: string;
  tag: '单位' | '督办' | '管理' | '登录' | '文档';
  /** Who may call it, for the document: unit link, supervisor session, administrator session, anyone. */
  security: 'unit' | 'supervisor' | 'admin' | 'none';
  params?: Params;
  query?: Query;
  body?: Body;
  /** multipart/form-data instead of JSON (uploads); the handler reads the parts itself. */
  multipart?: { description: string };
  response: Response;
  /** Who is calling, checked before the request is validated: a stranger learns nothing from field errors (401/403 first). */
  guard: (request: FastifyRequest) => Caller | Promise<Caller>;
  handler: (
    input: { params: z.output<Params>; query: z.output<Query>; body: z.output<Body>; caller: Caller },
    request: FastifyRequest,
    reply: FastifyReply,
    // Checked at run time against `response` (which also strips what the document does not name);
    // views carry index-signature-free interfaces that zod's loose objects cannot be assigned from.
  ) => Promise<unknown>;
}

/** `fields.measures` → ["请填写“落实措施”"]: zod's issues as a person reads them, by field. */
export function fieldErrorsOf(error: z.ZodError, prefix = ''): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of error.issues) {
    const key = [prefix, ...issue.path.map(String)].filter(Boolean).join('.') || '(body)';
    (errors[key] ??= []).push(issue.message);
  }
  return errors;
}

function parse<T extends z.ZodType>(schema: T | undefined, value: unknown, prefix: string): z.output<T> {
  if (!schema) return undefined as z.output<T>;
  const parsed = schema.safeParse(value ?? {});
  if (!parsed.success) throw new InvalidInputError(fieldErrorsOf(parsed.error, prefix));
  return parsed.data;
}

export class ApiRegistry {
  private readonly routes: ApiRoute<z.ZodType, z.ZodType, z.ZodType, z.ZodType, unknown>[] = [];

  constructor(private readonly app: FastifyInstance) {}

  add<Params extends z.ZodType, Query extends z.ZodType, Body extends z.ZodType, Response extends z.ZodType, Caller>(route: ApiRoute<Params, Query, Body, Response, Caller>): void {
    this.routes.push(route as unknown as ApiRoute<z.ZodType, z.ZodType, z.ZodType, z.ZodType, unknown>);
    this.app.route({
      method: route.method,
      url: route.url,
      handler: async (request, reply) => {
        const caller = await route.guard(request);
        const input = {
          caller,
          params: parse(route.params, request.params, ''),
          query: parse(route.query, request.query, ''),
          body: route.multipart ? (undefined as z.output<Body>) : parse(route.body, request.body, ''),
        };
        const result = await route.handler(input, request, reply);
        return reply.sent ? reply : route.response.parse(result);
      },
    });
  }

  /** OpenAPI 3.1: every route with its parameters, body and response schema. */
  document(info: { title: string; version: string }): Record<string, unknown> {
    const paths: Record<string, Record<string, unknown>> = {};
    for (const route of this.routes) {
      const openApiPath = route.url.replace(/:(\w+)/g, '{$1}');
      const parameters = [
        ...parametersOf(route.params, 'path'),
        ...parametersOf(route.query, 'query'),
      ];
      (paths[openApiPath] ??= {})[route.method.toLowerCase()] = {
        summary: route.summary,
        tags: [route.tag],
        ...(route.security === 'none' ? {} : { security: [route.security === 'unit' ? { unitLink: [] } : { session: [] }] }),
        ...(parameters.length > 0 ? { parameters } : {}),
        ...(route.body || route.multipart
          ? {
              requestBody: {
                required: true,
                content: route.multipart
                  ? { 'multipart/form-data': { schema: { type: 'object', description: route.multipart.description } } }
                  : { 'application/json': { schema: z.toJSONSchema(route.body!, { io: 'input', unrepresentable: 'any' }) } },
              },
            }
          : {}),
        responses: {
          200: { description: 'OK', content: { 'application/json': { schema: z.toJSONSchema(route.response, { io: 'output', unrepresentable: 'any' }) } } },
          ...(route.body || route.query || route.params || route.multipart ? { 400: errorResponse('请求数据有误：fieldErrors 按字段列出') } : {}),
          ...(route.security === 'none' ? {} : { 401: errorResponse('未登录，或单位链接无效、已过期'), 403: errorResponse('无权执行此操作') }),
          404: errorResponse('没有找到'),
          409: errorResponse('工作流拒绝了此操作（原因见 message），没有任何改变'),
        },
      };
    }
    return {
      openapi: '3.1.0',
      info,
      paths,
      components: {
        securitySchemes: {
          unitLink: { type: 'http', scheme: 'bearer', description: '提醒邮件链接中的单位令牌（HMAC-SHA256 签名，限定活动和单位，有效期有限）；也可作为 token 查询参数' },
          session: { type: 'apiKey', in: 'cookie', name: 'campaign_session', description: '登录后的会话 Cookie；修改类请求须带 x-csrf-token 请求头' },
        },
        schemas: { Error: errorSchema },
      },
    };
  }
}

const errorSchema = {
  type: 'object',
  required: ['error', 'message'],
  properties: {
    error: { type: 'string', description: 'INVALID_INPUT, UNAUTHENTICATED, FORBIDDEN, NOT_FOUND, REFUSED' },
    message: { type: 'string' },
    fieldErrors: { type: 'object', additionalProperties: { type: 'array', items: { type: 'string' } } },
  },
};

function errorResponse(description: string) {
  return { description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };
}

function parametersOf(schema: z.ZodType | undefined, location: 'path' | 'query') {
  if (!schema) return [];
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as { properties?: Record<string, unknown>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, property]) => ({
    name,
    in: location,
    required: location === 'path' || (json.required ?? []).includes(name),
    schema: property,
  }));
}
