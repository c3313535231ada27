// Our compose merge (include, extends, override files, .env interpolation, anchors, !reset/!override) against the real
// `docker compose config` (modern route: compose v2 plugin) and `docker-compose config` (legacy route: v1.29), for
// every case of test/compose/mergeCases.ts. Neither needs the daemon. On the modern route the recordings that
// `npm test` compares with must also still match what Compose prints.
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { composeV1Config, composeV2Config, engineCanonical, FIXTURE_DIR, ourCanonical, PROJECT_DIR, relocate, writeCase } from '../compose/harness';
import { MERGE_CASES } from '../compose/mergeCases';

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
      assert.deepEqual(ourCanonical(c, dir), engineCanonical(run.data, dir));
      if (modern) {
        // Compared in canonical form, so a newer Compose that spells things differently does not fail the suite.
        const recorded = JSON.parse(readFileSync(path.join(FIXTURE_DIR, `${c.name}.json`), 'utf8'));
        assert.deepEqual(engineCanonical(JSON.parse(relocate(run.output, dir)), PROJECT_DIR), engineCanonical(recorded, PROJECT_DIR), 'the recording is stale: re-run test/compose/record.ts');
      }
    });
  }
});
