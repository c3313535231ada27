import * as fs from 'node:fs';
import * as nodePath from 'node:path';
import { Analysis } from '../server/src/core/analysis';
import { checkFile } from '../server/src/core/check';
import type { DockwrightConfig } from '../server/src/core/config';
import { applyEdits } from '../server/src/core/text';
import type { Finding, Fix } from '../server/src/core/types';
import { MemoryWorkspace } from '../server/src/core/workspace';

/** Checks one file of an in-memory workspace. */
export function check(files: Record<string, string>, path: string, config: DockwrightConfig = {}): Finding[] {
  const analysis = new Analysis(new MemoryWorkspace(files), config);
  return checkFile(path, analysis, {
    onRuleError: (code, _file, error) => {
      throw new Error(`rule ${code} threw: ${(error as Error)?.stack ?? error}`);
    },
  });
}

export function codes(findings: Finding[]): string[] {
  return findings.map((f) => f.code);
}

/** Applies a fix to a copy of the workspace files and returns the new files. */
export function applyFix(files: Record<string, string>, fix: Fix): Record<string, string> {
  const out = { ...files };
  for (const create of fix.creates ?? []) {
    if (out[create.path] !== undefined) throw new Error(`fix creates existing file ${create.path}`);
    out[create.path] = create.content;
  }
  for (const fileEdit of fix.edits) {
    const text = out[fileEdit.path];
    if (text === undefined) throw new Error(`fix edits unknown file ${fileEdit.path}`);
    out[fileEdit.path] = applyEdits(text, fileEdit.edits);
  }
  return out;
}

/**
 * Applies every fix of every finding with `code` (one at a time, re-checking in between) and returns the final files.
 * Asserts the fix removes its finding and adds no new finding of another code.
 */
export function fixAll(files: Record<string, string>, path: string, code: string, pick = 0, config: DockwrightConfig = {}): Record<string, string> {
  let current = files;
  for (let round = 0; round < 50; round++) {
    const findings = check(current, path, config);
    const target = findings.find((f) => f.code === code && f.fixes.length > pick);
    if (!target) return current;
    const before = new Set(findings.map((f) => f.code));
    current = applyFix(current, target.fixes[pick]);
    const after = check(current, path, config);
    for (const f of after) {
      if (!before.has(f.code)) throw new Error(`fix "${target.fixes[pick].title}" introduced ${f.code}: ${f.message}\n${current[path]}`);
    }
  }
  throw new Error(`fixes for ${code} did not converge`);
}

/** Every file under `dir`, keyed by its `/`-separated path relative to `dir` (a MemoryWorkspace's input). */
export function readTree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const abs = nodePath.join(d, e.name);
      if (e.isDirectory()) walk(abs);
      else out[nodePath.relative(dir, abs).split(nodePath.sep).join('/')] = fs.readFileSync(abs, 'utf8');
    }
  };
  walk(dir);
  return out;
}

/** Root folders of the git-ignored corpus repositories present (ecosystem corpus, split corpus); empty when none were copied. */
export function corpusRepositories(): string[] {
  const root = nodePath.resolve(__dirname, '..');
  const repos: string[] = [];
  const ecosystem = nodePath.join(root, 'test/ecosystem/corpus');
  if (fs.existsSync(ecosystem)) for (const e of fs.readdirSync(ecosystem, { withFileTypes: true })) if (e.isDirectory()) repos.push(nodePath.join(ecosystem, e.name));
  const split = nodePath.join(root, 'test/split-corpus');
  if (fs.existsSync(split)) for (const e of fs.readdirSync(split, { withFileTypes: true })) if (fs.existsSync(nodePath.join(split, e.name, 'repo'))) repos.push(nodePath.join(split, e.name, 'repo'));
  return repos;
}

/** Every Dockerfile/Containerfile under `dir` (recursively; none when it does not exist), e.g. a corpus folder. */
export function dockerfilesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = nodePath.join(dir, e.name);
    if (e.isDirectory()) out.push(...dockerfilesUnder(p));
    else if (/dockerfile|containerfile/i.test(e.name) && !/\.(?:md|json|ya?ml|go|ts|js|py|sh)$/i.test(e.name)) out.push(p);
  }
  return out;
}

/** A small deterministic PRNG (mulberry32), so a failure can be replayed. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
