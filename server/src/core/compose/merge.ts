import { isAlias, isMap, isScalar, isSeq, type Document } from 'yaml';
import { parseVolumeShort } from './model';
import { keepsDigits } from './plainData';
import { entries, isMergeKey, resolveAlias } from './yamlNodes';

/** Markers for the `!reset` and `!override` tags of override files. */
export const RESET = Symbol('reset');
export class Override {
  constructor(readonly value: unknown) {}
}

type Plain = unknown;
type Dict = Record<string, Plain>;

/** Node budget for turning a document into data with tags kept (alias bombs stop here). */
const MAX_NODES = 100_000;

/** Plain data of a compose document that keeps `!reset` / `!override`; undefined if the document is too large once aliases expand. */
export function toMergeData(doc: Document): Plain {
  let budget = MAX_NODES;
  const anchors = new Map<unknown, unknown>();
  const walk = (node: unknown, depth: number): Plain => {
    if (--budget < 0 || depth > 64) throw new RangeError('document too large');
    const tag = (node as { tag?: string } | null)?.tag;
    const plain = convert(node, depth);
    if (tag === '!reset') return RESET;
    if (tag === '!override') return new Override(plain);
    return plain;
  };
  const convert = (node: unknown, depth: number): Plain => {
    if (isAlias(node)) {
      // Alias.resolve searches the whole document; a bomb resolves the same few aliases millions of times.
      if (!anchors.has(node)) anchors.set(node, resolveAlias(doc, node));
      return walk(anchors.get(node), depth + 1);
    }
    if (isScalar(node)) {
      return keepsDigits(node) ? (node.source as string) : node.value;
    }
    if (isSeq(node)) return node.items.map((i) => walk(i, depth + 1));
    if (isMap(node)) {
      const out: Dict = {};
      for (const e of entries(doc, node)) if (!isMergeKey(e.keyNode)) out[e.key] = walk(e.pair.value, depth + 1);
      return out;
    }
    return null;
  };
  try {
    return walk(doc.contents, 0);
  } catch {
    return undefined;
  }
}

const isDict = (v: Plain): v is Dict => typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Override);

/** Strips `!override` wrappers and `!reset` values, for a single file's data. */
export function finalize(value: Plain): Plain {
  if (value === RESET) return undefined;
  if (value instanceof Override) return finalize(value.value);
  if (Array.isArray(value)) return value.filter((v) => v !== RESET).map(finalize);
  if (isDict(value)) {
    const out: Dict = {};
    for (const [k, v] of Object.entries(value)) if (v !== RESET) out[k] = finalize(v);
    return out;
  }
  return value;
}

/** `KEY=VAL` lists and mappings to a mapping (later entries win). */
export function listOrDict(value: Plain, separator = '='): Dict {
  if (isDict(value)) return { ...value };
  const out: Dict = {};
  if (Array.isArray(value))
    for (const item of value) {
      // Items must be scalars; String() of a nested (alias-expanded) list can build megabytes.
      if (item !== null && typeof item === 'object') continue;
      const text = String(item);
      const i = text.indexOf(separator);
      if (i < 0) out[text] = null;
      else out[text.slice(0, i)] = text.slice(i + 1);
    }
  return out;
}

function dependsOnDict(value: Plain): Dict {
  if (isDict(value)) return { ...value };
  const out: Dict = {};
  if (Array.isArray(value)) for (const name of value) out[String(name)] = { condition: 'service_started' };
  return out;
}

function mergeByKey(base: Plain, over: Plain, keyOf: (item: Plain) => string): Plain[] {
  const out: Plain[] = Array.isArray(base) ? [...base] : [];
  for (const item of Array.isArray(over) ? over : []) {
    const key = keyOf(item);
    const at = out.findIndex((b) => keyOf(b) === key);
    if (at < 0) out.push(item);
    else out[at] = isDict(out[at]) && isDict(item) ? mergeMaps(out[at] as Dict, item) : item;
  }
  return out;
}

const volumeTarget = (v: Plain): string => (isDict(v) ? String(v.target ?? '') : parseVolumeShort(String(v)).target);
/** Where a secret or config is mounted: an explicit target as written, else Compose's default for the source. */
const fileTarget = (kind: 'secrets' | 'configs') => (v: Plain): string => {
  const explicit = isDict(v) ? v.target : undefined;
  if (explicit !== undefined && explicit !== null) return String(explicit);
  const source = String(isDict(v) ? v.source ?? '' : v);
  return kind === 'secrets' ? `/run/secrets/${source}` : `/${source}`;
};

function portKey(v: Plain): string {
  if (isDict(v)) return `${v.host_ip ?? ''}|${v.target ?? ''}|${v.published ?? ''}|${v.protocol ?? 'tcp'}`;
  const m = /^(?:(?:\[([^\]]+)\]|([0-9]+(?:\.[0-9]+){3})):)?(?:([^:]*):)?([^:/]+)(?:\/(\w+))?$/.exec(String(v));
  return m ? `${m[1] ?? m[2] ?? ''}|${m[4]}|${m[3] ?? ''}|${m[5] ?? 'tcp'}` : String(v);
}

/** Service attributes whose value replaces the earlier one instead of merging. */
const REPLACED = new Set(['command', 'entrypoint', 'image']);
const DICT_LIKE = new Set(['environment', 'labels', 'annotations', 'sysctls', 'extra_hosts', 'args', 'ulimits']);

function mergeValue(key: string, base: Plain, over: Plain): Plain {
  if (over === RESET) return undefined;
  if (over instanceof Override) return finalize(over.value);
  if (base === undefined) return DICT_LIKE.has(key) && Array.isArray(over) && key !== 'extra_hosts' ? listOrDict(finalize(over)) : finalize(over);
  if (REPLACED.has(key) || key === 'test') return finalize(over);
  if (key === 'build') return mergeMaps(typeof base === 'string' ? { context: base } : (base as Dict), typeof over === 'string' ? { context: over } : (over as Dict));
  if (key === 'depends_on') return mergeMaps(dependsOnDict(base), dependsOnDict(over));
  if (DICT_LIKE.has(key)) return mergeMaps(listOrDict(base, key === 'extra_hosts' && !isDict(base) ? (String((base as Plain[])[0] ?? '').includes('=') ? '=' : ':') : '='), listOrDict(over, key === 'extra_hosts' && !isDict(over) ? (String((over as Plain[])[0] ?? '').includes('=') ? '=' : ':') : '='));
  if (key === 'networks' && (isDict(base) || isDict(over))) return mergeMaps(listOrDict(base), listOrDict(over));
  if (key === 'volumes' && Array.isArray(base)) return mergeByKey(base, finalize(over), volumeTarget);
  if ((key === 'secrets' || key === 'configs') && Array.isArray(base)) return mergeByKey(base, finalize(over), fileTarget(key));
  if (key === 'ports' && Array.isArray(base)) return mergeByKey(base, finalize(over), portKey);
  if ((key === 'env_file' || key === 'dns' || key === 'dns_search' || key === 'tmpfs') && (typeof base === 'string' || typeof over === 'string')) {
    return [...(Array.isArray(base) ? base : [base]), ...(Array.isArray(over) ? (finalize(over) as Plain[]) : [over])];
  }
  if (Array.isArray(base) && Array.isArray(over)) {
    const out = [...base, ...(finalize(over) as Plain[])];
    return key === 'profiles' ? [...new Set(out)] : out;
  }
  if (isDict(base) && isDict(over)) return mergeMaps(base, over);
  return finalize(over);
}

export function mergeMaps(base: Dict, over: Dict): Dict {
  const out: Dict = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const merged = mergeValue(key, out[key], value);
    if (merged === undefined) delete out[key];
    else out[key] = merged;
  }
  return out;
}

/** Merges compose files' data the way `docker compose -f a -f b` does (after per-file interpolation). */
export function mergeComposeData(files: Plain[]): Dict {
  let out: Dict = {};
  for (const file of files) if (isDict(file)) out = mergeMaps(out, file);
  return finalize(out) as Dict;
}

/** The part of a `KEY=VALUE` (or plain) entry that makes it unique. */
const keyOfEntry = (v: Plain): string => (typeof v === 'string' ? v.split('=')[0] : JSON.stringify(v));
const deviceTarget = (v: Plain): string => (isDict(v) ? String(v.target ?? '') : String(v).split(':')[1] ?? String(v));
const envFilePath = (v: Plain): string => (isDict(v) ? String(v.path ?? '') : String(v));

/** Service sequences whose entries Compose keeps unique after merging: a later entry with the same key replaces the earlier one in place. */
const UNIQUE_SEQUENCES = new Map<string, (v: Plain) => string>(Object.entries({
  annotations: keyOfEntry,
  cap_add: keyOfEntry,
  cap_drop: keyOfEntry,
  devices: deviceTarget,
  dns: keyOfEntry,
  dns_opt: keyOfEntry,
  dns_search: keyOfEntry,
  env_file: envFilePath,
  expose: (v) => String(v),
  labels: keyOfEntry,
  links: keyOfEntry,
  profiles: keyOfEntry,
  sysctls: keyOfEntry,
  tmpfs: keyOfEntry,
}));
const UNIQUE_BUILD_SEQUENCES = new Set(['tags', 'platforms', 'labels', 'args', 'additional_contexts']);

function unique(list: Plain[], keyOf: (v: Plain) => string): Plain[] {
  const out: Plain[] = [];
  const at = new Map<string, number>();
  for (const item of list) {
    const key = keyOf(item);
    const i = at.get(key);
    if (i === undefined) at.set(key, out.push(item) - 1);
    else out[i] = item;
  }
  return out;
}

/** Removes redefined entries from the services' set-like sequences (cap_add, dns, expose, env_file…), as Compose does. */
export function enforceUniqueEntries(data: Plain): void {
  const services = isDict(data) && isDict(data.services) ? data.services : {};
  for (const service of Object.values(services)) {
    if (!isDict(service)) continue;
    // The service's own keys, not the fourteen names: a lookup of a missing name on these many-shaped objects is slow.
    for (const key of Object.keys(service)) {
      const keyOf = UNIQUE_SEQUENCES.get(key);
      if (keyOf && Array.isArray(service[key])) service[key] = unique(service[key] as Plain[], keyOf);
    }
    if (isDict(service.build)) {
      const build = { ...service.build };
      for (const key of UNIQUE_BUILD_SEQUENCES) if (Array.isArray(build[key])) build[key] = unique(build[key] as Plain[], keyOfEntry);
      service.build = build;
    }
    if (isDict(service.deploy) && Array.isArray(service.deploy.labels)) service.deploy = { ...service.deploy, labels: unique(service.deploy.labels, keyOfEntry) };
    if (isDict(service.networks)) {
      const networks: Dict = {};
      for (const [name, spec] of Object.entries(service.networks)) networks[name] = isDict(spec) && Array.isArray(spec.aliases) ? { ...spec, aliases: unique(spec.aliases, keyOfEntry) } : spec;
      service.networks = networks;
    }
  }
}
