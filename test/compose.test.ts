/**
 * docker-compose.yml read as a file: every variable the app reads is set for the worker, secrets
 * are references to the environment, the services the worker talks to exist, and the image copies
 * every folder the programs it runs import. (test/compose.cluster.test.ts starts the same file's
 * topology natively.)
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { envVariableNames } from '../config/env';
import { webEnvSchema } from '../app/settings';

interface Service {
  image?: string;
  build?: string;
  environment?: Record<string, string | number>;
  depends_on?: Record<string, unknown>;
}
const compose = parse(readFileSync(path.resolve(__dirname, '../docker-compose.yml'), 'utf8'), { merge: true }) as {
  services: Record<string, Service>;
};
const worker = compose.services.worker!;

describe('docker-compose.yml', () => {
  it('sets every environment variable the app reads for the worker, and the link settings it signs with', () => {
    expect(Object.keys(worker.environment ?? {}).sort()).toEqual([...envVariableNames, 'WEB_BASE_URL', 'LINK_SECRET', 'LINK_TTL_DAYS'].sort());
  });

  it('runs the web server with every setting it reads, the secrets required from the environment', () => {
    const web = compose.services.web!;
    const settings = Object.keys(webEnvSchema.shape);
    expect(Object.keys(web.environment ?? {})).toEqual(expect.arrayContaining(settings));
    expect(web.environment?.LINK_SECRET).toMatch(/^\$\{LINK_SECRET:\?/);
    expect(web.environment?.WEB_ACCOUNTS).toMatch(/^\$\{WEB_ACCOUNTS:\?/);
    expect(worker.environment?.LINK_SECRET).toBe(web.environment?.LINK_SECRET);
  });

  it('sets for the web server every general setting it reads (TEMPORAL_*, DATA_DIR), the same as the worker', () => {
    const web = compose.services.web!;
    // The web server's entry point reads these from config/env.ts's loadEnv().
    const source = readFileSync(path.resolve(__dirname, '../web/main.ts'), 'utf8');
    const read = [...new Set([...source.matchAll(/\benv\.([A-Z][A-Z_]+)/g)].map((match) => match[1]!))];
    expect(read).toEqual(expect.arrayContaining(['TEMPORAL_ADDRESS', 'TEMPORAL_TASK_QUEUE', 'DATA_DIR']));
    for (const name of read) {
      expect([name, web.environment?.[name]]).toEqual([name, worker.environment?.[name]]);
    }
  });

  it('takes secrets from the environment, never from the file', () => {
    expect(worker.environment?.SMTP_PASSWORD).toBe('${SMTP_PASSWORD:-}');
    expect(compose.services.postgresql?.environment?.POSTGRES_PASSWORD).toMatch(/^\$\{POSTGRES_PASSWORD:\?/);
    for (const name of ['temporal-history', 'temporal-matching', 'temporal-frontend', 'temporal-worker']) expect([name, compose.services[name]?.environment?.POSTGRES_PWD]).toEqual([name, expect.stringMatching(/^\$\{POSTGRES_PASSWORD:\?/)]);
    expect(compose.services['temporal-schema']?.environment?.SQL_PASSWORD).toMatch(/^\$\{POSTGRES_PASSWORD:\?/);
  });

  it('gives the worker and the web server one store: the database campaigns on the file’s PostgreSQL, apart from Temporal’s', () => {
    const web = compose.services.web!;
    const postgresql = compose.services.postgresql!;
    expect(postgresql.environment?.POSTGRES_DB).toBe('campaigns');
    for (const service of [worker, web]) {
      const url = String(service.environment?.DATABASE_URL);
      expect(url).toBe(`postgres://${String(postgresql.environment?.POSTGRES_USER)}:\${POSTGRES_PASSWORD:?set POSTGRES_PASSWORD}@postgresql:5432/campaigns`);
      expect(service.depends_on?.postgresql).toEqual({ condition: 'service_healthy' });
      for (const setting of ['DATABASE_POOL_SIZE', 'UNIT_UPLOAD_QUOTA_MB', 'ORPHAN_UPLOAD_HOURS']) expect([setting, service.environment?.[setting]]).toEqual([setting, worker.environment?.[setting]]);
    }
    // Temporal keeps its own databases (temporal, temporal_visibility) on the same server.
    expect(compose.services['temporal-history']?.environment?.DBNAME ?? 'temporal').not.toBe('campaigns');
  });

  it('points the worker at services that exist in the file, and starts it after them', () => {
    const [temporalHost] = String(worker.environment?.TEMPORAL_ADDRESS).split(':');
    expect(compose.services).toHaveProperty([temporalHost!]);
    expect(String(worker.environment?.SMTP_HOST)).toBe('${SMTP_HOST:-mail}');
    expect(compose.services).toHaveProperty(['mail']);
    // Directly, or through the namespace step, which waits for the frontend.
    const after = (name: string): string[] => Object.keys(compose.services[name]?.depends_on ?? {}).flatMap((other) => [other, ...after(other)]);
    expect(after('worker')).toEqual(expect.arrayContaining([temporalHost, 'mail', 'temporal-namespace']));
    expect(worker.build).toBe('.');
  });

  it('builds an image that holds every folder the worker and the web server import', () => {
    const root = path.resolve(__dirname, '..');
    const copied = new Set([...readFileSync(path.join(root, 'Dockerfile'), 'utf8').matchAll(/^COPY (\S+) \1$/gm)].map((match) => match[1]));
    const folders = new Set<string>();
    const visit = (file: string, seen: Set<string>) => {
      if (seen.has(file)) return;
      seen.add(file);
      folders.add(path.relative(root, file).split(path.sep)[0]!);
      for (const [, target] of readFileSync(file, 'utf8').matchAll(/from '(\.{1,2}\/[^']+)'/g)) {
        const resolved = path.resolve(path.dirname(file), target!);
        const candidates = [`${resolved}.ts`, path.join(resolved, 'index.ts')];
        const found = candidates.find((candidate) => existsSync(candidate));
        if (found) visit(found, seen);
      }
    };
    const seen = new Set<string>();
    for (const entry of ['workers/main.ts', 'web/main.ts']) visit(path.join(root, entry), seen);
    expect([...folders].filter((folder) => !copied.has(folder)).sort()).toEqual([]);
  });

  it('uses the same defaults as the app', () => {
    const defaults = Object.fromEntries(
      Object.entries(worker.environment ?? {}).map(([name, value]) => [name, /^\$\{\w+:-(.*)\}$/.exec(String(value))?.[1]]),
    );
    expect(defaults).toMatchObject({
      TEMPORAL_NAMESPACE: 'default',
      TEMPORAL_TASK_QUEUE: 'campaigns',
      SMTP_PORT: '1025',
      SMTP_SECURE: 'false',
      MAIL_INBOX_PORT: '1080',
      DATABASE_POOL_SIZE: '10',
      EMBEDDED_POSTGRES_PORT: '5432',
      UNIT_UPLOAD_QUOTA_MB: '200',
      ORPHAN_UPLOAD_HOURS: '24',
    });
  });
});
