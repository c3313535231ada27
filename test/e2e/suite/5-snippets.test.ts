import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { suite, suiteSetup, test } from 'mocha';
import { activateExtension, closeAllEditors, openFile, writeFile } from './util';

interface SnippetFile { language: string; path: string }
interface Snippet { prefix: string | string[]; body: string | string[] }

async function contributedSnippets(extension: vscode.Extension<unknown>, language: string): Promise<Map<string, string>> {
  const files: SnippetFile[] = (extension.packageJSON.contributes?.snippets ?? []).filter((s: SnippetFile) => s.language === language);
  const byPrefix = new Map<string, string>();
  for (const file of files) {
    const raw = new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(extension.extensionUri, file.path)));
    for (const snippet of Object.values(JSON.parse(raw) as Record<string, Snippet>)) {
      const body = Array.isArray(snippet.body) ? snippet.body.join('\n') : snippet.body;
      for (const prefix of [snippet.prefix].flat()) byPrefix.set(prefix, body);
    }
  }
  return byPrefix;
}

/** Labels of snippet completions VS Code offers after typing `prefix` on an empty last line of `uri`. */
async function snippetCompletionsAt(doc: vscode.TextDocument, prefix: string): Promise<vscode.CompletionItem[]> {
  const line = doc.lineCount - 1;
  const edit = new vscode.WorkspaceEdit();
  edit.replace(doc.uri, doc.lineAt(line).range, prefix);
  assert.equal(await vscode.workspace.applyEdit(edit), true);
  const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc.uri, new vscode.Position(line, prefix.length));
  return list.items.filter((item) => item.kind === vscode.CompletionItemKind.Snippet);
}

function labelOf(item: vscode.CompletionItem): string {
  return typeof item.label === 'string' ? item.label : item.label.label;
}

function insertTextOf(item: vscode.CompletionItem): string {
  const text = item.insertText;
  return text instanceof vscode.SnippetString ? text.value : String(text ?? '');
}

for (const { language, file, initial } of [
  { language: 'dockerfile', file: 'snippets/Dockerfile', initial: 'FROM alpine:3.22\n\n' },
  { language: 'dockercompose', file: 'snippets/compose.yaml', initial: 'services:\n' },
]) {
  suite(`snippets (${language})`, () => {
    let snippets: Map<string, string>;
    suiteSetup(async () => {
      snippets = await contributedSnippets(await activateExtension(), language);
    });

    test(`every ${language} snippet prefix is offered by the completion provider with its body`, async function () {
      if (snippets.size === 0) this.skip();
      await writeFile(file, initial);
      const doc = await openFile(file);
      assert.equal(doc.languageId, language);
      const missing: string[] = [];
      for (const [prefix, body] of snippets) {
        const items = await snippetCompletionsAt(doc, prefix);
        const offered = items.find((item) => labelOf(item) === prefix && insertTextOf(item) === body);
        if (!offered) missing.push(`${prefix} (offered: ${items.map(labelOf).join(', ') || 'none'})`);
      }
      assert.deepEqual(missing, [], 'snippet prefixes that the completion provider does not offer');
      await vscode.commands.executeCommand('workbench.action.files.revert');
      await closeAllEditors();
    });
  });
}
