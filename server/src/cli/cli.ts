import * as fs from 'node:fs';
import * as path from 'node:path';
import * as v8 from 'node:v8';
import type { Analysis } from '../core/analysis';
import type { Finding } from '../core/types';
import { fileKind, kindFromContent } from '../core/workspace';
import { PlanError, WriteError } from '../node/applyPlan';
import { isInside } from '../node/fsWorkspace';
import { checkJob, checkJobInWorkers, openAnalysis, threadsFor, type CheckJob } from './parallel';
import { ProfilesUsageError, runProfiles } from './profiles';
import { formatJson, formatSarif, formatText, toCliFinding, type CliFinding } from './format';
import { runSplit, SplitUsageError } from './split';

declare const DOCKWRIGHT_VERSION: string | undefined;
const VERSION = typeof DOCKWRIGHT_VERSION === 'string' ? DOCKWRIGHT_VERSION : '0.0.0-dev';

export interface CliIO {
  cwd: string;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

export class UsageError extends Error {}

const USAGE = `Usage:
  dockwright check [PATH...] [--format text|json|sarif]
  dockwright split DOCKERFILE [--root DIR] [--layout files|targets] [--polish] [--write] [--format text|json]
  dockwright profiles [COMPOSE_FILE] [--write] [--strategy twins|shared] [--format text|json]
  dockwright --version | --help
`;

interface ParsedArgs {
  positional: string[];
  options: Map<string, string | true>;
}

export function parseArgs(args: string[], valued: string[], flags: string[]): ParsedArgs {
  const positional: string[] = [];
  const options = new Map<string, string | true>();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--') {
      positional.push(...args.slice(i + 1));
      break;
    }
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq < 0 ? arg.slice(2) : arg.slice(2, eq);
    if (valued.includes(name)) {
      const value = eq < 0 ? args[++i] : arg.slice(eq + 1);
      if (value === undefined) throw new UsageError(`--${name} needs a value`);
      options.set(name, value);
    } else if (flags.includes(name) && eq < 0) {
      options.set(name, true);
    } else {
      throw new UsageError(`unknown option ${arg}`);
    }
  }
  return { positional, options };
}

function rootFor(target: string, cwd: string): string {
  const st = fs.statSync(target);
  if (st.isDirectory()) return target;
  return isInside(cwd, target) ? cwd : path.dirname(target);
}

interface CheckRun {
  format: string;
  /** Per target: the job, and its workspace's root (to print paths relative to the working folder). */
  jobs: CheckJob[];
  /** Per target: the analysis its files were listed with (this thread's, reused when it checks them here). */
  analyses: Analysis[];
}

/** Parses `check`'s arguments, reports config problems, lists each target's files; a number is an exit code. */
function prepareCheck(args: string[], io: CliIO): CheckRun | number {
  const { positional, options } = parseArgs(args, ['format'], []);
  const format = (options.get('format') as string | undefined) ?? 'text';
  if (!['text', 'json', 'sarif'].includes(format)) throw new UsageError(`--format must be text, json or sarif, not "${format}"`);
  const targets = positional.length ? positional : ['.'];
  // A file named on the command line is checked even when its name matches no pattern, if its content says what it is.
  const contentKinds = new Map<string, 'dockerfile' | 'compose'>();
  for (const target of targets) {
    const abs = path.resolve(io.cwd, target);
    if (!fs.existsSync(abs)) throw new UsageError(`no such file or folder: ${target}`);
    if (fs.statSync(abs).isDirectory() || fileKind(path.basename(abs)) !== 'other') continue;
    let text = '';
    try {
      text = fs.readFileSync(abs, 'utf8');
    } catch {
      // unreadable: reported as neither below
    }
    const kind = kindFromContent(text);
    if (kind === 'other') {
      io.stderr(`dockwright: ${target} is neither a Dockerfile nor a compose file (no top-level "services:" mapping, no FROM/ARG or parser directive first), so it was not checked\n`);
      return 2;
    }
    contentKinds.set(abs, kind);
  }
  const jobs: CheckJob[] = [];
  const analyses: Analysis[] = [];
  for (const target of targets) {
    const abs = path.resolve(io.cwd, target);
    const root = path.resolve(rootFor(abs, io.cwd));
    const relative = path.relative(root, abs).split(path.sep).join('/');
    const forced = contentKinds.get(abs);
    const job: CheckJob = { root, files: [], ...(forced ? { forced: { path: relative, kind: forced } } : {}) };
    const { analysis, problems } = openAnalysis(job);
    for (const p of problems) io.stderr(`dockwright: ${p}\n`);
    job.files = analysis.workspace.listFiles(relative).filter((f) => analysis.kindOf(f) !== 'other');
    jobs.push(job);
    analyses.push(analysis);
  }
  return { format, jobs, analyses };
}

/** Prints the findings of every target (in target order) and returns the exit code. */
function finishCheck(run: CheckRun, results: { findings: Finding[]; ruleErrors: string[] }[], io: CliIO): number {
  const all: CliFinding[] = [];
  run.jobs.forEach((job, t) => {
    for (const e of results[t].ruleErrors) io.stderr(e);
    for (const finding of results[t].findings) {
      const file = path.relative(io.cwd, path.join(job.root, finding.file)).split(path.sep).join('/');
      all.push(toCliFinding(finding, file));
    }
  });
  if (run.format === 'json') io.stdout(formatJson(all));
  else if (run.format === 'sarif') io.stdout(formatSarif(all, VERSION));
  else io.stdout(formatText(all));
  return all.some((f) => f.severity === 'error') ? 1 : 0;
}

/** `dockwright check`, every file in this thread. */
export function runCheck(args: string[], io: CliIO): number {
  const run = prepareCheck(args, io);
  if (typeof run === 'number') return run;
  return finishCheck(run, run.jobs.map((job, t) => checkJob(job, run.analyses[t])), io);
}

/**
 * `dockwright check` as the binary runs it: with `DOCKWRIGHT_CHECK_THREADS=N` (see threadsFor) each target is checked
 * on N threads, merged in listing order, so the output is runCheck's. A failed worker falls back to this thread.
 */
export async function runCheckParallel(args: string[], io: CliIO): Promise<number> {
  const run = prepareCheck(args, io);
  if (typeof run === 'number') return run;
  const results = [];
  for (const [t, job] of run.jobs.entries()) {
    const threads = threadsFor(job.files.length);
    results.push(
      threads > 1
        ? await checkJobInWorkers(job, threads, run.analyses[t]).catch((err) => {
            io.stderr(`dockwright: a check thread failed (${(err as Error)?.message ?? err}); checking in one thread\n`);
            return checkJob(job, openAnalysis(job).analysis);
          })
        : checkJob(job, run.analyses[t]),
    );
  }
  return finishCheck(run, results, io);
}

export function main(argv: string[], io: CliIO): number {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'check':
        return runCheck(rest, io);
      case 'split': {
        const { positional, options } = parseArgs(rest, ['root', 'layout', 'format'], ['write', 'polish']);
        if (positional.length !== 1) throw new UsageError('split needs exactly one Dockerfile path');
        const layout = (options.get('layout') as string | undefined) ?? 'files';
        if (layout !== 'files' && layout !== 'targets') throw new UsageError(`--layout must be files or targets, not "${layout}"`);
        const format = (options.get('format') as string | undefined) ?? 'text';
        if (format !== 'text' && format !== 'json') throw new UsageError(`--format must be text or json, not "${format}"`);
        try {
          return runSplit({ dockerfile: positional[0], root: (options.get('root') as string | undefined) ?? '.', layout, write: options.get('write') === true, polish: options.get('polish') === true, format }, io);
        } catch (err) {
          if (err instanceof SplitUsageError) throw new UsageError(err.message);
          throw err;
        }
      }
      case 'profiles': {
        const { positional, options } = parseArgs(rest, ['strategy', 'format'], ['write']);
        try {
          return runProfiles(positional, { write: options.get('write') === true, strategy: (options.get('strategy') as string) ?? 'twins', format: (options.get('format') as string) ?? 'text' }, io);
        } catch (err) {
          if (err instanceof ProfilesUsageError) throw new UsageError(err.message);
          throw err;
        }
      }
      case '--version':
      case '-v':
        io.stdout(`${VERSION}\n`);
        return 0;
      case '--help':
      case '-h':
      case 'help':
        io.stdout(USAGE);
        return 0;
      default:
        io.stderr(command ? `dockwright: unknown command "${command}"\n\n${USAGE}` : USAGE);
        return 2;
    }
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr(`dockwright: ${err.message}\n\n${USAGE}`);
      return 2;
    }
    if (err instanceof PlanError || err instanceof WriteError) {
      io.stderr(`dockwright: ${err.message}${err instanceof PlanError ? ' (nothing was written)' : ''}\n`);
      return 1;
    }
    throw err;
  }
}

/** Entry point of the `dockwright` binary. */
export function run(): void {
  // A closed pipe (`dockwright split … | head`) is not an error worth a stack trace.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
  const argv = process.argv.slice(2);
  const io: CliIO = {
    cwd: process.cwd(),
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
  };
  if (argv[0] !== 'check') {
    process.exitCode = main(argv, io);
    return;
  }
  limitHeapGrowth();
  // `check` may use worker threads; its usage errors end the same way as main's.
  runCheckParallel(argv.slice(1), io).then(
    (code) => (process.exitCode = code),
    (err) => {
      if (!(err instanceof UsageError)) throw err;
      io.stderr(`dockwright: ${err.message}\n\n${USAGE}`);
      process.exitCode = 2;
    },
  );
}

/**
 * A cold check allocates fast and keeps little (the live heap peaks near 60 MB on the bench's 1,300 files), and V8's
 * default heuristics then grow old space to about 4x the live size and the young generation to 2x16 MB: most of the
 * peak RSS. These two flags are read at each GC (unlike --max-semi-space-size, which only counts at start-up), so they
 * can be set here, whoever launched the process: old space grows by half, the young generation stays at its initial
 * size. Measured on the bench workspace: peak RSS 228 -> ~173 MB for about 10% more CPU (docs/performance.md).
 */
function limitHeapGrowth(): void {
  v8.setFlagsFromString('--heap-growing-percent=50');
  v8.setFlagsFromString('--semi-space-growth-factor=1');
}
