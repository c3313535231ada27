// Stage-scoped rules (StageRule, core/stageScope.ts) reuse a stage's reports from the previous check of the file. The
// findings of a long-lived Analysis must equal a fresh full check after random edits of every corpus Dockerfile: typing
// and deleting inside stages, renaming stages and building FROM an earlier one (lineage), added lines (every later
// stage moves), global ARGs, CRLF line breaks, and settings changed between edits.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import { dockerfilesUnder, seededRandom as random } from '../helpers';
import { Analysis } from '../../server/src/core/analysis';
import { allRules } from '../../server/src/core/catalogue';
import { checkFile } from '../../server/src/core/check';
import type { DockwrightConfig } from '../../server/src/core/config';
import { stageScopeStats } from '../../server/src/core/stageScope';
import { MemoryWorkspace } from '../../server/src/core/workspace';

const ROOT = path.resolve(__dirname, '../..');
const files = [...dockerfilesUnder(path.join(ROOT, 'bench/corpus/dockerfiles')), ...dockerfilesUnder(path.join(ROOT, 'test/ecosystem/corpus'))];

const TYPED = ['x', ' ', '$', '\\', '=', '"', '_c1', '$HOME', '${A:-x}', '/TCP', ' --mount=type=cache,target=/root/.cache/pip', ' AS', 'PIP_NO_CACHE_DIR=1 '];
const LINES = ['ARG PIP_NO_CACHE_DIR=1', 'ENV GOCACHE=/cache', 'WORKDIR rel', 'WORKDIR /abs', 'CMD ["a"]', 'HEALTHCHECK CMD true', 'EXPOSE 80/TCP', 'ENV A B', 'LABEL a b', 'RUN pip install flask', 'RUN go build ./...', 'COPY $UNDECLARED /x', 'FROM alpine AS extra', 'FROM base', 'FROM --platform=linux/arm64 amd64/alpine AS b', '# a comment', ''];
const HEAD = ['ARG VERSION=1\n', 'ARG BASE=alpine\n', '# escape=`\n', '#syntax=docker/dockerfile:1\n', 'ARG PIP_NO_CACHE_DIR\n'];
const CONFIGS: DockwrightConfig[] = [{}, { buildkitChecks: 'off' }, { buildkitChecks: 'on', dockerDxInstalled: true }, { rules: { DW111: 'off', DW118: 'error' } }];

/** A random line of the text (start and end offsets) and a random offset in it. */
function randomLine(text: string, rnd: () => number): { lineStart: number; lineEnd: number; at: number } {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') starts.push(i + 1);
  const lineStart = starts[Math.floor(rnd() * starts.length)];
  const lineEnd = text.indexOf('\n', lineStart) < 0 ? text.length : text.indexOf('\n', lineStart);
  return { lineStart, lineEnd, at: lineStart + Math.floor(rnd() * (lineEnd - lineStart + 1)) };
}

/** One edit of a kind that can change what a stage's reports depend on. */
function edit(text: string, rnd: () => number): string {
  const pick = <T>(xs: T[]) => xs[Math.floor(rnd() * xs.length)];
  const { lineStart, lineEnd, at } = randomLine(text, rnd);
  const r = rnd();
  if (r < 0.35) return text.slice(0, at) + pick(TYPED) + text.slice(at);
  if (r < 0.5) return text.slice(0, at) + text.slice(Math.min(text.length, at + 1 + Math.floor(rnd() * 12)));
  if (r < 0.55) return text.slice(0, lineStart) + pick(LINES) + '\n' + text.slice(lineStart);
  // A line replaced in place: no stage moves, but a stage the others are built FROM may now declare other variables.
  if (r < 0.65) return text.slice(0, lineStart) + pick(LINES) + text.slice(lineEnd);
  if (r < 0.8) {
    // Rename a stage, or build a stage FROM an earlier stage's name (its lineage changes).
    const names = [...text.matchAll(/^\s*FROM\s.*?\s+AS\s+(\S+)/gim)].map((m) => m[1]);
    const froms = [...text.matchAll(/^(\s*FROM\s+(?:--\S+\s+)*)(\S+)/gim)];
    if (!froms.length) return text.slice(0, at) + 'x' + text.slice(at);
    const m = pick(froms);
    const start = m.index! + m[1].length;
    if (names.length && rnd() < 0.5) return text.slice(0, start) + pick(names) + text.slice(start + m[2].length);
    const name = /\sAS\s+(\S+)/i.exec(text.slice(m.index!, text.indexOf('\n', m.index!) >>> 0));
    if (!name) return text.slice(0, start) + 'base' + text.slice(start + m[2].length);
    const nameAt = m.index! + name.index + name[0].length - name[1].length;
    return text.slice(0, nameAt) + pick(['base', 'builder', name[1] + '2', 'build']) + text.slice(nameAt + name[1].length);
  }
  if (r < 0.93) return pick(HEAD) + text;
  // The line break style of the whole file.
  return text.includes('\r\n') ? text.replace(/\r\n/g, '\n') : text.replace(/\n/g, '\r\n');
}

/** Stages built FROM each other, so that what a stage inherits (variables, WORKDIR, base image) changes under edits. */
const LINEAGE = [
  'ARG BASE=alpine',
  'ARG VERSION',
  'FROM $BASE AS base',
  'ENV GOCACHE=/cache',
  'WORKDIR /app',
  'ARG PIP_NO_CACHE_DIR=1',
  'FROM base AS build',
  'RUN go build ./... && pip install flask && npm ci',
  'COPY $GOCACHE $VERSION /x',
  'WORKDIR rel',
  'EXPOSE 80/TCP 8080:80',
  'FROM build AS final',
  'RUN pip install x',
  'LABEL a=$PIP_NO_CACHE_DIR',
  'CMD ["a"]',
  'CMD ["b"]',
  'FROM --platform=linux/arm64 amd64/alpine AS other',
  'USER $VERSION',
  'FROM ${UNDECLARED}alpine AS late',
  '',
].join('\n');

/** Edits that change one stage and leave the others where they are (the case the per-stage reports are kept for). */
function inPlace(text: string, rnd: () => number): string {
  const pick = <T>(xs: T[]) => xs[Math.floor(rnd() * xs.length)];
  const { lineStart, lineEnd, at } = randomLine(text, rnd);
  const r = rnd();
  // Indenting the first FROM moves the fix that declares a global ARG above it, in every stage's reports.
  if (r < 0.05) return text.replace(/^[ \t]*FROM/m, (m) => (m.startsWith(' ') ? 'FROM' : '  FROM'));
  if (r < 0.4) return text.slice(0, lineStart) + pick([...LINES, ...LINEAGE.split('\n')]) + text.slice(lineEnd);
  if (r < 0.8) return text.slice(0, at) + pick(TYPED) + text.slice(at);
  return text.slice(0, at) + text.slice(Math.min(lineEnd, at + 1 + Math.floor(rnd() * 6)));
}

function assertSameAsFresh(live: Analysis, text: string, where: string): void {
  const fresh = new Analysis(new MemoryWorkspace({ Dockerfile: text }), live.config);
  fresh.fixesWanted = live.fixesWanted;
  assert.equal(JSON.stringify(checkFile('Dockerfile', live)), JSON.stringify(checkFile('Dockerfile', fresh)), `${where}:\n${text}`);
}

test('stage-scoped rules: edits that change what a stage inherits from the stages it is built FROM are seen', () => {
  const before = { ...stageScopeStats };
  const workspace = new MemoryWorkspace({});
  const live = new Analysis(workspace, {});
  const rnd = random(42);
  let text = LINEAGE;
  workspace.set('Dockerfile', text);
  checkFile('Dockerfile', live);
  for (let step = 0; step < 600; step++) {
    // Back to the start now and then, so the stages keep building on each other.
    text = step % 40 === 39 ? LINEAGE : inPlace(text, rnd);
    workspace.set('Dockerfile', text);
    assertSameAsFresh(live, text, `after ${step + 1} edits`);
  }
  assert.ok(stageScopeStats.reused - before.reused > 600, `reused ${stageScopeStats.reused - before.reused}`);
});

test('stage-scoped rules: a long-lived analysis reusing per-stage reports equals a fresh full check after random edits of every corpus Dockerfile', () => {
  assert.ok(files.length >= 100, `corpus Dockerfiles found: ${files.length}`);
  const stageRules = allRules.filter((r) => r.target === 'dockerfile' && r.scope === 'stage').map((r) => r.code);
  assert.ok(stageRules.includes('DW111') && stageRules.includes('DW118') && stageRules.includes('DW007'), `stage-scoped rules: ${stageRules.join(' ')}`);
  const before = { ...stageScopeStats };
  const workspace = new MemoryWorkspace({});
  const live = new Analysis(workspace, {});
  let compared = 0;
  for (const [n, file] of files.entries()) {
    const rnd = random(1000 + n);
    let text = fs.readFileSync(file, 'utf8');
    workspace.set('Dockerfile', text);
    checkFile('Dockerfile', live);
    for (let step = 0; step < 4; step++) {
      text = edit(text, rnd);
      workspace.set('Dockerfile', text);
      if (rnd() < 0.1) live.config = CONFIGS[Math.floor(rnd() * CONFIGS.length)];
      if (rnd() < 0.05) live.fixesWanted = !live.fixesWanted;
      assertSameAsFresh(live, text, `${path.relative(ROOT, file)} after ${step + 1} edits`);
      compared++;
    }
    live.forget('Dockerfile');
  }
  const reused = stageScopeStats.reused - before.reused;
  const run = stageScopeStats.run - before.run;
  console.log(`stage scope: ${compared} edits compared; per-stage reports reused ${reused} times, run ${run} times`);
  assert.ok(reused > compared, `reports of unchanged stages are reused (${reused} reused, ${run} run)`);
});

test('stage-scoped rules: a one-shot check of many files keeps no per-stage reports (nor the models they would pin)', () => {
  const before = { ...stageScopeStats };
  const workspace = new MemoryWorkspace({});
  const live = new Analysis(workspace, {});
  for (const [n, file] of files.slice(0, 40).entries()) {
    workspace.set(`s${n}/Dockerfile`, fs.readFileSync(file, 'utf8'));
    checkFile(`s${n}/Dockerfile`, live);
  }
  // Every stage rule of a file's first check runs directly: nothing is reused or cached for a second check.
  assert.equal(stageScopeStats.run - before.run, 0, 'stage rules run through a per-file cache on a first check');
  assert.equal(stageScopeStats.reused - before.reused, 0);
  // A second check of a file with a new model (an edit) keeps its reports from then on.
  const text = fs.readFileSync(files[0], 'utf8');
  workspace.set('s0/Dockerfile', `${text}\n# edited\n`);
  checkFile('s0/Dockerfile', live);
  assert.ok(stageScopeStats.run - before.run > 0, 'an edited file re-checks through the per-stage cache');
});

test('stage-scoped rules: a one-shot check keeps no Dockerfile model past the analysis model limit', async () => {
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc') as () => void;
  const sample = files.slice(0, 20);
  const analysis = new Analysis(new MemoryWorkspace(Object.fromEntries(sample.map((f, i) => [`d${i}/Dockerfile`, fs.readFileSync(f, 'utf8')]))));
  analysis.fixesWanted = false;
  analysis.dockerfileModelLimit = 2;
  const paths = sample.map((_, i) => `d${i}/Dockerfile`);
  const models = paths.map((p) => {
    checkFile(p, analysis);
    return new WeakRef(analysis.dockerfile(p)!);
  });
  // A second check of the same model (no edit) keeps nothing either.
  checkFile(paths[paths.length - 1], analysis);
  // WeakRefs hold their targets until the synchronous job ends.
  await new Promise((resolve) => setImmediate(resolve));
  gc();
  const alive = models.slice(0, -2).filter((m) => m.deref() !== undefined).length;
  assert.equal(alive, 0, `${alive} of ${models.length - 2} evicted models are still alive`);
});
