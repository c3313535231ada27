// Parsers of engine output, on outputs recorded from real engines (test/fixtures/engine/, see its README).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { parseBuildFailure, servicesInBuildOutput } from '../../client/src/engine/buildOutput';
import { locateFailure } from '../../server/src/core/build/locateFailure';
import { upFailedOnlyForMissingHealthchecks } from '../../client/src/engine/operations';
import { formatBytes, parseComposePs, parseDockerPs, parseImageSize, parseInspect, parsePortsText } from '../../client/src/engine/psOutput';

const fixture = (name: string) => readFileSync(path.join(__dirname, '../fixtures/engine', name), 'utf8');
const project = (name: string) => readFileSync(path.join(__dirname, '../engine/project', name), 'utf8');
const broken = project('broken/Dockerfile');
const multi = project('multi/Dockerfile');

describe('build failure parsing (recorded outputs)', () => {
  it('modern BuildKit (buildx 0.13, dockerd 26): Dockerfile:LINE and failed-to-solve message', () => {
    const f = parseBuildFailure(fixture('modern-buildx-error.txt'))!;
    assert.equal(f.format, 'buildkit');
    assert.equal(f.line, 6);
    assert.equal(f.file, 'Dockerfile');
    assert.match(f.message, /^process "\/bin\/sh -c echo about to fail && exit 3" did not complete successfully: exit code: 3$/);
    const loc = locateFailure(broken, f)!;
    assert.deepEqual([loc.line, loc.via], [6, 'line']);
  });

  it('modern BuildKit multi-stage: a continued RUN is reported on its first line', () => {
    const f = parseBuildFailure(fixture('modern-buildx-multistage-error.txt'))!;
    assert.equal(f.line, 10);
    const loc = locateFailure(multi, f)!;
    assert.deepEqual([loc.range.start.line, loc.range.end.line], [9, 10]);
  });

  it('compose v2 build: no line printed, `[service N/M]` step mapped to the instruction', () => {
    const out = fixture('modern-compose-build-error.txt');
    const f = parseBuildFailure(out)!;
    assert.equal(f.line, undefined);
    assert.deepEqual(f.step, { prefix: ['broken'], index: 4, total: 4, instruction: 'RUN echo about to fail && exit 3' });
    assert.deepEqual([locateFailure(broken, f, 'broken')!.line, locateFailure(broken, f, 'broken')!.via], [6, 'step']);
    assert.deepEqual(servicesInBuildOutput(out, ['web', 'broken']), ['broken']);
  });

  it('compose v2 multi-stage: `[service stage N/M]`, duplicate RUN text in another stage is not confused', () => {
    const f = parseBuildFailure(fixture('modern-compose-multistage-error.txt'))!;
    assert.deepEqual(f.step?.prefix, ['app', 'app']);
    assert.equal(locateFailure(multi, f, 'app')!.line, 10);
  });

  it('BuildKit 0.8 (docker 20.10): `#7 ERROR: executor failed running` without a line', () => {
    const f = parseBuildFailure(fixture('legacy-buildkit08-error.txt'))!;
    assert.equal(f.format, 'buildkit');
    assert.equal(f.line, undefined);
    assert.match(f.message, /^executor failed running \[\/bin\/sh -c echo about to fail && exit 3\]: exit code: 3$/);
    assert.equal(locateFailure(broken, f)!.line, 6);
  });

  it('BuildKit 0.8 multi-stage: stage name picks the stage, FROM <stage> is not a step', () => {
    const f = parseBuildFailure(fixture('legacy-buildkit08-multistage-error.txt'))!;
    assert.deepEqual(f.step, { prefix: ['app'], index: 3, total: 3, instruction: 'RUN echo "$GREETING" &&     test -f /missing' });
    const loc = locateFailure(multi, f)!;
    assert.deepEqual([loc.line, loc.via], [10, 'step']);
  });

  it('BuildKit step index wins over an ambiguous instruction text', () => {
    // `RUN echo same` exists in both stages; the step says stage "app", step 2 of 3.
    const out = fixture('legacy-buildkit08-multistage-error.txt').replace('#8 ERROR: executor', '#7 ERROR: executor');
    const f = parseBuildFailure(out)!;
    assert.equal(f.step?.instruction, 'RUN echo same');
    assert.equal(locateFailure(multi, f)!.line, 9);
  });

  it('classic builder (docker 20.10 and 26 with DOCKER_BUILDKIT=0): Step K/N counts every instruction', () => {
    for (const name of ['legacy-classic-error.txt', 'modern-classic-error.txt']) {
      const f = parseBuildFailure(fixture(name))!;
      assert.equal(f.format, 'classic', name);
      assert.deepEqual(f.classicStep, { index: 5, total: 6, instruction: 'RUN echo about to fail && exit 3' });
      assert.equal(f.message, "The command '/bin/sh -c echo about to fail && exit 3' returned a non-zero code: 3");
      assert.deepEqual([locateFailure(broken, f)!.line, locateFailure(broken, f)!.via], [6, 'classic-step']);
    }
  });

  it('classic multi-stage: the global ARG counts as step 1', () => {
    const f = parseBuildFailure(fixture('legacy-classic-multistage-error.txt'))!;
    assert.equal(f.classicStep?.index, 9);
    assert.equal(locateFailure(multi, f)!.line, 10);
  });

  it('compose v1: the failing service is named, classic and BuildKit builds alike', () => {
    const classic = parseBuildFailure(fixture('legacy-compose-build-error.txt'))!;
    assert.deepEqual([classic.format, classic.service], ['classic', 'broken']);
    const bk = parseBuildFailure(fixture('legacy-compose-buildkit-error.txt'))!;
    assert.deepEqual([bk.format, bk.service], ['buildkit', 'broken']);
    assert.equal(locateFailure(broken, bk, 'broken')!.line, 6);
  });

  it('base image that cannot be pulled: mapped to its FROM line', () => {
    const f = parseBuildFailure(fixture('modern-buildx-pull-error.txt'))!;
    assert.equal(f.line, 4);
    assert.match(f.message, /no such host/);
    const withoutLine = { ...f, line: undefined, file: undefined };
    assert.equal(withoutLine.baseImage, 'docker.io/library/alpine:3.20');
    const loc = locateFailure(fixture('pull-error.Dockerfile'), withoutLine)!;
    assert.deepEqual([loc.line, loc.via], [4, 'base-image']);
  });

  it('successful builds and junk are not failures; bad input does not throw', () => {
    assert.equal(parseBuildFailure(fixture('modern-compose-build-ok.txt')), undefined);
    assert.equal(parseBuildFailure(fixture('legacy-compose-build-ok.txt')), undefined);
    assert.equal(parseBuildFailure(''), undefined);
    assert.equal(parseBuildFailure('\u0000'.repeat(10000) + '\n#x ERROR'), undefined);
    assert.equal(locateFailure('FROM scratch\n', { format: 'classic', message: 'x', classicStep: { index: 99, total: 99, instruction: 'RUN nope' } }), undefined);
  });
});

describe('container listing and health (recorded outputs)', () => {
  it('compose v2 `ps --format json` (one object per line)', () => {
    const list = parseComposePs(fixture('modern-compose-ps.json'));
    const by = Object.fromEntries(list.map((c) => [c.service, c]));
    assert.deepEqual(Object.keys(by).sort(), ['plain', 'sick', 'web']);
    assert.deepEqual([by.web.health, by.sick.health, by.plain.health], ['healthy', 'unhealthy', 'none']);
    assert.equal(by.web.name, 'dwtest-web-1');
    assert.equal(by.web.state, 'running');
    assert.deepEqual(by.plain.ports, [{ host: '127.0.0.1', published: 18083, target: 8080, protocol: 'tcp' }]);
    assert.deepEqual(by.sick.ports, []);
  });

  it('compose v2 `ps --format json` as a JSON array (compose < 2.21)', () => {
    const lines = fixture('modern-compose-ps.json').trim().split('\n');
    const list = parseComposePs(`[${lines.join(',')}]`);
    assert.equal(list.length, 3);
  });

  it('compose v1: `docker ps --format {{json .}}` by project label, health from Status', () => {
    const list = parseDockerPs(fixture('legacy-ps-label.txt'));
    const by = Object.fromEntries(list.map((c) => [c.service, c]));
    assert.deepEqual([by.web.health, by.sick.health, by.plain.health], ['healthy', 'unhealthy', 'none']);
    assert.equal(by.web.name, 'dwtest_web_1');
    assert.equal(by.web.project, 'dwtest');
    assert.deepEqual(by.web.ports, [{ host: '127.0.0.1', published: 18081, target: 8080, protocol: 'tcp' }]);
  });

  it('docker inspect: health, failing streak, last output, healthcheck test, ports (both engines)', () => {
    for (const name of ['legacy-inspect.json', 'modern-inspect.json']) {
      const by = Object.fromEntries(parseInspect(fixture(name)).map((c) => [c.service, c]));
      assert.equal(by.web.health, 'healthy', name);
      assert.equal(by.web.lastOutput, 'ok');
      assert.equal(by.sick.health, 'unhealthy');
      assert.ok(by.sick.failingStreak >= 1);
      assert.deepEqual(by.sick.test, ['CMD', '/bin/busybox', 'false']);
      assert.equal(by.plain.health, 'none');
      assert.equal(by.plain.test, undefined);
      assert.deepEqual(by.plain.ports.map((p: { published: number }) => p.published), [18083]);
    }
    assert.deepEqual(parseInspect('not json'), []);
    assert.deepEqual(parseInspect('{}'), []);
  });

  it('ports text, image size, byte formatting', () => {
    assert.deepEqual(parsePortsText('0.0.0.0:8000-8001->80-81/tcp, :::8000->80/tcp, 9000/tcp').map((p: { host: string; published: number; target: number }) => `${p.host}:${p.published}->${p.target}`), [
      '0.0.0.0:8000->80',
      '0.0.0.0:8001->81',
      ':::8000->80',
    ]);
    assert.equal(parseImageSize('1982265\n'), 1982265);
    assert.equal(parseImageSize('nope'), undefined);
    assert.equal(formatBytes(1982265), '2.0 MB');
    assert.equal(formatBytes(512), '512 B');
  });
});

describe('compose up --wait output (recorded, compose 2.26)', () => {
  it('a failure only for a service without healthcheck is not a failed start', () => {
    const recorded = fixture('modern-compose-up-wait.txt');
    assert.equal(upFailedOnlyForMissingHealthchecks(recorded), true);
    assert.equal(upFailedOnlyForMissingHealthchecks(recorded + 'container dwtest-sick-1 is unhealthy\n'), false);
    assert.equal(upFailedOnlyForMissingHealthchecks(' Container dwtest-web-1  Started\n'), false);
  });
});
