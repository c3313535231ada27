import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { Analysis } from '../../server/src/core/analysis';
import { checkFile } from '../../server/src/core/check';
import { parseDockerfile } from '../../server/src/core/dockerfile/model';
import { needsTable } from '../../server/src/core/interpreted/needsTable';
import { planSplit } from '../../server/src/core/split';
import { analyzeProgramNeeds } from '../../server/src/core/split/interpreted';
import type { Program } from '../../server/src/core/split/programs';
import { verifySplitFile } from '../../server/src/core/split/verify';
import { dirName, fileKind, MemoryWorkspace } from '../../server/src/core/workspace';
import { readTree } from '../helpers';

/** The written answer for one Dockerfile of a corpus repository (see test/split-corpus/<repo>/ANSWER.md). */
interface Answer {
  dw101: boolean;
  /** Programs DW120 names as built but never shipped (absent: DW120 does not fire). */
  dw120?: string[];
  /** `{ refused: regex }`, `{ programs: [...] }`, or "todo" (the right answer is written but not reached yet). */
  split?: { refused: string } | { programs: string[] } | 'todo';
  /** Interpreted programs (by the command a service runs): the needs that can call for a system package, and whether the graph is complete. */
  interpretedNeeds?: Record<string, { system: string[]; complete: boolean }>;
  /** Regexes that each must match one of the plan's notes (what the plan must say). */
  notes?: string[];
}

const CORPUS = path.resolve(__dirname, '../split-corpus');
const repos = fs.readdirSync(CORPUS).filter((n) => n.includes('__') && fs.existsSync(path.join(CORPUS, n, 'answer.json')));
/**
 * The reduced copies (`<repo>/repo/`) are not committed (the fetch tool's terms): `test/split-corpus/collect.sh MIRRORS`
 * rebuilds them from mirrors of the public repositories; `.ci/run` does so where the mirrors exist.
 */
const hasCopy = (r: string) => fs.existsSync(path.join(CORPUS, r, 'repo'));
const missing = repos.filter((r) => !hasCopy(r));
if (missing.length) {
  console.warn(`split corpus: ${missing.length} of ${repos.length} reduced copies absent (${missing.join(', ')}); their tests are skipped. Build them with: bash test/split-corpus/collect.sh /work/.mirror`);
}

test('the split corpus holds at least 10 repositories, each with a pinned commit and a licence', () => {
  assert.ok(repos.length >= 10, `${repos.length} repositories`);
  for (const r of repos) {
    const answer = JSON.parse(fs.readFileSync(path.join(CORPUS, r, 'answer.json'), 'utf8'));
    assert.match(answer.commit, /^[0-9a-f]{40}$/, r);
    assert.equal(fs.readFileSync(path.join(CORPUS, r, 'COMMIT'), 'utf8').trim(), answer.commit, r);
    assert.ok(answer.license, r);
    // A licence file, or (for a package without one) the licence its package.json declares.
    const declared = () => /"license"\s*:\s*"[^"]+"/.test(fs.readFileSync(path.join(CORPUS, r, 'repo', 'package.json'), 'utf8'));
    if (hasCopy(r)) assert.ok(fs.readdirSync(path.join(CORPUS, r, 'repo')).some((f) => /^(LICEN[CS]E|COPYING)/.test(f)) || (/package\.json/.test(answer.license) && declared()), `${r}: licence file`);
  }
});

for (const repo of missing) test(`${repo}: every Dockerfile`, { skip: 'reduced copy absent: bash test/split-corpus/collect.sh /work/.mirror' }, () => {});

for (const repo of repos.filter(hasCopy)) {
  const answer = JSON.parse(fs.readFileSync(path.join(CORPUS, repo, 'answer.json'), 'utf8')) as { dockerfiles: Record<string, Answer> };
  const files = readTree(path.join(CORPUS, repo, 'repo'));
  const dockerfiles = Object.keys(files).filter((f) => fileKind(f) === 'dockerfile').sort();
  for (const file of dockerfiles) {
    const want: Answer = answer.dockerfiles[file] ?? { dw101: false };
    const todo = want.split === 'todo' ? 'the written answer is a split Dockwright does not reach yet' : undefined;
    test(`${repo}: ${file}`, { todo }, () => {
      const workspace = new MemoryWorkspace(files);
      const findings = checkFile(file, new Analysis(workspace, {}));
      const dw101 = findings.filter((f) => f.code === 'DW101');
      assert.equal(dw101.length, want.dw101 ? 1 : 0, `DW101: ${dw101.map((f) => f.message).join(' | ') || 'none'}`);
      const dw120 = findings.filter((f) => f.code === 'DW120');
      if (want.dw120) {
        assert.equal(dw120.length, 1, 'DW120 fires once');
        for (const p of want.dw120) assert.match(dw120[0].message, new RegExp(`\\b${p}\\b`));
      } else assert.equal(dw120.length, 0, `DW120: ${dw120.map((f) => f.message).join(' | ')}`);
      for (const [command, expected] of Object.entries(want.interpretedNeeds ?? {})) {
        const needs = analyzeProgramNeeds(workspace, parseDockerfile(files[file]), { command: command.split(' ') } as Program, dirName(file));
        assert.ok(needs, `${command}: analysed`);
        const table = needsTable();
        const system = [...needs.needs.keys()].filter((k) => {
          const [kind, name] = [k.slice(0, k.indexOf(':')), k.slice(k.indexOf(':') + 1)];
          if (kind === 'tool') return true;
          const e = (kind === 'npm' ? table.npm : table.pypi).get(name);
          return !!(e?.tools?.length || e?.apt?.length || e?.apk?.length);
        });
        assert.deepEqual(system.sort(), [...expected.system].sort(), `${command}: needs`);
        assert.equal(needs.incomplete.length === 0, expected.complete, `${command}: ${needs.incomplete.join('; ')}`);
      }
      const result = planSplit(workspace, file);
      if (want.split === undefined || want.split === 'todo') {
        if (!want.dw101) assert.ok(result.notMonolithReason, 'no DW101, so Split refuses');
        return;
      }
      if ('refused' in want.split) {
        assert.ok(result.notMonolithReason, `expected a refusal, got a split into ${result.programs.map((p) => p.name).join(', ')}`);
        assert.match(result.notMonolithReason, new RegExp(want.split.refused));
        assert.equal(result.plan.creates.length + result.plan.edits.length + result.plan.deletes.length, 0, 'a refusal writes nothing');
      } else {
        assert.equal(result.notMonolithReason, undefined);
        assert.deepEqual(result.programs.map((p) => p.name).sort(), [...want.split.programs].sort());
        for (const c of result.plan.creates) assert.deepEqual(verifySplitFile(c.content, result.programs.find((p) => p.dockerfile === c.path)!.name), [], c.path);
      }
      for (const note of want.notes ?? []) assert.ok(result.plan.notes.some((n) => new RegExp(note).test(n)), `no plan note matches /${note}/:\n${result.plan.notes.join('\n')}`);
    });
  }
}
