import { parseDocument, type Document, type Node, type Pair } from 'yaml';
import { collectionKey } from '../limits';
import { LineIndex } from '../text';
import { plainData } from './plainData';
import type { Range } from '../types';
import { deref, entries, entry, isMap, isScalar, isSeq, items, scalarText, toRange, type AnyNode, type Entry } from './yamlNodes';

/** Alias expansion cap for `toJS` (a billion-laughs document must not hang or eat memory). */
export const MAX_ALIAS_COUNT = 200;

export interface Located {
  value: string;
  range: Range;
  node: Node;
}

export interface BuildSpec {
  /** Context as written (default `.`). */
  context: string;
  contextRange?: Range;
  dockerfile?: Located;
  dockerfileInline: boolean;
  target?: Located;
  args: Record<string, string | undefined>;
  node: Node;
  range: Range;
  /** `build: ./dir` instead of a mapping. */
  short: boolean;
}

export interface PortMapping {
  raw: string;
  hostIp?: string;
  /** Published host port or range, if any. */
  published?: string;
  target: string;
  protocol: string;
  range: Range;
  node: Node;
}

export interface VolumeMount {
  type: 'volume' | 'bind' | 'tmpfs' | 'other';
  source?: string;
  target: string;
  readOnly: boolean;
  range: Range;
  node: Node;
}

export interface EnvVar {
  name: string;
  /** Undefined when the variable is passed through from the shell (`- NAME` or `NAME:` with no value). */
  value?: string;
  form: 'map' | 'list';
  /** The whole entry: the `KEY: value` pair or the list item. */
  range: Range;
  keyRange: Range;
  valueRange?: Range;
  node: Node;
  pair?: Pair;
}

export interface Dependency {
  name: string;
  condition: 'service_started' | 'service_healthy' | 'service_completed_successfully' | string;
  required: boolean;
  restart: boolean;
  form: 'list' | 'map';
  /** Range of the service name. */
  range: Range;
  node: Node;
  requiredRange?: Range;
}

export interface Healthcheck {
  test?: string[] | string;
  testRange?: Range;
  disabled: boolean;
  range: Range;
}

export interface CommandSpec {
  value: string[] | string;
  range: Range;
  /** The `command:` / `entrypoint:` key line, for removal. */
  pair: Pair;
}

export interface ComposeService {
  name: string;
  keyRange: Range;
  /** The whole `name: {...}` entry. */
  range: Range;
  node: AnyNode;
  pair: Pair;
  image?: Located;
  build?: BuildSpec;
  command?: CommandSpec;
  entrypoint?: CommandSpec;
  ports: PortMapping[];
  portsRange?: Range;
  expose: Located[];
  volumes: VolumeMount[];
  environment: EnvVar[];
  environmentNode?: AnyNode;
  envFiles: Located[];
  dependsOn: Dependency[];
  dependsOnNode?: AnyNode;
  healthcheck?: Healthcheck;
  profiles: Located[];
  profilesNode?: AnyNode;
  secrets: Located[];
  configs: Located[];
  networks: Located[];
  extends?: { service: string; file?: string; range: Range };
  /** Own keys of the service mapping, for lookups not modelled above. */
  keys: Map<string, Entry>;
}

export interface TopLevelItem {
  name: string;
  range: Range;
  external: boolean;
  pair: Pair;
}

export interface ComposeProblem {
  message: string;
  range: Range;
}

export interface ComposeModel {
  text: string;
  lines: LineIndex;
  doc: Document;
  /** YAML syntax errors and documents that could not be turned into data. */
  syntaxErrors: ComposeProblem[];
  /** Plain data with aliases and merge keys expanded, or undefined when it could not be built. */
  data: unknown;
  /** `data` is also the document's merge data (`plainData`): the merged project copies it instead of converting the nodes. */
  dataIsMergeData?: boolean;
  services: ComposeService[];
  servicesNode?: AnyNode;
  volumes: TopLevelItem[];
  volumesNode?: AnyNode;
  networks: TopLevelItem[];
  secrets: TopLevelItem[];
  configs: TopLevelItem[];
  includes: Located[];
}

/** How compose texts are parsed (the incremental re-parse parses single blocks with the same options). */
export const PARSE_OPTIONS = { merge: true, prettyErrors: false, uniqueKeys: true, keepSourceTokens: false } as const;

export function parseCompose(text: string): ComposeModel {
  const lines = new LineIndex(text);
  const doc = parseDocument(text, PARSE_OPTIONS);
  const syntaxErrors: ComposeProblem[] = doc.errors.map((e) => ({ message: e.message.split('\n')[0], range: { start: lines.positionAt(e.pos[0]), end: lines.positionAt(Math.max(e.pos[1], e.pos[0])) } }));
  const plain = plainData(doc);
  // A plain document has only scalar keys (no collection key to report) and is converted already.
  const data = plain ? plain.value : convertedData(doc, lines, syntaxErrors);
  const model = emptyModel(text, lines, doc, syntaxErrors, data);
  if (plain) model.dataIsMergeData = true;
  if (data === undefined) return model;
  try {
    fill(model);
  } catch (err) {
    // A shape we did not anticipate must not take the whole analysis down.
    syntaxErrors.push({ message: `Unexpected document shape: ${(err as Error).message}`, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } });
  }
  return model;
}

/** The data of a document that is not plain, or undefined (with the reason added to `syntaxErrors`). */
function convertedData(doc: Document, lines: LineIndex, syntaxErrors: ComposeProblem[]): unknown {
  const complexKey = collectionKey(doc);
  if (complexKey) {
    const range = toRange(lines, complexKey) ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    syntaxErrors.push({ message: 'A sequence or mapping is used as a mapping key; Compose does not accept that, so the document is not analysed further.', range });
    return undefined;
  }
  try {
    return doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (err) {
    syntaxErrors.push({ message: `The document cannot be read: ${(err as Error).message}`, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } });
    return undefined;
  }
}

/** A model with no services or top-level items yet (`fill` adds them). */
export function emptyModel(text: string, lines: LineIndex, doc: Document, syntaxErrors: ComposeProblem[], data: unknown): ComposeModel {
  return { text, lines, doc, syntaxErrors, data, services: [], volumes: [], networks: [], secrets: [], configs: [], includes: [] };
}

/**
 * The positional model of `model.doc`. `reuse` may hand back a service of an earlier model whose nodes and ranges
 * are still exact (the incremental re-parse keeps the services an edit did not touch); the rest is built here.
 */
export function fill(model: ComposeModel, reuse?: (e: Entry) => ComposeService | undefined): void {
  const { doc } = model;
  const r = (node: AnyNode | Pair) => toRange(model.lines, node as any) ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  const root = doc.contents;
  const services = entry(doc, root, 'services');
  model.servicesNode = services?.value;
  for (const e of entries(doc, services?.value)) model.services.push(reuse?.(e) ?? parseService(model, e, r));

  const topLevel = (key: string): TopLevelItem[] =>
    entries(doc, entry(doc, root, key)?.value).map((e) => ({
      name: e.key,
      range: r(e.keyNode),
      external: isMap(e.value) && /^(true|yes)$/i.test(scalarText(entry(doc, e.value, 'external')?.value) ?? ''),
      pair: e.pair,
    }));
  const volumes = entry(doc, root, 'volumes');
  model.volumesNode = volumes?.value;
  model.volumes = topLevel('volumes');
  model.networks = topLevel('networks');
  model.secrets = topLevel('secrets');
  model.configs = topLevel('configs');
  for (const item of items(doc, entry(doc, root, 'include')?.value)) {
    const path = scalarText(item) ?? scalarText(entry(doc, item, 'path')?.value) ?? scalarText(items(doc, entry(doc, item, 'path')?.value)[0]);
    if (path && item) model.includes.push({ value: path, range: r(item), node: item });
  }
}

function located(model: ComposeModel, node: AnyNode, r: (n: AnyNode) => Range): Located | undefined {
  const value = scalarText(node);
  return value !== undefined && node ? { value, range: r(node), node } : undefined;
}

function stringList(model: ComposeModel, node: AnyNode, r: (n: AnyNode) => Range): Located[] {
  const { doc } = model;
  if (isScalar(node)) {
    const one = located(model, node, r);
    return one ? [one] : [];
  }
  if (isSeq(node)) return items(doc, node).flatMap((i) => located(model, i, r) ?? located(model, entry(doc, i, 'source')?.value ?? entry(doc, i, 'path')?.value, r) ?? []);
  if (isMap(node)) return entries(doc, node).map((e) => ({ value: e.key, range: r(e.keyNode), node: e.keyNode }));
  return [];
}

function parseService(model: ComposeModel, e: Entry, r: (n: AnyNode | Pair) => Range): ComposeService {
  const { doc } = model;
  const node = e.value;
  const keys = new Map(entries(doc, node).map((x) => [x.key, x]));
  const get = (k: string) => keys.get(k)?.value;
  const service: ComposeService = {
    name: e.key,
    keyRange: r(e.keyNode),
    range: r(e.pair as any),
    node,
    pair: e.pair,
    ports: [],
    expose: [],
    volumes: [],
    environment: [],
    envFiles: [],
    dependsOn: [],
    profiles: [],
    secrets: [],
    configs: [],
    networks: [],
    keys,
  };
  const pairRange = (p: Pair): Range => {
    const start = toRange(model.lines, p.key as any)?.start ?? { line: 0, character: 0 };
    const end = toRange(model.lines, (p.value ?? p.key) as any)?.end ?? start;
    return { start, end };
  };
  service.range = { start: service.keyRange.start, end: node ? r(node).end : service.keyRange.end };
  service.image = located(model, get('image'), r);
  service.build = parseBuild(model, get('build'), r);
  for (const k of ['command', 'entrypoint'] as const) {
    const x = keys.get(k);
    if (!x || !x.value) continue;
    const value = isSeq(x.value) ? items(doc, x.value).map((i) => scalarText(i) ?? '') : scalarText(x.value);
    if (value !== undefined) service[k] = { value, range: r(x.value), pair: x.pair };
  }
  service.portsRange = get('ports') ? r(get('ports')) : undefined;
  for (const item of items(doc, get('ports'))) {
    const port = parsePort(model, item, r);
    if (port) service.ports.push(port);
  }
  service.expose = stringList(model, get('expose'), r);
  for (const item of items(doc, get('volumes'))) {
    const v = parseVolume(model, item, r);
    if (v) service.volumes.push(v);
  }
  service.environmentNode = get('environment');
  service.environment = parseEnvironment(model, get('environment'), r, pairRange);
  service.envFiles = stringList(model, get('env_file'), r);
  service.dependsOnNode = get('depends_on');
  service.dependsOn = parseDependsOn(model, get('depends_on'), r);
  service.healthcheck = parseHealthcheck(model, get('healthcheck'), r);
  service.profilesNode = get('profiles');
  service.profiles = stringList(model, get('profiles'), r);
  service.secrets = stringList(model, get('secrets'), r);
  service.configs = stringList(model, get('configs'), r);
  service.networks = stringList(model, get('networks'), r);
  const ext = get('extends');
  if (ext) {
    const name = scalarText(ext) ?? scalarText(entry(doc, ext, 'service')?.value);
    if (name) service.extends = { service: name, file: scalarText(entry(doc, ext, 'file')?.value), range: r(ext) };
  }
  return service;
}

function parseBuild(model: ComposeModel, node: AnyNode, r: (n: AnyNode) => Range): BuildSpec | undefined {
  const { doc } = model;
  if (!node) return undefined;
  if (isScalar(node)) {
    const context = scalarText(node) ?? '.';
    return { context, contextRange: r(node), dockerfileInline: false, args: {}, node, range: r(node), short: true };
  }
  if (!isMap(node)) return undefined;
  const ctx = entry(doc, node, 'context')?.value;
  const args: Record<string, string | undefined> = {};
  const argsNode = entry(doc, node, 'args')?.value;
  if (isMap(argsNode)) for (const a of entries(doc, argsNode)) args[a.key] = scalarText(a.value);
  else
    for (const item of items(doc, argsNode)) {
      const text = scalarText(item);
      if (!text) continue;
      const eq = text.indexOf('=');
      if (eq < 0) args[text] = undefined;
      else args[text.slice(0, eq)] = text.slice(eq + 1);
    }
  return {
    context: scalarText(ctx) ?? '.',
    contextRange: ctx ? r(ctx) : undefined,
    dockerfile: located(model, entry(doc, node, 'dockerfile')?.value, r),
    dockerfileInline: entry(doc, node, 'dockerfile_inline') !== undefined,
    target: located(model, entry(doc, node, 'target')?.value, r),
    args,
    node,
    range: r(node),
    short: false,
  };
}

const PORT_SHORT = /^(?:(?:\[([0-9a-fA-F:.]+)\]|([0-9]+(?:\.[0-9]+){3})):)?(?:([0-9$][^:]*):)?([0-9$][^/]*)(?:\/(\w+))?$/;

function parsePort(model: ComposeModel, node: AnyNode, r: (n: AnyNode) => Range): PortMapping | undefined {
  const { doc } = model;
  if (!node) return undefined;
  if (isMap(node)) {
    const target = scalarText(entry(doc, node, 'target')?.value);
    if (!target) return undefined;
    return {
      raw: target,
      hostIp: scalarText(entry(doc, node, 'host_ip')?.value),
      published: scalarText(entry(doc, node, 'published')?.value),
      target,
      protocol: scalarText(entry(doc, node, 'protocol')?.value) ?? 'tcp',
      range: r(node),
      node,
    };
  }
  const raw = scalarText(node);
  if (raw === undefined) return undefined;
  const m = PORT_SHORT.exec(raw.trim());
  if (!m) return { raw, target: raw, protocol: 'tcp', range: r(node), node };
  return { raw, hostIp: m[1] ?? m[2], published: m[3], target: m[4], protocol: m[5] ?? 'tcp', range: r(node), node };
}

function parseVolume(model: ComposeModel, node: AnyNode, r: (n: AnyNode) => Range): VolumeMount | undefined {
  const { doc } = model;
  if (!node) return undefined;
  if (isMap(node)) {
    const type = scalarText(entry(doc, node, 'type')?.value) ?? 'volume';
    const target = scalarText(entry(doc, node, 'target')?.value);
    if (!target) return undefined;
    return {
      type: type === 'volume' || type === 'bind' || type === 'tmpfs' ? type : 'other',
      source: scalarText(entry(doc, node, 'source')?.value),
      target,
      readOnly: /^(true|yes)$/i.test(scalarText(entry(doc, node, 'read_only')?.value) ?? ''),
      range: r(node),
      node,
    };
  }
  const raw = scalarText(node);
  if (raw === undefined) return undefined;
  const short = parseVolumeShort(raw);
  const range = r(node);
  // Not `{ ...short, range, node }`: a spread of an object literal is a slow copy on this hot path.
  return short.source === undefined ? { type: short.type, target: short.target, readOnly: short.readOnly, range, node } : { type: short.type, source: short.source, target: short.target, readOnly: short.readOnly, range, node };
}

/** `SOURCE:TARGET[:MODE]` or `TARGET` (anonymous volume). Windows drive letters are kept with their source. */
export function parseVolumeShort(raw: string): Pick<VolumeMount, 'type' | 'source' | 'target' | 'readOnly'> {
  const parts = raw.split(':');
  if (parts.length > 1 && /^[A-Za-z]$/.test(parts[0]) && /^[\\/]/.test(parts[1] ?? '')) parts.splice(0, 2, `${parts[0]}:${parts[1]}`);
  if (parts.length === 1) return { type: 'volume', target: parts[0], readOnly: false };
  const [source, target, mode = ''] = parts;
  const bind = /^[.~/\\$]|^[A-Za-z]:/.test(source);
  return { type: bind ? 'bind' : 'volume', source, target, readOnly: mode.split(',').includes('ro') };
}

function parseEnvironment(model: ComposeModel, node: AnyNode, r: (n: AnyNode) => Range, pairRange: (p: Pair) => Range): EnvVar[] {
  const { doc } = model;
  const out: EnvVar[] = [];
  if (isMap(node)) {
    for (const e of entries(doc, node)) {
      const value = e.value && !(isScalar(e.value) && e.value.value === null) ? scalarText(e.value) : undefined;
      out.push({
        name: e.key,
        value,
        form: 'map',
        range: pairRange(e.pair),
        keyRange: r(e.keyNode),
        valueRange: e.value && value !== undefined ? r(e.value) : undefined,
        node: e.keyNode,
        pair: e.pair,
      });
    }
  } else {
    for (const item of items(doc, node)) {
      const text = scalarText(item);
      if (text === undefined || !item) continue;
      const range = r(item);
      const eq = text.indexOf('=');
      const name = eq < 0 ? text : text.slice(0, eq);
      out.push({ name, value: eq < 0 ? undefined : text.slice(eq + 1), form: 'list', range, keyRange: range, valueRange: eq < 0 ? undefined : range, node: item });
    }
  }
  return out;
}

function parseDependsOn(model: ComposeModel, node: AnyNode, r: (n: AnyNode) => Range): Dependency[] {
  const { doc } = model;
  if (isMap(node)) {
    return entries(doc, node).map((e) => {
      const cond = scalarText(entry(doc, e.value, 'condition')?.value) ?? 'service_started';
      const req = entry(doc, e.value, 'required');
      const restart = scalarText(entry(doc, e.value, 'restart')?.value);
      return {
        name: e.key,
        condition: cond,
        required: !/^(false|no)$/i.test(scalarText(req?.value) ?? 'true'),
        restart: /^(true|yes)$/i.test(restart ?? ''),
        form: 'map' as const,
        range: r(e.keyNode),
        node: e.keyNode,
        requiredRange: req ? r(req.value) : undefined,
      };
    });
  }
  return items(doc, node).flatMap((item) => {
    const name = scalarText(item);
    return name && item ? [{ name, condition: 'service_started', required: true, restart: false, form: 'list' as const, range: r(item), node: item }] : [];
  });
}

function parseHealthcheck(model: ComposeModel, node: AnyNode, r: (n: AnyNode) => Range): Healthcheck | undefined {
  const { doc } = model;
  if (!isMap(node)) return undefined;
  const testNode = entry(doc, node, 'test')?.value;
  const test = isSeq(testNode) ? items(doc, testNode).map((i) => scalarText(i) ?? '') : scalarText(testNode);
  const disabled = /^(true|yes)$/i.test(scalarText(entry(doc, node, 'disable')?.value) ?? '') || (Array.isArray(test) && test[0] === 'NONE');
  return { test, testRange: testNode ? r(testNode) : undefined, disabled, range: r(node) };
}

/** The argv a healthcheck test runs (`CMD` form, or the shell words of `CMD-SHELL`/string form). */
export function healthcheckArgv(test: string[] | string | undefined): string[] {
  if (test === undefined) return [];
  if (typeof test === 'string') return test.trim().split(/\s+/).filter(Boolean);
  if (test[0] === 'CMD') return test.slice(1);
  if (test[0] === 'CMD-SHELL') return (test[1] ?? '').trim().split(/\s+/).filter(Boolean);
  if (test[0] === 'NONE') return [];
  return test;
}

export function serviceByName(model: ComposeModel, name: string): ComposeService | undefined {
  return model.services.find((s) => s.name === name);
}

export { deref };
