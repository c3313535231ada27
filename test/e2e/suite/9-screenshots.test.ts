// Only with `run.mjs --screenshot DIR`: poses the workbench for the pictures used in the README.
import * as vscode from 'vscode';
import { suite, test } from 'mocha';
import { activateExtension, closeAllEditors, openFile, requestScreenshot, waitForDiagnostic, writeFile } from './util';

if (process.env.DOCKWRIGHT_E2E_SCREENSHOT_REQUEST) {
  suite('screenshots', () => {
    test('quick-fix menu on a Dockwright diagnostic', async () => {
      await activateExtension();
      await closeAllEditors();
      const uri = await writeFile('showcase/Dockerfile', 'FROM python:3.13-slim\nRUN apt-get update && apt-get install -y curl\nCOPY app.py /app/\nCMD ["python", "/app/app.py"]\n');
      await openFile('showcase/Dockerfile');
      const diagnostic = await waitForDiagnostic(uri, 'DW106');
      await waitForDiagnostic(uri, 'DW107');
      const editor = vscode.window.activeTextEditor;
      if (!editor) throw new Error('no active editor');
      editor.selection = new vscode.Selection(diagnostic.range.start, diagnostic.range.start);
      await vscode.commands.executeCommand('workbench.actions.view.problems');
      await vscode.window.showTextDocument(editor.document);
      await vscode.commands.executeCommand('editor.action.quickFix');
      // Cosmetic only: give the menu a moment to render before the picture.
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      await requestScreenshot('quick-fix');
    });
  });
}
