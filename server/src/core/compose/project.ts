import { baseName, dirName, fileKind, joinPath } from '../workspace';
import { interpolate, parseDotEnv } from './interpolate';
import { applyExtends, rebaseData } from './extends';
import { enforceUniqueEntries, finalize, listOrDict, mergeComposeData, Override, toMergeData } from './merge';
import type { ComposeFileSet } from './fileSets';
import type { ComposeModel } from './model';
import { copyPlain } from './plainData';

/** What the project-level views need from a workspace: parsed compose files and raw texts, memoised by the caller. */
export interface ComposeSource {
  files(): string[];
  compose(path: string): ComposeModel | undefined;
  readText(path: string): string | undefined;
  /** Compose file sets the repository combines with `-f` (Makefiles, scripts, CI, header comments, `COMPOSE_FILE`). */
  fileSets?(): ComposeFileSet[];
}

export interface ProjectDependency {
  name: string;
  condition: string;
  required: boolean;
}

export interface ProjectService {
  name: string;
  profiles: string[];
  dependsOn: ProjectDependency[];
  image?: string;
  build?: { context: string; dockerfile?: string; target?: string };
  /** Compose-level healthcheck that is not disabled. */
  healthcheck?: { test?: unknown };
  healthcheckDisabled: boolean;
  ports: unknown[];
  environment: Record<string, unknown>;
  data: Record<string, unknown>;
}

export interface ComposeProject {
  /** Files merged, in merge order (includes first). */
  files: string[];
  /** Other files the merged data depends on: `extends: { file: … }` targets, included projects' `.env`/`env_file`. */
  auxiliaryFiles: string[];
  /** Folder relative paths in the project resolve against (the first file's folder). */
  dir: string;
  /** Variables from `.env` in the project folder. */
  env: Map<string, string>;
  data: Record<string, unknown>;
  /** Services in definition order. */
  services: Map<string, ProjectService>;
  /**
   * True when the file is an overlay (services without `image`/`build`) checked alone because no file set it belongs
   * to was found: findings that only hold for the file alone (a dependency it does not define) are not reported.
   */
  partial?: boolean;
}

const BASE_NAMES = ['compose.yaml', 'compose.yml', 'docker-compose.yaml', 'docker-compose.yml'];

function overrideName(base: string): string {
  return base.replace(/\.(ya?ml)$/, '.override.$1');
}

/**
 * The files Compose would merge for a project that contains `path`: for an overlay, the `-f` set the repository
 * writes down (the largest one naming it); otherwise base + override, or base + this explicit overlay.
 */
export function projectFiles(source: ComposeSource, path: string): string[] {
  const overlay = isOverlay(source.compose(path));
  if (overlay && source.fileSets) {
    let best: string[] | undefined;
    for (const set of source.fileSets()) if (set.files.includes(path) && (!best || set.files.length > best.length)) best = set.files;
    if (best) return best;
  }
  const dir = dirName(path);
  const siblings = new Set(source.files().filter((f) => dirName(f) === dir && fileKind(f) === 'compose'));
  siblings.add(path);
  const inDir = (name: string) => (dir ? `${dir}/${name}` : name);
  const base = BASE_NAMES.map(inDir).find((f) => siblings.has(f));
  if (!base) return [path];
  const override = inDir(overrideName(baseName(base)));
  if (path === base || path === override) return siblings.has(override) ? [base, override] : [base];
  return overlay ? [base, path] : [path];
}

/** An overlay that has to be checked alone: no base file next to it and no `-f` set naming it. */
export function isLoneOverlay(source: ComposeSource, files: string[]): boolean {
  return files.length === 1 && isOverlay(source.compose(files[0]));
}

/** A file whose services are partial (no image, no build, no extends) only makes sense on top of a base file. */
export function isOverlay(model: ComposeModel | undefined): boolean {
  if (!model) return false;
  if (model.services.length === 0) return true;
  return model.services.some((s) => !s.image && !s.build && !s.extends);
}

/**
 * Characters of strings looked at for interpolation per compose file, counting every copy that alias expansion makes
 * (the cache saves re-interpolating a copy, not comparing it). Real files stay far below; an alias bomb of `$`-filled
 * scalars took minutes before this cap. Past the budget, values stay as written.
 */
export const MAX_INTERPOLATED_CHARS = 8_000_000;

interface InterpolationState {
  lookup: (name: string) => string | undefined;
  cache: Map<string, string>;
  budget: number;
}

function interpolateData(value: unknown, state: InterpolationState, depth = 0): unknown {
  if (depth > 64) return value;
  if (typeof value === 'string') {
    if ((state.budget -= value.length) < 0 || !value.includes('$')) return value;
    let out = state.cache.get(value);
    if (out === undefined) {
      out = interpolate(value, state.lookup).value;
      state.cache.set(value, out);
    }
    return out;
  }
  if (Array.isArray(value)) return value.map((v) => interpolateData(v, state, depth + 1));
  if (value && typeof value === 'object' && value.constructor === Object) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = interpolateData(v, state, depth + 1);
    return out;
  }
  if (value instanceof Override) return new Override(interpolateData(value.value, state, depth + 1));
  return value;
}

export function dotEnvOf(source: ComposeSource, dir: string): Map<string, string> {
  const text = source.readText(dir ? `${dir}/.env` : '.env');
  return text === undefined ? new Map() : parseDotEnv(text);
}

/** Loads and merges the project of `path`, following `include:` (bounded). */
export function loadProject(source: ComposeSource, path: string, depth = 0, seen = new Set<string>()): ComposeProject {
  const files = projectFiles(source, path);
  const project = loadProjectFiles(source, files, depth, seen);
  if (isLoneOverlay(source, files)) project.partial = true;
  return project;
}

/** How an including project loads an included one (`include:` long syntax). */
interface IncludeContext {
  /** The including project's variables (they win over the included project's `.env`). */
  env: Map<string, string>;
  /** `project_directory`: where the included files' relative paths resolve (default: the first file's folder). */
  dir?: string;
  /** `env_file`: read instead of the included project's `.env`. */
  envFiles?: string[];
}

interface IncludeSpec {
  paths: string[];
  projectDirectory?: string;
  envFiles?: string[];
}

const strings = (v: unknown): string[] => (typeof v === 'string' ? [v] : Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

/** `include:` entries: `- path`, or `- path: a | [a, b]` with `project_directory` and `env_file`, paths relative to `file`. */
function includeSpecs(data: unknown, file: string): IncludeSpec[] {
  const list = data && typeof data === 'object' && !Array.isArray(data) ? (data as Record<string, unknown>).include : undefined;
  const at = (p: string) => joinPath(dirName(file), p);
  const out: IncludeSpec[] = [];
  for (const item of Array.isArray(list) ? list : []) {
    const spec = typeof item === 'string' ? { path: item } : item && typeof item === 'object' ? (item as Record<string, unknown>) : {};
    const paths = strings(spec.path).map(at).filter((p): p is string => p !== undefined);
    if (paths.length === 0) continue;
    const projectDirectory = typeof spec.project_directory === 'string' ? at(spec.project_directory) : undefined;
    const envFiles = spec.env_file === undefined ? undefined : strings(spec.env_file).map(at).filter((p): p is string => p !== undefined);
    out.push({ paths, projectDirectory, envFiles });
  }
  return out;
}

/** Loads and merges an explicit file set, like `docker compose -f a -f b`; the first file's folder is the project folder. */
export function loadProjectFiles(source: ComposeSource, files: string[], depth = 0, seen = new Set<string>(), parent?: IncludeContext): ComposeProject {
  const dir = parent?.dir ?? dirName(files[0]);
  const auxiliaryFiles: string[] = [];
  const envFiles = parent?.envFiles ?? (parent ? [joinPath(dir, '.env')!] : []);
  const own = parent ? envFiles.flatMap((f) => [...parseDotEnv(source.readText(f) ?? '')]) : [...dotEnvOf(source, dir)];
  if (parent) auxiliaryFiles.push(...envFiles);
  // An included project reads its own `.env` (or `env_file`), but the including project's variables win.
  const env = new Map([...own, ...(parent?.env ?? [])]);
  const lookup = (name: string) => env.get(name);
  const layers: unknown[] = [];
  const allFiles: string[] = [];
  const extendedData = new Map<string, unknown>();
  // Both passes below copy the whole document; they change nothing in a text without `$`/escapes (interpolation) or tags
  // (`!reset`, `!override`), apart from dropping a `__proto__` key's prototype, so such texts keep both.
  let tagged = false;
  const mergeDataOf = ({ text, doc, data, dataIsMergeData }: ComposeModel) => {
    const mergeData = dataIsMergeData ? copyPlain(data) : toMergeData(doc);
    tagged ||= text.includes('!') || text.includes('__proto__');
    const copy = text.includes('$') || text.includes('\\') || text.includes('__proto__');
    return copy ? interpolateData(mergeData, { lookup, cache: new Map(), budget: MAX_INTERPOLATED_CHARS }) : mergeData;
  };
  for (const file of files) {
    if (seen.has(file)) continue;
    seen.add(file);
    const model = source.compose(file);
    if (!model) continue;
    const raw = mergeDataOf(model);
    if (depth < 4) {
      for (const inc of includeSpecs(raw, file)) {
        const targets = inc.paths.filter((t) => !seen.has(t) && source.compose(t));
        if (targets.length === 0) continue;
        // `include` loads exactly these files: no override-file discovery next to them.
        const included = loadProjectFiles(source, targets, depth + 1, seen, { env, dir: inc.projectDirectory, envFiles: inc.envFiles });
        // Relative paths of an included project are relative to its own project folder.
        const { services = {}, volumes = {}, networks = {}, secrets = {}, configs = {} } = included.data;
        layers.push(rebaseData({ services, volumes, networks, secrets, configs }, included.dir, dir));
        allFiles.push(...included.files);
        auxiliaryFiles.push(...included.auxiliaryFiles);
      }
    }
    const data = applyExtends(raw, file, (other) => {
      if (!extendedData.has(other)) {
        const otherModel = source.compose(other);
        extendedData.set(other, otherModel && mergeDataOf(otherModel));
        if (otherModel) auxiliaryFiles.push(other);
      }
      return extendedData.get(other);
    });
    const { include: _include, ...rest } = (data && typeof data === 'object' ? data : {}) as Record<string, unknown>;
    layers.push(rest);
    allFiles.push(file);
  }
  const single = layers.length === 1 ? (tagged ? finalize(layers[0]) : layers[0]) : undefined;
  const data = layers.length === 1 ? (single as Record<string, unknown>) ?? {} : mergeComposeData(layers);
  enforceUniqueEntries(data);
  resolveValuelessEntries(data, lookup);
  const services = new Map<string, ProjectService>();
  const rawServices = data && typeof data.services === 'object' && data.services ? (data.services as Record<string, unknown>) : {};
  for (const [name, raw] of Object.entries(rawServices)) services.set(name, projectService(name, raw));
  return { files: allFiles, auxiliaryFiles, dir, env, data: data ?? {}, services };
}

/**
 * `environment: [NAME]` and `build.args: [NAME]` take their value from the environment Compose runs in, `.env`
 * included: a variable `.env` sets is filled in; an unset build arg is dropped (as `docker compose config` does), an
 * unset environment entry stays valueless (the shell may still set it).
 */
function resolveValuelessEntries(data: Record<string, unknown> | undefined, lookup: (name: string) => string | undefined): void {
  const services = asDict(data?.services);
  const fill = (value: unknown, dropUnset: boolean): unknown => {
    if (Array.isArray(value))
      return value.flatMap((item) => {
        if (typeof item !== 'string' || item.includes('=')) return [item];
        const v = lookup(item);
        return v !== undefined ? [`${item}=${v}`] : dropUnset ? [] : [item];
      });
    if (value && typeof value === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) {
        if (v !== null && v !== undefined) out[k] = v;
        else if (lookup(k) !== undefined) out[k] = lookup(k);
        else if (!dropUnset) out[k] = v;
      }
      return out;
    }
    return value;
  };
  for (const service of Object.values(services)) {
    if (!service || typeof service !== 'object' || Array.isArray(service)) continue;
    const s = service as Record<string, unknown>;
    if (s.environment !== undefined) s.environment = fill(s.environment, false);
    const build = s.build;
    if (build && typeof build === 'object' && !Array.isArray(build) && (build as Record<string, unknown>).args !== undefined) {
      s.build = { ...build, args: fill((build as Record<string, unknown>).args, true) };
    }
  }
}

function asDict(v: unknown): Record<string, unknown> {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

export function projectService(name: string, raw: unknown): ProjectService {
  const data = asDict(raw);
  const dependsOn: ProjectDependency[] = [];
  if (Array.isArray(data.depends_on)) for (const d of data.depends_on) dependsOn.push({ name: String(d), condition: 'service_started', required: true });
  else
    for (const [dep, spec] of Object.entries(asDict(data.depends_on))) {
      const s = asDict(spec);
      dependsOn.push({ name: dep, condition: String(s.condition ?? 'service_started'), required: s.required !== false && s.required !== 'false' });
    }
  let build: ProjectService['build'];
  if (typeof data.build === 'string') build = { context: data.build };
  else if (data.build && typeof data.build === 'object') {
    const b = asDict(data.build);
    build = { context: typeof b.context === 'string' ? b.context : '.', dockerfile: typeof b.dockerfile === 'string' ? b.dockerfile : undefined, target: typeof b.target === 'string' ? b.target : undefined };
  }
  const hc = data.healthcheck ? asDict(data.healthcheck) : undefined;
  const disabled = !!hc && (hc.disable === true || (Array.isArray(hc.test) && hc.test[0] === 'NONE'));
  return {
    name,
    profiles: Array.isArray(data.profiles) ? data.profiles.map(String) : [],
    dependsOn,
    image: typeof data.image === 'string' ? data.image : undefined,
    build,
    healthcheck: hc && !disabled ? { test: hc.test } : undefined,
    healthcheckDisabled: disabled,
    ports: Array.isArray(data.ports) ? data.ports : [],
    environment: listOrDict(data.environment),
    data,
  };
}
