// `npm run ecosystem [-- --update] [-- --repo owner/name]`: checks the corpus, compares with snapshot.json, prints the
// precision table. --update rewrites snapshot.json and PRECISION.md. --if-present: exit 0 with a note when the corpus
// has not been built (CI without the corpus). See docs/ecosystem.md.
import * as fs from 'node:fs';
import {
  classCounts,
  corpusCandidates,
  diffSnapshots,
  findCorpus,
  precision,
  precisionReport,
  precisionTable,
  PRECISION,
  readVerdicts,
  runEcosystem,
  serialise,
  SNAPSHOT,
  unreviewed,
  type Snapshot,
} from './ecosystem';

const args = process.argv.slice(2);
const update = args.includes('--update');
const ifPresent = args.includes('--if-present');
const repoArg = args.includes('--repo') ? args[args.indexOf('--repo') + 1] : undefined;

const corpus = findCorpus();
if (!corpus) {
  const msg = `ecosystem: no corpus found (looked in ${corpusCandidates().join(', ')}). Build it with: node test/ecosystem/collect.mjs (docs/ecosystem.md).`;
  if (ifPresent) {
    console.log(`${msg}\necosystem: SKIPPED, nothing was checked.`);
    process.exit(0);
  }
  console.error(msg);
  process.exit(2);
}

const started = Date.now();
const snapshot = runEcosystem(corpus, repoArg ? (r) => r === repoArg : undefined);
const seconds = ((Date.now() - started) / 1000).toFixed(1);
const verdicts = readVerdicts();
const committed: Snapshot | undefined = fs.existsSync(SNAPSHOT) ? JSON.parse(fs.readFileSync(SNAPSHOT, 'utf8')) : undefined;
const compared = committed && repoArg ? { repos: committed.repos.filter((r) => r.repo === repoArg) } : committed;
const diff = compared ? diffSnapshots(compared, snapshot) : '(no committed snapshot)';

const findings = snapshot.repos.reduce((n, r) => n + r.findings.length, 0);
console.log(`ecosystem: ${snapshot.repos.length} repositories, ${findings} findings, ${snapshot.repos.reduce((n, r) => n + r.splits.length, 0)} split and ${snapshot.repos.reduce((n, r) => n + r.profiles.length, 0)} profiles dry runs in ${seconds} s (corpus ${corpus})\n`);
console.log(precisionTable(precision(snapshot, verdicts)) + '\n');
const notTrue = classCounts(snapshot, verdicts).filter((c) => c.verdict !== 'true');
if (notTrue.length) {
  console.log('Classes that are not true (verdict, severity, count, class):');
  for (const c of notTrue) console.log(`  ${c.verdict.padEnd(10)} ${c.severity.padEnd(8)} ${String(c.count).padStart(4)}  ${c.cls}`);
  console.log('');
}
const threw = snapshot.repos.flatMap((r) => r.ruleErrors.map((e) => `${r.repo}: ${e}`));
if (threw.length) console.log(`Rules that threw:\n  ${threw.join('\n  ')}\n`);

let failed = false;
if (update) {
  if (repoArg) {
    console.error('ecosystem: --update rewrites the whole snapshot; run it without --repo.');
    process.exit(2);
  }
  fs.writeFileSync(SNAPSHOT, serialise(snapshot));
  fs.writeFileSync(PRECISION, precisionReport(snapshot, verdicts));
  console.log(diff ? `Updated snapshot.json and PRECISION.md; changes:\n${diff}` : 'snapshot.json unchanged; PRECISION.md rewritten.');
} else if (diff) {
  console.log(`The findings differ from test/ecosystem/snapshot.json:\n${diff}\n\nReview them (docs/ecosystem.md), then: npm run ecosystem -- --update`);
  failed = true;
} else {
  console.log('Findings and plans match test/ecosystem/snapshot.json.');
}
const missing = unreviewed(snapshot, verdicts);
if (missing.length) {
  console.log(`\n${missing.length} findings have no verdict in test/ecosystem/verdicts.json, e.g.:\n  ${missing.slice(0, 10).map((f) => `${f.repo}/${f.file}:${f.line} ${f.code} ${f.message}`).join('\n  ')}`);
  failed = true;
}
process.exit(failed ? 1 : 0);
