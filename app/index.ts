/**
 * The application: every operation a person or a script performs on campaigns, over injected
 * dependencies (the Temporal client, the data folder, the clock). The web API, the pages and the
 * CLI are adapters over it: they parse, call and render, and never lean on each other.
 */
import path from 'node:path';
import type { Client } from '@temporalio/client';
import { Admin } from './administration';
import { type AttachmentLimits, AttachmentStore, defaultAttachmentTypes } from './attachments';
import { CampaignReader } from './campaign-reader';
import { Operations } from './operations';
import { Overviews } from './overview';
import { Simulations } from './simulations';
import type { ViewDependencies } from './views';

export interface AppDependencies {
  client: Client;
  /** DATA_DIR: attachments/, definitions/ (uploads), notices/ (kept by the worker). */
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
  overviews: Overviews;
  /** The administrator's simulations before launch (one at a time). */
  simulations: Simulations;
  attachments: AttachmentStore;
  noticesDir: string;
  /** Limits of any upload; each obligation's own limits apply at submission. */
  uploadLimits: AttachmentLimits;
  views: ViewDependencies;
  now: () => number;
}

export function createApplication(dependencies: AppDependencies): Application {
  const reader = new CampaignReader(dependencies.client);
  const attachments = new AttachmentStore(path.join(dependencies.dataDir, 'attachments'));
  const noticesDir = path.join(dependencies.dataDir, 'notices');
  const { maxUploadMb } = dependencies;
  return {
    reader,
    attachments,
    noticesDir,
    operations: new Operations({ reader, attachments, maxUploadMb }),
    admin: new Admin({ reader, configDir: path.resolve(dependencies.configDir), uploadsDir: path.join(dependencies.dataDir, 'definitions'), taskQueue: dependencies.taskQueue }),
    overviews: new Overviews(reader),
    simulations: dependencies.simulations ?? new Simulations(),
    uploadLimits: { maxCount: 20, maxBytes: maxUploadMb * 1024 * 1024, types: defaultAttachmentTypes },
    views: { reader, attachments, noticesDir, maxUploadMb },
    now: dependencies.now ?? Date.now,
  };
}
