/**
 * Regression tests for inputs the long fuzz run found to be CPU-bound, and for the guards that bound them.
 * checkCase (the fuzz property's own check) fails a case that uses more than HANG_MS of CPU.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Analysis } from '../../server/src/core/analysis';
import { ruleMeta } from '../../server/src/core/catalogue';
import { interpolate } from '../../server/src/core/compose/interpolate';
import { parseCompose } from '../../server/src/core/compose/model';
import { MAX_LINE_ESCAPE_WORK, tooComplexLine } from '../../server/src/core/limits';
import { MemoryWorkspace } from '../../server/src/core/workspace';
import { checkCase } from '../fuzz/properties';
import { check, codes } from '../helpers';

// Fuzz seed 201847919, path 2190 ("mutated Dockerfiles"): ~21,500 backslashes inside `${TAG:` of a FROM line. Before
// the guard, dockerfile-ast's image and variable ranges and dockerfile-utils' validation took 12.6 s of CPU.
const FUZZ_FROM_LINE = '\uFEFF\\\r\nFROM $IMG:${TAG:' + '\\'.repeat(21_494);

test('a Dockerfile line with thousands of escapes inside ${…} is skipped with DW092 instead of stalling the parser', () => {
  const { findings } = checkCase({ Dockerfile: FUZZ_FROM_LINE }, 'Dockerfile');
  assert.deepEqual(codes(findings), ['DW092']);
  assert.equal(findings[0].range.start.line, 1);
  assert.match(findings[0].message, /^Line too complex, not analysed: line 2 has 21494 escape characters in 21510 characters/);
  assert.equal(ruleMeta('DW092')?.title, 'Line too complex, not analysed');
  // The same for a global ARG (dockerfile-utils' validation was the slow part there) and for a backtick escape.
  assert.deepEqual(codes(checkCase({ Dockerfile: 'ARG A=${B:' + '\\'.repeat(20_000) + '}\nFROM alpine\n' }, 'Dockerfile').findings), ['DW092']);
  assert.deepEqual(codes(check({ Dockerfile: '# escape=`\nFROM alpine\nENV A=${B:' + '`'.repeat(3000) + '}\n' }, 'Dockerfile')), ['DW092']);
  assert.deepEqual(check({ Dockerfile: FUZZ_FROM_LINE }, 'Dockerfile', { rules: { DW092: 'off' } }), []);
});

test('DW092 leaves real Dockerfiles alone: continuations, escapes without ${…}, long lines with few escapes', () => {
  const continued = 'FROM alpine:3.22\nRUN apk add --no-cache \\\n' + Array.from({ length: 300 }, (_, i) => `    pkg${i}-\${VERSION} \\\n`).join('') + '    git\nUSER 1001\n';
  assert.equal(tooComplexLine(continued), undefined);
  assert.ok(!codes(check({ Dockerfile: continued }, 'Dockerfile')).includes('DW092'));
  const manyEscapesNoVariable = 'FROM alpine:3.22\nRUN echo ' + '\\"'.repeat(5000) + '\nUSER 1001\n';
  assert.equal(tooComplexLine(manyEscapesNoVariable), undefined);
  const longLine = 'FROM alpine:3.22\nRUN echo "${A}" ' + '\\"x\\" '.repeat(50) + 'y'.repeat(10_000) + '\nUSER 1001\n';
  assert.equal(tooComplexLine(longLine), undefined);
  // Just over the budget on one line: found, with its numbers.
  const over = 'FROM alpine\nRUN echo ${A:-' + '\\'.repeat(Math.ceil(Math.sqrt(MAX_LINE_ESCAPE_WORK)) + 10) + '}\n';
  assert.equal(tooComplexLine(over)?.line, 1);
});

test('a long invalid stage name is reported without dockerfile-utils backtracking exponentially over it', () => {
  // Found by the long fuzz run (seed 777000): `FROM node:22 as Builder` + 2,745 × "a" + 23,426 × "$" never returned.
  const fuzzFound = 'FROM node:22 as Builder' + 'a'.repeat(2745) + '$'.repeat(23_426) + 'a'.repeat(19_487) + '\nRUN x\n';
  const found = checkCase({ Dockerfile: fuzzFound }, 'Dockerfile').findings.filter((f) => f.code === 'DW004');
  assert.equal(found.length, 1);
  assert.match(found[0].message, /^invalid name for build stage: "builderaaaa/);
  // 30 characters were enough to hang it; the other syntax diagnostics keep their positions.
  const typed = 'FROM node:22 AS builder-for-the-web-application!\nrun echo hi\n';
  const findings = checkCase({ Dockerfile: typed }, 'Dockerfile').findings.filter((f) => /^DW00/.test(f.code));
  assert.deepEqual(
    findings.map((f) => [f.code, f.range.start.line, f.range.start.character, f.range.end.character]),
    [['DW004', 0, 16, 48]],
  );
  // A name continued onto the next line keeps its line break for the validator.
  const continued = check({ Dockerfile: 'FROM node:22 AS builder-for-the-web-app\\\nlication!\nRUN x\nfrom alpine\n' }, 'Dockerfile');
  assert.deepEqual(codes(continued).filter((c) => /^DW00/.test(c)).sort(), ['DW004']);
  // Valid and short invalid names behave as before.
  assert.deepEqual(codes(check({ Dockerfile: 'FROM node:22 AS builder-for-the-web-application\nUSER 1001\n' }, 'Dockerfile')).filter((c) => c === 'DW004'), []);
  assert.deepEqual(codes(check({ Dockerfile: 'FROM node:22 AS b!\nUSER 1001\n' }, 'Dockerfile')).filter((c) => c === 'DW004'), ['DW004']);
});

// Fuzz seed 201847918, path 1607 ("hostile YAML"): a 1,243-deep flow sequence used as a mapping key. The yaml
// library stringifies collection keys when turning the document into data: 1.9 s of CPU (800 deep: 1.8 s).
const FUZZ_DEEP_KEY = 'services:\n  a:\n    image\n ' + '['.repeat(1243) + ']'.repeat(1243) + '\n\u{a8ef5}\u{96b4c}';

test('a sequence or mapping used as a mapping key is reported, not stringified', () => {
  const { findings } = checkCase({ 'docker-compose.yml': FUZZ_DEEP_KEY }, 'docker-compose.yml');
  assert.ok(findings.some((f) => f.code === 'DW201' && /sequence or mapping is used as a mapping key/.test(f.message)), JSON.stringify(findings.map((f) => f.message)));
  const wide = 'services:\n  a:\n    ? [' + Array(800).fill('[x, {a: b}]').join(',') + ']\n    : 1\n';
  const model = parseCompose(wide);
  assert.equal(model.data, undefined);
  assert.equal(model.syntaxErrors.length, 1);
  assert.equal(model.syntaxErrors[0].range.start.line, 2);
  checkCase({ 'compose.yaml': wide }, 'compose.yaml');
  // Scalar keys, including quoted and numeric ones, are still fine.
  assert.deepEqual(parseCompose('services:\n  "a": {image: x}\n  1: {image: y}\n').syntaxErrors, []);
});

function dollarBomb(levels: number, dollars: number): string {
  const scalar = `"lol${'$'.repeat(dollars)}"`;
  const lines = [`x-a0: &a0 [${Array(9).fill(scalar).join(',')}]`];
  for (let i = 1; i <= levels; i++) lines.push(`x-a${i}: &a${i} [${Array(9).fill(`*a${i - 1}`).join(',')}]`);
  return lines.join('\n') + `\nservices:\n  api:\n    image: alpine\n    environment: *a${levels}\n`;
}

test('an alias bomb of $-filled scalars: interpolation and environment lists stay bounded', () => {
  // 6,561 expanded copies of 30,000-character strings: over two minutes of CPU before the interpolation cap.
  const text = dollarBomb(3, 30_000);
  checkCase({ 'docker-compose.yml': text }, 'docker-compose.yml');
  const analysis = new Analysis(new MemoryWorkspace({ 'docker-compose.yml': text }));
  const project = analysis.composeProject('docker-compose.yml')!;
  // Nested lists are not environment entries (String() of them built megabytes per item).
  assert.deepEqual(project.services.get('api')!.environment, {});
  checkCase({ 'docker-compose.yml': dollarBomb(2, 30_000) }, 'docker-compose.yml');
});

test('interpolation of $ runs: each $$ is one literal $, an odd one starts a reference', () => {
  const lookup = (name: string) => ({ X: '1' })[name];
  assert.equal(interpolate('a$$b', lookup).value, 'a$b');
  assert.equal(interpolate('$$$$', lookup).value, '$$');
  assert.equal(interpolate('$$$X', lookup).value, '$1');
  assert.equal(interpolate('$$${X}', lookup).value, '$1');
  assert.equal(interpolate('$$$${X}', lookup).value, '$${X}');
  assert.equal(interpolate('$$$$$', lookup).value, '$$$');
  assert.equal(interpolate('$'.repeat(100_001), lookup).value, '$'.repeat(50_001));
});

test('interpolation within the budget still resolves values from .env', () => {
  const text = 'x-env: &env ["A=${X}", "B=$$X"]\nservices:\n  api:\n    image: alpine\n    environment: *env\n';
  const analysis = new Analysis(new MemoryWorkspace({ 'compose.yaml': text, '.env': 'X=1\n' }));
  assert.deepEqual(analysis.composeProject('compose.yaml')!.services.get('api')!.environment, { A: '1', B: '$X' });
});
