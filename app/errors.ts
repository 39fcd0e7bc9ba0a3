/**
 * The web's typed errors, each with a stable code and its HTTP status; handlers throw them and
 * the one error handler (server.ts) turns them into a JSON body or a page.
 */
export type FieldErrors = Record<string, string[]>;

export abstract class WebError extends Error {
  abstract readonly status: number;
  abstract readonly code: string;
}

/** 400: the request's data is wrong; `fieldErrors` says which field expected what. */
export class InvalidInputError extends WebError {
  readonly status: number = 400;
  readonly code: string = 'INVALID_INPUT';
  constructor(
    readonly fieldErrors: FieldErrors,
    message = '提交的数据有误',
  ) {
    super(message);
  }
}

/** 413: the request's files together are larger than WEB_MAX_UPLOAD_MB; `fieldErrors` names the field. */
export class PayloadTooLargeError extends InvalidInputError {
  override readonly status = 413;
  override readonly code = 'PAYLOAD_TOO_LARGE';
  constructor(fieldErrors: FieldErrors) {
    super(fieldErrors, '上传的文件过大');
  }
}

/** 401: nobody is signed in, or the unit's link is forged or expired. */
export class UnauthenticatedError extends WebError {
  readonly status = 401;
  readonly code = 'UNAUTHENTICATED';
}

/** 403: signed in (or holding a unit link), but not allowed to do this. */
export class ForbiddenError extends WebError {
  readonly status = 403;
  readonly code = 'FORBIDDEN';
}

export class NotFoundError extends WebError {
  readonly status = 404;
  readonly code = 'NOT_FOUND';
}

/** 409: the workflow refused the action (its validator's reason); nothing changed. */
export class RefusedError extends WebError {
  readonly status = 409;
  readonly code = 'REFUSED';
}

/** 429: too many failed log-ins for this name from this address; says when to try again. */
export class TooManyAttemptsError extends WebError {
  readonly status = 429;
  readonly code = 'TOO_MANY_ATTEMPTS';
}
