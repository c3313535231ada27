import type { Workspace } from '../workspace';

/** What one source file says about what it needs. */
export interface FileFacts {
  /** Import specifiers written as literals (`'./db'`, `'sharp'`, `app.tasks`). */
  imports: string[];
  /** Imports whose target is computed at run time (`require(name)`, `importlib.import_module(x)`), as written. */
  computed: string[];
  /** The file starts processes (child_process, execa, subprocess, os.system…). */
  runsProcess: boolean;
  /** Tool names of the needs table that the file's string literals start with (only read when runsProcess). */
  toolLiterals: string[];
  /** A process call whose command is not a literal (`spawn(cmd)`), as written. */
  computedCommands: string[];
}

/** Where an import specifier leads: a file of the tree, a third-party package, the standard library, or nowhere. */
export type Resolution = { file: string } | { external: string } | { builtin: true } | { unresolved: string };

export interface GraphBounds {
  maxFiles: number;
  maxBytes: number;
}

export const DEFAULT_BOUNDS: GraphBounds = { maxFiles: 3000, maxBytes: 24 * 1024 * 1024 };

/** The files a program's entry reaches and what they need. */
export interface ImportGraph {
  entry: string;
  files: string[];
  /** Third-party packages imported by the program's own files → the first file importing each. */
  external: Map<string, string>;
  /** Tools (by name) its files start → the first file naming each. */
  tools: Map<string, string>;
  /** Why the graph may miss something (computed imports, unresolved local imports, computed commands). */
  unknowns: string[];
  /** Set when the bound on files or bytes was hit: the graph is then incomplete. */
  boundHit?: string;
  /** importing file of each reached file (for chains in reasons). */
  parent: Map<string, string>;
}

/** The chain of files from the entry to `file` (`src/worker.ts → src/jobs/transcode.ts`). */
export function chainTo(graph: ImportGraph, file: string): string[] {
  const chain = [file];
  for (let f = graph.parent.get(file); f !== undefined && chain.length < 12; f = graph.parent.get(f)) chain.unshift(f);
  return chain;
}

/**
 * Walks the import graph from `entry` (a workspace file), breadth first, within `bounds`. `scan` reads one file's
 * facts, `resolve` maps a specifier imported by a file to where it leads. Pure: reads only through `workspace`.
 */
export function walkImports(
  workspace: Workspace,
  entry: string | string[],
  scan: (text: string, file: string) => FileFacts,
  resolve: (spec: string, from: string) => Resolution[],
  bounds: GraphBounds = DEFAULT_BOUNDS,
): ImportGraph {
  const entries = Array.isArray(entry) ? entry : [entry];
  const graph: ImportGraph = { entry: entries[entries.length - 1], files: [], external: new Map(), tools: new Map(), unknowns: [], parent: new Map() };
  const seen = new Set<string>(entries);
  const queue = [...entries];
  let bytes = 0;
  while (queue.length) {
    const file = queue.shift()!;
    if (graph.files.length >= bounds.maxFiles) {
      graph.boundHit = `its import graph has more than ${bounds.maxFiles} files`;
      break;
    }
    const text = workspace.readText(file);
    if (text === undefined) {
      graph.unknowns.push(`${file} cannot be read`);
      continue;
    }
    bytes += text.length;
    if (bytes > bounds.maxBytes) {
      graph.boundHit = `its import graph has more than ${Math.round(bounds.maxBytes / 1024 / 1024)} MB of source`;
      break;
    }
    graph.files.push(file);
    const facts = scan(text, file);
    for (const c of facts.computed) graph.unknowns.push(`${file} imports a module whose name is computed (${c})`);
    if (facts.runsProcess) {
      for (const t of facts.toolLiterals) if (!graph.tools.has(t)) graph.tools.set(t, file);
      if (facts.computedCommands.length && !facts.toolLiterals.length) graph.unknowns.push(`${file} runs a command whose name is computed (${facts.computedCommands[0]})`);
    }
    for (const spec of facts.imports) {
      for (const r of resolve(spec, file)) {
        if ('file' in r) {
          if (!seen.has(r.file)) {
            seen.add(r.file);
            graph.parent.set(r.file, file);
            queue.push(r.file);
          }
        } else if ('external' in r) {
          if (!graph.external.has(r.external)) graph.external.set(r.external, file);
        } else if ('unresolved' in r) graph.unknowns.push(`${file} imports ${r.unresolved}, which is not in the tree`);
      }
    }
  }
  return graph;
}

/** The first word of a string literal, when it names a tool of the table (`'ffmpeg -i …'`, `'/usr/bin/convert'`). */
export function toolOfLiteral(value: string, tools: ReadonlySet<string> | Map<string, unknown>): string | undefined {
  const first = value.trim().split(/\s+/)[0] ?? '';
  const name = first.split('/').pop() ?? '';
  return tools.has(name) && (first === name || first.startsWith('/')) ? name : undefined;
}
