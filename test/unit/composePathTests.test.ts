// The path tests of compose/services.ts are memoised by path: a memoised answer must be the answer of the test itself,
// for any order of questions and past the memo's size bound (it is cleared, not trusted, when full).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { seededRandom as random } from '../helpers';
import { isNonProdFilePath, isProdFileName, isTestOrCiFilePath, memoisedPathTest } from '../../server/src/core/compose/services';

const SEGMENTS = ['prod', 'production', 'dev', 'develop', 'tests', '.ci', 'e2e', '.devcontainer', 'app', 'deploy', 'src', 'local', 'x'];
const NAMES = ['compose.yaml', 'docker-compose.yml', 'docker-compose.prod.yml', 'compose.test.yaml', 'docker-compose.dev.yaml', 'compose.local.yml', 'compose.ci.yaml', 'stack.yml'];

function randomPaths(count: number, rnd: () => number): string[] {
  const pick = <T>(xs: T[]) => xs[Math.floor(rnd() * xs.length)];
  return Array.from({ length: count }, (_, i) => [...Array.from({ length: Math.floor(rnd() * 4) }, () => pick(SEGMENTS)), `${i % 7 === 0 ? `v${i}-` : ''}${pick(NAMES)}`].join('/'));
}

test('a memoised path test answers as the test does, in any order and past its size bound', () => {
  const rnd = random(5);
  const paths = randomPaths(2500, rnd);
  const raw = (path: string) => path.length % 3 === 0 || path.includes('prod/');
  const memoised = memoisedPathTest(raw);
  for (let i = 0; i < 20_000; i++) {
    const path = paths[Math.floor(rnd() * paths.length)];
    assert.equal(memoised(path), raw(path), path);
  }
});

test('the compose path tests give the same answers asked again in another order', () => {
  const rnd = random(6);
  const paths = randomPaths(3000, rnd);
  for (const pathTest of [isProdFileName, isTestOrCiFilePath, isNonProdFilePath]) {
    const first = new Map(paths.map((p) => [p, pathTest(p)]));
    for (const p of [...paths].sort(() => rnd() - 0.5)) assert.equal(pathTest(p), first.get(p), p);
  }
  assert.equal(isProdFileName('deploy/docker-compose.prod.yml'), true);
  assert.equal(isProdFileName('prod/compose.yaml'), true);
  assert.equal(isProdFileName('docker-compose.yml'), false);
  assert.equal(isNonProdFilePath('.devcontainer/docker-compose.yml'), true);
  assert.equal(isNonProdFilePath('docker-compose.yml'), false);
  assert.equal(isTestOrCiFilePath('tests/compose.yaml'), true);
});
