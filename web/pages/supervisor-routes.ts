/** A supervisor's pages: the inbox, an item's story and its actions, actions on a unit. */
import { z } from 'zod';
import { requireStaff } from '../auth';
import type { WebContext } from '../context';
import { InvalidInputError, RefusedError } from '../../app/errors';
import { obligationActionBody, unitActionBody } from '../api';
import { fieldErrorsOf } from '../openapi';
import { inboxView } from '../../app/inbox';
import { itemView } from '../../app/views';
import { inboxPage, itemPage, itemUrl } from './supervisor';
import { errorsOf, formOf, type PageKit, parseForm } from './kit';

export function registerSupervisorPages(context: WebContext, kit: PageKit): void {
  const { server: app } = context;
  const { operations } = context.app;
  const { auth, userOf, sendPage, done, pageErrors } = kit;

  app.get('/inbox', async (request, reply) =>
    pageErrors(reply, async () => {
      const session = await requireStaff(request, auth, 'supervisor', { changesState: false });
      const filters = parseForm(
        z.object({ campaign: z.string().optional(), unit: z.string().optional(), level: z.coerce.number({ error: '督办层级应为整数' }).int().min(0).optional() }),
        Object.fromEntries(Object.entries(request.query as Record<string, string>).filter(([, value]) => value !== '')),
      );
      return sendPage(reply, 200, inboxPage(await inboxView(context.app.views, filters, session.scope), filters, userOf(session)));
    }),
  );
  const itemParams = z.object({ campaignId: z.string(), unitId: z.string(), obligationId: z.string() });
  app.get('/campaigns/:campaignId/units/:unitId/obligations/:obligationId', async (request, reply) =>
    pageErrors(reply, async () => {
      const session = await requireStaff(request, auth, 'supervisor', { changesState: false });
      const params = parseForm(itemParams, request.params);
      return sendPage(reply, 200, itemPage(await itemView(context.app.views, params.campaignId, params.unitId, params.obligationId, session.scope), userOf(session), done(request)));
    }),
  );
  app.post('/campaigns/:campaignId/units/:unitId/obligations/:obligationId/actions', async (request, reply) =>
    pageErrors(reply, async () => {
      const session = await requireStaff(request, auth, 'supervisor', { changesState: true });
      const params = parseForm(itemParams, request.params);
      const body = formOf(request);
      try {
        const parsed = obligationActionBody.safeParse(Object.fromEntries(Object.entries(body).filter(([, value]) => value !== '')));
        if (!parsed.success) throw new InvalidInputError(fieldErrorsOf(parsed.error));
        await operations.act(params, parsed.data, session.name, session.scope);
        return reply.redirect(`${itemUrl(params)}?done=${parsed.data.action}`, 303);
      } catch (error) {
        if (!(error instanceof InvalidInputError || error instanceof RefusedError)) throw error;
        const view = await itemView(context.app.views, params.campaignId, params.unitId, params.obligationId, session.scope);
        return sendPage(reply, error.status, itemPage(view, userOf(session), { errors: errorsOf(error) }));
      }
    }),
  );
  app.post('/campaigns/:campaignId/units/:unitId/actions', async (request, reply) =>
    pageErrors(reply, async () => {
      const session = await requireStaff(request, auth, 'supervisor', { changesState: true });
      const { campaignId, unitId } = parseForm(z.object({ campaignId: z.string(), unitId: z.string() }), request.params);
      const body = formOf(request);
      const back = body.back?.startsWith('/campaigns/') ? body.back : '/inbox';
      const action = parseForm(unitActionBody, { action: body.action, reason: body.reason });
      await operations.actOnUnit(campaignId, { unitId, ...action }, session.name, session.scope);
      return reply.redirect(`${back}?done=unit-${action.action}`, 303);
    }),
  );

}
