/**
 * The people who sign in (管理员、督办人员), as administrators manage them: create, change role,
 * name and scope, reset a password, disable; and each person changes their own password (the old
 * one required). Disabling an account or changing its password ends its sessions at once.
 *
 * WEB_ACCOUNTS is the bootstrap: each web server imports its accounts on start (an account changed
 * in the pages since stays as it was changed, one no longer named is disabled); from then on the
 * store is what people sign in against. A supervisor's scope names units and groups of the
 * directory (./staff-scope.ts).
 */
import type { Account, Role } from './accounts';
import { hashPasswordAsync, isPassword } from './passwords';
import type { UnitDirectory } from './directory';
import { ForbiddenError, InvalidInputError, NotFoundError } from './errors';
import type { StaffScope } from './staff-scope';
import type { AccountRecord, AccountRepository, EnvironmentImport } from '../store/accounts';
import type { SessionRepository } from '../store/sessions';
import { StoreError } from '../store/errors';

export const passwordLimits = { min: 10, max: 256 } as const;
const usernamePattern = /^[A-Za-z0-9._@-]{1,64}$/;

/** An account as the pages and the API show it: never its hash. */
export interface AccountView {
  username: string;
  name: string;
  role: Role;
  /** Directory units and groups; absent: every unit. */
  scope?: string[];
  isDisabled: boolean;
  managedBy: 'environment' | 'store';
  createdBy: string;
  createdAt: string;
  updatedBy: string;
  updatedAt: string;
  passwordChangedAt?: string;
}

/** Who is signed in, as every request reads them (role, name and scope as the store holds them now). */
export interface StaffAccount {
  username: string;
  name: string;
  role: Role;
  scope?: StaffScope;
}

export interface NewAccountInput {
  username: string;
  name: string;
  role: Role;
  password: string;
  scope?: string[];
}

export class AccountAdmin {
  constructor(
    private readonly dependencies: { accounts: AccountRepository; sessions: SessionRepository; directory: UnitDirectory },
  ) {}

  /** WEB_ACCOUNTS into the store (see the module comment); returns what happened to each. A withdrawn account's sessions end. */
  async importFromEnvironment(accounts: Account[]): Promise<EnvironmentImport> {
    const outcome = await this.dependencies.accounts.importFromEnvironment(accounts);
    for (const username of outcome.withdrawn) await this.dependencies.sessions.revokeAllFor(username);
    return outcome;
  }

  /** The account to sign in with, if it exists (disabled ones included: sign-in says so once the password is right). */
  async forSignIn(username: string): Promise<(Account & { isDisabled: boolean }) | undefined> {
    const found = await this.dependencies.accounts.find(username);
    return found && { username: found.username, name: found.name, role: found.role, passwordHash: found.passwordHash, isDisabled: found.isDisabled };
  }

  /** The signed-in person as of now; undefined when the account is gone or disabled (the session then counts for nothing). */
  async staffOf(username: string): Promise<StaffAccount | undefined> {
    const found = await this.dependencies.accounts.find(username);
    if (!found || found.isDisabled) return undefined;
    // An administrator sees everything; a scope limits supervisors only.
    const scope = found.role === 'supervisor' && found.scope ? { entries: found.scope, unitIds: await this.dependencies.directory.unitsWithin(found.scope) } : undefined;
    return { username: found.username, name: found.name, role: found.role, ...(scope ? { scope } : {}) };
  }

  async list(): Promise<AccountView[]> {
    return (await this.dependencies.accounts.list()).map(viewOf);
  }

  async get(username: string): Promise<AccountView> {
    return viewOf(await this.existing(username));
  }

  async create(input: NewAccountInput, by: string): Promise<AccountView> {
    const errors: Record<string, string[]> = {};
    if (!usernamePattern.test(input.username)) errors.username = ['用户名应为1–64个字母、数字或 . _ @ -'];
    Object.assign(errors, passwordErrors(input.password, 'password', input.username));
    Object.assign(errors, await this.scopeErrors(input.scope));
    if (Object.keys(errors).length > 0) throw new InvalidInputError(errors, '账号信息有误，未创建');
    try {
      const created = await this.dependencies.accounts.create({ ...input, name: input.name.trim(), passwordHash: await hashPasswordAsync(input.password), by });
      return viewOf(created);
    } catch (error) {
      if (error instanceof StoreError && error.code === 'ACCOUNT_EXISTS') throw new InvalidInputError({ username: [`用户名“${input.username}”已被使用`] }, '账号信息有误，未创建');
      throw error;
    }
  }

  /** Name, role and scope (null: every unit); the last enabled administrator cannot stop being one. */
  async update(username: string, change: { name?: string; role?: Role; scope?: string[] | null }, by: { username: string; name: string }): Promise<AccountView> {
    const account = await this.existing(username);
    if (change.role === 'supervisor' && account.role === 'admin' && !account.isDisabled) await this.keepAnAdmin(`${account.name}是最后一个可用的管理员，不能改为督办人员`);
    const errors = change.scope ? await this.scopeErrors(change.scope) : {};
    if (Object.keys(errors).length > 0) throw new InvalidInputError(errors, '账号信息有误，未保存');
    return viewOf((await this.dependencies.accounts.update(username, { ...change, ...(change.name !== undefined ? { name: change.name.trim() } : {}), by: by.name }))!);
  }

  /** An administrator sets a new password: every session of that account ends. */
  async resetPassword(username: string, password: string, by: { username: string; name: string }): Promise<{ account: AccountView; sessionsEnded: number }> {
    await this.existing(username);
    const errors = passwordErrors(password, 'password', username);
    if (Object.keys(errors).length > 0) throw new InvalidInputError(errors, '新密码不符合要求');
    const updated = await this.dependencies.accounts.update(username, { passwordHash: await hashPasswordAsync(password), by: by.name });
    return { account: viewOf(updated!), sessionsEnded: await this.dependencies.sessions.revokeAllFor(username) };
  }

  /** Disables (every session ends) or enables again; nobody disables themselves or the last administrator. */
  async setDisabled(username: string, isDisabled: boolean, by: { username: string; name: string }): Promise<{ account: AccountView; sessionsEnded: number }> {
    const account = await this.existing(username);
    if (isDisabled && username === by.username) throw new ForbiddenError('不能停用自己的账号');
    if (isDisabled && account.role === 'admin' && !account.isDisabled) await this.keepAnAdmin(`${account.name}是最后一个可用的管理员，不能停用`);
    const updated = await this.dependencies.accounts.update(username, { isDisabled, by: by.name });
    return { account: viewOf(updated!), sessionsEnded: isDisabled ? await this.dependencies.sessions.revokeAllFor(username) : 0 };
  }

  /** A person's own new password, the current one given: every session of theirs ends (the caller starts a new one). */
  async changeOwnPassword(username: string, currentPassword: string, newPassword: string): Promise<{ sessionsEnded: number }> {
    const account = await this.existing(username);
    const errors: Record<string, string[]> = {};
    if (!(await isPassword(account.passwordHash, currentPassword))) errors.currentPassword = ['当前密码不正确'];
    Object.assign(errors, passwordErrors(newPassword, 'newPassword', username));
    if (newPassword === currentPassword) (errors.newPassword ??= []).push('新密码不能与当前密码相同');
    if (Object.keys(errors).length > 0) throw new InvalidInputError(errors, '密码未修改');
    await this.dependencies.accounts.update(username, { passwordHash: await hashPasswordAsync(newPassword), by: account.name });
    return { sessionsEnded: await this.dependencies.sessions.revokeAllFor(username) };
  }

  private async existing(username: string): Promise<AccountRecord> {
    const found = await this.dependencies.accounts.find(username);
    if (!found) throw new NotFoundError(`没有账号 ${username}`);
    return found;
  }

  private async keepAnAdmin(refusal: string): Promise<void> {
    if ((await this.dependencies.accounts.countEnabledAdmins()) <= 1) throw new InvalidInputError({ role: [refusal] }, refusal);
  }

  /** A scope names units and groups of the current directory. */
  private async scopeErrors(scope: string[] | undefined): Promise<Record<string, string[]>> {
    if (!scope) return {};
    const { directory } = await this.dependencies.directory.current();
    const known = new Set([...directory.units.map((unit) => unit.id), ...Object.keys(directory.groups)]);
    const unknown = scope.filter((entry) => !known.has(entry));
    if (scope.length === 0) return { scope: ['请至少选择一个单位或分组（不限范围请选择“全部单位”）'] };
    return unknown.length > 0 ? { scope: [`单位名录中没有单位或分组 ${unknown.join('、')}`] } : {};
  }
}

function passwordErrors(password: string, field: string, username: string): Record<string, string[]> {
  const problems: string[] = [];
  if ([...password].length < passwordLimits.min) problems.push(`密码至少${passwordLimits.min}个字符`);
  if ([...password].length > passwordLimits.max) problems.push(`密码最多${passwordLimits.max}个字符`);
  if (password.toLowerCase() === username.toLowerCase()) problems.push('密码不能与用户名相同');
  return problems.length > 0 ? { [field]: problems } : {};
}

function viewOf(account: AccountRecord): AccountView {
  return {
    username: account.username,
    name: account.name,
    role: account.role,
    ...(account.scope ? { scope: account.scope } : {}),
    isDisabled: account.isDisabled,
    managedBy: account.managedBy,
    createdBy: account.createdBy,
    createdAt: account.createdAt.toISOString(),
    updatedBy: account.updatedBy,
    updatedAt: account.updatedAt.toISOString(),
    ...(account.passwordChangedAt ? { passwordChangedAt: account.passwordChangedAt.toISOString() } : {}),
  };
}
