/**
 * The store's schema, one migration per step, in order of their names; applied by openStore
 * (kysely's Migrator, which records each in `kysely_migration`). A migration, once merged, is
 * never edited: a change is a new migration. Still to come, each with its own: the directory,
 * accounts.
 */
import type { Migration } from 'kysely';
import { sendLedger } from './0001-send-ledger';
import { blobsAttachmentsNotices } from './0002-blobs-attachments-notices';
import { signInFailures } from './0003-sign-in-failures';
import { sessions } from './0004-sessions';
import { draftsDefinitionVersions } from './0005-drafts-definition-versions';

export const migrations: Record<string, Migration> = {
  '0001-send-ledger': sendLedger,
  '0002-blobs-attachments-notices': blobsAttachmentsNotices,
  '0003-sign-in-failures': signInFailures,
  '0004-sessions': sessions,
  '0005-drafts-definition-versions': draftsDefinitionVersions,
};
