// Wire Compose Profiles on examples/photos, then ask the real Compose what it makes of the result with an EMPTY
// environment (no POSTGRES_PASSWORD, no JWT_SECRET): `--profile dev config` and `up` must work, `--profile prod
// config` must stop naming the missing secret (compose v2). docker-compose v1 reads every env file and does not
// expand `${…}` in them: what it does is recorded too (see docs/profiles.md).
// The outputs are recorded in test/fixtures/profiles-wiring/<route>.json, which `npm test` checks against the
// current wiring (test/unit/profilesWiringRecorded.test.ts). DW_RECORD=1 rewrites the recording.
// Started by test/engine/run.sh (DW_ENGINE_ROUTE, DW_DOCKER, DOCKER_HOST, DOCKER_CONFIG).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { main } from '../../server/src/cli/cli';
import { RECORDING_DIR, wiredPhotosDigest, type WiringRecording } from '../compose/profilesWiring';

const route = process.env.DW_ENGINE_ROUTE;
const docker = process.env.DW_DOCKER;
if (!route || !docker || !process.env.DOCKER_HOST) throw new Error('engine tests need DW_ENGINE_ROUTE, DW_DOCKER and DOCKER_HOST: run them with `npm run test:engine`');
const modern = route === 'modern';
const dockerCompose = process.env.DW_DOCKER_COMPOSE ?? 'docker-compose';
const BUSYBOX = '/bin/busybox';
const PROJECT = 'dwwire';
/** The dev profile's images cannot be pulled here: scratch + busybox stand-ins under the same tags (labelled). */
const DEV_IMAGES = ['postgres:16-alpine', 'redis:7-alpine'];

/** Only PATH and the engine's variables: nothing of the caller's environment reaches Compose. */
function emptyEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, DOCKER_HOST: process.env.DOCKER_HOST, ...extra };
  if (process.env.DOCKER_CONFIG) env.DOCKER_CONFIG = process.env.DOCKER_CONFIG;
  return env;
}

function compose(dir: string, args: string[], extra: Record<string, string> = {}) {
  const [cmd, pre] = modern ? [docker!, ['compose']] : [dockerCompose, []];
  const r = spawnSync(cmd, [...pre, '-p', PROJECT, ...args], { cwd: dir, env: emptyEnv(extra), encoding: 'utf8', timeout: 120_000 });
  return { status: r.status ?? -1, stdout: r.stdout ?? '', stderr: `${r.stderr ?? ''}${r.error ? String(r.error) : ''}` };
}

function dockerCli(args: string[]) {
  return spawnSync(docker!, args, { env: emptyEnv(), encoding: 'utf8', timeout: 120_000 });
}

describe(`Wire Compose Profiles on a real Compose (${modern ? 'compose v2' : 'docker-compose v1'})`, () => {
  let dir: string;
  const madeImages: string[] = [];
  const recording: WiringRecording = { route: route!, compose: '', digest: '', devConfig: { status: -1, services: [] }, prodConfig: { status: -1, message: '' }, devUp: { status: -1, running: [] } };

  before(() => {
    dir = path.join(mkdtempSync(path.join(tmpdir(), 'dw-wire-')), 'photos');
    cpSync(path.join(__dirname, '../../examples/photos'), dir, { recursive: true });
    let out = '';
    assert.equal(main(['profiles', '--write'], { cwd: dir, stdout: (t) => (out += t), stderr: (t) => (out += t) }), 0, out);
    recording.digest = wiredPhotosDigest((p) => path.join(dir, p));
    const v = modern ? spawnSync(docker!, ['compose', 'version', '--short'], { env: emptyEnv(), encoding: 'utf8' }) : spawnSync(dockerCompose, ['version', '--short'], { env: emptyEnv(), encoding: 'utf8' });
    recording.compose = (v.stdout ?? '').trim();
  });

  after(() => {
    if (dir) {
      compose(dir, ['--profile', 'dev', 'down', '-t', '1', '-v']);
      rmSync(path.dirname(dir), { recursive: true, force: true });
    }
    for (const image of madeImages) dockerCli(['rmi', image]);
  });

  it('--profile dev config succeeds with an empty environment', () => {
    const r = compose(dir, ['--profile', 'dev', 'config', '--services']);
    assert.equal(r.status, 0, r.stderr);
    recording.devConfig = { status: r.status, services: r.stdout.split('\n').filter(Boolean).sort() };
    // v2 lists the services of the active profiles, v1 every service.
    if (modern) assert.deepEqual(recording.devConfig.services, ['postgres', 'redis']);
  });

  it(modern ? '--profile prod config fails naming the missing secret' : '--profile prod config: v1 passes the env files through unexpanded', () => {
    const r = compose(dir, ['--profile', 'prod', 'config']);
    if (modern) {
      assert.notEqual(r.status, 0);
      assert.match(r.stderr, /required variable (POSTGRES_PASSWORD|JWT_SECRET) is missing a value: \1 must be set/);
      recording.prodConfig = { status: r.status, message: r.stderr.trim().split('\n').pop()!.replace(dir, '<project>') };
      // With the variables set, the same command works and they reach the containers.
      const set = compose(dir, ['--profile', 'prod', 'config'], { POSTGRES_PASSWORD: 'pw-from-shell', JWT_SECRET: 'jwt-from-shell' });
      assert.equal(set.status, 0, set.stderr);
      assert.match(set.stdout, /DATABASE_URL: postgres:\/\/photos:pw-from-shell@postgres-prod:5432\/photos\?sslmode=disable/);
      assert.match(set.stdout, /JWT_SECRET: jwt-from-shell/);
    } else {
      assert.equal(r.status, 0, r.stderr);
      const line = r.stdout.split('\n').find((l) => /JWT_SECRET:/.test(l))!.trim();
      assert.match(line, /\$\$\{JWT_SECRET:\?JWT_SECRET must be set\}/);
      recording.prodConfig = { status: r.status, message: line };
    }
  });

  it('--profile dev up starts the dev services', () => {
    assert.ok(existsSync(BUSYBOX), 'busybox-static must be installed');
    const ctx = mkdtempSync(path.join(tmpdir(), 'dw-wire-img-'));
    try {
      cpSync(BUSYBOX, path.join(ctx, 'busybox'));
      writeFileSync(path.join(ctx, 'Dockerfile'), 'FROM scratch\nCOPY busybox /bin/busybox\nRUN ["/bin/busybox", "--install", "-s", "/bin"]\nLABEL org.dockwright.standin=true\nCMD ["/bin/busybox", "sleep", "600"]\n');
      for (const image of DEV_IMAGES) {
        const has = dockerCli(['image', 'inspect', image]).status === 0;
        if (has) continue;
        const b = dockerCli(['build', '-q', '-t', image, ctx]);
        assert.equal(b.status, 0, b.stderr);
        madeImages.push(image);
      }
    } finally {
      rmSync(ctx, { recursive: true, force: true });
    }
    const r = compose(dir, ['--profile', 'dev', 'up', '-d']);
    assert.equal(r.status, 0, r.stderr);
    const ps = dockerCli(['ps', '--filter', `label=com.docker.compose.project=${PROJECT}`, '--format', '{{.Label "com.docker.compose.service"}}']);
    const running = (ps.stdout ?? '').split('\n').filter(Boolean).sort();
    assert.deepEqual(running, ['postgres', 'redis']);
    recording.devUp = { status: r.status, running };
  });

  after(() => {
    if (process.env.DW_RECORD === '1') writeFileSync(path.join(RECORDING_DIR, `${route}.json`), JSON.stringify(recording, null, 2) + '\n');
  });
});
