import { isMap, isScalar, isSeq, parseDocument, type Document } from 'yaml';
import type { ComposeModel } from '../compose/model';
import { dirName, fileKind, joinPath, type Workspace } from '../workspace';
import { contextFromReferences, imageRepository, tagsFromReferences } from './references';

/** One compose service definition (in one file) that builds the Dockerfile being split, or overrides such a service. */
export interface ServiceEntry {
  file: string;
  name: string;
  /** True when this entry's `build:` points at the Dockerfile (false for an override that only sets other keys). */
  buildsIt: boolean;
  /** `build:` names its context or Dockerfile itself (a `build: {args: …}` in an override only adds to another file's). */
  namesDockerfile?: boolean;
  contextDir?: string;
  target?: string;
  command?: string[];
  entrypoint?: string[];
  /** Container ports from `ports`, `expose`, healthcheck URLs and *PORT/*ADDR environment values. */
  ports: string[];
  /** Container paths of volumes and bind mounts, and absolute paths in environment values. */
  paths: string[];
  /** Bind mounts of host folders (`./src:/app`): host path as written, container path. */
  binds?: { source: string; target: string }[];
  workingDir?: string;
  image?: string;
}

/** A compose service (possibly spread over several files in one folder) that builds the Dockerfile. */
export interface ComposeService {
  name: string;
  /** Folder of the compose files it is defined in. */
  dir: string;
  entries: ServiceEntry[];
  contextDir: string;
  command?: string[];
  entrypoint?: string[];
  ports: string[];
  paths: string[];
  binds: { source: string; target: string }[];
  workingDir?: string;
  /** `build.target` the service builds, when it names one. */
  target?: string;
  image?: string;
  /** Set when the service does not build the Dockerfile but runs the image a building service publishes (`image:`). */
  viaImage?: string;
  /** For `viaImage`: where CI or a script tags the build with that repository (`file:line`); absent for a compose builder's `image:`. */
  publishedBy?: string;
}

export function parseCompose(text: string): Document | undefined {
  try {
    const doc = parseDocument(text, { keepSourceTokens: true, maxAliasCount: 1000, merge: true } as never);
    return doc.errors.length ? undefined : doc;
  } catch {
    return undefined;
  }
}

function words(value: unknown): string[] | undefined {
  if (Array.isArray(value)) return value.map(String);
  if (typeof value === 'string') return value.match(/"[^"]*"|'[^']*'|\S+/g)?.map((w) => w.replace(/^["']|["']$/g, '')) ?? [];
  return undefined;
}

function portOf(spec: unknown): string | undefined {
  if (typeof spec === 'number') return String(spec);
  if (typeof spec === 'string') {
    const [main, proto] = spec.split('/');
    const last = main.split(':').pop() ?? '';
    const port = last.split('-')[0];
    return /^\d+$/.test(port) ? (proto && proto !== 'tcp' ? `${port}/${proto}` : port) : undefined;
  }
  if (spec && typeof spec === 'object' && 'target' in spec) {
    const p = (spec as { target: unknown; protocol?: unknown }).target;
    const proto = (spec as { protocol?: unknown }).protocol;
    return p !== undefined && /^\d+$/.test(String(p)) ? (proto && proto !== 'tcp' ? `${p}/${proto}` : String(p)) : undefined;
  }
  return undefined;
}

function mountTarget(spec: unknown): string | undefined {
  if (typeof spec === 'string') {
    const parts = spec.split(':');
    const target = parts.length >= 2 ? parts[1] : parts[0];
    return target?.startsWith('/') ? target : undefined;
  }
  if (spec && typeof spec === 'object' && 'target' in spec) return String((spec as { target: unknown }).target);
  return undefined;
}

function entryFrom(file: string, name: string, service: Record<string, unknown>, dockerfilePath: string): ServiceEntry {
  const composeDir = dirName(file);
  const entry: ServiceEntry = { file, name, buildsIt: false, ports: [], paths: [] };
  const build = service.build;
  if (build !== undefined && build !== null) {
    const context = typeof build === 'string' ? build : typeof build === 'object' ? String((build as Record<string, unknown>).context ?? '.') : '.';
    const dockerfile = typeof build === 'object' ? (build as Record<string, unknown>).dockerfile : undefined;
    const contextDir = /^[a-z][a-z0-9+.-]*:\/\//i.test(context) ? undefined : joinPath(composeDir, context);
    if (contextDir !== undefined) {
      const resolved = joinPath(contextDir, typeof dockerfile === 'string' ? dockerfile : 'Dockerfile');
      if (resolved === dockerfilePath) {
        entry.buildsIt = true;
        entry.namesDockerfile = typeof build === 'string' || ['context', 'dockerfile'].some((k) => (build as Record<string, unknown>)[k] !== undefined);
        entry.contextDir = contextDir;
        const target = typeof build === 'object' ? (build as Record<string, unknown>).target : undefined;
        if (typeof target === 'string') entry.target = target;
      }
    }
  }
  entry.command = words(service.command);
  entry.entrypoint = words(service.entrypoint);
  const ports = [...(Array.isArray(service.ports) ? service.ports : []), ...(Array.isArray(service.expose) ? service.expose : [])];
  for (const p of ports) {
    const port = portOf(p);
    if (port) entry.ports.push(port);
  }
  const test = (service.healthcheck as Record<string, unknown> | undefined)?.test;
  const testText = Array.isArray(test) ? test.join(' ') : typeof test === 'string' ? test : '';
  for (const m of testText.matchAll(/(?:localhost|127\.0\.0\.1|0\.0\.0\.0|\[::1?\]):(\d{2,5})\b/g)) entry.ports.push(m[1]);
  for (const v of Array.isArray(service.volumes) ? service.volumes : []) {
    const target = mountTarget(v);
    if (target) entry.paths.push(target.replace(/\/$/, ''));
    const source = typeof v === 'string' ? (v.split(':').length >= 2 ? v.split(':')[0] : undefined) : v && typeof v === 'object' && (v as { type?: unknown }).type === 'bind' ? String((v as { source?: unknown }).source ?? '') : undefined;
    if (source && target && /^(?:\.{1,2}(?:\/|$)|\/|~\/|\$\{?PWD)/.test(source)) (entry.binds ??= []).push({ source, target: target.replace(/\/$/, '') || '/' });
  }
  if (typeof service.working_dir === 'string') entry.workingDir = service.working_dir;
  if (typeof service.image === 'string') entry.image = service.image;
  const env = service.environment;
  const envPairs: [string, string][] = Array.isArray(env)
    ? env.map(String).map((e) => [e.split('=')[0], e.slice(e.indexOf('=') + 1)] as [string, string])
    : env && typeof env === 'object'
      ? Object.entries(env).map(([k, v]) => [k, v === null || v === undefined ? '' : String(v)] as [string, string])
      : [];
  for (const [key, value] of envPairs) {
    // Only addresses this service listens on: `:8081`, `0.0.0.0:8081`, `8081` — not a peer's (`mailpit:1025`, `SMTP_PORT`).
    const ownPrefix = key.toLowerCase().startsWith(name.toLowerCase().replace(/-/g, '_') + '_');
    if (/PORT|ADDR|LISTEN/i.test(key) && (ownPrefix || !CLIENT_ENDPOINT_KEY.test(key))) {
      const m = /^(?:(?:0\.0\.0\.0|127\.0\.0\.1|localhost|\[::1?\])?:)?(\d{2,5})$/.exec(value.trim());
      if (m) entry.ports.push(m[1]);
    }
    if (/^\/[\w./-]+$/.test(value.trim()) && !/URL|DSN|HOST/i.test(key)) entry.paths.push(value.trim().replace(/\/$/, ''));
  }
  return entry;
}

/** Environment keys that name another service's endpoint (`SMTP_PORT`, `DB_ADDR`, `REDIS_PORT`), not a listen address. */
const CLIENT_ENDPOINT_KEY = /(?:^|_)(?:SMTP|MAIL|DB|DATABASE|POSTGRES|PG|MYSQL|MARIADB|REDIS|MEMCACHED?|MONGO(?:DB)?|AMQP|RABBITMQ|KAFKA|NATS|API|UPSTREAM|BACKEND|PROXY|OTEL|JAEGER|STATSD|SENTRY)_/i;

// Every Dockerfile's check asks which compose services build it; memoising each compose text's plain-JS
// form keeps that from re-parsing every compose file once per Dockerfile (quadratic on big workspaces).
// Callers only read the result.
const COMPOSE_JS_LIMIT = 1024;
const composeJsCache = new Map<string, { js: unknown } | 'unparsable' | 'unreadable'>();

function composeJs(text: string): { js: unknown } | 'unparsable' | 'unreadable' {
  let hit = composeJsCache.get(text);
  if (hit !== undefined) {
    composeJsCache.delete(text);
  } else {
    const doc = parseCompose(text);
    if (!doc) hit = 'unparsable';
    else {
      try {
        hit = { js: doc.toJS({ maxAliasCount: 20_000 }) };
      } catch {
        hit = 'unreadable';
      }
    }
    if (composeJsCache.size >= COMPOSE_JS_LIMIT) composeJsCache.delete(composeJsCache.keys().next().value!);
  }
  composeJsCache.set(text, hit);
  return hit;
}

const builtCache = new WeakMap<object, Map<string, [string, string | undefined][]>>();

/** For each service of a compose file: the workspace path of the Dockerfile its build section names (as entryFrom resolves it). */
function builtDockerfiles(file: string, services: Record<string, unknown>): [string, string | undefined][] {
  let perFile = builtCache.get(services);
  if (!perFile) builtCache.set(services, (perFile = new Map()));
  let list = perFile.get(file);
  if (list) return list;
  list = [];
  const composeDir = dirName(file);
  for (const [name, service] of Object.entries(services)) {
    if (!service || typeof service !== 'object') continue;
    const build = (service as Record<string, unknown>).build;
    let resolved: string | undefined;
    if (build !== undefined && build !== null) {
      const context = typeof build === 'string' ? build : typeof build === 'object' ? String((build as Record<string, unknown>).context ?? '.') : '.';
      const dockerfile = typeof build === 'object' ? (build as Record<string, unknown>).dockerfile : undefined;
      const contextDir = /^[a-z][a-z0-9+.-]*:\/\//i.test(context) ? undefined : joinPath(composeDir, context);
      if (contextDir !== undefined) resolved = joinPath(contextDir, typeof dockerfile === 'string' ? dockerfile : 'Dockerfile');
    }
    list.push([name, resolved]);
  }
  perFile.set(file, list);
  return list;
}

/** What `servicesBuilding` needs from all compose files, independent of the Dockerfile asked about (build it once, ask per Dockerfile). */
export interface ComposeBuildIndex {
  /** Compose files that could not be parsed or read, in file order. */
  problems: string[];
  /** Per Dockerfile path: the services (`folder\0name`) whose build section names it. */
  builders: Map<string, Set<string>>;
  /** Per service (`folder\0name`): its definitions in file order, and when it was first seen across all files. */
  definitions: Map<string, { rank: number; defs: { file: string; name: string; def: Record<string, unknown> }[] }>;
}

/**
 * `parsedModel` may give a file's already parsed compose model (same YAML options): its data is used instead of
 * parsing the text again when it has no YAML errors and could be turned into data.
 */
export function indexComposeBuilds(workspace: Workspace, composeFiles: string[], parsedModel?: (file: string) => ComposeModel | undefined): ComposeBuildIndex {
  const index: ComposeBuildIndex = { problems: [], builders: new Map(), definitions: new Map() };
  for (const file of composeFiles) {
    const text = workspace.readText(file);
    if (text === undefined) continue;
    const model = parsedModel?.(file);
    const parsed = model && model.text === text && model.doc.errors.length === 0 && model.data !== undefined ? { js: model.data } : composeJs(text);
    if (parsed === 'unparsable') {
      if (/Dockerfile|build:/.test(text)) index.problems.push(`${file} could not be parsed as YAML; its services were not considered`);
      continue;
    }
    if (parsed === 'unreadable') {
      index.problems.push(`${file} could not be read; its services were not considered`);
      continue;
    }
    const services = (parsed.js as Record<string, unknown> | null)?.services;
    if (!services || typeof services !== 'object') continue;
    for (const [name, built] of builtDockerfiles(file, services as Record<string, unknown>)) {
      if (built === undefined) continue;
      const builders = index.builders.get(built) ?? new Set<string>();
      builders.add(`${dirName(file)}\u0000${name}`);
      index.builders.set(built, builders);
    }
    for (const [name, def] of Object.entries(services)) {
      if (!def || typeof def !== 'object') continue;
      const key = `${dirName(file)}\u0000${name}`;
      let entry = index.definitions.get(key);
      if (!entry) index.definitions.set(key, (entry = { rank: index.definitions.size, defs: [] }));
      entry.defs.push({ file, name, def: def as Record<string, unknown> });
    }
  }
  return index;
}

/** All compose services (from every compose file of the workspace) that build `dockerfilePath`. */

/** One compose service from the entries of every file that defines it (later files win, lists are merged). */
function mergedService(key: string, entries: ServiceEntry[], contextDir: string): ComposeService {
  const last = <T>(pick: (e: ServiceEntry) => T | undefined): T | undefined => entries.map(pick).filter((v) => v !== undefined).pop();
  return {
    name: entries[0].name,
    dir: key.split('\u0000')[0],
    entries,
    contextDir,
    command: last((e) => e.command),
    entrypoint: last((e) => e.entrypoint),
    ports: [...new Set(entries.flatMap((e) => e.ports))],
    paths: [...new Set(entries.flatMap((e) => e.paths))],
    binds: entries.flatMap((e) => e.binds ?? []),
    workingDir: last((e) => e.workingDir),
    target: last((e) => e.target),
    image: last((e) => e.image),
  };
}

interface ImageOnlyService {
  key: string;
  defs: { file: string; name: string; def: Record<string, unknown> }[];
  /** The last `image:` of its definitions, and the repository it names (the image itself when that cannot be known). */
  image: string;
  repo: string;
}

const imageOnlyCache = new WeakMap<ComposeBuildIndex, ImageOnlyService[]>();

/**
 * Services that only run an image (no definition has `build:`, one has `image:`), in definition order; the same for
 * every Dockerfile asked about, so computed once per index (servicesBuilding is called once per Dockerfile).
 */
function imageOnlyServices(index: ComposeBuildIndex): ImageOnlyService[] {
  let list = imageOnlyCache.get(index);
  if (list) return list;
  list = [];
  for (const [key, { defs }] of index.definitions) {
    if (defs.some(({ def }) => def.build !== undefined) || !defs.some(({ def }) => typeof def.image === 'string')) continue;
    const image = defs.map(({ def }) => def.image).filter((i): i is string => typeof i === 'string').pop()!;
    list.push({ key, defs, image, repo: imageRepository(image) ?? image });
  }
  imageOnlyCache.set(index, list);
  return list;
}

export function servicesBuilding(
  workspace: Workspace,
  composeFiles: string[],
  dockerfilePath: string,
  index: ComposeBuildIndex = indexComposeBuilds(workspace, composeFiles),
): { services: ComposeService[]; problems: string[] } {
  const problems = [...index.problems];
  // Full entries only for the services that build this Dockerfile (from every file that mentions them), in the order they were first seen.
  const wanted = [...(index.builders.get(dockerfilePath) ?? [])].sort((a, b) => index.definitions.get(a)!.rank - index.definitions.get(b)!.rank);
  const byKey = new Map<string, ServiceEntry[]>();
  for (const key of wanted) byKey.set(key, index.definitions.get(key)!.defs.map(({ file, name, def }) => entryFrom(file, name, def, dockerfilePath)));
  const services: ComposeService[] = [];
  for (const [key, entries] of byKey) {
    const building = entries.filter((e) => e.buildsIt);
    if (!building.length) continue;
    // An override's `build: {args: …}` merges into the file that names the Dockerfile; only that file is rewired.
    if (building.some((e) => e.namesDockerfile)) for (const e of building) if (!e.namesDockerfile) e.buildsIt = false;
    // A later file in the same folder that gives the service another build wins; keep it simple: any entry building it counts.
    services.push(mergedService(key, entries, building[building.length - 1].contextDir!));
  }

  // Services that run the image this Dockerfile publishes: the `image:` of a service that builds it (`build:` +
  // `image:`), or a tag CI or a script gives its build (build-push-action `tags:`, `docker build -t`). They are
  // matched by repository (registry/namespace/name; the tag and `${VAR:-default}` resolved away).
  const runsImageOnly = imageOnlyServices(index).filter(({ key }) => !byKey.has(key));
  if (runsImageOnly.length) {
    const published = new Map<string, string | undefined>();
    for (const s of services) if (s.image) published.set(imageRepository(s.image) ?? s.image, undefined);
    const candidates = new Set(runsImageOnly.map(({ repo }) => repo));
    if ([...candidates].some((c) => !published.has(c))) {
      for (const t of tagsFromReferences(workspace, dockerfilePath)) {
        const repo = imageRepository(t.tag);
        if (repo && !published.has(repo) && candidates.has(repo)) published.set(repo, t.where);
      }
    }
    for (const { key, defs, image, repo } of runsImageOnly) {
      if (!published.has(repo)) continue;
      const entries = defs.map(({ file, name, def }) => entryFrom(file, name, def, dockerfilePath));
      // It runs the published image, so it builds no target of its own.
      const contextDir = services.find((s) => !s.viaImage)?.contextDir ?? contextFromReferences(workspace, dockerfilePath) ?? dirName(dockerfilePath);
      const { target: _target, ...runsImage } = mergedService(key, entries, contextDir);
      const publishedBy = published.get(repo);
      services.push({ ...runsImage, image, viaImage: image, ...(publishedBy ? { publishedBy } : {}) });
    }
  }

  return { services, problems };
}

export function composeFilesOf(workspace: Workspace): string[] {
  return workspace.listFiles().filter((f) => fileKind(f) === 'compose');
}

export { isMap, isScalar, isSeq };
