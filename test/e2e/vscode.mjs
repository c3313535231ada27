#!/usr/bin/env node
// Runs the same e2e suite in desktop VS Code through @vscode/test-electron (`npm run test:vscode`).
// Needs network: VS Code is downloaded into .vscode-test/ on first use. On Linux without a display run it under
// `xvfb-run -a`. Not used by CI (see run.mjs for the offline runner).
//
//   node test/e2e/vscode.mjs [--grep PATTERN] [--vscode-version 1.100.3|stable]
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { runTests } from '@vscode/test-electron';
import { buildExtensionAndSuite, makeScratch, repoRoot } from './prepare.mjs';

const { values: options } = parseArgs({
  options: {
    grep: { type: 'string' },
    // The oldest version engines.vscode allows, and the one the offline runner uses.
    'vscode-version': { type: 'string', default: process.env.DOCKWRIGHT_VSCODE_VERSION ?? '1.100.3' },
  },
});

const testsEntry = await buildExtensionAndSuite();
const { scratch, workspace } = makeScratch();
const resultFile = join(scratch, 'result.json');
let code = 1;
try {
  await runTests({
    version: options['vscode-version'],
    extensionDevelopmentPath: repoRoot,
    extensionTestsPath: testsEntry,
    launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes', '--user-data-dir', join(scratch, 'user-data')],
    extensionTestsEnv: { DOCKWRIGHT_E2E_RESULT: resultFile, ...(options.grep ? { DOCKWRIGHT_E2E_GREP: options.grep } : {}) },
  });
  code = 0;
} catch (error) {
  console.error(`e2e (test-electron): ${error?.message ?? error}`);
}
try {
  const result = JSON.parse(readFileSync(resultFile, 'utf8'));
  for (const failure of result.failures) console.log(`\nFAILED ${failure.title}\n${failure.message}`);
  console.log(`e2e: ${result.passed} passed, ${result.failed} failed${result.pending ? `, ${result.pending} skipped` : ''}`);
  if (result.failed > 0 || result.passed === 0) code = 1;
} catch {
  console.log('e2e (test-electron): FAILED: the suite wrote no result');
  code = 1;
}
rmSync(scratch, { recursive: true, force: true });
process.exit(code);
