import type { FileKind } from './types';

/**
 * What the core may know about the outside world: a tree of text files.
 * Paths are workspace-relative and use forward slashes. Implementations live
 * outside core (file system, LSP open documents, in-memory for tests).
 */
export interface Workspace {
  /** All files below `dir` (default: the whole workspace), recursively, skipping ignored folders. */
  listFiles(dir?: string): string[];
  /** The text of a file, or undefined if it does not exist or cannot be read as text. */
  readText(path: string): string | undefined;
  exists(path: string): boolean;
  /** Size in bytes, when the implementation knows it without reading (files too large to read still have one). */
  fileSize?(path: string): number | undefined;
  /** Names of the entries of a folder (files and folders, ignored ones included), or undefined if it cannot be listed. */
  listDir?(dir: string): string[] | undefined;
}

const DOCKERFILE_NAME = /^(?:Dockerfile|Containerfile)(?:\..+)?$|\.(?:Dockerfile|Containerfile)$/i;
const COMPOSE_NAME = /^(?:docker-)?compose(?:[.-].*)?\.ya?ml$/i;

export function baseName(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? path : path.slice(i + 1);
}

export function dirName(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '' : path.slice(0, i);
}

/** A URL or git reference (`https://…`, `git@…`, `….git#ref`) where a build context or path is expected: not a workspace path. */
export function isRemoteReference(p: string): boolean {
  return /^[a-z]+:\/\/|^git@|\.git(#|$)/i.test(p);
}

/** Joins and normalises workspace-relative paths; returns undefined if the result escapes the root. */
export function joinPath(...parts: string[]): string | undefined {
  const out: string[] = [];
  for (const part of parts) {
    if (part.startsWith('/')) out.length = 0;
    for (const seg of part.split('/')) {
      if (seg === '' || seg === '.') continue;
      if (seg === '..') {
        if (out.length === 0) return undefined;
        out.pop();
      } else out.push(seg);
    }
  }
  return out.join('/');
}

export function fileKind(path: string): FileKind {
  const name = baseName(path);
  if (COMPOSE_NAME.test(name)) return 'compose';
  if (DOCKERFILE_NAME.test(name) && !/\.(?:ya?ml|json|md|txt|dockerignore)$/i.test(name)) return 'dockerfile';
  return 'other';
}

/** Folders no analysis should descend into. */
export const IGNORED_DIRS = new Set(['node_modules', '.git', '.hg', '.svn', '.vscode-test', 'dist', 'out', 'target', 'vendor']);

/** An in-memory workspace, used by tests and by the LSP overlay. */
export class MemoryWorkspace implements Workspace {
  private readonly files = new Map<string, string>();

  constructor(files: Record<string, string> = {}) {
    for (const [path, text] of Object.entries(files)) this.files.set(path, text);
  }

  set(path: string, text: string): void {
    this.files.set(path, text);
  }

  delete(path: string): void {
    this.files.delete(path);
  }

  listFiles(dir = ''): string[] {
    const prefix = dir ? dir.replace(/\/$/, '') + '/' : '';
    return [...this.files.keys()].filter((p) => p.startsWith(prefix)).sort();
  }

  readText(path: string): string | undefined {
    return this.files.get(path);
  }

  exists(path: string): boolean {
    if (this.files.has(path)) return true;
    const prefix = path.replace(/\/$/, '') + '/';
    for (const p of this.files.keys()) if (p.startsWith(prefix)) return true;
    return false;
  }
}

/**
 * What a file is from its content, for files whose name says nothing (`deploy/stack.yml`, `build/app.docker`): a
 * compose file has a top-level `services:` mapping; a Dockerfile starts (after comments and blank lines) with a parser
 * directive (`# syntax=`, `# escape=`, `# check=`) or a `FROM`/`ARG` instruction.
 */
export function kindFromContent(text: string): FileKind {
  if (text.includes('\0')) return 'other';
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  // Dockerfile: parser directives come first; then the first instruction.
  if (/^#\s*(syntax|escape|check)\s*=/i.test(lines[0] ?? '')) return 'dockerfile';
  const first = lines.find((l) => l.trim() !== '' && !/^\s*#/.test(l));
  if (first !== undefined && /^\s*(FROM|ARG)\s+\S/i.test(first)) return 'dockerfile';
  // Compose: `services:` at column 0 holding a mapping (indented keys on the next lines, or a flow mapping).
  for (let i = 0; i < lines.length; i++) {
    const m = /^services\s*:\s*(.*)$/.exec(lines[i]);
    if (!m) continue;
    const rest = m[1].replace(/\s+#.*$/, '').trim();
    if (rest.startsWith('{')) return 'compose';
    if (rest !== '' && !/^&\S+$/.test(rest)) continue;
    const next = lines.slice(i + 1).find((l) => l.trim() !== '' && !/^\s*#/.test(l));
    if (next !== undefined && /^\s+[^\s-][^:]*:(\s|$)/.test(next)) return 'compose';
  }
  return 'other';
}
