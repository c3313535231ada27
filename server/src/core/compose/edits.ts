import { isMap, isSeq, type Node, type Pair } from 'yaml';
import type { Position, Range, TextEdit } from '../types';
import type { ComposeModel, ComposeService } from './model';

/** Minimal text edits on compose files that keep comments, quoting and indentation of everything else. */

function lineStart(line: number): Position {
  return { line, character: 0 };
}

/** The last line a node's value occupies (block collections end at the start of the next line). */
function lastLineOf(model: ComposeModel, node: { range?: [number, number, number] | null } | null | undefined, fallback: number): number {
  const r = node?.range;
  if (!r) return fallback;
  let end = r[1];
  while (end > r[0] && /\s/.test(model.text[end - 1])) end--;
  return model.lines.positionAt(end).line;
}

/** Deletes whole lines from `first` to `last` (inclusive). */
export function deleteLines(model: ComposeModel, first: number, last: number): TextEdit {
  const end = last + 1 < model.lines.lineCount ? lineStart(last + 1) : { line: last, character: model.lines.lineText(last).length };
  const start = last + 1 < model.lines.lineCount || first === 0 ? lineStart(first) : { line: first - 1, character: model.lines.lineText(first - 1).length };
  return { range: { start, end }, newText: '' };
}

/** Removes a `key: value` entry of a block mapping, with its nested lines. */
export function removePair(model: ComposeModel, pair: Pair): TextEdit {
  const keyLine = model.lines.positionAt((pair.key as Node).range![0]).line;
  return deleteLines(model, keyLine, lastLineOf(model, pair.value as Node, keyLine));
}

/** Removes one item from a sequence (block: its lines; flow: the item and a comma). */
export function removeItem(model: ComposeModel, seq: Node, item: Node): TextEdit | undefined {
  if (!isSeq(seq) || !item.range) return undefined;
  if (!seq.flow) {
    const line = model.lines.positionAt(item.range[0]).line;
    return deleteLines(model, line, lastLineOf(model, item, line));
  }
  const index = seq.items.indexOf(item as never);
  const next = seq.items[index + 1] as Node | undefined;
  const prev = seq.items[index - 1] as Node | undefined;
  const start = prev?.range && !next ? prev.range[1] : item.range[0];
  const end = next?.range ? next.range[0] : item.range[1];
  return { range: { start: model.lines.positionAt(start), end: model.lines.positionAt(end) }, newText: '' };
}

export function replaceNode(model: ComposeModel, node: Node, newText: string): TextEdit {
  return { range: { start: model.lines.positionAt(node.range![0]), end: model.lines.positionAt(node.range![1]) }, newText };
}

export function replaceRange(range: Range, newText: string): TextEdit {
  return { range, newText };
}

/** Column of the keys of a block mapping, or undefined for flow/empty mappings. */
export function keyIndent(model: ComposeModel, map: unknown): number | undefined {
  if (!isMap(map) || map.flow || map.items.length === 0) return undefined;
  const first = map.items[0].key as Node;
  return first?.range ? model.lines.positionAt(first.range[0]).character : undefined;
}

/** One indentation step of the file (difference between service keys and service names), default 2. */
export function indentStep(model: ComposeModel): number {
  const service = model.services.find((s) => isMap(s.node) && !(s.node as any).flow);
  const inner = service ? keyIndent(model, service.node) : undefined;
  return inner !== undefined && service ? Math.max(1, inner - service.keyRange.start.character) : 2;
}

/** Inserts lines (already relative to the mapping's key column) at the end of a block mapping. */
export function appendToMap(model: ComposeModel, map: unknown, lines: string[]): TextEdit | undefined {
  const indent = keyIndent(model, map);
  if (indent === undefined || !isMap(map)) return undefined;
  const last = map.items[map.items.length - 1];
  const lastLine = lastLineOf(model, (last.value ?? last.key) as Node, model.lines.positionAt((last.key as Node).range![0]).line);
  return insertLinesAfter(model, lastLine, lines.map((l) => ' '.repeat(indent) + l));
}

/** Inserts lines at the top of a block mapping (before its first key). */
export function prependToMap(model: ComposeModel, map: unknown, lines: string[]): TextEdit | undefined {
  const indent = keyIndent(model, map);
  if (indent === undefined || !isMap(map)) return undefined;
  const firstLine = model.lines.positionAt((map.items[0].key as Node).range![0]).line;
  const eol = model.lines.eol;
  return { range: { start: lineStart(firstLine), end: lineStart(firstLine) }, newText: lines.map((l) => ' '.repeat(indent) + l + eol).join('') };
}

export function insertLinesAfter(model: ComposeModel, line: number, lines: string[]): TextEdit {
  const eol = model.lines.eol;
  if (line + 1 < model.lines.lineCount) return { range: { start: lineStart(line + 1), end: lineStart(line + 1) }, newText: lines.map((l) => l + eol).join('') };
  const end = { line, character: model.lines.lineText(line).length };
  return { range: { start: end, end }, newText: lines.map((l) => eol + l).join('') + eol };
}

/** Appends a top-level section or an entry to an existing top-level mapping (e.g. `volumes:`). */
export function addTopLevelEntry(model: ComposeModel, section: string, existing: unknown, name: string): TextEdit {
  const step = indentStep(model);
  if (isMap(existing) && !existing.flow && existing.items.length > 0) return appendToMap(model, existing, [`${name}:`])!;
  const last = model.lines.lineCount - 1;
  const sectionPair = (model.doc.contents as any)?.items?.find((p: Pair) => (p.key as any)?.value === section);
  if (sectionPair && !existing) {
    // `volumes:` with no entries: put the entry under it.
    const line = model.lines.positionAt((sectionPair.key as Node).range![0]).line;
    return { range: { start: { line, character: model.lines.lineText(line).length }, end: { line, character: model.lines.lineText(line).length } }, newText: model.lines.eol + ' '.repeat(step) + `${name}:` };
  }
  const lastText = model.lines.lineText(last);
  const eol = model.lines.eol;
  const lead = lastText === '' ? (last > 0 && model.lines.lineText(last - 1) === '' ? '' : eol) : eol + eol;
  return { range: { start: { line: last, character: lastText.length }, end: { line: last, character: lastText.length } }, newText: `${lead}${section}:${eol}${' '.repeat(step)}${name}:${eol}` };
}

/** Where new keys of a service go: the service's own mapping. */
export function serviceMap(service: ComposeService): unknown {
  return service.node;
}

export function quoteIfNeeded(value: string): string {
  return /^[\w./@-][\w./@:${}?, -]*$/.test(value) && !/: |\s#|:$/.test(value) ? value : JSON.stringify(value);
}

/** Appends a scalar to a sequence, keeping its style (flow `[a, b]` or block `- a`). */
export function appendToSeq(model: ComposeModel, seq: unknown, value: string): TextEdit | undefined {
  if (!isSeq(seq) || !(seq as Node).range) return undefined;
  const text = quoteIfNeeded(value);
  if (seq.flow) {
    const end = (seq as Node).range![1];
    const close = model.text.lastIndexOf(']', end);
    if (close < 0) return undefined;
    const pos = model.lines.positionAt(close);
    const quoted = seq.items.some((i) => (i as any).type === 'QUOTE_DOUBLE') ? JSON.stringify(value) : text;
    return { range: { start: pos, end: pos }, newText: seq.items.length ? `, ${quoted}` : quoted };
  }
  const last = seq.items[seq.items.length - 1] as Node | undefined;
  if (!last?.range) return undefined;
  const start = model.lines.positionAt(last.range[0]);
  const dash = model.lines.lineText(start.line).indexOf('-');
  const quoted = (last as any).type === 'QUOTE_DOUBLE' ? JSON.stringify(value) : text;
  return insertLinesAfter(model, lastLineOfNode(model, last, start.line), [' '.repeat(Math.max(0, dash)) + '- ' + quoted]);
}

function lastLineOfNode(model: ComposeModel, node: Node, fallback: number): number {
  const r = node.range;
  if (!r) return fallback;
  let end = r[1];
  while (end > r[0] && /\s/.test(model.text[end - 1])) end--;
  return model.lines.positionAt(end).line;
}
