import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyFix, check, fixAll } from '../helpers';

/** Table-driven cases for the DW1xx rules: `count` findings of `code` in `text`; `fixed` is the file after fixAll. */
interface Case {
  code: string;
  name: string;
  text: string;
  count: number;
  fixed?: string;
  files?: Record<string, string>;
  pick?: number;
}

const cases: Case[] = [
  // DW104 — CMD/ENTRYPOINT program never provided
  { code: 'DW104', name: 'scratch, binary never copied', text: 'FROM golang:1.22 AS build\nRUN go build -o /out/app .\nFROM scratch\nENTRYPOINT ["/app"]\n', count: 1 },
  { code: 'DW104', name: 'scratch, binary copied', text: 'FROM golang:1.22 AS build\nRUN go build -o /out/app .\nFROM scratch\nCOPY --from=build /out/app /app\nENTRYPOINT ["/app"]\n', count: 0 },
  { code: 'DW104', name: 'alpine, relative to WORKDIR, copied into dir', text: 'FROM alpine:3.20\nWORKDIR /app\nCOPY --from=golang:1.22 /usr/local/go/bin/go ./\nCMD ["./go"]\n', count: 0 },
  { code: 'DW104', name: 'alpine, ./server never copied', text: 'FROM alpine:3.20\nWORKDIR /app\nCOPY config.yaml ./\nCMD ["./server"]\n', count: 1 },
  { code: 'DW104', name: 'program from PATH on alpine', text: 'FROM alpine:3.20\nCMD ["sh"]\n', count: 0 },
  { code: 'DW104', name: 'distroless shell form', text: 'FROM gcr.io/distroless/static-debian12\nCOPY app /app\nCMD /app\n', count: 1 },
  { code: 'DW104', name: 'created by RUN', text: 'FROM alpine:3.20\nRUN printf "#!/bin/sh\\necho hi\\n" > /usr/local/bin/hi && chmod +x /usr/local/bin/hi\nWORKDIR /srv\nRUN touch run.sh\nCMD ["./run.sh"]\n', count: 0 },
  { code: 'DW104', name: 'unknown base image may contain it', text: 'FROM myorg/app-base:1\nCMD ["./server"]\n', count: 0 },
  // DW105 — toolchain in the final image
  {
    code: 'DW105',
    name: 'single-stage golang build and run',
    text: 'FROM golang:1.22-alpine\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /bin/app ./cmd/app\nEXPOSE 8080\nCMD ["/bin/app"]\n',
    count: 1,
    fixed:
      'FROM golang:1.22-alpine AS build\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /bin/app ./cmd/app\n\nFROM alpine:3.22\nWORKDIR /src\nCOPY --from=build /bin/app /bin/app\nEXPOSE 8080\nCMD ["/bin/app"]\n',
  },
  { code: 'DW105', name: 'multi-stage go', text: 'FROM golang:1.22 AS b\nRUN go build -o /app .\nFROM alpine:3.20\nCOPY --from=b /app /app\nCMD ["/app"]\n', count: 0 },
  { code: 'DW105', name: 'golang image used to run go test only', text: 'FROM golang:1.22\nCMD ["go", "test", "./..."]\n', count: 0 },
  { code: 'DW105', name: 'rust single stage (no fix)', text: 'FROM rust:1.80\nCOPY . .\nRUN cargo build --release\nCMD ["./target/release/app"]\n', count: 1 },
  // DW106 — dnf/yum additions (apk/apt/pip cases are in dw106.test.ts)
  { code: 'DW106', name: 'dnf without clean', text: 'FROM fedora:40\nRUN dnf install -y git\n', count: 1, fixed: 'FROM fedora:40\nRUN dnf install -y git \\\n    && dnf clean all\n' },
  { code: 'DW106', name: 'yum with clean', text: 'FROM centos:7\nRUN yum install -y git && yum clean all\n', count: 0 },
  { code: 'DW106', name: 'microdnf with cache mount', text: 'FROM ubi9-minimal\nRUN --mount=type=cache,target=/var/cache/dnf microdnf install -y git\n', count: 0 },
  // DW107 — nginx and step-down images
  {
    code: 'DW107',
    name: 'nginx: info with unprivileged variant',
    text: 'FROM nginx:1.27-alpine\nCOPY dist /usr/share/nginx/html\nEXPOSE 80\nHEALTHCHECK CMD wget -qO- http://127.0.0.1/ >/dev/null || exit 1\n',
    count: 1,
    fixed: 'FROM nginxinc/nginx-unprivileged:1.27-alpine\nCOPY dist /usr/share/nginx/html\nEXPOSE 8080\nHEALTHCHECK CMD wget -qO- http://127.0.0.1:8080/ >/dev/null || exit 1\n',
  },
  { code: 'DW107', name: 'postgres steps down itself', text: 'FROM postgres:16-alpine\nCOPY init.sql /docker-entrypoint-initdb.d/\n', count: 0 },
  { code: 'DW107', name: 'postgres with own ENTRYPOINT', text: 'FROM postgres:16-alpine\nENTRYPOINT ["postgres"]\n', count: 1 },
  // DW108 — COPY into a writable folder without --chown
  {
    code: 'DW108',
    name: 'copy into VOLUME dir as non-root',
    text: 'FROM alpine:3.20\nRUN addgroup -S app && adduser -S app -G app\nVOLUME /data\nCOPY seed.db /data/seed.db\nUSER app\nCMD ["sh"]\n',
    count: 1,
    fixed: 'FROM alpine:3.20\nRUN addgroup -S app && adduser -S app -G app\nVOLUME /data\nCOPY --chown=app:app seed.db /data/seed.db\nUSER app\nCMD ["sh"]\n',
  },
  { code: 'DW108', name: 'chowned later', text: 'FROM alpine:3.20\nWORKDIR /app\nCOPY uploads ./uploads\nRUN chown -R 1001 /app\nUSER 1001\n', count: 0 },
  { code: 'DW108', name: 'runs as root', text: 'FROM alpine:3.20\nCOPY seed.db /data/seed.db\n', count: 0 },
  { code: 'DW108', name: 'program dir, not written to', text: 'FROM alpine:3.20\nWORKDIR /app\nCOPY server ./server\nUSER 1001\n', count: 0 },
  // DW109 — EXPOSE without HEALTHCHECK
  {
    code: 'DW109',
    name: 'alpine gets a wget probe',
    text: 'FROM alpine:3.20\nUSER 1001\nEXPOSE 8080\nCMD ["/app"]\n',
    count: 1,
    fixed: 'FROM alpine:3.20\nUSER 1001\nEXPOSE 8080\nHEALTHCHECK --interval=30s --timeout=3s --start-period=10s --retries=3 CMD wget -qO- http://127.0.0.1:8080/health >/dev/null || exit 1\nCMD ["/app"]\n',
  },
  {
    code: 'DW109',
    name: 'debian with curl installed gets a curl probe',
    text: 'FROM debian:12-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\nEXPOSE 3000\n',
    count: 1,
    fixed: 'FROM debian:12-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\nEXPOSE 3000\nHEALTHCHECK --interval=30s --timeout=3s --start-period=10s --retries=3 CMD curl -fsS http://127.0.0.1:3000/health >/dev/null || exit 1\n',
  },
  { code: 'DW109', name: 'distroless: no tool, no fix', text: 'FROM gcr.io/distroless/static-debian12:nonroot\nEXPOSE 8080\n', count: 1 },
  { code: 'DW109', name: 'has HEALTHCHECK', text: 'FROM alpine:3.20\nEXPOSE 8080\nHEALTHCHECK CMD wget -qO- http://127.0.0.1:8080/ || exit 1\n', count: 0 },
  { code: 'DW109', name: 'HEALTHCHECK NONE is deliberate', text: 'FROM alpine:3.20\nEXPOSE 8080\nHEALTHCHECK NONE\n', count: 0 },
  { code: 'DW109', name: 'no EXPOSE', text: 'FROM alpine:3.20\nCMD ["sh"]\n', count: 0 },
  {
    code: 'DW109',
    name: 'compose healthcheck covers it',
    text: 'FROM alpine:3.20\nEXPOSE 8080\n',
    files: { 'compose.yaml': 'services:\n  api:\n    build: .\n    healthcheck:\n      test: ["CMD", "wget", "-qO-", "http://127.0.0.1:8080/"]\n' },
    count: 0,
  },
  // DW110 — HEALTHCHECK tool missing
  {
    code: 'DW110',
    name: 'curl on plain alpine → wget',
    text: 'FROM alpine:3.20\nHEALTHCHECK --interval=10s CMD curl -f http://localhost:8080/health || exit 1\n',
    count: 1,
    fixed: 'FROM alpine:3.20\nHEALTHCHECK --interval=10s CMD wget -qO- http://localhost:8080/health >/dev/null || exit 1\n',
  },
  {
    code: 'DW110',
    name: 'curl on alpine → install curl (second fix), before USER',
    text: 'FROM alpine:3.20\nUSER 1001\nHEALTHCHECK CMD curl -f http://localhost:8080/health || exit 1\n',
    count: 1,
    pick: 1,
    fixed: 'FROM alpine:3.20\nRUN apk add --no-cache curl\nUSER 1001\nHEALTHCHECK CMD curl -f http://localhost:8080/health || exit 1\n',
  },
  { code: 'DW110', name: 'curl installed', text: 'FROM alpine:3.20\nRUN apk add --no-cache curl\nHEALTHCHECK CMD curl -f http://localhost/ || exit 1\n', count: 0 },
  { code: 'DW110', name: 'wget on alpine', text: 'FROM alpine:3.20\nHEALTHCHECK CMD wget -qO- http://localhost/ || exit 1\n', count: 0 },
  { code: 'DW110', name: 'distroless shell-form', text: 'FROM gcr.io/distroless/static-debian12\nHEALTHCHECK CMD wget -qO- http://localhost/\n', count: 1 },
  { code: 'DW110', name: 'distroless exec form of own binary', text: 'FROM gcr.io/distroless/static-debian12\nCOPY app /app\nHEALTHCHECK CMD ["/app", "health"]\n', count: 0 },
  { code: 'DW110', name: 'unknown image', text: 'FROM myorg/base:1\nHEALTHCHECK CMD curl -f http://localhost/\n', count: 0 },
  // docker-zulip: the final stage runs the project's own installer, which installs curl; Dockwright cannot tell.
  { code: 'DW110', name: 'an installer script of its own may install the tool', text: 'FROM ubuntu:24.04\nCOPY app /root/app\nRUN /root/app/scripts/setup/install --hostname=x && rm -rf /tmp/*\nHEALTHCHECK CMD ["curl", "-f", "http://localhost/health"]\n', count: 0 },
  { code: 'DW110', name: 'bash setup.sh may install the tool', text: 'FROM debian:12\nCOPY setup.sh /setup.sh\nRUN bash /setup.sh\nHEALTHCHECK CMD curl -f http://localhost/\n', count: 0 },
  { code: 'DW110', name: 'an ordinary RUN does not hide the missing curl', text: 'FROM ubuntu:24.04\nCOPY app /app\nRUN chmod +x /app/run && mkdir -p /data\nHEALTHCHECK CMD ["curl", "-f", "http://localhost/health"]\n', count: 1 },
  // DW111 — cache mounts
  {
    code: 'DW111',
    name: 'go mod download and go build',
    text: 'FROM golang:1.22-alpine AS b\nWORKDIR /src\nCOPY go.mod go.sum ./\nRUN go mod download\nCOPY . .\nRUN go build -o /app .\n',
    count: 2,
    fixed:
      'FROM golang:1.22-alpine AS b\nWORKDIR /src\nCOPY go.mod go.sum ./\nRUN --mount=type=cache,target=/go/pkg/mod go mod download\nCOPY . .\nRUN --mount=type=cache,target=/root/.cache/go-build --mount=type=cache,target=/go/pkg/mod go build -o /app .\n',
  },
  {
    code: 'DW111',
    name: 'apt-get gets locked mounts',
    text: 'FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends gcc\n',
    count: 1,
    fixed: 'FROM debian:12\nRUN --mount=type=cache,target=/var/cache/apt,sharing=locked --mount=type=cache,target=/var/lib/apt,sharing=locked apt-get update && apt-get install -y --no-install-recommends gcc\n',
  },
  { code: 'DW111', name: 'npm ci with mount', text: 'FROM node:22\nRUN --mount=type=cache,target=/root/.npm npm ci\n', count: 0 },
  { code: 'DW111', name: 'pip --no-cache-dir is a deliberate choice', text: 'FROM python:3.12\nRUN pip install --no-cache-dir flask\n', count: 0 },
  { code: 'DW111', name: 'GOCACHE env honoured', text: 'FROM golang:1.22\nENV GOCACHE=/cache/go GOMODCACHE=/cache/mod\nRUN --mount=type=cache,target=/cache/go --mount=type=cache,target=/cache/mod go build ./...\n', count: 0 },
  { code: 'DW111', name: 'no dependency step', text: 'FROM alpine:3.20\nRUN echo hi\n', count: 0 },
  // DW113 — COPY . . before dependencies
  {
    code: 'DW113',
    name: 'go: COPY . . then go mod download',
    text: 'FROM golang:1.22 AS b\nWORKDIR /src\nCOPY . .\nRUN go mod download\nRUN go build -o /app .\n',
    files: { 'go.mod': 'module x\n', 'go.sum': '' },
    count: 1,
    fixed: 'FROM golang:1.22 AS b\nWORKDIR /src\nCOPY go.mod go.sum ./\nRUN go mod download\nCOPY . .\nRUN go build -o /app .\n',
  },
  {
    code: 'DW113',
    name: 'npm ci && build chain keeps the build',
    text: 'FROM node:22 AS b\nWORKDIR /app\nCOPY . .\nRUN npm ci && \\\n    npm run build\n',
    count: 1,
    fixed: 'FROM node:22 AS b\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN npm ci\nCOPY . .\nRUN npm run build\n',
  },
  {
    code: 'DW113',
    name: 'pip -r with a cache mount moved along',
    text: 'FROM python:3.12-slim\nWORKDIR /app\nCOPY . /app\nRUN --mount=type=cache,target=/root/.cache/pip pip install -r requirements.txt\n',
    count: 1,
    fixed: 'FROM python:3.12-slim\nWORKDIR /app\nCOPY requirements.txt /app/\nRUN --mount=type=cache,target=/root/.cache/pip pip install -r requirements.txt\nCOPY . /app\n',
  },
  { code: 'DW113', name: 'manifests first', text: 'FROM node:22\nCOPY package*.json ./\nRUN npm ci\nCOPY . .\nRUN npm run build\n', count: 0 },
  // DW115 — stage problems
  { code: 'DW115', name: 'duplicate stage', text: 'FROM alpine:3.20 AS b\nFROM alpine:3.20 AS b\n', count: 1, fixed: 'FROM alpine:3.20 AS b\nFROM alpine:3.20 AS b-2\n' },
  {
    code: 'DW115',
    name: 'COPY --from typo',
    text: 'FROM golang:1.22 AS builder\nRUN go build -o /app .\nFROM alpine:3.20\nCOPY --from=bulder /app /app\n',
    count: 1,
    fixed: 'FROM golang:1.22 AS builder\nRUN go build -o /app .\nFROM alpine:3.20\nCOPY --from=builder /app /app\n',
  },
  {
    code: 'DW115',
    name: 'upper-case stage name renamed everywhere',
    text: 'FROM golang:1.22 AS Builder\nFROM Builder AS test\nFROM alpine:3.20\nCOPY --from=Builder /app /app\n',
    count: 1,
    fixed: 'FROM golang:1.22 AS builder\nFROM builder AS test\nFROM alpine:3.20\nCOPY --from=builder /app /app\n',
  },
  { code: 'DW115', name: 'COPY --from index out of range', text: 'FROM alpine:3.20\nCOPY --from=3 /a /a\n', count: 1 },
  { code: 'DW115', name: 'COPY --from an image', text: 'FROM alpine:3.20\nCOPY --from=nginx:1.27 /etc/nginx/nginx.conf /x\nCOPY --from=busybox /bin/busybox /bin/\n', count: 0 },
  { code: 'DW115', name: 'FROM a later stage', text: 'FROM base AS app\nFROM alpine:3.20 AS base\n', count: 1 },
  { code: 'DW115', name: 'fine stages', text: 'FROM alpine:3.20 AS base\nFROM base AS app\nCOPY --from=0 /a /a\n', count: 0 },
  // DW116 — secrets in ARG/ENV
  {
    code: 'DW116',
    name: 'ARG token used in RUN',
    text: 'FROM node:22\nARG NPM_TOKEN\nRUN echo "//registry.npmjs.org/:_authToken=${NPM_TOKEN}" > .npmrc && npm ci\n',
    count: 1,
    fixed: 'FROM node:22\nRUN --mount=type=secret,id=npm_token echo "//registry.npmjs.org/:_authToken=$(cat /run/secrets/npm_token)" > .npmrc && npm ci\n',
  },
  { code: 'DW116', name: 'ENV password (no RUN reader: no fix)', text: 'FROM alpine:3.20\nENV DB_PASSWORD=hunter2\n', count: 1 },
  { code: 'DW116', name: 'global ARG secret', text: 'ARG GITHUB_TOKEN\nFROM alpine:3.20\n', count: 1 },
  { code: 'DW116', name: 'secret file path is fine', text: 'FROM alpine:3.20\nENV DB_PASSWORD_FILE=/run/secrets/db\nARG AUTH_MODULE_VERSION=2\nARG PUBLIC_KEY_URL=x\n', count: 0 },
  // BuildKit's token rules: any `_`-separated word `token`/`key`/`auth`… counts, unless one is `public`/`file`/`version`.
  { code: 'DW116', name: 'BuildKit token rule: a TOKEN word counts', text: 'FROM alpine:3.20\nARG JWT_TOKEN_TTL=3600\nENV git_key=\n', count: 2 },
  // DW117 — shell-form CMD
  { code: 'DW117', name: 'simple shell form', text: 'FROM alpine:3.20\nCMD ./server --port 8080\n', count: 1, fixed: 'FROM alpine:3.20\nCMD ["./server", "--port", "8080"]\n' },
  { code: 'DW117', name: 'needs a shell: exec it', text: 'FROM alpine:3.20\nENTRYPOINT ./server --port $PORT\n', count: 1, fixed: 'FROM alpine:3.20\nENTRYPOINT ["/bin/sh", "-c", "exec ./server --port $PORT"]\n' },
  { code: 'DW117', name: 'pipeline: report without fix', text: 'FROM alpine:3.20\nCMD ./a | ./b\n', count: 1 },
  { code: 'DW117', name: 'JSON form', text: 'FROM alpine:3.20\nCMD ["./server"]\n', count: 0 },
  // BuildKit's JSONArgsRecommended checks every stage (a stage can be built with --target).
  { code: 'DW117', name: 'builder stage CMD reported too', text: 'FROM alpine:3.20 AS b\nCMD echo hi\nFROM alpine:3.20\nCMD ["sh"]\n', count: 1 },
  { code: 'DW117', name: 'explicit SHELL: not /bin/sh -c, left alone', text: 'FROM alpine:3.20\nSHELL ["/bin/bash", "-c"]\nCMD ./server\n', count: 0 },
  { code: 'DW117', name: 'SHELL inherited from the parent stage', text: 'FROM alpine:3.20 AS base\nSHELL ["/bin/bash", "-c"]\nFROM base\nENTRYPOINT ./server\n', count: 0 },
  { code: 'DW117', name: '&& exec chain delivers signals', text: 'FROM alpine:3.20\nCMD cd /app && exec ./server --port 80\n', count: 0 },
  // DW118 — undeclared variables
  { code: 'DW118', name: 'COPY with undeclared var', text: 'FROM alpine:3.20\nCOPY $APP_DIR /app\n', count: 1, fixed: 'FROM alpine:3.20\nARG APP_DIR\nCOPY $APP_DIR /app\n' },
  // mssql-docker: Red Hat's `run` LABEL quotes a command line for `atomic run`; Docker does not expand inside '…'.
  { code: 'DW118', name: 'variables inside single quotes are not expanded', text: "FROM centos:7\nLABEL run='docker run --name ${NAME} \\\n  -p 1433:1433 ${IMAGE}'\nUSER 1001\n", count: 0 },
  { code: 'DW118', name: 'the same variables in double quotes are', text: 'FROM centos:7\nLABEL run="docker run --name ${NAME} \\\n  -p 1433:1433 \'${IMAGE}\'"\nUSER 1001\n', count: 2 },
  {
    code: 'DW118',
    name: 'global ARG not re-declared in stage',
    text: 'ARG VERSION=1.0\nFROM alpine:3.20\nLABEL version=$VERSION\n',
    count: 1,
    fixed: 'ARG VERSION=1.0\nFROM alpine:3.20\nARG VERSION\nLABEL version=$VERSION\n',
  },
  { code: 'DW118', name: 'FROM with undeclared var', text: 'FROM alpine:${ALPINE_VERSION}\n', count: 1, fixed: 'ARG ALPINE_VERSION\nFROM alpine:${ALPINE_VERSION}\n' },
  { code: 'DW118', name: 'declared, defaults, RUN, ENV chain, inherited', text: 'ARG V=3.20\nFROM alpine:$V AS base\nARG V\nENV A=1 B=$A\nWORKDIR /x/$A/${NOPE:-d}\nRUN echo $UNKNOWN\nFROM base\nCOPY a /$B/\n', count: 0 },
  { code: 'DW118', name: 'base image env (GOPATH)', text: 'FROM golang:1.22\nWORKDIR $GOPATH/src/app\n', count: 0 },
  { code: 'DW118', name: 'escaped dollar', text: 'FROM alpine:3.20\nLABEL x=\\$HOME\n', count: 0 },
  // DW119 — ADD instead of COPY
  { code: 'DW119', name: 'local file', text: 'FROM alpine:3.20\nADD app.conf /etc/app.conf\n', count: 1, fixed: 'FROM alpine:3.20\nCOPY app.conf /etc/app.conf\n' },
  { code: 'DW119', name: 'lower-case keyword kept lower', text: 'FROM alpine:3.20\nadd . /src\n', count: 1, fixed: 'FROM alpine:3.20\ncopy . /src\n' },
  { code: 'DW119', name: 'URL, archive, checksum', text: 'FROM alpine:3.20\nADD https://example.com/a.txt /a\nADD rootfs.tar.gz /\nADD --checksum=sha256:abc https://x/y /y\n', count: 0 },
];

for (const c of cases) {
  test(`${c.code} ${c.name}`, () => {
    const files = { ...(c.files ?? {}), Dockerfile: c.text };
    const found = check(files, 'Dockerfile').filter((f) => f.code === c.code);
    assert.equal(found.length, c.count, JSON.stringify(found.map((f) => f.message), null, 1));
    for (const f of found) assert.ok(f.range.start.line >= 0 && f.message.length > 10);
    if (c.fixed !== undefined) {
      assert.ok(found.some((f) => f.fixes.length > (c.pick ?? 0)), 'finding has the fix');
      const after = fixAll(files, 'Dockerfile', c.code, c.pick ?? 0);
      assert.equal(after.Dockerfile, c.fixed);
      assert.equal(check(after, 'Dockerfile').filter((f) => f.code === c.code).length, 0, 'fix removes the finding');
    }
  });
}

test('DW111 fix: one short RUN line gets the mount inline; a wrapped RUN gets one mount per line, indented like the rest', () => {
  const text = 'FROM golang:1.25-alpine AS b\nWORKDIR /src\nRUN go mod download\nRUN CGO_ENABLED=1 go build -o /bin/server ./cmd/server \\\n    && CGO_ENABLED=1 go build -o /bin/worker ./cmd/worker\nFROM alpine:3.22\nCOPY --from=b /bin/server /s\nUSER 1\nCMD ["/s"]\n';
  let files: Record<string, string> = { Dockerfile: text };
  for (let i = 0; i < 2; i++) {
    const found = check(files, 'Dockerfile').find((f) => f.code === 'DW111');
    files = applyFix(files, found!.fixes[0]);
  }
  assert.equal(
    files.Dockerfile,
    'FROM golang:1.25-alpine AS b\nWORKDIR /src\nRUN --mount=type=cache,target=/go/pkg/mod go mod download\nRUN --mount=type=cache,target=/root/.cache/go-build \\\n    --mount=type=cache,target=/go/pkg/mod \\\n    CGO_ENABLED=1 go build -o /bin/server ./cmd/server \\\n    && CGO_ENABLED=1 go build -o /bin/worker ./cmd/worker\nFROM alpine:3.22\nCOPY --from=b /bin/server /s\nUSER 1\nCMD ["/s"]\n',
  );
  assert.deepEqual(check(files, 'Dockerfile').filter((f) => f.code === 'DW111'), []);
});
