import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Analysis } from '../../server/src/core/analysis';
import { checkFile } from '../../server/src/core/check';
import { normalizeConfig } from '../../server/src/core/config';
import { planSplit } from '../../server/src/core/split';
import { applyEdits } from '../../server/src/core/text';
import { MemoryWorkspace } from '../../server/src/core/workspace';

/** Docs that run each program of the image as its own container: the evidence Split needs when no compose file runs them. */
const RUNS = (...names: string[]) => ({ 'docs/run.md': names.map((n) => `    docker run -d example/app ${n}`).join('\n') + '\n' });

const GO_MOD = (requires = '') => `module example.com/app\n\ngo 1.22\n${requires}`;

function split(files: Record<string, string>, dockerfile = 'Dockerfile', options = {}) {
  const ws = new MemoryWorkspace(files);
  const result = planSplit(ws, dockerfile, options);
  const out: Record<string, string> = { ...files };
  for (const c of result.plan.creates) out[c.path] = c.content;
  for (const e of result.plan.edits) out[e.path] = applyEdits(out[e.path], e.edits);
  for (const d of result.plan.deletes) delete out[d.path];
  return { result, out };
}

function check_(files: Record<string, string>, path = 'Dockerfile'): string[] {
  return checkFile(path, new Analysis(new MemoryWorkspace(files))).map((f) => f.code);
}

function noNewFindings(before: Record<string, string>, original: string, after: Record<string, string>, created: string[]) {
  const old = new Set(checkFile(original, new Analysis(new MemoryWorkspace(before))).map((f) => f.code));
  const analysis = new Analysis(new MemoryWorkspace(after));
  for (const p of created) {
    const fresh = checkFile(p, analysis).filter((f) => !old.has(f.code));
    assert.deepEqual(fresh.map((f) => `${f.code} ${f.message}`), [], `${p}`);
  }
}

const alpineTwo = (build: string, runtime = 'ca-certificates') => `FROM golang:1.22-alpine AS build
RUN apk add --no-cache build-base sqlite-dev git
WORKDIR /src
COPY . .
${build}

FROM alpine:3.20
RUN apk add --no-cache ${runtime}
COPY --from=build /out/ /usr/local/bin/
USER 1001
CMD ["api"]
`;

test('cgo need reached only transitively through a cgo module (sqlite3), wildcard ./cmd/... build', () => {
  const files = {
    ...RUNS('api', 'mailer'),
    'go.mod': GO_MOD('require github.com/mattn/go-sqlite3 v1.14.22\n'),
    'cmd/api/main.go': 'package main\n\nimport "example.com/app/internal/db"\n\nfunc main() { db.Open() }\n',
    'cmd/mailer/main.go': 'package main\n\nimport (\n\t"fmt"\n\t"example.com/app/internal/mail"\n)\n\nfunc main() { fmt.Println(mail.X) }\n',
    'internal/db/db.go': 'package db\n\nimport "example.com/app/internal/db/sqlite"\n\nfunc Open() { sqlite.Open() }\n',
    'internal/db/sqlite/sqlite.go': 'package sqlite\n\nimport (\n\t"database/sql"\n\t_ "github.com/mattn/go-sqlite3"\n)\n\nfunc Open() { sql.Open("sqlite3", "x") }\n',
    'internal/mail/mail.go': '// Package mail.\npackage mail\n\n// X is.\nvar X = 1\n',
    Dockerfile: alpineTwo('RUN go build -ldflags="-s -w" -o /out/ ./cmd/...'),
  };
  const { result, out } = split(files);
  assert.equal(result.notMonolithReason, undefined);
  assert.deepEqual(result.programs.map((p) => [p.name, p.cgo]), [['api', true], ['mailer', false]]);
  assert.match(out['Dockerfile.api'], /CGO_ENABLED=1 go build -ldflags="-s -w" -o \/out\/ \.\/cmd\/api$/m);
  assert.match(out['Dockerfile.api'], /build-base sqlite-dev git/);
  assert.match(out['Dockerfile.mailer'], /CGO_ENABLED=0 go build -ldflags="-s -w" -o \/out\/ \.\/cmd\/mailer$/m);
  assert.match(out['Dockerfile.mailer'], /RUN apk add --no-cache git\n/);
  assert.match(out['Dockerfile.mailer'], /CMD \["mailer"\]/);
  assert.ok(result.programs[0].reasons.some((r) => r.includes('cmd/api → internal/db → internal/db/sqlite → github.com/mattn/go-sqlite3')), result.programs[0].reasons.join('\n'));
  assert.deepEqual(result.plan.deletes, [{ path: 'Dockerfile' }]);
  noNewFindings(files, 'Dockerfile', out, ['Dockerfile.api', 'Dockerfile.mailer']);
});

test('vips through a transitive import on a Debian (apt) builder: build and runtime packages per program', () => {
  const files = {
    ...RUNS('resizer', 'api'),
    'go.mod': GO_MOD('require github.com/davidbyttow/govips/v2 v2.13.0\n'),
    'cmd/resizer/main.go': 'package main\n\nimport "example.com/app/pkg/img"\n\nfunc main() { img.Resize() }\n',
    'cmd/api/main.go': 'package main\n\nfunc main() {}\n',
    'pkg/img/img.go': 'package img\n\nimport "github.com/davidbyttow/govips/v2/vips"\n\nfunc Resize() { vips.Startup(nil) }\n',
    Dockerfile: `FROM golang:1.22-bookworm AS build
RUN apt-get update && apt-get install -y --no-install-recommends libvips-dev && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN go build -o /bin/resizer ./cmd/resizer && go build -o /bin/api ./cmd/api

FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates libvips42 && rm -rf /var/lib/apt/lists/*
COPY --from=build /bin/resizer /usr/local/bin/resizer
COPY --from=build /bin/api /usr/local/bin/api
USER 1001
EXPOSE 8080
CMD ["api"]
`,
  };
  const { result, out } = split(files);
  const api = out['Dockerfile.api'];
  const resizer = out['Dockerfile.resizer'];
  assert.deepEqual(result.programs.map((p) => [p.name, p.cgo]), [['resizer', true], ['api', false]]);
  assert.doesNotMatch(api, /libvips/);
  assert.match(api, /CGO_ENABLED=0 go build -o \/bin\/api \.\/cmd\/api/);
  assert.match(api, /^EXPOSE 8080$/m, 'unclaimed EXPOSE stays with the program the original CMD runs');
  assert.match(resizer, /libvips-dev/);
  assert.match(resizer, /ca-certificates libvips42/);
  assert.match(resizer, /CGO_ENABLED=1 go build -o \/bin\/resizer/);
  assert.match(resizer, /CMD \["resizer"\]/);
  assert.doesNotMatch(resizer, /EXPOSE/);
  noNewFindings(files, 'Dockerfile', out, ['Dockerfile.api', 'Dockerfile.resizer']);
});

test('unknown import keeps the original cgo setting and packages, and says so', () => {
  const files = {
    ...RUNS('a', 'b'),
    'go.mod': GO_MOD(),
    'cmd/a/main.go': 'package main\n\nimport "example.org/elsewhere/lib"\n\nfunc main() { lib.X() }\n',
    'cmd/b/main.go': 'package main\n\nfunc main() {}\n',
    Dockerfile: alpineTwo('RUN CGO_ENABLED=1 go build -o /out/a ./cmd/a && CGO_ENABLED=1 go build -o /out/b ./cmd/b'),
  };
  const { result, out } = split(files);
  const a = result.programs.find((p) => p.name === 'a')!;
  assert.ok(a.reasons.some((r) => r.includes('example.org/elsewhere/lib') && r.includes('kept')), a.reasons.join('\n'));
  assert.match(out['Dockerfile.a'], /CGO_ENABLED=1 go build -o \/out\/a/);
  assert.match(out['Dockerfile.a'], /build-base sqlite-dev/);
  assert.match(out['Dockerfile.b'], /CGO_ENABLED=0 go build -o \/out\/b/);
});

test('build constraints and -tags decide which files count', () => {
  const files = {
    ...RUNS('a', 'b'),
    'go.mod': GO_MOD(),
    'cmd/a/main.go': 'package main\n\nimport "example.com/app/internal/enc"\n\nfunc main() { enc.X() }\n',
    'cmd/b/main.go': 'package main\n\nimport "example.com/app/internal/enc"\n\nfunc main() { enc.X() }\n',
    'internal/enc/pure.go': '//go:build !fast\n\npackage enc\n\nfunc X() {}\n',
    'internal/enc/fast.go': '//go:build fast\n\npackage enc\n\n// #cgo pkg-config: libwebp\nimport "C"\n\nfunc X() {}\n',
    'internal/enc/win_windows.go': 'package enc\n\nimport "C"\n',
    Dockerfile: alpineTwo('RUN go build -tags fast -o /out/a ./cmd/a && go build -o /out/b ./cmd/b', 'ca-certificates libwebp'),
  };
  const { result, out } = split(files);
  assert.deepEqual(result.programs.map((p) => [p.name, p.cgo]), [['a', true], ['b', false]]);
  assert.match(out['Dockerfile.a'], /apk add --no-cache ca-certificates libwebp\n/);
  assert.match(out['Dockerfile.b'], /apk add --no-cache ca-certificates\n/);
});

test('not a monolith: a build ARG picks the one program each build makes', () => {
  const files = {
    'go.mod': GO_MOD(),
    'cmd/a/main.go': 'package main\nfunc main() {}\n',
    'cmd/b/main.go': 'package main\nfunc main() {}\n',
    Dockerfile: 'FROM golang:1.22-alpine AS build\nARG SERVICE\nWORKDIR /src\nCOPY . .\nRUN go build -o /bin/app ./cmd/${SERVICE}\nFROM alpine:3.20\nCOPY --from=build /bin/app /app\nUSER 1001\nCMD ["/app"]\n',
    'compose.yaml': 'services:\n  a:\n    build:\n      context: .\n      args:\n        SERVICE: a\n  b:\n    build:\n      context: .\n      args:\n        SERVICE: b\n',
  };
  const { result } = split(files);
  assert.match(result.notMonolithReason ?? '', /ARG SERVICE/);
  assert.equal(result.plan.creates.length + result.plan.edits.length + result.plan.deletes.length, 0);
});

test('not a monolith: a daemon and its own CLI (lnd + lncli) run by one service', () => {
  const files = {
    'go.mod': GO_MOD(),
    'cmd/lnd/main.go': 'package main\nfunc main() {}\n',
    'cmd/lncli/main.go': 'package main\nfunc main() {}\n',
    Dockerfile: 'FROM golang:1.22-alpine AS build\nWORKDIR /src\nCOPY . .\nRUN go install ./cmd/lnd ./cmd/lncli\nFROM alpine:3.20\nCOPY --from=build /go/bin/lnd /go/bin/lncli /bin/\nUSER 1001\nENTRYPOINT ["lnd"]\n',
    'docker-compose.yml': 'services:\n  lnd:\n    build: .\n',
  };
  const { result } = split(files);
  assert.match(result.notMonolithReason ?? '', /lnd is the one program compose service lnd runs; lncli ships with it as its admin tools or CLI/);
});

test('references elsewhere keep the original (CI workflow, second compose file) and the note says where', () => {
  const files = {
    'go.mod': GO_MOD(),
    'cmd/a/main.go': 'package main\nfunc main() {}\n',
    'cmd/b/main.go': 'package main\nfunc main() {}\n',
    'svc/Dockerfile': 'FROM golang:1.22-alpine AS build\nWORKDIR /src\nCOPY . .\nRUN go build -o /bin/a ./cmd/a && go build -o /bin/b ./cmd/b\nFROM alpine:3.20\nCOPY --from=build /bin/a /bin/b /usr/local/bin/\nUSER 1001\nCMD ["a"]\n',
    'compose.yaml': 'services:\n  a:\n    build:\n      context: .\n      dockerfile: svc/Dockerfile\n  b:\n    # the batch job\n    build:\n      context: .\n      dockerfile: svc/Dockerfile\n    command: ["b"]\n',
    'compose.prod.yaml': 'services:\n  b:\n    command: b\n',
    '.github/workflows/ci.yml': 'jobs:\n  build:\n    steps:\n      - run: docker build -f svc/Dockerfile .\n',
  };
  const { result, out } = split(files, 'svc/Dockerfile');
  assert.equal(result.plan.deletes.length, 0);
  assert.ok(result.plan.notes.some((n) => n.includes('svc/Dockerfile is kept') && n.includes('.github/workflows/ci.yml:4')), result.plan.notes.join('\n'));
  assert.match(out['compose.yaml'], /dockerfile: svc\/Dockerfile\.a/);
  assert.match(out['compose.yaml'], /  b:\n    # the batch job\n    build:\n      context: \.\n      dockerfile: svc\/Dockerfile\.b\n$/);
  assert.equal(out['compose.prod.yaml'], 'services:\n  b:\n', 'the override\'s redundant command goes too');
  assert.match(out['svc/Dockerfile.b'], /COPY --from=build \/bin\/b \/usr\/local\/bin\//);
  assert.match(out['svc/Dockerfile.b'], /CMD \["b"\]/);
});

test('a plain `docker build DIR` in a script counts as a reference to DIR/Dockerfile', () => {
  const files = {
    ...RUNS('a', 'b'),
    'go.mod': GO_MOD(),
    'cmd/a/main.go': 'package main\nfunc main() {}\n',
    'cmd/b/main.go': 'package main\nfunc main() {}\n',
    Dockerfile: 'FROM golang:1.22-alpine AS build\nWORKDIR /src\nCOPY . .\nRUN go build -o /bin/a ./cmd/a && go build -o /bin/b ./cmd/b\nFROM alpine:3.20\nCOPY --from=build /bin/a /bin/b /usr/local/bin/\nUSER 1001\nCMD ["a"]\n',
    'scripts/release.sh': '#!/bin/sh\ndocker build -t app .\n',
  };
  const { result } = split(files);
  assert.equal(result.plan.deletes.length, 0);
  assert.ok(result.plan.notes.some((n) => n.includes('scripts/release.sh:2')), result.plan.notes.join('\n'));
});

test('no compose file: one Dockerfile per program built, ports from the code, naming <name>.Dockerfile', () => {
  const files = {
    ...RUNS('web', 'metrics'),
    'go.mod': GO_MOD(),
    'cmd/web/main.go': 'package main\n\nimport "net/http"\n\nfunc main() { http.ListenAndServe(":8080", nil) }\n',
    'cmd/metrics/main.go': 'package main\n\nimport "net/http"\n\nfunc main() { http.ListenAndServe(":9090", nil) }\n',
    Dockerfile: 'FROM golang:1.22-alpine AS build\nWORKDIR /src\nCOPY . .\nRUN go build -o /bin/web ./cmd/web && go build -o /bin/metrics ./cmd/metrics\nFROM alpine:3.20\nCOPY --from=build /bin/web /bin/web\nCOPY --from=build /bin/metrics /bin/metrics\nUSER 1001\nEXPOSE 8080 9090\nCMD ["/bin/web"]\n',
  };
  const { result, out } = split(files, 'Dockerfile', { naming: 'prefix' });
  assert.deepEqual(result.plan.creates.map((c) => c.path).sort(), ['metrics.Dockerfile', 'web.Dockerfile']);
  assert.match(out['web.Dockerfile'], /^EXPOSE 8080$/m);
  assert.doesNotMatch(out['web.Dockerfile'], /metrics/);
  assert.match(out['metrics.Dockerfile'], /^EXPOSE 9090$/m);
  assert.match(out['metrics.Dockerfile'], /CMD \["\/bin\/metrics"\]/);
  assert.deepEqual(result.plan.edits, []);
  assert.deepEqual(result.plan.deletes, [{ path: 'Dockerfile' }]);
});

test('rust workspace: cargo build --bins narrowed to one --bin per file', () => {
  const files = {
    'Cargo.toml': '[workspace]\nmembers = ["crates/*"]\n',
    'crates/app/Cargo.toml': '[package]\nname = "app"\nversion = "0.1.0"\n\n[[bin]]\nname = "gateway"\npath = "src/gateway.rs"\n\n[[bin]]\nname = "indexer"\npath = "src/indexer.rs"\n',
    'crates/app/src/gateway.rs': 'fn main() {}\n',
    'crates/app/src/indexer.rs': 'fn main() {}\n',
    Dockerfile: 'FROM rust:1.80-slim AS build\nWORKDIR /src\nCOPY . .\nRUN cargo build --release --bins\nFROM debian:bookworm-slim\nCOPY --from=build /src/target/release/gateway /usr/local/bin/gateway\nCOPY --from=build /src/target/release/indexer /usr/local/bin/indexer\nUSER 1001\nCMD ["gateway"]\n',
    'compose.yaml': 'services:\n  gateway:\n    build: .\n    ports: ["8000:8000"]\n  indexer:\n    build: .\n    command: ["indexer"]\n',
  };
  const { result, out } = split(files);
  assert.deepEqual(result.programs.map((p) => p.name).sort(), ['gateway', 'indexer']);
  assert.match(out['Dockerfile.indexer'], /RUN cargo build --release --bin indexer\n/);
  assert.match(out['Dockerfile.indexer'], /CMD \["indexer"\]/);
  assert.doesNotMatch(out['Dockerfile.indexer'], /gateway/);
  assert.match(out['compose.yaml'], /gateway:\n    build: \{ context: \., dockerfile: Dockerfile\.gateway \}/);
  assert.match(out['compose.yaml'], /indexer:\n    build: \{ context: \., dockerfile: Dockerfile\.indexer \}\n$/);
});

test('a Makefile target that runs go build is a build command', () => {
  const files = {
    ...RUNS('a', 'b'),
    'go.mod': GO_MOD(),
    'cmd/a/main.go': 'package main\nfunc main() {}\n',
    'cmd/b/main.go': 'package main\nfunc main() {}\n',
    Makefile: 'all: a b\n\na:\n\tgo build -o bin/a ./cmd/a\n\nb:\n\tgo build -o bin/b ./cmd/b\n',
    Dockerfile: 'FROM golang:1.22-alpine AS build\nWORKDIR /src\nCOPY . .\nRUN make a b\nFROM alpine:3.20\nCOPY --from=build /src/bin/a /usr/local/bin/a\nCOPY --from=build /src/bin/b /usr/local/bin/b\nUSER 1001\nCMD ["a"]\n',
  };
  const { result, out } = split(files);
  assert.deepEqual(result.programs.map((p) => p.name), ['a', 'b']);
  assert.match(out['Dockerfile.b'], /RUN CGO_ENABLED=0 make b\n/);
  assert.match(out['Dockerfile.a'], /RUN CGO_ENABLED=0 make a\n/);
});

test('bad input never throws', () => {
  for (const text of ['', 'FROM', 'RUN go build', '\u0000\u0001binary', 'FROM x AS\nRUN "unterminated']) {
    const r = planSplit(new MemoryWorkspace({ Dockerfile: text, 'compose.yaml': 'services: [' }), 'Dockerfile');
    assert.ok(r.notMonolithReason);
  }
  assert.ok(planSplit(new MemoryWorkspace({}), 'missing/Dockerfile').notMonolithReason);
});

const XX_DOCKERFILE = `# syntax=docker/dockerfile:1.7
ARG GO_VERSION=1.22
FROM --platform=$BUILDPLATFORM tonistiigi/xx:1.4.0@sha256:0cd3f05c72d6c9b038eb135f91376ee1169ef3a330d34e418e65e2a5c2e9c0d4 AS xx

FROM --platform=$BUILDPLATFORM golang:\${GO_VERSION}-alpine AS build
COPY --from=xx / /
ARG TARGETPLATFORM
RUN apk add --no-cache clang lld
RUN xx-apk add --no-cache gcc musl-dev
WORKDIR /src
COPY --link go.mod ./
RUN --mount=type=cache,target=/go/pkg/mod go mod download
COPY --link . .
RUN --mount=type=cache,target=/root/.cache/go-build \\
    --mount=type=cache,target=/go/pkg/mod \\
    xx-go build -trimpath -ldflags="-s -w -X main.version=1" -o /out/api ./cmd/api && \\
    xx-go build -trimpath -ldflags="-s -w -X main.version=1" -o /out/cron ./cmd/cron && \\
    xx-verify /out/api /out/cron

FROM gcr.io/distroless/static-debian12:nonroot@sha256:6ec5aa99dc335666e79dc64e4a6c8b89c33a543a1967f20d360922a80dd21f02
COPY --link --from=build /out/api /api
COPY --link --from=build /out/cron /cron
EXPOSE 8080
ENTRYPOINT ["/api"]
`;

test('xx cross-compile: helper stage, --platform, digests, cache mounts, COPY --link kept; xx-verify and ENTRYPOINT narrowed', () => {
  const files = {
    ...RUNS('api', 'cron'),
    'go.mod': GO_MOD(),
    'cmd/api/main.go': 'package main\n\nimport "net/http"\n\nfunc main() { http.ListenAndServe(":8080", nil) }\n',
    'cmd/cron/main.go': 'package main\n\nimport "example.com/app/internal/thumb"\n\nfunc main() { thumb.X() }\n',
    'internal/thumb/thumb.go': 'package thumb\n\nimport _ "github.com/kolesa-team/go-webp/encoder"\n\nfunc X() {}\n',
    Dockerfile: XX_DOCKERFILE,
  };
  (files as Record<string, string>)['go.mod'] = GO_MOD('require github.com/kolesa-team/go-webp v1.0.4\n');
  const { result, out } = split(files);
  assert.deepEqual(result.programs.map((p) => [p.name, p.cgo]), [['api', false], ['cron', true]]);
  const api = out['Dockerfile.api'];
  const cron = out['Dockerfile.cron'];
  for (const text of [api, cron]) {
    assert.match(text, /^# syntax=docker\/dockerfile:1\.7\nARG GO_VERSION=1\.22\nFROM --platform=\$BUILDPLATFORM tonistiigi\/xx:1\.4\.0@sha256:0cd3/);
    assert.match(text, /COPY --from=xx \/ \//);
    assert.match(text, /--mount=type=cache,target=\/root\/\.cache\/go-build/);
    assert.match(text, /COPY --link \. \./);
    assert.match(text, /static-debian12:nonroot@sha256:6ec5/);
  }
  assert.match(api, /CGO_ENABLED=0 xx-go build -trimpath -ldflags="-s -w -X main\.version=1" -o \/out\/api \.\/cmd\/api && \\\n    xx-verify \/out\/api\n/);
  assert.doesNotMatch(api, /clang|lld|xx-apk|cron/);
  assert.match(api, /ENTRYPOINT \["\/api"\]/);
  assert.match(api, /^EXPOSE 8080$/m);
  assert.match(cron, /RUN apk add --no-cache clang lld\nRUN xx-apk add --no-cache gcc musl-dev libwebp-dev\n/);
  assert.match(cron, /CGO_ENABLED=1 xx-go build/);
  assert.match(cron, /ENTRYPOINT \["\/cron"\]/);
  assert.doesNotMatch(cron, /EXPOSE|\/out\/api/);
});

test('cgoModules from the config extends the table; bad entries are reported', () => {

  const { config, problems } = normalizeConfig({
    cgoModules: { 'github.com/acme/libfoo-go': { apk: { build: ['foo-dev'], runtime: ['foo-libs'] } }, 'github.com/bad/x': { apk: { build: 'nope' } } },
  });
  assert.equal(problems.length, 1);
  assert.match(problems[0], /github\.com\/bad\/x/);
  const files = {
    ...RUNS('a', 'b'),
    'go.mod': GO_MOD('require github.com/acme/libfoo-go v1.0.0\n'),
    'cmd/a/main.go': 'package main\n\nimport _ "github.com/acme/libfoo-go/foo"\n\nfunc main() {}\n',
    'cmd/b/main.go': 'package main\nfunc main() {}\n',
    Dockerfile: alpineTwo('RUN go build -o /out/a ./cmd/a && go build -o /out/b ./cmd/b', 'ca-certificates'),
  };
  const withConfig = split(files, 'Dockerfile', { config });
  assert.deepEqual(withConfig.result.programs.map((p) => [p.name, p.cgo]), [['a', true], ['b', false]]);
  assert.match(withConfig.out['Dockerfile.a'], /build-base sqlite-dev git foo-dev\n/);
  assert.match(withConfig.out['Dockerfile.a'], /apk add --no-cache ca-certificates foo-libs\n/);
  const without = split(files);
  assert.deepEqual(without.result.programs.map((p) => [p.name, p.cgo]), [['a', false], ['b', false]], 'unknown third-party modules count as pure Go');
});

test('compose with anchors and merge keys: shared build anchors are not edited, the original is kept, the rest keeps its form', () => {
  const compose = `x-build: &build
  context: .
  dockerfile: Dockerfile

services:
  a:
    build: *build
    ports: ['8080:8080']
  b:
    <<: &common
      restart: unless-stopped
    build:
      context: .
      dockerfile: 'Dockerfile'
    command: "b"
`;
  const files = {
    'go.mod': GO_MOD(),
    'cmd/a/main.go': 'package main\nfunc main() {}\n',
    'cmd/b/main.go': 'package main\nfunc main() {}\n',
    Dockerfile: 'FROM golang:1.22-alpine AS build\nWORKDIR /src\nCOPY . .\nRUN go build -o /bin/a ./cmd/a && go build -o /bin/b ./cmd/b\nFROM alpine:3.20\nCOPY --from=build /bin/a /bin/b /usr/local/bin/\nUSER 1001\nEXPOSE 8080\nCMD ["a"]\n',
    'compose.yaml': compose,
  };
  const { result, out } = split(files);
  assert.equal(result.plan.deletes.length, 0);
  assert.ok(result.plan.notes.some((n) => /services\.a\.build is shared through a YAML anchor/.test(n)), result.plan.notes.join('\n'));
  assert.ok(result.plan.notes.some((n) => /Dockerfile is kept: compose\.yaml \(service a\)/.test(n)), result.plan.notes.join('\n'));
  assert.equal(out['compose.yaml'], compose.replace("dockerfile: 'Dockerfile'\n    command: \"b\"\n", "dockerfile: 'Dockerfile.b'\n"));
});

test('one Node image, services pick different entrypoints with command:, nothing proves different native needs → refused: one interpreted application', () => {
  const files = {
    'package.json': '{"name":"app","scripts":{"build":"tsc"}}',
    Dockerfile: 'FROM node:22-alpine AS build\nWORKDIR /app\nCOPY package*.json ./\nRUN npm ci\nCOPY . .\nRUN npm run build\n\nFROM node:22-alpine\nWORKDIR /app\nCOPY --from=build /app/dist ./dist\nCOPY --from=build /app/node_modules ./node_modules\nUSER node\nEXPOSE 3000 9464\nCMD ["node", "dist/api.js"]\n',
    'compose.yaml': 'services:\n  api:\n    build: .\n    ports: ["3000:3000"]\n  jobs:\n    build: .\n    command: ["node", "dist/jobs.js"]\n    environment:\n      METRICS_PORT: "9464"\n  jobs-replica:\n    build: .\n    command: node dist/jobs.js\n',
  };
  const { result } = split(files);
  assert.match(result.notMonolithReason ?? '', /one interpreted application \(node\): its services run `node dist\/api\.js`, `node dist\/jobs\.js`.*all processes share every package: the image installs no system package beyond its base image \(node:22-alpine\)/);
  assert.deepEqual(result.plan.creates, []);
  assert.ok(!check_(files).includes('DW101'));
});

test('one image, every service runs the same entrypoint: not a monolith', () => {
  const files = {
    Dockerfile: 'FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nUSER 1001\nCMD ["python", "-m", "app.web"]\n',
    'compose.yaml': 'services:\n  web:\n    build: .\n  web2:\n    build: .\n    command: ["python", "-m", "app.web", "--port", "81"]\n',
  };
  assert.ok(split(files).result.notMonolithReason);
  assert.ok(!check_(files).includes('DW101'));
});

test('CRLF files stay CRLF', () => {
  const files = {
    'go.mod': GO_MOD(),
    'cmd/a/main.go': 'package main\nfunc main() {}\n',
    'cmd/b/main.go': 'package main\nfunc main() {}\n',
    Dockerfile: 'FROM golang:1.22-alpine AS build\r\nWORKDIR /src\r\nCOPY . .\r\nRUN go build -o /bin/a ./cmd/a \\\r\n && go build -o /bin/b ./cmd/b\r\nFROM alpine:3.20\r\nCOPY --from=build /bin/a /bin/a\r\nCOPY --from=build /bin/b /bin/b\r\nUSER 1001\r\n',
    'compose.yaml': 'services:\r\n  a:\r\n    build: .\r\n    command: ["/bin/a"]\r\n  b:\r\n    build:\r\n      context: .\r\n    command: ["/bin/b"]\r\n',
  };
  const { out } = split(files);
  for (const f of ['Dockerfile.a', 'Dockerfile.b', 'compose.yaml']) assert.doesNotMatch(out[f], /[^\r]\n/, f);
  assert.match(out['Dockerfile.b'], /RUN CGO_ENABLED=0 go build -o \/bin\/b \.\/cmd\/b\r\n/);
  assert.match(out["Dockerfile.b"], /USER 1001\r\nCMD \["\/bin\/b"\]\r\n$/);
  assert.equal(out['compose.yaml'], 'services:\r\n  a:\r\n    build: { context: ., dockerfile: Dockerfile.a }\r\n  b:\r\n    build:\r\n      context: .\r\n      dockerfile: Dockerfile.b\r\n');
});

test('a port literal in a shared config package is EXPOSEd only by the program that opens a listener', () => {
  const files = {
    ...RUNS('api', 'sweeper'),
    'go.mod': GO_MOD(),
    'internal/config/config.go': 'package config\n\n// Addr is where the API listens.\nconst Addr = ":8080"\n\n// Interval is how often the sweeper runs.\nconst Interval = 60\n',
    'cmd/api/main.go': 'package main\n\nimport (\n\t"net/http"\n\t"example.com/app/internal/config"\n)\n\nfunc main() { http.ListenAndServe(config.Addr, nil) }\n',
    'cmd/sweeper/main.go': 'package main\n\nimport (\n\t"fmt"\n\t"example.com/app/internal/config"\n)\n\nfunc main() { fmt.Println(config.Interval) }\n',
    Dockerfile: alpineTwo('RUN go build -o /out/ ./cmd/...').replace('USER 1001', 'EXPOSE 8080\nUSER 1001'),
  };
  const { result, out } = split(files);
  assert.deepEqual(result.programs.map((p) => p.name), ['api', 'sweeper']);
  assert.match(out['Dockerfile.api'], /^EXPOSE 8080$/m);
  assert.doesNotMatch(out['Dockerfile.sweeper'], /EXPOSE/);
});
