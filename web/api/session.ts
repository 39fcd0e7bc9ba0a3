/** Log-in and log-out of administrators and supervisors. */
import { z } from 'zod';
import { signIn, signInFieldLimits } from '../../app/sign-in';
import type { WebContext } from '../context';
import { csrfTokenOf, endSession, startSession } from '../session';
import { type ApiRegistry } from '../openapi';

export function registerSessionApi(api: ApiRegistry, context: WebContext): void {
  const { env } = context;

  // --- log-in -------------------------------------------------------------------------------
  api.add({
    method: 'POST',
    url: '/api/session',
    summary: '登录（管理员、督办人员）：设置会话 Cookie，返回 CSRF 令牌',
    tag: '登录',
    security: 'none',
    body: z.object({
      username: z.string().min(1, { error: '请填写用户名' }).max(signInFieldLimits.username, { error: `用户名最多${signInFieldLimits.username}个字符` }),
      password: z.string().min(1, { error: '请填写密码' }).max(signInFieldLimits.password, { error: `密码最多${signInFieldLimits.password}个字符` }),
    }),
    guard: () => undefined,
    response: z.object({ name: z.string(), role: z.enum(['admin', 'supervisor']), csrfToken: z.string() }),
    refusals: { 401: '用户名或密码不正确', 429: '同一地址对同一用户名登录失败次数过多，请稍后再试（message 说明等待时间）' },
    handler: async ({ body }, request, reply) => {
      const account = await signIn((username) => context.app.accounts.forSignIn(username), context.signIns, { address: request.ip, ...body });
      const session = await startSession(reply, context.auth.sessions, account, env.WEB_BASE_URL.startsWith('https://'));
      return { name: account.name, role: account.role, csrfToken: csrfTokenOf(session, env.LINK_SECRET) };
    },
  });
  api.add({
    method: 'DELETE',
    url: '/api/session',
    summary: '退出登录',
    tag: '登录',
    security: 'none',
    guard: () => undefined,
    response: z.object({ ok: z.literal(true) }),
    handler: async (_input, request, reply) => {
      await endSession(request, reply, context.auth.sessions);
      return { ok: true as const };
    },
  });

}
