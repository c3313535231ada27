// Instruction-level re-parse (server/src/core/dockerfile/reparse.ts) must give what a fresh parse gives: random
// keystroke-like edits (typing, deleting, line breaks, continuation backslashes, heredoc markers, quotes, variables,
// keyword changes, escape directives) applied to every corpus Dockerfile; after every edit the spliced model equals
// parseDockerfile() on everything rules read, including the dockerfile-ast answers, and the findings of a long-lived
// Analysis (which re-parses through the splice) equal a fresh full check, byte for byte.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import type { Instruction } from 'dockerfile-ast';
import { dockerfilesUnder, seededRandom as random } from '../helpers';
import { Analysis } from '../../server/src/core/analysis';
import { checkFile } from '../../server/src/core/check';
import { parseDockerfile, type DockerfileModel, type Instr, type Stage } from '../../server/src/core/dockerfile/model';
import { reparseDockerfile, reparseStats, spliceDockerfile } from '../../server/src/core/dockerfile/reparse';
import { setModelValidator } from '../../server/src/core/rules/dockerfile/dw0xx-syntax-validation';
import { MemoryWorkspace } from '../../server/src/core/workspace';
import { incrementalModelValidator, SpanCache, validateIncremental } from '../../server/src/lsp/incrementalValidate';
import { pristineDockerfileUtilsValidate } from '../../bench/pristine';

const validate = pristineDockerfileUtilsValidate();

const ROOT = path.resolve(__dirname, '../..');
const files = [...dockerfilesUnder(path.join(ROOT, 'bench/corpus/dockerfiles')), ...dockerfilesUnder(path.join(ROOT, 'test/ecosystem/corpus'))];

const CHARS = ['a', 'x', 'Z', '0', ' ', '\t', '\\', '`', '$', '"', "'", '=', '#', '{', '}', '[', ']', ',', '-', '<', '&', ';', '|', '\n', '\r\n'];
const SNIPPETS = [
  '<<EOF', '<<-EOT', ' <<EOF\necho\nEOF', '$VAR', '${A:-x}', '${B:+y}', '$HOME', ' \\', ' \\\n', '\\\n', '\\\n\n', ' #', '\n# c\n',
  '--mount=type=cache,target=/x ', '--from=base ', '--chown=1:1 ', 'apt-get install -y curl', ' && apk add --no-cache git',
  'pip install flask', '"a b"', "'c d'", '["a", "b"]', "['a']", ' AS stage', '\n# escape=`\n', '# dockerfile-utils: ignore\n',
];
const KEYWORDS = ['RUN', 'COPY', 'LABEL', 'ENV', 'ARG', 'FROM', 'ONBUILD', 'CMD', 'EXPOSE', 'ADD', 'WORKDIR', 'USER', 'run', 'Copy', 'BOGUS', 'MAINTAINER', 'HEALTHCHECK'];

/** Offset of a random position, mostly inside an instruction's first line (where editors type). */
function position(text: string, rnd: () => number): number {
  if (rnd() < 0.3) return Math.floor(rnd() * (text.length + 1));
  const lines = text.split('\n');
  const candidates = lines.map((l, i) => [l, i] as const).filter(([l]) => /^\s*[A-Za-z]/.test(l));
  if (!candidates.length) return Math.floor(rnd() * (text.length + 1));
  const [line, i] = candidates[Math.floor(rnd() * candidates.length)];
  let offset = 0;
  for (let k = 0; k < i; k++) offset += lines[k].length + 1;
  return offset + Math.floor(rnd() * (line.length + 1));
}

/** The next texts of an editing session: one keystroke-like change each (a typed word gives several). */
function edits(text: string, rnd: () => number): string[] {
  const pick = <T>(xs: T[]) => xs[Math.floor(rnd() * xs.length)];
  const at = position(text, rnd);
  const r = rnd();
  if (r < 0.3) {
    // Typing a word one character per change.
    const word = pick(['_c1abc', 'mkdir -p', '$X', '"q"', 'x\\y']);
    const out: string[] = [];
    for (let n = 1; n <= word.length; n++) out.push(text.slice(0, at) + word.slice(0, n) + text.slice(at));
    return out;
  }
  if (r < 0.5) return [text.slice(0, at) + pick(CHARS) + text.slice(at)];
  if (r < 0.62) return [text.slice(0, at) + pick(SNIPPETS) + text.slice(at)];
  if (r < 0.8) return [text.slice(0, at) + text.slice(Math.min(text.length, at + 1 + Math.floor(rnd() * (rnd() < 0.7 ? 2 : 12))))];
  if (r < 0.9) {
    // Change an instruction's keyword.
    const m = /^(\s*)([A-Za-z]+)/.exec(text.slice(text.lastIndexOf('\n', at - 1) + 1));
    if (!m) return [text];
    const start = text.lastIndexOf('\n', at - 1) + 1 + m[1].length;
    return [text.slice(0, start) + pick(KEYWORDS) + text.slice(start + m[2].length)];
  }
  if (r < 0.95) return [`${pick(['# escape=`\n', '# escape=\\\n', '#syntax=docker/dockerfile:1\n', '\n'])}${text}`];
  // Replace a character (a selection typed over).
  return [text.slice(0, at) + pick(CHARS) + text.slice(at + 1)];
}

/** What the rules and validators read of a model, as plain data (stages, instructions and nodes by position). */
function project(model: DockerfileModel): unknown {
  const line = (i: Instr | undefined) => i?.range.start.line;
  const instr = (i: Instr) => ({ keyword: i.keyword, range: i.range, argsRange: i.argsRange, argsText: i.argsText, flags: i.flags });
  const stageIndex = (s: Stage | undefined) => s?.index;
  const ast = model.ast;
  const node = (n: Instruction) => {
    const any = n as any;
    return {
      keyword: n.getKeyword(),
      instruction: n.getInstruction(),
      range: n.getRange(),
      instructionRange: n.getInstructionRange(),
      text: n.getTextContent(),
      raw: n.getRawArgumentsContent(),
      argumentsRange: n.getArgumentsRange(),
      argumentsRanges: n.getArgumentsRanges(),
      args: n.getArguments().map((a) => [a.getValue(), a.getRange()]),
      expanded: n.getExpandedArguments().map((a) => [a.getValue(), a.getRange()]),
      variables: n.getVariables().map((v) => [v.getName(), v.getNameRange(), v.getRange(), v.isDefined(), v.isBuildVariable(), v.getModifier(), v.toString()]),
      flags: typeof any.getFlags === 'function' ? any.getFlags().map((f: any) => [f.getName(), f.getValue(), f.getRange(), f.getValueRange()]) : null,
      properties: typeof any.getProperties === 'function' ? any.getProperties().map((p: any) => [p.getName(), p.getValue(), p.getRange()]) : null,
      heredocs: any.getHeredocs().map((h: any) => [h.getName(), h.getStartRange(), h.getNameRange(), h.getContentRange(), h.getDelimiterRange()]),
      image: ast.getContainingImage(n.getRange().start)?.getRange(),
      // dockerfile-ast recurses without end for a line outside every stage: compare that it throws, too.
      available: answer(() => ast.getAvailableVariables(n.getRange().start.line)),
    };
  };
  return {
    text: model.text,
    lineCount: model.lines.lineCount,
    escapeChar: model.escapeChar,
    windowsEscape: model.windowsEscape,
    globalArgs: [...model.globalArgs],
    globalVars: model.globalVars.map((v) => ({ ...v, instr: line(v.instr) })),
    preamble: model.preamble.map(instr),
    finalStage: stageIndex(model.finalStage),
    stages: model.stages.map((s) => ({
      index: s.index,
      name: s.name,
      nameRange: s.nameRange,
      from: instr(s.from),
      image: s.image,
      platform: s.platform,
      parent: stageIndex(s.parent),
      distro: s.distro,
      instructions: s.instructions.map(instr),
      runs: s.runs.map((r) => ({ ...r, instr: line(r.instr), stage: stageIndex(r.stage) })),
      installs: s.installs.map((p) => ({ ...p, run: line(p.run.instr), command: p.run.commands.indexOf(p.command) })),
      copies: s.copies.map((c) => ({ ...c, instr: line(c.instr), stage: stageIndex(c.stage), fromStage: stageIndex(c.fromStage) })),
      vars: s.vars.map((v) => ({ ...v, instr: line(v.instr) })),
      copiedBy: s.copiedBy.map((c) => [stageIndex(c.stage), line(c.instr)]),
      children: s.children.map(stageIndex),
    })),
    ast: {
      escape: ast.getEscapeCharacter(),
      range: ast.getRange(),
      directives: ast.getDirectives().map((d) => [d.getDirective(), d.getName(), d.getValue(), d.getRange(), d.getNameRange(), d.getValueRange()]),
      comments: ast.getComments().map((c) => [c.getRange(), c.getContent()]),
      instructions: ast.getInstructions().map(node),
      froms: ast.getFROMs().map((f) => [f.getRange(), f.getImage(), f.getBuildStage()]),
      initialArgs: ast.getInitialARGs().map((a) => a.getRange()),
      triggers: ast.getOnbuildTriggers().map((t) => [t.getKeyword(), t.getRange(), t.getArguments().map((a) => a.getValue())]),
      templates: (ast as any).buildStages.map((t: any) => [t.getRange(), t.getComments().map((c: any) => c.getRange()), t.getInstructions().length]),
      initial: [(ast as any).initialInstructions.getRange(), (ast as any).initialInstructions.getComments().map((c: any) => c.getRange())],
    },
  };
}

function answer<T>(fn: () => T): T | string {
  try {
    return fn();
  } catch (e) {
    return `throws ${(e as Error).name}`;
  }
}

function checkJson(analysis: Analysis): string {
  return JSON.stringify(checkFile('Dockerfile', analysis));
}

test('a long-lived analysis re-parsing by splice equals a fresh full parse and check after every random edit of every corpus Dockerfile', () => {
  assert.ok(files.length >= 100, `corpus Dockerfiles found: ${files.length}`);
  const before = { ...reparseStats };
  const workspace = new MemoryWorkspace({});
  const live = new Analysis(workspace, {});
  const incremental = incrementalModelValidator(new SpanCache());
  // The incremental validator on the spliced parses (its per-node results are reused for the nodes a splice keeps).
  const spans = new SpanCache();
  let compared = 0;
  try {
    for (const [n, file] of files.entries()) {
      const rnd = random(n + 1);
      // Half the files through the language server's incremental validator, half through validate() on the model's parse.
      const validator = n % 2 === 0 ? incremental : undefined;
      let text = fs.readFileSync(file, 'utf8');
      let model = parseDockerfile(text);
      workspace.set('Dockerfile', text);
      checkFile('Dockerfile', live);
      for (let step = 0; step < 8; ) {
        for (const next of edits(text, rnd)) {
          const where = `${path.relative(ROOT, file)} after ${step} edits:\n${next}`;
          model = reparseDockerfile(model, next);
          assert.deepEqual(project(model), project(parseDockerfile(next)), where);
          assert.deepEqual(validateIncremental(next, spans, model.ast), validate(next), where);
          workspace.set('Dockerfile', next);
          setModelValidator(validator);
          const actual = checkJson(live);
          setModelValidator(undefined);
          const expected = checkJson(new Analysis(new MemoryWorkspace({ Dockerfile: next }), {}));
          assert.equal(actual, expected, where);
          text = next;
          step++;
          compared++;
        }
      }
      live.forget('Dockerfile');
    }
  } finally {
    setModelValidator(undefined);
  }
  const spliced = reparseStats.spliced - before.spliced;
  const full = reparseStats.full - before.full;
  console.log(`reparse: ${compared} edits compared; spliced ${spliced}, full parse ${full}; validation reused for ${spans.nodeHits} nodes`);
  assert.ok(spans.nodeHits > compared, `validation results of kept nodes are reused (${spans.nodeHits})`);
  assert.ok(spliced > compared / 4, `the splice is taken for a good share of the edits (${spliced} of ${spliced + full})`);
});

test('typing inside RUN, COPY and LABEL lines takes the splice path', () => {
  let typed = 0;
  for (const file of files) {
    const text = fs.readFileSync(file, 'utf8');
    const model = parseDockerfile(text);
    if (model.stages.some((s) => s.runs.some((r) => r.parseLimit === 'file-budget'))) continue;
    const nodes = model.ast.getInstructions();
    for (const [i, node] of nodes.entries()) {
      if (i === 0 || !['RUN', 'COPY', 'LABEL'].includes(node.getKeyword())) continue;
      const first = node.getRange().start.line;
      const next = i + 1 < nodes.length ? nodes[i + 1].getRange().start.line : model.lines.lineCount;
      const span = text.slice(model.lines.offsetAt({ line: first, character: 0 }), next < model.lines.lineCount ? model.lines.offsetAt({ line: next, character: 0 }) : text.length);
      if (span.includes('<<')) continue;
      // Type a letter right after the keyword and its space.
      const at = model.lines.offsetAt(node.getInstructionRange().end) + 1;
      const edited = text.slice(0, at) + 'x' + text.slice(at);
      const spliced = spliceDockerfile(model, edited);
      assert.ok(spliced, `${path.relative(ROOT, file)}: typing in line ${first + 1} (${node.getKeyword()}) is spliced`);
      // The random-edit test above compares every kind of edit; here a few per file (the projection is quadratic).
      if (i % 7 === 1) assert.deepEqual(project(spliced), project(parseDockerfile(edited)), `${path.relative(ROOT, file)} line ${first + 1}`);
      typed++;
    }
  }
  assert.ok(typed > 500, `typed in ${typed} instructions`);
});

test('the per-file shell budget: splices and full parses agree on which RUNs are analysed when edits cross the budget', () => {
  // 21 RUNs of about 400 shell elements each: the file sits at the 8,000-element budget, so adding or removing a few
  // words in one RUN decides whether the last RUN is analysed (or, when the budget was already exceeded, which one).
  const run = (n: number) => `RUN echo${' a'.repeat(n)}`;
  const lines = ['FROM alpine', ...Array.from({ length: 21 }, (_, i) => run(i === 20 ? 337 : 378)), 'LABEL x=y'];
  let text = lines.join('\n') + '\n';
  let model = parseDockerfile(text);
  const rnd = random(7);
  const before = { ...reparseStats };
  for (let step = 0; step < 60; step++) {
    // Add or remove two words at the end of a random RUN line (one change each).
    const lineNo = 1 + Math.floor(rnd() * 21);
    const all = text.split('\n');
    const offset = all.slice(0, lineNo).reduce((n, l) => n + l.length + 1, 0) + all[lineNo].length;
    const next = rnd() < 0.5 ? text.slice(0, offset) + ' b b' : text.slice(0, offset - 4);
    text = next + text.slice(offset);
    model = reparseDockerfile(model, text);
    assert.deepEqual(project(model), project(parseDockerfile(text)), `after ${step} edits:\n${text}`);
  }
  const limited = model.stages[0].runs.filter((r) => r.parseLimit === 'file-budget').length;
  assert.ok(reparseStats.spliced > before.spliced && reparseStats.full > before.full, `both paths taken (${reparseStats.spliced - before.spliced} spliced, ${reparseStats.full - before.full} full; ${limited} RUNs over budget at the end)`);
});
