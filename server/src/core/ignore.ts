import type { Finding } from './types';

/**
 * Inline suppressions in Dockerfiles and compose files:
 *   `# dockwright-ignore DW107`        — the next instruction (or YAML line / block) only
 *   `# dockwright-ignore-file DW107`   — the whole file
 * Several codes may be separated by commas or spaces; without codes, every code is ignored.
 */
const DIRECTIVE = /^\s*#\s*dockwright-ignore(-file)?(?:\s+([A-Za-z0-9_,\s]*?))?\s*$/;

export interface IgnoreDirective {
  line: number;
  wholeFile: boolean;
  /** Upper-case codes; empty means every code. */
  codes: string[];
  /** Lines (inclusive) the directive covers. */
  from: number;
  to: number;
}

export function parseIgnoreDirectives(text: string): IgnoreDirective[] {
  if (!text.includes('dockwright-ignore')) return [];
  const lines = text.split(/\r?\n/);
  const out: IgnoreDirective[] = [];
  const limit = Math.min(lines.length, 200_000);
  for (let i = 0; i < limit; i++) {
    if (!lines[i].includes('dockwright-ignore')) continue;
    const m = DIRECTIVE.exec(lines[i]);
    if (!m) continue;
    const codes = (m[2] ?? '').split(/[\s,]+/).filter(Boolean).map((c) => c.toUpperCase());
    if (m[1]) {
      out.push({ line: i, wholeFile: true, codes, from: 0, to: lines.length });
      continue;
    }
    const { from, to } = nextBlock(lines, i + 1);
    out.push({ line: i, wholeFile: false, codes, from, to });
  }
  return out;
}

/** The next non-blank, non-comment line and its continuation lines (`\` / backtick) or deeper-indented YAML lines. */
function nextBlock(lines: string[], start: number): { from: number; to: number } {
  let i = start;
  while (i < lines.length && (/^\s*$/.test(lines[i]) || /^\s*#/.test(lines[i]))) i++;
  if (i >= lines.length) return { from: i, to: i };
  const from = i;
  const indent = /^\s*/.exec(lines[i])![0].length;
  let to = i;
  let heredoc = /<<-?\s*["']?([A-Za-z_][A-Za-z0-9_]*)/.exec(lines[i])?.[1];
  for (let guard = 0; to + 1 < lines.length && guard < 100_000; guard++) {
    const current = lines[to];
    const next = lines[to + 1];
    if (heredoc) {
      to++;
      if (next.trim() === heredoc) heredoc = undefined;
      continue;
    }
    const continued = /[\\`]\s*$/.test(current) || /^\s*#/.test(next) && /[\\`]\s*$/.test(lines[to]);
    const yamlChild = /:\s*(#.*)?$/.test(current.replace(/^\s*-\s*/, '')) && !/^\s*$/.test(next) && /^\s*/.exec(next)![0].length > indent;
    const yamlDeeper = to > from && !/^\s*$/.test(next) && /^\s*/.exec(next)![0].length > indent && /^\s*/.exec(current)![0].length > indent;
    if (continued || yamlChild || yamlDeeper) to++;
    else break;
  }
  return { from, to };
}

/** Drops findings in `file` that an inline directive in its text suppresses. */
export function applyInlineIgnores(text: string, findings: Finding[], file?: string): Finding[] {
  if (!text.includes('dockwright-ignore')) return findings;
  const directives = parseIgnoreDirectives(text);
  if (!directives.length) return findings;
  return findings.filter(
    (f) =>
      (file !== undefined && f.file !== file) ||
      !directives.some(
        (d) => (d.codes.length === 0 || d.codes.includes(f.code)) && f.range.start.line >= d.from && f.range.start.line <= d.to,
      ),
  );
}
