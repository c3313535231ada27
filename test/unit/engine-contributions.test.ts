// package.json contributions of the engine commands match what the client registers, and are trust-gated.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { it } from 'node:test';

const root = path.join(__dirname, '../..');
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const register = readFileSync(path.join(root, 'client/src/services/register.ts'), 'utf8');

it('every registered engine command is contributed in category Dockwright, and engine commands need trust', () => {
  const registered = [...register.matchAll(/registerCommand\('([^']+)'/g)].map((m) => m[1]).sort();
  const contributed = new Map<string, any>(pkg.contributes.commands.map((c: any) => [c.command, c]));
  assert.ok(registered.length >= 6);
  for (const id of registered) {
    const c = contributed.get(id);
    assert.ok(c, `${id} contributed`);
    assert.equal(c.category, 'Dockwright');
    // Refreshing the view and showing the output channel run no engine.
    if (id !== 'dockwright.refreshServices' && id !== 'dockwright.showOutput') assert.equal(c.enablement, 'isWorkspaceTrusted', id);
  }
});

it('the Services view lives in the `dockwright` container; engine path settings are restricted when untrusted', () => {
  assert.deepEqual(pkg.contributes.viewsContainers.activitybar.map((c: any) => [c.id, c.title]), [['dockwright', 'Dockwright']]);
  assert.ok(pkg.contributes.views.dockwright.some((v: any) => v.id === 'dockwright.services' && v.name === 'Services'));
  const restricted: string[] = pkg.capabilities.untrustedWorkspaces.restrictedConfigurations;
  for (const key of ['dockwright.engine.dockerPath', 'dockwright.engine.composePath']) {
    assert.ok(restricted.includes(key), key);
    assert.ok(pkg.contributes.configuration.properties[key], `${key} is a setting`);
  }
  assert.equal(pkg.contributes.taskDefinitions[0].type, 'dockwright');
});
