/**
 * False positives found on real public repositories (issue #15), each pinned by the real file it was found on.
 * The real files are read from the ecosystem corpus (test/ecosystem/corpus, built from the mirrors by
 * `node test/ecosystem/collect.mjs`; never committed: docs/ecosystem.md). Without a corpus those tests are skipped
 * with a message; the tests written out in our own minimal text (here and at the end of this file) always run.
 * Every block also keeps a true positive of the rule it changes, so the fix cannot simply switch the rule off.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { check } from '../helpers';
import { findComposeFileSets } from '../../server/src/core/compose/fileSets';
import type { Finding } from '../../server/src/core/types';
import { findCorpus } from '../ecosystem/ecosystem';

const CORPUS = findCorpus();
/** `skip` option of the tests that read real files: a loud reason when the corpus has not been built. */
const real = {
  skip: CORPUS
    ? false
    : 'SKIPPED: no ecosystem corpus (build it with `node test/ecosystem/collect.mjs`, docs/ecosystem.md); the minimal written-out tests still run',
};

/** The files of one real repository in the ecosystem corpus, as workspace-relative paths (licence texts left out). */
function repo(name: string, only?: (p: string) => boolean): Record<string, string> {
  if (!CORPUS) throw new Error('no ecosystem corpus');
  const root = path.join(CORPUS, name);
  const out: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const abs = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(abs);
      else {
        const rel = path.relative(root, abs).split(path.sep).join('/');
        if (!/^(LICEN[CS]E|COPYING|NOTICE)/i.test(rel) && (!only || only(rel))) out[rel] = fs.readFileSync(abs, 'utf8');
      }
    }
  };
  walk(root);
  return out;
}

const of = (findings: Finding[], code: string) => findings.filter((f) => f.code === code);
const errors = (findings: Finding[]) => findings.filter((f) => f.severity === 'error');

// 1. Compose overlay files -------------------------------------------------------------------------------------------

test('openmeter e2e overlay is checked as part of the Makefile -f set: no DW204 on kafka/clickhouse/postgres/redis', real, () => {
  const files = repo('openmeterio__openmeter');
  const findings = check(files, 'e2e/docker-compose.openmeter.yaml');
  assert.deepEqual(of(findings, 'DW204'), []);
  assert.deepEqual(errors(findings), []);
  // The set really is merged: the build comes from docker-compose.openmeter-local.yaml, so DW304 can look at the Dockerfile.
  assert.ok(of(findings, 'DW304').length > 0, 'the overlay is merged with the file that gives it a build');
});

test('openmeter overlay alone (no file set found) does not report dependencies other files define', real, () => {
  const files = repo('openmeterio__openmeter', (p) => p === 'e2e/docker-compose.openmeter.yaml');
  assert.deepEqual(errors(check(files, 'e2e/docker-compose.openmeter.yaml')), []);
});

test('openmeter overlay found through the Makefile alone (header comment removed)', real, () => {
  const files = repo('openmeterio__openmeter');
  files['e2e/docker-compose.openmeter.yaml'] = files['e2e/docker-compose.openmeter.yaml'].replace(/^(#.*\n)+/, '');
  const findings = check(files, 'e2e/docker-compose.openmeter.yaml');
  assert.deepEqual(of(findings, 'DW204'), []);
  assert.ok(of(findings, 'DW304').length > 0, 'merged with docker-compose.openmeter-local.yaml named only by the Makefile');
});

test('DW204 still fires on a complete file that depends on an undefined service', () => {
  const files = { 'compose.yaml': 'services:\n  app:\n    image: alpine:3.20\n    depends_on: [db]\n' };
  assert.equal(of(check(files, 'compose.yaml'), 'DW204').length, 1);
});

test('DW204 still fires inside a -f set when no file of the set defines the dependency', () => {
  const files = {
    'Makefile': 'up:\n\tdocker compose -f compose.base.yml -f compose.extra.yml up\n',
    'compose.base.yml': 'services:\n  app:\n    image: alpine:3.20\n',
    'compose.extra.yml': 'services:\n  app:\n    depends_on: [db]\n',
  };
  assert.equal(of(check(files, 'compose.extra.yml'), 'DW204').length, 1);
});

test('compose file sets: COMPOSE_FILE in .env and a CI step with working-directory', () => {
  const texts = new Map([
    ['deploy/.env', 'COMPOSE_FILE=compose.yml:compose.prod.yml\n'],
    ['.github/workflows/ci.yml', 'jobs:\n  e2e:\n    steps:\n      - run: docker compose -f compose.yml -f compose.ci.yml up -d\n        working-directory: deploy\n'],
  ]);
  const compose = ['deploy/compose.yml', 'deploy/compose.prod.yml', 'deploy/compose.ci.yml'];
  const sets = findComposeFileSets(texts, compose, (p) => compose.includes(p));
  assert.deepEqual(sets.map((s) => s.files), [['deploy/compose.yml', 'deploy/compose.prod.yml'], ['deploy/compose.yml', 'deploy/compose.ci.yml']]);
});

// 2–4. DW104 / DW107 / DW106 on real images --------------------------------------------------------------------------

const dockerfileAt = (name: string, file: string) => check(repo(name), file);

test('awesome-compose wasmedge (FROM scratch, ENTRYPOINT a .wasm module): no DW104, no DW107', real, () => {
  for (const file of ['wasmedge-mysql-nginx/backend/Dockerfile', 'wasmedge-kafka-mysql/etl/Dockerfile']) {
    const findings = dockerfileAt('docker__awesome-compose', file);
    assert.deepEqual(of(findings, 'DW104'), [], file);
    assert.deepEqual(of(findings, 'DW107'), [], file);
  }
});

test('awesome-compose wasmedge: apt lists in build-only stages are not DW106 leftovers', real, () => {
  const findings = dockerfileAt('docker__awesome-compose', 'wasmedge-mysql-nginx/backend/Dockerfile');
  assert.ok(!of(findings, 'DW106').some((f) => f.message.includes('/var/lib/apt/lists')));
});

test('DW104 still fires on a wasm image that never gets its module', () => {
  const findings = check({ Dockerfile: 'FROM scratch\nENTRYPOINT ["app.wasm"]\n' }, 'Dockerfile');
  assert.equal(of(findings, 'DW104').length, 1);
  const copied = check({ Dockerfile: 'FROM rust:1.80 AS build\nRUN cargo build --target wasm32-wasip1 --release && cp target/wasm32-wasip1/release/app.wasm /app.wasm\nFROM scratch\nCOPY --from=build /app.wasm /app.wasm\nENTRYPOINT ["app.wasm"]\n' }, 'Dockerfile');
  assert.deepEqual(of(copied, 'DW104'), []);
});

test('DW104 and DW107 honour compose platform: wasi/wasm', () => {
  const files = {
    'compose.yaml': 'services:\n  api:\n    build: .\n    platform: wasi/wasm\n',
    Dockerfile: 'FROM rust:1.80 AS build\nRUN cargo build --release && cp target/wasm32-wasip1/release/api /api\nFROM scratch\nCOPY --from=build /api /api\nENTRYPOINT ["api"]\n',
  };
  const findings = check(files, 'Dockerfile');
  assert.deepEqual(of(findings, 'DW104'), []);
  assert.deepEqual(of(findings, 'DW107'), []);
  // The same Dockerfile for a Linux platform: "api" from PATH is missing in scratch.
  assert.equal(of(check({ Dockerfile: files.Dockerfile }, 'Dockerfile'), 'DW104').length, 1);
});

test('official postgres (gosu / su-exec in docker-entrypoint.sh): no DW107', real, () => {
  for (const file of ['18/bookworm/Dockerfile', '18/alpine3.23/Dockerfile']) assert.deepEqual(of(dockerfileAt('docker-library__postgres', file), 'DW107'), [], file);
});

test('official postgres: apt-get install -s (a simulation) is no DW106', real, () => {
  assert.deepEqual(of(dockerfileAt('docker-library__postgres', '18/bookworm/Dockerfile'), 'DW106'), []);
  assert.equal(of(check({ Dockerfile: 'FROM debian:12\nRUN apt-get update && apt-get install -y curl\n' }, 'Dockerfile'), 'DW106').length, 2);
});

test('images built FROM postgres keep its step-down entrypoint; an own entrypoint without gosu is reported', () => {
  assert.deepEqual(of(check({ Dockerfile: 'FROM postgres:17\nCOPY init.sql /docker-entrypoint-initdb.d/\n' }, 'Dockerfile'), 'DW107'), []);
  const wrapped = { Dockerfile: 'FROM postgres:17\nCOPY entry.sh /usr/local/bin/entry.sh\nENTRYPOINT ["entry.sh"]\nCMD ["postgres"]\n', 'entry.sh': '#!/bin/sh\nset -e\nexec docker-entrypoint.sh "$@"\n' };
  assert.deepEqual(of(check(wrapped, 'Dockerfile'), 'DW107'), []);
  const gosu = { Dockerfile: 'FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends gosu && rm -rf /var/lib/apt/lists/*\nCOPY entry.sh /entry.sh\nCOPY app /app\nENTRYPOINT ["/entry.sh"]\n', 'entry.sh': '#!/bin/sh\nexec gosu app /app "$@"\n' };
  assert.deepEqual(of(check(gosu, 'Dockerfile'), 'DW107'), []);
  const plain = { Dockerfile: 'FROM debian:12\nCOPY entry.sh /entry.sh\nCOPY app /app\nENTRYPOINT ["/entry.sh"]\n', 'entry.sh': '#!/bin/sh\nexec /app "$@"\n' };
  const found = of(check(plain, 'Dockerfile'), 'DW107');
  assert.equal(found.length, 1);
  assert.equal(found[0].severity, 'warning');
});

test('official python and golang (base images for downstream RUNs): DW107 is advice (info) at most', real, () => {
  const cases: [string, string][] = [
    ['docker-library__python', '3.14/slim-trixie/Dockerfile'],
    ['docker-library__python', '3.14/alpine3.23/Dockerfile'],
    ['docker-library__python', '3.14/trixie/Dockerfile'],
    ['docker-library__golang', '1.26/trixie/Dockerfile'],
    ['docker-library__golang', '1.26/alpine3.23/Dockerfile'],
  ];
  for (const [name, file] of cases) for (const f of of(dockerfileAt(name, file), 'DW107')) assert.equal(f.severity, 'info', `${file}: ${f.message}`);
  // An application image (CMD runs a script) on the same base is still a warning.
  const app = of(check({ Dockerfile: 'FROM python:3.13-slim\nCOPY app.py /app/app.py\nCMD ["python", "/app/app.py"]\n' }, 'Dockerfile'), 'DW107');
  assert.equal(app.length, 1);
  assert.equal(app[0].severity, 'warning');
});

test('Windows images: ContainerAdministrator wording, nanoserver runs as ContainerUser', real, () => {
  const servercore = of(dockerfileAt('docker-library__golang', '1.26/windows/windowsservercore-ltsc2022/Dockerfile'), 'DW107');
  assert.equal(servercore.length, 1);
  assert.match(servercore[0].message, /ContainerAdministrator/);
  assert.doesNotMatch(servercore[0].message, /\broot\b/);
  assert.equal(servercore[0].severity, 'info'); // a base image (no CMD, no app)
  assert.deepEqual(of(dockerfileAt('docker-library__golang', '1.26/windows/nanoserver-ltsc2022/Dockerfile'), 'DW107'), []);
  const app = of(check({ Dockerfile: 'FROM mcr.microsoft.com/windows/servercore:ltsc2022\nCOPY app.exe C:/app/app.exe\nCMD ["C:/app/app.exe"]\n' }, 'Dockerfile'), 'DW107');
  assert.equal(app.length, 1);
  assert.equal(app[0].severity, 'warning');
  assert.match(app[0].message, /ContainerAdministrator/);
  assert.equal(app[0].fixes[0].title, 'Switch to ContainerUser');
});

test('official python slim-trixie: apt-get dist-clean cleans the lists (no DW106), and the RUN over the shell limit gets DW093', real, () => {
  const findings = dockerfileAt('docker-library__python', '3.14/slim-trixie/Dockerfile');
  assert.deepEqual(of(findings, 'DW106'), []);
  const skipped = of(findings, 'DW093');
  assert.equal(skipped.length, 1);
  assert.equal(skipped[0].severity, 'info');
  assert.match(skipped[0].message, /more than 600 shell words/);
  assert.deepEqual(of(check({ Dockerfile: 'FROM debian:13\nRUN apt-get update && apt-get install -y --no-install-recommends curl && apt-get clean\n' }, 'Dockerfile'), 'DW106').length, 1);
  assert.deepEqual(of(check({ Dockerfile: 'FROM debian:13\nRUN apt-get update && apt-get install -y --no-install-recommends curl && apt-get dist-clean\n' }, 'Dockerfile'), 'DW106'), []);
});

test('DW106 exemptions: tmpfs/cache mounts on the cache folder, PIP_NO_CACHE_DIR (falsy values too), pip --cache-dir on a mount', () => {
  const dw106 = (text: string) => of(check({ Dockerfile: text }, 'Dockerfile'), 'DW106').length;
  assert.equal(dw106('FROM debian:12\nRUN --mount=type=tmpfs,target=/var/lib/apt/lists --mount=type=tmpfs,target=/var/cache/apt apt-get update && apt-get install -y --no-install-recommends curl\n'), 0);
  assert.equal(dw106('FROM alpine:3.20\nRUN --mount=type=tmpfs,target=/var/cache/apk apk add curl\n'), 0);
  assert.equal(dw106('FROM python:3.12-slim\nRUN PIP_NO_CACHE_DIR=1 pip install flask\n'), 0);
  assert.equal(dw106('FROM python:3.12-slim\nRUN export PIP_NO_CACHE_DIR=off && pip install flask\n'), 0);
  assert.equal(dw106('FROM python:3.12-slim\nENV PIP_NO_CACHE_DIR=false\nRUN pip install flask\n'), 0);
  assert.equal(dw106('FROM python:3.12-slim\nRUN --mount=type=cache,target=/pip-cache pip install --cache-dir /pip-cache flask\n'), 0);
  // True positives stay.
  assert.equal(dw106('FROM python:3.12-slim\nRUN pip install flask\n'), 1);
  assert.equal(dw106('FROM python:3.12-slim\nENV PIP_NO_CACHE_DIR=\nRUN pip install flask\n'), 1);
  assert.equal(dw106('FROM python:3.12-slim\nRUN --mount=type=tmpfs,target=/tmp pip install flask\n'), 1);
  assert.equal(dw106('FROM debian:12\nRUN --mount=type=tmpfs,target=/tmp apt-get update && apt-get install -y --no-install-recommends curl\n'), 1);
  // Lists in a stage that only feeds COPY --from do not ship; the same install in the final stage does.
  assert.equal(dw106('FROM debian:12 AS build\nRUN apt-get update && apt-get install -y --no-install-recommends gcc\nRUN gcc -o /app app.c\nFROM debian:12-slim\nCOPY --from=build /app /app\n'), 0);
  assert.equal(dw106('FROM debian:12 AS build\nRUN gcc -o /app app.c\nFROM debian:12-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl\nCOPY --from=build /app /app\n'), 1);
});

// 6. DW111 / 8. DW119 ------------------------------------------------------------------------------------------------

test('awesome-compose nginx-golang-mysql: a cache mount on /go/pkg/mod/cache (and on the GOCACHE dir) counts for DW111', real, () => {
  const findings = dockerfileAt('docker__awesome-compose', 'nginx-golang-mysql/backend/Dockerfile');
  assert.deepEqual(of(findings, 'DW111'), []);
  const dw111 = (text: string) => of(check({ Dockerfile: text }, 'Dockerfile'), 'DW111');
  assert.deepEqual(dw111('FROM golang:1.23\nRUN --mount=type=cache,target=/go/pkg/mod --mount=type=cache,target=/root/.cache go build ./...\n'), []);
  // True positives stay: no mount at all, or the module cache mounted but not the build cache.
  assert.equal(dw111('FROM golang:1.23\nRUN go mod download\n').length, 1);
  assert.match(dw111('FROM golang:1.23\nRUN --mount=type=cache,target=/go/pkg/mod/cache go build ./...\n')[0]?.message ?? '', /\/root\/\.cache\/go-build/);
});

test('DW119: ADD of a compressed file, a URL or a git repository is not "use COPY"', () => {
  const dw119 = (line: string) => of(check({ Dockerfile: `FROM alpine:3.20\n${line}\n` }, 'Dockerfile'), 'DW119').length;
  for (const line of ['ADD rootfs.tar.gz /', 'ADD dist.tgz /opt/', 'ADD data.bz2 /data/', 'ADD data.xz /data/', 'ADD payload.gz /srv/', 'ADD image.zst /srv/', 'ADD https://example.com/tool /usr/local/bin/tool', 'ADD https://github.com/moby/buildkit.git#v0.14.1 /src', 'ADD git@github.com:moby/buildkit.git /src']) {
    assert.equal(dw119(line), 0, line);
  }
  assert.equal(dw119('ADD app.conf /etc/app.conf'), 1);
  assert.equal(dw119('ADD . /src'), 1);
});

// 9. DW205/206/207: "prod-enabled" per service -----------------------------------------------------------------------

test('openmeter docker-compose.base.yaml: one dev-profiled service does not switch DW206 off for the unprofiled ones', real, () => {
  const findings = of(check(repo('openmeterio__openmeter'), 'docker-compose.base.yaml'), 'DW206');
  assert.ok(findings.some((f) => f.message.includes('POSTGRES_PASSWORD of "postgres"')), findings.map((f) => f.message).join('\n'));
  // ch-ui only runs with --profile dev: not production.
  assert.ok(!findings.some((f) => f.message.includes('"ch-ui"')));
});

test('DW205/206/207 per service: unprofiled services count, services only in non-prod profiles do not', () => {
  const text = [
    'services:',
    '  db:',
    '    image: postgres:16',
    '    ports: ["5432:5432"]',
    '    environment:',
    '      POSTGRES_PASSWORD: secret',
    '  app:',
    '    image: app:1',
    '    environment:',
    '      NODE_ENV: development',
    '  adminer:',
    '    image: adminer:4',
    '    profiles: [debug]',
    '    environment:',
    '      ADMIN_PASSWORD: admin',
    '      DEBUG: "true"',
    '',
  ].join('\n');
  const findings = check({ 'compose.yaml': text }, 'compose.yaml');
  assert.equal(of(findings, 'DW205').length, 1);
  assert.doesNotMatch(of(findings, 'DW205')[0].message, /has no profiles/);
  assert.deepEqual(of(findings, 'DW206').map((f) => f.message.split(' ')[0]), ['POSTGRES_PASSWORD']);
  assert.equal(of(findings, 'DW207').length, 1);
  assert.match(of(findings, 'DW207')[0].message, /app/);
  // With a prod profile, only what runs under it counts (unprofiled services do).
  const prod = check({ 'compose.yaml': text.replace('profiles: [debug]', 'profiles: [prod]') }, 'compose.yaml');
  assert.ok(of(prod, 'DW206').some((f) => f.message.startsWith('ADMIN_PASSWORD')));
});

// 5. DW304 -----------------------------------------------------------------------------------------------------------

test('awesome-compose: ports EXPOSEd by php:apache / nginx bases and EXPOSE $PORT with an ARG default are not DW304', real, () => {
  const files = repo('docker__awesome-compose');
  for (const compose of ['apache-php/compose.yaml', 'nginx-flask-mysql/compose.yaml']) assert.deepEqual(of(check(files, compose), 'DW304'), [], compose);
  const react = of(check(files, 'react-express-mysql/compose.yaml'), 'DW304');
  assert.ok(!react.some((f) => f.message.includes('"backend"')), react.map((f) => f.message).join('\n'));
  for (const f of react) assert.doesNotMatch(f.message, /\$/);
  // The frontend publishes 3000 and its Dockerfile exposes nothing: still reported.
  assert.ok(react.some((f) => f.message.includes('"frontend"')));
});

test('DW304: EXPOSE $PORT resolves ARG defaults and compose build args; an unset variable is not reported', () => {
  const files = (dockerfile: string, args = '') => ({
    'compose.yaml': `services:\n  web:\n    build:\n      context: .${args}\n    ports: ["8080:8080"]\n`,
    Dockerfile: dockerfile,
  });
  const dw304 = (f: Record<string, string>) => of(check(f, 'compose.yaml'), 'DW304');
  assert.deepEqual(dw304(files('FROM alpine:3.20\nARG PORT=8080\nEXPOSE $PORT\n')), []);
  const wrong = dw304(files('FROM alpine:3.20\nARG PORT=3000\nEXPOSE ${PORT}\n'));
  assert.equal(wrong.length, 1);
  assert.match(wrong[0].message, /it exposes 3000\)/);
  assert.deepEqual(dw304(files('FROM alpine:3.20\nARG PORT=3000\nEXPOSE $PORT\n', '\n      args:\n        PORT: "8080"')), []);
  assert.deepEqual(dw304(files('FROM alpine:3.20\nARG PORT\nEXPOSE $PORT\n')), []);
  assert.equal(dw304({ 'compose.yaml': 'services:\n  web:\n    build: .\n    ports: ["80:80"]\n', Dockerfile: 'FROM nginx:1.27\n' }).length, 0);
  assert.equal(dw304({ 'compose.yaml': 'services:\n  web:\n    build: .\n    ports: ["81:81"]\n', Dockerfile: 'FROM nginx:1.27\n' }).length, 1);
});

// 7. DW105 -----------------------------------------------------------------------------------------------------------

test('DW105: images that need the toolchain at run time (tests, generators, hot reload, go-installed tools) are not reported', () => {
  const dw105 = (text: string) => of(check({ Dockerfile: text }, 'Dockerfile'), 'DW105');
  const harness = 'FROM golang:1.23\nWORKDIR /src\nCOPY . .\nRUN go build ./...\nCMD ["go", "test", "-v", "./..."]\n';
  assert.deepEqual(dw105(harness), []);
  assert.deepEqual(dw105('FROM golang:1.23\nCOPY . /src\nWORKDIR /src\nRUN go build ./...\nENTRYPOINT ["sh", "-c", "go generate ./... && go test ./..."]\n'), []);
  assert.deepEqual(dw105('FROM golang:1.23\nRUN go install github.com/99designs/gqlgen@v0.17.49\nRUN go build ./...\nENTRYPOINT ["gqlgen"]\n'), []);
  assert.deepEqual(dw105('FROM golang:1.23\nRUN go install github.com/air-verse/air@latest\nCOPY . .\nRUN go build -o /tmp/app .\nCMD air\n'), []);
  assert.deepEqual(dw105('FROM rust:1.80\nCOPY . .\nRUN cargo build\nCMD ["cargo", "test"]\n'), []);
  // `go run` / `cargo run` of the app: advice, and the message says why the toolchain is there.
  const run = dw105('FROM rust:1.80\nWORKDIR /app\nCOPY . .\nRUN cargo build --release\nCMD ["cargo", "run", "--release"]\n');
  assert.equal(run.length, 1);
  assert.equal(run[0].severity, 'info');
  assert.doesNotMatch(run[0].message, /only needs for building/);
  // True positive: builds then runs the binary.
  const shipped = dw105('FROM golang:1.23\nWORKDIR /src\nCOPY . .\nRUN go build -o /app .\nCMD ["/app"]\n');
  assert.equal(shipped.length, 1);
  assert.equal(shipped[0].severity, 'warning');
  // A local `go install ./cmd/server` is the app, not a tool.
  assert.equal(dw105('FROM golang:1.23\nCOPY . /src\nWORKDIR /src\nRUN go install ./cmd/server\nCMD ["server"]\n').length, 1);
});

// 12. DW103 without the Go sources ------------------------------------------------------------------------------------

test('DW103 without source: inferred from the builder\'s -dev libraries and cgo, as a warning that says the source was missing', () => {
  const dockerfile = (builder: string, build: string, runtime = '') =>
    `FROM ${builder} AS build\n${build}\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=1 go build -o /out/app ./cmd/app\nFROM alpine:3.20\n${runtime}COPY --from=build /out/app /usr/local/bin/app\nCMD ["app"]\n`;
  const dw103 = (text: string) => of(check({ Dockerfile: text }, 'Dockerfile'), 'DW103');
  const found = dw103(dockerfile('golang:1.23-alpine', 'RUN apk add --no-cache gcc musl-dev libwebp-dev'));
  assert.equal(found.length, 1);
  assert.equal(found[0].severity, 'warning');
  assert.match(found[0].message, /source was not available/);
  assert.match(found[0].message, /libwebp-dev/);
  // The fix installs the runtime library, and the finding goes.
  assert.deepEqual(dw103(dockerfile('golang:1.23-alpine', 'RUN apk add --no-cache gcc musl-dev libwebp-dev', 'RUN apk add --no-cache libwebp\n')), []);
  // Not reported: CGO_ENABLED=0, static linking, sqlite-dev (go-sqlite3 bundles SQLite), no -dev library.
  assert.deepEqual(dw103(dockerfile('golang:1.23-alpine', 'RUN apk add --no-cache gcc musl-dev libwebp-dev').replace('CGO_ENABLED=1', 'CGO_ENABLED=0')), []);
  assert.deepEqual(dw103(dockerfile('golang:1.23-alpine', 'RUN apk add --no-cache gcc musl-dev libwebp-dev').replace('go build', 'go build -ldflags \'-extldflags "-static"\'')), []);
  assert.deepEqual(dw103(dockerfile('golang:1.23-alpine', 'RUN apk add --no-cache gcc musl-dev sqlite-dev')), []);
  assert.deepEqual(dw103(dockerfile('golang:1.23-alpine', 'RUN apk add --no-cache gcc musl-dev')), []);
  // With the Go source available, the certain form (error) still fires.
  const files = {
    Dockerfile: dockerfile('golang:1.23-alpine', 'RUN apk add --no-cache gcc musl-dev libwebp-dev'),
    'go.mod': 'module example.com/app\n\ngo 1.23\n\nrequire github.com/kolesa-team/go-webp v1.0.4\n',
    'cmd/app/main.go': 'package main\n\nimport _ "github.com/kolesa-team/go-webp/webp"\n\nfunc main() {}\n',
  };
  const certain = of(check(files, 'Dockerfile'), 'DW103');
  assert.equal(certain.length, 1);
  assert.equal(certain[0].severity, 'error');
  assert.doesNotMatch(certain[0].message, /not available/);
});

// Minimal written-out reproductions (our own text, not copies) of the classes above whose real-file tests need the
// corpus, so a machine without it still tests them.

test('minimal: an overlay without image/build, combined by a Makefile -f set, is checked with its set (no DW204)', () => {
  const files = {
    'e2e/Makefile': 'up:\n\tdocker compose -f compose.infra.yaml -f compose.app.yaml up -d\n',
    'e2e/compose.infra.yaml': 'services:\n  queue:\n    image: redis:7\n  app:\n    image: example/app:1\n',
    'e2e/compose.app.yaml': 'services:\n  app:\n    depends_on: [queue]\n',
  };
  assert.deepEqual(of(check(files, 'e2e/compose.app.yaml'), 'DW204'), []);
  assert.deepEqual(errors(check({ 'e2e/compose.app.yaml': files['e2e/compose.app.yaml'] }, 'e2e/compose.app.yaml')), []);
});

test('minimal: a WASI image (FROM scratch, ENTRYPOINT a .wasm module) gets no DW104 and no DW107', () => {
  const findings = check({ Dockerfile: 'FROM rust:1.80 AS build\nWORKDIR /src\nCOPY . .\nRUN cargo build --target wasm32-wasip1 --release\nFROM scratch\nCOPY --from=build /src/target/wasm32-wasip1/release/svc.wasm /svc.wasm\nENTRYPOINT ["/svc.wasm"]\n' }, 'Dockerfile');
  assert.deepEqual(of(findings, 'DW104'), []);
  assert.deepEqual(of(findings, 'DW107'), []);
});

test('minimal: apt-get install -s is a simulation (no DW106); the real install is reported', () => {
  const dw106 = (text: string) => of(check({ Dockerfile: text }, 'Dockerfile'), 'DW106').length;
  assert.equal(dw106('FROM debian:12\nRUN apt-get install -s tzdata\n'), 0);
  assert.ok(dw106('FROM debian:12\nRUN apt-get update && apt-get install -y tzdata\n') > 0);
});

test('minimal: a language base image (no app, no EXPOSE, CMD an interpreter) gets DW107 as info, not warning', () => {
  const base = of(check({ Dockerfile: 'FROM debian:13-slim\nENV LANG=C.UTF-8\nRUN apt-get update && apt-get install -y --no-install-recommends ca-certificates && rm -rf /var/lib/apt/lists/*\nCMD ["python3"]\n' }, 'Dockerfile'), 'DW107');
  assert.equal(base.length, 1);
  assert.equal(base[0].severity, 'info');
});

test('minimal: Windows servercore says ContainerAdministrator (not root); nanoserver runs as ContainerUser', () => {
  const servercore = of(check({ Dockerfile: 'FROM mcr.microsoft.com/windows/servercore:ltsc2022\nSHELL ["powershell", "-Command"]\nRUN Write-Host hello\n' }, 'Dockerfile'), 'DW107');
  assert.equal(servercore.length, 1);
  assert.match(servercore[0].message, /ContainerAdministrator/);
  assert.doesNotMatch(servercore[0].message, /\broot\b/);
  assert.deepEqual(of(check({ Dockerfile: 'FROM mcr.microsoft.com/windows/nanoserver:ltsc2022\nCOPY app.exe C:/app/app.exe\nCMD ["C:/app/app.exe"]\n' }, 'Dockerfile'), 'DW107'), []);
});

test('minimal: a RUN over the shell-analysis limit gets DW093 (info) instead of silence', () => {
  const words = Array.from({ length: 700 }, (_, i) => `w${i}`).join(' ');
  const skipped = of(check({ Dockerfile: `FROM debian:13\nRUN echo ${words}\n` }, 'Dockerfile'), 'DW093');
  assert.equal(skipped.length, 1);
  assert.equal(skipped[0].severity, 'info');
});

test('minimal: DW304 does not report a port the base image EXPOSEs (nginx, php:apache)', () => {
  for (const from of ['nginx:1.27', 'php:8.3-apache']) {
    const files = { 'compose.yaml': 'services:\n  web:\n    build: .\n    ports: ["8080:80"]\n', Dockerfile: `FROM ${from}\nCOPY site/ /var/www/html/\n` };
    assert.deepEqual(of(check(files, 'compose.yaml'), 'DW304'), [], from);
  }
  const own = { 'compose.yaml': 'services:\n  web:\n    build: .\n    ports: ["3000:3000"]\n', Dockerfile: 'FROM node:22-slim\nCOPY . /app\nCMD ["node", "/app/server.js"]\n' };
  assert.equal(of(check(own, 'compose.yaml'), 'DW304').length, 1);
});

test('DW107 base-image reading: an entrypoint wrapper before an interpreter CMD and helper tools on PATH still make a base image', () => {
  const dw107 = (text: string, extra: Record<string, string> = {}) => of(check({ Dockerfile: text, ...extra }, 'Dockerfile'), 'DW107');
  // docker-node / docker-php / adoptium shape: a wrapper entrypoint that hands over to CMD, CMD an interpreter.
  const node = dw107('FROM alpine:3.23\nRUN apk add --no-cache libstdc++\nCOPY docker-entrypoint.sh /usr/local/bin/\nENTRYPOINT ["docker-entrypoint.sh"]\nCMD ["node"]\n');
  assert.deepEqual(node.map((f) => f.severity), ['info']);
  const php = dw107('FROM alpine:3.23\nCOPY docker-php-ext-install docker-php-entrypoint /usr/local/bin/\nENTRYPOINT ["docker-php-entrypoint"]\nCMD ["php", "-a"]\n');
  assert.deepEqual(php.map((f) => f.severity), ['info']);
  const dotnet = dw107('FROM debian:12-slim\nENTRYPOINT ["dotnet"]\nCMD ["--info"]\n');
  assert.deepEqual(dotnet.map((f) => f.severity), ['info']);
  // True positives: the same shape running an app, an app binary on PATH, or an entrypoint that is the app.
  assert.deepEqual(dw107('FROM node:22-alpine\nCOPY docker-entrypoint.sh /usr/local/bin/\nENTRYPOINT ["docker-entrypoint.sh"]\nCMD ["node", "server.js"]\n').map((f) => f.severity), ['warning']);
  assert.deepEqual(dw107('FROM alpine:3.23\nCOPY api /usr/local/bin/\nCMD ["api"]\n').map((f) => f.severity), ['warning']);
  assert.deepEqual(dw107('FROM alpine:3.23\nCOPY api /usr/local/bin/\nENTRYPOINT ["/usr/local/bin/api"]\n').map((f) => f.severity), ['warning']);
});

test('DW107: .NET chiseled and distroless images already run as the app user', () => {
  assert.deepEqual(of(check({ Dockerfile: 'FROM mcr.microsoft.com/dotnet/aspnet:8.0-jammy-chiseled\nCOPY out/ /app/\nENTRYPOINT ["dotnet", "/app/api.dll"]\n' }, 'Dockerfile'), 'DW107'), []);
  assert.deepEqual(of(check({ Dockerfile: 'ARG REPO=mcr.microsoft.com/dotnet/runtime-deps\nFROM $REPO:10.0-azurelinux3.0-distroless\nCOPY out/ /app/\nENTRYPOINT ["/app/api"]\n' }, 'Dockerfile'), 'DW107'), []);
  assert.equal(of(check({ Dockerfile: 'FROM mcr.microsoft.com/dotnet/aspnet:8.0\nCOPY out/ /app/\nENTRYPOINT ["dotnet", "/app/api.dll"]\n' }, 'Dockerfile'), 'DW107').length, 1);
});

test('DW118 in FROM with a default: the message says the default applies, not an empty string (lnd bitcoind)', () => {
  const f = of(check({ Dockerfile: 'FROM lightninglabs/bitcoin-core:${BITCOIN_VERSION:-25}\nUSER 1001\n' }, 'Dockerfile'), 'DW118');
  assert.equal(f.length, 1);
  assert.match(f[0].message, /only its default here applies and a --build-arg for it is ignored/);
  assert.doesNotMatch(f[0].message, /empty string/);
  const plain = of(check({ Dockerfile: 'FROM alpine:${TAG}\nUSER 1001\n' }, 'Dockerfile'), 'DW118');
  assert.match(plain[0].message, /empty string/);
});

test('DW117 on Windows images says cmd /S /C, not /bin/sh -c (dotnet-framework wcfapp)', () => {
  const f = of(check({ Dockerfile: 'FROM mcr.microsoft.com/dotnet/framework/runtime:4.8.1\nWORKDIR /app\nCOPY bin/ .\nENTRYPOINT WcfClient.exe\n' }, 'Dockerfile'), 'DW117');
  assert.equal(f.length, 1);
  assert.match(f[0].message, /cmd \/S \/C/);
  assert.doesNotMatch(f[0].message, /\/bin\/sh|SIGTERM/);
  assert.equal(f[0].fixes[0]?.title, 'Convert to JSON form');
  const linux = of(check({ Dockerfile: 'FROM alpine:3.20\nCMD ./server\n' }, 'Dockerfile'), 'DW117');
  assert.match(linux[0].message, /\/bin\/sh -c/);
});

test('images that set a non-root USER themselves (grafana, prometheus, Elastic) get no DW107; Elastic images EXPOSE their ports (DW304)', () => {
  for (const from of ['grafana/grafana:11.0.0', 'prom/prometheus:v2.53.0', 'docker.elastic.co/elasticsearch/elasticsearch:8.15.0'])
    assert.deepEqual(of(check({ Dockerfile: `FROM ${from}\nCOPY config/ /etc/app/\n` }, 'Dockerfile'), 'DW107'), [], from);
  assert.equal(of(check({ Dockerfile: 'FROM grafana/grafana:11.0.0\nUSER root\n' }, 'Dockerfile'), 'DW107').length, 1);
  const files = {
    'compose.yaml': 'services:\n  kibana:\n    build: kibana/\n    ports: ["5601:5601"]\n  logstash:\n    build: logstash/\n    ports: ["5044:5044", "9600:9600", "50000:50000"]\n',
    'kibana/Dockerfile': 'FROM docker.elastic.co/kibana/kibana:8.15.0\n',
    'logstash/Dockerfile': 'FROM docker.elastic.co/logstash/logstash:8.15.0\n',
  };
  // 50000 is not EXPOSEd by logstash: still reported.
  assert.deepEqual(of(check(files, 'compose.yaml'), 'DW304').map((f) => f.message.match(/port (\d+)/)?.[1]), ['50000']);
});

test('DW106: a stage that only feeds a RUN --mount from= is build-only, like one that feeds COPY --from (nginx modules/)', () => {
  const dw106 = (text: string) => of(check({ Dockerfile: text }, 'Dockerfile'), 'DW106').length;
  const builder = 'FROM debian:12 AS builder\nRUN apt-get update && apt-get install -y --no-install-recommends build-essential\nRUN make-debs /tmp/packages\n';
  assert.equal(dw106(`${builder}FROM debian:12-slim\nRUN --mount=type=bind,target=/tmp/packages,source=/tmp/packages,from=builder apt-get update && apt-get install -y --no-install-recommends /tmp/packages/m.deb && rm -rf /var/lib/apt/lists/*\n`), 0);
  // A dead-end stage nothing uses may be built with --target: still checked.
  assert.equal(dw106(`${builder}FROM debian:12-slim\nRUN echo done\n`), 1);
});

test('DW113: the pnpm fetch pattern (lockfile copied and fetched before COPY .) is not reported (hoppscotch)', () => {
  const dw113 = (text: string) => of(check({ Dockerfile: text, 'package.json': '{}', 'pnpm-lock.yaml': '' }, 'Dockerfile'), 'DW113').length;
  assert.equal(dw113('FROM node:22-alpine\nWORKDIR /app\nCOPY pnpm-lock.yaml .\nRUN pnpm fetch\nCOPY . .\nRUN pnpm install --offline\n'), 0);
  assert.equal(dw113('FROM node:22-alpine\nWORKDIR /app\nCOPY . .\nRUN pnpm install\n'), 1);
});
