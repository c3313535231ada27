import type { DockwrightConfig } from './config';
import type { RuleMeta } from './rule';
import type { Finding, Severity } from './types';
import type { Workspace } from './workspace';

export const DEFAULT_MAX_FILE_BYTES = 2 * 1024 * 1024;

/** Anchors expanded when a YAML document is turned into data; past this the document is treated as hostile. */
export const MAX_YAML_ALIAS_COUNT = 100;

export const FILE_TOO_LARGE = 'DW090';
export const BINARY_FILE = 'DW091';

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

export type LimitProblem = { code: typeof FILE_TOO_LARGE; bytes: number; limit: number } | { code: typeof BINARY_FILE };

/**
 * Why a file must not be analysed, if it must not. The size comes from the workspace when it knows it (a file too
 * large to be read at all), otherwise from the text.
 */
export function limitProblem(workspace: Workspace, path: string, text: string | undefined, config: DockwrightConfig): LimitProblem | undefined {
  if (text !== undefined && typeof text !== 'string') return { code: BINARY_FILE };
  const limit = maxFileBytes(config);
  const bytes = text !== undefined && text.length * 3 <= limit ? text.length : text !== undefined ? utf8Length(text) : workspace.fileSize?.(path);
  if (bytes !== undefined && bytes > limit) return { code: FILE_TOO_LARGE, bytes, limit };
  if (text !== undefined && text.includes('\0')) return { code: BINARY_FILE };
  return undefined;
}

const MB = 1024 * 1024;
const size = (n: number) => (n >= MB ? `${(n / MB).toFixed(1)} MB` : `${Math.ceil(n / 1024)} KB`);

export function limitFinding(path: string, problem: LimitProblem, severity: Severity): Finding {
  const message =
    problem.code === FILE_TOO_LARGE
      ? `File too large, not analysed: ${size(problem.bytes)} is over the ${size(problem.limit)} limit (setting maxFileBytes / dockwright.maxFileSize).`
      : 'Binary file, not analysed: it contains NUL bytes.';
  return { file: path, code: problem.code, severity, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, message, fixes: [] };
}
