// Process handling of the engine module, against a fake CLI script (test/fixtures/engine/fake-docker.sh).
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { activeProfiles, defaultProjectName, Engine, EngineError, isLocalHost, DEFAULT_SETTINGS } from '../../client/src/engine/engine';
import { activeServices, allProfiles } from '../../client/src/engine/composeFile';
import { readComposeFile } from '../../server/src/core/compose/composeServices';
import { locateFailure } from '../../server/src/core/build/locateFailure';
import type { BuildFailure } from '../../shared/protocol';
import { build } from '../../client/src/engine/operations';
import { runProcess } from '../../client/src/engine/runner';
import { checkPath, checkProfileName, checkServiceName, InvalidNameError } from '../../client/src/engine/validate';
import { probePort } from '../../client/src/engine/probe';
import * as net from 'node:net';

const fake = path.join(__dirname, '../fixtures/engine/fake-docker.sh');
const fakeCompose = path.join(__dirname, '../fixtures/engine/fake-docker-compose.sh');
const env = (extra: Record<string, string>) => ({ ...process.env, ...extra });

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('runner', () => {
  it('streams stdout and stderr in order and reports the exit code', async () => {
    const chunks: string[] = [];
    const r = await runProcess(fake, [], { env: env({ FAKE_MODE: 'stream' }), onOutput: (c, s) => chunks.push(`${s}:${c.trim()}`) });
    assert.equal(r.code, 7);
    assert.deepEqual(chunks, ['stdout:line 1', 'stderr:err 1', 'stdout:line 2']);
    assert.equal(r.output, 'line 1\nerr 1\nline 2\n');
  });

  it('passes arguments verbatim (no shell): metacharacters stay literal', async () => {
    const args = ['build', '$(touch /tmp/pwned)', 'a b', '; rm -rf /', '"q"'];
    const r = await runProcess(fake, args, { env: env({ FAKE_MODE: 'args' }) });
    assert.deepEqual(r.stdout.trim().split('\n'), args);
  });

  it('cancellation kills the whole process group, grandchildren included', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'dw-runner-'));
    const pidfile = path.join(dir, 'child.pid');
    const ac = new AbortController();
    const pending = runProcess(fake, [], {
      env: env({ FAKE_MODE: 'hang', FAKE_PIDFILE: pidfile }),
      signal: ac.signal,
      onOutput: (c) => c.includes('started') && ac.abort(),
    });
    const r = await pending;
    assert.equal(r.cancelled, true);
    const grandchild = Number(readFileSync(pidfile, 'utf8'));
    for (let i = 0; i < 50 && alive(grandchild); i++) await new Promise((res) => setTimeout(res, 100));
    assert.equal(alive(grandchild), false, 'the sleep grandchild must be gone');
  });

  it('timeout kills the process and says so', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'dw-runner-'));
    const r = await runProcess(fake, [], { env: env({ FAKE_MODE: 'hang', FAKE_PIDFILE: path.join(dir, 'p') }), timeoutMs: 300 });
    assert.equal(r.timedOut, true);
    assert.notEqual(r.code, 0);
  });

  it('a missing CLI is a spawn error, not a crash', async () => {
    const r = await runProcess('/nonexistent/docker', ['version']);
    assert.equal(r.spawnError?.code, 'ENOENT');
  });
});

describe('engine', () => {
  it('"Docker is not running" for a missing CLI and for a daemon that does not answer', async () => {
    const missing = new Engine({ ...DEFAULT_SETTINGS, dockerPath: '/nonexistent/docker' });
    await assert.rejects(missing.checkDaemon(), (e: EngineError) => e.kind === 'cli-missing' && /^Docker is not running: .*not found/.test(e.message));
    const down = new Engine({ ...DEFAULT_SETTINGS, dockerPath: fake }, env({ FAKE_MODE: 'daemon-down', DOCKER_HOST: 'tcp://10.0.0.9:2376' }));
    await assert.rejects(down.checkDaemon(), (e: EngineError) => e.kind === 'daemon-down' && /^Docker is not running: Cannot connect/.test(e.message) && /DOCKER_HOST=tcp:\/\/10\.0\.0\.9:2376/.test(e.message) && e.settingsQuery === 'dockwright.engine');
    assert.equal(await new Engine({ ...DEFAULT_SETTINGS, dockerPath: fake }, env({})).checkDaemon(), '26.1.5');
  });

  it('detects compose v2 plugin first, falls back to docker-compose v1, honours the setting', async () => {
    const v2 = await new Engine({ ...DEFAULT_SETTINGS, dockerPath: fake, composePath: fakeCompose }, env({})).compose();
    assert.deepEqual([v2.flavour, v2.prefix, v2.version], ['v2', ['compose'], '2.26.1']);
    const v1 = await new Engine({ ...DEFAULT_SETTINGS, dockerPath: fake, composePath: fakeCompose }, env({ FAKE_MODE: 'no-plugin' })).compose();
    assert.deepEqual([v1.flavour, v1.command, v1.prefix], ['v1', fakeCompose, []]);
    const forced = await new Engine({ ...DEFAULT_SETTINGS, dockerPath: fake, composePath: fakeCompose, compose: 'docker-compose' }, env({})).compose();
    assert.equal(forced.flavour, 'v1');
    const standaloneV2 = await new Engine({ ...DEFAULT_SETTINGS, dockerPath: fake, composePath: fakeCompose, compose: 'docker-compose' }, env({ FAKE_COMPOSE_VERSION: 'v2.29.0' })).compose();
    assert.equal(standaloneV2.flavour, 'v2');
    await assert.rejects(new Engine({ ...DEFAULT_SETTINGS, dockerPath: fake, composePath: '/nonexistent/dc' }, env({ FAKE_MODE: 'no-plugin' })).compose(), (e: EngineError) => e.kind === 'compose-missing');
  });

  it('keeps the user environment (DOCKER_HOST, COMPOSE_PROFILES) and adds builder/context settings', async () => {
    const engine = new Engine({ ...DEFAULT_SETTINGS, dockerPath: fake, buildxBuilder: 'remote-bk', context: 'prod' }, env({ FAKE_MODE: 'args', DOCKER_HOST: 'ssh://me@build', COMPOSE_PROFILES: 'prod' }));
    const r = await engine.docker(['build', '.']);
    assert.match(r.stderr, /^BUILDKIT_PROGRESS=plain$/m);
    assert.match(r.stderr, /^BUILDX_BUILDER=remote-bk$/m);
    assert.match(r.stderr, /^DOCKER_CONTEXT=prod$/m);
    assert.match(r.stderr, /^DOCKER_HOST=ssh:\/\/me@build$/m);
    assert.match(r.stderr, /^COMPOSE_PROFILES=prod$/m);
    assert.equal(await engine.engineIsLocal(), false);
    assert.throws(() => new Engine({ ...DEFAULT_SETTINGS, buildxBuilder: '--evil' }), InvalidNameError);
  });

  it('compose global arguments are validated', async () => {
    const engine = new Engine({ ...DEFAULT_SETTINGS, dockerPath: fake }, env({ FAKE_MODE: 'args' }));
    assert.deepEqual(engine.composeGlobalArgs({ dir: '/p', files: ['/p/compose.yaml'], projectName: 'demo', profiles: ['prod', 'debug'] }), ['-f', '/p/compose.yaml', '-p', 'demo', '--profile', 'prod', '--profile', 'debug']);
    assert.throws(() => engine.composeGlobalArgs({ dir: '/p', files: [], profiles: ['--file=/etc/passwd'] }), InvalidNameError);
    assert.throws(() => engine.composeGlobalArgs({ dir: '/p', files: ['relative.yaml'], profiles: [] }), InvalidNameError);
    assert.throws(() => engine.composeGlobalArgs({ dir: '/p', files: [], projectName: 'Bad Name', profiles: [] }), InvalidNameError);
  });

  it('helpers: local hosts, default project names, active profiles', () => {
    assert.equal(isLocalHost(undefined), true);
    assert.equal(isLocalHost('unix:///tmp/d.sock'), true);
    assert.equal(isLocalHost('tcp://127.0.0.1:2375'), true);
    assert.equal(isLocalHost('tcp://build.example:2376'), false);
    assert.equal(isLocalHost('ssh://me@host'), false);
    assert.equal(defaultProjectName('/work/My.Project', {}), 'myproject');
    assert.equal(defaultProjectName('/x', { COMPOSE_PROJECT_NAME: 'given' }), 'given');
    assert.deepEqual(activeProfiles([], { COMPOSE_PROFILES: 'prod, debug,,prod' }), ['prod', 'debug']);
    assert.deepEqual(activeProfiles(['a', '-x'], { COMPOSE_PROFILES: 'prod' }), ['a']);
  });
});

describe('validation and compose reading', () => {
  it('strict names and absolute paths', () => {
    assert.equal(checkServiceName('web_1.api-x'), 'web_1.api-x');
    for (const bad of ['-rm', '.hidden', 'a b', 'a;b', '', 'x'.repeat(200), 'é']) assert.throws(() => checkServiceName(bad), InvalidNameError, bad);
    assert.throws(() => checkProfileName('--all'), InvalidNameError);
    assert.throws(() => checkPath('-f'), InvalidNameError);
    assert.throws(() => checkPath('/a\nb'), InvalidNameError);
    assert.equal(checkPath('/a b/c'), '/a b/c');
  });

  it('reads services, profiles, build context, healthcheck and health path; rejects bad names', () => {
    const text = readFileSync(path.join(__dirname, '../engine/project/compose.yaml'), 'utf8') +
      '  "-evil":\n    image: x\n  api:\n    build: {context: ./api, dockerfile: Dockerfile.prod}\n    labels: ["dockwright.health.path=/ready"]\n  remote:\n    build: https://github.com/x/y.git\n';
    const model = readComposeFile(text);
    assert.deepEqual(model.rejected, ['-evil']);
    const by = Object.fromEntries(model.services.map((s) => [s.name, s]));
    assert.deepEqual([by.web.buildContext, by.web.dockerfile, by.web.profiles], ['./web', 'Dockerfile', ['prod']]);
    assert.deepEqual([by.sick.hasHealthcheck, by.plain.hasHealthcheck, by.plain.healthcheckDisabled], [true, false, true]);
    assert.deepEqual([by.api.dockerfile, by.api.healthPath, by.web.healthPath], ['Dockerfile.prod', '/ready', '/health']);
    assert.equal(by.remote.buildContext, undefined);
    assert.deepEqual(activeServices(model, ['prod']).map((s) => s.name), ['web', 'sick', 'plain', 'api', 'remote']);
    assert.deepEqual(activeServices(model, []).map((s) => s.name), ['api', 'remote']);
    assert.deepEqual(allProfiles(model), ['broken', 'prod']);
    assert.equal(readComposeFile('services: [').services.length, 0);
    assert.doesNotThrow(() => readComposeFile(': : :\n\t- x'));
  });
});

describe('port probe (127.0.0.1 only)', () => {
  it('HTTP status, plain TCP, refused', async () => {
    const http = net.createServer((s) => s.once('data', () => s.end('HTTP/1.1 503 Service Unavailable\r\n\r\n')));
    const tcp = net.createServer((s) => {
      s.on('error', () => {});
      s.end('220 hello smtp\r\n');
    });
    await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
    await new Promise<void>((r) => tcp.listen(0, '127.0.0.1', r));
    try {
      const h = await probePort((http.address() as net.AddressInfo).port, '/health', 2000);
      assert.deepEqual([h.kind, h.ok, h.kind === 'http' && h.status], ['http', false, 503]);
      const t = await probePort((tcp.address() as net.AddressInfo).port, '/health', 2000);
      assert.deepEqual([t.kind, t.ok], ['tcp', true]);
      const unused = net.createServer();
      await new Promise<void>((r) => unused.listen(0, '127.0.0.1', r));
      const closedPort = (unused.address() as net.AddressInfo).port;
      await new Promise((r) => unused.close(r));
      const refused = await probePort(closedPort, '/health', 2000);
      assert.deepEqual([refused.kind, refused.ok], ['failed', false]);
    } finally {
      http.close();
      tcp.close();
      http.unref();
      tcp.unref();
    }
  });
});

describe('build operation against the fake CLI', () => {
  it('a RUN step that prints "connection refused" is a build failure, not "Docker is not running"', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'dw-build-'));
    writeFileSync(path.join(dir, 'Dockerfile'), 'FROM scratch\nCOPY a /a\nRUN curl http://127.0.0.1:9/\n');
    const out = '#6 [2/2] RUN curl http://127.0.0.1:9/\n#6 0.3 curl: (7) Failed to connect: connect: connection refused\n#6 ERROR: process "/bin/sh -c curl http://127.0.0.1:9/" did not complete successfully: exit code: 7\n';
    writeFileSync(path.join(dir, 'out.txt'), out);
    const script = path.join(dir, 'docker');
    writeFileSync(script, `#!/bin/sh\ncat ${path.join(dir, 'out.txt')} >&2\nexit 1\n`, { mode: 0o755 });
    // The extension's locator asks the language server (test/lsp/customRequests.test.ts); here the core function itself.
    const locate = async (text: string, failure: BuildFailure, service?: string) => locateFailure(text, failure, service);
    const outcome = await build(new Engine({ ...DEFAULT_SETTINGS, dockerPath: script }, env({})), { kind: 'dockerfile', dockerfile: path.join(dir, 'Dockerfile'), context: dir }, { locate });
    assert.equal(outcome.ok, false);
    assert.equal(outcome.location?.line, 3);
    assert.match(outcome.summary, /^Build failed at Dockerfile:3: process/);
  });

  it('a Dockerfile build passes -t and --target as arguments, and refuses a stage name that looks like an option', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'dw-build-'));
    const engine = new Engine({ ...DEFAULT_SETTINGS, dockerPath: fake }, env({ FAKE_MODE: 'args' }));
    const target = { kind: 'dockerfile' as const, dockerfile: path.join(dir, 'Dockerfile'), context: dir, tag: 'demo/api:dev', target: 'api' };
    const outcome = await build(engine, target);
    assert.equal(outcome.ok, true, outcome.summary);
    assert.deepEqual(outcome.result.stdout.trim().split('\n'), ['build', '-f', target.dockerfile, '-t', 'demo/api:dev', '--target', 'api', dir]);
    await assert.rejects(build(engine, { ...target, target: '--output=/etc' }), InvalidNameError);
  });

  it('a daemon that is down makes build throw the "Docker is not running" error', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'dw-build-'));
    await assert.rejects(
      build(new Engine({ ...DEFAULT_SETTINGS, dockerPath: fake }, env({ FAKE_MODE: 'daemon-down' })), { kind: 'dockerfile', dockerfile: path.join(dir, 'Dockerfile'), context: dir }),
      (e: EngineError) => e.kind === 'daemon-down',
    );
  });
});
