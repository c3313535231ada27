import { toolOfLiteral, type FileFacts, type Resolution } from '../interpreted/graph';
import { needsTable } from '../interpreted/needsTable';
import { dirName, joinPath, type Workspace } from '../workspace';

/** Top-level modules of the Python standard library (sys.stdlib_module_names, CPython 3.11/3.12/3.13). */
export const PYTHON_STDLIB = new Set(
  ('abc aifc argparse array ast asynchat asyncio asyncore atexit audioop base64 bdb binascii bisect builtins bz2 cProfile calendar cgi cgitb ' +
    'chunk cmath cmd code codecs codeop collections colorsys compileall concurrent configparser contextlib contextvars copy copyreg crypt csv ctypes ' +
    'curses dataclasses datetime dbm decimal difflib dis distutils doctest email encodings ensurepip enum errno faulthandler fcntl filecmp fileinput ' +
    'fnmatch fractions ftplib functools gc genericpath getopt getpass gettext glob graphlib grp gzip hashlib heapq hmac html http idlelib imaplib imghdr ' +
    'imp importlib inspect io ipaddress itertools json keyword lib2to3 linecache locale logging lzma mailbox mailcap marshal math mimetypes mmap ' +
    'modulefinder msilib msvcrt multiprocessing netrc nis nntplib nt ntpath nturl2path numbers opcode operator optparse os ossaudiodev pathlib pdb pickle ' +
    'pickletools pipes pkgutil platform plistlib poplib posix posixpath pprint profile pstats pty pwd py_compile pyclbr pydoc pydoc_data pyexpat queue ' +
    'quopri random re readline reprlib resource rlcompleter runpy sched secrets select selectors shelve shlex shutil signal site smtpd smtplib sndhdr ' +
    'socket socketserver spwd sqlite3 sre_compile sre_constants sre_parse ssl stat statistics string stringprep struct subprocess sunau symtable sys ' +
    'sysconfig syslog tabnanny tarfile telnetlib tempfile termios textwrap this threading time timeit tkinter token tokenize tomllib trace traceback ' +
    'tracemalloc tty turtle turtledemo types typing unicodedata unittest urllib uu uuid venv warnings wave weakref webbrowser winreg winsound wsgiref ' +
    'xdrlib xml xmlrpc zipapp zipfile zipimport zlib zoneinfo __future__ _thread')
    .split(/\s+/),
);

/** Removes comments and replaces string literals by `"@N"` (f-strings with `{}`: `"@dN"`). */
export function lexPython(text: string): { code: string; literals: string[] } {
  const literals: string[] = [];
  const chunks: string[] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i];
    if (c === '#') {
      const e = text.indexOf('\n', i);
      i = e < 0 ? n : e;
      continue;
    }
    if (c === '"' || c === "'") {
      // String prefixes (r, b, f, u, rb…) are the letters right before the quote.
      const prefix = /[rbfuRBFU]{0,2}$/.exec(text.slice(Math.max(0, i - 2), i))![0];
      const raw = /r/i.test(prefix);
      const triple = text.startsWith(c.repeat(3), i);
      const quote = triple ? c.repeat(3) : c;
      let j = i + quote.length;
      let value = '';
      while (j < n && !text.startsWith(quote, j) && (triple || text[j] !== '\n')) {
        if (text[j] === '\\' && j + 1 < n) {
          value += raw ? text.slice(j, j + 2) : text[j + 1];
          j += 2;
        } else value += text[j++];
      }
      literals.push(value);
      const dynamic = /f/i.test(prefix) && /\{[^}]/.test(value);
      chunks.push(dynamic ? `"@d${literals.length - 1}"` : `"@${literals.length - 1}"`);
      i = j < n && text.startsWith(quote, j) ? j + quote.length : j;
      continue;
    }
    let j = i + 1;
    while (j < n && text[j] !== '#' && text[j] !== '"' && text[j] !== "'") j++;
    chunks.push(text.slice(i, j));
    i = j;
  }
  return { code: chunks.join(''), literals };
}

/** Logical lines: backslash continuations joined, bracketed continuations joined. */
function logicalLines(code: string): string[] {
  const out: string[] = [];
  let cur = '';
  let depth = 0;
  for (const raw of code.split('\n')) {
    const line = raw.replace(/\\\s*$/, ' ');
    cur += (cur ? ' ' : '') + line;
    for (const ch of raw) {
      if (ch === '(' || ch === '[' || ch === '{') depth++;
      else if (ch === ')' || ch === ']' || ch === '}') depth = Math.max(0, depth - 1);
    }
    if (depth === 0 && !/\\\s*$/.test(raw)) {
      out.push(cur);
      cur = '';
    }
  }
  if (cur) out.push(cur);
  return out;
}

const PROCESS_USE = /\b(?:subprocess\.\w+|os\.(?:system|popen|exec\w*|spawn\w*|posix_spawn\w*)|asyncio\.create_subprocess_(?:exec|shell)|create_subprocess_(?:exec|shell)|shutil\.which|Popen|check_output|check_call|sh\.Command|plumbum)\b/;
const PROCESS_CALL = /\b(?:subprocess\.(?:run|call|check_call|check_output|Popen)|os\.(?:system|popen)|create_subprocess_(?:exec|shell)|Popen|check_output|check_call)\s*\(\s*([^)\s][^)\n]{0,60}\)?)/g;

/** A `from x import (a, b as c)` list → names. */
function importedNames(list: string): string[] {
  return list
    .replace(/[()]/g, ' ')
    .split(',')
    .map((s) => s.trim().split(/\s+/)[0])
    .filter((s) => s && s !== '*' && /^[A-Za-z_]\w*$/.test(s));
}

/**
 * What one Python file imports (`import a.b`, `from .x import y`, `importlib.import_module('m')`, Celery
 * `include=['m']`) and which tools it starts (subprocess, os.system…). Specifiers are written `a.b`, `.x`,
 * `..x`; `from m import a, b` also yields `m.a`/`m.b` with a `?` mark (a submodule when one exists).
 */
export function scanPython(text: string): FileFacts {
  const { code, literals } = lexPython(text);
  const lit = (k: string) => literals[Number(k)];
  const imports: string[] = [];
  const computed: string[] = [];
  for (const line of logicalLines(code)) {
    const t = line.trim();
    let m = /^import\s+(.+)$/.exec(t);
    if (m) {
      for (const part of m[1].split(',')) {
        const name = part.trim().split(/\s+/)[0];
        if (/^[A-Za-z_][\w.]*$/.test(name)) imports.push(name);
      }
      continue;
    }
    m = /^from\s+(\.*[\w.]*)\s+import\s+(.+)$/.exec(t);
    if (m) {
      const mod = m[1];
      imports.push(mod);
      for (const name of importedNames(m[2].replace(/;.*$/, ''))) imports.push(`?${mod.endsWith('.') ? mod : mod + '.'}${name}`);
    }
  }
  for (const m of code.matchAll(/\b(?:importlib\.)?import_module\s*\(\s*(?:"@(\d+)"\s*[,)]|([^)\s][^)\n]{0,60}\)?))/g)) {
    if (m[1] !== undefined) imports.push(lit(m[1]));
    else computed.push(m[0].trim());
  }
  for (const m of code.matchAll(/\b__import__\s*\(\s*(?:"@(\d+)"|([^)\s][^)\n]{0,60}))/g)) {
    if (m[1] !== undefined) imports.push(lit(m[1]));
    else computed.push(m[0].trim());
  }
  // Celery(…, include=['app.tasks']) and app.autodiscover_tasks(['pkg']): modules loaded by name.
  for (const m of code.matchAll(/\b(?:include|autodiscover_tasks)\s*[=(]\s*[[(]([^\])]*)[\])]/g)) {
    for (const k of m[1].matchAll(/"@(\d+)"/g)) imports.push(lit(k[1]));
  }
  if (/\bautodiscover_tasks\s*\(\s*\)|\bautodiscover_tasks\s*\(\s*(?:lambda|[A-Za-z_])/.test(code)) computed.push('autodiscover_tasks() finds task modules at run time');
  if (/\bINSTALLED_APPS\s*=/.test(code)) computed.push('INSTALLED_APPS: Django loads its apps by name');
  if (/\bentry_points\s*\(|\bpkg_resources\.iter_entry_points\b/.test(code)) computed.push('plugins loaded through entry points');
  const table = needsTable();
  const runsProcess = PROCESS_USE.test(code) || imports.some((s) => s === 'sh' || s === 'plumbum' || s === 'sarge' || s === 'delegator');
  const toolLiterals = runsProcess ? [...new Set(literals.map((l) => toolOfLiteral(l, table.tools)).filter((x): x is string => !!x))] : [];
  const computedCommands: string[] = [];
  if (runsProcess) {
    for (const m of code.matchAll(PROCESS_CALL)) {
      if (/^"@\d+"|^\[\s*"@\d+"|^\(\s*"@\d+"/.test(m[1]) || /^sys\.executable/.test(m[1])) continue;
      computedCommands.push(m[0].replace(/"@d?(\d+)"/g, (_, k) => JSON.stringify(lit(k))).trim());
    }
  }
  return { imports: [...new Set(imports)], computed, runsProcess, toolLiterals, computedCommands };
}

/**
 * Resolves Python module names inside a project: relative imports from the importing file's package, absolute
 * ones against the source roots (the entry's folder, the project root, `src/`); the standard library and anything
 * not in the tree (a third-party distribution, by its top-level import name) are told apart.
 */
export class PyResolver {
  private files?: Set<string>;

  constructor(
    private readonly workspace: Workspace,
    private readonly roots: string[],
  ) {}

  /** One listing of the source roots instead of an exists() per candidate. */
  private has(p: string): boolean {
    this.files ??= new Set(this.roots.flatMap((r) => this.workspace.listFiles(r)));
    return this.files.has(p);
  }

  private moduleFile(root: string, parts: string[]): string[] | undefined {
    const base = joinPath(root, ...parts);
    if (base === undefined) return undefined;
    const files: string[] = [];
    // Importing a.b.c runs a/__init__.py and a/b/__init__.py first.
    for (let k = 1; k < parts.length; k++) {
      const init = joinPath(root, ...parts.slice(0, k), '__init__.py');
      if (init !== undefined && this.has(init)) files.push(init);
    }
    const mod = `${base}.py`;
    const pkg = joinPath(base, '__init__.py')!;
    if (this.has(mod)) return [...files, mod];
    if (this.has(pkg)) return [...files, pkg];
    // A namespace package (a folder without __init__.py) imports nothing by itself.
    if (parts.length && [...this.files!].some((f) => f.startsWith(`${base}/`) && f.endsWith('.py'))) return files;
    return undefined;
  }

  resolve(spec: string, from: string): Resolution[] {
    const optional = spec.startsWith('?');
    const name = optional ? spec.slice(1) : spec;
    if (name.startsWith('.')) {
      const dots = /^\.+/.exec(name)![0].length;
      let dir = dirName(from);
      for (let k = 1; k < dots; k++) dir = dirName(dir);
      const parts = name.slice(dots).split('.').filter(Boolean);
      const files = this.moduleFile(dir, parts);
      if (files) return files.map((file) => ({ file }));
      return optional ? [] : [{ unresolved: name }];
    }
    const parts = name.split('.');
    const top = parts[0];
    if (PYTHON_STDLIB.has(top)) return [{ builtin: true }];
    for (const root of this.roots) {
      const files = this.moduleFile(root, parts);
      if (files) return files.map((file) => ({ file }));
    }
    // The top-level package is in the tree but this submodule is not (generated code, or a name imported from it).
    if (this.roots.some((r) => this.moduleFile(r, [top]))) return optional ? [] : [{ unresolved: name }];
    return optional ? [] : [{ external: top }];
  }
}
