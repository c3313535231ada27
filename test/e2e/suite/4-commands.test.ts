import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { suite, test } from 'mocha';
import { activateExtension } from './util';

interface ContributedCommand { command: string; title: string }

suite('commands', () => {
  test('every command contributed in package.json is registered after activation', async function () {
    const extension = await activateExtension();
    const contributed: ContributedCommand[] = extension.packageJSON.contributes?.commands ?? [];
    if (contributed.length === 0) this.skip();
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = contributed.filter((c) => !registered.has(c.command)).map((c) => c.command);
    assert.deepEqual(missing, [], 'contributed commands without a handler');
  });
});

interface WalkthroughStep { id: string; description: string; completionEvents?: string[] }

suite('walkthrough', () => {
  test('every command the walkthrough links to or completes on is registered, and the walkthrough opens', async () => {
    const extension = await activateExtension();
    const walkthroughs: { id: string; steps: WalkthroughStep[] }[] = extension.packageJSON.contributes?.walkthroughs ?? [];
    assert.equal(walkthroughs.length, 1);
    const registered = new Set(await vscode.commands.getCommands(false));
    const named = walkthroughs[0].steps.flatMap((s) => [
      ...[...s.description.matchAll(/\(command:([A-Za-z0-9_.-]+)/g)].map((m) => m[1]),
      ...(s.completionEvents ?? []).filter((e) => e.startsWith('onCommand:')).map((e) => e.slice('onCommand:'.length)),
    ]);
    assert.ok(named.length >= 5, named.join(', '));
    assert.deepEqual(named.filter((c) => !registered.has(c)), [], 'walkthrough names unregistered commands');
    await vscode.commands.executeCommand('workbench.action.openWalkthrough', `${extension.id}#${walkthroughs[0].id}`, false);
    const deadline = Date.now() + 10_000;
    let label = '';
    while (Date.now() < deadline) {
      label = vscode.window.tabGroups.activeTabGroup.activeTab?.label ?? '';
      if (/welcome|walkthrough|get started/i.test(label)) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    assert.match(label, /welcome|walkthrough|get started/i);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });
});
