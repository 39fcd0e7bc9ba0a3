/**
 * The web server's environment, validated like config/env.ts (kept apart so that the worker's
 * deployment file lists only what the worker reads). The worker reads `WEB_BASE_URL`,
 * `LINK_SECRET` and `LINK_TTL_DAYS` too, to put the unit's link in its emails.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { EnvironmentError } from '../config/env';
import { type Account, accountsSchema } from './accounts';
import { minimumSecretLength } from './unit-links';

export const webEnvSchema = z.object({
  WEB_HOST: z.string().min(1).default('127.0.0.1'),
  WEB_PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** What people's links point at (the reminder emails' {{link}}); defaults to http://WEB_HOST:WEB_PORT. */
  WEB_BASE_URL: z.url({ error: 'an absolute http(s) URL, e.g. https://campaigns.example.gov.cn' }).optional(),
  LINK_SECRET: z
    .string()
    .min(minimumSecretLength, { error: `at least ${minimumSecretLength} characters (e.g. openssl rand -hex 32)` })
    .superRefine((value, context) => {
      const weakness = secretWeakness(value);
      if (weakness) context.addIssue({ code: 'custom', message: `${weakness}: expected a random secret of at least ${minimumSecretLength} characters (e.g. openssl rand -hex 32)` });
    })
    .optional(),
  LINK_TTL_DAYS: z.coerce.number().positive().max(366).default(30),
  /** The administrators' and supervisors' accounts: JSON, or the path of a JSON file. */
  WEB_ACCOUNTS: z.string().min(1).optional(),
  /**
   * Which proxies in front may say who the caller is (X-Forwarded-For): none by default; the
   * proxy's address or CIDR (comma-separated), or the number of proxy hops. Behind a proxy that
   * is not trusted every caller has the proxy's address, and the log-in throttle would lock
   * everyone out at once.
   */
  WEB_TRUST_PROXY: z
    .string()
    .regex(/^(false|\d{1,2}|[0-9a-fA-F.:/]+(\s*,\s*[0-9a-fA-F.:/]+)*)$/, { error: 'false, a hop count (1), or proxy addresses/CIDRs separated by commas (10.0.0.5,10.1.0.0/16)' })
    .default('false'),
  /** Largest upload, MB (a definition's own attachment limits apply within it). */
  WEB_MAX_UPLOAD_MB: z.coerce.number().positive().max(1024).default(50),
});

/**
 * Why a secret of the right length is still guessable, or undefined when it looks random: too few
 * distinct characters (32 × 'a', 'abab…'), or a short piece repeated (`0123456789` three times and
 * more). `openssl rand -hex 32` (64 characters of 16 symbols, no repetition) always passes.
 */
export function secretWeakness(secret: string): string | undefined {
  const distinct = new Set(secret).size;
  if (distinct < minimumDistinctCharacters) return `only ${distinct} distinct characters (at least ${minimumDistinctCharacters} needed)`;
  for (let period = 1; period <= secret.length / 2; period += 1) {
    const piece = secret.slice(0, period);
    if (piece.repeat(Math.ceil(secret.length / period)).startsWith(secret)) return `a ${period}-character piece repeated`;
  }
  // A secret made of one run of consecutive characters (abcdef…, 0123…): a keyboard walk, not randomness.
  const steps = [...secret].slice(1).filter((character, index) => character.charCodeAt(0) - secret.charCodeAt(index) === 1).length;
  if (steps >= secret.length * 0.6) return 'mostly a run of consecutive characters';
  return undefined;
}
const minimumDistinctCharacters = 10;

/**
 * The worker sends every unit's link: outside development (`NODE_ENV=development`, as `npm start`
 * sets nothing else) a missing secret stops it, as it stops the web server; a weak one already
 * stopped `loadLinkSettings`.
 */
export function requireLinkSecret(settings: LinkSettings, source: NodeJS.ProcessEnv = process.env): LinkSettings & { secret?: string } {
  if (!settings.secret && source.NODE_ENV !== 'development') {
    throw new EnvironmentError(`LINK_SECRET is not set: expected a random secret of at least ${minimumSecretLength} characters (e.g. openssl rand -hex 32); the worker signs the units' links with it (NODE_ENV=development sends emails without links)`);
  }
  return settings;
}

export type WebEnv = Omit<z.infer<typeof webEnvSchema>, 'WEB_ACCOUNTS' | 'WEB_BASE_URL'> & { WEB_BASE_URL: string; accounts: Account[] };

/** The link settings the worker needs; without a secret there are no links (the worker says so). */
export interface LinkSettings {
  baseUrl: string;
  secret?: string;
  ttlMs: number;
}

export function loadLinkSettings(source: NodeJS.ProcessEnv = process.env): LinkSettings {
  const env = parseWebEnv(source);
  return { baseUrl: baseUrlOf(env), ...(env.LINK_SECRET ? { secret: env.LINK_SECRET } : {}), ttlMs: env.LINK_TTL_DAYS * 24 * 60 * 60 * 1000 };
}

/** The web server's settings; it refuses to start without a link secret or without accounts. */
export function loadWebEnv(source: NodeJS.ProcessEnv = process.env): WebEnv & { LINK_SECRET: string } {
  const env = parseWebEnv(source);
  if (!env.LINK_SECRET) {
    throw new EnvironmentError(`LINK_SECRET is not set: expected at least ${minimumSecretLength} characters (npm start generates one in the data folder)`);
  }
  const accounts = env.WEB_ACCOUNTS ? readAccounts(env.WEB_ACCOUNTS) : [];
  return { ...env, LINK_SECRET: env.LINK_SECRET, WEB_BASE_URL: baseUrlOf(env), accounts };
}

function parseWebEnv(source: NodeJS.ProcessEnv) {
  const values = Object.fromEntries(Object.keys(webEnvSchema.shape).flatMap((name) => (source[name] ? [[name, source[name]]] : [])));
  const parsed = webEnvSchema.safeParse(values);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((issue) => {
    const name = String(issue.path[0]);
    // Never echo a secret back.
    const shown = name === 'LINK_SECRET' ? `(${String(values[name]).length} characters)` : JSON.stringify(values[name]);
    return `  ${name}=${shown}: ${issue.message}`;
  });
  throw new EnvironmentError(`Invalid environment variable${lines.length > 1 ? 's' : ''}:\n${lines.join('\n')}`);
}

function baseUrlOf(env: { WEB_BASE_URL?: string; WEB_HOST: string; WEB_PORT: number }): string {
  return (env.WEB_BASE_URL ?? `http://${env.WEB_HOST}:${env.WEB_PORT}`).replace(/\/+$/, '');
}

/** WEB_ACCOUNTS is inline JSON (starts with `[`) or a file path. */
function readAccounts(value: string): Account[] {
  const text = value.trimStart().startsWith('[') ? value : readFileSync(value, 'utf8');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new EnvironmentError(`WEB_ACCOUNTS: expected a JSON list of accounts: ${(error as Error).message}`);
  }
  const parsed = accountsSchema.safeParse(json);
  if (!parsed.success) {
    throw new EnvironmentError(`WEB_ACCOUNTS: ${parsed.error.issues.map((issue) => `[${issue.path.join('.')}] ${issue.message}`).join('; ')}`);
  }
  return parsed.data;
}

/** WEB_TRUST_PROXY as fastify's `trustProxy`: false, a hop count, or the proxies' addresses. */
export function trustProxyOf(value: string): boolean | string[] | ((address: string, hop: number) => boolean) {
  if (value === 'false') return false;
  if (/^\d+$/.test(value)) return (_address, hop) => hop < Number(value);
  return value.split(',').map((entry) => entry.trim());
}
