import type * as SmolToml from 'smol-toml' with { 'resolution-mode': 'import' };
import { joinPath, type Workspace } from '../workspace';

// smol-toml also ships CommonJS (its `exports.require`); only its types are ESM-only (as in rust/cargo.ts).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { parse: parseToml } = require('smol-toml') as typeof SmolToml;

/** A lock file's dependency graph: for a package, every package it pulls in (itself included). */
export interface LockGraph {
  file: string;
  /** The package and everything it depends on, transitively; undefined when the lock file does not list it. */
  closure(name: string): Set<string> | undefined;
}

function graphOf(file: string, deps: Map<string, Set<string>>, norm: (s: string) => string = (s) => s): LockGraph {
  const memo = new Map<string, Set<string>>();
  return {
    file,
    closure(name: string) {
      const start = norm(name);
      if (!deps.has(start)) return undefined;
      const hit = memo.get(start);
      if (hit) return hit;
      const seen = new Set<string>([start]);
      const queue = [start];
      while (queue.length && seen.size < 20_000) {
        for (const d of deps.get(queue.shift()!) ?? []) {
          if (!seen.has(d)) {
            seen.add(d);
            queue.push(d);
          }
        }
      }
      memo.set(start, seen);
      return seen;
    },
  };
}

function firstExisting(workspace: Workspace, dirs: string[], names: string[]): string | undefined {
  for (const d of dirs) for (const n of names) {
    const p = joinPath(d, n);
    if (p !== undefined && workspace.exists(p)) return p;
  }
  return undefined;
}

/** Parsed lock files by workspace and path, reused while the text is the same (one parse for every program of an image). */
const lockCache = new WeakMap<Workspace, Map<string, { text: string; graph: LockGraph | undefined }>>();

function cached(workspace: Workspace, file: string, text: string, build: () => LockGraph | undefined): LockGraph | undefined {
  const perWs = lockCache.get(workspace) ?? lockCache.set(workspace, new Map()).get(workspace)!;
  const hit = perWs.get(file);
  if (hit && hit.text === text) return hit.graph;
  const graph = build();
  perWs.set(file, { text, graph });
  return graph;
}

/** package-lock.json (v1 `dependencies`/`requires`, v2/v3 `packages`) or npm-shrinkwrap.json of the project (or the context root). */
export function npmLockGraph(workspace: Workspace, projectDir: string, contextDir: string): LockGraph | undefined {
  const file = firstExisting(workspace, [projectDir, contextDir], ['package-lock.json', 'npm-shrinkwrap.json']);
  const text = file !== undefined ? workspace.readText(file) : undefined;
  if (!file || text === undefined || text.length > 40 * 1024 * 1024) return undefined;
  return cached(workspace, file, text, () => parseNpmLock(file, text));
}

function parseNpmLock(file: string, text: string): LockGraph | undefined {
  let json: { packages?: Record<string, { dependencies?: Record<string, string>; optionalDependencies?: Record<string, string>; peerDependencies?: Record<string, string> }>; dependencies?: Record<string, unknown> };
  try {
    json = JSON.parse(text);
  } catch {
    return undefined;
  }
  const deps = new Map<string, Set<string>>();
  const add = (name: string, list: Iterable<string>) => {
    const set = deps.get(name) ?? deps.set(name, new Set()).get(name)!;
    for (const d of list) set.add(d);
  };
  if (json.packages) {
    for (const [key, entry] of Object.entries(json.packages)) {
      const i = key.lastIndexOf('node_modules/');
      if (i < 0) continue;
      const name = key.slice(i + 'node_modules/'.length);
      add(name, [...Object.keys(entry?.dependencies ?? {}), ...Object.keys(entry?.optionalDependencies ?? {}), ...Object.keys(entry?.peerDependencies ?? {})]);
    }
  } else if (json.dependencies) {
    const walk = (tree: Record<string, unknown>, depth: number) => {
      if (depth > 30) return;
      for (const [name, entry] of Object.entries(tree)) {
        const e = entry as { requires?: Record<string, string>; dependencies?: Record<string, unknown> };
        add(name, Object.keys(e?.requires ?? {}));
        if (e?.dependencies) walk(e.dependencies, depth + 1);
      }
    };
    walk(json.dependencies, 0);
  }
  return graphOf(file, deps);
}

const normDist = (name: string) => name.toLowerCase().replace(/[-_.]+/g, '-');

/** poetry.lock or uv.lock of the project (or the context root): each package's dependencies, names normalised. */
export function pythonLockGraph(workspace: Workspace, projectDir: string, contextDir: string): LockGraph | undefined {
  const file = firstExisting(workspace, [projectDir, contextDir], ['uv.lock', 'poetry.lock', 'pdm.lock']);
  const text = file !== undefined ? workspace.readText(file) : undefined;
  if (!file || text === undefined || text.length > 40 * 1024 * 1024) return undefined;
  return cached(workspace, file, text, () => parsePythonLock(file, text));
}

function parsePythonLock(file: string, text: string): LockGraph | undefined {
  let doc: { package?: { name?: string; dependencies?: unknown; 'optional-dependencies'?: unknown }[] };
  try {
    doc = parseToml(text) as typeof doc;
  } catch {
    return undefined;
  }
  const deps = new Map<string, Set<string>>();
  for (const p of doc.package ?? []) {
    if (typeof p.name !== 'string') continue;
    const set = deps.get(normDist(p.name)) ?? deps.set(normDist(p.name), new Set()).get(normDist(p.name))!;
    const d = p.dependencies;
    // uv.lock / pdm.lock: [{ name = "x" }] (pdm: ["x>=1"]); poetry.lock: { x = ">=1" }.
    if (Array.isArray(d)) for (const x of d) set.add(normDist(typeof x === 'string' ? x.split(/[\s<>=!~;[]/)[0] : String((x as { name?: string }).name ?? '')));
    else if (d && typeof d === 'object') for (const k of Object.keys(d)) set.add(normDist(k));
  }
  return graphOf(file, deps, normDist);
}
