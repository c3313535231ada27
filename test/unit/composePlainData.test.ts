// The plain-data fast path of parseCompose (server/src/core/compose/plainData.ts) must give exactly what the general
// conversion gives: `doc.toJS()` after the collection-key check for the model's data, and `toMergeData` for the merged
// project's copy of it. Every corpus compose file, random edits of each (the re-parse test's edits: anchors, aliases,
// merge keys, tags, null keys, quotes …) and hand-written edge cases; values are compared with their key order.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { test } from 'node:test';
import { inspect } from 'node:util';
import type { Document } from 'yaml';
import { largeCompose } from '../../bench/generate';
import { seededRandom as random } from '../helpers';
import { Analysis } from '../../server/src/core/analysis';
import { checkFile } from '../../server/src/core/check';
import { toMergeData } from '../../server/src/core/compose/merge';
import { MAX_ALIAS_COUNT, parseCompose, type ComposeModel } from '../../server/src/core/compose/model';
import { copyPlain } from '../../server/src/core/compose/plainData';
import { collectionKey } from '../../server/src/core/limits';
import { MemoryWorkspace } from '../../server/src/core/workspace';
import { composeCorpusFiles, mutate } from './composeMutations';

const EDGE_CASES = [
  '', 'a', '~', '1: x', 'null: x', '~: a', ': a', 'true: 1', '1.0: x', '.nan: 1', '0x1f: a', '"<<": 1', '<<: {a: 1}', 'a:\n  <<: {b: 1}\n  c: 2',
  '__proto__: 1', 'a:\n  __proto__: {b: 1}', 'toString: 1', 'constructor: {a: 1}', 'a: 12345678901234567890', 'a: "12345678901234567890"',
  'a: 0x10', 'a: 1e400', 'a: -0', 'a: -.inf', 'a: 0o17', 'a: !!str 1', 'a: !reset 1', 'a: !override {b: 1}', 'a: &x 1\nb: *x', 'a: &x {c: 1}',
  '? [a]\n: 1', '? a\n: 1', 'a: {b: [1, {c: 2}]}', 'a: 1\na: 2', '10: a\n2: b\nx: c\n1: d', '[a: 1]', '- a\n- {b: c}', 'a: [b, [c, [d]]]',
  'a: |\n  x\n  y\n', 'a: >\n  x\n', "a: 'q'", 'a: "\\u00e9"', '!!map {a: 1}', '!!set {a, b}', '--- a\n', 'a: 1\n---\nb: 2\n', 'a: [1, 2',
  'services:\n  web:\n    image: x\n    ports: ["80:80"]\n    environment:\n      A: "1"\n      B:\n', nested(40), nested(80),
];

function nested(depth: number): string {
  return `${'a: {'.repeat(depth)}b: 1${'}'.repeat(depth)}`;
}

/** What the general path gives: no data when a key is a collection or the conversion throws. */
function convertedData(doc: Document): unknown {
  if (collectionKey(doc)) return undefined;
  try {
    return doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch {
    return undefined;
  }
}

/** Values with their key order, number signs and prototypes (deepStrictEqual ignores key order). */
const show = (value: unknown) => inspect(value, { depth: Infinity, maxArrayLength: Infinity, maxStringLength: Infinity, breakLength: Infinity });

function assertSameData(actual: unknown, expected: unknown, message: string): void {
  assert.deepStrictEqual(actual, expected, message);
  assert.equal(show(actual), show(expected), message);
}

/** Checks one text; returns whether the fast path took it. */
function checkText(text: string, name: string): boolean {
  const model = parseCompose(text);
  assertSameData(model.data, convertedData(model.doc), `${name}: data`);
  if (!model.dataIsMergeData) return false;
  assertSameData(copyPlain(model.data), toMergeData(model.doc), `${name}: merge data`);
  return true;
}

test('plain data equals toJS and the merge data: corpus files, their random edits, edge cases', () => {
  const inputs = [...composeCorpusFiles.map((f) => ({ name: f, text: fs.readFileSync(f, 'utf8') })), { name: 'generated', text: largeCompose(120) }];
  let plain = 0;
  let total = 0;
  const rnd = random(20);
  for (const { name, text } of inputs) {
    let edited = text;
    for (let i = 0; i < 25; i++) {
      total++;
      if (checkText(edited, `${name} after ${i} edits`)) plain++;
      edited = mutate(edited, rnd).text;
    }
  }
  for (const text of EDGE_CASES) total++, checkText(text, JSON.stringify(text)) && plain++;
  // Both paths must be exercised, the fast one on most real files.
  assert.ok(plain > total / 2 && plain < total, `${plain} of ${total} texts took the fast path`);
});

test('a full check leaves the model data as the document converts (the project copies it)', () => {
  const rnd = random(21);
  // The project writes into its data (valueless entries filled from `.env`, duplicates dropped): into a copy only.
  const writes = { name: 'valueless entries', text: 'services:\n  a:\n    image: x\n    environment:\n      - FOO\n    build:\n      context: .\n      args: [FOO]\n' };
  for (const { name, text } of [writes, ...composeCorpusFiles.map((f) => ({ name: f, text: fs.readFileSync(f, 'utf8') }))]) {
    const edited = name === writes.name || rnd() < 0.5 ? text : mutate(text, rnd).text;
    const analysis = new Analysis(new MemoryWorkspace({ 'compose.yaml': edited, '.env': 'FOO=1\n' }));
    checkFile('compose.yaml', analysis);
    const model = analysis.compose('compose.yaml') as ComposeModel;
    assertSameData(model.data, convertedData(model.doc), `${name}: data after the check`);
    if (model.dataIsMergeData) assertSameData(copyPlain(model.data), toMergeData(model.doc), `${name}: merge data after the check`);
  }
});
