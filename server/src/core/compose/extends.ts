import { dirName, isRemoteReference, joinPath } from '../workspace';
import { finalize, mergeMaps } from './merge';

type Dict = Record<string, unknown>;

const isDict = (v: unknown): v is Dict => typeof v === 'object' && v !== null && !Array.isArray(v) && v.constructor === Object;

/** How many `extends` hops a service may take (cycles and runaway chains stop here). */
const MAX_EXTENDS_DEPTH = 10;

/** `to` relative to the folder `from` (both workspace-relative, normalised). */
export function relativePath(from: string, to: string): string {
  const a = from ? from.split('/') : [];
  const b = to ? to.split('/') : [];
  let common = 0;
  while (common < a.length && common < b.length && a[common] === b[common]) common++;
  return [...a.slice(common).map(() => '..'), ...b.slice(common)].join('/');
}

/** A path written in a file of folder `fromDir`, rewritten so it means the same from folder `toDir`. */
function rebase(p: string, fromDir: string, toDir: string): string {
  if (fromDir === toDir || p.startsWith('/') || p.startsWith('~') || p.includes('$') || isRemoteReference(p) || /^[A-Za-z]:[\\/]/.test(p)) return p;
  const target = joinPath(fromDir, p);
  if (target === undefined) return p;
  const rel = relativePath(toDir, target);
  return rel === '' ? '.' : rel.startsWith('..') ? rel : `./${rel}`;
}

function rebaseVolume(v: unknown, from: string, to: string): unknown {
  if (typeof v === 'string') {
    const colon = v.indexOf(':');
    const source = colon < 0 ? '' : v.slice(0, colon);
    // Only `.`-relative sources are bind mounts; a bare name is a named volume.
    return source.startsWith('.') ? rebase(source, from, to) + v.slice(colon) : v;
  }
  if (isDict(v) && v.type === 'bind' && typeof v.source === 'string') return { ...v, source: rebase(v.source, from, to) };
  return v;
}

/** Relative paths of one service (build context, bind mounts, env files, extends files), rewritten from folder `from` to `to`. */
export function rebaseService(service: unknown, from: string, to: string): unknown {
  if (from === to || !isDict(service)) return service;
  const out: Dict = { ...service };
  if (typeof out.build === 'string') out.build = rebase(out.build, from, to);
  else if (isDict(out.build) && typeof out.build.context === 'string') out.build = { ...out.build, context: rebase(out.build.context, from, to) };
  else if (isDict(out.build)) out.build = { ...out.build, context: rebase('.', from, to) };
  if (Array.isArray(out.volumes)) out.volumes = out.volumes.map((v) => rebaseVolume(v, from, to));
  const envFile = (f: unknown) => (typeof f === 'string' ? rebase(f, from, to) : isDict(f) && typeof f.path === 'string' ? { ...f, path: rebase(f.path, from, to) } : f);
  if (Array.isArray(out.env_file)) out.env_file = out.env_file.map(envFile);
  else if (out.env_file !== undefined) out.env_file = envFile(out.env_file);
  if (isDict(out.extends) && typeof out.extends.file === 'string') out.extends = { ...out.extends, file: rebase(out.extends.file, from, to) };
  return out;
}

/** A whole file's (or included project's) data with relative paths rewritten from folder `from` to `to`. */
export function rebaseData(data: unknown, from: string, to: string): unknown {
  if (from === to || !isDict(data)) return data;
  const out: Dict = { ...data };
  if (isDict(out.services)) out.services = Object.fromEntries(Object.entries(out.services).map(([name, s]) => [name, rebaseService(s, from, to)]));
  for (const key of ['secrets', 'configs']) {
    if (!isDict(out[key])) continue;
    out[key] = Object.fromEntries(Object.entries(out[key] as Dict).map(([name, spec]) => [name, isDict(spec) && typeof spec.file === 'string' ? { ...spec, file: rebase(spec.file, from, to) } : spec]));
  }
  return out;
}

/** Reads another compose file's data (interpolated, tags kept), for `extends: { file: … }`. */
export type LoadFile = (path: string) => unknown;

/**
 * Resolves `extends` in one file's data the way Compose does: per file, before files are merged; the extended service
 * (from this file, or from `file:` relative to this file) is merged under the extending one with the override rules,
 * its relative paths rebased to this file's folder. Unresolvable references are left as written.
 */
export function applyExtends(data: unknown, file: string, load: LoadFile): unknown {
  if (!isDict(data) || !isDict(data.services)) return data;
  const services = data.services;
  const resolved: Dict = {};
  for (const [name, service] of Object.entries(services)) resolved[name] = resolveService(service, file, services, load, [`${file}#${name}`]);
  return { ...data, services: resolved };
}

function resolveService(service: unknown, file: string, siblings: Dict, load: LoadFile, stack: string[]): unknown {
  if (!isDict(service) || service.extends === undefined) return service;
  const ext = service.extends;
  const baseName = typeof ext === 'string' ? ext : isDict(ext) && typeof ext.service === 'string' ? ext.service : undefined;
  const baseFile = isDict(ext) && typeof ext.file === 'string' ? joinPath(dirName(file), ext.file) : file;
  if (!baseName || baseFile === undefined || stack.length > MAX_EXTENDS_DEPTH) return service;
  const key = `${baseFile}#${baseName}`;
  if (stack.includes(key)) return service;
  let baseServices = siblings;
  if (baseFile !== file) {
    const other = load(baseFile);
    if (!isDict(other) || !isDict(other.services)) return service;
    baseServices = other.services;
  }
  if (!(baseName in baseServices)) return service;
  let base = resolveService(baseServices[baseName], baseFile, baseServices, load, [...stack, key]);
  base = rebaseService(finalize(base), dirName(baseFile), dirName(file));
  if (!isDict(base)) return service;
  const { extends: _own, ...own } = service;
  const { extends: _base, ...inherited } = base;
  return mergeMaps(inherited, own);
}
