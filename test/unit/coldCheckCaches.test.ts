// The one-shot check's memory savers against the plain computation, on every corpus repository and after random edits:
// DW114's pinned-tag index built from per-Dockerfile summaries (cached by text) equals the index built from the full
// models; a bounded Dockerfile model cache gives the same findings as an unbounded one; findings without fixes
// (`fixesWanted = false`, the CLI) equal the findings with fixes, fixes removed; the reference-file memo of
// split/references.ts gives what a fresh workspace gives.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { Analysis } from '../../server/src/core/analysis';
import { checkFiles } from '../../server/src/core/check';
import { pinnedTagsInWorkspace } from '../../server/src/core/rules/dockerfile/dw114-unpinned-base-image';
import { contextFromReferences, findReferences, tagsFromReferences } from '../../server/src/core/split/references';
import type { Finding } from '../../server/src/core/types';
import { fileKind, MemoryWorkspace } from '../../server/src/core/workspace';
import { corpusRepositories, readTree } from '../helpers';

const ROOT = path.resolve(__dirname, '../..');

/** What DW114's index held before the summaries: tags read from every Dockerfile's full model. */
function pinnedTagsFromModels(analysis: Analysis): Map<string, Set<string>> {
  const tags = new Map<string, Set<string>>();
  for (const file of analysis.filesOfKind('dockerfile')) {
    for (const stage of analysis.dockerfile(file)?.stages ?? []) {
      const { name, tag, dynamic } = stage.image;
      if (dynamic || stage.parent || !tag || tag === 'latest') continue;
      if (!tags.has(name)) tags.set(name, new Set());
      tags.get(name)!.add(tag);
    }
  }
  return tags;
}

const sorted = (m: Map<string, Set<string>>) => [...m].map(([k, v]) => [k, [...v].sort()]).sort((a, b) => String(a[0]).localeCompare(String(b[0])));

/** Workspaces to compare on: every corpus repository, both bench corpus folders, every example (as in-memory trees, so they can be edited). */
let treeMemo: { label: string; files: Record<string, string> }[] | undefined;
function trees(): { label: string; files: Record<string, string> }[] {
  if (treeMemo) return treeMemo;
  const dirs = [...corpusRepositories(), path.join(ROOT, 'bench/corpus/dockerfiles'), path.join(ROOT, 'bench/corpus/compose')];
  for (const e of fs.readdirSync(path.join(ROOT, 'examples'), { withFileTypes: true })) if (e.isDirectory()) dirs.push(path.join(ROOT, 'examples', e.name));
  return (treeMemo = dirs.filter((d) => fs.existsSync(d)).map((d) => ({ label: path.relative(ROOT, d), files: textTree(d) })));
}

/** The tree's text files (skipping .git and anything that is not UTF-8 text or is large). */
function textTree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [file, text] of Object.entries(readTree(dir))) if (!file.startsWith('.git/') && !file.includes('/.git/') && text.length < 500_000 && !text.includes('\u0000')) out[file] = text;
  return out;
}

/** A seeded pseudo-random generator (the edits are the same on every run). */
function random(seed: number): () => number {
  return () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
}

const EDITS = ['FROM node:20\n', 'FROM alpine\n', 'FROM python:3.12-slim AS base\nFROM base\n', '# comment\n', 'FROM ${IMAGE}:1\n', 'FROM nginx:latest\n', ''];

test('DW114: the index from per-Dockerfile summaries equals the index from the full models, on every corpus repository and after random edits', () => {
  const next = random(20);
  let dockerfiles = 0;
  for (const { label, files } of trees()) {
    const ws = new MemoryWorkspace(files);
    const analysis = new Analysis(ws, {});
    // The reference: full models of an analysis of its own (its model cache is by text, so edits re-parse only edited files).
    const reference = new Analysis(ws, {});
    const list = () => ws.listFiles().filter((f) => fileKind(f) === 'dockerfile');
    dockerfiles += list().length;
    assert.deepEqual(sorted(pinnedTagsInWorkspace(analysis)), sorted(pinnedTagsFromModels(reference)), label);
    // Edits: change, add and remove Dockerfiles; the long-lived analysis must follow (its summaries are cached by text).
    for (let round = 0; round < 4; round++) {
      const current = list();
      const pick = current[Math.floor(next() * current.length)];
      const edit = EDITS[Math.floor(next() * EDITS.length)];
      if (pick && next() < 0.7) ws.set(pick, next() < 0.5 ? edit + ws.readText(pick) : (ws.readText(pick) ?? '') + edit);
      else if (pick && next() < 0.5) ws.delete(pick);
      else ws.set(`added${round}/Dockerfile`, edit || 'FROM debian:12\n');
      analysis.invalidateListing();
      reference.invalidateListing();
      assert.deepEqual(sorted(pinnedTagsInWorkspace(analysis)), sorted(pinnedTagsFromModels(reference)), `${label} after edit ${round}`);
    }
  }
  assert.ok(dockerfiles > 100);
});

const withoutFixes = (findings: Finding[]) => findings.map((f) => ({ ...f, fixes: [] }));

test('check: a bounded model cache and no fixes give the same findings (fixes aside) as the plain analysis, on every corpus repository', () => {
  let checked = 0;
  for (const { label, files } of trees()) {
    const ws = new MemoryWorkspace(files);
    const paths = ws.listFiles().filter((f) => fileKind(f) !== 'other');
    const plain = checkFiles(paths, new Analysis(ws, {}));
    const lean = new Analysis(ws, {});
    lean.fixesWanted = false;
    lean.dockerfileModelLimit = 2;
    // Reversed order: models are evicted and parsed again between the files that need them.
    const leanFindings = checkFiles([...paths].reverse(), lean);
    assert.deepEqual(withoutFixes(leanFindings), withoutFixes(plain), label);
    assert.ok(leanFindings.every((f) => f.code !== 'DW114' || f.fixes.length === 0));
    checked += paths.length;
  }
  assert.ok(checked > 300);
});

test('DW114 still offers the workspace tags as fixes when fixes are wanted', () => {
  const ws = new MemoryWorkspace({ 'a/Dockerfile': 'FROM node:20\n', 'b/Dockerfile': 'FROM node\n' });
  const analysis = new Analysis(ws, {});
  const dw114 = checkFiles(['b/Dockerfile'], analysis).filter((f) => f.code === 'DW114');
  assert.deepEqual(dw114.map((f) => f.fixes.map((x) => x.title)), [['Pin node to :20 (used elsewhere in the workspace)']]);
});

test('split/references: the reference-file memo gives what a fresh workspace gives, also after the listing changed', () => {
  const files: Record<string, string> = {
    'api/Dockerfile': 'FROM golang:1.22\n',
    'web/Dockerfile': 'FROM node:20\n',
    'Makefile': 'build:\n\tdocker build -t acme/api:1 -f api/Dockerfile api\n',
    'scripts/build.sh': 'docker build -t acme/web:2 web\n',
  };
  const ws = new MemoryWorkspace(files);
  const ask = (w: MemoryWorkspace) => ['api/Dockerfile', 'web/Dockerfile'].map((d) => [tagsFromReferences(w, d), contextFromReferences(w, d), findReferences(w, d, new Set())]);
  assert.deepEqual(ask(ws), ask(new MemoryWorkspace(files)));
  assert.deepEqual(ask(ws)[0][0], [{ tag: 'acme/api:1', where: 'Makefile:2' }]);
  // A new reference file: the memoised listing must not hide it.
  ws.set('.github/workflows/ci.yml', 'jobs:\n  b:\n    steps:\n      - uses: docker/build-push-action@v5\n        with:\n          file: web/Dockerfile\n          tags: acme/web:edge\n');
  const grown: Record<string, string> = { ...files, '.github/workflows/ci.yml': ws.readText('.github/workflows/ci.yml')! };
  assert.deepEqual(ask(ws), ask(new MemoryWorkspace(grown)));
  assert.equal((ask(ws)[1][0] as unknown[]).length, 2);
  ws.delete('Makefile');
  delete grown.Makefile;
  assert.deepEqual(ask(ws), ask(new MemoryWorkspace(grown)));
});
