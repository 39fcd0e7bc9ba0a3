/** Server-side sessions: found by their id, revocable, expiring; the database keeps only a hash of the id. */
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { Store } from '../store/database';
import { eventually, useTestStores } from './support/database';

let webA: Store;
let webB: Store;
useTestStores(2, (stores) => ([webA, webB] = stores as [Store, Store]));

const supervisor = { username: 'zhang', name: '知识产权保护科 张科长', role: 'supervisor' };
const hours = 60 * 60_000;

describe('sessions in PostgreSQL', () => {
  it('creates a session with a 256-bit random id that any web server finds', async () => {
    const before = Date.now();
    const created = await webA.sessions.create({ ...supervisor, ttlMs: 12 * hours });
    expect(created.id).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(created.csrfNonce).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(created.expiresAt.getTime()).toBeGreaterThanOrEqual(before + 12 * hours - 5_000);
    expect(await webB.sessions.find(created.id)).toEqual({ ...supervisor, csrfNonce: created.csrfNonce, createdAt: expect.any(Date), expiresAt: created.expiresAt });
    expect((await webA.sessions.create({ ...supervisor, ttlMs: hours })).id).not.toBe(created.id);
    expect(await webB.sessions.find('x'.repeat(43))).toBeNull();
    expect(await webB.sessions.find("' or 1=1 --")).toBeNull();
  });

  it('keeps only a hash of the id, so a copy of the database opens no session', async () => {
    const { id } = await webA.sessions.create({ ...supervisor, ttlMs: hours });
    const { rows } = await sql<{ row: string }>`select to_jsonb(sessions)::text as row from sessions`.execute(webA.db);
    expect(rows.some((row) => row.row.includes(id))).toBe(false);
    const hash = createHash('sha256').update(id).digest();
    expect((await sql`select 1 from sessions where id_hash = ${hash}`.execute(webA.db)).rows).toHaveLength(1);
  });

  it('finds no session once it has expired, and the clean-up deletes it', async () => {
    const { id } = await webA.sessions.create({ ...supervisor, ttlMs: 1_500 });
    expect(await webB.sessions.find(id)).not.toBeNull();
    await eventually(() => webB.sessions.find(id), (session) => session === null, 10_000);
    expect(await webB.sessions.purgeExpired()).toBeGreaterThanOrEqual(1);
    expect((await sql`select 1 from sessions where id_hash = ${createHash('sha256').update(id).digest()}`.execute(webA.db)).rows).toHaveLength(0);
  });

  it('finds no session once it was revoked (log-out), on every web server', async () => {
    const { id } = await webA.sessions.create({ ...supervisor, ttlMs: hours });
    expect(await webB.sessions.revoke(id)).toBe(true);
    expect(await webA.sessions.find(id)).toBeNull();
    expect(await webA.sessions.revoke(id)).toBe(false);
  });

  it('revokes every session of an account (disabled, or its password changed) and no one else’s', async () => {
    const sessions = await Promise.all([1, 2, 3].map(() => webA.sessions.create({ username: 'li', name: '督查室 李主任', role: 'supervisor', ttlMs: hours })));
    const admin = await webA.sessions.create({ username: 'admin', name: '管理员', role: 'admin', ttlMs: hours });
    expect(await webB.sessions.revokeAllFor('li')).toBe(3);
    for (const { id } of sessions) expect(await webA.sessions.find(id)).toBeNull();
    expect(await webA.sessions.find(admin.id)).toMatchObject({ username: 'admin', role: 'admin' });
  });
});
