/**
 * Signing in an administrator or a supervisor, the same for the API and the log-in page: the
 * fields within their limits (a user name of megabytes is refused before anything is kept), the
 * throttle asked first, the password checked off the event loop, the failure counted.
 */
import { type Account, type AccountSource, authenticate } from './accounts';
import { SignInRefused } from '../store/throttle';
import { InvalidInputError, TooManyAttemptsError, UnauthenticatedError } from './errors';

export const signInFieldLimits = { username: 64, password: 256 } as const;

/** Failed log-ins per key (address and user name) and for everyone (the store's, shared by every web server); `check` throws while refused. */
export interface SignInThrottle {
  check(key: string): Promise<void>;
  failed(key: string): Promise<void>;
  succeeded(key: string): Promise<void>;
}

export interface SignInAttempt {
  /** The caller's address, as the server sees it behind its trusted proxies. */
  address: string;
  username: string;
  password: string;
}

/** The account, or a typed refusal: InvalidInputError (field too long), TooManyAttemptsError, UnauthenticatedError (also: disabled). */
export async function signIn(accounts: AccountSource, throttle: SignInThrottle, attempt: SignInAttempt): Promise<Account> {
  const errors: Record<string, string[]> = {};
  if (attempt.username.trim() === '') errors.username = ['请填写用户名'];
  if (attempt.password === '') errors.password = ['请填写密码'];
  if (attempt.username.length > signInFieldLimits.username) errors.username = [`用户名最多${signInFieldLimits.username}个字符`];
  if (attempt.password.length > signInFieldLimits.password) errors.password = [`密码最多${signInFieldLimits.password}个字符`];
  if (Object.keys(errors).length > 0) throw new InvalidInputError(errors, '用户名或密码格式不正确');
  const key = `${attempt.address}|${attempt.username}`;
  try {
    await throttle.check(key);
  } catch (error) {
    if (error instanceof SignInRefused) throw new TooManyAttemptsError(error.message);
    throw error;
  }
  const account = await authenticate(accounts, attempt.username, attempt.password);
  if (!account) {
    await throttle.failed(key);
    throw new UnauthenticatedError('用户名或密码不正确');
  }
  // Said only to whoever knows the password: to anyone else a disabled account is a wrong one.
  if (account.isDisabled) {
    await throttle.failed(key);
    throw new UnauthenticatedError('此账号已停用，请联系管理员');
  }
  await throttle.succeeded(key);
  return { username: account.username, name: account.name, role: account.role, passwordHash: account.passwordHash };
}
