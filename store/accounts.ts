/**
 * Administrators' and supervisors' accounts (the password only as its scrypt hash). An account
 * imported from WEB_ACCOUNTS is 'environment'-managed until someone changes it in the pages; a
 * restart refreshes such an account from the environment (disables it once WEB_ACCOUNTS no longer
 * names it, enables it when named again), and leaves every other one alone.
 */
import { type Kysely, sql } from 'kysely';
import type { Database } from './database';
import { StoreError } from './errors';

export type AccountRole = 'admin' | 'supervisor';

export interface EnvironmentAccount {
  username: string;
  name: string;
  role: AccountRole;
  passwordHash: string;
}

/** What a start did with WEB_ACCOUNTS; see importFromEnvironment. */
export interface EnvironmentImport {
  imported: string[];
  refreshed: string[];
  kept: string[];
  withdrawn: string[];
  keptLastAdmin: string[];
}

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
   * environment takes the environment's name, role and password (and is enabled again if it had
   * been withdrawn); one changed in the pages stays as it is (reported as `kept`). An account the
   * environment manages that WEB_ACCOUNTS no longer names is disabled (`withdrawn`), so taking a
   * name out of the variable takes the person's access away; except the last enabled
   * administrator, kept so that someone can still sign in (`keptLastAdmin`).
   */
  async importFromEnvironment(accounts: EnvironmentAccount[]): Promise<EnvironmentImport> {
    const outcome: EnvironmentImport = { imported: [], refreshed: [], kept: [], withdrawn: [], keptLastAdmin: [] };
    for (const account of accounts) {
      const result = await sql<{ inserted: boolean }>`
        insert into accounts (username, name, role, password_hash, managed_by, created_by, updated_by)
        values (${account.username}, ${account.name}, ${account.role}, ${account.passwordHash}, 'environment', 'WEB_ACCOUNTS', 'WEB_ACCOUNTS')
        on conflict (username) do update set name = excluded.name, role = excluded.role, password_hash = excluded.password_hash, is_disabled = false, updated_by = 'WEB_ACCOUNTS', updated_at = now()
          where accounts.managed_by = 'environment'
            and (accounts.name, accounts.role, accounts.password_hash, accounts.is_disabled) is distinct from (excluded.name, excluded.role, excluded.password_hash, false)
        returning (xmax = 0) as inserted`.execute(this.db);
      const row = result.rows[0];
      if (row?.inserted) outcome.imported.push(account.username);
      else if (row) outcome.refreshed.push(account.username);
      else if ((await this.find(account.username))?.managedBy === 'store') outcome.kept.push(account.username);
    }
    await this.withdrawUnnamed(accounts.map((account) => account.username), outcome);
    return outcome;
  }

  /** Disables the environment's accounts WEB_ACCOUNTS no longer names, in one transaction (never the last enabled administrator). */
  private async withdrawUnnamed(named: string[], outcome: EnvironmentImport): Promise<void> {
    await this.db.transaction().execute(async (transaction) => {
      // Two web servers starting together: the second waits here, then finds nothing left to do.
      await sql`lock table accounts in share row exclusive mode`.execute(transaction);
      const unnamed = await transaction
        .selectFrom('accounts')
        .select(['username', 'role'])
        .where('managed_by', '=', 'environment')
        .where('is_disabled', '=', false)
        .$if(named.length > 0, (query) => query.where('username', 'not in', named))
        .orderBy('username')
        .execute();
      if (unnamed.length === 0) return;
      const admins = await transaction.selectFrom('accounts').select('username').where('role', '=', 'admin').where('is_disabled', '=', false).execute();
      const leavingAdmins = unnamed.filter((account) => account.role === 'admin').map((account) => account.username);
      const keep = admins.length > leavingAdmins.length ? [] : leavingAdmins.slice(0, 1);
      const withdrawn = unnamed.map((account) => account.username).filter((username) => !keep.includes(username));
      if (withdrawn.length > 0) {
        await transaction.updateTable('accounts').set({ is_disabled: true, updated_by: 'WEB_ACCOUNTS', updated_at: sql<Date>`now()` }).where('username', 'in', withdrawn).execute();
      }
      outcome.withdrawn.push(...withdrawn);
      outcome.keptLastAdmin.push(...keep);
    });
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
