import assert from 'node:assert/strict';
import { test } from 'node:test';
import { check, codes, fixAll } from '../helpers';

const GO = {
  'go.mod': 'module example.com/a\n\ngo 1.22\n',
  'cmd/a/main.go': 'package main\n\nimport "example.com/a/internal/img"\n\nfunc main() { img.X() }\n',
  'internal/img/img.go': 'package img\n\n// #cgo pkg-config: libwebp\nimport "C"\n\nfunc X() {}\n',
  'cmd/p/main.go': 'package main\nfunc main() {}\n',
};
const with_ = (dockerfile: string) => ({ ...GO, Dockerfile: dockerfile });
const has = (files: Record<string, string>, code: string) => codes(check(files, 'Dockerfile')).includes(code);

// DW102
const pureWithToolchain = 'FROM golang:1.22-alpine AS b\nRUN apk add --no-cache git build-base libwebp-dev\nWORKDIR /s\nCOPY . .\nRUN go build -ldflags="-s -w" -o /o/p ./cmd/p\nFROM alpine:3.20\nCOPY --from=b /o/p /p\nUSER 1001\nCMD ["/p"]\n';
test('DW102 pure program with a C toolchain', () => {
  const f = check(with_(pureWithToolchain), 'Dockerfile').find((x) => x.code === 'DW102')!;
  assert.match(f.message, /build-base, libwebp-dev are installed to compile C, but p is pure Go/);
  assert.deepEqual(f.range, { start: { line: 1, character: 27 }, end: { line: 1, character: 49 } });
});
test('DW102 CGO_ENABLED=0 on every build', () => {
  assert.ok(has(with_('FROM golang:1.22-alpine AS b\nRUN apk add --no-cache gcc musl-dev\nWORKDIR /s\nCOPY . .\nRUN CGO_ENABLED=0 go build -ldflags="-s -w" -o /o/a ./cmd/a\nFROM alpine:3.20\nCOPY --from=b /o/a /a\nUSER 1001\nCMD ["/a"]\n'), 'DW102'));
});
test('DW102 not when a program needs cgo, when CGO_ENABLED=1 is spelled out, or when make/npm run there', () => {
  assert.ok(!has(with_('FROM golang:1.22-alpine AS b\nRUN apk add --no-cache build-base libwebp-dev\nWORKDIR /s\nCOPY . .\nRUN go build -ldflags="-s -w" -o /o/a ./cmd/a\nFROM alpine:3.20\nRUN apk add --no-cache libwebp\nCOPY --from=b /o/a /a\nUSER 1001\nCMD ["/a"]\n'), 'DW102'));
  assert.ok(!has(with_(pureWithToolchain.replace('RUN go build', 'RUN CGO_ENABLED=1 go build')), 'DW102'));
  assert.ok(!has(with_(pureWithToolchain.replace('COPY . .\n', 'COPY . .\nRUN make assets\n')), 'DW102'));
});
test('DW102 fix removes the packages; a RUN left with nothing to install goes', () => {
  const fixed = fixAll(with_(pureWithToolchain), 'Dockerfile', 'DW102').Dockerfile;
  assert.match(fixed, /^RUN apk add --no-cache git\n/m);
  const only = with_(pureWithToolchain.replace('git build-base libwebp-dev', 'build-base'));
  const fixed2 = fixAll(only, 'Dockerfile', 'DW102').Dockerfile;
  assert.doesNotMatch(fixed2, /apk add/);
  assert.match(fixed2, /^FROM golang:1\.22-alpine AS b\nWORKDIR \/s\n/);
  const apt = with_('FROM golang:1.22-bookworm AS b\nRUN apt-get update && apt-get install -y --no-install-recommends gcc libc6-dev && rm -rf /var/lib/apt/lists/*\nWORKDIR /s\nCOPY . .\nRUN CGO_ENABLED=0 go build -ldflags="-s -w" -o /o/p ./cmd/p\nFROM debian:bookworm-slim\nCOPY --from=b /o/p /p\nUSER 1001\nCMD ["/p"]\n');
  assert.doesNotMatch(fixAll(apt, 'Dockerfile', 'DW102').Dockerfile, /apt-get/);
});

// DW103
const noRuntime = 'FROM golang:1.22-alpine AS b\nRUN apk add --no-cache build-base libwebp-dev\nWORKDIR /s\nCOPY . .\nRUN CGO_ENABLED=1 go build -ldflags="-s -w" -o /o/a ./cmd/a\nFROM alpine:3.20\nRUN apk add --no-cache ca-certificates\nCOPY --from=b /o/a /a\nUSER 1001\nCMD ["/a"]\n';
test('DW103 cgo program, runtime stage without libwebp', () => {
  const f = check(with_(noRuntime), 'Dockerfile').find((x) => x.code === 'DW103')!;
  assert.equal(f.severity, 'error');
  assert.equal(f.range.start.line, 7);
  assert.match(f.message, /a is built with cgo and links libwebp/);
});
test('DW103 not when the library is there, nor for pure programs', () => {
  assert.ok(!has(with_(noRuntime.replace('ca-certificates', 'ca-certificates libwebp')), 'DW103'));
  assert.ok(!has(with_(noRuntime.replace('./cmd/a', './cmd/p').replace('/o/a', '/o/p')), 'DW103'));
});
test('DW103 fix adds the library to the install line, or a new install line', () => {
  assert.match(fixAll(with_(noRuntime), 'Dockerfile', 'DW103').Dockerfile, /RUN apk add --no-cache ca-certificates libwebp\n/);
  const bare = fixAll(with_(noRuntime.replace('RUN apk add --no-cache ca-certificates\n', '')), 'Dockerfile', 'DW103').Dockerfile;
  assert.match(bare, /FROM alpine:3\.20\nRUN apk add --no-cache libwebp\nCOPY --from=b/);
});

// DW112
const plain = (build: string) => ({ ...GO, Dockerfile: `FROM golang:1.22-alpine AS b\nWORKDIR /s\nCOPY . .\n${build}\nFROM alpine:3.20\nCOPY --from=b /o/p /p\nUSER 1001\nCMD ["/p"]\n` });
test('DW112 go build without -s -w', () => {
  const f = check(plain('RUN CGO_ENABLED=0 go build -o /o/p ./cmd/p'), 'Dockerfile').find((x) => x.code === 'DW112')!;
  assert.deepEqual(f.range, { start: { line: 3, character: 18 }, end: { line: 3, character: 26 } });
});
test('DW112 not with -ldflags="-s -w", nor for -race / -gcflags debug builds', () => {
  assert.ok(!has(plain('RUN CGO_ENABLED=0 go build -ldflags="-s -w" -o /o/p ./cmd/p'), 'DW112'));
  assert.ok(!has(plain("RUN CGO_ENABLED=0 go build -ldflags '-w -s -X main.v=1' -o /o/p ./cmd/p"), 'DW112'));
  assert.ok(!has(plain('RUN go build -gcflags="all=-N -l" -o /o/p ./cmd/p'), 'DW112'));
});
test('DW112 fixes: insert flags, or extend existing -ldflags', () => {
  assert.match(fixAll(plain('RUN CGO_ENABLED=0 go build -o /o/p ./cmd/p'), 'Dockerfile', 'DW112').Dockerfile, /RUN CGO_ENABLED=0 go build -ldflags="-s -w" -trimpath -o \/o\/p \.\/cmd\/p\n/);
  assert.match(fixAll(plain('RUN go build -ldflags="-X main.v=1" -o /o/p ./cmd/p'), 'Dockerfile', 'DW112').Dockerfile, /RUN go build -trimpath -ldflags="-s -w -X main.v=1" -o/);
  assert.match(fixAll(plain('RUN go build -trimpath -ldflags "-X main.v=1" -o /o/p ./cmd/p'), 'Dockerfile', 'DW112').Dockerfile, /RUN go build -trimpath -ldflags "-s -w -X main.v=1" -o/);
});
