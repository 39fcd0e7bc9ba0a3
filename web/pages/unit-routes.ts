/** A unit's page through the link of its emails: its obligations, submissions and reports. */
import { requireUnit } from '../auth';
import type { WebContext } from '../context';
import { InvalidInputError, RefusedError } from '../../app/errors';
import { occurrenceBody } from '../api';
import { readMultipart } from '../http';
import { unitView } from '../../app/views';
import { unitPage } from './unit';
import { signUnitToken, type UnitTokenPayload } from '../../app/unit-links';
import { errorsOf, type PageKit, parseForm } from './kit';

export function registerUnitPages(context: WebContext, kit: PageKit): void {
  const { server: app, env } = context;
  const { operations } = context.app;
  const { auth, sendPage, done, pageErrors } = kit;
  // The unit's page in its other campaigns: a link of the same unit, expiring with this one.
  const renderUnit = async (scope: UnitTokenPayload, token: string, message?: { done?: string; errors?: string[] }) => {
    const view = await unitView(context.app.views, scope);
    const otherTokens = Object.fromEntries(view.otherCampaigns.map(({ campaignId }) => [campaignId, signUnitToken({ campaignId, unitId: scope.unitId }, auth.secret, scope.expiresAtMs)]));
    return unitPage(view, token, message, otherTokens);
  };

  app.get('/unit', async (request, reply) =>
    pageErrors(reply, async () => {
      const scope = requireUnit(request, auth);
      const token = (request.query as { token: string }).token;
      return sendPage(reply, 200, await renderUnit(scope, token, done(request)));
    }),
  );
  app.post('/unit/submit', async (request, reply) =>
    pageErrors(reply, async () => {
      const scope = requireUnit(request, auth);
      const { token, obligation: obligationId = '' } = request.query as { token: string; obligation?: string };
      try {
        // Everything is checked first (fields, then the files within the obligation's limits); the files are stored only then.
        const { fields, files } = await readMultipart(request, env.WEB_MAX_UPLOAD_MB);
        const values = Object.fromEntries(Object.entries(fields).filter(([name]) => name.startsWith('field.')).map(([name, value]) => [name.slice(6), value]));
        if (!fields.submittedBy?.trim()) throw new InvalidInputError({ submittedBy: ['请填写报送人'] });
        await operations.submit(scope, { obligationId, submittedBy: fields.submittedBy.trim(), fields: values, attachments: [], uploads: files });
      } catch (error) {
        if (!(error instanceof InvalidInputError || error instanceof RefusedError)) throw error;
        return sendPage(reply, error.status, await renderUnit(scope, token, { errors: errorsOf(error) }));
      }
      return reply.redirect(`/unit?token=${encodeURIComponent(token)}&done=submitted#ob-${obligationId.replace(/[^a-z0-9-]/g, '-')}`, 303);
    }),
  );

  app.post('/unit/report', async (request, reply) =>
    pageErrors(reply, async () => {
      const scope = requireUnit(request, auth);
      const { token, obligation: obligationId = '' } = request.query as { token: string; obligation?: string };
      try {
        const { fields, files } = await readMultipart(request, env.WEB_MAX_UPLOAD_MB);
        const report = parseForm(occurrenceBody, {
          reportedBy: fields.reportedBy,
          date: fields.date,
          evidence: Object.fromEntries(Object.entries(fields).filter(([name]) => name.startsWith('evidence.')).map(([name, value]) => [name.slice(9), value])),
        });
        await operations.reportOccurrence(scope, { obligationId, ...report, attachments: [], uploads: files });
      } catch (error) {
        if (!(error instanceof InvalidInputError || error instanceof RefusedError)) throw error;
        return sendPage(reply, error.status, await renderUnit(scope, token, { errors: errorsOf(error) }));
      }
      return reply.redirect(`/unit?token=${encodeURIComponent(token)}&done=reported#ob-${obligationId.replace(/[^a-z0-9-]/g, '-')}`, 303);
    }),
  );

}
