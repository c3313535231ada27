/**
 * Split on the shapes the verifier used to block: a compose `build.target` that is not the last stage (a `tests`
 * stage is last), ARG-composed stage names (`FROM builder_src$copy`), CI `--target tests` and no-target builds, and
 * the targets layout that shares common stages instead of cloning whole chains. Plus "reasons match output".
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { planSplit, type SplitResult } from '../../server/src/core/split';
import { extractTarget } from '../../server/src/core/split/targets';
import { verifySplitFile } from '../../server/src/core/split/verify';
import { parseDockerfile } from '../../server/src/core/dockerfile/model';
import { applyEdits } from '../../server/src/core/text';
import { MemoryWorkspace } from '../../server/src/core/workspace';

const GO = {
  'go.mod': 'module example.com/a\n\ngo 1.22\n',
  'cmd/api/main.go': 'package main\n\nimport "net/http"\n\nfunc main() { http.ListenAndServe(":8080", nil) }\n',
  'cmd/worker/main.go': 'package main\n\nfunc main() {}\n',
};

const TESTS_LAST = `# Builds every program of the service; compose picks one.
ARG copy=
FROM golang:1.23-bookworm AS builder_src
WORKDIR /src
COPY . .

FROM builder_src$copy AS build
# -trimpath: reproducible paths in the binaries
RUN go build -trimpath -o /out/api ./cmd/api \\
    && go build -trimpath -o /out/worker ./cmd/worker

FROM debian:bookworm-slim AS runtime
COPY --from=build /out/api /out/worker /usr/local/bin/
# the API listens here
EXPOSE 8080
CMD ["api"]

FROM build AS tests
RUN go test ./...
`;

const COMPOSE_RUNTIME = `services:
  api:
    build:
      context: .
      target: runtime
    ports:
      - "8080:8080"
  worker:
    build:
      context: .
      target: runtime
    command: ["worker"]
`;

const CI_TESTS = 'jobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: docker build --target tests -f Dockerfile .\n';

function merged(files: Record<string, string>, result: SplitResult, path = 'Dockerfile'): string {
  const edit = result.plan.edits.find((e) => e.path === path);
  assert.ok(edit, `${path} is rewritten: ${result.plan.notes.join('\n')}`);
  return applyEdits(files[path], edit.edits);
}

function verifyTargets(text: string, programs: string[]): void {
  const names = parseDockerfile(text).stages.map((s) => s.name).filter((n): n is string => !!n);
  for (const p of programs) {
    const own = extractTarget(text, p);
    assert.ok(own, `target ${p}`);
    assert.deepEqual(verifySplitFile(own, { program: p, programs, originalStages: names }), [], `target ${p}:\n${own}`);
  }
}

test('build.target runtime with a tests stage last: files ship the runtime stage, run their program, drop the tests stage', () => {
  const files = { ...GO, Dockerfile: TESTS_LAST, 'compose.yaml': COMPOSE_RUNTIME, '.github/workflows/ci.yml': CI_TESTS };
  const r = planSplit(new MemoryWorkspace(files), 'Dockerfile');
  assert.equal(r.notMonolithReason, undefined, r.plan.notes.join('\n'));
  const api = r.plan.creates.find((c) => c.path === 'Dockerfile.api')!.content;
  const worker = r.plan.creates.find((c) => c.path === 'Dockerfile.worker')!.content;
  for (const [name, text] of [['api', api], ['worker', worker]]) {
    assert.deepEqual(verifySplitFile(text, { program: name, programs: ['api', 'worker'], shippedStage: 'runtime', originalStages: ['builder_src', 'build', 'runtime', 'tests'] }), []);
    assert.doesNotMatch(text, /AS tests|go test/, `${name}: the per-program file ends with the stage it ships`);
    assert.match(text, new RegExp(`FROM debian:bookworm-slim AS runtime\\nCOPY --from=build /out/${name} /usr/local/bin/\\n`));
    assert.match(text, new RegExp(`CMD \\["${name}"\\]\\n$`));
    // The ARG-composed stage name still names the builder, which is kept.
    assert.match(text, /^FROM builder_src\$copy AS build$/m);
    assert.match(text, /^FROM golang:1\.23-bookworm AS builder_src$/m);
  }
  // Reasons match output: the comment that explains -trimpath stays above the build that keeps the flag; EXPOSE and its comment only where claimed.
  assert.match(api, /# -trimpath: reproducible paths in the binaries\nRUN CGO_ENABLED=0 go build -trimpath -o \/out\/api \.\/cmd\/api\n/);
  assert.match(worker, /# -trimpath: reproducible paths in the binaries\nRUN CGO_ENABLED=0 go build -trimpath -o \/out\/worker \.\/cmd\/worker\n/);
  assert.match(api, /# the API listens here\nEXPOSE 8080\n/);
  assert.doesNotMatch(worker, /EXPOSE|the API listens/);
  for (const text of [api, worker]) {
    assert.doesNotMatch(text, /\n\s*\n\s*\n/, 'no runs of blank lines');
    assert.doesNotMatch(text, /Builds every program/, 'the whole-image header comment is not copied');
  }
  const workerReasons = r.programs.find((p) => p.name === 'worker')!.reasons.join('; ');
  assert.doesNotMatch(workerReasons, /EXPOSE \d/);
  // Compose keeps target: runtime (the stage exists in each file); the original stays for the CI job.
  const compose = merged(files, r, 'compose.yaml');
  assert.equal(compose.match(/target: runtime/g)?.length, 2);
  assert.ok(r.plan.notes.some((n) => /Dockerfile is kept: still referred to by \.github\/workflows\/ci\.yml:5/.test(n)), r.plan.notes.join('\n'));
});

test('targets layout with a tests stage last and CI --target tests: tests kept as it was and last, program targets share the builder', () => {
  const files = { ...GO, Dockerfile: TESTS_LAST, 'compose.yaml': COMPOSE_RUNTIME, '.github/workflows/ci.yml': CI_TESTS };
  const r = planSplit(new MemoryWorkspace(files), 'Dockerfile', { layout: 'targets' });
  assert.equal(r.notMonolithReason, undefined, r.plan.notes.join('\n'));
  const text = merged(files, r);
  verifyTargets(text, ['api', 'worker']);
  const model = parseDockerfile(text);
  assert.equal(model.finalStage?.name, 'tests', 'a build with no target still produces the tests stage');
  // The tests stage builds FROM the original builder, which still builds every program (as CI tested it before).
  assert.match(text, /FROM build AS tests\nRUN go test \.\/\.\.\.\n$/);
  assert.match(text, /FROM builder_src\$copy AS build\n# -trimpath[^\n]*\nRUN go build -trimpath -o \/out\/api \.\/cmd\/api \\\n    && go build -trimpath -o \/out\/worker/);
  // One builder_src, shared by every chain (the ARG-composed reference resolves to it in all of them).
  assert.equal(text.match(/AS builder_src\b/g)?.length, 1);
  assert.equal(text.match(/^FROM builder_src\$copy AS /gm)?.length, 3);
  assert.match(text, /^FROM debian:bookworm-slim AS api$/m);
  assert.match(text, /^FROM debian:bookworm-slim AS worker$/m);
  assert.doesNotMatch(text, /\n\s*\n\s*\n/);
  const compose = merged(files, r, 'compose.yaml');
  assert.match(compose, /api:\n    build:\n      context: \.\n      target: api\n/);
  assert.match(compose, /worker:\n    build:\n      context: \.\n      target: worker\n/);
  assert.ok(r.plan.notes.some((n) => /tests/.test(n) && /ci\.yml:5/.test(n)), r.plan.notes.join('\n'));
});

test('targets layout: a CI build with no target keeps the original image as the last stage, and the plan says which job relies on it', () => {
  const dockerfile = `FROM golang:1.23-bookworm AS build
WORKDIR /src
COPY . .
RUN go build -o /out/api ./cmd/api && go build -o /out/worker ./cmd/worker

FROM debian:bookworm-slim
COPY --from=build /out/api /out/worker /usr/local/bin/
CMD ["api"]
`;
  const compose = 'services:\n  api:\n    build: .\n  worker:\n    build: .\n    command: ["worker"]\n';
  const ci = 'jobs:\n  image:\n    steps:\n      - uses: docker/build-push-action@v6\n        with:\n          context: .\n          file: ./Dockerfile\n          tags: example/app:latest\n';
  const files = { ...GO, Dockerfile: dockerfile, 'compose.yaml': compose, '.github/workflows/image.yml': ci };
  const r = planSplit(new MemoryWorkspace(files), 'Dockerfile', { layout: 'targets' });
  assert.equal(r.notMonolithReason, undefined, r.plan.notes.join('\n'));
  const text = merged(files, r);
  verifyTargets(text, ['api', 'worker']);
  const model = parseDockerfile(text);
  const last = model.finalStage!;
  assert.equal(last.name, undefined);
  assert.match(text, /FROM debian:bookworm-slim\nCOPY --from=build \/out\/api \/out\/worker \/usr\/local\/bin\/\nCMD \["api"\]\n$/);
  assert.match(text, /FROM build-base AS build-api\nRUN CGO_ENABLED=0 go build -o \/out\/api \.\/cmd\/api\n/, 'the program builders build FROM the shared stage');
  assert.equal(text.match(/^COPY \. \.$/gm)?.length, 1, 'the source is copied once, into the shared stage');
  assert.ok(r.plan.notes.some((n) => /image\.yml:\d+ builds this Dockerfile with no target/.test(n)), r.plan.notes.join('\n'));
  // Without that job, a build with no target produces the default program's image.
  const { ['.github/workflows/image.yml']: _ci, ...noCi } = files;
  const r2 = planSplit(new MemoryWorkspace(noCi), 'Dockerfile', { layout: 'targets' });
  const text2 = merged(noCi, r2);
  assert.equal(parseDockerfile(text2).finalStage?.name, 'api');
  assert.doesNotMatch(text2, /\/out\/api \/out\/worker/);
});

test('targets layout: an ARG-composed stage that differs per program gets one copy per program, and the reference follows it', () => {
  const dockerfile = `ARG variant=
FROM golang:1.23-bookworm AS build
WORKDIR /src
COPY . .
RUN go build -o /out/api ./cmd/api && go build -o /out/worker ./cmd/worker

FROM build$variant AS staged
RUN ls /out

FROM debian:bookworm-slim AS runtime
COPY --from=staged /out/api /out/worker /usr/local/bin/
CMD ["api"]
`;
  const compose = 'services:\n  api:\n    build: .\n  worker:\n    build: .\n    command: ["worker"]\n';
  const files = { ...GO, Dockerfile: dockerfile, 'compose.yaml': compose };
  const r = planSplit(new MemoryWorkspace(files), 'Dockerfile', { layout: 'targets' });
  assert.equal(r.notMonolithReason, undefined, r.plan.notes.join('\n'));
  const text = merged(files, r);
  verifyTargets(text, ['api', 'worker']);
  // `build$variant-api` with variant='' is build-api: the composed reference still names the program's own builder.
  for (const p of ['api', 'worker']) {
    assert.match(text, new RegExp(`^FROM build\\$variant-${p} AS staged-${p}$`, 'm'));
    assert.match(text, new RegExp(`^FROM build AS build-${p}\\nRUN CGO_ENABLED=0 go build -o /out/${p} ./cmd/${p}\\n`, 'm'));
  }
  const files2 = planSplit(new MemoryWorkspace(files), 'Dockerfile');
  for (const c of files2.plan.creates) assert.match(c.content, /^FROM build\$variant AS staged$/m);
});

test('targets layout refuses, with the reason, when CI builds a templated target', () => {
  const ci = 'jobs:\n  t:\n    steps:\n      - run: docker build --target ${{ matrix.target }} -f Dockerfile .\n';
  const files = { ...GO, Dockerfile: TESTS_LAST, 'compose.yaml': COMPOSE_RUNTIME, '.github/workflows/ci.yml': ci };
  const r = planSplit(new MemoryWorkspace(files), 'Dockerfile', { layout: 'targets' });
  assert.match(r.notMonolithReason ?? '', /no verified targets layout: \.github\/workflows\/ci\.yml:4 builds a templated --target/);
  assert.deepEqual(r.plan.edits, []);
});
