/** What the routes share: the HTTP server, the application, the settings and the log-in throttle. */
import type { FastifyInstance } from 'fastify';
import type { SignInThrottle } from '../app/sign-in';
import type { Application } from '../app';
import type { WebEnv } from '../app/settings';
import type { AuthSettings } from './auth';

export interface WebContext {
  server: FastifyInstance;
  app: Application;
  env: WebEnv & { LINK_SECRET: string };
  now: () => number;
  /** What the guards check callers against: the link secret, the clock, the store's sessions. */
  auth: AuthSettings;
  /** Failed log-ins per (address, user name). */
  signIns: SignInThrottle;
}
