import { isMainThread, Worker, workerData, parentPort } from 'node:worker_threads';
import { Analysis, dockerfileOf } from '../core/analysis';
import { checkFile, sortFindings } from '../core/check';
import { mergeConfigs } from '../core/config';
import { maxFileBytes } from '../core/limits';
import type { Finding } from '../core/types';
import { readWorkspaceConfig } from '../node/configFile';
import { SnapshotFsWorkspace } from '../node/snapshotWorkspace';

/** One `dockwright check` target: the workspace root, the files to check (listing order) and a kind told on the command line. */
export interface CheckJob {
  root: string;
  files: string[];
  forced?: { path: string; kind: 'dockerfile' | 'compose' };
}

/** What checking some of a job's files gave, per file in the job's order (undefined: checked elsewhere). */
export interface SliceResult {
  findings: (Finding[] | undefined)[];
  /** `onRuleError` messages, per file. */
  ruleErrors: (string[] | undefined)[];
}

/** Dockerfile models a one-shot check keeps alive at once (least recently used dropped). */
const MODEL_LIMIT = 64;

/** The analysis a check job runs in: the same in the main thread and in every worker (each reads the same tree). */
export function openAnalysis(job: CheckJob): { analysis: Analysis; problems: string[] } {
  const workspace = new SnapshotFsWorkspace(job.root);
  const { config, problems } = readWorkspaceConfig(workspace);
  const analysis = new Analysis(workspace, mergeConfigs(config));
  workspace.maxFileBytes = maxFileBytes(analysis.config);
  if (job.forced) analysis.setKind(job.forced.path, job.forced.kind);
  // The CLI prints no fixes, and a one-shot run need not keep every Dockerfile model until the end.
  analysis.fixesWanted = false;
  analysis.dockerfileModelLimit = MODEL_LIMIT;
  return { analysis, problems };
}

/**
 * The order to check a job's files in: each compose file right before the Dockerfiles its services build (not yet
 * placed), then the rest in listing order. The compose file's cross-file rules parse those Dockerfiles, so their own
 * checks find the model still cached. Findings do not depend on the order (they are merged in listing order).
 */
export function checkOrder(analysis: Analysis, files: string[]): number[] {
  const indexOf = new Map(files.map((f, i) => [f, i]));
  const placed = new Set<number>();
  const order: number[] = [];
  const place = (i: number | undefined) => {
    if (i === undefined || placed.has(i)) return;
    placed.add(i);
    order.push(i);
  };
  analysis.batch(() => {
    files.forEach((file, i) => {
      if (analysis.kindOf(file) !== 'compose') return;
      place(i);
      for (const service of analysis.compose(file)?.services ?? []) {
        const dockerfile = dockerfileOf(file, service.build);
        const j = dockerfile === undefined ? undefined : indexOf.get(dockerfile);
        if (j !== undefined && analysis.kindOf(dockerfile!) === 'dockerfile') place(j);
      }
    });
  });
  files.forEach((_, i) => place(i));
  return order;
}

/** Checks the files of `job` at positions `indices` (in that order) in one batch of `analysis`. */
export function checkSlice(analysis: Analysis, job: CheckJob, indices: number[]): SliceResult {
  const findings: (Finding[] | undefined)[] = new Array(job.files.length).fill(undefined);
  const ruleErrors: (string[] | undefined)[] = new Array(job.files.length).fill(undefined);
  analysis.batch(() => {
    for (const i of indices) {
      const errors: string[] = [];
      findings[i] = checkFile(job.files[i], analysis, { onRuleError: (code, file, err) => errors.push(`dockwright: rule ${code} failed on ${file}: ${(err as Error)?.stack ?? err}\n`) });
      if (errors.length) ruleErrors[i] = errors;
    }
  });
  return { findings, ruleErrors };
}

/** Merges slices (each file checked in exactly one) in listing order: the findings sorted as `checkFiles` sorts them. */
export function mergeSlices(job: CheckJob, slices: SliceResult[]): { findings: Finding[]; ruleErrors: string[] } {
  const findings: Finding[] = [];
  const ruleErrors: string[] = [];
  for (let i = 0; i < job.files.length; i++) {
    for (const s of slices) {
      if (s.findings[i]) findings.push(...s.findings[i]!);
      if (s.ruleErrors[i]) ruleErrors.push(...s.ruleErrors[i]!);
    }
  }
  return { findings: sortFindings(findings), ruleErrors };
}

/** Checks a whole job in this thread. */
export function checkJob(job: CheckJob, analysis = openAnalysis(job).analysis): { findings: Finding[]; ruleErrors: string[] } {
  return mergeSlices(job, [checkSlice(analysis, job, checkOrder(analysis, job.files))]);
}

/**
 * How many threads to check a job on: `DOCKWRIGHT_CHECK_THREADS` (at most the number of files), else one. Measured on
 * the bench's 1,300-file workspace (2 cores, load 2–7): two threads took 1.5× the CPU of one (each thread parses every
 * compose file for the workspace indexes, warms its own JIT and shell-parse memo) and were slower in wall time too,
 * so more threads are opt-in until a machine with idle cores shows they pay (docs/performance.md).
 */
export function threadsFor(fileCount: number): number {
  const asked = Number(process.env.DOCKWRIGHT_CHECK_THREADS);
  return Number.isInteger(asked) && asked > 1 ? Math.min(asked, Math.max(1, fileCount)) : 1;
}

interface WorkerTask {
  dockwrightCheck: { job: CheckJob; part: number; parts: number };
}

/**
 * Checks a job on `threads` threads: this one (with `analysis`, the one the files were listed with) and `threads - 1`
 * workers, each with its own analysis over the same (unchanging) tree. Each computes the same check order and takes
 * its contiguous share of it. Rejects when a worker fails.
 */
export async function checkJobInWorkers(job: CheckJob, threads: number, analysis: Analysis): Promise<{ findings: Finding[]; ruleErrors: string[] }> {
  const workers = Array.from({ length: threads - 1 }, (_, k) =>
    new Promise<SliceResult>((resolve, reject) => {
      const task: WorkerTask = { dockwrightCheck: { job, part: k + 1, parts: threads } };
      // This module is the worker's entry: in the bundle __filename is dist/cli/cli.js; from sources (tests under tsx)
      // it is this .ts file, which the worker loads through tsx's require hook.
      const worker = __filename.endsWith('.ts')
        ? new Worker(`require('tsx/cjs'); require(${JSON.stringify(__filename)});`, { eval: true, workerData: task })
        : new Worker(__filename, { workerData: task });
      let result: SliceResult | undefined;
      worker.once('message', (m: SliceResult) => (result = m));
      worker.once('error', reject);
      worker.once('exit', (code) => (result && code === 0 ? resolve(result) : reject(new Error(`check worker exited with code ${code}`))));
    }),
  );
  // Workers start loading meanwhile; this thread checks the first share.
  const own = checkSlice(analysis, job, shareOf(checkOrder(analysis, job.files), 0, threads));
  return mergeSlices(job, [own, ...(await Promise.all(workers))]);
}

/** The share of the check order that worker `part` of `parts` checks. */
export function shareOf(order: number[], part: number, parts: number): number[] {
  return order.slice(Math.floor((order.length * part) / parts), Math.floor((order.length * (part + 1)) / parts));
}

function serveWorker(task: WorkerTask['dockwrightCheck']): void {
  const { analysis } = openAnalysis(task.job);
  const order = checkOrder(analysis, task.job.files);
  const slice = checkSlice(analysis, task.job, shareOf(order, task.part, task.parts));
  // Only what the CLI prints and sorts by crosses the thread boundary (no fixes).
  for (const list of slice.findings) if (list) for (let i = 0; i < list.length; i++) list[i] = { ...list[i], fixes: [] };
  parentPort!.postMessage(slice);
}

if (!isMainThread && (workerData as WorkerTask | undefined)?.dockwrightCheck) serveWorker((workerData as WorkerTask).dockwrightCheck);
