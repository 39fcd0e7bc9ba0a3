/**
 * docker-compose.yml read as Compose reads it (pure): YAML merge keys (`<<: *anchor`), variables
 * interpolated from an environment (`${X}`, `${X:-default}`, `${X-default}`, `${X:?error}`, `$$`),
 * `depends_on` in either form, `deploy.replicas`; and the order to start the services in.
 */
import { parse } from 'yaml';

export type Condition = 'service_started' | 'service_healthy' | 'service_completed_successfully';

export interface ComposeService {
  name: string;
  image?: string;
  build?: string;
  command: string[];
  environment: Record<string, string>;
  dependsOn: Record<string, Condition>;
  /** `source:target[:mode]`; a source starting with . or / is a bind mount, else a named volume. */
  volumes: { source: string; target: string; bind: boolean }[];
  /** Published ports: host range → container port. */
  ports: { hostFirst: number; hostLast: number; container: number }[];
  replicas: number;
  healthcheck: boolean;
  /** Whether Docker starts it again when it fails (`restart: unless-stopped`, `always`, `on-failure`). */
  restartsOnFailure: boolean;
}

export class ComposeError extends Error {
  readonly code = 'COMPOSE';
}

interface RawService {
  image?: string;
  build?: string;
  command?: string[] | string;
  environment?: Record<string, string | number | boolean | null>;
  depends_on?: string[] | Record<string, { condition?: Condition }>;
  volumes?: string[];
  ports?: string[];
  deploy?: { replicas?: number };
  healthcheck?: unknown;
  restart?: string;
}

/** Every service of the file, its strings interpolated from `variables`. */
export function readCompose(source: string, variables: Record<string, string | undefined>): Record<string, ComposeService> {
  const raw = parse(source, { merge: true }) as { services?: Record<string, RawService> };
  const services: Record<string, ComposeService> = {};
  for (const [name, service] of Object.entries(raw.services ?? {})) {
    const text = (value: string | number | boolean | null | undefined, where: string) => interpolate(String(value ?? ''), variables, `${name}.${where}`);
    const dependsOn = Array.isArray(service.depends_on)
      ? Object.fromEntries(service.depends_on.map((other) => [other, 'service_started' as const]))
      : Object.fromEntries(Object.entries(service.depends_on ?? {}).map(([other, spec]) => [other, spec.condition ?? 'service_started']));
    services[name] = {
      name,
      ...(service.image ? { image: text(service.image, 'image') } : {}),
      ...(service.build ? { build: service.build } : {}),
      command: (typeof service.command === 'string' ? service.command.split(/\s+/) : (service.command ?? [])).map((part) => text(part, 'command')),
      environment: Object.fromEntries(Object.entries(service.environment ?? {}).map(([key, value]) => [key, text(value, `environment.${key}`)])),
      dependsOn,
      volumes: (service.volumes ?? []).map((entry) => volumeOf(text(entry, 'volumes'))),
      ports: (service.ports ?? []).map((entry) => portOf(text(entry, 'ports'))),
      replicas: service.deploy?.replicas ?? 1,
      healthcheck: service.healthcheck !== undefined,
      restartsOnFailure: ['unless-stopped', 'always', 'on-failure'].includes(service.restart ?? 'no'),
    };
  }
  for (const service of Object.values(services)) {
    for (const other of Object.keys(service.dependsOn)) if (!services[other]) throw new ComposeError(`${service.name}.depends_on: no service "${other}" in the file`);
  }
  return services;
}

/** Compose's interpolation; `${X:?message}` with X unset or empty fails with the message, as `docker compose` does. */
export function interpolate(value: string, variables: Record<string, string | undefined>, where: string): string {
  return value.replace(/\$(\$|\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))/g, (_match, dollar: string, name?: string, operator?: string, operand?: string, bare?: string) => {
    if (dollar === '$') return '$';
    const variable = name ?? bare!;
    const found = variables[variable];
    const missing = operator?.startsWith(':') ? !found : found === undefined;
    if (operator?.endsWith('?') && missing) throw new ComposeError(`${where}: required variable ${variable} is missing a value: ${operand ?? ''}`);
    if (operator?.endsWith('-') && missing) return operand ?? '';
    return found ?? '';
  });
}

function volumeOf(entry: string): ComposeService['volumes'][number] {
  const [source, target] = entry.split(':');
  if (!source || !target) throw new ComposeError(`volume "${entry}": expected source:target[:mode]`);
  return { source, target, bind: source.startsWith('.') || source.startsWith('/') };
}

function portOf(entry: string): ComposeService['ports'][number] {
  const match = /^(?:[\d.]+:)?(\d+)(?:-(\d+))?:(\d+)$/.exec(entry);
  if (!match) throw new ComposeError(`port "${entry}": expected [ip:]host[-last]:container`);
  return { hostFirst: Number(match[1]), hostLast: Number(match[2] ?? match[1]), container: Number(match[3]) };
}

/** Layers of services: each depends only on services of earlier layers. */
export function startOrder(services: Record<string, ComposeService>): string[][] {
  const layers: string[][] = [];
  const placed = new Set<string>();
  while (placed.size < Object.keys(services).length) {
    const layer = Object.values(services)
      .filter((service) => !placed.has(service.name) && Object.keys(service.dependsOn).every((other) => placed.has(other)))
      .map((service) => service.name);
    if (layer.length === 0) throw new ComposeError(`depends_on has a cycle among ${Object.keys(services).filter((name) => !placed.has(name)).join(', ')}`);
    layer.forEach((name) => placed.add(name));
    layers.push(layer.sort());
  }
  return layers;
}

/** The environment the image of `Dockerfile` gives every container: the ENV lines of its last stage. */
export function imageEnvironment(dockerfile: string): Record<string, string> {
  const lastStage = dockerfile.split(/^FROM\s/m).at(-1) ?? '';
  const environment: Record<string, string> = {};
  for (const [, pairs] of lastStage.matchAll(/^ENV\s+(.+)$/gm)) {
    for (const [, name, quoted, bare] of pairs!.matchAll(/([A-Za-z_][A-Za-z0-9_]*)=(?:"([^"]*)"|(\S*))/g)) environment[name!] = quoted ?? bare ?? '';
  }
  return environment;
}
