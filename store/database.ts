/**
 * The application's own store on PostgreSQL: what is not in Temporal and must be shared by every
 * worker and web server (the send ledger, attachments and notices, log-in throttling, sessions,
 * drafts and definition versions).
 *
 *   const store = await openStore({ url: env.DATABASE_URL, poolSize: env.DATABASE_POOL_SIZE });
 *   await store.sendLedger.claim(sendKey, owner, 60_000);
 *   await store.close();
 *
 * `openStore` brings the schema up to date first (store/migrations/); two processes opening the
 * store at once wait for each other on the migrator's lock, so each migration runs once.
 */
import { type ColumnType, type Generated, Kysely, type Migration, Migrator, PostgresDialect, sql } from 'kysely';
import { Pool } from 'pg';
import type { Env } from '../config/env';
import { AttachmentRepository } from './attachments';
import { BlobStore } from './blobs';
import { StoreError } from './errors';
import { migrations } from './migrations';
import { DraftRepository } from './drafts';
import { NoticeRepository } from './notices';
import { type SendReceipt, SendLedgerStore } from './send-ledger';
import { SessionRepository } from './sessions';
import { SignInThrottleStore, type ThrottleLimits } from './throttle';

/** A timestamp, read as a Date; written as a Date, text or an SQL expression (`now()`). */
type Timestamp = ColumnType<Date, Date | string, Date | string>;
/** One the database fills in when it is not given (`default now()`). */
type DefaultTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null, Date | string | null>;

export interface SendLedgerTable {
  send_key: string;
  /** Who holds the claim or sent it (e.g. the worker's identity and the activity attempt). */
  owner: string | null;
  lease_until: NullableTimestamp;
  claimed_at: NullableTimestamp;
  /** Set once the relay accepted: the send is done. */
  sent_at: NullableTimestamp;
  receipt: ColumnType<SendReceipt | null, string | null, string | null>;
}

export interface BlobTable {
  /** Lower-case hex SHA-256 of the content. */
  sha256: string;
  content: Buffer;
  size: number;
  created_at: DefaultTimestamp;
}

export interface AttachmentTable {
  /** `sha256-<hex>-<16 hex>`: the content's hash and the upload's own suffix. */
  id: string;
  content_sha256: string;
  file_name: string;
  content_type: string;
  size: number;
  campaign_id: string | null;
  unit_id: string | null;
  uploaded_at: DefaultTimestamp;
  /** When a submission first used it; null: an upload no submission has used (yet). */
  referenced_at: NullableTimestamp;
}

export interface NoticeTable {
  campaign_id: string;
  unit_id: string;
  file_name: string;
  content_sha256: string;
  size: number;
  saved_at: DefaultTimestamp;
}

export interface SignInFailureTable {
  id: Generated<string>;
  /** SHA-256 of the attempt's key (address and user name): any user name costs 32 bytes. */
  key_hash: Buffer;
  failed_at: DefaultTimestamp;
}

export interface SessionTable {
  /** SHA-256 of the session id: the id itself, a bearer secret, is never stored. */
  id_hash: Buffer;
  username: string;
  name: string;
  role: string;
  csrf_nonce: string;
  created_at: DefaultTimestamp;
  expires_at: Timestamp;
}

export interface DraftTable {
  id: string;
  title: string;
  yaml: string;
  revision: Generated<number>;
  /** The notice it was imported from (text, findings), as JSON. */
  notice: ColumnType<unknown, string | null, string | null>;
  created_by: string;
  created_at: DefaultTimestamp;
  updated_by: string;
  updated_at: DefaultTimestamp;
}

export interface DefinitionVersionTable {
  id: string;
  draft_id: string;
  number: number;
  yaml: string;
  campaign_id: string | null;
  title: string;
  is_valid: boolean;
  note: Generated<string>;
  saved_by: string;
  saved_at: DefaultTimestamp;
}

export interface DefinitionVersionUseTable {
  version_id: string;
  campaign_id: string;
  action: string;
  used_by: string;
  used_at: DefaultTimestamp;
}

export interface Database {
  send_ledger: SendLedgerTable;
  blobs: BlobTable;
  attachments: AttachmentTable;
  notices: NoticeTable;
  sign_in_failures: SignInFailureTable;
  sessions: SessionTable;
  drafts: DraftTable;
  definition_versions: DefinitionVersionTable;
  definition_version_uses: DefinitionVersionUseTable;
}

export { StoreError } from './errors';

export interface StoreOptions {
  /** postgres://user:password@host:port/database */
  url: string;
  /** Connections this process keeps open at most (default 10). */
  poolSize?: number;
  /** Bytes of uploads per (campaign, unit) that no submission has used yet (default 200 MB). */
  unitUploadQuotaBytes?: number;
  throttle?: Partial<ThrottleLimits>;
  /** Warnings: a connection of the pool that failed while idle. */
  log?: (line: string) => void;
}

export interface Store {
  db: Kysely<Database>;
  sendLedger: SendLedgerStore;
  blobs: BlobStore;
  attachments: AttachmentRepository;
  notices: NoticeRepository;
  throttle: SignInThrottleStore;
  sessions: SessionRepository;
  /** Drafts and definition versions of the administrators' authoring. */
  drafts: DraftRepository;
  close(): Promise<void>;
}

export const defaultPoolSize = 10;
export const defaultUnitUploadQuotaBytes = 200 * 1024 * 1024;

/**
 * The store's options from the environment (config/env.ts). `npm start` sets DATABASE_URL for the
 * worker and the web server (its embedded server's when the person set none).
 */
export function storeOptionsFrom(env: Pick<Env, 'DATABASE_URL' | 'DATABASE_POOL_SIZE' | 'UNIT_UPLOAD_QUOTA_MB'>): StoreOptions {
  if (!env.DATABASE_URL) throw new StoreError('STORE_NOT_CONFIGURED', 'DATABASE_URL is not set: name the PostgreSQL database of the application’s store (npm start sets it for the processes it starts)');
  return { url: env.DATABASE_URL, poolSize: env.DATABASE_POOL_SIZE, unitUploadQuotaBytes: env.UNIT_UPLOAD_QUOTA_MB * 1024 * 1024 };
}

/** Connects, brings the schema up to date and returns the repositories. */
export async function openStore(options: StoreOptions): Promise<Store> {
  const pool = new Pool({ connectionString: options.url, max: options.poolSize ?? defaultPoolSize });
  // An idle connection that breaks (the server restarted) must not crash the process; the pool replaces it.
  pool.on('error', (error) => (options.log ?? console.warn)(`store: idle database connection failed: ${error.message}`));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  try {
    await sql`select 1`.execute(db).catch((error: unknown) => {
      throw new StoreError('STORE_UNAVAILABLE', `store: cannot use the database ${redactUrl(options.url)}: ${(error as Error).message}`, { cause: error });
    });
    await migrateToLatest(db);
  } catch (error) {
    await db.destroy();
    throw error;
  }
  const blobs = new BlobStore(db);
  return {
    db,
    sendLedger: new SendLedgerStore(db),
    blobs,
    attachments: new AttachmentRepository(db, blobs, { unitQuotaBytes: options.unitUploadQuotaBytes ?? defaultUnitUploadQuotaBytes }),
    notices: new NoticeRepository(db, blobs),
    throttle: new SignInThrottleStore(db, options.throttle),
    sessions: new SessionRepository(db),
    drafts: new DraftRepository(db),
    close: () => db.destroy(),
  };
}

/** Applies the migrations not yet applied, in order; returns their names. */
export async function migrateToLatest(db: Kysely<Database>): Promise<string[]> {
  const migrator = new Migrator({ db, provider: { getMigrations: () => Promise.resolve<Record<string, Migration>>(migrations) } });
  const { error, results = [] } = await migrator.migrateToLatest();
  const failed = results.find((result) => result.status === 'Error');
  if (error !== undefined || failed) {
    const cause = error instanceof Error ? error : new Error(String(error));
    const name = failed ? ` ${failed.migrationName}` : 's';
    throw new StoreError('STORE_MIGRATION_FAILED', `store: migration${name} failed: ${cause.message}`, { cause });
  }
  return results.map((result) => result.migrationName);
}

/** The URL with its password replaced by `***`, for messages and logs. */
export function redactUrl(databaseUrl: string): string {
  try {
    const url = new URL(databaseUrl);
    if (url.password) url.password = '***';
    return url.toString();
  } catch {
    return '(not a URL)';
  }
}
