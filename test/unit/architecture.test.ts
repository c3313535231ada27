// The layering invariants of ARCHITECTURE.md, checked on the source text:
// - server/src/core imports no file system, process, network, VS Code or LSP module and nothing outside server/src/core;
// - client/src/engine (the engine runner and parsers) does not import vscode;
// - processes are started with argument arrays (spawn/execFile, never exec or shell: true).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';

const ROOT = path.resolve(__dirname, '../..');
const CORE = path.join(ROOT, 'server/src/core');
/** `shared/`: the client–server protocol (types, method names, name patterns); core may import it, and it imports nothing. */
const SHARED = path.join(ROOT, 'shared');

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...sourceFiles(p));
    else if (/\.(?:ts|mts|cts|js|mjs|cjs)$/.test(e.name)) out.push(p);
  }
  return out;
}

/** Module specifiers of static imports/exports, `import x = require()`, `require()` and `import()` (type imports too). */
export function moduleSpecifiers(source: string): string[] {
  const text = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');
  const out: string[] = [];
  const patterns = [
    /\b(?:import|export)\s+(?:type\s+)?[^'";]*?\bfrom\s*['"]([^'"]+)['"]/g,
    /\bimport\s*['"]([^'"]+)['"]/g,
    /\brequire\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
    /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
  ];
  for (const re of patterns) for (const m of text.matchAll(re)) out.push(m[1]);
  return out;
}

const FORBIDDEN_IN_CORE = /^(?:node:)?(?:fs|fs\/promises|child_process|net|http|https|http2|dgram|tls|worker_threads|cluster)$|^vscode(?:$|-languageserver|-languageclient|-jsonrpc)/;

/** Why `specifier`, imported by `file` under server/src/core, breaks the core's purity (undefined: it does not). */
export function coreViolation(file: string, specifier: string): string | undefined {
  if (FORBIDDEN_IN_CORE.test(specifier)) return `imports ${specifier}`;
  if (specifier.startsWith('.')) {
    const target = path.resolve(path.dirname(file), specifier);
    const rel = path.relative(CORE, target);
    const inShared = !path.relative(SHARED, target).startsWith('..');
    if ((rel.startsWith('..') || path.isAbsolute(rel)) && !inShared) return `reaches outside the core: ${specifier}`;
  }
  return undefined;
}

test('the import scanner sees every import form', () => {
  const src = [
    "import * as fs from 'node:fs';",
    "import type { Connection } from 'vscode-languageserver/node';",
    "import { x,\n  y } from '../lsp/server';",
    "export { z } from '../../client/src/extension';",
    "import 'vscode';",
    "const cp = require('child_process');",
    "type T = import('../node/fsWorkspace').FsWorkspace;",
    "// import { no } from 'fs';",
    "const s = 'see https://example.org/x'; import { ok } from './ok';",
  ].join('\n');
  assert.deepEqual(moduleSpecifiers(src).sort(), ['../../client/src/extension', '../lsp/server', '../node/fsWorkspace', './ok', 'child_process', 'node:fs', 'vscode', 'vscode-languageserver/node'].sort());
  const file = path.join(CORE, 'rules/dockerfile/example.ts');
  assert.ok(coreViolation(file, 'node:fs'));
  assert.ok(coreViolation(file, 'fs'));
  assert.ok(coreViolation(file, 'vscode'));
  assert.ok(coreViolation(file, 'vscode-languageserver/node'));
  assert.ok(coreViolation(file, 'node:child_process'));
  assert.ok(coreViolation(file, '../../../lsp/server'));
  assert.ok(coreViolation(file, '../../../cli/cli'));
  assert.ok(coreViolation(file, '../../../node/fsWorkspace'));
  assert.ok(coreViolation(file, '../../../../../client/src/extension'));
  assert.equal(coreViolation(file, '../../dockerfile/model'), undefined);
  assert.equal(coreViolation(file, 'yaml'), undefined);
  assert.equal(coreViolation(file, '../../../../../shared/protocol'), undefined);
});

test('shared/ (the protocol module imported by core, server and client) imports nothing at all', () => {
  const problems = sourceFiles(SHARED).flatMap((f) => moduleSpecifiers(fs.readFileSync(f, 'utf8')).map((s) => `${path.relative(ROOT, f)} imports ${s}`));
  assert.deepEqual(problems, []);
});

test('server/src/core imports no fs, process, network, vscode or LSP module, and nothing from lsp/cli/node/client', () => {
  const files = sourceFiles(CORE);
  assert.ok(files.length > 50, `only ${files.length} core files found`);
  const problems: string[] = [];
  for (const file of files) {
    for (const spec of moduleSpecifiers(fs.readFileSync(file, 'utf8'))) {
      const why = coreViolation(file, spec);
      if (why) problems.push(`${path.relative(ROOT, file)} ${why}`);
    }
  }
  assert.deepEqual(problems, []);
});

test('client/src/engine does not import vscode (its parsers and runner are testable without an editor)', () => {
  const problems = sourceFiles(path.join(ROOT, 'client/src/engine'))
    .filter((f) => moduleSpecifiers(fs.readFileSync(f, 'utf8')).some((s) => /^vscode(?:$|-)/.test(s)))
    .map((f) => path.relative(ROOT, f));
  assert.deepEqual(problems, []);
});

test('processes are started with argument arrays, never through a shell', () => {
  const shipped = [...sourceFiles(path.join(ROOT, 'server/src')), ...sourceFiles(path.join(ROOT, 'client/src'))];
  const starters = shipped.filter((f) => moduleSpecifiers(fs.readFileSync(f, 'utf8')).some((s) => /^(?:node:)?child_process$/.test(s)));
  assert.ok(starters.some((f) => f.endsWith(path.join('client', 'src', 'engine', 'runner.ts'))), 'the engine runner uses child_process');
  for (const file of starters) {
    const text = fs.readFileSync(file, 'utf8');
    const rel = path.relative(ROOT, file);
    // exec/execSync run a shell string: neither imported by name nor called on the module (a RegExp's .exec(x) is fine).
    assert.doesNotMatch(text, /\{[^}]*\b(?:exec|execSync)\b[^}]*\}\s*(?:=\s*require\(\s*|from\s*)['"](?:node:)?child_process['"]/, `${rel}: imports exec/execSync`);
    assert.doesNotMatch(text, /\b(?:execSync\s*\(|\w+\.exec\(\s*[`'"])/, `${rel}: runs a shell string`);
    assert.doesNotMatch(text, /\bshell\s*:\s*(?!false\b)\S/, `${rel}: spawn with a shell`);
  }
  assert.match(fs.readFileSync(path.join(ROOT, 'client/src/engine/runner.ts'), 'utf8'), /spawn\(command, \[\.\.\.args\], \{[^}]*shell: false/);
});
