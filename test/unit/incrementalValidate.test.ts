// The language server's incremental dockerfile-utils validation (server/src/lsp/incrementalValidate.ts) must give
// exactly what validate() of the whole text gives: random edits (typing, deleting, line breaks, continuations,
// variables, heredocs, ONBUILD, escape directives, ignore comments) applied to every corpus Dockerfile, compared after
// every edit, with one cache kept across all files and edits (as the server keeps it).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { dockerfilesUnder, random } from '../helpers';
import { pristineDockerfileUtilsValidate } from '../../bench/pristine';

const validate = pristineDockerfileUtilsValidate();
import { Analysis } from '../../server/src/core/analysis';
import { checkFile } from '../../server/src/core/check';
import { setModelValidator } from '../../server/src/core/rules/dockerfile/dw0xx-syntax-validation';
import { MemoryWorkspace } from '../../server/src/core/workspace';
import { incrementalModelValidator, SpanCache, validateIncremental } from '../../server/src/lsp/incrementalValidate';

const ROOT = path.resolve(__dirname, '../..');

const SNIPPETS = [
  'a', 'x', ' ', '  ', '\n', '\n\n', ' \\\n', '\\', '`', '$', '${A}', '$HOME', '${B:-x}', '${C:+y}', '${D?}', '"', "'", '=', '#', '# comment\n',
  '\nRUN echo hi', '\nRUN ', '\nFROM alpine AS base\n', '\nFROM $BASE\n', '\nARG BASE=alpine\n', '\nENV A=1 B\n', '\nCMD ["a"]\n', "\nCMD ['a']\n",
  '\nENTRYPOINT x\n', '\nHEALTHCHECK --interval=3 CMD x\n', '\nEXPOSE 80/tcpx\n', '\nSTOPSIGNAL SIGKILL\n', '\nONBUILD RUN x\n', '\nONBUILD ONBUILD x\n',
  '\nCOPY a\n', '\nCOPY --from=base a b\n', '\nWORKDIR rel\n', '\nmaintainer me\n', '\nBOGUS x\n', '\nRUN <<EOF\necho\nEOF\n', '\nCOPY <<EOF /a\nx\nEOF\n',
  '\n# dockerfile-utils: ignore\n', '\nUSER\n', '\nLABEL a=\n', '\nSHELL x\n', '\nADD --chown=1 a b\n', ' AS Bad!', ' --platform=x',
];

function mutate(text: string, rnd: () => number): string {
  const pick = <T>(xs: T[]) => xs[Math.floor(rnd() * xs.length)];
  const at = Math.floor(rnd() * (text.length + 1));
  const r = rnd();
  if (r < 0.45) return text.slice(0, at) + pick(SNIPPETS) + text.slice(at);
  if (r < 0.75) return text.slice(0, at) + text.slice(Math.min(text.length, at + 1 + Math.floor(rnd() * 12)));
  if (r < 0.85) {
    // Duplicate or drop a whole line.
    const lines = text.split('\n');
    const i = Math.floor(rnd() * lines.length);
    if (rnd() < 0.5) lines.splice(i, 0, lines[i]);
    else lines.splice(i, 1);
    return lines.join('\n');
  }
  if (r < 0.9) return `${pick(['# escape=`\n', '# escape=\\\n', '# ESCAPE=`\n', '# escape=x\n', '#syntax=docker/dockerfile:1\n'])}${text}`;
  // Typing a word at one place, as the bench does.
  return text.slice(0, at) + pick(['_c1abc', 'defghij', 'mkdir', ' -p /x']) + text.slice(at);
}

const files = [...dockerfilesUnder(path.join(ROOT, 'bench/corpus/dockerfiles')), ...dockerfilesUnder(path.join(ROOT, 'test/ecosystem/corpus'))];

test('incremental validation equals validate() after every random edit of every corpus Dockerfile', () => {
  assert.ok(files.length >= 100, `corpus Dockerfiles found: ${files.length}`);
  const cache = new SpanCache(5_000);
  let compared = 0;
  for (const [n, file] of files.entries()) {
    const rnd = random(n + 1);
    let text = fs.readFileSync(file, 'utf8');
    for (let i = 0; i < 8; i++) {
      const expected = validate(text);
      const actual = validateIncremental(text, cache);
      assert.deepEqual(actual, expected, `${path.relative(ROOT, file)} after ${i} edits:\n${text}`);
      compared++;
      text = mutate(text, rnd);
    }
  }
  assert.ok(cache.hits > compared, `the cache is used (${cache.hits} hits, ${cache.misses} misses)`);
});

test('the checks of a long-lived analysis with the incremental validator equal a fresh full check after every edit', () => {
  const workspace = new MemoryWorkspace({});
  const live = new Analysis(workspace, {});
  const sample = files.filter((_, i) => i % 8 === 0);
  const incremental = incrementalModelValidator(new SpanCache());
  setModelValidator(incremental);
  try {
    for (const [n, file] of sample.entries()) {
      const rnd = random(1000 + n);
      let text = fs.readFileSync(file, 'utf8');
      for (let i = 0; i < 4; i++) {
        workspace.set('Dockerfile', text);
        const actual = checkFile('Dockerfile', live);
        setModelValidator(undefined);
        const expected = checkFile('Dockerfile', new Analysis(new MemoryWorkspace({ Dockerfile: text }), {}));
        setModelValidator(incremental);
        assert.deepEqual(actual, expected, `${path.relative(ROOT, file)} after ${i} edits`);
        text = mutate(text, rnd);
      }
    }
  } finally {
    setModelValidator(undefined);
  }
});
