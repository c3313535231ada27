import assert from 'node:assert/strict';
import { test } from 'node:test';
import { normalizeConfig, syntaxValidationEnabled } from '../../server/src/core/config';
import { LEFT_TO_BUILDKIT, SYNTAX_CLASSES } from '../../server/src/core/rules/dockerfile/dw0xx-syntax-validation';
import { check, codes } from '../helpers';

const ROOT_APK = 'FROM alpine:3.20\nRUN apk add git\nCMD ["git"]\n';

test('# dockwright-ignore applies to the next instruction only', () => {
  const text = 'FROM alpine:3.20\n# dockwright-ignore DW106\nRUN apk add \\\n    git\nRUN apk add curl\nUSER 1001\n';
  const found = check({ Dockerfile: text }, 'Dockerfile');
  assert.deepEqual(found.map((f) => `${f.code}@${f.range.start.line}`), ['DW106@4']);
});

test('# dockwright-ignore with several codes, comma or space separated, and without codes', () => {
  const text = '# dockwright-ignore DW107, DW114\nFROM alpine\nRUN apk add git\n';
  assert.deepEqual(codes(check({ Dockerfile: text }, 'Dockerfile')), ['DW106']);
  const spaced = '# dockwright-ignore dw107 DW114\nFROM alpine\n';
  assert.deepEqual(codes(check({ Dockerfile: spaced }, 'Dockerfile')), []);
  const all = 'FROM alpine:3.20\nUSER 1001\n# dockwright-ignore\nRUN apk add git\n';
  assert.deepEqual(codes(check({ Dockerfile: all }, 'Dockerfile')), []);
});

test('# dockwright-ignore-file applies to the whole file', () => {
  assert.deepEqual(codes(check({ Dockerfile: ROOT_APK }, 'Dockerfile')).sort(), ['DW106', 'DW107']);
  assert.deepEqual(codes(check({ Dockerfile: ROOT_APK + '# dockwright-ignore-file DW106,DW107\n' }, 'Dockerfile')), []);
  assert.deepEqual(codes(check({ Dockerfile: '# dockwright-ignore-file DW106\n' + ROOT_APK }, 'Dockerfile')), ['DW107']);
});

test('a directive inside a heredoc or mentioned in prose does not count', () => {
  const text = 'FROM alpine:3.20\nUSER 1001\nRUN echo "# dockwright-ignore DW106" && apk add git\n';
  assert.deepEqual(codes(check({ Dockerfile: text }, 'Dockerfile')), ['DW106']);
});

test('syntax validation maps dockerfile-utils problems to stable DW0xx codes', () => {
  const text = 'FROM alpine:3.20\nUSER 1001\nRUNN echo\nCOPY a\nWORKDIR app\nHEALTHCHECK --interval=xyz CMD true\nENV\nMAINTAINER me\n';
  // A relative WORKDIR and MAINTAINER are BuildKit checks now (DW135, DW134), not dockerfile-utils' DW004/DW008.
  assert.deepEqual(codes(check({ Dockerfile: text }, 'Dockerfile')), ['DW001', 'DW002', 'DW135', 'DW003', 'DW002', 'DW134']);
  const off = check({ Dockerfile: text }, 'Dockerfile', { syntaxValidation: 'off' });
  assert.ok(off.every((f) => !f.code.startsWith('DW00')));
  const auto = check({ Dockerfile: text }, 'Dockerfile', { dockerExtensionInstalled: true });
  assert.ok(auto.every((f) => !f.code.startsWith('DW00')), 'auto defers to an installed Docker extension');
  const forced = check({ Dockerfile: text }, 'Dockerfile', { syntaxValidation: 'on', dockerExtensionInstalled: true });
  assert.ok(forced.some((f) => f.code === 'DW001'));
  const relevelled = check({ Dockerfile: text }, 'Dockerfile', { rules: { DW001: 'warning', DW002: 'off' } });
  assert.equal(relevelled.find((f) => f.code === 'DW001')!.severity, 'warning');
  assert.ok(!relevelled.some((f) => f.code === 'DW002'));
});

test('duplicate stage names are DW115, not a syntax code', () => {
  assert.deepEqual(codes(check({ Dockerfile: 'FROM alpine:3.20 AS a\nFROM alpine:3.20 AS a\nUSER 1001\n' }, 'Dockerfile')), ['DW115']);
});

test('every dockerfile-utils validation code has exactly one DW0xx class', () => {
  const seen = new Map<number, string>();
  for (const cls of SYNTAX_CLASSES) for (const m of cls.members) {
    assert.ok(!seen.has(m), `code ${m} in ${seen.get(m)} and ${cls.code}`);
    seen.set(m, cls.code);
  }
  // 0..52 minus DUPLICATE_BUILD_STAGE_NAME (10, DW115) and the codes BuildKit's checks report; 48 is listed under two names.
  for (const code of LEFT_TO_BUILDKIT) assert.ok(!seen.has(code), `validation code ${code} is left to a BuildKit rule`);
  for (let code = 0; code <= 52; code++) if (code !== 10 && !LEFT_TO_BUILDKIT.includes(code)) assert.ok(seen.has(code), `validation code ${code} is mapped`);
});

test('syntaxValidation setting: config file values and auto resolution', () => {
  assert.equal(normalizeConfig({ syntaxValidation: 'off' }).config.syntaxValidation, 'off');
  assert.deepEqual(normalizeConfig({ syntaxValidation: 'maybe' }).problems.length, 1);
  assert.equal(syntaxValidationEnabled({}), true);
  assert.equal(syntaxValidationEnabled({ dockerExtensionInstalled: true }), false);
  assert.equal(syntaxValidationEnabled({ syntaxValidation: 'on', dockerExtensionInstalled: true }), true);
  assert.equal(syntaxValidationEnabled({ syntaxValidation: 'off' }), false);
});

test('# dockwright-ignore works in compose files too (the next key and its block)', () => {
  const compose = 'services:\n  db:\n    image: postgres:16\n    # dockwright-ignore DW205\n    ports:\n      - "5432:5432"\n  cache:\n    image: redis:7\n    ports:\n      - "6379:6379"\n';
  const found = check({ 'compose.yaml': compose }, 'compose.yaml').filter((f) => f.code === 'DW205');
  assert.deepEqual(found.map((f) => f.range.start.line), [8]);
  const unignored = check({ 'compose.yaml': compose.replace('# dockwright-ignore DW205', '# a comment') }, 'compose.yaml').filter((f) => f.code === 'DW205');
  assert.deepEqual(unignored.map((f) => f.range.start.line), [4, 8]);
});
