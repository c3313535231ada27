import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { Analysis } from '../../server/src/core/analysis';
import { allRules } from '../../server/src/core/catalogue';
import { mayBuildPrograms } from '../../server/src/core/dockerfile/buildCommands';
import { monolithInfo, setSplitPrecondition } from '../../server/src/core/split/detect';
import { notMonolith } from '../../server/src/core/split/index';
import { discoverPrograms } from '../../server/src/core/split/programs';
import { servicesBuilding, indexComposeBuilds } from '../../server/src/core/split/services';
import { MemoryWorkspace } from '../../server/src/core/workspace';
import { FsWorkspace } from '../../server/src/node/fsWorkspace';

// monolithInfo skips program discovery when no RUN command names a go tool, cargo or make and fewer than two compose
// services build the Dockerfile. Then discovery must find no program and no go build, so that no DW10x rule can report:
// checked against the plain computation on every corpus Dockerfile, alone and inside its repository (with compose).

const ROOT = join(__dirname, '..', '..');
const DW10X = allRules.filter((r) => ['DW101', 'DW102', 'DW103', 'DW120'].includes(r.code));

function dockerfilesUnder(dir: string, out: string[] = []): string[] {
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === '.git') continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) dockerfilesUnder(p, out);
    else if (/dockerfile|containerfile/i.test(name)) out.push(p);
  }
  return out;
}

/** The plain computation monolithInfo skips: must find no program and no go build, with a reason not to split. */
function assertNothingToFind(analysis: Analysis, path: string, where: string): void {
  const model = analysis.dockerfile(path)!;
  const composeFiles = analysis.filesOfKind('compose');
  const index = indexComposeBuilds(analysis.workspace, composeFiles, (f) => analysis.compose(f));
  const { services } = servicesBuilding(analysis.workspace, composeFiles, path, index);
  assert.ok(services.length < 2, where);
  assert.equal(mayBuildPrograms(model), false, where);
  const discovery = discoverPrograms(analysis.workspace, path, model, services, analysis.config);
  assert.deepEqual(discovery.programs, [], where);
  assert.deepEqual(discovery.builds.filter((b) => b.tool !== 'npm'), [], where);
  assert.ok(notMonolith(discovery, services, analysis.workspace), where);
}

/** What the DW10x rules report (the only users of monolithInfo). */
function dw10x(analysis: Analysis, path: string): string {
  const model = analysis.dockerfile(path);
  return JSON.stringify(model && DW10X.map((rule) => (rule.target === 'dockerfile' ? rule.check({ file: path, model, analysis }) : [])));
}

test('split precondition: a Dockerfile alone (bench corpus, examples, fixtures) gets what the plain computation gives', () => {
  const files = ['bench/corpus/dockerfiles', 'examples', 'test/fixtures', 'test/ecosystem/corpus', 'test/split-corpus'].flatMap((d) => dockerfilesUnder(join(ROOT, d)));
  assert.ok(files.length > 150);
  let skipped = 0;
  let kept = 0;
  const differ: string[] = [];
  try {
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      const fresh = () => new Analysis(new MemoryWorkspace({ Dockerfile: text }));
      setSplitPrecondition(true);
      const analysis = fresh();
      const model = analysis.dockerfile('Dockerfile');
      if (!model) continue;
      if (monolithInfo(analysis, 'Dockerfile', model) === undefined) {
        skipped++;
        assertNothingToFind(analysis, 'Dockerfile', file);
      } else kept++;
      const fast = dw10x(fresh(), 'Dockerfile');
      setSplitPrecondition(false);
      if (dw10x(fresh(), 'Dockerfile') !== fast) differ.push(file);
    }
  } finally {
    setSplitPrecondition(true);
  }
  assert.equal(DW10X.length, 4);
  assert.deepEqual(differ, []);
  // The precondition must keep skipping most files (the point of it) and must not skip those that build programs.
  assert.ok(skipped > files.length / 2, `skipped only ${skipped} of ${files.length}`);
  assert.ok(kept > 20, `only ${kept} files went to discovery`);
});

// (The ecosystem repositories are covered by `npm run ecosystem`'s snapshot.)
test('split precondition: every Dockerfile of the split repositories, with their compose files', () => {
  const repos = [
    ...(existsSync(join(ROOT, 'test/split-corpus')) ? readdirSync(join(ROOT, 'test/split-corpus')).map((n) => join(ROOT, 'test/split-corpus', n, 'repo')) : []),
  ].filter((r) => existsSync(r) && statSync(r).isDirectory());
  if (!repos.length) return; // git-ignored corpora not present
  const differ: string[] = [];
  let checked = 0;
  let reported = 0;
  try {
    for (const repo of repos) {
      const paths = () => new Analysis(new FsWorkspace(repo)).filesOfKind('dockerfile');
      const run = (enabled: boolean) => {
        setSplitPrecondition(enabled);
        const analysis = new Analysis(new FsWorkspace(repo));
        return paths().map((p) => {
          const model = analysis.dockerfile(p);
          if (enabled && model && monolithInfo(analysis, p, model) === undefined) assertNothingToFind(analysis, p, `${repo}: ${p}`);
          return dw10x(analysis, p);
        });
      };
      const fast = run(true);
      const plain = run(false);
      checked += fast.length;
      reported += fast.filter((f) => f.includes('"range"')).length;
      paths().forEach((p, i) => {
        if (fast[i] !== plain[i]) differ.push(`${repo}: ${p}`);
      });
    }
  } finally {
    setSplitPrecondition(true);
  }
  assert.deepEqual(differ, []);
  assert.ok(checked > 20);
  assert.ok(reported > 0, 'no DW10x finding in the repositories: the comparison proves nothing');
});
