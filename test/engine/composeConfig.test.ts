// Our compose merge (include, extends, override files, .env interpolation, anchors, !reset/!override) against the real
// `docker compose config` (modern route: compose v2 plugin) and `docker-compose config` (legacy route: v1.29), for
// every case of test/compose/mergeCases.ts. Neither needs the daemon. On the modern route the recordings that
// `npm test` compares with must also still match what Compose prints.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { Analysis } from '../../server/src/core/analysis';
import { enabledServices } from '../../server/src/core/compose/profiles';
import { loadProject } from '../../server/src/core/compose/project';
import { MemoryWorkspace } from '../../server/src/core/workspace';
import { composeV1Config, composeV2Config, defaultComposeFile, engineCanonical, FIXTURE_DIR, ourCanonical, PROJECT_DIR, relocate, writeCase } from '../compose/harness';
import { exampleCases, MERGE_CASES as TABLE } from '../compose/mergeCases';

const MERGE_CASES = [...TABLE, ...exampleCases()];

const route = process.env.DW_ENGINE_ROUTE;
const docker = process.env.DW_DOCKER;
if (!route || !docker) throw new Error('engine tests need DW_ENGINE_ROUTE and DW_DOCKER: run them with `npm run test:engine`');
const modern = route === 'modern';
const dockerCompose = process.env.DW_DOCKER_COMPOSE ?? 'docker-compose';

describe(`compose config equivalence (${modern ? 'docker compose v2' : 'docker-compose v1'})`, () => {
  const dirs: string[] = [];
  after(() => {
    for (const d of dirs) rmSync(path.dirname(d), { recursive: true, force: true });
  });

  for (const c of MERGE_CASES) {
    const skip = !modern && c.v1Unsupported ? `v1: ${c.v1Unsupported}` : false;
    it(c.name, { skip }, () => {
      const dir = writeCase(c);
      dirs.push(dir);
      const run = modern ? composeV2Config(c, dir, docker) : composeV1Config(c, dir, dockerCompose);
      assert.ok(run.ok, run.output);
      assert.deepEqual(ourCanonical(c, dir, { interpolateEnvFiles: modern }), engineCanonical(run.data, dir));
      if (modern) {
        // Compared in canonical form, so a newer Compose that spells things differently does not fail the suite.
        const recorded = JSON.parse(readFileSync(path.join(FIXTURE_DIR, `${c.name}.json`), 'utf8'));
        assert.deepEqual(engineCanonical(JSON.parse(relocate(run.output, dir)), PROJECT_DIR), engineCanonical(recorded, PROJECT_DIR), 'the recording is stale: re-run test/compose/record.ts');
      }
    });
  }
});

/** The compose-spec "Profiles" example plus an optional dependency: which services each profile set starts. */
const PROFILE_PROJECT = `services:
  foo:
    image: foo
  bar:
    image: bar
    profiles: [test]
  baz:
    image: baz
    profiles: [test]
    depends_on: [bar]
  zot:
    image: zot
    profiles: [debug]
    depends_on: [bar]
  opt:
    image: opt
    profiles: [optional]
    depends_on:
      bar:
        condition: service_started
        required: false
`;
const PROFILE_SETS = [[], ['test'], ['debug'], ['debug', 'test'], ['optional'], ['optional', 'test'], ['*']];

describe('profile semantics vs docker compose v2 (`--profile … config --services`)', { skip: modern ? false : 'v1 lists every service whatever the profiles' }, () => {
  for (const active of PROFILE_SETS) {
    it(`--profile ${active.join(' --profile ') || '(none)'}`, () => {
      const c = { name: 'profiles', files: { 'compose.yaml': PROFILE_PROJECT } };
      const dir = writeCase(c);
      try {
        const r = spawnSync(docker, ['compose', ...active.flatMap((p) => ['--profile', p]), 'config', '--services'], { cwd: dir, env: { PATH: process.env.PATH, DOCKER_CONFIG: process.env.DOCKER_CONFIG }, encoding: 'utf8', timeout: 30_000 });
        const project = loadProject(new Analysis(new MemoryWorkspace(c.files)), 'compose.yaml');
        const ours = enabledServices(project.services, active);
        const fatal = ours.missing.filter((m) => m.required);
        if (fatal.length) {
          assert.notEqual(r.status, 0, `Compose accepted what we report as missing: ${JSON.stringify(fatal)}`);
          assert.match(r.stderr, new RegExp(`"${fatal[0].service}" depends on undefined service "${fatal[0].dependency}"`));
        } else {
          assert.equal(r.status, 0, r.stderr);
          assert.deepEqual(ours.services.sort(), r.stdout.split('\n').filter(Boolean).sort());
        }
      } finally {
        rmSync(path.dirname(dir), { recursive: true, force: true });
      }
    });
  }
});

describe('profile semantics of the wired examples vs docker compose v2', { skip: modern ? false : 'v1 lists every service whatever the profiles' }, () => {
  for (const c of exampleCases().filter((x) => x.name.startsWith('golden-'))) {
    for (const active of [[], ['dev'], ['prod'], ['dev', 'prod']]) {
      it(`${c.name}: --profile ${active.join(' --profile ') || '(none)'}`, () => {
        const dir = writeCase(c);
        try {
          const r = spawnSync(docker, ['compose', ...active.flatMap((p) => ['--profile', p]), 'config', '--services'], { cwd: dir, env: { PATH: process.env.PATH, DOCKER_CONFIG: process.env.DOCKER_CONFIG }, encoding: 'utf8', timeout: 30_000 });
          const project = loadProject(new Analysis(new MemoryWorkspace(c.files)), defaultComposeFile(c));
          const ours = enabledServices(project.services, active);
          assert.deepEqual(ours.missing, [], 'the wiring leaves no dependency disabled');
          assert.equal(r.status, 0, r.stderr);
          assert.deepEqual(ours.services.sort(), r.stdout.split('\n').filter(Boolean).sort());
        } finally {
          rmSync(path.dirname(dir), { recursive: true, force: true });
        }
      });
    }
  }
});
