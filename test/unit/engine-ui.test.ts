// The VS Code side of the engine commands (controller + Services view) against a stand-in `vscode` module
// (test/fixtures/engine/fake-vscode.ts) and a fake `docker` replaying recorded compose v2 outputs.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync } from 'node:fs';
import Module from 'node:module';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { LspClient } from '../lsp/lspClient';

const fakeVscode = path.join(__dirname, '../fixtures/engine/fake-vscode.ts');
const fakeDocker = path.join(__dirname, '../fixtures/engine/fake-compose-v2.sh');
const resolve = (Module as any)._resolveFilename;
(Module as any)._resolveFilename = function (request: string, ...rest: unknown[]) {
  return request === 'vscode' ? resolve.call(this, fakeVscode, ...rest) : resolve.call(this, request, ...rest);
};
/* eslint-disable @typescript-eslint/no-require-imports */
const vscode = require(fakeVscode) as typeof import('../fixtures/engine/fake-vscode');
const { ServicesController } = require('../../client/src/services/controller') as typeof import('../../client/src/services/controller');
const { ServicesTreeProvider } = require('../../client/src/services/servicesView') as typeof import('../../client/src/services/servicesView');
const { languageClientStarted } = require('../../client/src/serverRequests') as typeof import('../../client/src/serverRequests');

describe('engine commands in VS Code (stand-in vscode API, fake docker)', () => {
  let dir: string;
  let output = '';
  const channel = { append: (s: string) => (output += s), appendLine: (s: string) => (output += s + '\n'), show() {} } as any;

  // Compose services and the failing line come from the language server, as in VS Code (shared/protocol.ts).
  const server = new LspClient();
  after(() => server.shutdown());

  before(async () => {
    await server.initialize(null);
    languageClientStarted({ sendRequest: (method: string, params: unknown) => server.request(method, params) } as any);
    dir = path.join(mkdtempSync(path.join(tmpdir(), 'dw-ui-')), 'dwtest');
    cpSync(path.join(__dirname, '../engine/project'), dir, { recursive: true });
    vscode.state.folders = [{ uri: { fsPath: dir, scheme: 'file' }, name: 'dwtest', index: 0 }];
    vscode.state.config['dockwright.engine.dockerPath'] = fakeDocker;
    delete process.env.COMPOSE_FILE;
  });

  it('refuses to run the engine in an untrusted workspace', async () => {
    vscode.state.trusted = false;
    const c = new ServicesController(channel);
    await c.buildService('broken');
    assert.match(vscode.state.messages.pop()![1], /disabled in untrusted workspaces/);
    assert.equal(output, '');
    vscode.state.trusted = true;
  });

  it('a failed build puts a diagnostic on the failing Dockerfile line; the next good build clears it', async () => {
    vscode.state.config['dockwright.services.profiles'] = ['broken'];
    const c = new ServicesController(channel);
    delete process.env.FAKE_BUILD;
    await c.buildService('broken');
    const dockerfile = path.join(dir, 'broken', 'Dockerfile');
    const diags = vscode.state.diagnostics.get(dockerfile)!;
    assert.equal(diags.length, 1);
    assert.equal(diags[0].range.start.line, 5);
    assert.match(diags[0].message, /^Build failed: process "\/bin\/sh -c echo about to fail && exit 3" did not complete successfully: exit code: 3$/);
    assert.match(vscode.state.messages.pop()![1], /Build failed \(broken\) at Dockerfile:6/);
    assert.equal(c.state.get('broken')?.lastBuild?.ok, false);
    assert.match(output, /ERROR: process/);

    process.env.FAKE_BUILD = 'ok';
    try {
      await c.buildService('broken');
    } finally {
      delete process.env.FAKE_BUILD;
    }
    assert.equal(vscode.state.diagnostics.has(dockerfile), false);
    assert.equal(c.state.get('broken')?.lastBuild?.ok, true);
  });

  it('Show Logs checks the daemon and the exit code: a failure is an error with "Show Output"', async () => {
    vscode.state.config['dockwright.services.profiles'] = ['prod'];
    const c = new ServicesController(channel);
    const log = path.join(dir, 'fake.log');
    process.env.FAKE_LOG = log;
    await c.showLogs('web');
    assert.match(output, /web-1 {2}\| hello/);
    assert.match(require('node:fs').readFileSync(log, 'utf8'), /^version/m, 'the daemon is asked first');
    process.env.FAKE_LOGS = 'fail';
    try {
      await c.showLogs('web');
    } finally {
      delete process.env.FAKE_LOGS;
      delete process.env.FAKE_LOG;
    }
    const [kind, text] = vscode.state.messages.at(-1)!;
    assert.equal(kind, 'error');
    assert.match(text, /Show Logs failed: .*logs .*exited with code 1: no such service: nope/);
    assert.deepEqual(vscode.state.messageItems.at(-1), ['Show Output']);
    // The failure shows in the Services view until an engine call works again.
    const tree = new ServicesTreeProvider(() => c, c.onDidChange);
    const top = (await tree.getChildren())[0];
    assert.ok(top.kind === 'detail' && top.label === 'Logs of web failed' && /exited with code 1/.test(top.tooltip ?? ''), JSON.stringify(top));
    await c.showLogs('web');
    assert.equal((await tree.getChildren())[0].kind, 'service');
  });

  it('Services view: profiles exist but none is selected → it says so and offers to choose', async () => {
    vscode.state.config['dockwright.services.profiles'] = [];
    const c = new ServicesController(channel);
    const tree = new ServicesTreeProvider(() => c, c.onDidChange);
    const roots = await tree.getChildren();
    const hint = roots[0];
    assert.ok(hint.kind === 'detail' && /^No profile selected/.test(hint.label) && hint.command?.command === 'dockwright.selectProfiles', JSON.stringify(roots));
    assert.equal(hint.kind === 'detail' && hint.description, 'broken, prod');
    vscode.state.config['dockwright.services.profiles'] = ['prod'];
    assert.equal((await tree.getChildren())[0].kind, 'service');
  });

  it('health check fills the Services view and the status bar', async () => {
    vscode.state.config['dockwright.services.profiles'] = ['prod'];
    vscode.state.config['dockwright.services.probeTimeoutMs'] = 500;
    const c = new ServicesController(channel);
    await c.healthCheck({ quiet: true });
    assert.equal(c.state.get('web')?.health?.health, 'healthy');
    assert.equal(c.state.get('sick')?.health?.health, 'unhealthy');
    const healthy = [...c.state.values()].filter((s) => s.health?.health === 'healthy').length;
    assert.equal(vscode.state.statusItems.at(-1)!.text, `$(pulse) Dockwright: ${healthy}/3 healthy`);

    const tree = new ServicesTreeProvider(() => c, c.onDidChange);
    const roots = await tree.getChildren();
    assert.deepEqual(roots.map((n) => (n.kind === 'service' ? n.entry.name : '')), ['web', 'sick', 'plain']);
    const web = tree.getTreeItem(roots[0]);
    assert.match(String(web.description), /^healthy/);
    assert.equal((web.iconPath as any).id, 'pass-filled');
    assert.equal((tree.getTreeItem(roots[1]).iconPath as any).id, 'error');
    const details = await tree.getChildren(roots[0]);
    assert.ok(details.some((d) => d.kind === 'detail' && d.label === path.join(dir, 'web', 'Dockerfile')));
    assert.ok(details.some((d) => d.kind === 'detail' && d.label === 'Health: healthy'));
  });
});
