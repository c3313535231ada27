import { parse as parseYaml } from 'yaml';
import type { Finding } from './types';
import { dirName, joinPath, type Workspace } from './workspace';

/**
 * hadolint's suppressions, so a team switching from hadolint keeps its decisions:
 *   `# hadolint ignore=DL3008,DL3018`         on the line(s) right above an instruction: that instruction only
 *   `# hadolint global ignore=DL3008`          anywhere: the whole file
 *   `.hadolint.yaml` / `.hadolint.yml`         `ignored: [DL3008, …]` at the workspace root or next to the Dockerfile
 * Each hadolint code suppresses the Dockwright codes it maps to (HADOLINT_TO_DW; documented in docs/hadolint.md).
 * hadolint codes without a Dockwright counterpart suppress nothing.
 */
export const HADOLINT_TO_DW: Record<string, string[]> = {
  DL3000: ['DW135'], // Use absolute WORKDIR
  DL3002: ['DW107'], // Last USER should not be root
  DL3006: ['DW114'], // Always tag the version of an image explicitly
  DL3007: ['DW114'], // Using latest is prone to errors
  DL3009: ['DW106'], // Delete the apt-get lists after installing something
  DL3011: ['DW004'], // Valid UNIX ports range from 0 to 65535
  DL3012: ['DW007'], // Multiple HEALTHCHECK instructions
  DL3015: ['DW106'], // Avoid additional packages by specifying --no-install-recommends
  DL3019: ['DW106'], // Use the --no-cache switch (apk)
  DL3020: ['DW119'], // Use COPY instead of ADD for files and folders
  DL3022: ['DW115'], // COPY --from should reference a previously defined FROM alias
  DL3023: ['DW115'], // COPY --from cannot reference its own FROM alias
  DL3024: ['DW115'], // FROM aliases (stage names) must be unique
  DL3025: ['DW117'], // Use arguments JSON notation for CMD and ENTRYPOINT arguments
  DL3029: ['DW138'], // Do not use --platform flag with FROM
  DL3042: ['DW106'], // Avoid use of cache directory with pip (--no-cache-dir)
  DL3057: ['DW109'], // HEALTHCHECK instruction missing
  DL4000: ['DW134'], // MAINTAINER is deprecated
  DL4003: ['DW007'], // Multiple CMD instructions found
  DL4004: ['DW007'], // Multiple ENTRYPOINT instructions found
};

const INLINE = /^\s*#\s*hadolint\s+(global\s+)?ignore\s*=\s*([A-Za-z0-9_,\s]+?)\s*$/;
const CONFIG_FILES = ['.hadolint.yaml', '.hadolint.yml'];

export function dwCodesFor(hadolintCodes: Iterable<string>): Set<string> {
  const out = new Set<string>();
  for (const c of hadolintCodes) for (const dw of HADOLINT_TO_DW[c.trim().toUpperCase()] ?? []) out.add(dw);
  return out;
}

const configCache = new Map<string, Set<string>>();

/** The DW codes a `.hadolint.yaml` text's `ignored:` list suppresses; bad YAML suppresses nothing. */
export function hadolintConfigIgnores(text: string): Set<string> {
  const hit = configCache.get(text);
  if (hit) return hit;
  let codes = new Set<string>();
  try {
    const doc = parseYaml(text, { maxAliasCount: 20 }) as { ignored?: unknown } | null;
    const ignored = doc && typeof doc === 'object' ? doc.ignored : undefined;
    if (Array.isArray(ignored)) codes = dwCodesFor(ignored.filter((c): c is string => typeof c === 'string'));
  } catch {
    codes = new Set();
  }
  if (configCache.size > 32) configCache.clear();
  configCache.set(text, codes);
  return codes;
}

interface InlineIgnore {
  codes: Set<string>;
  /** First and last line of the instruction the comment stands above; undefined for `global`. */
  from?: number;
  to?: number;
}

function inlineIgnores(text: string): InlineIgnore[] {
  if (!text.includes('hadolint')) return [];
  const lines = text.split(/\r?\n/);
  const out: InlineIgnore[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!lines[i].includes('hadolint')) continue;
    const m = INLINE.exec(lines[i]);
    if (!m) continue;
    const codes = dwCodesFor(m[2].split(/[\s,]+/).filter(Boolean));
    if (m[1]) {
      out.push({ codes });
      continue;
    }
    // hadolint: the comment applies to the next instruction (other comment lines may stand between).
    let from = i + 1;
    while (from < lines.length && /^\s*(#.*)?$/.test(lines[from])) from++;
    let to = from;
    while (to + 1 < lines.length && /\\\s*$/.test(lines[to])) to++;
    out.push({ codes, from, to });
  }
  return out;
}

/** Drops findings of `file` that hadolint comments in its text or a `.hadolint.yaml` suppress. */
export function applyHadolintIgnores(text: string, findings: Finding[], file: string, workspace: Workspace): Finding[] {
  if (!findings.length) return findings;
  const global = new Set<string>();
  for (const dir of new Set(['', dirName(file)])) {
    for (const name of CONFIG_FILES) {
      const path = joinPath(dir, name);
      const config = path === undefined || !workspace.exists(path) ? undefined : workspace.readText(path);
      if (config !== undefined) for (const c of hadolintConfigIgnores(config)) global.add(c);
    }
  }
  const inline = inlineIgnores(text);
  if (!global.size && !inline.length) return findings;
  return findings.filter((f) => {
    if (f.file !== file) return true;
    if (global.has(f.code)) return false;
    const line = f.range.start.line;
    return !inline.some((d) => d.codes.has(f.code) && (d.from === undefined || (line >= d.from && line <= d.to!)));
  });
}
