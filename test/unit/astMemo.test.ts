// server/src/core/dockerfile/astMemo.ts memoises dockerfile-ast's per-instruction argument lists on the prototype.
// A published, unpatched copy of dockerfile-utils/dockerfile-ast (bench/pristine.ts) must give exactly the same
// validate() diagnostics and the same arguments, flags, variables and heredocs, on every corpus Dockerfile and after
// random edits of each.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { dockerfilesUnder } from '../helpers';
import { DockerfileParser, type Instruction } from 'dockerfile-ast';
import { validate } from 'dockerfile-utils';
import { pristineDockerfileUtilsValidate, pristineDockerfileAst } from '../../bench/pristine';
import { AST_MEMO_INSTALLED } from '../../server/src/core/dockerfile/astMemo';

const ROOT = path.resolve(__dirname, '../..');

const EDITS = ['\nRUN echo $A ${B:-x} \\\n  && y', '\nCOPY <<EOF /a\nx $Y\nEOF\n', '\nENV A=1 B="2 3"\n', ' --mount=type=cache,target=/x', '\\\n', '"', '\nONBUILD RUN $X\n'];

type AnyInstruction = Omit<Instruction, 'getRawArguments'> & {
  getRawArguments(): ReturnType<Instruction['getArguments']>; getFlags?: () => { toString(): string }[]; getHeredocs?: () => { getName(): string; getStartRange(): unknown; getContentRange(): unknown; getDelimiterRange(): unknown }[] };

function describe(instructions: AnyInstruction[]): string {
  type Arg = ReturnType<Instruction['getArguments']>[number];
  return JSON.stringify(
    instructions.map((i) => ({
      keyword: i.getKeyword(),
      range: i.getRange(),
      raw: i.getRawArguments().map((a: Arg) => [a.getValue(), a.getRange()]),
      args: i.getArguments().map((a) => [a.getValue(), a.getRange()]),
      // twice: a memo must not hand out an array a caller can shorten (ModifiableInstruction shifts flags off it)
      again: i.getArguments().map((a) => a.getValue()),
      variables: i.getVariables().map((v) => [v.getName(), v.getNameRange(), v.getModifier(), v.getSubstitutionParameter()]),
      flags: i.getFlags?.().map((f) => f.toString()),
      heredocs: i.getHeredocs?.().map((h) => [h.getName(), h.getStartRange(), h.getContentRange(), h.getDelimiterRange()]),
      text: i.toString(),
    })),
  );
}

test('memoised dockerfile-ast gives what the published library gives, on every corpus Dockerfile and edits of it', () => {
  assert.equal(AST_MEMO_INSTALLED, true);
  const pristineValidate = pristineDockerfileUtilsValidate();
  const pristineParse = pristineDockerfileAst().DockerfileParser;
  assert.notEqual(pristineParse, DockerfileParser, 'the pristine copy must be a separate module instance');
  const files = [...dockerfilesUnder(path.join(ROOT, 'bench/corpus/dockerfiles')), ...dockerfilesUnder(path.join(ROOT, 'test/ecosystem/corpus'))];
  assert.ok(files.length >= 100, `corpus Dockerfiles found: ${files.length}`);
  let compared = 0;
  for (const [n, file] of files.entries()) {
    const original = fs.readFileSync(file, 'utf8');
    for (const text of [original, ...EDITS.map((e, k) => { const at = Math.floor(((n * 7919 + k * 104729) % 1000) / 1000 * original.length); return original.slice(0, at) + e + original.slice(at); })]) {
      assert.deepEqual(validate(text), pristineValidate(text), `${path.relative(ROOT, file)}:\n${text}`);
      const ourFile = DockerfileParser.parse(text);
      const theirFile = pristineParse.parse(text);
      const froms = (f: typeof ourFile) => JSON.stringify(f.getInstructions().map((i) => f.getContainingImage(i.getRange().start)?.getFROMs().map((x) => x.getRange())).concat([f.getFROMs().map((x) => x.getRange())]));
      assert.equal(froms(ourFile), froms(theirFile));
      const ours = ourFile.getInstructions() as unknown as AnyInstruction[];
      const theirs = theirFile.getInstructions() as unknown as AnyInstruction[];
      const triggers = (xs: AnyInstruction[]) => xs.flatMap((i) => ('getTriggerInstruction' in i ? [(i as unknown as { getTriggerInstruction(): AnyInstruction | null }).getTriggerInstruction()].filter((t): t is AnyInstruction => !!t) : []));
      assert.equal(describe([...ours, ...triggers(ours)]), describe([...theirs, ...triggers(theirs)]), path.relative(ROOT, file));
      compared++;
    }
  }
  assert.ok(compared >= 800, `texts compared: ${compared}`);
});
