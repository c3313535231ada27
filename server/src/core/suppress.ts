import { parseIgnoreDirectives } from './ignore';
import { comparePositions } from './text';
import type { Finding, TextEdit } from './types';
import { fileKind } from './workspace';

/**
 * Edits behind the "Disable DWxxx for this line / for this file" and "Fix all" code actions. Pure: text in,
 * edits out. The directives are the ones `ignore.ts` reads (`# dockwright-ignore DWxxx`, `# dockwright-ignore-file DWxxx`).
 */

const PARSER_DIRECTIVE = /^\s*#\s*([a-zA-Z][a-zA-Z0-9_-]*)\s*=\s*\S/;

function splitLines(text: string): string[] {
  return text.split(/\r?\n/);
}

function eol(text: string): string {
  return text.includes('\r\n') ? '\r\n' : '\n';
}

/** First line of the Dockerfile instruction a line belongs to (walking up over `\` / backtick continuations). */
function instructionStart(lines: string[], line: number): number {
  let n = line;
  while (n > 0 && /[\\`]\s*$/.test(lines[n - 1]) && !/^\s*#/.test(lines[n - 1])) n--;
  return n;
}

/** Where a finding on `line` can be silenced: the line the directive goes above, or undefined when none can. */
export function suppressLineEdit(path: string, text: string, line: number, code: string): TextEdit | undefined {
  const lines = splitLines(text);
  if (line < 0 || line >= lines.length) return undefined;
  const dockerfile = fileKind(path) === 'dockerfile';
  const target = dockerfile ? instructionStart(lines, line) : line;
  // A directive covers the next non-comment line, so a finding on a comment (or a parser directive, which must
  // stay first) cannot be silenced line by line: "for this file" still can.
  if (/^\s*#/.test(lines[target]) || !lines[target].trim()) return undefined;
  // Merge into a directive right above (`# dockwright-ignore DW107` → `… DW107 DW109`).
  const above = target > 0 ? parseIgnoreDirectives(lines[target - 1]).find((d) => !d.wholeFile) : undefined;
  if (above) {
    if (above.codes.length === 0 || above.codes.includes(code)) return undefined;
    const prev = lines[target - 1].replace(/\s+$/, '');
    return { range: { start: { line: target - 1, character: 0 }, end: { line: target - 1, character: lines[target - 1].length } }, newText: `${prev} ${code}` };
  }
  const indent = /^[ \t]*/.exec(lines[target])![0];
  // In YAML a directive above a `- item` keeps the dash's indentation.
  return { range: { start: { line: target, character: 0 }, end: { line: target, character: 0 } }, newText: `${indent}# dockwright-ignore ${code}${eol(text)}` };
}

/** Adds `code` to the file's `# dockwright-ignore-file` directive, or inserts one (after any Dockerfile parser directives). */
export function suppressFileEdit(path: string, text: string, code: string): TextEdit | undefined {
  const lines = splitLines(text);
  const existing = parseIgnoreDirectives(text).find((d) => d.wholeFile);
  if (existing) {
    if (existing.codes.length === 0 || existing.codes.includes(code)) return undefined;
    const l = lines[existing.line];
    return { range: { start: { line: existing.line, character: 0 }, end: { line: existing.line, character: l.length } }, newText: `${l.replace(/\s+$/, '')} ${code}` };
  }
  let at = 0;
  if (fileKind(path) === 'dockerfile') while (at < lines.length && PARSER_DIRECTIVE.test(lines[at])) at++;
  // A YAML document marker or directive stays first too.
  else while (at < lines.length && /^(%|---\s*$)/.test(lines[at])) at++;
  return { range: { start: { line: at, character: 0 }, end: { line: at, character: 0 } }, newText: `# dockwright-ignore-file ${code}${eol(text)}` };
}

/**
 * The edits of every finding's preferred fix that only edits `path` (no new files, no commands), without
 * overlaps: what "Fix all" and `source.fixAll.dockwright` apply. Findings whose fix would overlap an earlier one
 * are left for the next run.
 */
export function fixAllEdits(path: string, findings: Finding[], code?: string): { edits: TextEdit[]; fixed: number } {
  const taken: TextEdit[] = [];
  let fixed = 0;
  for (const f of findings) {
    if (f.file !== path || (code !== undefined && f.code !== code)) continue;
    const fix = f.fixes.find((x) => x.isPreferred) ?? (f.fixes.length === 1 ? f.fixes[0] : undefined);
    if (!fix || fix.command || fix.creates?.length || !fix.edits.length || fix.edits.some((e) => e.path !== path)) continue;
    const edits = fix.edits.flatMap((e) => e.edits);
    if (edits.some((e) => taken.some((t) => overlaps(e, t)))) continue;
    taken.push(...edits);
    fixed++;
  }
  taken.sort((a, b) => comparePositions(a.range.start, b.range.start));
  return { edits: taken, fixed };
}

function overlaps(a: TextEdit, b: TextEdit): boolean {
  // Two insertions at the same point would depend on order; treat them as overlapping too.
  return comparePositions(a.range.start, b.range.end) <= 0 && comparePositions(b.range.start, a.range.end) <= 0;
}
