/**
 * Which compose files a repository combines with `docker compose -f a.yml -f b.yml`, found in the places people write
 * it down: the compose files' own header comments, Makefiles, shell scripts, CI workflows, task runners, and
 * `COMPOSE_FILE` in `.env`. Pure: texts in, ordered file sets out.
 */
import { baseName, dirName, joinPath } from '../workspace';

export interface ComposeFileSet {
  /** Workspace paths in `-f` order (files that do not exist in the workspace are left out). */
  files: string[];
  /** The file the set was read from. */
  source: string;
}

const EVIDENCE_NAME = /^(?:GNUmakefile|Makefile|makefile|justfile|Justfile|Taskfile\.ya?ml|\.gitlab-ci\.ya?ml|\.env)$|\.(?:mk|sh|bash|ps1)$/;

/** Files that may say which compose files go together (compose files themselves are read for their header comment). */
export function isFileSetEvidence(path: string): boolean {
  return EVIDENCE_NAME.test(baseName(path)) || /(^|\/)\.github\/workflows\/[^/]+\.ya?ml$/.test(path);
}

/** A compose command on a (continuation-joined) line: `docker compose`, `docker-compose`, `podman compose`, `podman-compose`. */
const COMPOSE_COMMAND = /\b(?:docker|podman)[ -]compose\b/;
const FILE_FLAG = /(?:^|\s)(?:-f|--file)(?:=|\s+)(["']?)([^\s"';|&)`]+)\1/g;

/** The `-f` lists of every compose command in a text (continuation lines joined; `$VAR` entries dropped). */
export function fileFlagLists(text: string): string[][] {
  const lists: string[][] = [];
  const joined = text.replace(/\\\r?\n/g, ' ');
  for (const line of joined.split(/\r?\n/)) {
    const at = line.search(COMPOSE_COMMAND);
    if (at < 0) continue;
    const names: string[] = [];
    for (const m of line.slice(at).matchAll(FILE_FLAG)) {
      const name = m[2];
      if (name.includes('$') || name.includes('{') || name === '-') continue;
      names.push(name);
    }
    if (names.length >= 2) lists.push(names);
  }
  return lists;
}

/** `COMPOSE_FILE=a.yml:b.yml` in a `.env` file (the separator is `COMPOSE_PATH_SEPARATOR`, `:` by default; `;` is accepted too). */
function composeFileVariable(text: string): string[][] {
  const sep = /^\s*COMPOSE_PATH_SEPARATOR\s*=\s*["']?([^"'\s]+)/m.exec(text)?.[1];
  const m = /^\s*(?:export\s+)?COMPOSE_FILE\s*=\s*["']?([^"'\r\n#]+)/m.exec(text);
  if (!m) return [];
  const names = m[1].trim().split(sep ?? /[:;]/).map((s) => s.trim()).filter((s) => s && !s.includes('$'));
  return names.length >= 2 ? [names] : [];
}

/** Comment lines at the top of a compose file (before its first key). */
function headerComment(text: string): string {
  const out: string[] = [];
  // Line by line up to the first key, not `text.split`: this runs on every compose text whenever the file sets are recomputed.
  for (let start = 0; start <= text.length; ) {
    const newline = text.indexOf('\n', start);
    const end = newline < 0 ? text.length : newline;
    const line = text.slice(start, newline > start && text.charCodeAt(newline - 1) === 13 ? newline - 1 : end);
    start = end + 1;
    if (/^\s*#/.test(line)) out.push(line.replace(/^\s*#\s?/, ''));
    else if (line.trim() === '' || line.trim() === '---') continue;
    else break;
  }
  return out.join('\n');
}

/**
 * Resolves the names of one `-f` list to workspace files. Names resolve against the evidence file's folder; when that
 * finds fewer of them than another folder does (a workflow step with `working-directory:`, a script that `cd`s), the
 * folder where most of the names exist wins. Needs at least two existing files.
 */
function resolveList(names: string[], from: string, exists: (path: string) => boolean, folders: string[]): string[] | undefined {
  const resolveIn = (dir: string) => names.map((n) => joinPath(dir, n)).filter((p): p is string => p !== undefined && exists(p));
  let best = resolveIn(from);
  if (best.length < names.length) {
    for (const dir of folders) {
      if (dir === from) continue;
      const found = resolveIn(dir);
      if (found.length > best.length) best = found;
    }
  }
  const unique = [...new Set(best)];
  return unique.length >= 2 ? unique : undefined;
}

/**
 * Every compose file set written down in the workspace. `texts` holds the evidence files and the compose files;
 * `exists` tells whether a workspace path is a file.
 */
export function findComposeFileSets(texts: Map<string, string>, composeFiles: string[], exists: (path: string) => boolean): ComposeFileSet[] {
  const folders = [...new Set(composeFiles.map(dirName))];
  const sets: ComposeFileSet[] = [];
  const seen = new Set<string>();
  const add = (names: string[], from: string, source: string) => {
    const files = resolveList(names, from, exists, folders);
    if (!files) return;
    const key = files.join('\u0000');
    if (seen.has(key)) return;
    seen.add(key);
    sets.push({ files, source });
  };
  // The compose files' own header comments first: the author says how the file is meant to be used.
  for (const file of composeFiles) {
    const text = texts.get(file);
    if (text === undefined) continue;
    for (const names of fileFlagLists(headerComment(text))) add(names, dirName(file), file);
  }
  for (const [file, text] of texts) {
    if (composeFiles.includes(file)) continue;
    const lists = baseName(file) === '.env' ? composeFileVariable(text) : fileFlagLists(text);
    for (const names of lists) add(names, dirName(file), file);
  }
  return sets;
}

const DEFAULT_COMPOSE_NAMES = new Set(['compose.yaml', 'compose.yml', 'docker-compose.yaml', 'docker-compose.yml']);

/** Variable assignments in a runner's text: shell `VAR=…`/`export VAR=…` (also `echo "VAR=…" >> $GITHUB_ENV`), Make `VAR ?= …`, YAML `VAR: …` (workflow `env:`), `-e VAR`. */
const ASSIGNMENT = [/(?:^|[\s;&|("'])(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*[:?+]?=/gm, /^\s*-?\s*([A-Za-z_][A-Za-z0-9_]*):[ \t]*\S/gm, /(?:^|\s)(?:-e|--env)[ =]["']?([A-Za-z_][A-Za-z0-9_]*)/gm];

/**
 * Variables that the repository's runners (Makefiles, scripts, CI workflows, task files) set where they use the compose
 * file `composePath`: each name with the file that sets it. A runner uses the file when its text names it by
 * workspace path or by a path relative to the runner's folder (or by base name, when that is not a default name such as
 * `compose.yaml` that many folders share). Pure: texts in.
 */
export function runnerVariables(texts: Map<string, string>, composePath: string): Map<string, string> {
  const out = new Map<string, string>();
  const name = baseName(composePath);
  for (const [file, text] of texts) {
    if (!isFileSetEvidence(file) || baseName(file) === '.env' || file === composePath) continue;
    const dir = dirName(file);
    const relative = dir && composePath.startsWith(dir + '/') ? composePath.slice(dir.length + 1) : undefined;
    const mentions = text.includes(composePath) || (relative !== undefined && text.includes(relative)) || (!DEFAULT_COMPOSE_NAMES.has(name) && text.includes(name));
    if (!mentions) continue;
    for (const re of ASSIGNMENT) for (const m of text.matchAll(re)) if (!out.has(m[1])) out.set(m[1], file);
  }
  return out;
}
