// Stop, Down (with profiles), Restart, Start one service and Follow logs of client/src/engine/lifecycle.ts against a
// real engine. Started by test/engine/run.sh (DW_ENGINE_ROUTE, DW_DOCKER, DOCKER_HOST, DOCKER_CONFIG).
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DEFAULT_SETTINGS, Engine, type ComposeProject } from '../../client/src/engine/engine';
import { followLogs, runLifecycle } from '../../client/src/engine/lifecycle';
import { build, listContainers } from '../../client/src/engine/operations';

const route = process.env.DW_ENGINE_ROUTE;
const docker = process.env.DW_DOCKER;
if (!route || !docker || !process.env.DOCKER_HOST) {
  throw new Error('engine tests need DW_ENGINE_ROUTE, DW_DOCKER and DOCKER_HOST: run them with `npm run test:engine`');
}
const BUSYBOX = '/bin/busybox';

describe(`service lifecycle with profiles (${route})`, () => {
  let dir: string;
  let engine: Engine;
  let project: ComposeProject;
  const all = ['dev', 'tools'];
  const running = async (profiles: string[] = all) =>
    (await listContainers(engine, { ...project, profiles }))
      .filter((c) => c.state === 'running')
      .map((c) => c.service)
      .sort();
  const existing = async () => (await listContainers(engine, { ...project, profiles: all })).map((c) => c.service).sort();

  before(async () => {
    assert.ok(existsSync(BUSYBOX), 'busybox-static must be installed');
    dir = path.join(mkdtempSync(path.join(tmpdir(), 'dw-lifecycle-')), 'dwlife');
    cpSync(path.join(__dirname, 'lifecycle'), dir, { recursive: true });
    cpSync(path.join(__dirname, 'project', 'web'), path.join(dir, 'web'), { recursive: true });
    cpSync(BUSYBOX, path.join(dir, 'web', 'busybox'));
    engine = new Engine({ ...DEFAULT_SETTINGS, dockerPath: docker, composePath: process.env.DW_DOCKER_COMPOSE ?? 'docker-compose' });
    project = { dir, files: [path.join(dir, 'compose.yaml')], projectName: 'dwlife', profiles: [] };
    const built = await build(engine, { kind: 'compose', project, services: [], only: ['base'] }, { timeoutMs: 240_000 });
    assert.equal(built.ok, true, built.result.output.slice(-3000));
  });

  after(async () => {
    if (engine && project) await engine.runCompose({ ...project, profiles: all }, ['down', '-t', '1', '--rmi', 'local'], { timeoutMs: 60_000 });
    if (dir) rmSync(path.dirname(dir), { recursive: true, force: true });
  });

  it('starts every profile, stops one service, restarts it', async () => {
    const up = await runLifecycle(engine, { ...project, profiles: all }, 'start', [], { waitSeconds: 60 });
    assert.equal(up.ok, true, up.result.output.slice(-2000));
    assert.deepEqual(await running(), ['base', 'devsvc', 'tool']);
    const stop = await runLifecycle(engine, { ...project, profiles: ['dev'] }, 'stop', ['devsvc']);
    assert.equal(stop.ok, true, stop.result.output);
    assert.deepEqual(await running(), ['base', 'tool']);
    const restart = await runLifecycle(engine, { ...project, profiles: ['dev'] }, 'restart', ['devsvc']);
    assert.equal(restart.ok, true, restart.result.output);
    assert.deepEqual(await running(), ['base', 'devsvc', 'tool']);
  });

  it('stop with the active profiles stops the profiled services too', async () => {
    const stop = await runLifecycle(engine, { ...project, profiles: all }, 'stop', []);
    assert.equal(stop.ok, true, stop.result.output);
    assert.deepEqual(await running(), []);
    assert.deepEqual(await existing(), ['base', 'devsvc', 'tool'], 'stopped, not removed');
  });

  it('down with the profiles removes every container, profiled ones included', async () => {
    const down = await runLifecycle(engine, { ...project, profiles: all }, 'down', []);
    assert.equal(down.ok, true, down.result.output);
    assert.match(down.summary, /profiles: dev, tools/);
    assert.deepEqual(await existing(), []);
  });

  it('starts one profiled service on its own, follows its logs and stops following', async () => {
    const one = await runLifecycle(engine, { ...project, profiles: ['tools'] }, 'start', ['tool'], { waitSeconds: 60 });
    assert.equal(one.ok, true, one.result.output);
    assert.deepEqual(await running(), ['tool']);
    const ac = new AbortController();
    let seen = '';
    const timer = setTimeout(() => ac.abort(), 30_000);
    const following = followLogs(engine, { ...project, profiles: ['tools'] }, 'tool', {
      signal: ac.signal,
      onOutput: (c) => {
        seen += c;
        // The service's line arrived: the stream is live, stop following.
        if (seen.includes('tool-started')) setTimeout(() => ac.abort(), 300);
      },
    });
    const result = await following;
    clearTimeout(timer);
    assert.equal(result.cancelled, true, `following ended by itself: ${result.output.slice(-500)}`);
    assert.match(seen, /tool-started/);
    const down = await runLifecycle(engine, { ...project, profiles: all }, 'down', []);
    assert.equal(down.ok, true);
  });
});
