/**
 * The JSON API's routes are declared with their zod schemas once; the same declaration
 * validates requests (400 with field errors) and writes the OpenAPI document.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { type FieldErrors, InvalidInputError } from '../app/errors';

type Method = 'GET' | 'POST' | 'DELETE';

/** What a route may answer besides its success and what its kind always may (see {@link responsesOf}). */
export type Refusal = 401 | 404 | 409 | 429;

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
  /** The success status (202: accepted, still running). */
  status?: 200 | 202;
  /** A download: the content types its success may have (a file, never JSON). */
  produces?: readonly string[];
  /** Refusals the route itself gives, with what they mean: 401 (a route open to anyone), 404 (not found), 409 (the workflow refused), 429. */
  refusals?: Partial<Record<Refusal, string>>;
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

const chineseLocale = z.locales.zhCN().localeError;
const jsonTypeNames: Record<string, string> = { object: 'JSON 对象', array: '数组', string: '字符串', number: '数字', boolean: '布尔值', null: 'null', undefined: '空' };

/**
 * zod's own messages in Chinese, for every field a schema gives no message of its own (a schema's
 * message wins). The request body as a whole names itself: 请求体应为 JSON 对象，实际为字符串.
 */
export const chineseIssues: z.core.$ZodErrorMap = (issue) => chineseLocale(issue);

/** The body as a whole of the wrong type: 请求体应为 JSON 对象，实际为字符串. */
function bodyTypeMessage(issue: z.core.$ZodIssue): string | undefined {
  if (issue.code !== 'invalid_type' || issue.path.length > 0) return undefined;
  const input = (issue as { input?: unknown }).input;
  const received = input === null ? 'null' : Array.isArray(input) ? 'array' : typeof input;
  const name = (type: string) => jsonTypeNames[type] ?? type;
  return `请求体应为${/^[A-Za-z]/.test(name(issue.expected)) ? ' ' : ''}${name(issue.expected)}，实际为${name(received)}`;
}

/** `fields.measures` → ["请填写“落实措施”"]: zod's issues as a person reads them, by field. */
export function fieldErrorsOf(error: z.ZodError, prefix = ''): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of error.issues) {
    const key = [prefix, ...issue.path.map(String)].filter(Boolean).join('.') || '(body)';
    (errors[key] ??= []).push((!prefix && bodyTypeMessage(issue)) || issue.message);
  }
  return errors;
}

function parse<T extends z.ZodType>(schema: T | undefined, value: unknown, prefix: string): z.output<T> {
  if (!schema) return undefined as z.output<T>;
  // The issues keep their input (never sent back) so that the body's own type can be named.
  const parsed = schema.safeParse(value ?? {}, { error: chineseIssues, reportInput: true });
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

  /**
   * OpenAPI 3.1: every route with its parameters, body, success and every refusal it can give.
   * `choices`: schemas whose values are known only at run time (the definition files of
   * config/campaigns), written into the document as an `enum`.
   */
  document(info: { title: string; version: string }, choices: ReadonlyMap<z.ZodType, readonly string[]> = new Map()): Record<string, unknown> {
    const override = (context: { zodSchema: unknown; jsonSchema: Record<string, unknown> }) => {
      const values = choices.get(context.zodSchema as z.ZodType);
      if (values) context.jsonSchema.enum = [...values];
    };
    const jsonSchema = (schema: z.ZodType, io: 'input' | 'output') => z.toJSONSchema(schema, { io, unrepresentable: 'any', override });
    const paths: Record<string, Record<string, unknown>> = {};
    for (const route of this.routes) {
      const openApiPath = route.url.replace(/:(\w+)/g, '{$1}');
      const parameters = [...parametersOf(route.params, 'path'), ...parametersOf(route.query, 'query')];
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
                  : { 'application/json': { schema: jsonSchema(route.body!, 'input') } },
              },
            }
          : {}),
        responses: responsesOf(route, () => jsonSchema(route.response, 'output')),
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

/**
 * Every answer a route can give: its success (JSON, or a file of the types it produces), and the
 * refusals of its kind: 400 for any input; 401 and 403 behind a session or a link; 403 for every
 * state change (another site's form is refused, and a session's change needs its CSRF token);
 * 413 for a body (4 MB at most; uploads within WEB_MAX_UPLOAD_MB), 415 for a JSON body of another
 * type; and its own (404, 409, 429).
 */
function responsesOf(route: ApiRoute<z.ZodType, z.ZodType, z.ZodType, z.ZodType, unknown>, responseSchema: () => unknown): Record<string, unknown> {
  const hasInput = Boolean(route.body || route.query || route.params || route.multipart);
  const hasBody = Boolean(route.body || route.multipart);
  const changesState = route.method !== 'GET';
  const success = route.produces
    ? { description: '文件', content: Object.fromEntries(route.produces.map((type) => [type, { schema: { type: 'string', contentMediaType: type } }])) }
    : { description: route.status === 202 ? '已接受，正在运行' : 'OK', content: { 'application/json': { schema: responseSchema() } } };
  const refusals = route.refusals ?? {};
  return {
    [route.status ?? 200]: success,
    ...(hasInput ? { 400: errorResponse('请求数据有误：fieldErrors 按字段列出（请求体本身有误时为 "(body)"）') } : {}),
    ...(route.security !== 'none' || refusals[401] ? { 401: errorResponse(refusals[401] ?? '未登录，或单位链接无效、已过期') } : {}),
    ...(route.security !== 'none' || changesState ? { 403: errorResponse('无权执行此操作（角色不符、缺少 CSRF 令牌，或来自其他网站的提交）') } : {}),
    ...(refusals[404] ? { 404: errorResponse(refusals[404]) } : {}),
    ...(refusals[409] ? { 409: errorResponse(refusals[409]) } : {}),
    ...(hasBody ? { 413: errorResponse(route.multipart ? '上传的文件合计超过 WEB_MAX_UPLOAD_MB，或单位的上传配额已满' : '请求体超过 4 MB') } : {}),
    ...(route.body ? { 415: errorResponse('请求体的内容类型应为 application/json') } : {}),
    ...(refusals[429] ? { 429: errorResponse(refusals[429]) } : {}),
  };
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
