import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildCommands } from '../../server/src/core/dockerfile/buildCommands';
import { parseDockerfile } from '../../server/src/core/dockerfile/model';
import { planSplit, tidyProgramFile } from '../../server/src/core/split';
import { MemoryWorkspace } from '../../server/src/core/workspace';
import { check, codes } from '../helpers';

const GO = (...names: string[]) => ({
  'go.mod': 'module example.com/m\n\ngo 1.22\n',
  ...Object.fromEntries(names.map((n) => [`cmd/${n}/main.go`, 'package main\nfunc main() {}\n'])),
});

function builds(dockerfile: string, makefile?: string) {
  return buildCommands(parseDockerfile(dockerfile), (n) => (n === 'Makefile' ? makefile : undefined)).map((b) => [b.output?.value, b.packages.map((p) => p.value).join(' ')]);
}

test('make: nested variables, ${VAR}, command-line overrides, pattern rules with $@/$*, static pattern rules', () => {
  const makefile = [
    'GOCC ?= go',
    'GOINSTALL := $(GOCC) install',
    'BLDDIR=build',
    'APPS = alpha beta',
    'all: $(APPS)',
    '$(BLDDIR)/alpha: $(wildcard apps/alpha/*.go)',
    '$(BLDDIR)/%:',
    '\t@mkdir -p $(dir $@)',
    '\t${GOCC} build ${BLDFLAGS} -o $@ ./apps/$*',
    '$(APPS): %: $(BLDDIR)/%',
    'tools:',
    '\t$(GOINSTALL) ./cmd/gamma',
    '',
  ].join('\n');
  assert.deepEqual(builds('FROM golang:1.22\nRUN make BLDDIR=/tmp/b BLDFLAGS=-trimpath all\n', makefile), [
    ['/tmp/b/alpha', './apps/alpha'],
    ['/tmp/b/beta', './apps/beta'],
  ]);
  assert.deepEqual(builds('FROM golang:1.22\nRUN make tools\n', makefile), [[undefined, './cmd/gamma']]);
});

test('make variables are not Docker ARGs; a version pin is not a program selector', () => {
  const files = { ...GO('a', 'b'), Makefile: 'all:\n\tgo build $(FLAGS) -o bin/a ./cmd/a\n\tgo build $(FLAGS) -o bin/b ./cmd/b\n', Dockerfile: 'FROM golang:1.22 AS b\nWORKDIR /s\nCOPY . .\nRUN make FLAGS=-trimpath\nFROM alpine:3.20\nCOPY --from=b /s/bin/ /usr/bin/\nCMD ["a"]\n' };
  assert.doesNotMatch(planSplit(new MemoryWorkspace(files), 'Dockerfile').notMonolithReason ?? '', /parametrised/);
  const pin = { Dockerfile: 'FROM golang:1.22\nARG VERSION=v1.2.3\nRUN go install example.com/tools/cmd/gen@${VERSION} && go install example.com/tools/cmd/lint@${VERSION}\nCMD ["gen"]\n' };
  assert.match(planSplit(new MemoryWorkspace(pin), 'Dockerfile').notMonolithReason ?? '', /toolbox image: it installs pinned tools \(gen, lint\)/);
});

test('./cmd/x/. names x; -o DIR (a folder shared by several builds) names no program', () => {
  const files = {
    ...GO('rqlited', 'rqlite'),
    Dockerfile: 'FROM golang:1.22 AS b\nWORKDIR /app\nCOPY . .\nRUN go build ./cmd/rqlited/. && go build ./cmd/rqlite/.\nRUN mkdir /out && go build -o /out ./cmd/rqlited && go build -o /out ./cmd/rqlite\nFROM alpine:3.20\nCOPY --from=b /app/rqlited /app/rqlite /bin/\nENTRYPOINT ["rqlited"]\n',
  };
  const r = planSplit(new MemoryWorkspace(files), 'Dockerfile');
  assert.match(r.notMonolithReason ?? '', /^rqlited is the one program the image runs .*rqlite ships with it as its admin tools or CLI/);
});

test('roles: test harness, dev image with bind-mounted source, ARG in WORKDIR, targets per service, git clone', () => {
  const harness = { ...GO('srv'), Dockerfile: 'FROM golang:1.22\nWORKDIR /s\nCOPY . .\nRUN go build -o /srv ./cmd/srv && go build -cover -o /srv-cover ./cmd/srv\nCMD ["/srv"]\n' };
  assert.match(planSplit(new MemoryWorkspace(harness), 'Dockerfile').notMonolithReason ?? '', /test harness/);
  const dev = {
    ...GO('a', 'b'),
    'dev/Dockerfile': 'FROM golang:1.22\nRUN go install github.com/cespare/reflex@v0.3.1\nWORKDIR /src\nENTRYPOINT ["reflex"]\n',
    'compose.yaml': 'services:\n  a:\n    build: dev\n    volumes: ["./:/src"]\n    working_dir: /src/cmd/a\n  b:\n    build: dev\n    volumes: ["./:/src"]\n    working_dir: /src/cmd/b\n',
  };
  assert.match(planSplit(new MemoryWorkspace(dev), 'dev/Dockerfile').notMonolithReason ?? '', /development image: compose service a bind-mounts \.\/ over \/src/);
  const arg = { ...GO('a', 'b'), Dockerfile: 'FROM golang:1.22\nARG SERVICE\nCOPY . /src\nWORKDIR /src/cmd/$SERVICE\nRUN go build -o /app .\nCMD ["/app"]\n' };
  assert.match(planSplit(new MemoryWorkspace(arg), 'Dockerfile').notMonolithReason ?? '', /parametrised by ARG SERVICE \(WORKDIR \/src\/cmd\/\$SERVICE then go build\)/);
  const targets = {
    ...GO('a', 'b'),
    Dockerfile: 'FROM golang:1.22 AS build\nCOPY . /s\nWORKDIR /s\nRUN go build -o /a ./cmd/a && go build -o /b ./cmd/b\nFROM alpine AS a\nCOPY --from=build /a /a\nCMD ["/a"]\nFROM alpine AS b\nCOPY --from=build /b /b\nCMD ["/b"]\n',
    'compose.yaml': 'services:\n  a:\n    build: { context: ., target: a }\n  b:\n    build: { context: ., target: b }\n',
  };
  assert.match(planSplit(new MemoryWorkspace(targets), 'Dockerfile').notMonolithReason ?? '', /already builds its own build target .*\(a, b\)/);
  assert.ok(!codes(check(targets, 'Dockerfile')).includes('DW101'));
  const cloned = { Dockerfile: 'FROM golang:1.22 AS b\nRUN git clone https://example.com/x /x && cd /x && make install\nFROM alpine\nCOPY --from=b /go/bin/xd /bin/\nCOPY --from=b /go/bin/xcli /bin/\nENTRYPOINT ["xd"]\n' };
  assert.match(planSplit(new MemoryWorkspace(cloned), 'Dockerfile').notMonolithReason ?? '', /cloned at build time \(git clone\), so Dockwright cannot see them; xd is the one program the image runs .*xcli ships with it/);
});

test('roles: two services running the daemon and the tool through compose are evidence; commented docs are not', () => {
  const base = { ...GO('api', 'worker'), Dockerfile: 'FROM golang:1.22 AS b\nWORKDIR /s\nCOPY . .\nRUN go build -o /out/ ./cmd/...\nFROM alpine:3.20\nCOPY --from=b /out/ /usr/bin/\nUSER 1001\nCMD ["api"]\n' };
  assert.ok(planSplit(new MemoryWorkspace(base), 'Dockerfile').notMonolithReason);
  const compose = { ...base, 'compose.yaml': 'services:\n  api:\n    build: .\n  worker:\n    build: .\n    command: ["worker"]\n' };
  const r = planSplit(new MemoryWorkspace(compose), 'Dockerfile');
  assert.equal(r.notMonolithReason, undefined);
  assert.deepEqual(r.programs.map((p) => p.name), ['api', 'worker']);
  const ci = { ...base, '.github/workflows/deploy.yml': 'jobs:\n  d:\n    steps:\n      # - run: docker run example/app api\n      - run: docker run -d example/app worker\n' };
  assert.equal(planSplit(new MemoryWorkspace(ci), 'Dockerfile').notMonolithReason, undefined, 'the image runs api; CI runs worker');
});

test('per-program files: the whole-image header comment goes, stage labels and directives stay, no runs of blank lines', () => {
  assert.equal(
    tidyProgramFile('# syntax=docker/dockerfile:1\n# Builds every program of the app; compose picks one.\nFROM a AS b\n\n\n\nRUN x\n', ['api', 'worker']),
    '# syntax=docker/dockerfile:1\nFROM a AS b\n\nRUN x\n',
  );
  assert.equal(tidyProgramFile('# ---- Builder ----\nFROM a\n', ['api', 'worker']), '# ---- Builder ----\nFROM a\n');
  assert.equal(tidyProgramFile('# api and worker\r\nFROM a\r\n\r\n\r\nRUN x\r\n', ['api', 'worker']), 'FROM a\r\n\r\nRUN x\r\n');
});

test('compose linkage beyond build: a service running the image a builder publishes counts as a user; the original is kept', () => {
  const files = {
    ...GO('api', 'worker'),
    Dockerfile: 'FROM golang:1.22 AS b\nWORKDIR /s\nCOPY . .\nRUN go build -o /out/ ./cmd/...\nFROM alpine:3.20\nCOPY --from=b /out/ /usr/bin/\nUSER 1001\nCMD ["api"]\n',
    'compose.yaml': 'services:\n  api:\n    build: .\n    image: example/app:dev\n',
    'deploy/compose.yaml': 'services:\n  worker:\n    image: example/app:dev\n    command: ["worker"]\n',
  };
  const r = planSplit(new MemoryWorkspace(files), 'Dockerfile');
  assert.equal(r.notMonolithReason, undefined, 'api by build, worker by the published image: two programs run');
  assert.deepEqual(r.programs.map((p) => [p.name, p.services]), [['api', ['api']], ['worker', ['worker']]]);
  assert.ok(r.plan.notes.some((n) => /service worker runs the published image example\/app:dev.*until it moves/.test(n)), r.plan.notes.join('\n'));
  assert.ok(r.plan.notes.some((n) => /Dockerfile is kept: service worker runs the image it publishes \(example\/app:dev\) and still needs every binary/.test(n)), r.plan.notes.join('\n'));
  assert.equal(r.plan.deletes.length, 0);
  assert.ok(!r.plan.edits.some((e) => e.path === 'deploy/compose.yaml'), 'the image-based service is not rewired');
});

test('references: comments are ignored, templated CI names match', async () => {
  const { findReferences } = await import('../../server/src/core/split/references.js');
  const ws = new MemoryWorkspace({
    'build/scripts/ComplementPostgres.Dockerfile': 'FROM alpine\n',
    '.github/workflows/ci.yml': 'jobs:\n  c:\n    steps:\n      # - run: docker build -f build/scripts/ComplementPostgres.Dockerfile .\n      - uses: docker/build-push-action@v5\n        with:\n          file: build/scripts/Complement${{ matrix.postgres }}.Dockerfile\n',
  });
  const refs = findReferences(ws, 'build/scripts/ComplementPostgres.Dockerfile', new Set());
  assert.deepEqual(refs.map((r) => r.line), [7]);
});

test('build context from CI when no compose file builds the Dockerfile (docker build -f docker/Dockerfile .)', () => {
  const files = {
    ...GO('api', 'worker'),
    Makefile: 'build:\n\tgo build -o bin/api ./cmd/api\n\tgo build -o bin/worker ./cmd/worker\n',
    'docker/Dockerfile': 'FROM golang:1.22 AS b\nWORKDIR /s\nCOPY . .\nRUN make build\nFROM alpine:3.20\nCOPY --from=b /s/bin/api /s/bin/worker /usr/bin/\nUSER 1001\nCMD ["api"]\n',
    '.github/workflows/ci.yml': 'jobs:\n  b:\n    steps:\n      - run: docker build -t example/app -f docker/Dockerfile .\n      - run: docker run -d example/app worker\n',
  };
  const r = planSplit(new MemoryWorkspace(files), 'docker/Dockerfile');
  assert.equal(r.notMonolithReason, undefined, 'the Makefile is read from the root context CI uses');
  assert.deepEqual(r.programs.map((p) => p.name), ['api', 'worker']);
});
