import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_SETTINGS, Engine } from '../../client/src/engine/engine';
import { followLogs, lifecycleArgs, runLifecycle } from '../../client/src/engine/lifecycle';
import type { RunOptions, RunResult } from '../../client/src/engine/runner';

/** A runner that records every command and answers like compose v2 (or v1 when the plugin is missing). */
function fakeEngine(flavour: 'v1' | 'v2', answer: (args: readonly string[], options: RunOptions) => Partial<RunResult> | Promise<Partial<RunResult>> = () => ({})) {
  const calls: { command: string; args: string[] }[] = [];
  const runner = async (command: string, args: readonly string[], options: RunOptions = {}): Promise<RunResult> => {
    calls.push({ command, args: [...args] });
    const base: RunResult = { command, args: [...args], code: 0, stdout: '', stderr: '', output: '', cancelled: false, timedOut: false };
    if (args[0] === 'compose' && args[1] === 'version') return flavour === 'v2' ? { ...base, stdout: '2.29.7\n' } : { ...base, code: 1, output: "docker: 'compose' is not a docker command." };
    if (args[0] === 'version') return { ...base, stdout: '1.29.2\n' };
    return { ...base, ...(await answer(args, options)) };
  };
  return { engine: new Engine({ ...DEFAULT_SETTINGS, compose: 'auto' }, {}, runner as never), calls };
}

const project = { dir: '/tmp/proj', files: ['/tmp/proj/compose.yaml'], projectName: 'demo', profiles: ['dev', 'tools'] };

test('down carries every active profile, so profiled services really stop (v2 and v1)', async () => {
  const v2 = fakeEngine('v2');
  const outcome = await runLifecycle(v2.engine, project, 'down');
  assert.equal(outcome.ok, true);
  assert.equal(outcome.summary, 'Removed all services (profiles: dev, tools)');
  assert.deepEqual(v2.calls.at(-1)!.args, ['compose', '-f', '/tmp/proj/compose.yaml', '-p', 'demo', '--profile', 'dev', '--profile', 'tools', 'down', '-t', '10']);
  const v1 = fakeEngine('v1');
  await runLifecycle(v1.engine, project, 'down');
  assert.equal(v1.calls.at(-1)!.command, 'docker-compose');
  assert.deepEqual(v1.calls.at(-1)!.args, ['-f', '/tmp/proj/compose.yaml', '-p', 'demo', '--profile', 'dev', '--profile', 'tools', 'down', '-t', '10']);
});

test('stop, restart and start one service pass argument arrays with validated names', async () => {
  assert.deepEqual(lifecycleArgs('stop', ['api'], 'v2'), ['stop', '-t', '10', 'api']);
  assert.deepEqual(lifecycleArgs('restart', ['api', 'db'], 'v2'), ['restart', '-t', '10', 'api', 'db']);
  assert.deepEqual(lifecycleArgs('start', ['api'], 'v2', { waitSeconds: 30 }), ['up', '-d', '--wait', '--wait-timeout', '30', 'api']);
  assert.deepEqual(lifecycleArgs('start', ['api'], 'v1'), ['up', '-d', 'api']);
  assert.throws(() => lifecycleArgs('stop', ['api; rm -rf /'], 'v2'));
  const failing = fakeEngine('v2', () => ({ code: 1, output: 'no such service: nope\n' }));
  const outcome = await runLifecycle(failing.engine, { ...project, profiles: [] }, 'stop', ['nope']);
  assert.equal(outcome.ok, false);
  assert.equal(outcome.summary, 'Stop failed: no such service: nope');
});

test('follow logs streams until cancelled and has no timeout', async () => {
  const seen: string[] = [];
  let options: RunOptions | undefined;
  const { engine, calls } = fakeEngine('v2', (_args, o) => {
    options = o;
    o.onOutput?.('api-1  | hello\n', 'stdout');
    return new Promise((resolve) => o.signal!.addEventListener('abort', () => resolve({ code: null, cancelled: true })));
  });
  const ac = new AbortController();
  const pending = followLogs(engine, { ...project, profiles: [] }, 'api', { signal: ac.signal, onOutput: (c) => seen.push(c) });
  await new Promise((r) => setTimeout(r, 20));
  ac.abort();
  const result = await pending;
  assert.equal(result.cancelled, true);
  assert.deepEqual(seen, ['api-1  | hello\n']);
  assert.equal(options!.timeoutMs, undefined);
  assert.deepEqual(calls.at(-1)!.args.slice(-6), ['logs', '--follow', '--no-color', '--tail', '100', 'api']);
});

test('lifecycle commands are contributed, trust-gated, in the Services view menus, and task types exist', async () => {
  const { readFileSync } = await import('node:fs');
  const path = await import('node:path');
  const root = path.resolve(__dirname, '../..');
  const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
  const source = readFileSync(path.join(root, 'client/src/services/lifecycleCommands.ts'), 'utf8');
  const registered = [...source.matchAll(/registerCommand\('([^']+)'/g)].map((m) => m[1]);
  assert.deepEqual(registered.sort(), ['dockwright.downServices', 'dockwright.followLogs', 'dockwright.restartService', 'dockwright.startService', 'dockwright.stopService', 'dockwright.stopServices']);
  for (const id of registered) {
    const c = pkg.contributes.commands.find((x: any) => x.command === id);
    assert.ok(c, id);
    assert.equal(c.enablement, 'isWorkspaceTrusted', id);
  }
  const itemMenu = pkg.contributes.menus['view/item/context'].map((m: any) => m.command);
  for (const id of ['dockwright.startService', 'dockwright.stopService', 'dockwright.restartService', 'dockwright.followLogs']) assert.ok(itemMenu.includes(id), id);
  const titleMenu = pkg.contributes.menus['view/title'].map((m: any) => m.command);
  assert.ok(titleMenu.includes('dockwright.downServices') && titleMenu.includes('dockwright.stopServices'));
  assert.deepEqual(pkg.contributes.taskDefinitions[0].properties.task.enum.slice(-5), ['stop', 'down', 'restart', 'startService', 'logs']);
  assert.match(readFileSync(path.join(root, 'client/src/services/register.ts'), 'utf8'), /registerLifecycleCommands\(context, get, output\)/);
});
