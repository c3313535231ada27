import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Node, type Pair, type YAMLMap } from 'yaml';
import { LineIndex } from '../text';
import type { FileEdit, TextEdit } from '../types';

export interface ServiceRewire {
  service: string;
  /** New `build.dockerfile` value (relative to the build context), or undefined to leave it. */
  dockerfile?: string;
  /** New `build.target`, or undefined to leave it. */
  target?: string;
  /** Remove `command:` from this file's definition of the service. */
  removeCommand: boolean;
  /** Remove `entrypoint:` (it equals the new image's ENTRYPOINT). */
  removeEntrypoint?: boolean;
}

function pairOf(map: YAMLMap, key: string): Pair | undefined {
  return map.items.find((p) => isScalar(p.key) && p.key.value === key) as Pair | undefined;
}

function quoteLike(original: Node | undefined, value: string): string {
  if (isScalar(original)) {
    if (original.type === 'QUOTE_DOUBLE') return JSON.stringify(value);
    if (original.type === 'QUOTE_SINGLE') return `'${value.replace(/'/g, "''")}'`;
  }
  return /^[\w./-]+$/.test(value) ? value : JSON.stringify(value);
}

/**
 * Edits one compose file in place with minimal text edits located through the `yaml` Document API, so comments,
 * anchors, key order and quoting of everything else stay byte for byte.
 */
export function rewireCompose(path: string, text: string, rewires: ServiceRewire[]): { edit?: FileEdit; problems: string[]; unhandled: string[] } {
  const problems: string[] = [];
  const unhandled: string[] = [];
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, keepSourceTokens: true, merge: true } as never);
  if (doc.errors.length) return { problems: [`${path}: not valid YAML, left unchanged`], unhandled: rewires.map((r) => r.service) };
  const lines = new LineIndex(text);
  const eol = lines.eol;
  const edits: TextEdit[] = [];
  const pos = (offset: number) => lines.positionAt(offset);
  const services = doc.get('services', true);
  if (!isMap(services)) return { problems, unhandled: rewires.map((r) => r.service) };
  const lineStartOf = (offset: number) => text.lastIndexOf('\n', offset - 1) + 1;
  const lineEndAfter = (offset: number) => {
    const nl = text.indexOf('\n', offset);
    return nl < 0 ? text.length : nl + 1;
  };
  for (const rewire of rewires) {
    const servicePair = pairOf(services, rewire.service);
    const service = servicePair?.value;
    if (!isMap(service)) continue;
    const build = pairOf(service, 'build');
    const setKey = (key: 'dockerfile' | 'target', value: string) => {
      if (!build || isAlias(build.value) || (build.value as Node | null)?.anchor) {
        // Inherited through `<<: *x`, an alias, or an anchor other services share: editing it would change them too.
        problems.push(`${path}: services.${rewire.service}.build is ${build ? 'shared through a YAML anchor' : 'inherited (<<: merge)'}; point it at ${value} by hand`);
        unhandled.push(rewire.service);
        return;
      }
      if (isScalar(build.value)) {
        // `build: ./dir` → `build: { context: ./dir, dockerfile: X }`
        const range = build.value.range!;
        const context = text.slice(range[0], range[1]);
        edits.push({ range: { start: pos(range[0]), end: pos(range[1]) }, newText: `{ context: ${context}, ${key}: ${quoteLike(undefined, value)} }` });
        return;
      }
      if (!isMap(build.value)) {
        problems.push(`${path}: services.${rewire.service}.build has a form Dockwright does not edit; point it at ${value} by hand`);
        unhandled.push(rewire.service);
        return;
      }
      const existing = pairOf(build.value, key);
      if (existing && isScalar(existing.value) && existing.value.range) {
        const r = existing.value.range;
        edits.push({ range: { start: pos(r[0]), end: pos(r[1]) }, newText: quoteLike(existing.value, value) });
        return;
      }
      if (build.value.flow) {
        const end = build.value.range![1];
        const close = text.lastIndexOf('}', end);
        edits.push({ range: { start: pos(close), end: pos(close) }, newText: `, ${key}: ${quoteLike(undefined, value)} ` });
        return;
      }
      // Block map: add a line after the last key of `build:`, with that key's indentation.
      const items = build.value.items;
      const lastItem = items[items.length - 1];
      const firstKey = items[0]?.key as Node | undefined;
      const keyStart = firstKey?.range?.[0] ?? build.value.range![0];
      const indent = text.slice(lineStartOf(keyStart), keyStart);
      const lastEnd = (lastItem?.value as Node | undefined)?.range?.[1] ?? (lastItem?.key as Node | undefined)?.range?.[1] ?? keyStart;
      const at = lineEndAfter(Math.max(lastEnd - 1, keyStart));
      const needsEol = at === text.length && !text.endsWith('\n');
      edits.push({ range: { start: pos(at), end: pos(at) }, newText: `${needsEol ? eol : ''}${indent}${key}: ${quoteLike(undefined, value)}${eol}` });
    };
    if (rewire.dockerfile !== undefined) setKey('dockerfile', rewire.dockerfile);
    if (rewire.target !== undefined) setKey('target', rewire.target);
    for (const key of ['command', 'entrypoint'] as const) {
      if (key === 'command' ? !rewire.removeCommand : !rewire.removeEntrypoint) continue;
      const command = pairOf(service, key);
      const keyNode = command?.key as Node | undefined;
      const valueNode = command?.value as Node | undefined;
      if (keyNode?.range && valueNode?.range) {
        const start = lineStartOf(keyNode.range[0]);
        const before = text.slice(start, keyNode.range[0]);
        if (/^\s*$/.test(before)) {
          const end = lineEndAfter(Math.max(valueNode.range[1] - 1, keyNode.range[0]));
          // Keep a trailing comment block of the value out of it: only remove through the value's own line.
          edits.push({ range: { start: pos(start), end: pos(end) }, newText: '' });
        } else problems.push(`${path}: services.${rewire.service}.${key} is inline; remove it by hand`);
      }
    }
  }
  void isSeq;
  void isPair;
  return { edit: edits.length ? { path, edits } : undefined, problems, unhandled };
}
