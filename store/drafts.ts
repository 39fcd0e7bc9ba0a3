/**
 * Drafts and definition versions (活动设计): the text an administrator is working on, autosaved
 * with a revision counter, and every version saved from it with who and when. A save names the
 * revision it was based on; if another tab saved in between, the save is refused with the
 * current revision (`DraftConflictError`), never written over it.
 */
import { randomBytes } from 'node:crypto';
import { type Kysely, sql, type Transaction } from 'kysely';
import type { Database } from './database';
import { StoreError } from './errors';

/** What the import page needs again after a reload: the notice's text and the extraction's findings. */
export type StoredNotice = Record<string, unknown>;

export interface DraftRecord {
  id: string;
  title: string;
  yaml: string;
  revision: number;
  notice: StoredNotice | null;
  createdBy: string;
  createdAt: Date;
  updatedBy: string;
  updatedAt: Date;
}

export interface DraftSummary extends Omit<DraftRecord, 'yaml' | 'notice'> {
  versions: number;
  hasNotice: boolean;
}

export interface VersionRecord {
  id: string;
  draftId: string;
  number: number;
  yaml: string;
  campaignId: string | null;
  title: string;
  isValid: boolean;
  note: string;
  savedBy: string;
  savedAt: Date;
}

export type VersionSummary = Omit<VersionRecord, 'yaml'> & { uses: VersionUse[] };

export interface VersionUse {
  campaignId: string;
  action: 'launch' | 'amend';
  usedBy: string;
  usedAt: Date;
}

/** A save based on a revision that is no longer the draft's: `current` is what the store holds. */
export class DraftConflictError extends StoreError {
  constructor(readonly current: { revision: number; updatedBy: string; updatedAt: Date }) {
    super('DRAFT_CONFLICT', `draft changed meanwhile: revision ${current.revision} by ${current.updatedBy}`);
  }
}

const newId = () => randomBytes(8).toString('hex');
const idPattern = /^[0-9a-f]{16}$/;

export class DraftRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async create(draft: { title: string; yaml: string; notice?: StoredNotice; by: string }): Promise<DraftRecord> {
    const row = await this.db
      .insertInto('drafts')
      .values({ id: newId(), title: draft.title, yaml: draft.yaml, notice: draft.notice ? JSON.stringify(draft.notice) : null, created_by: draft.by, updated_by: draft.by })
      .returningAll()
      .executeTakeFirstOrThrow();
    return draftOf(row);
  }

  async get(id: string): Promise<DraftRecord | undefined> {
    if (!idPattern.test(id)) return undefined;
    const row = await this.db.selectFrom('drafts').selectAll().where('id', '=', id).executeTakeFirst();
    return row && draftOf(row);
  }

  /** Every draft, the latest changed first, with its number of versions. */
  async list(): Promise<DraftSummary[]> {
    const rows = await this.db
      .selectFrom('drafts')
      .select(['id', 'title', 'revision', 'created_by', 'created_at', 'updated_by', 'updated_at'])
      .select((eb) => [
        eb.selectFrom('definition_versions').select(eb.fn.countAll<string>().as('count')).whereRef('definition_versions.draft_id', '=', 'drafts.id').as('versions'),
        sql<boolean>`notice is not null`.as('has_notice'),
      ])
      .orderBy('updated_at', 'desc')
      .execute();
    return rows.map((row) => ({
      id: row.id,
      title: row.title,
      revision: row.revision,
      createdBy: row.created_by,
      createdAt: row.created_at,
      updatedBy: row.updated_by,
      updatedAt: row.updated_at,
      versions: Number(row.versions ?? 0),
      hasNotice: row.has_notice,
    }));
  }

  /** Saves the draft's text if `basedOn` is still its revision; the new revision otherwise a DraftConflictError. */
  async save(id: string, change: { yaml: string; title: string; basedOn: number; by: string; notice?: StoredNotice }): Promise<DraftRecord> {
    return this.db.transaction().execute((transaction) => this.saveIn(transaction, id, change));
  }

  /**
   * Saves the text as the draft's next version (and as the draft's text, under the same revision
   * check). The same text as the latest version makes no new version: that one is returned.
   */
  async saveVersion(
    id: string,
    version: { yaml: string; title: string; basedOn: number; by: string; note: string; campaignId: string | null; isValid: boolean },
  ): Promise<{ draft: DraftRecord; version: VersionRecord; isNew: boolean }> {
    return this.db.transaction().execute(async (transaction) => {
      // The draft's row is locked by its update from here on: numbers are taken one at a time.
      const draft = await this.saveIn(transaction, id, version);
      const latest = await transaction.selectFrom('definition_versions').selectAll().where('draft_id', '=', id).orderBy('number', 'desc').limit(1).executeTakeFirst();
      if (latest && latest.yaml === version.yaml) return { draft, version: versionOf(latest), isNew: false };
      const row = await transaction
        .insertInto('definition_versions')
        .values({
          id: newId(),
          draft_id: id,
          number: (latest?.number ?? 0) + 1,
          yaml: version.yaml,
          campaign_id: version.campaignId,
          title: version.title,
          is_valid: version.isValid,
          note: version.note,
          saved_by: version.by,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return { draft, version: versionOf(row), isNew: true };
    });
  }

  /** The draft's versions, the latest first, each with the launches and amendments that ran it. */
  async versions(draftId: string): Promise<VersionSummary[]> {
    if (!idPattern.test(draftId)) return [];
    const rows = await this.db
      .selectFrom('definition_versions')
      .select(['id', 'draft_id', 'number', 'campaign_id', 'title', 'is_valid', 'note', 'saved_by', 'saved_at'])
      .where('draft_id', '=', draftId)
      .orderBy('number', 'desc')
      .execute();
    const uses = rows.length === 0 ? [] : await this.db.selectFrom('definition_version_uses').selectAll().where('version_id', 'in', rows.map((row) => row.id)).orderBy('used_at').execute();
    return rows.map((row) => ({ ...versionOf({ ...row, yaml: '' }), uses: uses.filter((use) => use.version_id === row.id).map(useOf) }));
  }

  async version(id: string): Promise<VersionRecord | undefined> {
    if (!idPattern.test(id)) return undefined;
    const row = await this.db.selectFrom('definition_versions').selectAll().where('id', '=', id).executeTakeFirst();
    return row && versionOf(row);
  }

  /** Records that a campaign was launched or amended with this version. */
  async recordUse(versionId: string, use: { campaignId: string; action: 'launch' | 'amend'; by: string }): Promise<void> {
    await this.db.insertInto('definition_version_uses').values({ version_id: versionId, campaign_id: use.campaignId, action: use.action, used_by: use.by }).execute();
  }

  private async saveIn(transaction: Transaction<Database>, id: string, change: { yaml: string; title: string; basedOn: number; by: string; notice?: StoredNotice }): Promise<DraftRecord> {
    const row = await transaction
      .updateTable('drafts')
      .set({
        yaml: change.yaml,
        title: change.title,
        revision: sql<number>`revision + 1`,
        updated_by: change.by,
        updated_at: sql<Date>`now()`,
        ...(change.notice ? { notice: JSON.stringify(change.notice) } : {}),
      })
      .where('id', '=', id)
      .where('revision', '=', change.basedOn)
      .returningAll()
      .executeTakeFirst();
    if (row) return draftOf(row);
    const current = await transaction.selectFrom('drafts').select(['revision', 'updated_by', 'updated_at']).where('id', '=', id).executeTakeFirst();
    if (!current) throw new StoreError('DRAFT_NOT_FOUND', `no draft ${id}`);
    throw new DraftConflictError({ revision: current.revision, updatedBy: current.updated_by, updatedAt: current.updated_at });
  }
}

function draftOf(row: { id: string; title: string; yaml: string; revision: number; notice: unknown; created_by: string; created_at: Date; updated_by: string; updated_at: Date }): DraftRecord {
  return {
    id: row.id,
    title: row.title,
    yaml: row.yaml,
    revision: row.revision,
    notice: (row.notice as StoredNotice | null) ?? null,
    createdBy: row.created_by,
    createdAt: row.created_at,
    updatedBy: row.updated_by,
    updatedAt: row.updated_at,
  };
}

function versionOf(row: { id: string; draft_id: string; number: number; yaml: string; campaign_id: string | null; title: string; is_valid: boolean; note: string; saved_by: string; saved_at: Date }): VersionRecord {
  return {
    id: row.id,
    draftId: row.draft_id,
    number: row.number,
    yaml: row.yaml,
    campaignId: row.campaign_id,
    title: row.title,
    isValid: row.is_valid,
    note: row.note,
    savedBy: row.saved_by,
    savedAt: row.saved_at,
  };
}

function useOf(row: { campaign_id: string; action: string; used_by: string; used_at: Date }): VersionUse {
  return { campaignId: row.campaign_id, action: row.action as VersionUse['action'], usedBy: row.used_by, usedAt: row.used_at };
}
