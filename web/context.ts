/** What the routes share: the server, the Temporal reader, the operations and the settings. */
import type { FastifyInstance } from 'fastify';
import type { Plan } from '../config/compile';
export { previewTimeline } from '../config/plan-timeline';
import type { SignInThrottle } from '../app/accounts';
import type { Admin } from '../app/administration';
import type { AttachmentLimits, AttachmentStore } from '../app/attachments';
import type { CampaignReader } from '../app/campaign-reader';
import type { WebEnv } from '../app/settings';
import type { Operations } from '../app/operations';
import type { Simulations } from '../app/simulations';
import type { ViewDependencies } from '../app/views';

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
