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

  // Dockwright's own language client (client/src/lsp) converts every feature; the same file and positions as
  // test/lsp/languageFeatures.test.ts, so a difference is the client's.
  test('Dockerfile through the client: hover, definition, references, highlights, prepare rename, folding, links, signature help, semantic tokens', async () => {
    const text = ['FROM golang:1.22-alpine AS build', 'ARG VERSION=1.0', 'ENV APP=/out/app', 'RUN go build -ldflags "-X main.v=$VERSION" -o $APP .', 'FROM alpine:3.22', 'COPY --from=build /out/app /app', ''].join('\n');
    await writeFile('langfeat/client/Dockerfile', text);
    const doc = await openFile('langfeat/client/Dockerfile');
    const markdown = (h: vscode.Hover) => h.contents.map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : '')).join('\n');
    const hover = await waitFor('hover on FROM', async () => {
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, new vscode.Position(0, 2));
      return hovers.find((h) => /Stage 0 `build`/.test(markdown(h)));
    });
    assert.match(markdown(hover), /---\n\nSet the `baseImage`/);
    assert.ok(hover.contents.every((c) => c instanceof vscode.MarkdownString), 'markdown hover contents');

    const defs = await vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[]>('vscode.executeDefinitionProvider', doc.uri, new vscode.Position(5, 14));
    const def = defs[0];
    const defRange = 'targetRange' in def ? def.targetRange : def.range;
    assert.deepEqual([defRange.start.line, defRange.start.character, defRange.end.character], [0, 27, 32]);
    const refs = await vscode.commands.executeCommand<vscode.Location[]>('vscode.executeReferenceProvider', doc.uri, new vscode.Position(0, 28));
    assert.deepEqual(refs.map((r) => r.range.start.line).sort(), [0, 5]);
    const highlights = await vscode.commands.executeCommand<vscode.DocumentHighlight[]>('vscode.executeDocumentHighlights', doc.uri, new vscode.Position(1, 5));
    assert.deepEqual(highlights.map((h) => h.range.start.line).sort(), [1, 3]);
    const prepared = await vscode.commands.executeCommand<{ range: vscode.Range; placeholder: string }>('vscode.prepareRename', doc.uri, new vscode.Position(1, 5));
    assert.equal(prepared.range.start.line, 1);
    assert.equal(prepared.placeholder, 'VERSION');

    const links = await vscode.commands.executeCommand<vscode.DocumentLink[]>('vscode.executeLinkProvider', doc.uri);
    assert.ok(links.some((l) => /hub\.docker\.com.*golang/.test(String(l.target))), links.map((l) => String(l.target)).join(' '));
    const help = await vscode.commands.executeCommand<vscode.SignatureHelp>('vscode.executeSignatureHelpProvider', doc.uri, new vscode.Position(5, 5));
    assert.match(help.signatures[0].label, /COPY/);
    const legend = await vscode.commands.executeCommand<vscode.SemanticTokensLegend>('vscode.provideDocumentSemanticTokensLegend', doc.uri);
    const tokens = await vscode.commands.executeCommand<vscode.SemanticTokens>('vscode.provideDocumentSemanticTokens', doc.uri);
    assert.ok(tokens.data.length > 0 && tokens.data.length % 5 === 0);
    assert.equal(legend.tokenTypes[tokens.data[3]], 'keyword', 'the first token (FROM) is a keyword');

    await writeFile('langfeat/client/fold.Dockerfile', '# a\n# b\nFROM alpine\nRUN a \\\n  b \\\n  c\n');
    const fold = await openFile('langfeat/client/fold.Dockerfile');
    const folds = await waitFor('folding ranges', async () => {
      const found = await vscode.commands.executeCommand<vscode.FoldingRange[]>('vscode.executeFoldingRangeProvider', fold.uri);
      return found?.length ? found : undefined;
    });
    assert.deepEqual(
      folds.map((f) => [f.start, f.end, f.kind]).sort((a, b) => Number(a[0]) - Number(b[0])),
      [
        [0, 1, vscode.FoldingRangeKind.Comment],
        [3, 5, undefined],
      ],
    );
    await closeAllEditors();
  });

  test('compose through the client: hover, definition across files, "Run service" code lenses', async () => {
    await writeFile('langfeat/lens/api.env', 'A=1\n');
    await writeFile('langfeat/lens/compose.yaml', 'services:\n  api:\n    image: busybox\n    env_file: api.env\n    networks: [back]\n  db:\n    image: postgres:16\nnetworks:\n  back: {}\n');
    const doc = await openFile('langfeat/lens/compose.yaml');
    const lenses = await waitFor('code lenses', async () => {
      const found = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri);
      return found?.length === 2 ? found : undefined;
    });
    assert.deepEqual(
      lenses.map((l) => [l.range.start.line, l.command?.title, l.command?.command, (l.command?.arguments?.[0] as { service: string }).service]),
      [
        [1, '$(play) Run service', 'dockwright.startService', 'api'],
        [5, '$(play) Run service', 'dockwright.startService', 'db'],
      ],
    );
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, new vscode.Position(4, 6));
    assert.ok(hovers.some((h) => h.contents.some((c) => typeof c !== 'string' && 'value' in c && /\*\*networks\*\*/.test(c.value))));
    const envFile = await vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[]>('vscode.executeDefinitionProvider', doc.uri, new vscode.Position(3, 16));
    const target = 'targetUri' in envFile[0] ? envFile[0].targetUri : envFile[0].uri;
    assert.match(target.path, /langfeat\/lens\/api\.env$/);
    await closeAllEditors();
  });
});
