// Runs only in the runner's second session, where the folder opens in restricted mode (workspace trust not granted).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { suite, test } from 'mocha';
import { EXTENSION_ID, openFile, waitFor, waitForDiagnostic } from './util';

interface ContributedCommand { command: string; enablement?: string }

suite('untrusted workspace', () => {
  test('the workspace is not trusted in this session', () => {
    assert.equal(vscode.workspace.isTrusted, false);
  });

  test('Dockwright still loads and analyses: DW107 appears on frontend/Dockerfile', async () => {
    const doc = await openFile('frontend/Dockerfile');
    await waitFor('Dockwright to activate', () => vscode.extensions.getExtension(EXTENSION_ID)?.isActive, 30_000);
    const diagnostic = await waitForDiagnostic(doc.uri, 'DW107');
    assert.equal(diagnostic.range.start.line, 7);
  });

  test('engine commands are gated on trust in package.json and never reach the engine CLI', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension);
    const commands: ContributedCommand[] = extension.packageJSON.contributes?.commands ?? [];
    const engineCommands = commands.filter((c) => /^dockwright\.(build|healthCheck|start|stop|restart|down|followLogs|showLogs)/.test(c.command));
    assert.ok(engineCommands.length >= 4, 'engine commands are contributed');
    for (const c of engineCommands) assert.equal(c.enablement, 'isWorkspaceTrusted', `${c.command} is disabled in untrusted workspaces`);

    const engineLog = process.env.DOCKWRIGHT_E2E_ENGINE_LOG;
    assert.ok(engineLog, 'the offline runner provides a stand-in engine');
    // Each command is started but not awaited: in restricted mode it answers with a warning nobody dismisses.
    for (const c of engineCommands) void Promise.resolve(vscode.commands.executeCommand(c.command)).catch(() => undefined);
    // The trusted session shows the stand-in is called within seconds; here nothing may call it.
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    assert.equal(fs.existsSync(engineLog) ? fs.readFileSync(engineLog, 'utf8') : '', '', 'no engine call in an untrusted workspace');
  });
});
