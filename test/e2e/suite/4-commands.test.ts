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
