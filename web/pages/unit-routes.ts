/** A unit's page through the link of its emails: its obligations, submissions and reports. */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { requireUnit } from '../auth';
import type { WebContext } from '../context';
import { InvalidInputError, RefusedError } from '../../app/errors';
import { signUnitToken, type UnitTokenPayload } from '../../app/unit-links';
import type { Upload } from '../../app/attachments';
import { occurrenceBody } from '../api';
import { readMultipart } from '../http';
import { unitView } from '../../app/views';
import { unitPage, type UnitPageMessage } from './unit';
import type { FormFailure } from './unit-forms';
import { type PageKit, parseForm } from './kit';

type FormKind = FormFailure['kind'];

export function registerUnitPages(context: WebContext, kit: PageKit): void {
  const { server: app, env } = context;
  const { operations } = context.app;
  const { auth, sendPage, done, pageErrors } = kit;
  // The unit's page in its other campaigns: a link of the same unit, expiring with this one.
  const renderUnit = async (scope: UnitTokenPayload, token: string, message: UnitPageMessage) => {
    const view = await unitView(context.app.views, scope);
    const otherTokens = Object.fromEntries(view.otherCampaigns.map(({ campaignId }) => [campaignId, signUnitToken({ campaignId, unitId: scope.unitId }, auth.secret, scope.expiresAtMs)]));
    return unitPage(view, token, message, otherTokens);
  };

  app.get('/unit', async (request, reply) =>
    pageErrors(reply, async () => {
      const scope = requireUnit(request, auth);
      const { token, item } = request.query as { token: string; item?: string };
      return sendPage(reply, 200, await renderUnit(scope, token, { ...done(request), ...(item ? { doneItem: item } : {}) }));
    }),
  );

  /**
   * A unit's form post: the fields and files are read, `act` runs, and the browser lands on the
   * success notice in the item's card. A refusal (400, 409, 413) answers with the page itself:
   * every typed value back in the open form, each message at its field.
   */
  const unitForm = (kind: FormKind, act: (scope: UnitTokenPayload, obligationId: string, fields: Record<string, string>, files: Upload[]) => Promise<unknown>) =>
    async (request: FastifyRequest, reply: FastifyReply) =>
      pageErrors(reply, async () => {
        const scope = requireUnit(request, auth);
        const { token, obligation: obligationId = '' } = request.query as { token: string; obligation?: string };
        // Filled as the parts are read, so that even a refusal mid-body (413) gives the typed values back.
        const fields: Record<string, string> = {};
        let filesSent = 0;
        try {
          // Everything is checked first (fields, then the files within the obligation's limits); the files are stored only then.
          const read = await readMultipart(request, env.WEB_MAX_UPLOAD_MB, fields);
          filesSent = read.files.length;
          await act(scope, obligationId, fields, read.files);
        } catch (error) {
          if (!(error instanceof InvalidInputError || error instanceof RefusedError)) throw error;
          const fieldErrors = error instanceof InvalidInputError ? error.fieldErrors : { '(form)': [error.message] };
          const failure: FormFailure = { obligationId, kind, values: fields, fieldErrors, filesSent };
          return sendPage(reply, error.status, await renderUnit(scope, token, { failure }));
        }
        const landing = `/unit?token=${encodeURIComponent(token)}&done=${kind === 'submit' ? 'submitted' : 'reported'}&item=${encodeURIComponent(obligationId)}`;
        return reply.redirect(`${landing}#done`, 303);
      });

  app.post(
    '/unit/submit',
    unitForm('submit', async (scope, obligationId, fields, files) => {
      const values = Object.fromEntries(Object.entries(fields).filter(([name]) => name.startsWith('field.')).map(([name, value]) => [name.slice(6), value]));
      if (!fields.submittedBy?.trim()) throw new InvalidInputError({ submittedBy: ['请填写报送人'] });
      await operations.submit(scope, { obligationId, submittedBy: fields.submittedBy.trim(), fields: values, attachments: [], uploads: files });
    }),
  );
  app.post(
    '/unit/report',
    unitForm('report', async (scope, obligationId, fields, files) => {
      const report = parseForm(occurrenceBody, {
        reportedBy: fields.reportedBy,
        date: fields.date,
        evidence: Object.fromEntries(Object.entries(fields).filter(([name]) => name.startsWith('evidence.')).map(([name, value]) => [name.slice(9), value])),
      });
      await operations.reportOccurrence(scope, { obligationId, ...report, attachments: [], uploads: files });
    }),
  );
}
