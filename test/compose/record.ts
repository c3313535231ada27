// Records `docker compose config --format json` (v2) for every merge case into test/fixtures/compose-config/.
//   DOCKER_CONFIG=/tmp/dw-engine/cfg DW_DOCKER=/tmp/dw-engine/root/usr/bin/docker node --import tsx test/compose/record.ts
// (no daemon needed). The engine suite fails when a recording no longer matches what Compose prints.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { composeV2Config, FIXTURE_DIR, relocate, writeCase } from './harness';
import { exampleCases, MERGE_CASES as TABLE } from './mergeCases';

const MERGE_CASES = [...TABLE, ...exampleCases()];

const docker = process.env.DW_DOCKER ?? 'docker';
mkdirSync(FIXTURE_DIR, { recursive: true });
for (const c of MERGE_CASES) {
  const dir = writeCase(c);
  const run = composeV2Config(c, dir, docker);
  rmSync(path.dirname(dir), { recursive: true, force: true });
  if (!run.ok) throw new Error(`${c.name}: docker compose config failed:\n${run.output}`);
  writeFileSync(path.join(FIXTURE_DIR, `${c.name}.json`), relocate(run.output, dir));
  console.log(`recorded ${c.name}`);
}
