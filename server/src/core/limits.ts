import { isCollection, isPair, type Document, type Node } from 'yaml';
import type { DockwrightConfig } from './config';
import type { RuleMeta } from './rule';
import type { FileKind, Finding, Severity } from './types';
import { fileKind, type Workspace } from './workspace';

export const DEFAULT_MAX_FILE_BYTES = 2 * 1024 * 1024;

/** Anchors expanded when a YAML document is turned into data; past this the document is treated as hostile. */
export const MAX_YAML_ALIAS_COUNT = 100;

export const FILE_TOO_LARGE = 'DW090';
export const BINARY_FILE = 'DW091';
export const LINE_TOO_COMPLEX = 'DW092';

/**
 * Work budget for one Dockerfile line: escape characters × line length. dockerfile-ast and dockerfile-utils scan from
 * every escape character inside a `${…}` to the end of its line, so a line with thousands of backslashes costs
 * seconds (20,000 in one `FROM` line: 12 s of CPU). Real lines are far below: 200 escapes in a 10,000-character line.
 */
export const MAX_LINE_ESCAPE_WORK = 2_000_000;

/** Diagnostics about files Dockwright refuses to analyse. They are not rules, but they can be re-levelled or turned off. */
export const limitMeta: RuleMeta[] = [
  {
    code: FILE_TOO_LARGE,
    title: 'File too large, not analysed',
    defaultSeverity: 'warning',
    description:
      'Files larger than `maxFileBytes` (default 2 MB; `.dockwright.json` `maxFileBytes`, VS Code setting `dockwright.maxFileSize`) ' +
      'are skipped so a generated or hostile file cannot stall the editor. No other finding is reported for the file.',
    fixTitles: [],
  },
  {
    code: BINARY_FILE,
    title: 'Binary file, not analysed',
    defaultSeverity: 'warning',
    description:
      'The file has the name of a Dockerfile or compose file but contains NUL bytes, so it is not text. It is skipped; no other finding is reported for it.',
    fixTitles: [],
  },
  {
    code: LINE_TOO_COMPLEX,
    title: 'Line too complex, not analysed',
    defaultSeverity: 'warning',
    description:
      'A Dockerfile line with `${…}` variables and thousands of escape characters (`\\` or the `# escape=` character) would take the ' +
      'Dockerfile parser seconds of CPU (its work grows with escapes × line length). The file is skipped; no other finding is reported for it.',
    fixTitles: [],
  },
];

export function maxFileBytes(config: DockwrightConfig): number {
  return config.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
}

/** UTF-8 length of a string without allocating it. */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

export type LimitProblem =
  | { code: typeof FILE_TOO_LARGE; bytes: number; limit: number }
  | { code: typeof BINARY_FILE }
  | { code: typeof LINE_TOO_COMPLEX; line: number; escapes: number; length: number };

/** The first Dockerfile line whose escape characters × length exceed MAX_LINE_ESCAPE_WORK, if any (cheap: one pass over line ends). */
export function tooComplexLine(text: string): { line: number; escapes: number; length: number } | undefined {
  // The expensive scan only happens inside `${…}`; without one, no line can trigger it.
  if (!text.includes('${')) return undefined;
  const minLength = Math.sqrt(MAX_LINE_ESCAPE_WORK);
  // The parser's scan stops at '\n' only (a lone '\r' does not end it), so lines are split the same way.
  for (let start = 0, line = 0; start <= text.length; line++) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const length = end - start;
    if (length > minLength) {
      let escapes = 0;
      for (let i = start; i < end; i++) {
        const c = text.charCodeAt(i);
        if (c === 0x5c || c === 0x60) escapes++;
      }
      if (escapes * length > MAX_LINE_ESCAPE_WORK) return { line, escapes, length };
    }
    start = end + 1;
  }
  return undefined;
}

/**
 * Why a file must not be analysed, if it must not. The size comes from the workspace when it knows it (a file too
 * large to be read at all), otherwise from the text.
 */
export function limitProblem(
  workspace: Workspace,
  path: string,
  text: string | undefined,
  config: DockwrightConfig,
  kind: FileKind = fileKind(path),
): LimitProblem | undefined {
  if (text !== undefined && typeof text !== 'string') return { code: BINARY_FILE };
  const limit = maxFileBytes(config);
  const bytes = text !== undefined && text.length * 3 <= limit ? text.length : text !== undefined ? utf8Length(text) : workspace.fileSize?.(path);
  if (bytes !== undefined && bytes > limit) return { code: FILE_TOO_LARGE, bytes, limit };
  if (text !== undefined && text.includes('\0')) return { code: BINARY_FILE };
  const complex = kind === 'dockerfile' && text !== undefined ? tooComplexLine(text) : undefined;
  if (complex) return { code: LINE_TOO_COMPLEX, ...complex };
  return undefined;
}

const MB = 1024 * 1024;
const size = (n: number) => (n >= MB ? `${(n / MB).toFixed(1)} MB` : `${Math.ceil(n / 1024)} KB`);

export function limitFinding(path: string, problem: LimitProblem, severity: Severity): Finding {
  let message: string;
  let line = 0;
  if (problem.code === FILE_TOO_LARGE) message = `File too large, not analysed: ${size(problem.bytes)} is over the ${size(problem.limit)} limit (setting maxFileBytes / dockwright.maxFileSize).`;
  else if (problem.code === BINARY_FILE) message = 'Binary file, not analysed: it contains NUL bytes.';
  else {
    line = problem.line;
    message =
      `Line too complex, not analysed: line ${problem.line + 1} has ${problem.escapes} escape characters in ${problem.length} characters, ` +
      'too many for the Dockerfile parser with ${…} variables in the file. The file is skipped.';
  }
  return { file: path, code: problem.code, severity, range: { start: { line, character: 0 }, end: { line, character: 0 } }, message, fixes: [] };
}

/**
 * The first mapping key that is a sequence or a mapping. Compose rejects such documents, and turning them into data
 * stringifies the key, which costs seconds for a deeply nested or wide key (800 nested `[`: 1.8 s of CPU).
 */
export function collectionKey(doc: Document): Node | undefined {
  // A plain walk in the order yaml's `visit` goes (pair key checked, then its key and value descended), without
  // `visit`'s per-node frozen path arrays: this runs on every compose parse.
  const walk = (node: unknown): Node | undefined => {
    if (isPair(node)) {
      if (isCollection(node.key)) return node.key;
      return walk(node.key) ?? walk(node.value);
    }
    if (isCollection(node)) {
      for (const item of node.items as unknown[]) {
        const found = walk(item);
        if (found) return found;
      }
    }
    return undefined;
  };
  try {
    return walk(doc.contents);
  } catch {
    // Nesting deep enough to overflow the stack: the caller's own guards report it.
    return undefined;
  }
}
