/**
 * The unit directory's versions (单位名录): each a whole snapshot, numbered from 1, kept with who
 * saved it, when, why and what it changed; and, per campaign, the version each launch or
 * amendment ran with. A save names the version it was based on: if another administrator saved
 * in between, it is refused with what the store holds (`DirectoryConflictError`), never written
 * over it. Versions never change, so a reader may keep them.
 */
import { type Kysely, sql } from 'kysely';
import type { Database } from './database';
import { StoreError } from './errors';

export interface DirectoryVersionSummary {
  number: number;
  /** What this version changed from the one before, as a person reads it. */
  changes: string[];
  note: string;
  savedBy: string;
  savedAt: Date;
}

export interface DirectoryVersionRecord extends DirectoryVersionSummary {
  /** The snapshot as saved (units, groups, unitKinds); checked by whoever saved it. */
  content: unknown;
}

export interface DirectoryPin {
  campaignId: string;
  version: number;
  action: 'launch' | 'amend';
  by: string;
  at: Date;
}

/** A save based on a version that is no longer the latest: `latest` is what the store holds. */
export class DirectoryConflictError extends StoreError {
  constructor(readonly latest: { number: number; savedBy: string; savedAt: Date } | undefined) {
    super('DIRECTORY_CONFLICT', latest ? `directory changed meanwhile: version ${latest.number} by ${latest.savedBy}` : 'directory changed meanwhile');
  }
}

const uniqueViolation = '23505';

export class DirectoryRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** The latest version's number; undefined while the directory has none. */
  async latestNumber(): Promise<number | undefined> {
    const row = await this.db.selectFrom('directory_versions').select((eb) => eb.fn.max('number').as('latest')).executeTakeFirst();
    return row?.latest ?? undefined;
  }

  async version(number: number): Promise<DirectoryVersionRecord | undefined> {
    if (!Number.isInteger(number) || number < 1 || number > 2_000_000_000) return undefined;
    const row = await this.db.selectFrom('directory_versions').selectAll().where('number', '=', number).executeTakeFirst();
    return row && { ...summaryOf(row), content: row.content };
  }

  /** Every version, the latest first, without its content. */
  async list(): Promise<DirectoryVersionSummary[]> {
    const rows = await this.db.selectFrom('directory_versions').select(['number', 'changes', 'note', 'saved_by', 'saved_at']).orderBy('number', 'desc').execute();
    return rows.map(summaryOf);
  }

  /**
   * Saves `content` as version `basedOn + 1` if `basedOn` is still the latest (0: the directory is
   * empty); otherwise a DirectoryConflictError. Two saves at once on the same version: one wins.
   */
  async save(version: { content: unknown; changes: string[]; basedOn: number; note: string; by: string }): Promise<DirectoryVersionRecord> {
    try {
      const result = await sql<{ number: number; changes: string[]; note: string; saved_by: string; saved_at: Date; content: unknown }>`
        insert into directory_versions (number, content, changes, note, saved_by)
        select ${version.basedOn + 1}, ${JSON.stringify(version.content)}::jsonb, ${JSON.stringify(version.changes)}::jsonb, ${version.note}, ${version.by}
        where coalesce((select max(number) from directory_versions), 0) = ${version.basedOn}
        returning number, changes, note, saved_by, saved_at, content`.execute(this.db);
      const row = result.rows[0];
      if (row) return { ...summaryOf(row), content: row.content };
    } catch (error) {
      if ((error as { code?: string }).code !== uniqueViolation) throw error;
    }
    const latest = await this.db.selectFrom('directory_versions').select(['number', 'saved_by', 'saved_at']).orderBy('number', 'desc').limit(1).executeTakeFirst();
    throw new DirectoryConflictError(latest && { number: latest.number, savedBy: latest.saved_by, savedAt: latest.saved_at });
  }

  /** Records that a campaign was launched or amended with a directory version. */
  async pin(pin: Omit<DirectoryPin, 'at'>): Promise<void> {
    await this.db.insertInto('campaign_directory_pins').values({ campaign_id: pin.campaignId, directory_version: pin.version, action: pin.action, pinned_by: pin.by }).execute();
  }

  /** The campaigns' versions in effect (each one's latest launch or amendment), for the given campaigns. */
  async pinsOf(campaignIds: string[]): Promise<Map<string, DirectoryPin>> {
    if (campaignIds.length === 0) return new Map();
    const rows = await this.db
      .selectFrom('campaign_directory_pins')
      .selectAll()
      .where('campaign_id', 'in', campaignIds)
      .orderBy('id')
      .execute();
    return new Map(rows.map((row) => [row.campaign_id, pinOf(row)]));
  }

  /** Every launch and amendment of a campaign with the version it ran, the first first. */
  async pinHistory(campaignId: string): Promise<DirectoryPin[]> {
    const rows = await this.db.selectFrom('campaign_directory_pins').selectAll().where('campaign_id', '=', campaignId).orderBy('id').execute();
    return rows.map(pinOf);
  }
}

function summaryOf(row: { number: number; changes: unknown; note: string; saved_by: string; saved_at: Date }): DirectoryVersionSummary {
  return { number: row.number, changes: Array.isArray(row.changes) ? (row.changes as string[]) : [], note: row.note, savedBy: row.saved_by, savedAt: row.saved_at };
}

function pinOf(row: { campaign_id: string; directory_version: number; action: string; pinned_by: string; pinned_at: Date }): DirectoryPin {
  return { campaignId: row.campaign_id, version: row.directory_version, action: row.action as DirectoryPin['action'], by: row.pinned_by, at: row.pinned_at };
}
