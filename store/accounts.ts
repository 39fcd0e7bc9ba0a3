/**
 * Administrators' and supervisors' accounts (the password only as its scrypt hash). An account
 * imported from WEB_ACCOUNTS is 'environment'-managed until someone changes it in the pages; a
 * restart refreshes such an account from the environment, and leaves every other one alone.
 */
import { type Kysely, sql } from 'kysely';
import type { Database } from './database';
import { StoreError } from './errors';

export type AccountRole = 'admin' | 'supervisor';

export interface AccountRecord {
  username: string;
  name: string;
  role: AccountRole;
  passwordHash: string;
  /** Directory units and groups the account is limited to; undefined: every unit. */
  scope?: string[];
  isDisabled: boolean;
  managedBy: 'environment' | 'store';
  createdBy: string;
  createdAt: Date;
  updatedBy: string;
  updatedAt: Date;
  passwordChangedAt?: Date;
}

export interface NewAccount {
  username: string;
  name: string;
  role: AccountRole;
  passwordHash: string;
  scope?: string[];
  by: string;
}

/** What a change may set; every change makes the account the store's own. */
export interface AccountChange {
  name?: string;
  role?: AccountRole;
  /** null: every unit. */
  scope?: string[] | null;
  passwordHash?: string;
  isDisabled?: boolean;
  by: string;
}

const uniqueViolation = '23505';

export class AccountRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async find(username: string): Promise<AccountRecord | undefined> {
    if (!/^[A-Za-z0-9._@-]{1,64}$/.test(username)) return undefined;
    const row = await this.db.selectFrom('accounts').selectAll().where('username', '=', username).executeTakeFirst();
    return row && accountOf(row);
  }

  /** Every account, administrators first, then by name. */
  async list(): Promise<AccountRecord[]> {
    const rows = await this.db.selectFrom('accounts').selectAll().orderBy('role').orderBy('username').execute();
    return rows.map(accountOf);
  }

  /** A new account; StoreError ACCOUNT_EXISTS when the user name is taken. */
  async create(account: NewAccount): Promise<AccountRecord> {
    try {
      const row = await this.db
        .insertInto('accounts')
        .values({
          username: account.username,
          name: account.name,
          role: account.role,
          password_hash: account.passwordHash,
          scope: account.scope ? JSON.stringify(account.scope) : null,
          managed_by: 'store',
          created_by: account.by,
          updated_by: account.by,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return accountOf(row);
    } catch (error) {
      if ((error as { code?: string }).code === uniqueViolation) throw new StoreError('ACCOUNT_EXISTS', `account ${account.username} exists`);
      throw error;
    }
  }

  /** Changes an account (now the store's own); undefined when there is none of that name. */
  async update(username: string, change: AccountChange): Promise<AccountRecord | undefined> {
    const row = await this.db
      .updateTable('accounts')
      .set({
        ...(change.name !== undefined ? { name: change.name } : {}),
        ...(change.role !== undefined ? { role: change.role } : {}),
        ...(change.scope !== undefined ? { scope: change.scope === null ? null : JSON.stringify(change.scope) } : {}),
        ...(change.passwordHash !== undefined ? { password_hash: change.passwordHash, password_changed_at: sql<Date>`now()` } : {}),
        ...(change.isDisabled !== undefined ? { is_disabled: change.isDisabled } : {}),
        managed_by: 'store',
        updated_by: change.by,
        updated_at: sql<Date>`now()`,
      })
      .where('username', '=', username)
      .returningAll()
      .executeTakeFirst();
    return row && accountOf(row);
  }

  /**
   * WEB_ACCOUNTS into the store: an account not there yet is imported; one still managed by the
   * environment takes the environment's name, role and password; one changed in the pages stays
   * as it is (reported as `kept`).
   */
  async importFromEnvironment(accounts: Array<{ username: string; name: string; role: AccountRole; passwordHash: string }>): Promise<{ imported: string[]; refreshed: string[]; kept: string[] }> {
    const outcome = { imported: [] as string[], refreshed: [] as string[], kept: [] as string[] };
    for (const account of accounts) {
      const result = await sql<{ inserted: boolean }>`
        insert into accounts (username, name, role, password_hash, managed_by, created_by, updated_by)
        values (${account.username}, ${account.name}, ${account.role}, ${account.passwordHash}, 'environment', 'WEB_ACCOUNTS', 'WEB_ACCOUNTS')
        on conflict (username) do update set name = excluded.name, role = excluded.role, password_hash = excluded.password_hash, updated_at = now()
          where accounts.managed_by = 'environment'
            and (accounts.name, accounts.role, accounts.password_hash) is distinct from (excluded.name, excluded.role, excluded.password_hash)
        returning (xmax = 0) as inserted`.execute(this.db);
      const row = result.rows[0];
      if (row?.inserted) outcome.imported.push(account.username);
      else if (row) outcome.refreshed.push(account.username);
      else if ((await this.find(account.username))?.managedBy === 'store') outcome.kept.push(account.username);
    }
    return outcome;
  }

  /** Enabled administrators, e.g. to refuse disabling the last one. */
  async countEnabledAdmins(): Promise<number> {
    const row = await this.db.selectFrom('accounts').select((eb) => eb.fn.countAll<string>().as('count')).where('role', '=', 'admin').where('is_disabled', '=', false).executeTakeFirstOrThrow();
    return Number(row.count);
  }
}

function accountOf(row: {
  username: string;
  name: string;
  role: string;
  password_hash: string;
  scope: unknown;
  is_disabled: boolean;
  managed_by: string;
  created_by: string;
  created_at: Date;
  updated_by: string;
  updated_at: Date;
  password_changed_at: Date | null;
}): AccountRecord {
  return {
    username: row.username,
    name: row.name,
    role: row.role as AccountRole,
    passwordHash: row.password_hash,
    ...(Array.isArray(row.scope) ? { scope: row.scope as string[] } : {}),
    isDisabled: row.is_disabled,
    managedBy: row.managed_by as AccountRecord['managedBy'],
    createdBy: row.created_by,
    createdAt: row.created_at,
    updatedBy: row.updated_by,
    updatedAt: row.updated_at,
    ...(row.password_changed_at ? { passwordChangedAt: row.password_changed_at } : {}),
  };
}
