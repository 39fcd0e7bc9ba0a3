import { z } from 'zod';

/**
 * Every environment variable the project reads, with its default. The same names are set in
 * docker-compose.yml (a test checks that). Secrets (SMTP_PASSWORD) have no default and are
 * never written to committed files.
 */
const port = z.coerce.number().int().min(1).max(65535);
const host = z.string().min(1).regex(/^[A-Za-z0-9.\-:[\]]+$/, 'a host name or IP address');
const address = z.string().regex(/^[A-Za-z0-9.\-[\]:]+:\d{1,5}$/, 'host:port, e.g. 127.0.0.1:7233');
const flag = z.enum(['true', 'false', '1', '0']).transform((value) => value === 'true' || value === '1');
const postgresUrl = z.string().refine(isPostgresUrl, 'a postgres:// URL with host and database, e.g. postgres://campaigns:PASSWORD@db.example:5432/campaigns');

export const envSchema = z.object({
  TEMPORAL_ADDRESS: address.default('127.0.0.1:7233'),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default('campaigns'),
  TEMPORAL_UI_PORT: port.default(8233),
  SMTP_HOST: host.default('127.0.0.1'),
  SMTP_PORT: port.default(1025),
  SMTP_SECURE: flag.default(false),
  SMTP_USER: z.string().optional(),
  SMTP_PASSWORD: z.string().optional(),
  SMTP_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(5),
  MAIL_FROM: z.string().min(3).default('知识产权保护科 <zscqbhk@campaigns.localhost>'),
  MAIL_INBOX_PORT: port.default(1080),
  DATA_DIR: z.string().min(1).default('.data'),
  /** Keep a record of accepted sends under DATA_DIR/sent, so a send run again is not sent twice. */
  SEND_LEDGER: flag.default(true),
  /**
   * The application's store (store/): unset, `npm start` runs an embedded PostgreSQL under
   * DATA_DIR/postgres on EMBEDDED_POSTGRES_PORT and uses it.
   */
  DATABASE_URL: postgresUrl.optional(),
  /** Connections each process keeps to the store at most. */
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  EMBEDDED_POSTGRES_PORT: port.default(5432),
  /** Bytes (in MB) of uploads per campaign and unit that no submission has used yet. */
  UNIT_UPLOAD_QUOTA_MB: z.coerce.number().int().min(1).default(200),
  /** Uploads no submission used within this many hours are deleted by the store's clean-up. */
  ORPHAN_UPLOAD_HOURS: z.coerce.number().min(1).default(24),
  /** A workflow bundle built ahead (bundleWorkflowCode): the worker starts in a second instead of bundling. */
  WORKFLOW_BUNDLE: z.string().optional(),
  // Worker tuning (unset: the SDK's defaults, but 80 workflow-task slots and 20 pollers, see
  // workers/worker.ts). What each bought is in BENCHMARKS.md.
  /** Workflows kept in the worker's memory between tasks; bounds the worker's RSS, whatever the number of waiting obligations. */
  WORKER_MAX_CACHED_WORKFLOWS: z.coerce.number().int().min(0).optional(),
  /** Workflow tasks run at once (default 80). */
  WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: z.coerce.number().int().min(2).optional(),
  /** Workflow-task polls open at once, half of them for workflows in no worker's cache (default 20). */
  WORKER_MAX_WORKFLOW_TASK_POLLS: z.coerce.number().int().min(2).optional(),
  /** Activities (sends, launches) run at once. */
  WORKER_MAX_CONCURRENT_ACTIVITIES: z.coerce.number().int().min(1).optional(),
});

export type Env = z.infer<typeof envSchema>;
export const envVariableNames = Object.keys(envSchema.shape) as (keyof Env)[];

/** Raised when an environment variable has a value the project cannot use. */
export class EnvironmentError extends Error {
  readonly code = 'ENVIRONMENT';
}

/** Validates the environment; an empty string counts as unset so `FOO=` falls back to the default. */
export function loadEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const values: Record<string, string> = {};
  for (const name of envVariableNames) {
    const value = source[name];
    if (value !== undefined && value !== '') values[name] = value;
  }
  const parsed = envSchema.safeParse(values);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((issue) => {
    const name = String(issue.path[0]);
    return `  ${name}=${JSON.stringify(redactPassword(values[name] ?? ''))}: ${describeIssue(issue)}`;
  });
  throw new EnvironmentError(`Invalid environment variable${lines.length > 1 ? 's' : ''}:\n${lines.join('\n')}`);
}

function describeIssue(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'too_small':
    case 'too_big':
      return `expected a ${issue.origin === 'number' ? 'number' : 'value'} ${issue.code === 'too_small' ? '>=' : '<='} ${String(issue.code === 'too_small' ? issue.minimum : issue.maximum)}`;
    case 'invalid_type':
      return `expected ${issue.expected}`;
    case 'invalid_value':
      return `expected one of ${issue.values.map((value) => String(value)).join(', ')}`;
    case 'invalid_format':
      return issue.message;
    default:
      return issue.message;
  }
}

function isPostgresUrl(value: string): boolean {
  if (!URL.canParse(value)) return false;
  const url = new URL(value);
  return (url.protocol === 'postgres:' || url.protocol === 'postgresql:') && url.hostname !== '' && url.pathname.length > 1;
}

/** A URL's password is not printed, even in a URL we refuse (`postgres://user:***@host`). */
function redactPassword(value: string): string {
  return value.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@\s]*:)[^@\s]*@/i, '$1***@');
}
