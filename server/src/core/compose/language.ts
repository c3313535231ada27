import { parseAllDocuments, type Node } from 'yaml';
import { contextOf, dockerfileOf, type Analysis } from '../analysis';
import { comparePositions } from '../text';
import type { Position, Range } from '../types';
import { joinPath, dirName } from '../workspace';
import { yamlContextAt } from './assist';
import type { ComposeModel, ComposeService, TopLevelItem } from './model';
import { describeKey, keysAt, valuesAt } from './schemaNav';
import { entries, isScalar, items, scalarText } from './yamlNodes';

/**
 * Compose editor features that are not about one rule: schema completion and key docs at any depth, an outline,
 * go-to-definition, references and rename of services across a project's files, links to files, and formatting
 * that keeps comments. Pure: input is the analysis (files' texts) and positions; output is plain data.
 */

export interface SchemaCompletion {
  label: string;
  kind: 'key' | 'value';
  detail?: string;
  documentation?: string;
  deprecated?: boolean;
  /** Text to insert (`key: ` or `key:\n  ` for blocks). */
  insertText: string;
  range: Range;
}

/** Keys the mapping at the cursor may hold (minus the ones already there), or the enum values of `key: |`. */
export function schemaCompletions(text: string, position: Position): SchemaCompletion[] {
  const ctx = yamlContextAt(text, position);
  const line = text.split(/\r?\n/)[position.line] ?? '';
  const before = line.slice(0, position.character);
  if (ctx.key !== undefined) {
    // `key: |` — a value.
    const afterColon = /:\s*(.*)$/.exec(before)?.[1] ?? '';
    if (/^["']|^[[{]/.test(afterColon)) return [];
    return valuesAt([...ctx.path, ctx.key]).map((v) => ({ label: v, kind: 'value', insertText: v, range: ctx.wordRange }));
  }
  // A key: the line holds only the word being typed (after an optional `- `).
  if (!/^\s*(?:-\s+)?[\w.-]*$/.test(before)) return [];
  const path = ctx.path;
  // A service, volume or network name is the user's own: no completion for the names themselves.
  if (path.length === 1 && ['services', 'volumes', 'networks', 'secrets', 'configs', 'models'].includes(path[0])) return [];
  const present = siblingKeys(text, position);
  return keysAt(path)
    .filter((k) => !present.has(k.key))
    .map((k) => ({
      label: k.key,
      kind: 'key' as const,
      documentation: k.description,
      deprecated: k.deprecated,
      insertText: k.block ? `${k.key}:\n` : `${k.key}: `,
      range: ctx.wordRange,
    }));
}

/** Keys already written at the cursor's indentation in the same mapping. */
function siblingKeys(text: string, position: Position): Set<string> {
  const lines = text.split(/\r?\n/);
  const line = lines[position.line] ?? '';
  const indent = line.length - line.trimStart().length;
  const out = new Set<string>();
  const scan = (from: number, step: number) => {
    for (let n = from; n >= 0 && n < lines.length; n += step) {
      const l = lines[n];
      if (!l.trim() || l.trimStart().startsWith('#')) continue;
      const i = l.length - l.trimStart().length;
      if (i < indent) return;
      if (i > indent) continue;
      const m = /^\s*["']?([\w.-]+)["']?\s*:/.exec(l);
      if (m) out.add(m[1]);
    }
  };
  scan(position.line - 1, -1);
  scan(position.line + 1, 1);
  return out;
}

/** The schema's description of the key under the cursor (`restart:` → its docs). */
export function schemaHover(text: string, position: Position): { contents: string; range: Range } | undefined {
  const ctx = yamlContextAt(text, position);
  if (!ctx.word) return undefined;
  const line = text.split(/\r?\n/)[position.line] ?? '';
  const afterWord = line.slice(ctx.wordRange.end.character);
  if (!/^["']?\s*:/.test(afterWord)) return undefined;
  const before = line.slice(0, ctx.wordRange.start.character);
  if (!/^\s*(?:-\s+)?["']?$/.test(before)) return undefined;
  const path = [...ctx.path, ctx.word];
  const description = describeKey(path);
  if (!description) return undefined;
  const values = valuesAt(path).filter((v) => v !== 'true' && v !== 'false');
  return {
    contents: [`**${ctx.word}** (\`${path.join('.')}\`)`, description, values.length ? `Values: ${values.map((v) => `\`${v}\``).join(', ')}` : ''].filter(Boolean).join('\n\n'),
    range: ctx.wordRange,
  };
}

// ---------------------------------------------------------------- outline

export interface OutlineSymbol {
  name: string;
  detail?: string;
  kind: 'section' | 'service' | 'volume' | 'network' | 'secret' | 'config' | 'profile' | 'include' | 'extension';
  range: Range;
  selectionRange: Range;
  children: OutlineSymbol[];
}

export function composeOutline(model: ComposeModel): OutlineSymbol[] {
  const out: OutlineSymbol[] = [];
  for (const e of entries(model.doc, model.doc.contents)) {
    if (e.merged) continue;
    const range = rangeOf(model, e.pair as unknown as Node) ?? rangeOf(model, e.keyNode)!;
    const selectionRange = rangeOf(model, e.keyNode) ?? range;
    const section: OutlineSymbol = { name: e.key, kind: e.key.startsWith('x-') ? 'extension' : 'section', range, selectionRange, children: [] };
    if (e.key === 'services') section.children = model.services.map(serviceSymbol);
    else if (e.key === 'volumes') section.children = model.volumes.map((v) => topSymbol(v, 'volume'));
    else if (e.key === 'networks') section.children = model.networks.map((v) => topSymbol(v, 'network'));
    else if (e.key === 'secrets') section.children = model.secrets.map((v) => topSymbol(v, 'secret'));
    else if (e.key === 'configs') section.children = model.configs.map((v) => topSymbol(v, 'config'));
    else if (e.key === 'include') section.children = model.includes.map((i) => ({ name: i.value, kind: 'include', range: i.range, selectionRange: i.range, children: [] }));
    out.push(section);
  }
  return out;
}

function serviceSymbol(s: ComposeService): OutlineSymbol {
  const detail = s.image?.value ?? (s.build ? `build ${s.build.context}${s.build.dockerfile ? ` (${s.build.dockerfile.value})` : ''}` : undefined);
  return {
    name: s.name,
    detail: [detail, s.profiles.length ? `profiles: ${s.profiles.map((p) => p.value).join(', ')}` : ''].filter(Boolean).join(' · ') || undefined,
    kind: 'service',
    range: s.range,
    selectionRange: s.keyRange,
    children: s.profiles.map((p) => ({ name: p.value, detail: 'profile', kind: 'profile' as const, range: p.range, selectionRange: p.range, children: [] })),
  };
}

function topSymbol(item: TopLevelItem, kind: OutlineSymbol['kind']): OutlineSymbol {
  return { name: item.name, detail: item.external ? 'external' : undefined, kind, range: item.range, selectionRange: item.range, children: [] };
}

function rangeOf(model: ComposeModel, node: { range?: [number, number, number] | null } | null | undefined): Range | undefined {
  const r = node?.range;
  if (!r) return undefined;
  return { start: model.lines.positionAt(r[0]), end: model.lines.positionAt(r[1]) };
}

// ---------------------------------------------------------------- names: definition, references, rename

export interface FileRange {
  path: string;
  range: Range;
}

type NameKind = 'service' | 'volume' | 'network' | 'secret' | 'config';

interface NameAt {
  kind: NameKind;
  name: string;
  range: Range;
  /** The cursor is on the declaration itself. */
  declaration: boolean;
}

/** Range of `name` inside a scalar (skipping a quote), given where it starts in the value. */
function scalarPart(model: ComposeModel, node: unknown, offsetInValue: number, length: number): Range | undefined {
  if (!isScalar(node) || !node.range) return undefined;
  const start = node.range[0] + (/["']/.test(model.text[node.range[0]] ?? '') ? 1 : 0) + offsetInValue;
  return { start: model.lines.positionAt(start), end: model.lines.positionAt(start + length) };
}

/** Every place in one file that names a service, volume, network, secret or config (declarations included). */
export function namesIn(model: ComposeModel): NameAt[] {
  const out: NameAt[] = [];
  const doc = model.doc;
  for (const s of model.services) {
    out.push({ kind: 'service', name: s.name, range: s.keyRange, declaration: true });
    for (const d of s.dependsOn) out.push({ kind: 'service', name: d.name, range: d.range, declaration: false });
    const ext = s.keys.get('extends')?.value;
    if (s.extends && !s.extends.file) {
      const node = isScalar(ext) ? ext : entries(doc, ext).find((e) => e.key === 'service')?.value;
      const range = scalarPart(model, node, 0, s.extends.service.length);
      if (range) out.push({ kind: 'service', name: s.extends.service, range, declaration: false });
    }
    for (const item of items(doc, s.keys.get('links')?.value)) {
      const v = scalarText(item);
      const name = v?.split(':')[0];
      const range = name ? scalarPart(model, item, 0, name.length) : undefined;
      if (name && range) out.push({ kind: 'service', name, range, declaration: false });
    }
    for (const item of items(doc, s.keys.get('volumes_from')?.value)) {
      const v = scalarText(item);
      if (!v || v.startsWith('container:')) continue;
      const name = v.split(':')[0];
      const range = scalarPart(model, item, 0, name.length);
      if (range) out.push({ kind: 'service', name, range, declaration: false });
    }
    for (const key of ['network_mode', 'pid', 'ipc']) {
      const node = s.keys.get(key)?.value;
      const v = scalarText(node);
      if (v?.startsWith('service:')) {
        const range = scalarPart(model, node, 'service:'.length, v.length - 'service:'.length);
        if (range) out.push({ kind: 'service', name: v.slice('service:'.length), range, declaration: false });
      }
    }
    for (const n of s.networks) out.push({ kind: 'network', name: n.value, range: n.range, declaration: false });
    for (const v of s.volumes) {
      if (v.type !== 'volume' || !v.source) continue;
      const range = scalarPart(model, v.node, 0, v.source.length);
      if (range && scalarText(v.node as never)?.startsWith(v.source)) out.push({ kind: 'volume', name: v.source, range, declaration: false });
      else {
        const src = entries(doc, v.node).find((e) => e.key === 'source')?.value;
        const r = scalarPart(model, src, 0, v.source.length);
        if (r) out.push({ kind: 'volume', name: v.source, range: r, declaration: false });
      }
    }
    for (const x of s.secrets) out.push({ kind: 'secret', name: x.value, range: x.range, declaration: false });
    for (const x of s.configs) out.push({ kind: 'config', name: x.value, range: x.range, declaration: false });
  }
  const top = (list: TopLevelItem[], kind: NameKind) => {
    for (const item of list) {
      const range = rangeOf(model, item.pair.key as Node);
      if (range) out.push({ kind, name: item.name, range, declaration: true });
    }
  };
  top(model.volumes, 'volume');
  top(model.networks, 'network');
  top(model.secrets, 'secret');
  top(model.configs, 'config');
  return out;
}

function contains(range: Range, p: Position): boolean {
  return comparePositions(range.start, p) <= 0 && comparePositions(p, range.end) <= 0;
}

function nameAt(model: ComposeModel, position: Position): NameAt | undefined {
  return namesIn(model).find((n) => contains(n.range, position));
}

/** The compose files a name can be defined or used in: the file's merged project, else the file alone. */
function projectFiles(analysis: Analysis, file: string): string[] {
  const project = analysis.composeProject(file);
  const files = project?.files.length ? project.files : [file];
  return files.includes(file) ? files : [file, ...files];
}

/** Where the service, volume, network, secret or config under the cursor is declared (any file of the project). */
export function composeDefinition(analysis: Analysis, file: string, position: Position): FileRange[] {
  const model = analysis.compose(file);
  if (!model) return [];
  const fileTarget = fileReferenceAt(analysis, file, model, position);
  if (fileTarget) return [{ path: fileTarget.target, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } }];
  const at = nameAt(model, position);
  if (!at) return [];
  const out: FileRange[] = [];
  for (const f of projectFiles(analysis, file)) {
    const m = analysis.compose(f);
    if (!m) continue;
    for (const n of namesIn(m)) if (n.declaration && n.kind === at.kind && n.name === at.name) out.push({ path: f, range: n.range });
  }
  return out;
}

/** Every use (and, when asked, declaration) of the name under the cursor across the project's compose files. */
export function composeReferences(analysis: Analysis, file: string, position: Position, includeDeclaration = true): FileRange[] {
  const model = analysis.compose(file);
  const at = model && nameAt(model, position);
  if (!at) return [];
  const out: FileRange[] = [];
  for (const f of projectFiles(analysis, file)) {
    const m = analysis.compose(f);
    if (!m) continue;
    for (const n of namesIn(m)) if (n.kind === at.kind && n.name === at.name && (includeDeclaration || !n.declaration)) out.push({ path: f, range: n.range });
  }
  return out;
}

const VALID_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;

/** The range of a renamable service name under the cursor, or undefined. */
export function composePrepareRename(analysis: Analysis, file: string, position: Position): { range: Range; placeholder: string } | undefined {
  const model = analysis.compose(file);
  const at = model && nameAt(model, position);
  return at && at.kind === 'service' ? { range: at.range, placeholder: at.name } : undefined;
}

/** Edits renaming the service under the cursor everywhere in the project, or an error message. */
export function composeRename(analysis: Analysis, file: string, position: Position, newName: string): { edits: { path: string; range: Range; newText: string }[] } | { error: string } {
  const model = analysis.compose(file);
  const at = model && nameAt(model, position);
  if (!at || at.kind !== 'service') return { error: 'Put the cursor on a service name to rename it.' };
  if (!VALID_NAME.test(newName)) return { error: `\`${newName}\` is not a valid service name (letters, digits, \`_\`, \`.\`, \`-\`; starting with a letter or digit).` };
  if (newName !== at.name && projectFiles(analysis, file).some((f) => analysis.compose(f)?.services.some((s) => s.name === newName))) return { error: `A service \`${newName}\` already exists.` };
  return { edits: composeReferences(analysis, file, position, true).map((r) => ({ ...r, newText: newName })) };
}

// ---------------------------------------------------------------- links to files

export interface FileLink {
  range: Range;
  /** Workspace path of the target. */
  target: string;
  tooltip: string;
}

function fileReferenceAt(analysis: Analysis, file: string, model: ComposeModel, position: Position): FileLink | undefined {
  return composeLinks(analysis, file, model).find((l) => contains(l.range, position));
}

/** `build.dockerfile`, `env_file`, `extends.file` and `include` paths that exist in the workspace. */
export function composeLinks(analysis: Analysis, file: string, model = analysis.compose(file)): FileLink[] {
  if (!model) return [];
  const out: FileLink[] = [];
  const exists = (p: string | undefined): p is string => p !== undefined && analysis.readText(p) !== undefined;
  const relative = (p: string) => joinPath(dirName(file), p);
  for (const s of model.services) {
    if (s.build?.dockerfile && !s.build.dockerfileInline) {
      const target = dockerfileOf(file, { context: s.build.context, dockerfile: s.build.dockerfile });
      if (exists(target)) out.push({ range: s.build.dockerfile.range, target, tooltip: `Open ${target}` });
    } else if (s.build && s.build.contextRange) {
      const target = dockerfileOf(file, { context: s.build.context });
      if (exists(target) && contextOf(file, s.build.context) !== undefined) out.push({ range: s.build.contextRange, target, tooltip: `Open ${target}` });
    }
    for (const e of s.envFiles) {
      const target = relative(e.value);
      if (exists(target)) out.push({ range: e.range, target, tooltip: `Open ${target}` });
    }
    const ext = s.keys.get('extends')?.value;
    const extFile = entries(model.doc, ext).find((e) => e.key === 'file')?.value;
    if (s.extends?.file && extFile) {
      const target = relative(s.extends.file);
      const range = rangeOf(model, extFile as Node);
      if (exists(target) && range) out.push({ range, target, tooltip: `Open ${target}` });
    }
  }
  for (const inc of model.includes) {
    const target = relative(inc.value);
    if (exists(target)) out.push({ range: inc.range, target, tooltip: `Open ${target}` });
  }
  return out.map((l) => ({ ...l, range: unquoted(model, l.range) }));
}

function unquoted(model: ComposeModel, range: Range): Range {
  const start = model.lines.offsetAt(range.start);
  const end = model.lines.offsetAt(range.end);
  const q = model.text[start];
  if ((q === '"' || q === "'") && model.text[end - 1] === q && end - start >= 2) return { start: model.lines.positionAt(start + 1), end: model.lines.positionAt(end - 1) };
  return range;
}

// ---------------------------------------------------------------- formatting

export interface FormatOptions {
  tabSize: number;
}

/**
 * The document re-printed by the yaml Document API (comments, anchors and key order kept), or undefined when it
 * cannot be formatted safely (syntax errors) or is already formatted.
 */
export function formatCompose(text: string, options: FormatOptions): string | undefined {
  const docs = parseAllDocuments(text, { keepSourceTokens: false });
  if (!Array.isArray(docs) || docs.length === 0) return undefined;
  if (docs.some((d) => d.errors.length > 0)) return undefined;
  const indent = Math.max(1, Math.min(8, Math.floor(options.tabSize) || 2));
  const printed = docs.map((d) => d.toString({ indent, lineWidth: 0, minContentWidth: 0 })).join('');
  const result = printed.endsWith('\n') ? printed : printed + '\n';
  // Never hand back a text that means something else than the original.
  return result === text || !sameData(text, result) ? undefined : result;
}

/** Both texts hold the same data (the guard formatting passes before it edits anything). */
export function sameData(a: string, b: string): boolean {
  try {
    const x = parseAllDocuments(a).map((d) => JSON.stringify(d.toJS({ maxAliasCount: 200 })));
    const y = parseAllDocuments(b).map((d) => JSON.stringify(d.toJS({ maxAliasCount: 200 })));
    return x.length === y.length && x.every((v, i) => v === y[i]);
  } catch {
    return false;
  }
}
