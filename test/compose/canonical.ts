/**
 * A canonical view of a compose project's data, so our merged model, `docker compose config --format json` (v2) and
 * `docker-compose config` (v1, YAML) can be compared field by field. Each side writes some attributes in short or
 * long syntax, relative or absolute paths, strings or numbers; this view picks one spelling for each and keeps every
 * value that carries merge semantics (what was merged, appended, replaced, reset).
 */
import * as path from 'node:path';

type Dict = Record<string, unknown>;

export interface CanonicalOptions {
  /** Absolute folder relative paths resolve against. */
  dir: string;
  /** Engine output escapes a literal `$` as `$$`: undo that. */
  unescapeDollars?: boolean;
  /**
   * Compose v2 prints `env_file` contents inlined into `environment` (the file first, `environment` wins); given a
   * reader, our side's `env_file` lists are inlined the same way.
   */
  readEnvFile?: (absolutePath: string) => Record<string, string> | undefined;
}

const isDict = (v: unknown): v is Dict => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | null => (v === null || v === undefined ? null : typeof v === 'string' ? v : String(v));

/** POSIX-ish word splitting (quotes, backslashes), as Compose v2 does for string `command`/`entrypoint`. */
export function shellSplit(text: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "'") {
      const end = text.indexOf("'", i + 1);
      word += text.slice(i + 1, end < 0 ? text.length : end);
      i = end < 0 ? text.length : end;
      inWord = true;
    } else if (c === '"') {
      i++;
      while (i < text.length && text[i] !== '"') {
        if (text[i] === '\\' && /["\\$`]/.test(text[i + 1] ?? '')) i++;
        word += text[i++];
      }
      inWord = true;
    } else if (c === '\\') {
      word += text[++i] ?? '';
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      word += c;
      inWord = true;
    }
  }
  if (inWord) words.push(word);
  return words;
}

function unescape(value: unknown): unknown {
  if (typeof value === 'string') return value.replace(/\$\$/g, '$');
  if (Array.isArray(value)) return value.map(unescape);
  if (isDict(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, unescape(v)]));
  return value;
}

function listOrDict(value: unknown, separator: RegExp = /=/): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  if (isDict(value)) for (const [k, v] of Object.entries(value)) out[k] = str(v);
  else if (Array.isArray(value))
    for (const item of value) {
      const text = String(item);
      const m = separator.exec(text);
      if (!m) out[text] = null;
      else out[text.slice(0, m.index)] = text.slice(m.index + m[0].length);
    }
  return sortKeys(out);
}

function sortKeys<T>(dict: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(dict).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

const isRemote = (context: string) => /^[a-z]+:\/\/|^git@|\.git(#|$)/i.test(context);

function resolvePath(dir: string, p: string): string {
  if (p.startsWith('~')) return p;
  return path.posix.resolve(dir, p);
}

function build(value: unknown, dir: string): Dict | undefined {
  if (value === undefined || value === null) return undefined;
  const b: Dict = typeof value === 'string' ? { context: value } : isDict(value) ? { ...value } : {};
  const context = str(b.context) ?? '.';
  const out: Dict = { context: isRemote(context) ? context : resolvePath(dir, context) };
  out.dockerfile = b.dockerfile_inline !== undefined ? undefined : str(b.dockerfile) ?? 'Dockerfile';
  if (b.dockerfile_inline !== undefined) out.dockerfile_inline = str(b.dockerfile_inline);
  if (b.target !== undefined) out.target = str(b.target);
  if (b.args !== undefined) out.args = listOrDict(b.args);
  for (const [k, v] of Object.entries(b)) if (!['context', 'dockerfile', 'dockerfile_inline', 'target', 'args'].includes(k)) out[k] = scalarize(v);
  for (const k of Object.keys(out)) if (out[k] === undefined) delete out[k];
  return out;
}

function expandRange(text: string): string[] {
  const m = /^(\d+)-(\d+)$/.exec(text);
  if (!m) return [text];
  const out: string[] = [];
  for (let p = Number(m[1]); p <= Number(m[2]) && out.length < 1000; p++) out.push(String(p));
  return out;
}

function ports(value: unknown): Dict[] {
  const out: Dict[] = [];
  for (const item of Array.isArray(value) ? value : []) {
    if (isDict(item)) {
      out.push({ host_ip: str(item.host_ip) ?? '', published: str(item.published) ?? '', target: str(item.target), protocol: str(item.protocol) ?? 'tcp' });
      continue;
    }
    const m = /^(?:(?:\[([^\]]+)\]|(\d+(?:\.\d+){3})):)?(?:([^:]*):)?([^:/]+)(?:\/(\w+))?$/.exec(String(item));
    if (!m) {
      out.push({ unparsed: String(item) });
      continue;
    }
    const targets = expandRange(m[4]);
    const published = m[3] ? expandRange(m[3]) : [];
    targets.forEach((target, i) => out.push({ host_ip: m[1] ?? m[2] ?? '', published: published.length === targets.length ? published[i] : m[3] ?? '', target, protocol: m[5] ?? 'tcp' }));
  }
  // v2 lists a port a range already covers once.
  const seen = new Set<string>();
  return out.filter((p) => {
    const key = JSON.stringify(p);
    return !seen.has(key) && !!seen.add(key);
  });
}

function volumes(value: unknown, dir: string): Dict[] {
  const out: Dict[] = [];
  for (const item of Array.isArray(value) ? value : []) {
    if (isDict(item)) {
      const type = str(item.type) ?? 'volume';
      const source = str(item.source);
      out.push({ type, source: source && type === 'bind' ? resolvePath(dir, source) : source, target: str(item.target), read_only: item.read_only === true || item.read_only === 'true' });
      continue;
    }
    const parts = String(item).split(':');
    if (parts.length === 1) {
      out.push({ type: 'volume', source: null, target: parts[0], read_only: false });
      continue;
    }
    const [source, target, mode = ''] = parts;
    const bind = /^[.~/]/.test(source);
    out.push({ type: bind ? 'bind' : 'volume', source: bind ? resolvePath(dir, source) : source, target, read_only: mode.split(',').includes('ro') });
  }
  return out.sort((a, b) => (String(a.target) < String(b.target) ? -1 : String(a.target) > String(b.target) ? 1 : 0));
}

function dependsOn(value: unknown): Dict {
  const out: Dict = {};
  if (Array.isArray(value)) for (const name of value) out[String(name)] = { condition: 'service_started', required: true };
  else if (isDict(value))
    for (const [name, spec] of Object.entries(value)) {
      const s = isDict(spec) ? spec : {};
      const entry: Dict = { condition: str(s.condition) ?? 'service_started', required: s.required !== false && s.required !== 'false' };
      if (s.restart === true || s.restart === 'true') entry.restart = true;
      out[name] = entry;
    }
  return sortKeys(out);
}

function command(value: unknown): unknown {
  if (value === null || value === undefined) return undefined;
  return typeof value === 'string' ? shellSplit(value) : (value as unknown[]).map(str);
}

function healthcheck(value: unknown): Dict | undefined {
  if (!isDict(value)) return undefined;
  const out: Dict = {};
  for (const [k, v] of Object.entries(value)) out[k] = k === 'test' ? (typeof v === 'string' ? ['CMD-SHELL', v] : (v as unknown[]).map(str)) : scalarize(v);
  return sortKeys(out);
}

/** v2 adds an empty `placement: {}` to every deploy section. */
function deploy(value: unknown): unknown {
  if (!isDict(value)) return scalarize(value);
  const { placement, ...rest } = value;
  return scalarize(isDict(placement) && Object.keys(placement).length === 0 ? rest : value);
}

function nameList(value: unknown): string[] {
  if (isDict(value)) return Object.keys(value).sort();
  if (Array.isArray(value)) return value.map((v) => (isDict(v) ? String(v.source) : String(v))).sort();
  return [];
}

function envFiles(value: unknown, dir: string): string[] {
  const list = Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
  return list.map((f) => resolvePath(dir, isDict(f) ? String(f.path) : String(f)));
}

function scalarize(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(scalarize);
  if (isDict(value)) return sortKeys(Object.fromEntries(Object.entries(value).map(([k, v]) => [k, scalarize(v)])));
  return typeof value === 'number' || typeof value === 'boolean' ? String(value) : value;
}

export function canonicalService(raw: unknown, dir: string, readEnvFile?: CanonicalOptions['readEnvFile']): Dict {
  const s = isDict(raw) ? raw : {};
  const out: Dict = {};
  if (readEnvFile && s.env_file !== undefined && s.env_file !== null) {
    const fromFiles: Record<string, string> = {};
    for (const file of envFiles(s.env_file, dir)) Object.assign(fromFiles, readEnvFile(file) ?? {});
    const { env_file: _, ...rest } = s;
    return canonicalService({ ...rest, environment: { ...fromFiles, ...listOrDict(s.environment) } }, dir);
  }
  for (const [key, value] of Object.entries(s)) {
    if (value === null || value === undefined) continue;
    switch (key) {
      case 'build':
        out.build = build(value, dir);
        break;
      case 'command':
      case 'entrypoint':
        out[key] = command(value);
        break;
      case 'ports':
        out.ports = ports(value);
        break;
      case 'expose':
        out.expose = (value as unknown[]).map(str);
        break;
      case 'volumes':
        out.volumes = volumes(value, dir);
        break;
      case 'environment':
      case 'labels':
      case 'annotations':
      case 'sysctls':
        out[key] = listOrDict(value);
        break;
      case 'extra_hosts':
        out[key] = listOrDict(value, /[=:]/);
        break;
      case 'env_file':
        out.env_file = envFiles(value, dir);
        break;
      case 'depends_on':
        out.depends_on = dependsOn(value);
        break;
      case 'healthcheck':
        out.healthcheck = healthcheck(value);
        break;
      case 'profiles':
        out.profiles = [...new Set((value as unknown[]).map(String))].sort();
        break;
      case 'secrets':
      case 'configs':
        out[key] = nameList(value);
        break;
      case 'networks': {
        const names = nameList(value).filter((n) => n !== 'default');
        if (names.length) out.networks = names;
        break;
      }
      case 'extends':
        break;
      case 'deploy':
        out.deploy = deploy(value);
        break;
      default:
        out[key] = scalarize(value);
    }
  }
  return sortKeys(out);
}

/** Services, plus the names of top-level volumes, networks (without the implicit `default`), secrets and configs. */
export function canonicalProject(data: unknown, options: CanonicalOptions): Dict {
  const d = (options.unescapeDollars ? unescape(data) : data) as Dict;
  const services: Dict = {};
  for (const [name, raw] of Object.entries(isDict(d?.services) ? d.services : {})) services[name] = canonicalService(raw, options.dir, options.readEnvFile);
  const out: Dict = { services: sortKeys(services) };
  // v2 prints only the top-level volumes, networks, secrets and configs some service uses.
  const all = Object.values(services) as Dict[];
  const used: Record<string, Set<unknown>> = {
    volumes: new Set(all.flatMap((s) => (s.volumes as Dict[] | undefined) ?? []).filter((v) => v.type === 'volume').map((v) => v.source)),
    networks: new Set(all.flatMap((s) => (s.networks as string[] | undefined) ?? [])),
    secrets: new Set(all.flatMap((s) => (s.secrets as string[] | undefined) ?? [])),
    configs: new Set(all.flatMap((s) => (s.configs as string[] | undefined) ?? [])),
  };
  for (const key of ['volumes', 'networks', 'secrets', 'configs']) {
    const names = nameList(d?.[key]).filter((n) => used[key].has(n));
    if (names.length) out[key] = names;
  }
  return out;
}
