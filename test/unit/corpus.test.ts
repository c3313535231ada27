import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { Analysis } from '../../server/src/core/analysis';
import { checkFile } from '../../server/src/core/check';
import { fileKind, MemoryWorkspace } from '../../server/src/core/workspace';

// Every real Dockerfile and compose file of the benchmark corpus (bench/corpus) goes through the full
// check without a rule throwing, and is recognised as the kind of file it is.
const corpus = join(__dirname, '..', '..', 'bench', 'corpus');

for (const [folder, kind] of [
  ['dockerfiles', 'dockerfile'],
  ['compose', 'compose'],
] as const) {
  const names = readdirSync(join(corpus, folder)).sort();

  test(`corpus: ${folder} is not empty and every file is detected as ${kind}`, () => {
    assert.ok(names.length >= 50, `only ${names.length} files in bench/corpus/${folder}`);
    assert.deepEqual(
      names.filter((n) => fileKind(n) !== kind),
      [],
    );
  });

  test(`corpus: every file in ${folder} is checked without a rule throwing`, () => {
    const failures: string[] = [];
    for (const name of names) {
      const text = readFileSync(join(corpus, folder, name), 'utf8');
      const analysis = new Analysis(new MemoryWorkspace({ [name]: text }));
      try {
        const findings = checkFile(name, analysis, { onRuleError: (code, _file, error) => failures.push(`${name}: rule ${code}: ${(error as Error)?.stack ?? error}`) });
        for (const f of findings) assert.ok(f.range.start.line >= 0 && f.range.end.line >= f.range.start.line, `${name}: bad range for ${f.code}`);
      } catch (error) {
        failures.push(`${name}: checkFile threw: ${(error as Error)?.stack ?? error}`);
      }
      if (kind === 'dockerfile') assert.ok(analysis.dockerfile(name), `${name}: no Dockerfile model`);
    }
    assert.deepEqual(failures, []);
  });
}
