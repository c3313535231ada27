import assert from 'node:assert/strict';
import { test } from 'node:test';
import { normalizeConfig } from '../../server/src/core/config';
import { check, codes } from '../helpers';

test('rules can be turned off and re-levelled', () => {
  const files = { Dockerfile: 'FROM alpine\nRUN apk add git\n' };
  assert.deepEqual(codes(check(files, 'Dockerfile')).sort(), ['DW106', 'DW107', 'DW114']);
  const findings = check(files, 'Dockerfile', { rules: { DW107: 'off', DW114: 'error' } });
  assert.deepEqual(findings.map((f) => `${f.code}:${f.severity}`).sort(), ['DW106:warning', 'DW114:error']);
});

test('config validation reports bad entries', () => {
  const { config, problems } = normalizeConfig({ rules: { DW107: 'loud', XX1: 'off', DW106: 'off' } });
  assert.deepEqual(config.rules, { DW106: 'off' });
  assert.equal(problems.length, 2);
});
