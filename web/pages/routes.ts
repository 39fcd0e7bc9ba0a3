/**
 * The HTML pages: forms post here, the same operations as the JSON API run, and the browser is
 * redirected to the page that shows the result (post/redirect/get). A refusal re-renders the page
 * with the reason; nothing changed.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { WebError } from '../../app/errors';
import { signIn } from '../../app/sign-in';
import { requireStaff } from '../auth';
import type { WebContext } from '../context';
import { endSession, readSession, startSession } from '../session';
import { stylesheet } from './html';
import { progressChartScript, simulationProgressScript } from './progress-chart';
import { loginPage } from './login';
import { registerAdminPages } from './admin-routes';
import { registerAuthoringPages } from './authoring-routes';
import { registerPeoplePages } from './people-routes';
import { errorsOf, formOf, pageKit } from './kit';
import { registerSupervisorPages } from './supervisor-routes';
import { registerUnitPages } from './unit-routes';

export function registerPages(context: WebContext): void {
  const { server: app, env } = context;
  const kit = pageKit(context);
  const { sendPage, pageErrors } = kit;
  const auth = kit.auth;

  app.get('/assets/site.css', async (_request, reply) => reply.type('text/css; charset=utf-8').header('cache-control', 'max-age=3600').send(stylesheet));
  const chartScript = readFileSync(path.join(path.dirname(require.resolve('chart.js')), 'chart.umd.min.js'), 'utf8');
  app.get('/assets/chart.umd.min.js', async (_request, reply) => reply.type('text/javascript; charset=utf-8').header('cache-control', 'max-age=86400').send(chartScript));
  app.get('/assets/progress-chart.js', async (_request, reply) => reply.type('text/javascript; charset=utf-8').header('cache-control', 'max-age=3600').send(progressChartScript));
  app.get('/assets/simulation-progress.js', async (_request, reply) => reply.type('text/javascript; charset=utf-8').header('cache-control', 'max-age=3600').send(simulationProgressScript));

  app.get('/', async (request, reply) => {
    const session = await readSession(request, auth.sessions);
    return reply.redirect(!session ? '/login' : session.role === 'admin' ? '/admin' : '/inbox', 303);
  });
  app.get('/login', async (request, reply) => sendPage(reply, 200, loginPage(undefined, (request.query as { done?: string }).done === 'password' ? '密码已修改，请用新密码登录。' : undefined)));
  app.post('/login', async (request, reply) => {
    const body: Record<string, string | undefined> = request.isMultipart() ? {} : formOf(request);
    let account;
    try {
      account = await signIn((username) => context.app.accounts.forSignIn(username), context.signIns, { address: request.ip, username: body.username ?? '', password: body.password ?? '' });
    } catch (error) {
      if (!(error instanceof WebError)) throw error;
      return sendPage(reply, error.status, loginPage(errorsOf(error).join('；')));
    }
    await startSession(reply, auth.sessions, account, env.WEB_BASE_URL.startsWith('https://'));
    return reply.redirect(account.role === 'admin' ? '/admin' : '/inbox', 303);
  });
  app.post('/logout', async (request, reply) =>
    pageErrors(reply, async () => {
      await requireStaff(request, auth, 'supervisor', { changesState: true });
      await endSession(request, reply, auth.sessions);
      return reply.redirect('/login', 303);
    }),
  );

  registerUnitPages(context, kit);
  registerSupervisorPages(context, kit);
  registerAdminPages(context, kit);
  registerAuthoringPages(context, kit);
  registerPeoplePages(context, kit);
}
