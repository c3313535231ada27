/**
 * Long fuzz profile: `npm run fuzz`. FUZZ_RUNS total cases (default 100000) spread over the properties and over
 * FUZZ_WORKERS processes (default: CPU count), each with its own seed (FUZZ_SEED replays one worker's seed).
 * Prints cases, fixes applied, runtime and the slowest case; exits 1 on any failure.
 */
import { fork } from 'node:child_process';
import * as os from 'node:os';
import fc from 'fast-check';
import { newStats, properties, type Stats } from './properties';

const total = Number(process.env.FUZZ_RUNS ?? 100_000);
const only = process.env.FUZZ_ONLY;

interface WorkerReport extends Stats {
  failed: boolean;
  seed: number;
}

function runHere(cases: number, seed: number): WorkerReport {
  const stats = newStats();
  const all = Object.entries(properties(stats)).filter(([name]) => !only || name.includes(only));
  const perProperty = Math.ceil(cases / all.length);
  let failed = false;
  for (const [name, property] of all) {
    const t0 = performance.now();
    const before = stats.cases;
    const result = fc.check(property, { numRuns: perProperty, seed, endOnFailure: true, includeErrorInReport: true });
    const secs = ((performance.now() - t0) / 1000).toFixed(1);
    if (result.failed) {
      failed = true;
      console.log(`✖ [seed ${seed}] ${name}: FAILED after ${result.numRuns} cases (${secs} s)\n${fc.defaultReportMessage(result)}`);
    } else console.log(`✔ [seed ${seed}] ${name}: ${stats.cases - before} cases in ${secs} s`);
  }
  return { ...stats, failed, seed };
}

if (process.env.FUZZ_WORKER_CASES) {
  const report = runHere(Number(process.env.FUZZ_WORKER_CASES), Number(process.env.FUZZ_SEED));
  process.send!(report);
} else {
  void main();
}

async function main(): Promise<void> {
  const workers = Math.max(1, Number(process.env.FUZZ_WORKERS ?? os.availableParallelism()));
  const baseSeed = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : Date.now() % 2 ** 31;
  const started = performance.now();
  console.log(`dockwright fuzz: ${total} cases over ${workers} worker(s), seeds ${baseSeed}…${baseSeed + workers - 1}`);
  const reports = await Promise.all(
    Array.from({ length: workers }, (_, i) =>
      new Promise<WorkerReport>((resolve, reject) => {
        const child = fork(__filename, [], {
          execArgv: process.execArgv,
          env: { ...process.env, FUZZ_PROGRESS: "1", FUZZ_WORKER_CASES: String(Math.ceil(total / workers)), FUZZ_SEED: String(baseSeed + i) },
        });
        let report: WorkerReport | undefined;
        child.on('message', (m) => (report = m as WorkerReport));
        child.on('exit', (code) => (report ? resolve(report) : reject(new Error(`fuzz worker ${i} exited with ${code} before reporting`))));
      }),
    ),
  );
  const secs = (performance.now() - started) / 1000;
  const cases = reports.reduce((n, r) => n + r.cases, 0);
  const fixes = reports.reduce((n, r) => n + r.fixes, 0);
  const slowest = reports.reduce((a, b) => (b.slowestMs > a.slowestMs ? b : a));
  const failed = reports.some((r) => r.failed);
  console.log(
    `total: ${cases} cases (${fixes} fixes applied and re-checked) in ${secs.toFixed(1)} s, ${failed ? 'FAILURES' : 'no failures'}; ` +
      `slowest case ${slowest.slowestMs.toFixed(0)} ms CPU: ${slowest.slowestInput}`,
  );
  process.exitCode = failed ? 1 : 0;
}
