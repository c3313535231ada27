// What the real Compose did with the wired photos example (recorded by test/engine/profilesWiring.test.ts on both
// engine routes), checked against today's wiring without an engine: if the wiring changes, the recording is stale.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { Analysis } from '../../server/src/core/analysis';
import { enabledServices } from '../../server/src/core/compose/profiles';
import { loadProject } from '../../server/src/core/compose/project';
import { MemoryWorkspace } from '../../server/src/core/workspace';
import { RECORDING_DIR, wiredPhotosDigest, type WiringRecording } from '../compose/profilesWiring';

const golden = path.join(__dirname, '../golden/profiles');
const at = (rel: string) => (rel === 'docker-compose.yml' ? path.join(golden, 'photos.twins.yml') : path.join(golden, 'photos.twins.created', rel));
const recording = (route: string) => JSON.parse(readFileSync(path.join(RECORDING_DIR, `${route}.json`), 'utf8')) as WiringRecording;

for (const route of ['modern', 'legacy']) {
  test(`recorded Compose run of the wired photos example is current (${route})`, () => {
    assert.equal(recording(route).digest, wiredPhotosDigest(at), 'the wiring changed since the recording: re-run `DW_RECORD=1` test/engine/profilesWiring.test.ts on both routes');
  });
}

test('with an empty environment, the wired dev profile configures and starts on both Compose versions', () => {
  const files = { 'docker-compose.yml': readFileSync(at('docker-compose.yml'), 'utf8') };
  const dev = enabledServices(loadProject(new Analysis(new MemoryWorkspace(files)), 'docker-compose.yml').services, ['dev']).services.sort();
  for (const route of ['modern', 'legacy']) {
    const r = recording(route);
    assert.equal(r.devConfig.status, 0, route);
    assert.equal(r.devUp.status, 0, route);
    assert.deepEqual(r.devUp.running, dev, route);
  }
  assert.deepEqual(recording('modern').devConfig.services, dev);
});

test('compose v2 stops --profile prod naming a secret the wiring made required in an env file', () => {
  const r = recording('modern');
  assert.notEqual(r.prodConfig.status, 0);
  const name = /required variable ([A-Z_]+) is missing a value/.exec(r.prodConfig.message)?.[1];
  assert.ok(name, r.prodConfig.message);
  // The env files' lines as written (parsing them would substitute the variables).
  const lines = ['postgres-prod', 'migrate', 'backend', 'worker', 'scheduler'].flatMap((s) => readFileSync(at(`env/${s}.prod.env`), 'utf8').split('\n')).filter((l) => !l.startsWith('#'));
  assert.ok(lines.some((l) => l.includes(`\${${name}:?${name} must be set}`)), `${name} is not required by any env file`);
  // …and the compose file itself requires nothing, which is what lets `--profile dev` work without it.
  assert.doesNotMatch(readFileSync(at('docker-compose.yml'), 'utf8'), /\$\{[A-Z_]+:?\?/);
});

test('docker-compose v1 does not expand env files: the text reaches the container as written (documented limit)', () => {
  const r = recording('legacy');
  assert.equal(r.prodConfig.status, 0);
  assert.match(r.prodConfig.message, /\$\$\{JWT_SECRET:\?JWT_SECRET must be set\}/);
});
