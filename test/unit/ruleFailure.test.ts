import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Analysis } from '../../server/src/core/analysis';
import { allRules } from '../../server/src/core/catalogue';
import { checkFile } from '../../server/src/core/check';
import type { DockerfileRule } from '../../server/src/core/rule';
import { MemoryWorkspace } from '../../server/src/core/workspace';

test('a rule that throws is reported through onRuleError and the other rules still deliver', () => {
  const broken: DockerfileRule = {
    code: 'DW199',
    target: 'dockerfile',
    title: 'Always throws (test only)',
    defaultSeverity: 'error',
    description: 'Registered by this test only.',
    fixTitles: [],
    check: () => {
      throw new TypeError('boom');
    },
  };
  allRules.unshift(broken);
  try {
    const failures: string[] = [];
    const analysis = new Analysis(new MemoryWorkspace({ Dockerfile: 'FROM alpine\nRUN apk add git\n' }));
    const findings = checkFile('Dockerfile', analysis, { onRuleError: (code, file, error) => failures.push(`${code} ${file} ${(error as Error).message}`) });
    assert.deepEqual(failures, ['DW199 Dockerfile boom']);
    assert.deepEqual(findings.map((f) => f.code).sort(), ['DW106', 'DW107', 'DW114']);
    assert.doesNotThrow(() => checkFile('Dockerfile', analysis));
  } finally {
    allRules.splice(allRules.indexOf(broken), 1);
  }
});
