/** What the routes share: the server, the Temporal reader, the operations and the settings. */
import type { FastifyInstance } from 'fastify';
import type { Plan } from '../config/compile';
import { timelineRows } from '../cli/plan-format';
import type { SignInThrottle } from './accounts';
import type { Admin } from './admin';
import type { AttachmentLimits, AttachmentStore } from './attachments';
import type { CampaignReader } from './campaigns';
import type { WebEnv } from './config';
import type { Operations } from './operations';
import type { Simulations } from './simulations';
import type { ViewDependencies } from './views';

export interface WebContext {
  app: FastifyInstance;
  reader: CampaignReader;
  operations: Operations;
  admin: Admin;
  /** The administrator's simulations before launch (one at a time). */
  simulations: Simulations;
  attachments: AttachmentStore;
  env: WebEnv & { LINK_SECRET: string };
  noticesDir: string;
  /** Limits of any upload; each obligation's own limits apply at submission. */
  uploadLimits: AttachmentLimits;
  views: ViewDependencies;
  now: () => number;
  /** Failed log-ins per (address, user name). */
  signIns: SignInThrottle;
  /** The preview's timeline rows, as the CLI's `plan` prints them. */
  timeline: (plan: Plan) => { local: string; unit: string; obligation: string; what: string }[];
}

export function previewTimeline(plan: Plan): { local: string; unit: string; obligation: string; what: string }[] {
  const unitCount = new Set(plan.instances.map((instance) => instance.unitId)).size;
  return timelineRows(plan).map((row) => ({
    local: row.local,
    obligation: row.obligation,
    what: row.what,
    unit: row.instances.length === unitCount && unitCount > 1 ? `全部${unitCount}个单位` : row.instances.map((instance) => instance.unitName).join('、'),
  }));
}
