/** 活动设计's page routes: import a notice and answer its questions, the editor, versions, compare, launch and amend from a version. */
import type { FastifyRequest } from 'fastify';
import { parse } from 'yaml';
import { z } from 'zod';
import { InvalidInputError, RefusedError } from '../../app/errors';
import type { NoticeReview } from '../../app/authoring/notice-review';
import { importing, noticeOf, noticeUploadMb } from '../api/authoring';
import { requireStaff } from '../auth';
import type { WebContext } from '../context';
import { authoringStylesheet, editorBundle } from './authoring-assets';
import { draftsPage, editorPage, reviewPage } from './authoring';
import { amendConfirmPage, comparePage, versionsPage } from './authoring-versions';
import { errorsOf, formOf, type PageKit, parseForm } from './kit';

const draftParams = z.object({ draftId: z.string().regex(/^[0-9a-f]{16}$/, { error: '应为草稿编号' }) });
const versionForm = z.object({ version: z.string().regex(/^[0-9a-f]{16}$/, { error: '请选择版本' }), rebaseTo: z.string().optional(), reason: z.string().optional() });

/** The answers form as the questions read it: a unit list from repeated checkboxes, a period from two dates. */
function answersOf(body: Record<string, unknown>, review: NoticeReview): Record<string, unknown> {
  const answers: Record<string, unknown> = {};
  for (const question of review.questions) {
    const name = `q${question.index}`;
    if (question.control === 'period') answers[question.index] = { start: body[`${name}.start`], end: body[`${name}.end`] };
    else if (question.control === 'units') answers[question.index] = body[name] === undefined ? [] : ([] as unknown[]).concat(body[name]);
    else answers[question.index] = body[name];
  }
  return answers;
}

/** Administrators only; `changesState` asks for the CSRF token. */
const staffOf = (auth: PageKit['auth']) => (request: FastifyRequest, changesState: boolean) => requireStaff(request, auth, 'admin', { changesState });

/** The units a draft's YAML names, for the review's unit pickers (none while it does not parse). */
const yamlUnitsOf = (yaml: string) => {
  try {
    const units = (parse(yaml) as { units?: Array<{ id?: unknown; name?: unknown }> } | null)?.units ?? [];
    return units.filter((unit) => typeof unit.id === 'string').map((unit) => ({ id: String(unit.id), name: String(unit.name ?? unit.id) }));
  } catch {
    return [];
  }
};

export function registerAuthoringPages(context: WebContext, kit: PageKit): void {
  void editorBundle().catch((error: unknown) => console.error('web: the editor bundle failed to build:', error));
  registerDraftPages(context, kit);
  registerDraftEditingPages(context, kit);
  registerVersionPages(context, kit);
}

/** The editor's assets, and drafts listed, imported from a notice or copied from a file. */
function registerDraftPages(context: WebContext, kit: PageKit): void {
  const { server: app } = context;
  const { authoring, admin } = context.app;
  const { auth, userOf, sendPage, pageErrors } = kit;
  const staff = staffOf(auth);
  app.get('/assets/editor.js', async (_request, reply) => reply.type('text/javascript; charset=utf-8').header('cache-control', 'max-age=3600').send(await editorBundle()));
  app.get('/assets/authoring.css', async (_request, reply) => reply.type('text/css; charset=utf-8').header('cache-control', 'max-age=3600').send(authoringStylesheet));

  app.get('/authoring', async (request, reply) =>
    pageErrors(reply, async () => sendPage(reply, 200, draftsPage(await authoring.listDrafts(), admin.definitionFiles(), userOf(await staff(request, false))))),
  );
  app.post('/authoring/import', async (request, reply) =>
    pageErrors(reply, async () => {
      const session = await staff(request, true);
      try {
        const draft = await importing(async () => authoring.importNotice(await noticeOf(request, noticeUploadMb(context.env.WEB_MAX_UPLOAD_MB)), session.name));
        return reply.redirect(`/authoring/drafts/${draft.id}/import`, 303);
      } catch (error) {
        if (!(error instanceof InvalidInputError)) throw error;
        return sendPage(reply, error.status, draftsPage(await authoring.listDrafts(), admin.definitionFiles(), userOf(session), errorsOf(error)));
      }
    }),
  );
  app.post('/authoring/drafts', async (request, reply) =>
    pageErrors(reply, async () => {
      const session = await staff(request, true);
      const draft = await authoring.createFromFile(formOf(request).file ?? '', session.name);
      return reply.redirect(`/authoring/drafts/${draft.id}`, 303);
    }),
  );
}

/** A draft: the import's questions answered, the editor. */
function registerDraftEditingPages(context: WebContext, kit: PageKit): void {
  const { server: app } = context;
  const { authoring } = context.app;
  const { auth, userOf, sendPage, pageErrors } = kit;
  const staff = staffOf(auth);
  app.get('/authoring/drafts/:draftId/import', async (request, reply) =>
    pageErrors(reply, async () => {
      const session = await staff(request, false);
      const draft = await authoring.draft(parseForm(draftParams, request.params).draftId);
      const review = authoring.reviewOf(draft);
      if (!review) return reply.redirect(`/authoring/drafts/${draft.id}`, 303);
      return sendPage(reply, 200, reviewPage(draft, review, await authoring.editorOptions(), yamlUnitsOf(draft.yaml), userOf(session)));
    }),
  );
  app.post('/authoring/drafts/:draftId/import', async (request, reply) =>
    pageErrors(reply, async () => {
      const session = await staff(request, true);
      const draft = await authoring.draft(parseForm(draftParams, request.params).draftId);
      const review = authoring.reviewOf(draft);
      if (!review) return reply.redirect(`/authoring/drafts/${draft.id}`, 303);
      const body = (request.body ?? {}) as Record<string, unknown>;
      try {
        await authoring.answer(draft.id, Number(body.basedOn), answersOf(body, review), session.name);
      } catch (error) {
        if (!(error instanceof InvalidInputError)) throw error;
        return sendPage(reply, 400, reviewPage(draft, review, await authoring.editorOptions(), yamlUnitsOf(draft.yaml), userOf(session), error.fieldErrors));
      }
      return reply.redirect(`/authoring/drafts/${draft.id}`, 303);
    }),
  );
  app.get('/authoring/drafts/:draftId', async (request, reply) =>
    pageErrors(reply, async () => {
      const session = await staff(request, false);
      const draft = await authoring.draft(parseForm(draftParams, request.params).draftId);
      return sendPage(reply, 200, editorPage(draft, await authoring.editorOptions(), userOf(session)));
    }),
  );
}

/** Versions: listed, compared, launched, a running campaign amended. */
function registerVersionPages(context: WebContext, kit: PageKit): void {
  const { server: app } = context;
  const { authoring } = context.app;
  const { auth, userOf, sendPage, pageErrors } = kit;
  const staff = staffOf(auth);
  app.get('/authoring/drafts/:draftId/versions', async (request, reply) =>
    pageErrors(reply, async () => {
      const session = await staff(request, false);
      const draft = await authoring.draft(parseForm(draftParams, request.params).draftId);
      return sendPage(reply, 200, versionsPage(draft, await authoring.versions(draft.id), userOf(session)));
    }),
  );
  app.get('/authoring/drafts/:draftId/compare', async (request, reply) =>
    pageErrors(reply, async () => {
      const session = await staff(request, false);
      const { draftId } = parseForm(draftParams, request.params);
      const { from, to } = parseForm(z.object({ from: versionForm.shape.version, to: versionForm.shape.version }), request.query);
      const result = await authoring.compare(from, to);
      return sendPage(reply, 200, comparePage(draftId, result.from, result.to, result.comparison, result.problems, userOf(session)));
    }),
  );
  app.post('/authoring/launch', async (request, reply) =>
    pageErrors(reply, async () => {
      const session = await staff(request, true);
      const form = parseForm(versionForm, request.body);
      const launched = await authoring.launch(form.version, form.rebaseTo?.trim() || undefined, session.name);
      return reply.redirect(`/admin/campaigns/${launched.campaignId}?done=${launched.alreadyLaunched ? 'already-launched' : 'launched'}`, 303);
    }),
  );
  app.post('/authoring/amend/confirm', async (request, reply) =>
    pageErrors(reply, async () => {
      const session = await staff(request, true);
      const form = parseForm(versionForm, request.body);
      const { campaignId, changes } = await authoring.amendmentPreview(form.version);
      return sendPage(reply, 200, amendConfirmPage(await authoring.version(form.version), campaignId, changes, userOf(session)));
    }),
  );
  app.post('/authoring/amend', async (request, reply) =>
    pageErrors(reply, async () => {
      const session = await staff(request, true);
      const form = parseForm(versionForm, request.body);
      if (!form.reason?.trim()) throw new InvalidInputError({ reason: ['请填写理由'] });
      const version = await authoring.version(form.version);
      try {
        await authoring.amend(version.id, form.reason.trim(), session.name);
      } catch (error) {
        if (!(error instanceof RefusedError)) throw error;
        const draft = await authoring.draft(version.draftId);
        return sendPage(reply, 409, versionsPage(draft, await authoring.versions(draft.id), userOf(session), [error.message]));
      }
      return reply.redirect(`/admin/campaigns/${version.campaignId ?? ''}?done=amend`, 303);
    }),
  );
}
