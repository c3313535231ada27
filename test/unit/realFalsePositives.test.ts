/**
 * False positives found on real public repositories (issue #15), each pinned by the real file it was found on.
 * The files live unchanged under test/fixtures/real/<owner>__<repo>/ (provenance and licence in SOURCES.md there).
 * Every block also keeps a true positive of the rule it changes, so the fix cannot simply switch the rule off.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { check } from '../helpers';
import type { Finding } from '../../server/src/core/types';

const REAL = path.join(__dirname, '..', 'fixtures', 'real');

/** The files of one real repository's fixture, as workspace-relative paths (SOURCES.md left out). */
function repo(name: string, only?: (p: string) => boolean): Record<string, string> {
  const root = path.join(REAL, name);
  const out: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const abs = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(abs);
      else {
        const rel = path.relative(root, abs).split(path.sep).join('/');
        if (rel !== 'SOURCES.md' && (!only || only(rel))) out[rel] = fs.readFileSync(abs, 'utf8');
      }
    }
  };
  walk(root);
  return out;
}

const of = (findings: Finding[], code: string) => findings.filter((f) => f.code === code);
const errors = (findings: Finding[]) => findings.filter((f) => f.severity === 'error');

// 1. Compose overlay files -------------------------------------------------------------------------------------------

test('openmeter e2e overlay is checked as part of the Makefile -f set: no DW204 on kafka/clickhouse/postgres/redis', () => {
  const files = repo('openmeterio__openmeter');
  const findings = check(files, 'e2e/docker-compose.openmeter.yaml');
  assert.deepEqual(of(findings, 'DW204'), []);
  assert.deepEqual(errors(findings), []);
  // The set really is merged: the build comes from docker-compose.openmeter-local.yaml, so DW304 can look at the Dockerfile.
  assert.ok(of(findings, 'DW304').length > 0, 'the overlay is merged with the file that gives it a build');
});

test('openmeter overlay alone (no file set found) does not report dependencies other files define', () => {
  const files = repo('openmeterio__openmeter', (p) => p === 'e2e/docker-compose.openmeter.yaml');
  assert.deepEqual(errors(check(files, 'e2e/docker-compose.openmeter.yaml')), []);
});

test('openmeter overlay found through the Makefile alone (header comment removed)', () => {
  const files = repo('openmeterio__openmeter');
  files['e2e/docker-compose.openmeter.yaml'] = files['e2e/docker-compose.openmeter.yaml'].replace(/^(#.*\n)+/, '');
  const findings = check(files, 'e2e/docker-compose.openmeter.yaml');
  assert.deepEqual(of(findings, 'DW204'), []);
  assert.ok(of(findings, 'DW304').length > 0, 'merged with docker-compose.openmeter-local.yaml named only by the Makefile');
});

test('DW204 still fires on a complete file that depends on an undefined service', () => {
  const files = { 'compose.yaml': 'services:\n  app:\n    image: alpine:3.20\n    depends_on: [db]\n' };
  assert.equal(of(check(files, 'compose.yaml'), 'DW204').length, 1);
});

test('DW204 still fires inside a -f set when no file of the set defines the dependency', () => {
  const files = {
    'Makefile': 'up:\n\tdocker compose -f compose.base.yml -f compose.extra.yml up\n',
    'compose.base.yml': 'services:\n  app:\n    image: alpine:3.20\n',
    'compose.extra.yml': 'services:\n  app:\n    depends_on: [db]\n',
  };
  assert.equal(of(check(files, 'compose.extra.yml'), 'DW204').length, 1);
});

test('compose file sets: COMPOSE_FILE in .env and a CI step with working-directory', async () => {
  const { findComposeFileSets } = await import('../../server/src/core/compose/fileSets');
  const texts = new Map([
    ['deploy/.env', 'COMPOSE_FILE=compose.yml:compose.prod.yml\n'],
    ['.github/workflows/ci.yml', 'jobs:\n  e2e:\n    steps:\n      - run: docker compose -f compose.yml -f compose.ci.yml up -d\n        working-directory: deploy\n'],
  ]);
  const compose = ['deploy/compose.yml', 'deploy/compose.prod.yml', 'deploy/compose.ci.yml'];
  const sets = findComposeFileSets(texts, compose, (p) => compose.includes(p));
  assert.deepEqual(sets.map((s) => s.files), [['deploy/compose.yml', 'deploy/compose.prod.yml'], ['deploy/compose.yml', 'deploy/compose.ci.yml']]);
});
