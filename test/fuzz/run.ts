/**
 * Long fuzz profile: `npm run fuzz` (FUZZ_RUNS total cases, default 100000, spread over the properties;
 * FUZZ_SEED to replay). Prints cases, fixes applied, runtime and the slowest case; exits 1 on the first failure.
 */
import fc from 'fast-check';
import { newStats, properties } from './properties';

const total = Number(process.env.FUZZ_RUNS ?? 100_000);
const seed = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : Date.now() % 2 ** 31;
const only = process.env.FUZZ_ONLY;
const stats = newStats();
const all = Object.entries(properties(stats)).filter(([name]) => !only || name.includes(only));
const perProperty = Math.ceil(total / all.length);
const started = performance.now();
console.log(`dockwright fuzz: ${perProperty} cases × ${all.length} properties, seed ${seed}`);
let failed = false;
for (const [name, property] of all) {
  const t0 = performance.now();
  const before = stats.cases;
  const result = fc.check(property, { numRuns: perProperty, seed, endOnFailure: true });
  const secs = ((performance.now() - t0) / 1000).toFixed(1);
  if (result.failed) {
    failed = true;
    console.log(`✖ ${name}: FAILED after ${result.numRuns} cases (${secs} s)\n${fc.defaultReportMessage(result)}`);
  } else {
    console.log(`✔ ${name}: ${stats.cases - before} cases in ${secs} s`);
  }
}
const secs = (performance.now() - started) / 1000;
console.log(
  `total: ${stats.cases} cases (${stats.fixes} fixes applied and re-checked) in ${secs.toFixed(1)} s, ` +
    `${failed ? 'FAILURES' : 'no failures'}; slowest case ${stats.slowestMs.toFixed(0)} ms: ${stats.slowestInput}`,
);
process.exitCode = failed ? 1 : 0;
