import assert from 'node:assert/strict';
import { test } from 'node:test';
import { effectiveWorkdir, exposedPorts, imageHasTool, toolAvailability } from '../../server/src/core/dockerfile/image';
import { dockerfileHover } from '../../server/src/core/dockerfile/hover';
import { declaredNamesAt, parseDockerfile, scopeValues } from '../../server/src/core/dockerfile/model';
import { check } from '../helpers';

test('ARG/ENV scopes: global ARGs need re-declaring, ENV chains and parent stages are inherited', () => {
  const m = parseDockerfile('ARG V=1\nARG BASE=alpine\nFROM ${BASE}:3.20 AS base\nARG V\nENV A=$V B=${A}x\nFROM base\nENV C=$B\nRUN echo\n');
  assert.equal(m.stages[0].image.raw, 'alpine:3.20');
  assert.deepEqual(m.globalVars.map((v) => v.name), ['V', 'BASE']);
  const values = scopeValues(m.stages[1], m.globalArgs);
  assert.equal(values.get('V'), '1');
  assert.equal(values.get('A'), '1');
  assert.equal(values.get('B'), '1x');
  assert.equal(values.get('C'), '1x');
  const run = m.stages[1].instructions.find((i) => i.keyword === 'RUN')!;
  assert.deepEqual([...declaredNamesAt(m.stages[1], run)].sort(), ['A', 'B', 'C', 'V']);
  assert.ok(!declaredNamesAt(m.stages[0], m.stages[0].instructions[0]).has('V'), 'ARG V is not in scope before its own line');
});

test('COPY --from graph: sources, destination, chown, JSON form, heredoc', () => {
  const m = parseDockerfile('FROM golang:1.22 AS build\nRUN go build -o /out/app .\nFROM alpine:3.20\nCOPY --from=build --chown=app:app ["/out/app", "/usr/local/bin/app"]\nCOPY --from=0 /etc/ssl /etc/ssl\nCOPY <<EOF /etc/motd\nhi\nEOF\nCOPY --from=nginx:1.27 /etc/nginx/nginx.conf /x\n');
  const [build, final] = m.stages;
  assert.equal(build.copiedBy.length, 2);
  const [a, b, c, d] = final.copies;
  assert.equal(a.fromStage, build);
  assert.deepEqual(a.sources.map((s) => s.value), ['/out/app']);
  assert.equal(a.destination?.value, '/usr/local/bin/app');
  assert.equal(a.chown, 'app:app');
  assert.equal(b.fromStage, build);
  assert.equal(c.heredoc, true);
  assert.equal(c.destination?.value, '/etc/motd');
  assert.equal(d.fromStage, undefined);
  assert.equal(d.from, 'nginx:1.27');
});

test('final stage runtime view: WORKDIR, EXPOSE', () => {
  const m = parseDockerfile('FROM alpine:3.20 AS base\nWORKDIR /app\nEXPOSE 80/tcp\nFROM base\nWORKDIR sub\nEXPOSE 53/udp 8080-8081\n');
  assert.equal(effectiveWorkdir(m.finalStage!), '/app/sub');
  assert.deepEqual(exposedPorts(m.finalStage!).map((p) => `${p.port}/${p.protocol}`), ['80/tcp', '53/udp', '8080/tcp']);
});

test('tools in an image', () => {
  const stage = (text: string) => parseDockerfile(text).finalStage!;
  assert.equal(imageHasTool(stage('FROM alpine:3.20\n'), 'wget'), true);
  assert.equal(toolAvailability(stage('FROM alpine:3.20\n'), 'curl'), 'absent');
  assert.equal(imageHasTool(stage('FROM alpine:3.20\nRUN apk add --no-cache curl\n'), 'curl'), true);
  assert.equal(imageHasTool(stage('FROM node:22\n'), 'curl'), true);
  assert.equal(toolAvailability(stage('FROM python:3.12-slim\n'), 'curl'), 'absent');
  assert.equal(toolAvailability(stage('FROM gcr.io/distroless/static\n'), 'sh'), 'absent');
  assert.equal(toolAvailability(stage('FROM gcr.io/distroless/base:debug\n'), 'wget'), 'present');
  assert.equal(toolAvailability(stage('FROM scratch\n'), 'wget'), 'absent');
  assert.equal(toolAvailability(stage('FROM myorg/base:1\n'), 'curl'), 'unknown');
  assert.equal(imageHasTool(stage('FROM fedora:40\nRUN dnf install -y curl && dnf clean all\n'), 'curl'), true);
});

test('package installs: dnf/yum, heredoc, comments in continuations, mounts', () => {
  const m = parseDockerfile('FROM fedora:40\nRUN --mount=type=cache,target=/var/cache/dnf dnf install -y git \\\n    # tools\n    make\nRUN <<EOF\nset -eux\nyum install -y wget\nEOF\n');
  const installs = m.finalStage!.installs;
  assert.deepEqual(installs.map((i) => [i.manager, i.packages.map((p) => p.value)]), [['dnf', ['git', 'make']], ['yum', ['wget']]]);
  assert.equal(m.finalStage!.runs[0].mounts[0].target, '/var/cache/dnf');
});

test('Windows escape directive: no shell parsing, backslash paths survive', () => {
  const m = parseDockerfile('# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN dir C:\\ ; `\n    echo hi\n');
  assert.equal(m.windowsEscape, true);
  assert.deepEqual(m.finalStage!.runs[0].commands, []);
});

test('hover text names the stage graph and packages', () => {
  const m = parseDockerfile('FROM golang:1.22-alpine AS build\nRUN apk add --no-cache gcc\nFROM build AS test\nFROM alpine:3.20\nCOPY --from=build /out /out\n');
  const from = dockerfileHover(m, { line: 0, character: 1 })!.markdown;
  assert.match(from, /stages built on it: `test` \(stage 1\)/);
  assert.match(from, /installs: apk: `gcc`/);
  assert.match(from, /stage 2: `\/out` → `\/out`/);
  const unused = dockerfileHover(m, { line: 2, character: 1 })!.markdown;
  assert.match(unused, /nothing copies from this stage/);
  assert.match(dockerfileHover(m, { line: 4, character: 3 })!.markdown, /Copies from `build` \(stage 0\)/);
  assert.equal(dockerfileHover(m, { line: 10, character: 0 }), undefined);
});

test('hover on RUN go build shows the build, its cgo setting and where the output lands', () => {
  const m = parseDockerfile('FROM golang:1.23 AS build\nWORKDIR /src\nRUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o bin/api ./cmd/api\nFROM alpine:3.20\nCOPY --from=build /src/bin/api /usr/local/bin/api\n');
  const md = dockerfileHover(m, { line: 2, character: 5 })!.markdown;
  assert.match(md, /\*\*go build\*\*, packages `\.\/cmd\/api`, output `\/src\/bin\/api`, CGO_ENABLED=0 \(assignment\), ldflags `-s -w`, -trimpath/);
  assert.match(md, /copied into stage 1 at `\/usr\/local\/bin\/api` \(line 5\)/);
});

test('every rule survives half-typed and hostile Dockerfiles', () => {
  const inputs = [
    '', 'FROM', 'FROM scratch\nCMD', 'FROM alpine AS\nCOPY --from=', 'FROM alpine\nHEALTHCHECK', 'FROM alpine\nHEALTHCHECK CMD',
    'FROM alpine\nCMD [', 'FROM alpine\nENTRYPOINT ["a", 1, null]', 'FROM alpine\nRUN <<EOF\napk add x', 'FROM alpine\nCOPY <<EOF\n',
    'ARG\nFROM ${', 'FROM a\nENV A=${B', 'FROM a\nEXPOSE abc 99999\nUSER', 'FROM a\nADD', 'FROM a\nRUN --mount=type=cache apt-get install',
    'FROM golang AS b\nRUN go build -o\nFROM b\nCOPY --from=b', '\u0000\u0001\u0002', 'FROM a\r\nRUN x \\\r\n', '# escape=`\nFROM a\nRUN x `\n  y',
    'FROM a\nVOLUME ["/x"\nUSER app\nCOPY x /data/', 'FROM nginx\nEXPOSE\nHEALTHCHECK CMD', 'FROM a\nARG X_TOKEN\nRUN echo $X_TOKEN ${X_TOKEN',
  ];
  for (const text of inputs) check({ Dockerfile: text }, 'Dockerfile');
});

test('RUN hover: a repeated build is shown once and a long list is cut, so the Quick Fix link stays visible', () => {
  const same = 'go build -o /out/api ./cmd/api';
  const many = Array.from({ length: 12 }, (_, i) => `go build -o /out/p${i} ./cmd/p${i}`).join(' && \\\n    ');
  const m = parseDockerfile(`FROM golang:1.23 AS build\nRUN ${same} && ${same}\nRUN ${many}\n`);
  const once = dockerfileHover(m, { line: 1, character: 1 })!.markdown;
  assert.equal(once.split('\n').filter((l) => l.includes('/out/api')).length, 1, once);
  const cut = dockerfileHover(m, { line: 2, character: 1 })!.markdown;
  assert.match(cut, /… and 4 more/);
  assert.ok(cut.split('\n').length <= 12, cut);
});
