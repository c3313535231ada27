/** What the analysis reads from one Go source file: package name, imports, build constraint, cgo preamble. */
export interface GoFileInfo {
  packageName?: string;
  imports: string[];
  /** `//go:build` expression, if any (the legacy `// +build` lines are folded into it). */
  buildConstraint?: string;
  importsC: boolean;
  /** `#cgo pkg-config: a b` names in the cgo preamble. */
  pkgConfig: string[];
  /** `#cgo LDFLAGS: -lfoo` library names. */
  linkedLibs: string[];
}

/**
 * Reads the header of a Go file (everything up to the first declaration after the imports).
 * A small scanner, not a Go parser: it understands comments, strings and import declarations, which is all that is needed.
 */
export function readGoFile(text: string): GoFileInfo {
  const info: GoFileInfo = { imports: [], importsC: false, pkgConfig: [], linkedLibs: [] };
  let i = 0;
  const n = Math.min(text.length, 1_000_000);
  let lastComment = '';
  let sawPackage = false;
  const legacyBuild: string[] = [];

  const skipSpaceAndComments = (): void => {
    while (i < n) {
      const c = text[i];
      if (c === ' ' || c === '\t' || c === '\r' || c === '\n' || c === ';') {
        i++;
      } else if (text.startsWith('//', i)) {
        const end = text.indexOf('\n', i);
        const line = text.slice(i, end < 0 ? n : end);
        if (!sawPackage) {
          const m = /^\/\/go:build\s+(.+)$/.exec(line.trim());
          if (m) info.buildConstraint = m[1].trim();
          const legacy = /^\/\/\s*\+build\s+(.+)$/.exec(line.trim());
          if (legacy) legacyBuild.push(legacy[1].trim());
        }
        lastComment += line.slice(2) + '\n';
        i = end < 0 ? n : end + 1;
      } else if (text.startsWith('/*', i)) {
        const end = text.indexOf('*/', i + 2);
        lastComment += text.slice(i + 2, end < 0 ? n : end) + '\n';
        i = end < 0 ? n : end + 2;
      } else break;
    }
  };
  const word = (): string => {
    const m = /^[A-Za-z_][A-Za-z0-9_]*|^\./.exec(text.slice(i, i + 200));
    if (!m) return '';
    i += m[0].length;
    return m[0];
  };
  const str = (): string | undefined => {
    const q = text[i];
    if (q !== '"' && q !== '`') return undefined;
    let j = i + 1;
    let out = '';
    while (j < n && text[j] !== q) {
      if (q === '"' && text[j] === '\\') j++;
      out += text[j] ?? '';
      j++;
    }
    i = j + 1;
    return out;
  };
  const importSpec = (): boolean => {
    skipSpaceAndComments();
    const preamble = lastComment;
    if (text[i] !== '"' && text[i] !== '`') {
      if (!word()) return false;
      skipSpaceAndComments();
    }
    const path = str();
    if (path === undefined) return false;
    if (path === 'C') {
      info.importsC = true;
      readCgoPreamble(preamble, info);
    } else info.imports.push(path);
    lastComment = '';
    return true;
  };

  skipSpaceAndComments();
  if (word() !== 'package') return info;
  sawPackage = true;
  skipSpaceAndComments();
  info.packageName = word() || undefined;
  for (let guard = 0; guard < 10_000 && i < n; guard++) {
    lastComment = '';
    skipSpaceAndComments();
    const start = i;
    if (word() !== 'import') {
      i = start;
      break;
    }
    lastComment = lastComment || '';
    const before = lastComment;
    skipSpaceAndComments();
    if (text[i] === '(') {
      i++;
      for (let g = 0; g < 10_000; g++) {
        skipSpaceAndComments();
        if (i >= n || text[i] === ')') {
          i++;
          break;
        }
        if (!importSpec()) break;
      }
    } else {
      lastComment = before + lastComment;
      importSpec();
    }
  }
  if (!info.buildConstraint && legacyBuild.length) info.buildConstraint = legacyBuild.map((l) => `(${l.split(/\s+/).map((alt) => alt.split(',').join(' && ')).join(' || ')})`).join(' && ');
  return info;
}

/** The comment right before `import "C"` is the cgo preamble. */
function readCgoPreamble(comment: string, info: GoFileInfo): void {
  for (const line of comment.split('\n')) {
    const m = /^\s*#cgo\s+(?:[^:]*\s)?(pkg-config|LDFLAGS):\s*(.*)$/.exec(line);
    if (!m) continue;
    if (m[1] === 'pkg-config') info.pkgConfig.push(...m[2].split(/\s+/).filter((w) => w && !w.startsWith('-')));
    else for (const flag of m[2].split(/\s+/)) if (flag.startsWith('-l') && flag.length > 2) info.linkedLibs.push(flag.slice(2));
  }
}

const KNOWN_OS = new Set(['aix', 'android', 'darwin', 'dragonfly', 'freebsd', 'hurd', 'illumos', 'ios', 'js', 'linux', 'nacl', 'netbsd', 'openbsd', 'plan9', 'solaris', 'wasip1', 'windows', 'zos']);
const KNOWN_ARCH = new Set(['386', 'amd64', 'arm', 'arm64', 'loong64', 'mips', 'mipsle', 'mips64', 'mips64le', 'ppc64', 'ppc64le', 'riscv64', 's390x', 'wasm', 'sparc64']);

/** Which tags hold for a Linux container build: linux, unix, any architecture (images are built for several), the -tags given, cgo when enabled. */
export function tagHolds(tag: string, tags: Set<string>, cgo: boolean): boolean {
  if (tag === 'linux' || tag === 'unix' || tag === 'gc') return true;
  if (tag === 'cgo') return cgo;
  if (/^go1\.\d+$/.test(tag)) return true;
  if (KNOWN_OS.has(tag)) return false;
  if (KNOWN_ARCH.has(tag)) return true;
  return tags.has(tag);
}

/** Evaluates a `//go:build` expression. Unparseable expressions count as true (keep, never drop on a guess). */
export function evalConstraint(expr: string, tags: Set<string>, cgo: boolean): boolean {
  const tokens = expr.match(/!|&&|\|\||\(|\)|[A-Za-z0-9_.]+/g) ?? [];
  let pos = 0;
  const primary = (): boolean => {
    const t = tokens[pos++];
    if (t === '!') return !primary();
    if (t === '(') {
      const v = or();
      pos++;
      return v;
    }
    return t === undefined ? true : tagHolds(t, tags, cgo);
  };
  const and = (): boolean => {
    let v = primary();
    while (tokens[pos] === '&&') {
      pos++;
      const r = primary();
      v = v && r;
    }
    return v;
  };
  const or = (): boolean => {
    let v = and();
    while (tokens[pos] === '||') {
      pos++;
      const r = and();
      v = v || r;
    }
    return v;
  };
  try {
    return or();
  } catch {
    return true;
  }
}

/** File-name constraints: `x_windows.go`, `x_arm64.go`, `x_test.go`. */
export function fileNameApplies(name: string): boolean {
  if (!name.endsWith('.go') || name.endsWith('_test.go')) return false;
  const parts = name.slice(0, -3).split('_');
  if (parts.length < 2) return true;
  const last = parts[parts.length - 1];
  const prev = parts.length >= 3 ? parts[parts.length - 2] : undefined;
  if (KNOWN_OS.has(last)) return last === 'linux';
  if (KNOWN_ARCH.has(last)) return prev === undefined || !KNOWN_OS.has(prev) || prev === 'linux';
  return true;
}
