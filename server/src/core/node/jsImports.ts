import { toolOfLiteral, type FileFacts, type Resolution } from '../interpreted/graph';
import { needsTable } from '../interpreted/needsTable';
import { dirName, joinPath, type Workspace } from '../workspace';

export const NODE_BUILTINS = new Set(
  'assert async_hooks buffer child_process cluster console constants crypto dgram diagnostics_channel dns domain events fs http http2 https inspector module net os path perf_hooks process punycode querystring readline repl stream string_decoder sys timers tls trace_events tty url util v8 vm wasi worker_threads zlib test'.split(' '),
);

/** Modules that start processes. */
const PROCESS_MODULES = new Set(['child_process', 'execa', 'cross-spawn', 'shelljs', 'zx', 'zx/core', 'execa-cjs', 'tinyexec', 'nano-spawn']);

const REGEX_BEFORE = /[(,=:[!&|?{};+\-*%<>~^]$/;
const REGEX_KEYWORDS = /(?:^|[^\w$])(?:return|typeof|case|do|else|in|of|yield|await|void|delete|throw|new|instanceof)$/;

interface Lexed {
  /** The code with comments removed and every string literal replaced by `"@N"` (static) or `"@dN"` (template with `${}`). */
  code: string;
  /** Literal values (for templates: the static text). */
  literals: string[];
}

/** Removes comments and replaces string literals by numbered placeholders. Recovers at line ends from unclosed quotes (JSX text). */
export function lexJs(text: string): Lexed {
  const literals: string[] = [];
  // Chunks, not one growing string: reading the end of a concatenated string flattens it (quadratic on big files).
  const chunks: string[] = [];
  let tail = '';
  const emit = (t: string) => {
    chunks.push(t);
    tail = (tail + t).slice(-16);
  };
  let i = 0;
  const n = text.length;
  let lastSignificant = '';
  const expressions: string[] = [];
  const push = (value: string, dynamic: boolean) => {
    literals.push(value);
    emit(dynamic ? `"@d${literals.length - 1}"` : `"@${literals.length - 1}"`);
    lastSignificant = '"';
  };
  while (i < n) {
    const c = text[i];
    const d = text[i + 1];
    if (c === '/' && d === '/') {
      const e = text.indexOf('\n', i);
      i = e < 0 ? n : e;
      continue;
    }
    if (c === '/' && d === '*') {
      const e = text.indexOf('*/', i + 2);
      emit(' ');
      i = e < 0 ? n : e + 2;
      continue;
    }
    if (c === '"' || c === "'") {
      let j = i + 1;
      let value = '';
      while (j < n && text[j] !== c && text[j] !== '\n') {
        if (text[j] === '\\' && j + 1 < n) {
          value += text[j + 1];
          j += 2;
        } else value += text[j++];
      }
      push(value, false);
      i = j < n && text[j] === c ? j + 1 : j;
      continue;
    }
    if (c === '`') {
      let j = i + 1;
      let value = '';
      let dynamic = false;
      while (j < n && text[j] !== '`') {
        if (text[j] === '\\' && j + 1 < n) {
          value += text[j + 1];
          j += 2;
        } else if (text[j] === '$' && text[j + 1] === '{') {
          dynamic = true;
          let depth = 1;
          const start = j + 2;
          j = start;
          while (j < n && depth > 0) {
            const q = text[j];
            if (q === '{') depth++;
            else if (q === '}') depth--;
            else if (q === '"' || q === "'" || q === '`') {
              const e = text.indexOf(q, j + 1);
              j = e < 0 ? n : e;
            }
            j++;
          }
          // The expression is code: lex it too (a require() inside a template still imports).
          if (depth === 0 && j - start < 10_000) expressions.push(text.slice(start, j - 1));
          value += ' ';
        } else value += text[j++];
      }
      push(value, dynamic);
      for (const expr of expressions.splice(0)) {
        const inner = lexJs(expr);
        const base = literals.length;
        literals.push(...inner.literals);
        emit(` ; ${inner.code.replace(/"@(d?)(\d+)"/g, (_, d, k) => `"@${d}${base + Number(k)}"`)} ; `);
      }
      i = j + 1;
      continue;
    }
    if (c === '/' && (lastSignificant === '' || REGEX_BEFORE.test(lastSignificant) || REGEX_KEYWORDS.test(tail.trimEnd()))) {
      // A regular expression literal: skip to its closing slash (not inside a class), then its flags.
      let j = i + 1;
      let inClass = false;
      while (j < n && text[j] !== '\n') {
        if (text[j] === '\\') j += 2;
        else if (text[j] === '[') (inClass = true), j++;
        else if (text[j] === ']') (inClass = false), j++;
        else if (text[j] === '/' && !inClass) break;
        else j++;
      }
      j++;
      while (j < n && /[a-z]/i.test(text[j])) j++;
      emit('/re/');
      lastSignificant = '/';
      i = j;
      continue;
    }
    // Plain code up to the next character that may start a comment, string, template or regex.
    let j = i + 1;
    while (j < n && !'/"\'`'.includes(text[j])) j++;
    const run = text.slice(i, j);
    emit(run);
    const trimmed = run.trimEnd();
    if (trimmed) lastSignificant = trimmed[trimmed.length - 1];
    i = j;
  }
  return { code: chunks.join(''), literals };
}

const STATIC_IMPORT = /(?<![\w$.])import\s+(type\s+)?(?:[\w$*{}\s,]*?\s*from\s*)?"@(\d+)"/g;
const EXPORT_FROM = /(?<![\w$.])export\s+(type\s+)?(?:\*(?:\s+as\s+[\w$]+)?|\{[^}]*\})\s*from\s*"@(\d+)"/g;
const REQUIRE = /(?<![\w$.])require\s*\(\s*(?:"@(\d+)"\s*\)|([^)\s][^)\n]{0,60}\)?))/g;
const DYNAMIC_IMPORT = /(?<![\w$.])import\s*\(\s*(?:"@(\d+)"\s*[,)]|([^)\s][^)\n]{0,60}\)?))/g;
const EXEC_CALL = /(?:(?<![\w$.])|(?:child_process|childProcess|cp|proc|shell)\.)(?:spawn|spawnSync|exec|execSync|execFile|execFileSync|execa|execaSync|execaCommand|execaCommandSync|\$)\s*\(\s*([^)\s][^)\n]{0,60}\)?)/g;

/** What one JavaScript/TypeScript file imports and which tools it starts. */
export function scanJs(text: string): FileFacts {
  const { code, literals } = lexJs(text);
  const imports: string[] = [];
  const computed: string[] = [];
  for (const m of code.matchAll(STATIC_IMPORT)) if (!m[1]) imports.push(literals[Number(m[2])]);
  for (const m of code.matchAll(EXPORT_FROM)) if (!m[1]) imports.push(literals[Number(m[2])]);
  for (const re of [REQUIRE, DYNAMIC_IMPORT]) {
    for (const m of code.matchAll(re)) {
      if (m[1] !== undefined) imports.push(literals[Number(m[1])]);
      else if (m[2] && !m[2].startsWith(')')) computed.push(m[0].replace(/"@d?(\d+)"/g, (_, k) => JSON.stringify(literals[Number(k)])).trim());
    }
  }
  const table = needsTable();
  const runsProcess = imports.some((s) => PROCESS_MODULES.has(s.replace(/^node:/, ''))) || /\b(?:Bun\.spawn|Deno\.Command|Deno\.run)\b/.test(code);
  const toolLiterals = runsProcess ? [...new Set(literals.map((l) => toolOfLiteral(l, table.tools)).filter((t): t is string => !!t))] : [];
  const computedCommands: string[] = [];
  if (runsProcess) {
    for (const m of code.matchAll(EXEC_CALL)) {
      const arg = m[1];
      if (/^"@\d+"/.test(arg) || /^process\.(?:execPath|argv)/.test(arg)) continue;
      computedCommands.push(m[0].replace(/"@d?(\d+)"/g, (_, k) => JSON.stringify(literals[Number(k)])).trim());
    }
  }
  return { imports: [...new Set(imports)], computed, runsProcess, toolLiterals, computedCommands };
}

/** `@scope/name/sub` → `@scope/name`; `name/sub` → `name`. */
export function packageNameOf(spec: string): string {
  const parts = spec.split('/');
  return spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

const EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs', '.json'];

/** JSON with comments and trailing commas (tsconfig.json). */
export function parseJsonc(text: string): unknown {
  const { code, literals } = lexJs(text);
  const json = code.replace(/"@d?(\d+)"/g, (_, k) => JSON.stringify(literals[Number(k)])).replace(/,(\s*[}\]])/g, '$1');
  try {
    return JSON.parse(json);
  } catch {
    return undefined;
  }
}

interface TsConfig {
  dir: string;
  outDir?: string;
  rootDir?: string;
  baseUrl?: string;
  paths?: Record<string, string[]>;
}

interface WorkspacePackage {
  dir: string;
  manifest: Record<string, unknown>;
}

/**
 * Resolves JavaScript/TypeScript import specifiers inside one project (a build context): relative files with their
 * extensions and index files, TypeScript `.js` → `.ts`, tsconfig `paths`/`baseUrl`, workspace packages by their
 * package.json `exports`/`main`; anything else is a third-party package or a Node builtin.
 */
export class JsResolver {
  private readonly tsconfigs = new Map<string, TsConfig | null>();
  private files?: Set<string>;
  private packages?: Map<string, WorkspacePackage>;

  constructor(
    private readonly workspace: Workspace,
    private readonly root: string,
  ) {}

  private fileAt(p: string | undefined): string | undefined {
    if (p === undefined) return undefined;
    // One listing of the project instead of an exists() per candidate (a file system call each).
    this.files ??= new Set(this.workspace.listFiles(this.root));
    return this.files.has(p) ? p : undefined;
  }

  /** A path as Node/TypeScript would complete it: itself, with an extension, its index file, `.js` written for a `.ts`. */
  completeFile(p: string | undefined): string | undefined {
    if (p === undefined) return undefined;
    const tries: string[] = [];
    const m = /\.(m|c)?jsx?$/.exec(p);
    if (m) {
      const stem = p.slice(0, -m[0].length);
      tries.push(p, `${stem}.${m[1] ?? ''}ts`, `${stem}.tsx`);
    } else tries.push(p);
    for (const ext of EXTENSIONS) tries.push(p + ext);
    for (const ext of EXTENSIONS) tries.push(`${p}/index${ext}`);
    for (const t of tries) if (!t.endsWith('/') && this.fileAt(t.replace(/^\//, ''))) return t.replace(/^\//, '');
    const manifest = this.readJson(joinPath(p, 'package.json'));
    if (manifest) return this.packageEntry({ dir: p, manifest });
    return undefined;
  }

  private readJson(path: string | undefined): Record<string, unknown> | undefined {
    const text = path !== undefined ? this.workspace.readText(path) : undefined;
    if (text === undefined) return undefined;
    const v = parseJsonc(text);
    return v && typeof v === 'object' ? (v as Record<string, unknown>) : undefined;
  }

  /** The nearest tsconfig.json/jsconfig.json at or above `dir`, within the project root. */
  tsconfigFor(dir: string): TsConfig | undefined {
    for (let d = dir; ; d = dirName(d)) {
      if (!this.tsconfigs.has(d)) {
        const path = ['tsconfig.json', 'jsconfig.json'].map((n) => joinPath(d, n)).find((p) => p !== undefined && this.workspace.exists(p));
        const json = path ? this.readJson(path) : undefined;
        const co = (json?.compilerOptions ?? {}) as Record<string, unknown>;
        const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
        this.tsconfigs.set(d, json ? { dir: d, outDir: str(co.outDir), rootDir: str(co.rootDir), baseUrl: str(co.baseUrl), paths: (co.paths as Record<string, string[]>) ?? undefined } : null);
      }
      const found = this.tsconfigs.get(d);
      if (found) return found;
      if (d === this.root || d === '' || !d.startsWith(this.root)) return undefined;
    }
  }

  /** A compiled file (`dist/worker.js`) → its TypeScript source (`src/worker.ts`) through tsconfig `outDir`/`rootDir`. */
  sourceOfOutput(path: string): string | undefined {
    const direct = this.completeFile(path);
    if (direct) return direct;
    const tried = new Set<string>();
    for (let d = dirName(path); ; ) {
      const ts = this.tsconfigFor(d);
      if (!ts || tried.has(ts.dir)) break;
      tried.add(ts.dir);
      if (ts.outDir) {
        const out = joinPath(ts.dir, ts.outDir);
        if (out !== undefined && path.startsWith(`${out}/`)) {
          const rest = path.slice(out.length + 1);
          const roots = ts.rootDir ? [joinPath(ts.dir, ts.rootDir)] : [joinPath(ts.dir, 'src'), ts.dir];
          for (const r of roots) {
            const hit = r !== undefined ? this.completeFile(joinPath(r, rest)) : undefined;
            if (hit) return hit;
          }
        }
      }
      if (ts.dir === '' || ts.dir === this.root) break;
      d = dirName(ts.dir);
    }
    return undefined;
  }

  private workspacePackages(): Map<string, WorkspacePackage> {
    if (this.packages) return this.packages;
    this.packages = new Map();
    for (const f of this.workspace.listFiles(this.root)) {
      if (!f.endsWith('package.json') || /(?:^|\/)node_modules\//.test(f) || (f !== 'package.json' && !f.endsWith('/package.json'))) continue;
      const manifest = this.readJson(f);
      if (manifest && typeof manifest.name === 'string') this.packages.set(manifest.name, { dir: dirName(f), manifest });
    }
    return this.packages;
  }

  private packageEntry(pkg: WorkspacePackage, sub = '.'): string | undefined {
    const pick = (v: unknown): string | undefined => {
      if (typeof v === 'string') return v;
      if (Array.isArray(v)) return v.map(pick).find((x) => x);
      if (v && typeof v === 'object') {
        const o = v as Record<string, unknown>;
        for (const k of ['source', 'node', 'require', 'import', 'default', 'types']) if (k in o) return pick(o[k]);
      }
      return undefined;
    };
    const exp = pkg.manifest.exports;
    let target: string | undefined;
    if (exp !== undefined) {
      if (typeof exp === 'string' || Array.isArray(exp)) target = sub === '.' ? pick(exp) : undefined;
      else if (exp && typeof exp === 'object') {
        const o = exp as Record<string, unknown>;
        const keyed = Object.keys(o).some((k) => k.startsWith('.'));
        if (!keyed) target = sub === '.' ? pick(o) : undefined;
        else if (o[sub] !== undefined) target = pick(o[sub]);
        else {
          for (const [k, v] of Object.entries(o)) {
            if (!k.includes('*')) continue;
            const [a, b] = k.split('*');
            if (sub.startsWith(a) && sub.endsWith(b)) target = pick(v)?.replace('*', sub.slice(a.length, sub.length - b.length));
          }
        }
      }
    }
    if (target === undefined && sub === '.') target = typeof pkg.manifest.main === 'string' ? pkg.manifest.main : 'index';
    if (target === undefined) target = sub;
    const p = joinPath(pkg.dir, target);
    return this.sourceOfOutput(p ?? '') ?? (sub === '.' ? this.completeFile(joinPath(pkg.dir, 'src/index')) : this.completeFile(joinPath(pkg.dir, 'src', sub)));
  }

  resolve(spec: string, from: string): Resolution[] {
    if (spec.startsWith('node:') || NODE_BUILTINS.has(spec.split('/')[0])) return [{ builtin: true }];
    if (spec.startsWith('.') || spec.startsWith('/')) {
      const file = this.completeFile(joinPath(dirName(from), spec));
      if (file) return [{ file }];
      if (/\.(?:css|scss|sass|less|svg|png|jpe?g|gif|webp|html|txt|md|wasm|node)$/.test(spec)) return [];
      return [{ unresolved: spec }];
    }
    const ts = this.tsconfigFor(dirName(from));
    if (ts?.paths) {
      for (const [pattern, targets] of Object.entries(ts.paths)) {
        const [a, b = ''] = pattern.split('*');
        const matches = pattern.includes('*') ? spec.startsWith(a) && spec.endsWith(b) : spec === pattern;
        if (!matches) continue;
        const star = pattern.includes('*') ? spec.slice(a.length, spec.length - b.length) : '';
        for (const t of targets) {
          const file = this.completeFile(joinPath(ts.dir, ts.baseUrl ?? '.', t.replace('*', star)));
          if (file) return [{ file }];
        }
        return [{ unresolved: spec }];
      }
    }
    if (ts?.baseUrl) {
      const file = this.completeFile(joinPath(ts.dir, ts.baseUrl, spec));
      if (file) return [{ file }];
    }
    const name = packageNameOf(spec);
    const local = this.workspacePackages().get(name);
    if (local) {
      const file = this.packageEntry(local, spec === name ? '.' : `./${spec.slice(name.length + 1)}`);
      return file ? [{ file }] : [{ unresolved: spec }];
    }
    return [{ external: name }];
  }
}
