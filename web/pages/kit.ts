/**
 * What every page route shares: forms through zod (field errors are a 400 like the API's), the
 * signed-in user as the page header shows them, post/redirect/get's "done" notices, and one way to
 * turn a refusal into a page.
 */
import { itemActionNames } from '../../contracts/vocabulary';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { WebContext } from '../context';
import type { AuthSettings } from '../auth';
import { InvalidInputError, UnauthenticatedError, WebError } from '../../app/errors';
import { fieldErrorsOf } from '../openapi';
import { csrfTokenOf, type Session } from '../session';
import { type PageUser } from './html';
import { errorPage } from './login';
import { unitActionNames } from './supervisor';


const doneMessages: Record<string, string> = {
  submitted: '报送成功，等待审核。',
  reported: '已报告一次。',
  ...Object.fromEntries(Object.entries(itemActionNames).map(([action, name]) => [action, `已${name}。`])),
  ...Object.fromEntries(Object.entries(unitActionNames).map(([action, name]) => [`unit-${action}`, `已对该单位${name}。`])),
  launched: '活动已启动。',
  'already-launched': '该活动已经启动过，没有重复启动。',
  pause: '活动已暂停。',
  resume: '活动已恢复。',
  cancel: '活动已撤销。',
  amend: '方案已修订。',
};


/** A form's fields through a zod schema: field errors are a 400 like the API's. */
export function parseForm<T extends z.ZodType>(schema: T, value: unknown): z.output<T> {
  const parsed = schema.safeParse(value ?? {});
  if (!parsed.success) throw new InvalidInputError(fieldErrorsOf(parsed.error));
  return parsed.data;
}

/** An urlencoded form's fields (strings only); anything else (multipart, JSON with objects) is a 400, never a crash. */
export function formOf(request: FastifyRequest): Record<string, string> {
  if (request.isMultipart()) throw new InvalidInputError({ '(body)': ['应为表单（application/x-www-form-urlencoded）'] });
  const body = request.body;
  if (body === undefined || body === null) return {};
  if (typeof body !== 'object' || Array.isArray(body)) throw new InvalidInputError({ '(body)': ['应为表单'] });
  return Object.fromEntries(Object.entries(body as Record<string, unknown>).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
}

/** `WebError` → its message list, for a page that shows it beside the form. */
export function errorsOf(error: WebError): string[] {
  return error instanceof InvalidInputError ? Object.entries(error.fieldErrors).flatMap(([, messages]) => messages) : [error.message];
}

export interface PageKit {
  auth: AuthSettings;
  userOf: (session: Session) => PageUser;
  sendPage: (reply: FastifyReply, status: number, body: string) => FastifyReply;
  done: (request: FastifyRequest) => { done: string } | undefined;
  pageErrors: (reply: FastifyReply, run: () => Promise<unknown>) => Promise<unknown>;
}

export function pageKit(context: WebContext): PageKit {
  const { env } = context;
  const { auth } = context;
  const userOf = (session: Session): PageUser => ({ name: session.name, role: session.role, csrfToken: csrfTokenOf(session, env.LINK_SECRET) });
  const sendPage = (reply: FastifyReply, status: number, body: string) => reply.code(status).type('text/html; charset=utf-8').send(body);
  const done = (request: FastifyRequest) => {
    const code = (request.query as { done?: string }).done;
    return code && doneMessages[code] ? { done: doneMessages[code] } : undefined;
  };

  /** Page errors: a person is sent to log in, or shown the reason with the right status. */
  const pageErrors = async (reply: FastifyReply, run: () => Promise<unknown>) => {
    try {
      return await run();
    } catch (error) {
      if (error instanceof UnauthenticatedError && error.message === '请先登录') return reply.redirect('/login', 303);
      if (error instanceof WebError) return sendPage(reply, error.status, errorPage(error.status, errorsOf(error).join('；')));
      throw error;
    }
  };
  return { auth, userOf, sendPage, done, pageErrors };
}
