/**
 * The application: every operation a person or a script performs on campaigns, over injected
 * dependencies (the Temporal client, the data folder, the clock). The web API, the pages and the
 * CLI are adapters over it: they parse, call and render, and never lean on each other.
 */
import path from 'node:path';
import type { Client } from '@temporalio/client';
import { Admin } from './administration';
import { Authoring } from './authoring';
import { type Store, StoreError } from '../store/database';
import type { AttachmentRepository } from '../store/attachments';
import type { NoticeRepository } from '../store/notices';
import { type AttachmentLimits, defaultAttachmentTypes } from './attachments';
import { CampaignReader } from './campaign-reader';
import { Operations } from './operations';
import { Overviews } from './overview';
import { Simulations } from './simulations';
import type { ViewDependencies } from './views';

export interface AppDependencies {
  client: Client;
  /**
   * The application's own state: attachments, notices, sessions, throttling (store/). A command
   * that reads only Temporal (the CLI's status, list, inbox, act) may go without.
   */
  store?: Store;
  /** DATA_DIR: definitions/ (uploaded definitions). */
  dataDir: string;
  /** The project's config/ folder, with campaigns/ and shared/. */
  configDir: string;
  taskQueue: string;
  /** The largest upload (WEB_MAX_UPLOAD_MB); each obligation's own limits apply within it. */
  maxUploadMb: number;
  /** Runs simulations before launch (default: the time-skipping server of this checkout). */
  simulations?: Simulations;
  now?: () => number;
}

export interface Application {
  reader: CampaignReader;
  operations: Operations;
  admin: Admin;
  /** 活动设计: drafts from notices, the editor's checks, versions, launch from a version. */
  authoring: Authoring;
  overviews: Overviews;
  /** The administrator's simulations before launch (one at a time). */
  simulations: Simulations;
  attachments: AttachmentRepository;
  notices: NoticeRepository;
  /** Limits of any upload; each obligation's own limits apply at submission. */
  uploadLimits: AttachmentLimits;
  views: ViewDependencies;
  now: () => number;
}

export function createApplication(dependencies: AppDependencies): Application {
  const reader = new CampaignReader(dependencies.client);
  const { attachments, notices, drafts } = dependencies.store ?? storeless();
  const { maxUploadMb } = dependencies;
  const admin = new Admin({ reader, configDir: path.resolve(dependencies.configDir), uploadsDir: path.join(dependencies.dataDir, 'definitions'), taskQueue: dependencies.taskQueue });
  return {
    reader,
    attachments,
    notices,
    operations: new Operations({ reader, attachments, maxUploadMb }),
    admin,
    authoring: new Authoring({ drafts, admin, configDir: path.resolve(dependencies.configDir) }),
    overviews: new Overviews(reader),
    simulations: dependencies.simulations ?? new Simulations(),
    uploadLimits: { maxCount: 20, maxBytes: maxUploadMb * 1024 * 1024, types: defaultAttachmentTypes },
    views: { reader, attachments, notices, maxUploadMb },
    now: dependencies.now ?? Date.now,
  };
}

/** Without a store: any use of attachments, notices or drafts says what is missing. */
function storeless(): Pick<Store, 'attachments' | 'notices' | 'drafts'> {
  const missing = () => {
    throw new StoreError('STORE_NOT_CONFIGURED', 'DATABASE_URL is not set and no embedded PostgreSQL runs under DATA_DIR/postgres: start the stack (npm start) or set DATABASE_URL');
  };
  const refuse = new Proxy({}, { get: missing }) as never;
  return { attachments: refuse, notices: refuse, drafts: refuse };
}
