import assert from 'node:assert/strict';
import * as path from 'node:path';
import { test } from 'node:test';
import { Analysis } from '../../server/src/core/analysis';
import { checkFiles } from '../../server/src/core/check';
import { fileKind } from '../../server/src/core/workspace';
import { FsWorkspace } from '../../server/src/node/fsWorkspace';

const repo = path.resolve(__dirname, '../..');

/** `dockwright check` on the example repositories: the exact compose and cross-file findings (code@line, 1-based). */
const expected: Record<string, string[]> = {
  // DW206 also on the passwords written inside the apps' connection URLs (DATABASE_URL, MONGO_URL, BROKER_URL).
  photos: ['DW206@7', 'DW205@9', 'DW205@21', 'DW206@30', 'DW206@40', 'DW206@42', 'DW207@43', 'DW206@63', 'DW206@83', 'DW207@95'],
  'node-mongo': ['DW206@7', 'DW206@17', 'DW206@19', 'DW207@20', 'DW206@33', 'DW206@34', 'DW207@35'],
  'python-rabbitmq': ['DW206@7', 'DW205@8', 'DW206@16', 'DW206@23', 'DW206@24', 'DW207@25', 'DW206@26', 'DW206@39', 'DW206@40'],
  'two-compose-ci': ['DW301@13'],
};

for (const [example, codes] of Object.entries(expected)) {
  test(`examples/${example}: compose findings`, () => {
    const workspace = new FsWorkspace(path.join(repo, 'examples', example));
    const files = workspace.listFiles().filter((f) => fileKind(f) === 'compose');
    const findings = checkFiles(files, new Analysis(workspace), { onRuleError: (code, _f, e) => assert.fail(`${code}: ${e}`) });
    assert.deepEqual(findings.filter((f) => /^DW[23]/.test(f.code)).map((f) => `${f.code}@${f.range.start.line + 1}`), codes);
  });
}
