import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { Analysis } from '../../server/src/core/analysis';
import { checkFile } from '../../server/src/core/check';
import { FsWorkspace } from '../../server/src/node/fsWorkspace';
import { fixAll } from '../helpers';

const EXAMPLES = path.resolve(__dirname, '../../examples');

function findings(root: string, file: string): string[] {
  const analysis = new Analysis(new FsWorkspace(root));
  return checkFile(file, analysis, { onRuleError: (code, _f, e) => { throw new Error(`${code}: ${e}`); } }).map((f) => `${f.code}@${f.range.start.line + 1}:${f.severity}`);
}

test('R/Plumber before: root, no cache mounts, no healthcheck', () => {
  assert.deepEqual(findings(path.join(EXAMPLES, 'r-plumber'), 'before/Dockerfile'), [
    'DW107@2:warning',
    'DW111@4:info',
    'DW111@11:info',
    'DW109@16:info',
  ]);
});

test('R/Plumber after: three stages, ccache and cache mounts, apiuser 1001, HEALTHCHECK — no findings, no # syntax line', () => {
  const root = path.join(EXAMPLES, 'r-plumber');
  assert.deepEqual(findings(root, 'after/Dockerfile'), []);
  const text = fs.readFileSync(path.join(root, 'after/Dockerfile'), 'utf8');
  assert.ok(!/^#\s*syntax\s*=/im.test(text));
  assert.match(text, /FROM rocker\/r-ver:4\.4\.1 AS base[\s\S]*FROM base AS packages[\s\S]*AS production/);
  assert.match(text, /sharing=locked/);
  assert.match(text, /--uid 1001/);
  assert.match(text, /HEALTHCHECK[^\n]*--start-period=30s/);
});

test('R/Plumber before: the offered fixes apply and re-check cleanly', () => {
  const files: Record<string, string> = { Dockerfile: fs.readFileSync(path.join(EXAMPLES, 'r-plumber/before/Dockerfile'), 'utf8') };
  let current = files;
  for (const code of ['DW107', 'DW111']) current = fixAll(current, 'Dockerfile', code);
  assert.match(current.Dockerfile, /USER app/);
  // The RUN is wrapped: the mounts are too, one per line, with its `&&` lines' indent.
  assert.match(current.Dockerfile, /RUN --mount=type=cache,target=\/var\/cache\/apt,sharing=locked \\\n {4}--mount=type=cache,target=\/var\/lib\/apt,sharing=locked \\\n {4}apt-get update/);
  assert.ok(!current.Dockerfile.includes('# syntax'));
});

/** Findings of this branch's codes (DW0xx syntax, DW104–DW111, DW113–DW119) on every Dockerfile in examples/. */
const MINE = /^DW(0\d\d|10[4-9]|11[013-9])$/;
const EXPECTED_IN_EXAMPLES: Record<string, string[]> = {
  'go-debian-webp/Dockerfile': ['DW111@4:info', 'DW111@9:info', 'DW111@11:info', 'DW111@16:info'],
  'go-sqlite/Dockerfile': [],
  'go-xx/Dockerfile': [],
  'go-vips/Dockerfile': ['DW111@3:info', 'DW111@8:info', 'DW111@10:info', 'DW111@14:info', 'DW109@22:info'],
  'no-compose/Dockerfile': ['DW111@6:info', 'DW111@7:info', 'DW109@16:info'],
  'node-media/Dockerfile': ['DW111@6:info', 'DW111@16:info', 'DW109@25:info'],
  'node-mongo/api/Dockerfile': ['DW111@4:info', 'DW109@7:info'],
  'photos/backend/Dockerfile': ['DW111@6:info', 'DW111@8:info', 'DW109@22:info'],
  'photos/frontend/Dockerfile': ['DW111@4:info', 'DW107@8:info'],
  'python-rabbitmq/app/Dockerfile': ['DW109@8:info'],
  'python-shared/Dockerfile': ['DW111@3:info', 'DW111@13:info', 'DW109@21:info'],
  'r-plumber/before/Dockerfile': ['DW107@2:warning', 'DW111@4:info', 'DW111@11:info', 'DW109@16:info'],
  'r-plumber/after/Dockerfile': [],
  'rust-workspace/Dockerfile': ['DW111@3:info', 'DW111@14:info', 'DW109@21:info'],
  'two-compose-ci/Dockerfile': ['DW111@6:info', 'DW111@9:info', 'DW109@14:info'],
};

test('every Dockerfile in examples/: exactly the expected DW0xx/DW1xx findings of this catalogue', () => {
  const ws = new FsWorkspace(EXAMPLES);
  const analysis = new Analysis(ws);
  const dockerfiles = ws.listFiles().filter((f) => /(^|\/)Dockerfile[^/]*$/.test(f));
  const actual: Record<string, string[]> = {};
  for (const file of dockerfiles) {
    actual[file] = checkFile(file, analysis).filter((f) => MINE.test(f.code)).map((f) => `${f.code}@${f.range.start.line + 1}:${f.severity}`);
  }
  // Examples added by other branches without an entry here are reported, so the table stays complete.
  assert.deepEqual(actual, EXPECTED_IN_EXAMPLES);
});
