import composeSpec from '../data/compose-spec.json';

/** Walks the vendored compose-spec JSON schema: what may appear under a key path, with its docs. Pure. */

type Schema = Record<string, any>;
const ROOT = composeSpec as Schema;

function resolveRef(s: Schema): Schema {
  let current = s;
  for (let guard = 0; guard < 10 && current && typeof current.$ref === 'string'; guard++) {
    const ref: string = current.$ref;
    if (!ref.startsWith('#/')) return current;
    let target: any = ROOT;
    for (const part of ref.slice(2).split('/')) target = target?.[part];
    current = target ?? {};
  }
  return current ?? {};
}

/** A schema and every branch it may take (`$ref`, `oneOf`, `anyOf`, `allOf`), each resolved. */
function branches(s: Schema | undefined, depth = 0): Schema[] {
  if (!s || typeof s !== 'object' || depth > 8) return [];
  const r = resolveRef(s);
  const out: Schema[] = [r];
  for (const k of ['oneOf', 'anyOf', 'allOf'] as const) if (Array.isArray(r[k])) for (const b of r[k]) out.push(...branches(b, depth + 1));
  return out;
}

/** Object schemas among the branches, looking through arrays (`- key:` items) too. */
function objectBranches(schemas: Schema[]): Schema[] {
  const out: Schema[] = [];
  for (const s of schemas) {
    if (s.properties || s.patternProperties || (s.additionalProperties && typeof s.additionalProperties === 'object')) out.push(s);
    if (s.items) out.push(...objectBranches(branches(s.items)));
  }
  return out;
}

function child(schemas: Schema[], key: string): Schema[] {
  const out: Schema[] = [];
  for (const s of objectBranches(schemas)) {
    if (s.properties?.[key]) {
      out.push(...branches(s.properties[key]));
      continue;
    }
    let matched = false;
    for (const [pattern, sub] of Object.entries<Schema>(s.patternProperties ?? {})) {
      if (pattern === '^x-') continue;
      try {
        if (new RegExp(pattern).test(key)) {
          out.push(...branches(sub));
          matched = true;
        }
      } catch {
        /* a pattern JavaScript cannot read: skip it */
      }
    }
    if (!matched && s.additionalProperties && typeof s.additionalProperties === 'object') out.push(...branches(s.additionalProperties));
  }
  return out;
}

/** Schemas that describe the value at a key path (`['services', 'api', 'build']`); empty when unknown. */
export function schemasAt(path: string[]): Schema[] {
  let current = branches(ROOT);
  for (const key of path) {
    if (key.startsWith('x-')) return [];
    current = child(current, key);
    if (!current.length) return [];
  }
  return current;
}

export interface SchemaKey {
  key: string;
  description?: string;
  deprecated: boolean;
  /** The key takes a mapping or a list (completion adds a newline), else a scalar. */
  block: boolean;
}

/** Keys a mapping at `path` may hold, from the schema's `properties`. */
export function keysAt(path: string[]): SchemaKey[] {
  const seen = new Map<string, SchemaKey>();
  for (const s of objectBranches(schemasAt(path))) {
    for (const [key, sub] of Object.entries<Schema>(s.properties ?? {})) {
      if (seen.has(key)) continue;
      const subs = branches(sub);
      const description = subs.map((b) => b.description).find((d) => typeof d === 'string');
      const block = subs.every((b) => b.type === 'object' || b.type === 'array' || b.properties !== undefined) && subs.some((b) => b.type === 'object' || b.type === 'array');
      seen.set(key, { key, description, deprecated: subs.some((b) => b.deprecated === true) || /\bdeprecated\b/i.test(description ?? ''), block });
    }
  }
  return [...seen.values()];
}

/** Allowed scalar values of the key at `path` (its `enum`s, and `true`/`false` for booleans). */
export function valuesAt(path: string[]): string[] {
  const out = new Set<string>();
  for (const s of schemasAt(path)) {
    if (Array.isArray(s.enum)) for (const v of s.enum) out.add(String(v));
    const types = Array.isArray(s.type) ? s.type : [s.type];
    if (types.includes('boolean')) {
      out.add('true');
      out.add('false');
    }
  }
  return [...out];
}

/** The schema's description of the key at `path`. */
export function describeKey(path: string[]): string | undefined {
  if (!path.length) return undefined;
  return schemasAt(path)
    .map((s) => s.description)
    .find((d) => typeof d === 'string');
}
