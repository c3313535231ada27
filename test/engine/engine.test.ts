// Runs the Build and Health-Check code paths of client/src/engine against a real engine.
// Started by test/engine/run.sh, which sets DW_ENGINE_ROUTE, DW_DOCKER, DOCKER_HOST, DOCKER_CONFIG.
// As in the extension, compose services and build-failure locations come from the language server
// (dist/server/server.js, built by run.sh) through the custom requests of shared/protocol.ts.
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { activeServices, type ComposeService } from '../../client/src/engine/composeFile';
import { DEFAULT_SETTINGS, Engine, EngineError, type ComposeProject } from '../../client/src/engine/engine';
import { build, healthCheck, imageSize, logs, serviceImage, startServices, summariseHealth, type FailureLocator } from '../../client/src/engine/operations';
import { ComposeServicesRequest, LocateBuildFailureRequest, type ComposeFileModel, type FailureLocation } from '../../shared/protocol';
import { LspClient } from '../lsp/lspClient';

const route = process.env.DW_ENGINE_ROUTE;
const docker = process.env.DW_DOCKER;
if (!route || !docker || !process.env.DOCKER_HOST) {
  throw new Error('engine tests need DW_ENGINE_ROUTE, DW_DOCKER and DOCKER_HOST: run them with `npm run test:engine`');
}
const modern = route === 'modern';
const BUSYBOX = '/bin/busybox';

describe(`real engine (${route}: ${modern ? 'dockerd 26 + compose v2 + buildx' : 'docker.io 20.10 + docker-compose v1'})`, () => {
  let dir: string;
  let engine: Engine;
  let project: ComposeProject;
  let services: ComposeService[];
  let prod: ComposeService[];
  let server: LspClient;
  const locate: FailureLocator = async (dockerfileText, failure, service) =>
    (await server.request<FailureLocation | null>(LocateBuildFailureRequest.method, { dockerfileText, failure, service })) ?? undefined;

  before(async () => {
    assert.ok(existsSync(BUSYBOX), 'busybox-static must be installed');
    dir = path.join(mkdtempSync(path.join(tmpdir(), 'dw-engine-test-')), 'dwtest');
    cpSync(path.join(__dirname, 'project'), dir, { recursive: true });
    for (const sub of ['web', 'broken', 'multi']) cpSync(BUSYBOX, path.join(dir, sub, 'busybox'));
    // Compose detection is left on `auto`: the modern route must find the v2 plugin, the legacy one docker-compose v1.
    engine = new Engine({ ...DEFAULT_SETTINGS, dockerPath: docker, composePath: process.env.DW_DOCKER_COMPOSE ?? 'docker-compose' });
    server = new LspClient();
    await server.initialize(null);
    const model = await server.request<ComposeFileModel>(ComposeServicesRequest.method, { text: readFileSync(path.join(dir, 'compose.yaml'), 'utf8') });
    services = model.services;
    prod = activeServices(model, ['prod']);
    project = { dir, files: [path.join(dir, 'compose.yaml')], projectName: 'dwtest', profiles: ['prod'] };
  });

  after(async () => {
    await server?.shutdown();
    if (engine && project) await engine.runCompose({ ...project, profiles: ['prod', 'broken'] }, ['down', '-t', '1', '--rmi', 'local'], { timeoutMs: 60_000 });
    if (dir) rmSync(path.dirname(dir), { recursive: true, force: true });
  });

  it('detects the compose flavour and reaches the daemon', async () => {
    const cli = await engine.compose();
    assert.equal(cli.flavour, modern ? 'v2' : 'v1');
    assert.match(cli.version, modern ? /^2\./ : /^1\.29/);
    assert.match(await engine.checkDaemon(), modern ? /^26\./ : /^20\.10\./);
  });

  it('says "Docker is not running" when DOCKER_HOST points nowhere', async () => {
    const down = new Engine(engine.settings, { ...process.env, DOCKER_HOST: `unix://${path.join(dir, 'no-such.sock')}` });
    await assert.rejects(down.checkDaemon(), (e: EngineError) => e.kind === 'daemon-down' && /^Docker is not running: /.test(e.message));
  });

  it('compose build failure is mapped to the failing Dockerfile line', async () => {
    const outcome = await build(engine, { kind: 'compose', project: { ...project, profiles: ['broken'] }, services, only: ['broken'] }, { timeoutMs: 180_000, locate });
    assert.equal(outcome.ok, false);
    assert.equal(outcome.failedService, 'broken');
    assert.equal(outcome.dockerfile, path.join(dir, 'broken', 'Dockerfile'));
    // compose v2 prints `[broken 4/4] RUN …` (BuildKit), compose v1 the classic `Step 5/6 : RUN …`.
    assert.equal(outcome.failure?.format, modern ? 'buildkit' : 'classic');
    assert.equal(outcome.location?.line, 6, outcome.result.output.slice(-2000));
    assert.equal(outcome.location?.via, modern ? 'step' : 'classic-step');
    assert.match(outcome.summary, /Build failed \(broken\) at Dockerfile:6: /);
  });

  it('docker build failure (no compose file) on each builder of this engine', async () => {
    const target = { kind: 'dockerfile' as const, dockerfile: path.join(dir, 'multi', 'Dockerfile'), context: path.join(dir, 'multi') };
    // modern: buildx prints `Dockerfile:10`; legacy: BuildKit 0.8 prints only `[app 3/3] RUN …`.
    const bk = await build(new Engine(engine.settings, { ...process.env, DOCKER_BUILDKIT: '1' }), target, { timeoutMs: 180_000, locate });
    assert.equal(bk.ok, false);
    assert.equal(bk.failure?.format, 'buildkit');
    assert.equal(bk.failure?.line, modern ? 10 : undefined);
    assert.equal(bk.location?.line, 10, bk.result.output.slice(-2000));
    assert.equal(bk.location?.via, modern ? 'line' : 'step');
    if (!modern) assert.match(bk.failure!.message, /^executor failed running/);
    // The classic builder: `Step 9/10 : RUN …`.
    const classic = await build(new Engine(engine.settings, { ...process.env, DOCKER_BUILDKIT: '0' }), target, { timeoutMs: 180_000, locate });
    assert.equal(classic.failure?.format, 'classic', classic.result.output.slice(-2000));
    assert.equal(classic.location?.line, 10);
  });

  it('builds all services of the profile, reports image sizes', async () => {
    const outcome = await build(engine, { kind: 'compose', project, services: prod, only: [] }, { timeoutMs: 240_000 });
    assert.equal(outcome.ok, true, outcome.result.output.slice(-3000));
    for (const svc of prod) {
      const size = await imageSize(engine, await serviceImage(engine, project, svc));
      assert.ok(size !== undefined && size > 1_000_000 && size < 10_000_000, `${svc.name}: ${size}`);
    }
  });

  it('starts the profile and health-checks it: healthcheck healthy, healthcheck unhealthy, HTTP probe', async () => {
    const started = await startServices(engine, project, prod, { waitSeconds: 30, probeTimeoutMs: 3000 });
    const by = Object.fromEntries(started.health.map((h) => [h.service, h]));
    assert.deepEqual(Object.keys(by).sort(), ['plain', 'sick', 'web']);
    assert.equal(by.web.health, 'healthy', by.web.detail);
    assert.equal(by.web.source, 'healthcheck');
    assert.equal(by.sick.health, 'unhealthy', by.sick.detail);
    assert.equal(by.sick.source, 'healthcheck');
    assert.equal(by.plain.health, 'healthy', by.plain.detail);
    assert.equal(by.plain.source, 'probe');
    assert.match(by.plain.detail, /^HTTP 200 on 127\.0\.0\.1:18083\/health$/);
    assert.equal(started.ok, false, 'one service is unhealthy');
    assert.equal(summariseHealth(started.health).text, '2/3 healthy');

    const again = await healthCheck(engine, project, prod, { probeTimeoutMs: 3000 });
    assert.deepEqual(again.map((h) => `${h.service}:${h.health}`).sort(), ['plain:healthy', 'sick:unhealthy', 'web:healthy']);
    const r = await logs(engine, project, 'web', { tail: 20 });
    assert.equal(r.code, 0, r.output);
  });

  it('a service that is not running is reported as such; a dead port fails the probe', async () => {
    await engine.runCompose(project, ['stop', '-t', '1', 'plain'], { timeoutMs: 60_000 });
    const health = await healthCheck(engine, project, prod, { probeTimeoutMs: 2000 });
    const plain = health.find((h) => h.service === 'plain')!;
    assert.notEqual(plain.state, 'running');
    assert.equal(plain.health, 'unhealthy');
    const broken = await healthCheck(engine, { ...project, profiles: ['broken'] }, services.filter((s) => s.name === 'broken'));
    assert.deepEqual(broken.map((h) => [h.service, h.state]), [['broken', 'not running']]);
  });

  it('cancelling a build stops it', async () => {
    const ac = new AbortController();
    const outcome = await build(engine, { kind: 'compose', project, services: prod, only: ['web'] }, {
      signal: ac.signal,
      onOutput: () => ac.abort(),
      timeoutMs: 60_000,
    });
    assert.equal(outcome.cancelled, true);
    assert.equal(outcome.ok, false);
  });
});
