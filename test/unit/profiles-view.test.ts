// The Profiles view (client/src/views/profilesView.ts) against the stand-in `vscode` module: choosing active profiles
// re-asks the server and tells the Services view to refresh.
import assert from 'node:assert/strict';
import Module from 'node:module';
import * as path from 'node:path';
import { test } from 'node:test';

const fakeVscode = path.join(__dirname, '../fixtures/engine/fake-vscode.ts');
const resolve = (Module as any)._resolveFilename;
(Module as any)._resolveFilename = function (request: string, ...rest: unknown[]) {
  return request === 'vscode' ? resolve.call(this, fakeVscode, ...rest) : resolve.call(this, request, ...rest);
};
/* eslint-disable @typescript-eslint/no-require-imports */
const vscode = require(fakeVscode) as typeof import('../fixtures/engine/fake-vscode');
const { ProfilesView } = require('../../client/src/views/profilesView') as typeof import('../../client/src/views/profilesView');
const { profilesChanged } = require('../../client/src/views/profileEvents') as typeof import('../../client/src/views/profileEvents');

function answer(active: string[]) {
  const enabled = active.includes('prod') ? ['api', 'db-prod'] : ['db'];
  return [{ root: 'file:///w', files: [{ path: 'compose.yaml', defaultProfiles: [], active: enabled, profiles: [{ name: 'dev', services: [{ name: 'db' }], missing: [] }, { name: 'prod', services: [{ name: 'api' }, { name: 'db-prod' }], missing: [] }] }] }];
}

test('choosing profiles stores them, re-reads the server and signals the Services view', async () => {
  const requests: unknown[] = [];
  const client = { sendRequest: async (_method: string, params: { active: string[] | null }) => (requests.push(params.active), answer(params.active ?? [])) };
  const store = new Map<string, unknown>();
  const context = { subscriptions: [] as unknown[], workspaceState: { get: (k: string) => store.get(k), update: async (k: string, v: unknown) => void store.set(k, v) } };
  const view = new ProfilesView(client as any, context as any);
  let signals = 0;
  const sub = profilesChanged.event(() => signals++);
  try {
    await view.refresh();
    assert.equal(signals, 1);
    assert.deepEqual(view.activeProfiles(), []);
    const tree = view.getChildren();
    assert.equal(tree.length, 1);

    vscode.state.pick = (items) => items.filter((i: { label: string }) => i.label === 'prod');
    await view.chooseProfiles();
    assert.deepEqual(store.get('dockwright.activeProfiles'), ['prod']);
    assert.deepEqual(requests.at(-1), ['prod']);
    assert.equal(signals, 2, 'the Services view is told to refresh');
    assert.match(vscode.state.statusItems.at(-1)!.text, /prod/);
    const profiles = view.getChildren(tree[0]);
    assert.deepEqual(profiles.map((p: any) => [p.profile.name, p.active]), [['dev', false], ['prod', true]]);

    // Cancelling the pick changes nothing and signals nothing.
    vscode.state.pick = () => undefined;
    await view.chooseProfiles();
    assert.equal(signals, 2);
  } finally {
    sub.dispose();
    vscode.state.pick = undefined;
  }
});
