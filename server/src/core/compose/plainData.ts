import { isMap, isScalar, isSeq, type Document, type Scalar } from 'yaml';

/**
 * The data of a document whose nodes are all plain — no anchors, aliases, tags or merge keys; keys scalars that are
 * not null and not `__proto__`; no integer beyond 2^53 written in digits — in one walk, or undefined for any other
 * document. For such a document the value equals `doc.toJS()` (yaml's general conversion, which the caller falls back
 * to) and also what `toMergeData` builds, so the merged project can copy it instead of walking the nodes again.
 */
export function plainData(doc: Document): { value: unknown } | undefined {
  let budget = MAX_PLAIN_NODES;
  const walk = (node: unknown, depth: number): unknown => {
    if (node === null) return null;
    if (--budget < 0 || depth > MAX_PLAIN_DEPTH) return NOT_PLAIN;
    const { anchor, tag } = node as { anchor?: string; tag?: string };
    if (anchor || tag) return NOT_PLAIN;
    if (isScalar(node)) {
      const value = node.value;
      if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
      return typeof value === 'number' && !keepsDigits(node) ? value : NOT_PLAIN;
    }
    if (isSeq(node)) {
      const out: unknown[] = [];
      for (const item of node.items) {
        const value = walk(item, depth + 1);
        if (value === NOT_PLAIN) return NOT_PLAIN;
        out.push(value);
      }
      return out;
    }
    if (isMap(node)) {
      const out: Record<string, unknown> = {};
      for (const { key, value } of node.items) {
        if (!isScalar(key) || key.anchor || key.tag || key.source === '<<') return NOT_PLAIN;
        const name = key.value;
        if ((typeof name !== 'string' && typeof name !== 'number' && typeof name !== 'boolean') || name === '__proto__' || name === '<<') return NOT_PLAIN;
        const converted = walk(value, depth + 1);
        if (converted === NOT_PLAIN) return NOT_PLAIN;
        out[String(name)] = converted;
      }
      return out;
    }
    return NOT_PLAIN;
  };
  const value = walk(doc.contents, 0);
  return value === NOT_PLAIN ? undefined : { value };
}

const NOT_PLAIN = Symbol('not plain');
/** Far below `toMergeData`'s limits (100,000 nodes, depth 64), so a plain document is never one it gives up on. */
const MAX_PLAIN_NODES = 50_000;
const MAX_PLAIN_DEPTH = 48;

/** An integer beyond 2^53 written in digits: the merge data keeps its digits (Compose reads it as a 64-bit integer). */
export function keepsDigits(scalar: Scalar): boolean {
  const source = (scalar as { source?: unknown }).source;
  return typeof scalar.value === 'number' && !Number.isSafeInteger(scalar.value) && typeof source === 'string' && /^[0-9]+$/.test(source);
}

/** A deep copy of data made of plain objects, arrays and primitives (the merged project writes into its copy). */
export function copyPlain(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(copyPlain);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) out[key] = copyPlain((value as Record<string, unknown>)[key]);
  return out;
}
