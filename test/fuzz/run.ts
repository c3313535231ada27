/**
 * Long fuzz profile: `npm run fuzz`. FUZZ_RUNS total cases (default 100000) spread over the properties and over
 * FUZZ_WORKERS processes (default: CPU count, at most 2), each with its own seed (FUZZ_SEED sets the first seed;
 * FUZZ_SEED=<seed> FUZZ_WORKERS=1 replays one worker). FUZZ_ONLY=<text> runs the properties whose name contains it.
 *
 * Bounds, each failing the run loudly:
 * - a case using more than HANG_MS of CPU fails its property (checked after the case, in properties.ts);
 * - a worker silent for FUZZ_STALL_SECONDS of wall time (default 300: a case that never returns) is killed, and the
 *   input it was running is printed (each worker writes its current input to a file before running it).
 * Cases slower than FUZZ_SLOW_MS of CPU (default 1000) are saved to FUZZ_SLOW_DIR for profiling.
 * Properties take turns in FUZZ_ROUNDS rounds (default 10, seeds seed + round × 7919); FUZZ_DEADLINE=<ISO time>
 * stops a run there and reports the cases done (a failure report prints the seed and path to replay).
 * Prints cases, cases/s, fixes applied, CPU and wall time, the slowest case; exits 1 on any failure.
 */
import { fork } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import { newStats, properties, type Stats } from './properties';

const total = Number(process.env.FUZZ_RUNS ?? 100_000);
const only = process.env.FUZZ_ONLY;
const stallSeconds = Number(process.env.FUZZ_STALL_SECONDS ?? 300);

interface WorkerReport extends Stats {
  type: 'report';
  failed: boolean;
  /** Stopped at FUZZ_DEADLINE before running all its cases. */
  interrupted: boolean;
  seed: number;
  cpuSeconds: number;
  perProperty: Record<string, { cases: number; cpuSeconds: number }>;
}

type WorkerMessage = WorkerReport | { type: 'progress'; cases: number };

const currentFile = (seed: number) => path.join(os.tmpdir(), `dockwright-fuzz-${seed}.current`);

function cpuSeconds(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

function runHere(cases: number, seed: number): WorkerReport {
  const stats = newStats();
  const file = currentFile(seed);
  let lastProgress = 0;
  stats.onCase = (input) => {
    // Written before the case runs, so a worker killed for hanging leaves its input behind.
    fs.writeFileSync(file, input);
    if (stats.cases - lastProgress >= 50) {
      lastProgress = stats.cases;
      process.send?.({ type: 'progress', cases: stats.cases } satisfies WorkerMessage);
    }
  };
  const all = Object.entries(properties(stats)).filter(([name]) => !only || name.includes(only));
  const perProperty = Math.ceil(cases / all.length);
  // Properties take turns in rounds (each round its own seed), so a run stopped at its deadline has covered all of them.
  const rounds = Math.max(1, Math.min(perProperty, Number(process.env.FUZZ_ROUNDS ?? 10)));
  const deadline = process.env.FUZZ_DEADLINE ? Date.parse(process.env.FUZZ_DEADLINE) : Infinity;
  const report: WorkerReport = { type: 'report', ...stats, failed: false, interrupted: false, seed, cpuSeconds: 0, perProperty: {} };
  const started = cpuSeconds();
  rounds: for (let round = 0; round < rounds; round++) {
    const roundSeed = (seed + round * 7919) | 0;
    for (const [name, property] of all) {
      const remaining = deadline - Date.now();
      if (remaining <= 0) {
        report.interrupted = true;
        break rounds;
      }
      const t0 = cpuSeconds();
      const before = stats.cases;
      const numRuns = Math.ceil(perProperty / rounds);
      const result = fc.check(property, {
        numRuns,
        seed: roundSeed,
        endOnFailure: true,
        includeErrorInReport: true,
        ...(Number.isFinite(remaining) ? { interruptAfterTimeLimit: remaining, markInterruptAsFailure: false } : {}),
      });
      const secs = cpuSeconds() - t0;
      const done = report.perProperty[name] ?? { cases: 0, cpuSeconds: 0 };
      report.perProperty[name] = { cases: done.cases + stats.cases - before, cpuSeconds: done.cpuSeconds + secs };
      if (result.interrupted) report.interrupted = true;
      if (result.failed) {
        report.failed = true;
        console.log(`✖ [seed ${roundSeed}] ${name}: FAILED after ${result.numRuns} cases (${secs.toFixed(1)} s CPU)\n${fc.defaultReportMessage(result)}`);
        break rounds;
      }
      console.log(`✔ [seed ${roundSeed}] ${name}: ${stats.cases - before} cases in ${secs.toFixed(1)} s CPU${result.interrupted ? ' (stopped at the deadline)' : ''}`);
    }
  }
  fs.rmSync(file, { force: true });
  const { onCase: _onCase, ...plain } = stats;
  return { ...report, ...plain, cpuSeconds: cpuSeconds() - started };
}

if (process.env.FUZZ_WORKER_CASES) {
  const report = runHere(Number(process.env.FUZZ_WORKER_CASES), Number(process.env.FUZZ_SEED));
  process.send!(report, () => process.exit(0));
} else {
  void main();
}

function runWorker(index: number, cases: number, seed: number): Promise<WorkerReport> {
  return new Promise((resolve, reject) => {
    const child = fork(__filename, [], {
      execArgv: process.execArgv,
      env: { ...process.env, FUZZ_PROGRESS: '1', FUZZ_WORKER_CASES: String(cases), FUZZ_SEED: String(seed) },
    });
    let report: WorkerReport | undefined;
    let lastHeard = Date.now();
    let stalled = false;
    const watchdog = setInterval(() => {
      if (Date.now() - lastHeard < stallSeconds * 1000) return;
      stalled = true;
      child.kill('SIGKILL');
    }, 1000);
    child.on('message', (m: WorkerMessage) => {
      lastHeard = Date.now();
      if (m.type === 'report') report = m;
    });
    child.on('exit', (code, signal) => {
      clearInterval(watchdog);
      if (report) return resolve(report);
      let input = '(unknown)';
      try {
        const text = fs.readFileSync(currentFile(seed), 'utf8');
        input = text.length > 2000 ? `${JSON.stringify(text.slice(0, 2000))}… (${text.length} chars)` : JSON.stringify(text);
      } catch {
        // the worker died before its first case
      }
      const why = stalled ? `was silent for ${stallSeconds} s (a case that does not return) and was killed` : `exited with ${code ?? signal} before reporting`;
      reject(new Error(`fuzz worker ${index} (seed ${seed}) ${why}; the input it was running:\n${input}`));
    });
  });
}

async function main(): Promise<void> {
  const workers = Math.max(1, Number(process.env.FUZZ_WORKERS ?? Math.min(2, os.availableParallelism())));
  const baseSeed = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : Date.now() % 2 ** 31;
  const started = performance.now();
  console.log(`dockwright fuzz: ${total} cases over ${workers} worker(s), seeds ${baseSeed}…${baseSeed + workers - 1}`);
  const settled = await Promise.allSettled(Array.from({ length: workers }, (_, i) => runWorker(i, Math.ceil(total / workers), baseSeed + i)));
  const reports = settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  for (const s of settled) if (s.status === 'rejected') console.log(`✖ ${(s.reason as Error).message}`);
  const secs = (performance.now() - started) / 1000;
  const cases = reports.reduce((n, r) => n + r.cases, 0);
  const fixes = reports.reduce((n, r) => n + r.fixes, 0);
  const cpu = reports.reduce((n, r) => n + r.cpuSeconds, 0);
  const failures = reports.filter((r) => r.failed).length + settled.filter((s) => s.status === 'rejected').length;
  const names = [...new Set(reports.flatMap((r) => Object.keys(r.perProperty)))];
  for (const name of names) {
    const n = reports.reduce((a, r) => a + (r.perProperty[name]?.cases ?? 0), 0);
    const s = reports.reduce((a, r) => a + (r.perProperty[name]?.cpuSeconds ?? 0), 0);
    console.log(`  ${name}: ${n} cases, ${s.toFixed(0)} s CPU (${(n / Math.max(s, 1e-9)).toFixed(0)} cases per CPU second)`);
  }
  const slowest = reports.length ? reports.reduce((a, b) => (b.slowestMs > a.slowestMs ? b : a)) : undefined;
  console.log(
    `total: ${cases} cases (${fixes} fixes applied and re-checked), seeds ${baseSeed}…${baseSeed + workers - 1}, ` +
      `${secs.toFixed(0)} s wall, ${cpu.toFixed(0)} s CPU (${(cases / Math.max(cpu, 1e-9)).toFixed(0)} cases per CPU second), ` +
      `${failures ? `${failures} FAILURE(S)` : 'no failures'}` +
      (reports.some((r) => r.interrupted) ? ` (stopped at the deadline ${process.env.FUZZ_DEADLINE} before ${total} cases)` : '') +
      (slowest ? `; slowest case ${slowest.slowestMs.toFixed(0)} ms CPU: ${slowest.slowestInput}` : ''),
  );
  process.exitCode = failures || cases === 0 ? 1 : 0;
}
