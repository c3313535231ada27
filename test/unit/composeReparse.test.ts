// The incremental compose re-parse (server/src/core/compose/reparse.ts: one block parsed and spliced into the previous
// yaml Document) must give exactly what a fresh parseCompose gives: random edits (typing, deleting, line breaks,
// indentation, list items, `:`, quotes, anchors/aliases/merge keys, tags, `${VAR}`, comments, document markers)
// applied to every corpus compose file, with the model (services, ranges, data, errors, the whole yaml node tree with
// its offsets) and a long-lived Analysis's findings and language features compared with fresh ones after every edit.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { isAlias, isCollection, isPair, isScalar } from 'yaml';
import { largeCompose } from '../../bench/generate';
import { seededRandom as random } from '../helpers';
import { Analysis } from '../../server/src/core/analysis';
import { checkFile } from '../../server/src/core/check';
import { composeCompletions, composeHover } from '../../server/src/core/compose/assist';
import { composeDefinition, composeLinks, composeOutline, composeReferences, namesIn } from '../../server/src/core/compose/language';
import { parseCompose, type ComposeModel } from '../../server/src/core/compose/model';
import { spliceCompose } from '../../server/src/core/compose/reparse';
import { MemoryWorkspace } from '../../server/src/core/workspace';
import { composeCorpusFiles as files, mutate, type EditKind } from './composeMutations';

const ROOT = path.resolve(__dirname, '../..');

/** Asserts two descriptions are equal, showing where they first differ (they are long). */
function assertSame(actual: string, expected: string, message: string): void {
  if (actual === expected) return;
  let i = 0;
  while (actual[i] === expected[i]) i++;
  const at = (s: string) => s.slice(Math.max(0, i - 300), i + 200);
  assert.fail(`${message}\nfirst difference at ${i}:\nactual:   ${at(actual)}\nexpected: ${at(expected)}`);
}

/** Everything a consumer can read of a model, yaml nodes as their whole subtree with offsets (no toJSON). */
function describe(model: ComposeModel): string {
  const seen = new Map<unknown, number>();
  const open = new Set<unknown>();
  const walk = (x: unknown): unknown => {
    if (x === null || typeof x !== 'object') return typeof x === 'symbol' ? String(x) : x;
    if (isScalar(x)) return { scalar: x.value === null || typeof x.value !== 'object' ? (typeof x.value === 'symbol' ? String(x.value) : x.value) : String(x.value), type: x.type, range: x.range, anchor: x.anchor, tag: x.tag, source: (x as { source?: unknown }).source };
    if (isAlias(x)) return { alias: x.source, range: x.range };
    if (isPair(x)) return { key: walk(x.key), value: walk(x.value) };
    if (isCollection(x)) {
      // Collections are described once; later references by their first index (services share their nodes).
      const id = seen.get(x);
      if (id !== undefined) return { ref: id, range: x.range };
      seen.set(x, seen.size);
      return { collection: x.constructor.name, flow: x.flow, range: x.range, anchor: x.anchor, tag: x.tag, items: (x.items as unknown[]).map(walk) };
    }
    // Plain data can be cyclic (an alias to its own ancestor): cycles are marked, not followed.
    if (open.has(x)) return '[cycle]';
    open.add(x);
    try {
      if (x instanceof Map) return [...x.entries()].map(([k, v]) => [k, walk(v)]);
      if (Array.isArray(x)) return x.map(walk);
      return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, walk(v)]));
    } finally {
      open.delete(x);
    }
  };
  // dataIsMergeData only lets the project copy the data instead of converting the nodes; a spliced model leaves it unset
  // (always correct), composePlainData.test.ts checks it where it is set.
  const { text, lines, doc, dataIsMergeData: _hint, ...rest } = model;
  return JSON.stringify({ text, lineCount: lines.lineCount, docRange: doc.range, contents: walk(doc.contents), rest: walk(rest) });
}

test('the spliced model equals a fresh parseCompose after every random edit of every corpus compose file', (t) => {
  assert.ok(files.length >= 100, `corpus compose files found: ${files.length}`);
  const inputs = [...files.map((f) => ({ name: path.relative(ROOT, f), text: fs.readFileSync(f, 'utf8') })), { name: 'generated 500-service file', text: largeCompose(500) }];
  const count = { splice: 0, fallback: 0, typeSplice: 0, typeFallback: 0 };
  for (const [n, { name, text: original }] of inputs.entries()) {
    const rnd = random(n + 1);
    let text = original;
    let model = parseCompose(text);
    for (let i = 0; i < 40; i++) {
      const edit = i % 10 === 9 ? { text: original, kind: 'other' as EditKind } : mutate(text, rnd);
      if (edit.text === text) continue;
      const cleanBefore = model.syntaxErrors.length === 0;
      text = edit.text;
      const spliced = spliceCompose(model, text);
      if (spliced) count.splice++;
      else count.fallback++;
      if (edit.kind === 'type' && cleanBefore) spliced ? count.typeSplice++ : count.typeFallback++;
      model = spliced ?? parseCompose(text);
      assertSame(describe(model), describe(parseCompose(text)), `${name} after edit ${i} (${spliced ? 'spliced' : 'full parse'})`);
    }
  }
  t.diagnostic(`edits: ${JSON.stringify(count)}`);
  assert.ok(count.splice > 1000, `splices: ${JSON.stringify(count)}`);
  assert.ok(count.typeSplice > 3 * count.typeFallback, `typing in values is spliced: ${JSON.stringify(count)}`);
});

test('typing into a service value of the bench file is spliced, with the same model', () => {
  let text = largeCompose(500);
  let model = parseCompose(text);
  const line = text.split('\n').findIndex((l, i) => i > 250 && l.includes('LOG_LEVEL'));
  for (const word of ['d', 'de', 'deb', 'debu', 'debug', 'debug ', 'debug x', 'debug ']) {
    const lines = text.split('\n');
    lines[line] = `      LOG_LEVEL: info ${word}`;
    text = lines.join('\n');
    const spliced = spliceCompose(model, text);
    assert.ok(spliced, `typing "${word}" was not spliced`);
    model = spliced;
    assertSame(describe(model), describe(parseCompose(text)), word);
  }
});

test('a long-lived analysis gives the findings and language features of a fresh one after every edit', (t) => {
  const workspace = new MemoryWorkspace({});
  const live = new Analysis(workspace, {});
  const fail = (code: string, _file: string, error: unknown) => {
    throw new Error(`rule ${code} threw: ${(error as Error)?.stack ?? error}`);
  };
  const features = (analysis: Analysis, file: string, text: string, at: number) => {
    const model = analysis.compose(file);
    const lines = model?.lines;
    const position = lines ? lines.positionAt(at) : { line: 0, character: 0 };
    return JSON.stringify({
      findings: checkFile(file, analysis, { onRuleError: fail }),
      outline: model && composeOutline(model),
      names: model && namesIn(model).map((n) => ({ ...n, node: undefined })),
      links: composeLinks(analysis, file),
      completions: composeCompletions(analysis, file, text, position),
      hover: composeHover(analysis, file, text, position),
      definition: composeDefinition(analysis, file, position),
      references: composeReferences(analysis, file, position),
    });
  };
  let compared = 0;
  let spliced = 0;
  for (const [n, file] of files.entries()) {
    const rnd = random(5000 + n);
    let previousDoc: unknown;
    const name = 'compose.yaml';
    let text = fs.readFileSync(file, 'utf8');
    for (let i = 0; i < 12; i++) {
      workspace.set(name, text);
      const at = Math.floor(rnd() * (text.length + 1));
      const actual = features(live, name, text, at);
      // A spliced model keeps the previous model's yaml Document.
      if (live.compose(name)?.doc === previousDoc) spliced++;
      previousDoc = live.compose(name)?.doc;
      const expected = features(new Analysis(new MemoryWorkspace({ [name]: text }), {}), name, text, at);
      assertSame(actual, expected, `${path.relative(ROOT, file)} after ${i} edits`);
      compared++;
      text = mutate(text, rnd).text;
    }
  }
  t.diagnostic(`texts compared: ${compared}, spliced: ${spliced}`);
  assert.ok(compared >= 1000, `texts compared: ${compared}`);
  assert.ok(spliced >= 200, `the live analysis splices: ${spliced} of ${compared}`);
});
