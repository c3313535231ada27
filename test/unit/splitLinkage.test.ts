import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildCommands } from '../../server/src/core/dockerfile/buildCommands';
import { parseDockerfile } from '../../server/src/core/dockerfile/model';
import { planSplit } from '../../server/src/core/split';
import { contextFromReferences, imageRepository, tagsFromReferences } from '../../server/src/core/split/references';
import { servicesBuilding, composeFilesOf } from '../../server/src/core/split/services';
import { verifySplitFile } from '../../server/src/core/split/verify';
import { MemoryWorkspace } from '../../server/src/core/workspace';
import { codes, check } from '../helpers';

const GO = (...names: string[]) => ({
  'go.mod': 'module example.com/m\n\ngo 1.22\n',
  ...Object.fromEntries(names.map((n) => [`cmd/${n}/main.go`, 'package main\nfunc main() {}\n'])),
});

/** Builds api and worker into /usr/local/bin (no trailing slash) and runs api; nothing in compose builds it. */
const DOCKERFILE = 'FROM golang:1.22 AS b\nWORKDIR /s\nCOPY . .\nRUN go build -o /out/api ./cmd/api && go build -o /out/worker ./cmd/worker\nFROM debian:bookworm-slim\nWORKDIR /data\nCOPY --from=b /out/api /usr/local/bin\nCOPY --from=b /out/worker /usr/local/bin\nUSER 1001\nCMD ["/usr/local/bin/api"]\n';

/** Runs the published image as api (its CMD) and as worker (`sh -c "worker …"`), plus an unrelated image of a longer name. */
const RUNNER_COMPOSE = [
  'services:',
  '  api:',
  '    image: ${REGISTRY:-ghcr.io/acme}/app:${TAG:-latest}',
  '    volumes:',
  '      - ./api_config:/data/config/',
  '  worker:',
  '    image: ${REGISTRY:-ghcr.io/acme}/app:${TAG:-latest}',
  '    entrypoint: ["/bin/sh", "-c"]',
  '    command: ["worker --queue=jobs -D /data"]',
  '  tools:',
  '    image: ghcr.io/acme/app-tools:1',
  '    command: ["worker"]',
  '',
].join('\n');

test('imageRepository: the tag, digest, docker.io/library and ${VAR:-default} go; unknown variables make it unknown', () => {
  assert.equal(imageRepository('${REPOSITORY:-ghcr.io/neondatabase}/neon:${TAG:-latest}'), 'ghcr.io/neondatabase/neon');
  assert.equal(imageRepository('ghcr.io/neondatabase/neon:${{ needs.meta.outputs.build-tag }}-bookworm-${{ matrix.arch }}'), 'ghcr.io/neondatabase/neon');
  assert.equal(imageRepository('${R:-${FALLBACK:-registry.example:5000/team}}/svc-v${V:-16}:1'), 'registry.example:5000/team/svc-v16');
  assert.equal(imageRepository('docker.io/library/Redis:7@sha256:abc'), 'redis');
  assert.equal(imageRepository('docker.io/acme/app'), 'acme/app');
  assert.equal(imageRepository('localhost:5000/app'), 'localhost:5000/app');
  assert.equal(imageRepository('$REGISTRY/app:1'), undefined);
  assert.equal(imageRepository('ghcr.io/${{ github.repository }}:main'), undefined);
});

test('CI tags: a build-push-action step with file: and tags: publishes this Dockerfile; commented and other steps do not', () => {
  const files = {
    ...GO('api', 'worker'),
    'docker/Dockerfile': DOCKERFILE,
    'docker/Dockerfile.tools': 'FROM alpine\n',
    '.github/workflows/release.yml': [
      'jobs:',
      '  image:',
      '    strategy:',
      '      matrix:',
      '        variant: [tools]',
      '    steps:',
      '      - uses: docker/build-push-action@v6',
      '        with:',
      '          context: .',
      '          # tags: ghcr.io/acme/commented-out',
      '          file: docker/Dockerfile',
      '          push: true',
      '          tags: |',
      '            ghcr.io/acme/app:${{ github.sha }}',
      '            # ghcr.io/acme/also-commented',
      '            ghcr.io/acme/app:latest',
      '      - uses: docker/build-push-action@v6',
      '        with:',
      '          file: docker/Dockerfile.${{ matrix.variant }}',
      '          tags: ghcr.io/acme/app-tools:1, ghcr.io/acme/app-tools:latest',
      '',
    ].join('\n'),
    'deploy/compose.yaml': RUNNER_COMPOSE,
  };
  const ws = new MemoryWorkspace(files);
  assert.deepEqual(tagsFromReferences(ws, 'docker/Dockerfile').map((t) => [t.tag, t.where]), [
    ['ghcr.io/acme/app:${{ github.sha }}', '.github/workflows/release.yml:13'],
    ['ghcr.io/acme/app:latest', '.github/workflows/release.yml:13'],
  ]);
  // A templated file name names the Dockerfile it can expand to.
  assert.deepEqual(tagsFromReferences(ws, 'docker/Dockerfile.tools').map((t) => t.tag), ['ghcr.io/acme/app-tools:1', 'ghcr.io/acme/app-tools:latest']);

  const { services } = servicesBuilding(ws, composeFilesOf(ws), 'docker/Dockerfile');
  assert.deepEqual(services.map((s) => [s.name, s.publishedBy]), [['api', '.github/workflows/release.yml:13'], ['worker', '.github/workflows/release.yml:13']], 'tools runs another repository');

  const dw101 = check(files, 'docker/Dockerfile').filter((f) => f.code === 'DW101');
  assert.equal(dw101.length, 1, 'compose runs two programs of the published image');
  assert.match(dw101[0].message, /Compose runs api, worker from the image it publishes \(ghcr\.io\/acme\/app\)\./);
  const r = planSplit(ws, 'docker/Dockerfile');
  assert.equal(r.notMonolithReason, undefined, r.plan.notes.join('\n'));
  assert.deepEqual(r.programs.map((p) => [p.name, p.services]), [['api', ['api']], ['worker', ['worker']]]);
  assert.ok(r.plan.notes.some((n) => /^service worker runs the published image \$\{REGISTRY:-ghcr\.io\/acme\}\/app:\$\{TAG:-latest\} \(the build \.github\/workflows\/release\.yml:13 tags\), not a build: it keeps running it \(and every binary in it\) until it moves to the image built from docker\/Dockerfile\.worker$/.test(n)), r.plan.notes.join('\n'));
  assert.ok(r.plan.notes.some((n) => /^docker\/Dockerfile is kept: services api, worker run the image it publishes .* and still need every binary until they move to the new images$/.test(n)), r.plan.notes.join('\n'));
  assert.equal(r.plan.deletes.length, 0);
  assert.deepEqual(r.plan.edits, [], 'services that run the published image are not rewired');
  const worker = r.plan.creates.find((c) => c.path === 'docker/Dockerfile.worker')!.content;
  assert.match(worker, /^CMD \["\/usr\/local\/bin\/worker"\]$/m, 'COPY x /usr/local/bin puts x in the folder');
  assert.doesNotMatch(worker, /\/out\/api/);
  for (const c of r.plan.creates) assert.deepEqual(verifySplitFile(c.content, r.programs.find((p) => p.dockerfile === c.path)!.name), [], c.path);
});

test('docker build -t in a script (continued lines) publishes the Dockerfile -f names; a commented one does not', () => {
  const script = [
    '#!/bin/sh',
    'set -e',
    '# docker build -t ghcr.io/acme/app:old -f docker/Dockerfile .',
    'docker buildx build --platform linux/amd64 \\',
    '  --tag "ghcr.io/acme/app:$VERSION" \\',
    '  -f docker/Dockerfile . && docker push ghcr.io/acme/app:$VERSION',
    'docker build -t ghcr.io/acme/other -f other/Dockerfile .',
    '',
  ].join('\n');
  const files = { ...GO('api', 'worker'), 'docker/Dockerfile': DOCKERFILE, 'other/Dockerfile': 'FROM alpine\n', 'scripts/release.sh': script, 'compose.yaml': RUNNER_COMPOSE };
  const ws = new MemoryWorkspace(files);
  assert.deepEqual(tagsFromReferences(ws, 'docker/Dockerfile').map((t) => [t.tag, t.where]), [['ghcr.io/acme/app:$VERSION', 'scripts/release.sh:4']]);
  assert.deepEqual(tagsFromReferences(ws, 'other/Dockerfile').map((t) => t.tag), ['ghcr.io/acme/other']);
  const r = planSplit(ws, 'docker/Dockerfile');
  assert.equal(r.notMonolithReason, undefined, r.plan.notes.join('\n'));
  assert.deepEqual(r.programs.map((p) => [p.name, p.services]), [['api', ['api']], ['worker', ['worker']]]);

  // Only the commented line tags it: nothing links the compose services to this Dockerfile, so nothing runs two programs.
  const commented = { ...files, 'scripts/release.sh': script.split('\n').filter((l) => !/acme\/app:\$VERSION|--platform/.test(l)).join('\n') };
  assert.deepEqual(tagsFromReferences(new MemoryWorkspace(commented), 'docker/Dockerfile'), []);
  assert.ok(planSplit(new MemoryWorkspace(commented), 'docker/Dockerfile').notMonolithReason);
  assert.ok(!codes(check(commented, 'docker/Dockerfile')).includes('DW101'));
});

test('compose build + image: a service running the same repository under another tag counts; an unrelated image does not', () => {
  const files = {
    ...GO('api', 'worker'),
    Dockerfile: 'FROM golang:1.22 AS b\nWORKDIR /s\nCOPY . .\nRUN go build -o /out/ ./cmd/...\nFROM alpine:3.20\nCOPY --from=b /out/ /usr/bin/\nUSER 1001\nCMD ["api"]\n',
    'compose.yaml': 'services:\n  api:\n    build: .\n    image: docker.io/example/app:dev\n',
    'deploy/compose.yaml': 'services:\n  worker:\n    image: example/app:${TAG:-prod}\n    command: ["worker"]\n  other:\n    image: example/app-other:prod\n    command: ["worker"]\n',
  };
  const r = planSplit(new MemoryWorkspace(files), 'Dockerfile');
  assert.equal(r.notMonolithReason, undefined);
  assert.deepEqual(r.programs.map((p) => [p.name, p.services]), [['api', ['api']], ['worker', ['worker']]]);
  assert.ok(r.plan.notes.some((n) => /^service worker runs the published image example\/app:\$\{TAG:-prod\}, not a build/.test(n)), r.plan.notes.join('\n'));
  assert.ok(r.plan.notes.some((n) => /^Dockerfile is kept: service worker runs the image it publishes \(example\/app:\$\{TAG:-prod\}\) and still needs every binary until it moves to the new images$/.test(n)), r.plan.notes.join('\n'));
  assert.ok(!r.plan.edits.some((e) => e.path === 'deploy/compose.yaml'));
});

test('cargo auditable build is a cargo build: its --bin names are the programs', () => {
  const model = parseDockerfile('FROM rust:1.80 AS b\nWORKDIR /s\nCOPY . .\nRUN RUSTFLAGS="-Cforce-frame-pointers=yes" cargo auditable build --features $F --bin alpha --bin beta --locked --release\nRUN cargo chef cook --release --recipe-path recipe.json\n');
  const cargo = buildCommands(model).filter((b) => b.tool === 'cargo');
  assert.deepEqual(cargo.map((b) => [b.verb, b.bins, b.release]), [['build', ['alpha', 'beta'], true]], 'cargo chef cook builds no program');
});

test('a config folder mounted into a WORKDIR that holds no code is not a development mount', () => {
  const files = {
    ...GO('api', 'worker'),
    'docker/Dockerfile': DOCKERFILE,
    'compose.yaml': 'services:\n  api:\n    build:\n      context: .\n      dockerfile: docker/Dockerfile\n    volumes:\n      - ./api_config:/data/config/\n  worker:\n    build:\n      context: .\n      dockerfile: docker/Dockerfile\n    command: ["/usr/local/bin/worker"]\n',
  };
  assert.equal(planSplit(new MemoryWorkspace(files), 'docker/Dockerfile').notMonolithReason, undefined);
  // Over the WORKDIR itself (dendrite's ./config over /etc/dendrite), when the programs come from a build stage: configuration too.
  const overWorkdir = { ...files, 'compose.yaml': files['compose.yaml'].replace('./api_config:/data/config/', './api_config:/data') };
  assert.equal(planSplit(new MemoryWorkspace(overWorkdir), 'docker/Dockerfile').notMonolithReason, undefined);
  // The same mount over a WORKDIR the image copied the code into is one.
  const dev = { ...files, 'docker/Dockerfile': DOCKERFILE.replace('WORKDIR /data\n', 'WORKDIR /data\nCOPY config/ ./config/\n') };
  assert.match(planSplit(new MemoryWorkspace(dev), 'docker/Dockerfile').notMonolithReason ?? '', /development image/);
});

test('build context from a CI step whose file: is templated; a commented step does not count', () => {
  const ci = (file: string) => `jobs:\n  c:\n    steps:\n      # - run: docker build -f build/ComplementPostgres.Dockerfile build\n      - uses: docker/build-push-action@v6\n        with:\n          context: .\n          file: ${file}\n`;
  const ws = (file: string) => new MemoryWorkspace({ 'build/ComplementPostgres.Dockerfile': 'FROM alpine\n', '.github/workflows/ci.yml': ci(file) });
  assert.equal(contextFromReferences(ws('build/Complement${{ matrix.postgres }}.Dockerfile'), 'build/ComplementPostgres.Dockerfile'), '');
  assert.equal(contextFromReferences(ws('build/Other${{ matrix.postgres }}.Dockerfile'), 'build/ComplementPostgres.Dockerfile'), undefined, 'only the commented line names it');
});

test('tags written through variables: a Makefile (IMAGE ?=, $(IMAGE)), a script (IMAGE=, ${IMAGE}) and workflow env: (${{ env.IMAGE }})', () => {
  const base = { 'docker/Dockerfile': DOCKERFILE };
  const tags = (files: Record<string, string>) => tagsFromReferences(new MemoryWorkspace({ ...base, ...files }), 'docker/Dockerfile').map((t) => imageRepository(t.tag));
  assert.deepEqual(tags({ Makefile: 'IMAGE ?= ghcr.io/acme/app\nVERSION := $(shell git describe)\n\nimage:\n\tdocker build -t $(IMAGE):$(VERSION) -f docker/Dockerfile .\n' }), ['ghcr.io/acme/app']);
  assert.deepEqual(tags({ 'scripts/build.sh': '#!/bin/sh\nIMAGE="ghcr.io/acme/app"\ndocker build --tag "${IMAGE}:dev" --file docker/Dockerfile .\n' }), ['ghcr.io/acme/app']);
  assert.deepEqual(tags({ '.github/workflows/ci.yml': 'env:\n  IMAGE: ghcr.io/acme/app\njobs:\n  b:\n    steps:\n      - uses: docker/build-push-action@v6\n        with:\n          file: ./docker/Dockerfile\n          tags: ${{ env.IMAGE }}:${{ github.sha }}\n' }), ['ghcr.io/acme/app']);
  // An unknown variable leaves the repository unknown: it matches nothing.
  assert.deepEqual(tags({ 'scripts/build.sh': 'docker build -t "$REGISTRY/app" -f docker/Dockerfile .\n' }), [undefined]);
});
