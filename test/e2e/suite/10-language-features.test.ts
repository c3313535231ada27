import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { suite, suiteSetup, test } from 'mocha';
import { activateExtension, closeAllEditors, openFile, waitFor, writeFile } from './util';

const labelOf = (item: vscode.CompletionItem) => (typeof item.label === 'string' ? item.label : item.label.label);

async function completions(doc: vscode.TextDocument, position: vscode.Position): Promise<string[]> {
  const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc.uri, position);
  return list.items.filter((i) => i.kind !== vscode.CompletionItemKind.Snippet).map(labelOf);
}

suite('language features (no other Docker extension installed)', () => {
  suiteSetup(async () => {
    await activateExtension();
  });

  test('Dockerfile: instruction and COPY --from stage completion, outline, rename of a stage', async () => {
    await writeFile('langfeat/Dockerfile', 'FROM alpine:3.22 AS build\nRUN echo hi > /out\nFROM alpine:3.22\nCOPY --from=build /out /out\nEXP\n');
    const doc = await openFile('langfeat/Dockerfile');
    const instructions = await waitFor('EXPOSE completion', async () => {
      const labels = await completions(doc, new vscode.Position(4, 3));
      return labels.some((l) => l.startsWith('EXPOSE')) ? labels : undefined;
    });
    assert.ok(instructions.some((l) => l.startsWith('EXPOSE')));
    const stages = await completions(doc, new vscode.Position(3, 12));
    assert.ok(stages.includes('build'), stages.join(','));
    const symbols = await vscode.commands.executeCommand<(vscode.SymbolInformation | vscode.DocumentSymbol)[]>('vscode.executeDocumentSymbolProvider', doc.uri);
    assert.deepEqual(symbols.slice(0, 4).map((s) => s.name), ['FROM', 'RUN', 'FROM', 'COPY']);
    const edit = await vscode.commands.executeCommand<vscode.WorkspaceEdit>('vscode.executeDocumentRenameProvider', doc.uri, new vscode.Position(0, 22), 'builder');
    assert.equal(await vscode.workspace.applyEdit(edit), true);
    assert.match(doc.getText(), /^FROM alpine:3\.22 AS builder\n[\s\S]*COPY --from=builder \/out/);
    await closeAllEditors();
  });

  test('Dockerfile and compose formatting', async () => {
    await writeFile('langfeat/fmt.Dockerfile', 'FROM alpine:3.22\n   RUN echo a\n');
    const doc = await openFile('langfeat/fmt.Dockerfile');
    const edits = await waitFor('Dockerfile formatting edits', async () => {
      const found = await vscode.commands.executeCommand<vscode.TextEdit[]>('vscode.executeFormatDocumentProvider', doc.uri, { tabSize: 4, insertSpaces: true });
      return found?.length ? found : undefined;
    });
    const we = new vscode.WorkspaceEdit();
    we.set(doc.uri, edits);
    assert.equal(await vscode.workspace.applyEdit(we), true);
    assert.equal(doc.getText(), 'FROM alpine:3.22\nRUN echo a\n');

    await writeFile('langfeat/compose.yaml', '# stack\nservices:\n    web:\n        image: nginx  # pinned later\n');
    const compose = await openFile('langfeat/compose.yaml');
    const composeEdits = await waitFor('compose formatting edits', async () => {
      const found = await vscode.commands.executeCommand<vscode.TextEdit[]>('vscode.executeFormatDocumentProvider', compose.uri, { tabSize: 2, insertSpaces: true });
      return found?.length ? found : undefined;
    });
    const ce = new vscode.WorkspaceEdit();
    ce.set(compose.uri, composeEdits);
    assert.equal(await vscode.workspace.applyEdit(ce), true);
    assert.equal(compose.getText(), '# stack\nservices:\n  web:\n    image: nginx # pinned later\n');
    await closeAllEditors();
  });

  test('compose: key completion, outline, rename of a service across depends_on', async () => {
    await writeFile('langfeat/rename/compose.yaml', 'services:\n  api:\n    image: busybox\n    depends_on: [db]\n  db:\n    image: postgres:16\n    \n');
    const doc = await openFile('langfeat/rename/compose.yaml');
    const keys = await waitFor('compose key completion', async () => {
      const labels = await completions(doc, new vscode.Position(6, 4));
      return labels.includes('healthcheck') ? labels : undefined;
    });
    assert.ok(!keys.includes('image'), 'a key already present is not offered again');
    const symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', doc.uri);
    assert.deepEqual(symbols.map((s) => s.name), ['services']);
    assert.deepEqual(symbols[0].children.map((s) => s.name), ['api', 'db']);
    const edit = await vscode.commands.executeCommand<vscode.WorkspaceEdit>('vscode.executeDocumentRenameProvider', doc.uri, new vscode.Position(4, 3), 'database');
    assert.equal(await vscode.workspace.applyEdit(edit), true);
    assert.equal(doc.getText(), 'services:\n  api:\n    image: busybox\n    depends_on: [database]\n  database:\n    image: postgres:16\n    \n');
    await closeAllEditors();
  });
});
