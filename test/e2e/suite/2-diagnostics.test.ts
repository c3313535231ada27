import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { suite, suiteSetup, test } from 'mocha';
import { activateExtension, closeAllEditors, codeOf, dockwrightDiagnostics, openFile, requestScreenshot, waitFor, waitForDiagnostic, writeFile } from './util';

suite('diagnostics', () => {
  suiteSetup(async () => {
    await activateExtension();
  });

  test('frontend/Dockerfile: DW107 (nginx runs as root) on the final FROM, with its range, severity and rule link', async () => {
    const doc = await openFile('frontend/Dockerfile');
    const diagnostic = await waitForDiagnostic(doc.uri, 'DW107');
    const fromLine = doc.getText().split('\n').findIndex((l) => l.startsWith('FROM nginx'));
    assert.equal(fromLine, 7);
    assert.deepEqual(
      [diagnostic.range.start.line, diagnostic.range.start.character, diagnostic.range.end.line, diagnostic.range.end.character],
      [7, 0, 7, 'FROM nginx:1.27-alpine'.length],
    );
    assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Information);
    assert.match(diagnostic.message, /runs nginx as root/);
    const code = diagnostic.code;
    assert.ok(typeof code === 'object' && code.target, 'the code links to the rule page');
    assert.match(code.target.toString(), /DW107/);
  });

  test('docker-compose.yml: DW205 on the published database port (info: production is assumed)', async () => {
    const doc = await openFile('docker-compose.yml');
    const diagnostic = await waitFor('DW205 on postgres', () =>
      dockwrightDiagnostics(doc.uri).find((d) => codeOf(d) === 'DW205' && /"postgres"/.test(d.message)),
    );
    const portsLine = doc.getText().split('\n').findIndex((l) => l === '    ports:');
    assert.equal(diagnostic.range.start.line, portsLine);
    assert.equal(diagnostic.range.start.character, 4);
    // The photos example has no profiles: production is only assumed, so DW205 is advice (issue #15).
    assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Information);
    assert.match(diagnostic.message, /5432:5432 to the host in production, if this file is deployed \(assumed:/);
  });

  test('backend/Dockerfile: DW101 reports the monolith that builds three programs, on its whole first go build instruction', async () => {
    const doc = await openFile('backend/Dockerfile');
    const diagnostic = await waitForDiagnostic(doc.uri, 'DW101');
    const lines = doc.getText().split('\n');
    const runLine = lines.findIndex((l) => l.startsWith('RUN CGO_ENABLED=1 go build'));
    assert.ok(runLine > 0);
    // The RUN continues over backslash-ended lines: the range ends where the instruction ends.
    let lastLine = runLine;
    while (/\\\s*$/.test(lines[lastLine])) lastLine++;
    assert.ok(lastLine > runLine, 'the photos build RUN spans several lines');
    assert.deepEqual(
      [diagnostic.range.start.line, diagnostic.range.start.character, diagnostic.range.end.line, diagnostic.range.end.character],
      [runLine, 0, lastLine, doc.lineAt(lastLine).text.length],
    );
    assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Information);
    assert.match(diagnostic.message, /builds 3 programs \(server, worker, scheduler\)/);
  });

  test('a new Dockerfile gets DW106 and DW114 with precise ranges', async () => {
    const uri = await writeFile('tools/Dockerfile', 'FROM alpine\nRUN apk add curl\nUSER nobody\n');
    await openFile('tools/Dockerfile');
    const dw106 = await waitForDiagnostic(uri, 'DW106');
    assert.deepEqual([dw106.range.start.line, dw106.range.start.character, dw106.range.end.character], [1, 4, 'RUN apk add'.length]);
    const dw114 = await waitForDiagnostic(uri, 'DW114');
    assert.deepEqual([dw114.range.start.line, dw114.range.start.character, dw114.range.end.character], [0, 5, 'FROM alpine'.length]);
    assert.match(dw114.message, /no tag/);
    assert.equal(dockwrightDiagnostics(uri).some((d) => codeOf(d) === 'DW107'), false, 'USER nobody is not root');
    await vscode.commands.executeCommand('workbench.actions.view.problems');
    await requestScreenshot('diagnostics');
  });

  test('diagnostics follow unsaved edits: fixing the text by hand clears DW106', async () => {
    const doc = await openFile('tools/Dockerfile');
    await waitForDiagnostic(doc.uri, 'DW106');
    const edit = new vscode.WorkspaceEdit();
    edit.replace(doc.uri, new vscode.Range(1, 0, 1, doc.lineAt(1).text.length), 'RUN apk add --no-cache curl');
    assert.equal(await vscode.workspace.applyEdit(edit), true);
    await waitFor('DW106 to disappear', () => !dockwrightDiagnostics(doc.uri).some((d) => codeOf(d) === 'DW106'));
    assert.ok(dockwrightDiagnostics(doc.uri).some((d) => codeOf(d) === 'DW114'), 'other findings stay');
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  test('the dockwright.rules setting turns a rule off and back on', async () => {
    const doc = await openFile('frontend/Dockerfile');
    await waitForDiagnostic(doc.uri, 'DW107');
    const config = vscode.workspace.getConfiguration('dockwright');
    await config.update('rules', { DW107: 'off' }, vscode.ConfigurationTarget.Workspace);
    try {
      await waitFor('DW107 to be turned off', () => !dockwrightDiagnostics(doc.uri).some((d) => codeOf(d) === 'DW107'));
    } finally {
      await config.update('rules', undefined, vscode.ConfigurationTarget.Workspace);
    }
    await waitForDiagnostic(doc.uri, 'DW107');
    await closeAllEditors();
  });
});
