/**
 * What the server answers to requests no route of ours handles: fastify's own refusals of a
 * body (not JSON, too large, of another type) in Chinese and naming the body, and a method a path
 * does not declare: 405 with the methods it does (`Allow`), never a 404 that says the path is wrong.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** Fastify's and its plugins' refusals, by their codes, as a person reads them. */
const frameworkMessages: Record<string, string> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: '请求体的内容类型（Content-Type）不受支持：应为 application/json（上传文件为 multipart/form-data）',
  FST_ERR_CTP_EMPTY_JSON_BODY: '请求体为空，但 Content-Type 声明为 application/json：应为 JSON 对象',
  FST_ERR_CTP_INVALID_JSON_BODY: '请求体不是有效的 JSON',
  FST_ERR_CTP_BODY_TOO_LARGE: '请求体过大（上限 4 MB）',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: '请求体长度与 Content-Length 不符',
  FST_ERR_CTP_INVALID_CONTENT_TYPE: '请求体的内容类型（Content-Type）无效',
  FST_PROTO_VIOLATION: '表单字段名不允许为 __proto__ 等保留名称',
  FST_PARTS_LIMIT: '表单的字段和文件数量超过上限',
  FST_FILES_LIMIT: '表单的文件数量超过上限',
  FST_FIELDS_LIMIT: '表单的字段数量超过上限',
  FST_INVALID_MULTIPART_CONTENT_TYPE: '请求体应为 multipart/form-data',
  FST_MP_PREMATURE_CLOSE: '上传在表单读完之前中断',
};

/**
 * A framework refusal (status < 500) as the API's error body: its status, a Chinese message
 * naming the body; its own words only where we have none (with its code, for whoever debugs).
 */
export function frameworkRefusal(error: { code?: string; message: string; statusCode: number }): { status: number; message: string } {
  const known = error.code ? frameworkMessages[error.code] : undefined;
  if (known) return { status: error.statusCode, message: known };
  if (error instanceof SyntaxError || /JSON/i.test(error.message)) return { status: error.statusCode, message: '请求体不是有效的 JSON' };
  return { status: error.statusCode, message: `请求有误（${error.code ?? `HTTP ${error.statusCode}`}）` };
}

const allMethods = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;

/**
 * Keeps every route's path as a pattern (fastify's `:name` segments), so that a request with a
 * method its path does not declare is answered 405 with `Allow`. Call before any route is added.
 */
export function declaredMethods(app: FastifyInstance): (path: string) => string[] {
  const routes: { pattern: RegExp; methods: string[] }[] = [];
  app.addHook('onRoute', (route) => {
    const methods = (Array.isArray(route.method) ? route.method : [route.method]).map(String);
    const pattern = new RegExp(`^${route.url.split('/').map((segment) => (segment.startsWith(':') ? '[^/]+' : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).join('/')}/?$`);
    routes.push({ pattern, methods });
  });
  return (path) => {
    const methods = new Set(routes.filter((route) => route.pattern.test(path)).flatMap((route) => route.methods));
    if (methods.has('GET')) methods.add('HEAD');
    return allMethods.filter((method) => methods.has(method));
  };
}

/** The answer to a request no route handles: 405 with `Allow` when its path exists under other methods, else 404. */
export async function answerUnrouted(
  request: FastifyRequest,
  reply: FastifyReply,
  methodsOf: (path: string) => string[],
  send: (reply: FastifyReply, status: number, error: string, message: string) => FastifyReply,
): Promise<FastifyReply> {
  const path = request.url.split('?')[0]!;
  const allowed = methodsOf(path);
  if (allowed.length > 0 && !allowed.includes(request.method)) {
    reply.header('allow', allowed.join(', '));
    return send(reply, 405, 'METHOD_NOT_ALLOWED', `${path} 不支持 ${request.method} 方法；支持：${allowed.join('、')}`);
  }
  return send(reply, 404, 'NOT_FOUND', `没有找到 ${path}`);
}
