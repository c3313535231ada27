import { isAlias, isCollection, isMap, isPair, isScalar, isSeq, visit, type Alias, type Document, type Node, type Pair, type YAMLMap } from 'yaml';
import type { LineIndex } from '../text';
import type { Range } from '../types';

/** How deep alias/merge resolution may go before we give up (cycles, alias bombs). */
const MAX_ALIAS_DEPTH = 20;

export type AnyNode = Node | null | undefined;

export function toRange(lines: LineIndex, node: { range?: [number, number, number] | null } | null | undefined): Range | undefined {
  const r = node?.range;
  if (!r) return undefined;
  return { start: lines.positionAt(r[0]), end: lines.positionAt(r[1]) };
}

export function offsetRange(lines: LineIndex, start: number, end: number): Range {
  return { start: lines.positionAt(start), end: lines.positionAt(end) };
}

/** Anchored nodes and aliases of a document in document order (what `Alias.resolve` searches), collected once per document. */
const anchorsAndAliases = new WeakMap<Document, Node[]>();

/**
 * What `alias.resolve(doc)` returns (the last node anchored with its name before it), without walking the whole
 * document for every alias: one walk per document serves every alias. Documents are modified only by the
 * incremental re-parse (reparse.ts), which replaces entries holding no anchors or aliases, so the list stays exact.
 */
export function resolveAlias(doc: Document, alias: Alias): unknown {
  let nodes = anchorsAndAliases.get(doc);
  if (!nodes) {
    const found: Node[] = [];
    visit(doc, {
      Node: (_key, n) => {
        if (isAlias(n) || ((isScalar(n) || isCollection(n)) && !!n.anchor)) found.push(n);
      },
    });
    anchorsAndAliases.set(doc, (nodes = found));
  }
  let target: Node | undefined;
  for (const n of nodes) {
    if (n === alias) break;
    if (n.anchor === alias.source) target = n;
  }
  return target;
}

/** Follows aliases to the node they point at. */
export function deref(doc: Document, node: unknown): AnyNode {
  let current = node;
  for (let i = 0; i < MAX_ALIAS_DEPTH && isAlias(current); i++) {
    try {
      current = resolveAlias(doc, current);
    } catch {
      return undefined;
    }
  }
  return isAlias(current) ? undefined : (current as AnyNode);
}

export function isMergeKey(key: unknown): boolean {
  return isScalar(key) && (typeof key.value === 'symbol' || (key as { source?: string }).source === '<<');
}

export interface Entry {
  key: string;
  keyNode: Node;
  value: AnyNode;
  pair: Pair;
  /** True when the entry comes from a `<<:` merge (its positions are the anchor's). */
  merged: boolean;
}

/**
 * Entries of each mapping, computed once (the model, the merge data and the rules all ask for the same ones), kept on
 * the mapping node under this symbol: a WeakMap insertion per mapping cost a tenth of the positional model.
 */
const ENTRIES = Symbol('dockwright.entries');
type MemoisedMap = YAMLMap & { [ENTRIES]?: Entry[] };

/** Drops the memoised entries of a mapping whose items were replaced (the incremental re-parse splices in new pairs). */
export function forgetEntries(map: object): void {
  (map as MemoisedMap)[ENTRIES] = undefined;
}

/** The entries of a mapping with `<<` merge keys resolved (own keys win), in source order. The array is shared: do not modify it. */
export function entries(doc: Document, node: unknown, depth = 0): Entry[] {
  const map = deref(doc, node);
  if (!isMap(map) || depth > MAX_ALIAS_DEPTH) return [];
  if (depth > 0) return mappingEntries(doc, map as YAMLMap, depth);
  return ((map as MemoisedMap)[ENTRIES] ??= mappingEntries(doc, map as YAMLMap, depth));
}

function mappingEntries(doc: Document, map: YAMLMap, depth: number): Entry[] {
  const own: Entry[] = [];
  const merged: Entry[] = [];
  for (const pair of (map as YAMLMap).items) {
    if (!isPair(pair)) continue;
    if (isMergeKey(pair.key)) {
      const sources = isSeq(deref(doc, pair.value)) ? (deref(doc, pair.value) as any).items : [pair.value];
      for (const source of sources) for (const e of entries(doc, source, depth + 1)) merged.push({ ...e, merged: true });
      continue;
    }
    const keyNode = pair.key as Node;
    // String() of a collection key stringifies it as YAML (seconds for a deep or wide one); such keys never name anything.
    const key = isScalar(keyNode) ? String(keyNode.value) : isCollection(keyNode) ? `\u0000complex key at ${keyNode.range?.[0]}` : String(keyNode);
    own.push({ key, keyNode, value: deref(doc, pair.value), pair, merged: false });
  }
  if (merged.length === 0) return own;
  const ownKeys = new Set(own.map((e) => e.key));
  const seen = new Set<string>();
  const fromMerge = merged.filter((e) => !ownKeys.has(e.key) && !seen.has(e.key) && seen.add(e.key));
  return [...own, ...fromMerge];
}

export function entry(doc: Document, node: unknown, key: string): Entry | undefined {
  return entries(doc, node).find((e) => e.key === key);
}

export function items(doc: Document, node: unknown): AnyNode[] {
  const seq = deref(doc, node);
  if (!isSeq(seq)) return [];
  return seq.items.map((i) => deref(doc, i));
}

/** A scalar's value as a string (numbers and booleans as written), or undefined for collections and nulls. */
export function scalarText(node: AnyNode): string | undefined {
  if (!isScalar(node)) return undefined;
  if (node.value === null || node.value === undefined) return undefined;
  if (typeof node.value === 'string') return node.value;
  const source = (node as { source?: string }).source;
  return typeof source === 'string' ? source : String(node.value);
}

export { isMap, isSeq, isScalar, isPair };
