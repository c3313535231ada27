import { isAlias, isCollection, isMap, isPair, isScalar, parseDocument, type Document, type Pair, type YAMLMap } from 'yaml';
import { changedRegion, LineIndex } from '../text';
import { emptyModel, fill, MAX_ALIAS_COUNT, PARSE_OPTIONS, parseCompose, type ComposeModel, type ComposeService } from './model';
import { forgetEntries, isMergeKey } from './yamlNodes';

/**
 * The model of `text`, given the model of the same file's previous text. When the edit lies inside one block (a service
 * under `services:`, or another top-level entry) and cannot change the document's structure, only that block is
 * parsed and spliced into the previous document; otherwise the whole text is parsed. Either way the result equals
 * `parseCompose(text)` (test/unit/composeReparse.test.ts checks that on random edits of every corpus file).
 *
 * `previous` is consumed: its yaml Document is updated in place and belongs to the returned model afterwards.
 */
export function reparseCompose(previous: ComposeModel | undefined, text: string): ComposeModel {
  return (previous && spliceCompose(previous, text)) ?? parseCompose(text);
}

const SENTINEL = '__dockwright_next_entry__';

/** One block: the lines from a mapping entry's key line to the next sibling's key line. */
interface Block {
  parent: YAMLMap;
  index: number;
  /** Start of the key's line. */
  start: number;
  /** Start of the next sibling's key line, or the end of the text for the last entry. */
  end: number;
  indent: number;
  /** The last entry of its mapping, which ends the text (its end is also the end of the mapping, the root and the document). */
  last: boolean;
}

/** The incremental path of `reparseCompose`: the new model, or undefined when the whole text must be parsed. */
export function spliceCompose(previous: ComposeModel, text: string): ComposeModel | undefined {
  if (previous.syntaxErrors.length > 0 || previous.data === undefined) return undefined;
  const old = previous.text;
  const { doc } = previous;
  const root = doc.contents;
  if (!isMap(root) || root.flow || !doc.range) return undefined;

  const { start: from, oldEnd: oldTo } = changedRegion(old, text);
  const delta = text.length - old.length;

  const block = blockOf(old, root, from, oldTo);
  if (!block) return undefined;
  const newEnd = block.end + delta;
  if (!block.last && text.charCodeAt(newEnd - 1) !== 10) return undefined;
  const blockText = text.slice(block.start, newEnd);
  if (!indentedBelowKey(blockText, block.indent)) return undefined;

  // A block that is not last is followed by a sibling key at its indentation; a stand-in for that key makes the parser
  // see the same next line (trailing comments of the block attach, and end its last node, as they do in the document).
  const part = parseDocument(block.last ? blockText : `${blockText}${' '.repeat(block.indent)}${SENTINEL}: 0\n`, PARSE_OPTIONS);
  if (part.errors.length > 0 || part.warnings.length > 0) return undefined;
  const partRoot = part.contents;
  if (!isMap(partRoot) || partRoot.flow || partRoot.items.length !== (block.last ? 1 : 2) || !partRoot.range || !part.range) return undefined;
  const pair = partRoot.items[0];
  const oldPair = block.parent.items[block.index];
  if (!isPair(pair) || !isScalar(pair.key) || pair.key.range?.[0] !== block.indent) return undefined;
  if (!plain(pair) || !plain(oldPair)) return undefined;
  const key = pair.key.value;
  if (block.parent.items.some((p, i) => i !== block.index && isScalar(p.key) && p.key.value === key)) return undefined;
  const docRange = doc.range;
  const rootRange = root.range;
  const parentRange = block.parent.range;
  if (!rootRange || !parentRange) return undefined;
  if (block.last && block.parent !== root) {
    // The last service of a `services:` that ends the text: the root mapping and the document end where `services`
    // ends when nothing but white space follows it (as before the edit); otherwise they hold trailing comments.
    if (!(rootRange[1] === parentRange[2] && rootRange[2] === parentRange[2] && docRange[1] === rootRange[2])) return undefined;
    if (!/^\s*$/.test(text.slice(partRoot.range[2] + block.start))) return undefined;
  }

  // From here on `previous.doc` is changed; any failure below falls back to a fresh parse.
  shift(pair, block.start);
  block.parent.items[block.index] = pair;
  forgetEntries(block.parent);
  if (delta !== 0) {
    for (let i = block.index + 1; i < block.parent.items.length; i++) shift(block.parent.items[i], delta);
    if (block.parent !== root) {
      const at = root.items.findIndex((p) => p.value === block.parent);
      for (let i = at + 1; i < root.items.length; i++) shift(root.items[i], delta);
    }
    if (!block.last) for (const range of new Set([parentRange, rootRange, docRange])) shiftFrom(range, block.end, delta);
  }
  if (block.last) {
    // The parsed block ends the text as the document does: its mapping's and document's ends are the document's.
    parentRange[1] = partRoot.range[1] + block.start;
    parentRange[2] = partRoot.range[2] + block.start;
    if (block.parent !== root) rootRange[1] = rootRange[2] = parentRange[2];
    docRange[1] = rootRange[2];
    docRange[2] = part.range[2] + block.start;
  }

  const lines = new LineIndex(text);
  const keepAll = lines.lineCount === previous.lines.lineCount;
  const blockLine = lines.positionAt(block.start).line;
  const kept = new Map<Pair, ComposeService>();
  for (const s of previous.services) if (s.pair !== oldPair && (keepAll || s.keyRange.start.line < blockLine)) kept.set(s.pair, s);
  try {
    const data = spliceData(previous.data, block.parent === root ? undefined : root.items.find((p) => p.value === block.parent), oldPair, pair, doc as Document) ?? doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    const model = emptyModel(text, lines, doc as Document, [], data);
    fill(model, (e) => kept.get(e.pair));
    return model;
  } catch {
    return undefined;
  }
}

/**
 * The previous data with the entry's value replaced (the entry's key unchanged; `toJS` of the document gives the same:
 * the entry has no anchors, aliases or merge keys, so nothing else refers to it), or undefined to convert it all.
 */
function spliceData(data: unknown, services: Pair | undefined, oldPair: Pair, pair: Pair, doc: Document): unknown {
  const key = isScalar(pair.key) ? pair.key.value : undefined;
  if (typeof key !== 'string' || key === '__proto__' || !isScalar(oldPair.key) || oldPair.key.value !== key) return undefined;
  const value = isScalar(pair.value) || isCollection(pair.value) ? pair.value.toJS(doc, { maxAliasCount: MAX_ALIAS_COUNT }) : null;
  if (!isPlainObject(data)) return undefined;
  if (!services) return { ...data, [key]: value };
  const inner = data.services;
  return isScalar(services.key) && services.key.value === 'services' && isPlainObject(inner) ? { ...data, services: { ...inner, [key]: value } } : undefined;
}

function isPlainObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && Object.getPrototypeOf(x) === Object.prototype;
}


function blockOf(text: string, root: YAMLMap, from: number, to: number): Block | undefined {
  const find = (parent: YAMLMap, endsText: boolean): Block | undefined => {
    const items = parent.items;
    for (let i = 0; i < items.length; i++) {
      const last = i + 1 === items.length;
      const start = lineStart(text, items[i]);
      const end = last ? text.length : lineStart(text, items[i + 1]);
      if (start === undefined || end === undefined) return undefined;
      if (to > end) continue;
      if (from < start) return undefined;
      const { key, value } = items[i];
      if (parent === root && isScalar(key) && key.value === 'services' && isMap(value) && !value.flow) {
        const inner = find(value, last);
        if (inner) return inner;
      }
      // The last entry of a `services:` followed by other top-level keys: re-parsed with all of `services`.
      if (last && !endsText) return undefined;
      return { parent, index: i, start, end, indent: (key as { range: [number, number, number] }).range[0] - start, last };
    }
    return undefined;
  };
  return find(root, true);
}

/** Start of the line of an entry's key, when only spaces precede the key on it. */
function lineStart(text: string, pair: Pair): number | undefined {
  const key = isScalar(pair.key) ? pair.key.range?.[0] : undefined;
  if (key === undefined || isMergeKey(pair.key)) return undefined;
  let i = key;
  while (i > 0 && text.charCodeAt(i - 1) === 32) i--;
  return i === 0 || text.charCodeAt(i - 1) === 10 ? i : undefined;
}

/** Every line after the first is blank, a comment, or indented deeper than the block's key: no line can end the block early. */
function indentedBelowKey(text: string, indent: number): boolean {
  let i = text.indexOf('\n') + 1;
  while (i > 0 && i < text.length) {
    let j = i;
    while (text.charCodeAt(j) === 32) j++;
    const c = text.charCodeAt(j);
    if (j - i <= indent && c !== 10 && c !== 13 && c !== 35 /* # */ && j < text.length) return false;
    if (c === 13 && text.charCodeAt(j + 1) !== 10) return false;
    i = text.indexOf('\n', j) + 1;
  }
  return true;
}

/** No anchors, aliases, tags, merge keys or collection keys anywhere in the entry (nothing that links it to other blocks). */
function plain(node: unknown): boolean {
  if (isPair(node)) return !isMergeKey(node.key) && !isCollection(node.key) && plain(node.key) && plain(node.value);
  if (node === null || node === undefined) return true;
  if (isAlias(node)) return false;
  if (isScalar(node)) return !node.anchor && !node.tag;
  if (isCollection(node)) return !node.anchor && !node.tag && (node.items as unknown[]).every(plain);
  return false;
}

function shift(node: unknown, delta: number): void {
  if (isPair(node)) {
    shift(node.key, delta);
    shift(node.value, delta);
    return;
  }
  if (!isScalar(node) && !isCollection(node) && !isAlias(node)) return;
  const r = node.range;
  if (r) {
    r[0] += delta;
    r[1] += delta;
    r[2] += delta;
  }
  if (isCollection(node)) for (const item of node.items as unknown[]) shift(item, delta);
}

function shiftFrom(range: [number, number, number] | null | undefined, at: number, delta: number): void {
  if (!range) return;
  for (let i = 0; i < 3; i++) if (range[i] >= at) range[i] += delta;
}
