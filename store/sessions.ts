/**
 * Server-side sessions of administrators and supervisors, so that a session can be revoked (log
 * out everywhere, an account disabled or its password changed), which a signed cookie cannot.
 * The id is 256 random bits given to the browser once; the database keeps only its SHA-256, so a
 * copy of the database (a backup) opens no session.
 */
import { createHash, randomBytes } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import { msInterval } from './clock';
import type { Database } from './database';

export interface NewSession {
  username: string;
  /** As recorded in every action, e.g. 知识产权保护科 张科长. */
  name: string;
  role: string;
  ttlMs: number;
}

export interface StoredSession {
  username: string;
  name: string;
  role: string;
  /** The nonce the CSRF token is derived from (web/session.ts csrfTokenOf). */
  csrfNonce: string;
  createdAt: Date;
  expiresAt: Date;
}

/** 32 random bytes, base64url: 43 characters. */
const sessionIdPattern = /^[A-Za-z0-9_-]{43}$/;
const hashOf = (id: string) => createHash('sha256').update(id).digest();

export class SessionRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** A new session; `id` goes into the cookie and is not kept anywhere else. */
  async create(session: NewSession): Promise<{ id: string; csrfNonce: string; expiresAt: Date }> {
    const id = randomBytes(32).toString('base64url');
    const csrfNonce = randomBytes(16).toString('base64url');
    const row = await this.db
      .insertInto('sessions')
      .values({ id_hash: hashOf(id), username: session.username, name: session.name, role: session.role, csrf_nonce: csrfNonce, expires_at: sql<Date>`now() + ${msInterval(session.ttlMs)}` })
      .returning('expires_at')
      .executeTakeFirstOrThrow();
    return { id, csrfNonce, expiresAt: row.expires_at };
  }

  /** The session, or null when the id is unknown, expired or revoked. */
  async find(id: string): Promise<StoredSession | null> {
    if (!sessionIdPattern.test(id)) return null;
    const row = await this.db.selectFrom('sessions').selectAll().where('id_hash', '=', hashOf(id)).where('expires_at', '>', sql<Date>`now()`).executeTakeFirst();
    if (!row) return null;
    return { username: row.username, name: row.name, role: row.role, csrfNonce: row.csrf_nonce, createdAt: row.created_at, expiresAt: row.expires_at };
  }

  /** Ends one session (log-out); true when there was one. */
  async revoke(id: string): Promise<boolean> {
    if (!sessionIdPattern.test(id)) return false;
    const result = await this.db.deleteFrom('sessions').where('id_hash', '=', hashOf(id)).executeTakeFirst();
    return result.numDeletedRows > 0n;
  }

  /** Ends every session of the account (disabled, or its password changed); returns how many. */
  async revokeAllFor(username: string): Promise<number> {
    const result = await this.db.deleteFrom('sessions').where('username', '=', username).executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  /** Deletes expired sessions (find already ignores them); returns how many. */
  async purgeExpired(): Promise<number> {
    const result = await this.db.deleteFrom('sessions').where('expires_at', '<=', sql<Date>`now()`).executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
