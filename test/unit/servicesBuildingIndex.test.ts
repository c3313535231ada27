// servicesBuilding() memoises, per compose build index, the services that only run an image (it is asked once per
// Dockerfile of the workspace). Asking every Dockerfile against one shared index must give exactly what a fresh
// index per Dockerfile gives, on every corpus repository and on a workspace made to exercise image-only services.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { test } from 'node:test';
import { indexComposeBuilds, servicesBuilding, composeFilesOf } from '../../server/src/core/split/services';
import { fileKind, MemoryWorkspace, type Workspace } from '../../server/src/core/workspace';
import { FsWorkspace } from '../../server/src/node/fsWorkspace';
import { corpusRepositories } from '../helpers';

const ROOT = path.resolve(__dirname, '../..');

function compareSharedWithFresh(ws: Workspace, label: string): number {
  const composeFiles = composeFilesOf(ws);
  const dockerfiles = ws.listFiles().filter((f) => fileKind(f) === 'dockerfile');
  const shared = indexComposeBuilds(ws, composeFiles);
  // Twice, the second time in reverse: every Dockerfile is also asked after the memo was filled by another one.
  for (const dockerfile of [...dockerfiles, ...[...dockerfiles].reverse()]) {
    const fresh = servicesBuilding(ws, composeFiles, dockerfile, indexComposeBuilds(ws, composeFiles));
    assert.deepEqual(servicesBuilding(ws, composeFiles, dockerfile, shared), fresh, `${label}: ${dockerfile}`);
  }
  return dockerfiles.length;
}

test('servicesBuilding: a shared index gives what a fresh one gives (image-only services, published by compose and by CI)', () => {
  const ws = new MemoryWorkspace({
    'api/Dockerfile': 'FROM golang:1.22\n',
    'web/Dockerfile': 'FROM node:20\n',
    'worker/Dockerfile': 'FROM python:3.12\n',
    'compose.yaml': 'services:\n  api:\n    build: ./api\n    image: ghcr.io/acme/api:${TAG:-dev}\n  api-runner:\n    image: ghcr.io/acme/api:1.2\n  web:\n    build: ./web\n  web-runner:\n    image: docker.io/library/acme-web\n  other:\n    image: redis:7\n',
    'compose.override.yaml': 'services:\n  api-runner:\n    image: ghcr.io/acme/api:1.3\n  other:\n    command: ["redis-server"]\n',
    'deploy/compose.yml': 'services:\n  worker-runner:\n    image: acme/worker\n  web-runner:\n    image: acme-web:2\n',
    '.github/workflows/ci.yml': 'jobs:\n  b:\n    steps:\n      - uses: docker/build-push-action@v5\n        with:\n          file: worker/Dockerfile\n          tags: acme/worker:latest\n      - uses: docker/build-push-action@v5\n        with:\n          file: web/Dockerfile\n          tags: acme-web:edge\n',
  });
  assert.equal(compareSharedWithFresh(ws, 'made'), 3);
  // The image-only services do reach the result (so the memoised list is exercised, not skipped).
  const composeFiles = composeFilesOf(ws);
  const shared = indexComposeBuilds(ws, composeFiles);
  assert.deepEqual(servicesBuilding(ws, composeFiles, 'api/Dockerfile', shared).services.map((s) => s.name), ['api', 'api-runner']);
  assert.deepEqual(servicesBuilding(ws, composeFiles, 'worker/Dockerfile', shared).services.map((s) => s.name), ['worker-runner']);
  assert.deepEqual(servicesBuilding(ws, composeFiles, 'web/Dockerfile', shared).services.map((s) => s.name), ['web', 'web-runner', 'web-runner']);
});

test('servicesBuilding: a shared index gives what a fresh one gives on every corpus repository', () => {
  const repos = corpusRepositories();
  let dockerfiles = 0;
  for (const repo of repos) dockerfiles += compareSharedWithFresh(new FsWorkspace(repo), path.relative(ROOT, repo));
  if (repos.length) assert.ok(dockerfiles > 0);
});
