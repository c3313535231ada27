// Entry point that VS Code's extension host loads through `extensionTestsPath` (both runners: the offline
// code-server runner in run.mjs and @vscode/test-electron in vscode.mjs). Runs every compiled suite file.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

export interface E2eResult {
  passed: number;
  failed: number;
  pending: number;
  failures: { title: string; message: string }[];
}

export async function run(): Promise<void> {
  const grep = process.env.DOCKWRIGHT_E2E_GREP;
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 60_000, reporter: 'spec', ...(grep ? { grep } : {}) });
  const suiteDir = path.join(__dirname, 'suite');
  // The offline runner also opens the workspace without trust and runs only the *.untrusted.test.js files there.
  const untrusted = process.env.DOCKWRIGHT_E2E_MODE === 'untrusted';
  const files = fs.readdirSync(suiteDir).filter((f) => f.endsWith('.test.js') && f.endsWith('.untrusted.test.js') === untrusted);
  for (const file of files.sort()) {
    mocha.addFile(path.join(suiteDir, file));
  }
  console.log('dockwright-e2e: suite start');
  const failures: E2eResult['failures'] = [];
  const stats = await new Promise<Mocha.Stats>((resolve) => {
    const runner = mocha.run(() => resolve(runner.stats ?? { passes: 0, failures: 1, pending: 0 } as Mocha.Stats));
    runner.on('fail', (t, err: Error) => failures.push({ title: t.fullTitle(), message: String(err?.stack ?? err) }));
  });
  const result: E2eResult = { passed: stats.passes, failed: stats.failures, pending: stats.pending, failures };
  // The runners read this file and print the summary line.
  if (process.env.DOCKWRIGHT_E2E_RESULT) fs.writeFileSync(process.env.DOCKWRIGHT_E2E_RESULT, JSON.stringify(result, null, 2));
  // With a grep filter a session may legitimately match nothing; without one, running no test is a failure.
  if (result.failed > 0 || (result.passed === 0 && !grep)) throw new Error(`end-to-end suite: ${result.failed} failed, ${result.passed} passed`);
}
