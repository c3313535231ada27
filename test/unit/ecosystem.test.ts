import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { test } from 'node:test';
import {
  allFindings,
  diffSnapshots,
  findCorpus,
  findingClass,
  keyMatches,
  PRECISION,
  precisionReport,
  readRepos,
  readVerdicts,
  runEcosystem,
  serialise,
  SNAPSHOT,
  unreviewed,
  type Snapshot,
} from '../ecosystem/ecosystem';

const committed: Snapshot = JSON.parse(fs.readFileSync(SNAPSHOT, 'utf8'));
const corpus = findCorpus();

test('ecosystem: the snapshot covers every repository of repos.json (at least 40)', () => {
  const repos = readRepos().map((r) => r.repo).sort();
  assert.ok(repos.length >= 40, `${repos.length} repositories`);
  assert.deepEqual(committed.repos.map((r) => r.repo), repos);
  for (const r of committed.repos) assert.equal(r.commit, readRepos().find((s) => s.repo === r.repo)!.commit, `${r.repo}: snapshot taken at another commit`);
});

test('ecosystem: every finding in the snapshot has a reviewed verdict', () => {
  const missing = unreviewed(committed, readVerdicts());
  assert.equal(
    missing.length,
    0,
    `findings without a verdict in test/ecosystem/verdicts.json (classes):\n${[...new Set(missing.map((f) => findingClass(f.code, f.message)))].join('\n')}`,
  );
});

test('ecosystem: every verdict entry is used, and says true/debatable/false with a reason', () => {
  const verdicts = readVerdicts();
  const findings = allFindings(committed);
  const classes = new Set(findings.map((f) => findingClass(f.code, f.message)));
  for (const [key, v] of [...Object.entries(verdicts.classes), ...Object.entries(verdicts.findings)]) {
    assert.ok(['true', 'debatable', 'false'].includes(v.verdict), `${key}: verdict ${v.verdict}`);
    assert.ok(v.reason && v.reason.length > 10, `${key}: needs a one-line reason`);
  }
  const stale = Object.keys(verdicts.classes).filter((k) => !classes.has(k));
  assert.deepEqual(stale, [], 'verdict classes no finding has any more (remove them after review)');
  const staleOverrides = Object.keys(verdicts.findings).filter((k) => !findings.some((f) => keyMatches(k, f)));
  assert.deepEqual(staleOverrides, [], 'per-finding verdicts that match no finding any more');
});

test('ecosystem: PRECISION.md is generated from the committed snapshot and verdicts', () => {
  assert.equal(fs.readFileSync(PRECISION, 'utf8'), precisionReport(committed, readVerdicts()), 'run npm run ecosystem -- --update');
});

test('ecosystem: the findings and plans on the corpus match the snapshot', { skip: corpus ? false : 'no corpus built (node test/ecosystem/collect.mjs; docs/ecosystem.md)' }, () => {
  const now = runEcosystem(corpus!);
  const diff = diffSnapshots(committed, now);
  assert.ok(
    !diff,
    `the ecosystem findings changed (- gone, + new); review them in docs/ecosystem.md terms, then run: npm run ecosystem -- --update\n${diff}`,
  );
  assert.equal(serialise(now), serialise(committed), 'same findings but another order or summary: npm run ecosystem -- --update');
});
