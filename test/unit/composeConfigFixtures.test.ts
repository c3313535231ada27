// Our merged compose model against the recorded output of the real `docker compose config` (v2.26) for every case of
// the merge/interpolation table (test/compose/mergeCases.ts). The engine suite re-runs Compose and checks the
// recordings are current (test/engine/composeConfig.test.ts).
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { canonicalProject, shellSplit } from '../compose/canonical';
import { engineCanonical, FIXTURE_DIR, ourCanonical, PROJECT_DIR } from '../compose/harness';
import { exampleCases, MERGE_CASES as TABLE } from '../compose/mergeCases';

const MERGE_CASES = [...TABLE, ...exampleCases()];

for (const c of MERGE_CASES) {
  const file = path.join(FIXTURE_DIR, `${c.name}.json`);
  // A newly added example may not be recorded yet (the engine suite compares it live); the table's cases must be.
  const skip = c.name.startsWith('example-') && !existsSync(file) ? 'not recorded yet: run test/compose/record.ts' : false;
  test(`docker compose config (recorded): ${c.name}`, { skip }, () => {
    assert.ok(existsSync(file), `no recording for ${c.name}: run test/compose/record.ts`);
    const recorded = engineCanonical(JSON.parse(readFileSync(file, 'utf8')), PROJECT_DIR);
    assert.deepEqual(ourCanonical(c, PROJECT_DIR), recorded);
  });
}

test('every recording belongs to a case', () => {
  const names = new Set(MERGE_CASES.map((c) => `${c.name}.json`));
  assert.equal(names.size, MERGE_CASES.length, 'case names are unique');
  assert.deepEqual(readdirSync(FIXTURE_DIR).filter((f) => !names.has(f)), []);
});

test('the canonical view keeps merge-relevant differences apart', () => {
  const dir = '/p';
  const view = (services: unknown) => canonicalProject({ services }, { dir });
  // Short and long syntax of the same thing compare equal…
  assert.deepEqual(view({ a: { ports: ['8080:80'], depends_on: ['db'], command: 'run "a b"' } }), view({ a: { ports: [{ target: 80, published: '8080', protocol: 'tcp' }], depends_on: { db: { condition: 'service_started', required: true } }, command: ['run', 'a b'] } }));
  // …while a replaced value, a missing entry or a different order of command words do not.
  assert.notDeepEqual(view({ a: { ports: ['8080:80'] } }), view({ a: { ports: ['8080:80', '8443:443'] } }));
  assert.notDeepEqual(view({ a: { environment: ['A=1'] } }), view({ a: { environment: { A: '2' } } }));
  assert.notDeepEqual(view({ a: { command: ['a', 'b'] } }), view({ a: { command: ['b', 'a'] } }));
  assert.notDeepEqual(view({ a: { volumes: ['./x:/x'] } }), view({ a: { volumes: ['x:/x'] } }));
  assert.deepEqual(shellSplit(`echo "hi there" 'a b' c\\ d`), ['echo', 'hi there', 'a b', 'c d']);
});
