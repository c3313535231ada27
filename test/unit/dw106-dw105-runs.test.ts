import assert from 'node:assert/strict';
import { test } from 'node:test';
import { check } from '../helpers';

const found = (files: Record<string, string>, path: string, code: string) =>
  check(files, path)
    .filter((f) => f.code === code)
    .map((f) => `${f.range.start.line + 1} ${f.severity} ${f.message.slice(0, 40)}`);

// nginx-aspnet-mysql/backend's shape: a dev-envs leaf stage, a publisher stage, and a final runtime stage.
const ASPNET = [
  'FROM mcr.microsoft.com/dotnet/sdk:6.0 AS builder',
  'COPY . .',
  'FROM builder AS dev-envs',
  'RUN apt-get update && apt-get install -y git',
  'FROM builder AS publisher',
  'RUN dotnet publish -o /build',
  'FROM mcr.microsoft.com/dotnet/aspnet:6.0',
  'COPY --from=publisher /build .',
  'CMD ["dotnet", "aspnetapp.dll"]',
  '',
].join('\n');

test('DW106: when compose builds the Dockerfile, a leaf stage compose never runs ships nowhere', () => {
  const compose = 'services:\n  backend:\n    build:\n      context: backend\n';
  assert.deepEqual(found({ 'backend/Dockerfile': ASPNET, 'compose.yaml': compose }, 'backend/Dockerfile', 'DW106'), []);
  // Without compose, the leaf stage is a possible `--target`: reported as before.
  assert.equal(found({ Dockerfile: ASPNET }, 'Dockerfile', 'DW106').length, 2);
  // A compose service that runs that stage (`target: dev-envs`) ships it.
  const targeted = 'services:\n  backend:\n    build:\n      context: backend\n      target: dev-envs\n';
  assert.equal(found({ 'backend/Dockerfile': ASPNET, 'compose.yaml': targeted }, 'backend/Dockerfile', 'DW106').length, 2);
});

test('DW106: --no-install-recommends is not asked of a build-only stage', () => {
  // zero-to-production's shape: the cargo-chef stage installs lld/clang and only feeds COPY --from.
  const text = 'FROM rust:1.80 AS chef\nRUN apt-get update && apt-get install lld clang -y\nRUN cargo build --release\nFROM debian:bookworm-slim\nCOPY --from=chef /app/target/release/app app\nENTRYPOINT ["./app"]\n';
  assert.deepEqual(found({ Dockerfile: text }, 'Dockerfile', 'DW106'), []);
  assert.equal(found({ Dockerfile: 'FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n' }, 'Dockerfile', 'DW106').length, 1);
});

test('DW105: a Go tool image (go install of third-party tools only, unused at build) needs its toolchain at run time', () => {
  // lnd's lnrpc/Dockerfile: protoc plugins and goimports for generating code from sources mounted at run time.
  const lnrpc = 'FROM golang:1.26.6-bookworm\nRUN go install google.golang.org/protobuf/cmd/protoc-gen-go@v1.36.0 \\\n  && go install golang.org/x/tools/cmd/goimports@v0.1.7\nWORKDIR /build\nCMD ["/bin/bash", "/build/lnrpc/gen_protos.sh"]\n';
  assert.deepEqual(found({ Dockerfile: lnrpc }, 'Dockerfile', 'DW105'), []);
  // temporal's cert generator uses its go-installed cfssl while building: the toolchain is a build leftover.
  const tls = 'FROM golang\nRUN go install github.com/cloudflare/cfssl/cmd/cfssl@latest\nRUN cfssl gencert -initca ca.json\nENTRYPOINT cp /pki/ca.pem /pki-out/ca.pem\n';
  assert.equal(found({ Dockerfile: tls }, 'Dockerfile', 'DW105').length, 1);
});

test('DW105: a start script the image writes itself and that compiles keeps the toolchain', () => {
  // dendrite's ComplementLocal.Dockerfile: compile.sh, written by a RUN echo, runs go build at start.
  const text = "FROM golang:1.22-bookworm\nWORKDIR /runtime\nRUN echo '#!/bin/bash\\ncd /dendrite\\ngo build -o /runtime ./cmd/dendrite\\n' > compile.sh && chmod +x compile.sh\nRUN go build -o /runtime/keys ./cmd/generate-keys\nCMD /runtime/compile.sh && exec /runtime/run.sh\n";
  assert.deepEqual(found({ Dockerfile: text }, 'Dockerfile', 'DW105'), []);
});

test('DW105 in a test image is advice', () => {
  const text = 'FROM golang:1.22-bookworm AS build\nCOPY . .\nRUN go build -o /dendrite/bin ./cmd/...\nEXPOSE 8008\nCMD ["/dendrite/bin/dendrite"]\n';
  assert.deepEqual(found({ 'build/scripts/Complement.Dockerfile': text }, 'build/scripts/Complement.Dockerfile', 'DW105'), ['1 info The final image is golang:1.22-bookworm,']);
  assert.deepEqual(found({ Dockerfile: text }, 'Dockerfile', 'DW105'), ['1 warning The final image is golang:1.22-bookworm,']);
});

test('DW106: an install in an `if` branch on a build ARG that no visible build takes', () => {
  // appwrite's shape: ARG DEBUG=false, `if [ "$DEBUG" == "true" ]; then apk add …; fi`, compose passes DEBUG: false.
  const text = 'FROM alpine:3.20\nARG DEBUG=false\nENV DEBUG=$DEBUG\nRUN if [ "$DEBUG" == "true" ]; then \\\n    apk add boost boost-dev; \\\n    fi\nCMD ["php", "app/http.php"]\n';
  assert.deepEqual(found({ Dockerfile: text }, 'Dockerfile', 'DW106'), []);
  assert.deepEqual(found({ Dockerfile: text, 'compose.yaml': 'services:\n  app:\n    build:\n      context: .\n      args:\n        DEBUG: false\n' }, 'Dockerfile', 'DW106'), []);
  // A build that takes the branch (compose passes DEBUG: true, or the value comes from the environment) ships the index.
  assert.equal(found({ Dockerfile: text, 'compose.yaml': 'services:\n  app:\n    build:\n      context: .\n      args:\n        DEBUG: "true"\n' }, 'Dockerfile', 'DW106').length, 1);
  assert.equal(found({ Dockerfile: text, 'compose.yaml': 'services:\n  app:\n    build:\n      context: .\n      args:\n        - DEBUG\n' }, 'Dockerfile', 'DW106').length, 1);
  // No default: unknown, reported; an else branch: reported.
  assert.equal(found({ Dockerfile: text.replace('ARG DEBUG=false', 'ARG DEBUG') }, 'Dockerfile', 'DW106').length, 1);
  assert.equal(found({ Dockerfile: 'FROM alpine:3.20\nARG DEBUG=false\nRUN if [ "$DEBUG" = "true" ]; then apk add gdb; else apk add curl; fi\n' }, 'Dockerfile', 'DW106').length, 2);
});
