// `npm run bench`: speed and memory of Dockwright against the validators users would otherwise run,
// on the real corpus in bench/corpus and on generated large inputs. Writes bench/results/latest.{json,md}.
// Offline: no network, no farm. Exits non-zero if any corpus file makes a check throw.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { parseDocument } from 'yaml';
import { Analysis } from '../server/src/core/analysis';
import { allRules } from '../server/src/core/catalogue';
import { checkFile, checkFiles } from '../server/src/core/check';
import { clearShellCache } from '../server/src/core/dockerfile/shell';
import { fileKind, MemoryWorkspace } from '../server/src/core/workspace';
import { FsWorkspace } from '../server/src/node/fsWorkspace';
import { WorkspaceRegistry } from '../server/src/lsp/workspaces';
import { LspClient } from '../test/lsp/lspClient';
import { pristineDockerfileUtilsValidate } from './pristine';
import { generateSplitRepo, generateWorkspace, largeCompose, largeDockerfile, readCorpus, type CorpusFile } from './generate';

// The published library, unpatched (see bench/pristine.ts).
const dockerfileUtilsValidate = pristineDockerfileUtilsValidate();

const ROOT = resolve(__dirname, '..');
const QUICK = process.argv.includes('--quick');
/** `--only=1,4`: run just those sections (for profiling); results files are then not written. */
const ONLY = process.argv.find((a) => a.startsWith('--only='))?.slice(7).split(',').map(Number);
const runs = (section: number) => !ONLY || ONLY.includes(section);
const TMP = join(os.tmpdir(), `dockwright-bench-${process.pid}`);

// ---------- small helpers ----------

function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank];
}
const median = (v: number[]) => percentile(v, 50);
const sum = (v: number[]) => v.reduce((a, b) => a + b, 0);
const ms = (n: number | undefined, digits = 3) => (n === undefined || Number.isNaN(n) ? 'n/a' : n.toFixed(digits));
const ratio = (a: number, b: number) => (b > 0 ? a / b : NaN);

function timeOnce(fn: () => unknown): number {
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
}

/** Median time of `fn` over `reps` runs. */
function timeMedian(fn: () => unknown, reps: number): number {
  const times: number[] = [];
  for (let i = 0; i < reps; i++) times.push(timeOnce(fn));
  return median(times);
}

class CorpusFailure extends Error {}

interface Comparison {
  files: number;
  ours: { medianMs: number; p99Ms: number; totalMs: number };
  baseline: { medianMs: number; p99Ms: number; totalMs: number };
  ratioMedian: number;
  ratioP99: number;
  ratioTotal: number;
  slowest: { file: string; oursMs: number; baselineMs: number }[];
  large?: { lines: number; oursMs: number; baselineMs: number; ratio: number };
  warm?: { medianMs: number; p99Ms: number; totalMs: number; ratioMedian: number };
  /** Whole-corpus passes timed in CPU time (median of 5, alternating with the baseline): robust when other processes compete for the cores. */
  cpu: { oursMs: number; baselineMs: number; ratio: number };
}

function cpuPass(files: CorpusFile[], fn: (f: CorpusFile) => unknown): number {
  const c0 = process.cpuUsage();
  for (const f of files) fn(f);
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1000;
}

/** Whole-corpus CPU passes of both, alternating (median of 5 each), so changes in the machine's load hit both alike. */
function cpuPasses(files: CorpusFile[], ours: (f: CorpusFile) => unknown, baseline: (f: CorpusFile) => unknown): { ours: number; baseline: number } {
  const a: number[] = [];
  const b: number[] = [];
  for (let r = 0; r < 5; r++) {
    a.push(cpuPass(files, ours));
    b.push(cpuPass(files, baseline));
  }
  return { ours: median(a), baseline: median(b) };
}

/** Per-file medians of two functions over the same inputs, interleaved so drift hits both alike. */
function compare(files: CorpusFile[], ours: (f: CorpusFile) => unknown, baseline: (f: CorpusFile) => unknown, reps: number): Comparison {
  for (const f of files) (ours(f), baseline(f));
  const oursTimes: number[] = [];
  const baseTimes: number[] = [];
  for (const f of files) {
    const a: number[] = [];
    const b: number[] = [];
    for (let r = 0; r < reps; r++) {
      a.push(timeOnce(() => ours(f)));
      b.push(timeOnce(() => baseline(f)));
    }
    oursTimes.push(median(a));
    baseTimes.push(median(b));
  }
  const slowest = files
    .map((f, i) => ({ file: f.name, oursMs: oursTimes[i], baselineMs: baseTimes[i] }))
    .sort((x, y) => y.oursMs - x.oursMs)
    .slice(0, 3);
  const summary = (t: number[]) => ({ medianMs: median(t), p99Ms: percentile(t, 99), totalMs: sum(t) });
  const o = summary(oursTimes);
  const b = summary(baseTimes);
  const passes = cpuPasses(files, ours, baseline);
  const cpu = { oursMs: passes.ours, baselineMs: passes.baseline, ratio: ratio(passes.ours, passes.baseline) };
  return { files: files.length, cpu, ours: o, baseline: b, ratioMedian: ratio(o.medianMs, b.medianMs), ratioP99: ratio(o.p99Ms, b.p99Ms), ratioTotal: ratio(o.totalMs, b.totalMs), slowest };
}

/** Dockwright's full check of one file, alone in a fresh workspace; throws if any rule throws. */
function fullCheck(file: CorpusFile) {
  const analysis = new Analysis(new MemoryWorkspace({ [file.name]: file.text }));
  return checkFile(file.name, analysis, {
    onRuleError: (code, path, error) => {
      throw new CorpusFailure(`rule ${code} threw on ${path}: ${(error as Error)?.stack ?? error}`);
    },
  });
}

/** Checks every corpus file once outside the timing loops, so an exception names its file. */
function checkCorpusOnce(files: CorpusFile[]): { findings: number; failures: string[] } {
  let findings = 0;
  const failures: string[] = [];
  for (const f of files) {
    try {
      findings += fullCheck(f).length;
    } catch (error) {
      failures.push(`${f.name}: ${(error as Error)?.stack ?? error}`);
    }
  }
  return { findings, failures };
}

// ---------- machine ----------

function machine() {
  const cpus = os.cpus();
  let cgroupCpuMax: string | undefined;
  try {
    cgroupCpuMax = readFileSync('/sys/fs/cgroup/cpu.max', 'utf8').trim();
  } catch {
    /* not cgroup v2 */
  }
  return {
    cpuModel: cpus[0]?.model ?? 'unknown',
    cores: cpus.length,
    availableParallelism: os.availableParallelism(),
    cgroupCpuMax,
    ramGb: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    /** 1/5/15-minute load averages when the run ended: other work on the machine inflates every wall time. */
    loadAverage: os.loadavg().map((l) => Math.round(l * 10) / 10),
  };
}

// ---------- sections ----------

function section1(dockerfiles: CorpusFile[]) {
  const once = checkCorpusOnce(dockerfiles);
  if (once.failures.length) return { failures: once.failures };
  const reps = QUICK ? 3 : 5;
  // Cold: no memoised shell parses, as for a file seen for the first time (CLI, opening a file).
  const coldCheck = (f: CorpusFile) => {
    clearShellCache();
    return fullCheck(f);
  };
  const result = compare(dockerfiles, coldCheck, (f) => dockerfileUtilsValidate(f.text), reps);
  // Warm: the same file checked again with its RUN scripts already parsed (what an editor re-check after an edit elsewhere costs).
  const warm = compare(dockerfiles, fullCheck, (f) => dockerfileUtilsValidate(f.text), reps);
  result.warm = { ...warm.ours, ratioMedian: warm.ratioMedian };
  const large = { name: 'generated.Dockerfile', text: largeDockerfile(1000) };
  coldCheck(large);
  const oursMs = timeMedian(() => coldCheck(large), reps);
  const baselineMs = timeMedian(() => dockerfileUtilsValidate(large.text), reps);
  result.large = { lines: 1000, oursMs, baselineMs, ratio: ratio(oursMs, baselineMs) };
  return { ...result, findings: once.findings, failures: [] as string[] };
}

function composeRulesAvailable(): boolean {
  return allRules.some((r) => (r as { target?: string }).target === 'compose');
}

function section2(composeFiles: CorpusFile[]) {
  // Even without compose rules every corpus file goes through checkFile, so a crash still fails the bench.
  const once = checkCorpusOnce(composeFiles);
  if (once.failures.length) return { available: composeRulesAvailable(), failures: once.failures };
  if (!composeRulesAvailable()) return { available: false, failures: [] as string[], note: 'compose analysis is not in this build (no compose rules in the catalogue)' };
  const reps = QUICK ? 3 : 5;
  const result = compare(composeFiles, fullCheck, (f) => parseDocument(f.text), reps);
  const large = { name: 'compose.generated.yaml', text: largeCompose(500) };
  fullCheck(large);
  const oursMs = timeMedian(() => fullCheck(large), reps);
  const baselineMs = timeMedian(() => parseDocument(large.text), reps);
  result.large = { lines: 500, oursMs, baselineMs, ratio: ratio(oursMs, baselineMs) };
  return { available: true, ...result, findings: once.findings, failures: [] as string[] };
}

interface LatencyResult {
  file: string;
  lines: number;
  edits: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  diagnostics: number;
  editedLine: string;
  /** Mean CPU time the server process spent per edit (from /proc): what the edit costs without the machine's other load. */
  serverCpuMsPerEdit?: number;
  /** Baseline, measured in this run on the same sequence of texts: CPU time per edit of dockerfile-utils validate() (Dockerfile) or yaml parseDocument (compose) alone, in process. */
  baseline?: { what: string; p50Ms: number; p99Ms: number };
  /** The target for this file's p99 (ms). */
  targetMs: number;
  /** Edits typed (and not measured) before the measured ones. */
  warmupEdits: number;
  /** Measured after a long warm-up: an informational row, the verdict against the target is the early row's. */
  steadyState?: boolean;
  note?: string;
}

/** CPU time (user + system, ms) the process has used so far, from /proc (Linux); undefined elsewhere. */
function processCpuMs(pid: number | undefined): number | undefined {
  if (!pid) return undefined;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime + stime, in USER_HZ (100) ticks
  } catch {
    return undefined;
  }
}

/** CPU time (ms) of `fn`, median and p99 over `texts`: what the baseline linter alone would spend per edit. */
function baselinePerEdit(texts: string[], what: string, fn: (text: string) => unknown): { what: string; p50Ms: number; p99Ms: number } {
  for (const t of texts.slice(0, 5)) fn(t);
  const cpu = texts.map((t) => {
    const c0 = process.cpuUsage();
    fn(t);
    const c = process.cpuUsage(c0);
    return (c.user + c.system) / 1000;
  });
  return { what, p50Ms: median(cpu), p99Ms: percentile(cpu, 99) };
}

async function editLatency(client: LspClient, uri: string, languageId: string, text: string, editLine: number, edits: number, targetMs: number, warmup = 20): Promise<LatencyResult & { texts: string[] }> {
  const lines = text.split('\n');
  const texts: string[] = [];
  let current = text;
  const offsetOf = (line: number, character: number) => {
    let offset = 0;
    for (let i = 0; i < line; i++) offset = current.indexOf('\n', offset) + 1;
    return offset + character;
  };
  const column = lines[editLine].length;
  let version = 1;
  const diagnosticsFor = (v: number) => client.waitFor((m) => m.method === 'textDocument/publishDiagnostics' && m.params.uri === uri && m.params.version === v, 30_000);
  const opened = diagnosticsFor(1);
  client.notify('textDocument/didOpen', { textDocument: { uri, languageId, version, text } });
  const first = await opened;
  const times: number[] = [];
  const serverPid = (client as unknown as { child?: { pid?: number } }).child?.pid;
  let cpuStart: number | undefined;
  // Typing: each cycle types a 10-character word at the end of the line, one keystroke per didChange,
  // then deletes it in one change. Each cycle's word differs, so almost every text is new (no cache replays).
  let typed = '';
  let cycle = 0;
  let word = '';
  for (let i = 0; i < warmup + edits; i++) {
    version++;
    let change;
    if (typed.length < 10) {
      if (typed === '') word = `_c${cycle++}abcdefghij`.slice(0, 10);
      const ch = word[typed.length];
      change = { range: { start: { line: editLine, character: column + typed.length }, end: { line: editLine, character: column + typed.length } }, text: ch };
      typed += ch;
    } else {
      change = { range: { start: { line: editLine, character: column }, end: { line: editLine, character: column + typed.length } }, text: '' };
      typed = '';
    }
    if (i === warmup) cpuStart = processCpuMs(serverPid);
    current = current.slice(0, offsetOf(change.range.start.line, change.range.start.character)) + change.text + current.slice(offsetOf(change.range.end.line, change.range.end.character));
    if (i >= warmup) texts.push(current);
    const reply = diagnosticsFor(version);
    const t0 = performance.now();
    client.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [change] });
    await reply;
    if (i >= warmup) times.push(performance.now() - t0);
  }
  const cpuEnd = processCpuMs(serverPid);
  const serverCpuMsPerEdit = cpuStart !== undefined && cpuEnd !== undefined ? (cpuEnd - cpuStart) / edits : undefined;
  client.notify('textDocument/didClose', { textDocument: { uri } });
  return {
    serverCpuMsPerEdit, texts, targetMs, warmupEdits: warmup, file: uri.split('/').pop()!, lines: lines.length - (text.endsWith('\n') ? 1 : 0), edits, p50Ms: median(times), p99Ms: percentile(times, 99), maxMs: Math.max(...times), diagnostics: first.params.diagnostics.length, editedLine: lines[editLine].trim() };
}

async function section3() {
  const dir = join(TMP, 'lsp');
  mkdirSync(dir, { recursive: true });
  const dockerfile = largeDockerfile(1000);
  const compose = largeCompose(500);
  writeFileSync(join(dir, 'Dockerfile'), dockerfile);
  writeFileSync(join(dir, 'compose.yaml'), compose);
  const client = new LspClient(join(ROOT, 'bin', 'dockwright-language-server.js'));
  try {
    await client.initialize(pathToFileURL(dir).toString());
    const edits = QUICK ? 200 : 300;
    // A one-line RUN in the middle of the file: every keystroke changes a shell script (worst realistic case).
    const runLine = dockerfile.split('\n').findIndex((l, i) => i >= 500 && /^RUN mkdir/.test(l));
    const { texts: dfTexts, ...df } = await editLatency(client, pathToFileURL(join(dir, 'Dockerfile')).toString(), 'dockerfile', dockerfile, runLine, edits, TARGETS.lspP99Ms);
    df.baseline = baselinePerEdit(dfTexts, 'dockerfile-utils validate', (t) => dockerfileUtilsValidate(t));
    // A typical Dockerfile: a real 59-line multi-stage file of the corpus (docker/awesome-compose react-nginx).
    const small = readFileSync(join(__dirname, 'corpus', 'dockerfiles', TYPICAL_DOCKERFILE), 'utf8');
    mkdirSync(join(dir, 'typical'), { recursive: true });
    writeFileSync(join(dir, 'typical', 'Dockerfile'), small);
    const smallLine = small.split('\n').findIndex((l) => l.startsWith('RUN rm'));
    const typicalUri = pathToFileURL(join(dir, 'typical', 'Dockerfile')).toString();
    const { texts: smallTexts, ...typical } = await editLatency(client, typicalUri, 'dockerfile', small, smallLine, edits, TARGETS.lspSmallP99Ms);
    typical.baseline = baselinePerEdit(smallTexts, 'dockerfile-utils validate', (t) => dockerfileUtilsValidate(t));
    // The same file again after thousands of keystrokes: the p99 of the first few hundred edits includes V8 still
    // optimising the server's code on background threads (docs/performance.md), this one the steady state.
    const { texts: _warmTexts, ...typicalWarm } = await editLatency(client, typicalUri, 'dockerfile', small, smallLine, edits, TARGETS.lspSmallP99Ms, QUICK ? 1000 : 3000);
    typicalWarm.steadyState = true;
    const composeLine = compose.split('\n').findIndex((l, i) => i > 250 && l.includes('LOG_LEVEL'));
    const { texts: cfTexts, ...cf } = await editLatency(client, pathToFileURL(join(dir, 'compose.yaml')).toString(), 'dockercompose', compose, composeLine, edits, TARGETS.lspP99Ms);
    cf.baseline = baselinePerEdit(cfTexts, 'yaml parseDocument', (t) => parseDocument(t));
    if (!composeRulesAvailable()) cf.note = 'no compose rules in this build: measures sync + round trip only';
    return { dockerfile: df, typical, typicalWarm, compose: cf };
  } finally {
    await client.shutdown();
  }
}

interface ChildReport {
  wallMs: number;
  exitCode: number;
  maxRssKb: number;
  userMs: number;
  systemMs: number;
  inProcessMs: number;
}

function runMeasured(entry: string, args: string[], cwd: string, extraNodeArgs: string[] = []): Promise<ChildReport> {
  return new Promise((resolvePromise, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, [...extraNodeArgs, join(__dirname, 'measure-child.cjs'), entry, ...args], { cwd, stdio: ['ignore', 'ignore', 'pipe', 'pipe'] });
    let report = '';
    let stderr = '';
    child.stdio[3]!.on('data', (c: Buffer) => (report += c.toString()));
    child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', () => {
      const wallMs = performance.now() - t0;
      try {
        resolvePromise({ wallMs, ...JSON.parse(report) });
      } catch {
        reject(new Error(`child ${entry} reported nothing; stderr: ${stderr.slice(0, 2000)}`));
      }
    });
  });
}

async function section4() {
  const root = join(TMP, 'workspace');
  generateWorkspace(root, 1000, 300);
  const cli = join(ROOT, 'dist', 'cli', 'cli.js');
  const runs: ChildReport[] = [];
  for (let i = 0; i < (QUICK ? 2 : 3); i++) runs.push(await runMeasured(cli, ['check', '.', '--format', 'json'], root));
  const exitCodes = [...new Set(runs.map((r) => r.exitCode))];
  if (exitCodes.some((c) => c !== 0 && c !== 1)) throw new CorpusFailure(`CLI failed on the generated workspace (exit ${exitCodes.join(',')})`);

  // Incremental: a long-lived analysis like the language server's (open documents over the disk), one compose edit.
  const registry = new WorkspaceRegistry();
  registry.setFolders([pathToFileURL(root).toString()]);
  const composeUri = pathToFileURL(join(root, 'stacks', 'stack000', 'compose.yaml')).toString();
  const composeText = readFileSync(join(root, 'stacks', 'stack000', 'compose.yaml'), 'utf8');
  const location = registry.didOpenOrChange(composeUri, composeText)!;
  const analysis = location.analysis;
  const files = analysis.files().filter((f) => fileKind(f) !== 'other');
  const warmMs = timeOnce(() => checkFiles(files, analysis));
  const editedFile: number[] = [];
  const wholeWorkspace: number[] = [];
  const reps = QUICK ? 3 : 5;
  const editedFileCpu: number[] = [];
  const wholeWorkspaceCpu: number[] = [];
  const cpuMs = (c: NodeJS.CpuUsage) => (c.user + c.system) / 1000;
  for (let i = 0; i < reps; i++) {
    registry.didOpenOrChange(composeUri, composeText.replace('"20000:8080"', `"${21000 + i}:8080"`));
    let c0 = process.cpuUsage();
    editedFile.push(timeOnce(() => checkFile(location.path, analysis)));
    editedFileCpu.push(cpuMs(process.cpuUsage(c0)));
    c0 = process.cpuUsage();
    wholeWorkspace.push(timeOnce(() => checkFiles(files, analysis)));
    wholeWorkspaceCpu.push(cpuMs(process.cpuUsage(c0)));
  }
  // Baseline in this run: what the two validators alone cost on the same 1,300 files (one process, CPU and wall).
  const dockerfilePaths = files.filter((f) => fileKind(f) === 'dockerfile').map((f) => join(root, f));
  const composePaths = files.filter((f) => fileKind(f) === 'compose').map((f) => join(root, f));
  const baselineScript = `
    const { readFileSync } = require('node:fs');
    const { validate } = require('dockerfile-utils');
    const { parseDocument } = require('yaml');
    const [dockerfiles, composeFiles] = JSON.parse(readFileSync(0, 'utf8'));
    const t0 = performance.now();
    for (const f of dockerfiles) validate(readFileSync(f, 'utf8'));
    for (const f of composeFiles) parseDocument(readFileSync(f, 'utf8'));
    const u = process.resourceUsage();
    process.stdout.write(JSON.stringify({ wallMs: performance.now() - t0, cpuMs: (u.userCPUTime + u.systemCPUTime) / 1000, maxRssMb: u.maxRSS / 1024 }));`;
  const baselineRuns: { wallMs: number; cpuMs: number; maxRssMb: number }[] = [];
  for (let i = 0; i < (QUICK ? 2 : 3); i++) {
    const r = spawnSync(process.execPath, ['-e', baselineScript], { cwd: ROOT, input: JSON.stringify([dockerfilePaths, composePaths]), encoding: 'utf8', maxBuffer: 1 << 20 });
    if (r.status !== 0) throw new Error(`workspace baseline failed: ${r.stderr.slice(0, 500)}`);
    baselineRuns.push(JSON.parse(r.stdout));
  }
  return {
    dockerfiles: 1000,
    composeFiles: 300,
    baseline: { what: 'dockerfile-utils validate + yaml parseDocument of the same files, one process', wallMsMedian: median(baselineRuns.map((r) => r.wallMs)), cpuMsMedian: median(baselineRuns.map((r) => r.cpuMs)), maxRssMb: Math.max(...baselineRuns.map((r) => r.maxRssMb)) },
    cli: { runs: runs.length, wallMsMedian: median(runs.map((r) => r.wallMs)), wallMsMax: Math.max(...runs.map((r) => r.wallMs)), maxRssMb: Math.max(...runs.map((r) => r.maxRssKb)) / 1024, cpuMsMedian: median(runs.map((r) => r.userMs + r.systemMs)), exitCode: runs[0].exitCode },
    incremental: { inProcessFirstCheckMs: warmMs, editedFileMs: median(editedFile), wholeWorkspaceMs: median(wholeWorkspace), editedFileCpuMs: median(editedFileCpu), wholeWorkspaceCpuMs: median(wholeWorkspaceCpu), reps },
  };
}

async function section5() {
  const splitModule = join(ROOT, 'server', 'src', 'core', 'split', 'index.ts');
  if (!existsSync(splitModule)) return { available: false, note: 'the split planner (server/src/core/split) is not in this build' };
  const split = (await import(splitModule)) as { planSplit?: (workspace: unknown, dockerfilePath: string, options?: unknown) => unknown };
  if (typeof split.planSplit !== 'function') return { available: false, note: 'server/src/core/split has no planSplit() export in this build' };
  const planSplit = split.planSplit;
  const measure = (workspace: FsWorkspace, dockerfile: string, reps: number) => {
    const first = planSplit(workspace, dockerfile, {}) as { programs?: unknown[]; notMonolithReason?: string };
    const times: number[] = [];
    const cpu: number[] = [];
    for (let i = 0; i < reps; i++) {
      const c0 = process.cpuUsage();
      times.push(timeOnce(() => planSplit(new FsWorkspace(workspace.root), dockerfile, {})));
      const c = process.cpuUsage(c0);
      cpu.push((c.user + c.system) / 1000);
    }
    return { medianMs: median(times), p99Ms: percentile(times, 99), cpuMedianMs: median(cpu), reps, programs: first.programs?.length ?? 0, notMonolithReason: first.notMonolithReason };
  };
  const photos = measure(new FsWorkspace(join(ROOT, 'examples', 'photos')), 'backend/Dockerfile', QUICK ? 10 : 30);
  const generatedRoot = join(TMP, 'split50');
  const dockerfile = generateSplitRepo(generatedRoot, 50);
  const generated = measure(new FsWorkspace(generatedRoot), dockerfile, QUICK ? 3 : 5);
  // A plan that finds nothing to split is cheap and would pass for a fast one: the measurement must plan all 50.
  if (generated.programs !== 50) throw new Error(`split planning found ${generated.programs} of the 50 generated programs (${generated.notMonolithReason ?? 'no reason given'})`);
  return { available: true, photos, generated50: generated };
}

function bundleSizes() {
  const out: { file: string; bytes: number; gzipBytes: number }[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name.endsWith('.js')) {
        const data = readFileSync(p);
        out.push({ file: relative(ROOT, p), bytes: data.length, gzipBytes: gzipSync(data).length });
      }
    }
  };
  if (existsSync(join(ROOT, 'dist'))) walk(join(ROOT, 'dist'));
  return out;
}

function productionBundleSizes() {
  // The .vsix ships minified bundles (scripts/build.mjs --production); build the same three into a temp folder.
  const outdir = join(TMP, 'prod-dist');
  const script = `
    const { buildSync } = require('esbuild');
    const common = { bundle: true, platform: 'node', target: 'node20', format: 'cjs', minify: true, logLevel: 'error', define: { DOCKWRIGHT_VERSION: '"bench"' } };
    buildSync({ ...common, entryPoints: ['client/src/extension.ts'], outfile: ${JSON.stringify(join(outdir, 'client', 'extension.js'))}, external: ['vscode'] });
    buildSync({ ...common, entryPoints: ['server/src/lsp/server.ts'], outfile: ${JSON.stringify(join(outdir, 'server', 'server.js'))} });
    buildSync({ ...common, entryPoints: ['server/src/cli/cli.ts'], outfile: ${JSON.stringify(join(outdir, 'cli', 'cli.js'))} });
    buildSync({ ...common, stdin: { contents: "module.exports = require('vscode-languageclient/node');", resolveDir: process.cwd() }, outfile: ${JSON.stringify(join(outdir, 'languageclient-only.js'))}, external: ['vscode'] });`;
  const r = spawnSync(process.execPath, ['-e', script], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) return { error: r.stderr.slice(0, 500) };
  return ['client/extension.js', 'server/server.js', 'cli/cli.js', 'languageclient-only.js'].map((f) => {
    const data = readFileSync(join(outdir, f));
    return { file: f, bytes: data.length, gzipBytes: gzipSync(data).length };
  });
}

/**
 * Loads a client bundle in a fresh process with a stub `vscode` module and calls activate(): the times to require
 * it, for activate() to return, and for its promise to resolve (activate() starts the language client without
 * awaiting it, so both are the same; the server's start is measured on its own). `bundle` null: require only.
 */
function activationScript(bundle: string, apiNamesFrom: string, activate: boolean): string {
  return `
    const Module = require('module');
    const path = require('path');
    const original = Module._load;
    // Any member of the stub is another stub (classes can extend it, calls and constructions return stubs, writes are accepted).
    const stub = () => new Proxy(function () {}, { get: (t, p) => (p === 'prototype' ? t.prototype : p === Symbol.toPrimitive || p === 'then' ? undefined : stub()), apply: () => stub(), construct: () => stub(), set: () => true });
    // esbuild's namespace import of a CommonJS module copies the module's own properties, so the stub module
    // has one for every \`vscode.X\` the (unminified) bundle names; found before timing.
    const api = {};
    for (const m of require('fs').readFileSync(${JSON.stringify(apiNamesFrom)}, 'utf8').matchAll(/\\bvscode\\d*\\.([A-Za-z_$][\\w$]*)/g)) api[m[1]] = stub();
    api.version = '1.100.0';
    api.env = { language: 'en', appName: 'bench', machineId: 'bench', sessionId: 'bench', uiKind: 1 };
    const vscodeStub = new Proxy(api, { get: (t, p) => (p in t ? t[p] : p === '__esModule' || p === Symbol.toPrimitive || p === 'then' ? undefined : stub()) });
    Module._load = function (request) {
      if (request === 'vscode') return vscodeStub;
      return original.apply(this, arguments);
    };
    const ms = (a, b) => Number(b - a) / 1e6;
    const cpu = () => { const c = process.cpuUsage(); return (c.user + c.system) / 1000; };
    const c0 = cpu();
    const t0 = process.hrtime.bigint();
    const ext = require(${JSON.stringify(bundle)});
    const t1 = process.hrtime.bigint();
    const requireCpuMs = cpu() - c0;
    if (!${activate}) {
      process.stdout.write(JSON.stringify({ requireMs: ms(t0, t1), requireCpuMs }));
      process.exit(0);
    }
    if (typeof ext.activate !== 'function') throw new Error('no activate export');
    const root = ${JSON.stringify(ROOT)};
    const memento = { get: () => undefined, update: async () => {}, keys: () => [] };
    const context = { subscriptions: [], asAbsolutePath: (p) => path.join(root, p), extensionPath: root, extensionUri: stub(), workspaceState: memento, globalState: memento, environmentVariableCollection: stub(), secrets: stub() };
    const c1 = cpu();
    const returned = ext.activate(context);
    const t2 = process.hrtime.bigint();
    const activateCallCpuMs = cpu() - c1;
    Promise.resolve(returned).then(() => {
      const t3 = process.hrtime.bigint();
      process.stdout.write(JSON.stringify({ requireMs: ms(t0, t1), requireCpuMs, activateCallMs: ms(t1, t2), activateCallCpuMs, activateResolvedMs: ms(t1, t3) }));
      process.exit(0);
    }, (e) => { process.stderr.write(String(e && e.stack)); process.exit(1); });
    setTimeout(() => { process.stderr.write('activate() did not resolve in 30 s'); process.exit(1); }, 30000).unref();`;
}

async function section6() {
  // What the extension host pays on activation: loading the client bundle and running activate() with a stub
  // `vscode` module (there is no VS Code here), and the language server's start-up to its initialize reply.
  // Baseline in the same run: vscode-languageclient alone (bundled and minified the same way), which every
  // LSP-based extension loads: the floor for the client bundle's size and load time.
  const production = productionBundleSizes();
  const prodDir = join(TMP, 'prod-dist');
  const devBundle = join(ROOT, 'dist', 'client', 'extension.js');
  const runScript = (script: string) => {
    const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', cwd: ROOT });
    if (r.status !== 0) throw new Error(`activation measurement failed: ${r.stderr.slice(0, 2000)}`);
    return JSON.parse(r.stdout) as { requireMs: number; requireCpuMs: number; activateCallMs?: number; activateCallCpuMs?: number; activateResolvedMs?: number };
  };
  const activations: { requireMs: number; requireCpuMs: number; activateCallMs?: number; activateCallCpuMs?: number; activateResolvedMs?: number }[] = [];
  const baselineLoads: number[] = [];
  const baselineLoadsCpu: number[] = [];
  for (let i = 0; i < (QUICK ? 5 : 10); i++) {
    activations.push(runScript(activationScript(join(prodDir, 'client', 'extension.js'), devBundle, true)));
    const b = runScript(activationScript(join(prodDir, 'languageclient-only.js'), devBundle, false));
    baselineLoads.push(b.requireMs);
    baselineLoadsCpu.push(b.requireCpuMs);
  }
  const starts: number[] = [];
  for (let i = 0; i < (QUICK ? 3 : 5); i++) {
    const t0 = performance.now();
    const client = new LspClient(join(ROOT, 'bin', 'dockwright-language-server.js'));
    await client.initialize(null);
    starts.push(performance.now() - t0);
    await client.shutdown();
  }
  return {
    clientBundleRequireMsMedian: median(activations.map((a) => a.requireMs)),
    activateCallMsMedian: median(activations.map((a) => a.activateCallMs!)),
    activateResolvedMsMedian: median(activations.map((a) => a.activateResolvedMs!)),
    baselineLanguageClientRequireMsMedian: median(baselineLoads),
    clientBundleRequireCpuMsMedian: median(activations.map((a) => a.requireCpuMs)),
    activateCallCpuMsMedian: median(activations.map((a) => a.activateCallCpuMs!)),
    baselineLanguageClientRequireCpuMsMedian: median(baselineLoadsCpu),
    serverStartToInitializeMsMedian: median(starts),
    bundles: bundleSizes(),
    production,
  };
}

// ---------- report ----------

const TYPICAL_DOCKERFILE = 'docker__awesome-compose__react-nginx.Dockerfile';

const TARGETS = {
  dockerfileRatio: 1.5,
  composeRatio: 2.0,
  lspP99Ms: 20,
  lspSmallP99Ms: 5,
  clientBundleKb: 300,
  activationMs: 50,
  workspaceColdMs: 2000,
  workspaceRssMb: 150,
  splitMs: 50,
};

const verdict = (ok: boolean | undefined) => (ok === undefined ? 'n/a' : ok ? 'met' : '**not met**');

function markdown(r: any): string {
  const m = r.machine;
  const L: string[] = [];
  L.push(`Machine: ${m.cpuModel}, ${m.cores} cores (available parallelism ${m.availableParallelism}${m.cgroupCpuMax ? `, cgroup cpu.max ${m.cgroupCpuMax}` : ''}), ${m.ramGb} GB RAM, Node ${m.node}, ${m.platform}, load average ${m.loadAverage?.join(' / ') ?? 'n/a'} at the end of the run. Run ${r.date}${r.quick ? ' (--quick)' : ''}.`);
  if (r.reruns?.length) L.push(`Sections measured in other runs on the same machine: ${r.reruns.map((x: any) => `${x.sections.join(', ')} (${x.date}, load average ${x.machine.loadAverage?.join(' / ') ?? 'n/a'})`).join('; ')}.`);
  L.push('');
  L.push('| # | Measurement | Dockwright | Baseline | Ratio | Target | Verdict |');
  L.push('| --- | --- | ---: | ---: | ---: | --- | --- |');
  const s1 = r.dockerfile;
  const missing = (n: number, what: string) => L.push(`| ${n} | ${what} | not measured in this run | | | | n/a |`);
  if (!s1?.ours) missing(1, 'Dockerfile check');
  else {
  L.push(`| 1 | Dockerfile check, ${s1.files} corpus files, median per file (ms) | ${ms(s1.ours.medianMs)} | ${ms(s1.baseline.medianMs)} (dockerfile-utils validate) | ${ms(s1.ratioMedian, 2)}× | ≤ ${TARGETS.dockerfileRatio}× | ${verdict(s1.ratioMedian <= TARGETS.dockerfileRatio)} |`);
  L.push(`| 1 | Dockerfile check, p99 per file (ms) | ${ms(s1.ours.p99Ms)} | ${ms(s1.baseline.p99Ms)} | ${ms(s1.ratioP99, 2)}× | ≤ ${TARGETS.dockerfileRatio}× | ${verdict(s1.ratioP99 <= TARGETS.dockerfileRatio)} |`);
  L.push(`| 1 | Dockerfile re-check with RUN parses memoised, median / p99 per file (ms) | ${ms(s1.warm.medianMs)} / ${ms(s1.warm.p99Ms)} | ${ms(s1.baseline.medianMs)} / ${ms(s1.baseline.p99Ms)} | ${ms(s1.warm.ratioMedian, 2)}× | | |`);
  L.push(`| 1 | Dockerfile check, whole corpus (ms, sum of per-file medians) | ${ms(s1.ours.totalMs, 1)} | ${ms(s1.baseline.totalMs, 1)} | ${ms(s1.ratioTotal, 2)}× | | |`);
  if (s1.cpu) L.push(`| 1 | Dockerfile check, whole corpus (ms of CPU time) | ${ms(s1.cpu.oursMs, 1)} | ${ms(s1.cpu.baselineMs, 1)} | ${ms(s1.cpu.ratio, 2)}× | ≤ ${TARGETS.dockerfileRatio}× | ${verdict(s1.cpu.ratio <= TARGETS.dockerfileRatio)} |`);
  L.push(`| 1 | Dockerfile check, generated ${s1.large.lines}-line file (ms) | ${ms(s1.large.oursMs)} | ${ms(s1.large.baselineMs)} | ${ms(s1.large.ratio, 2)}× | | |`);
  }
  const s2 = r.compose;
  if (!s2 || s2.skipped || (s2.available && !s2.ours)) missing(2, 'Compose check');
  else if (s2.available) {
    L.push(`| 2 | Compose check, ${s2.files} corpus files, median per file (ms) | ${ms(s2.ours.medianMs)} | ${ms(s2.baseline.medianMs)} (yaml parseDocument) | ${ms(s2.ratioMedian, 2)}× | ≤ ${TARGETS.composeRatio}× | ${verdict(s2.ratioMedian <= TARGETS.composeRatio)} |`);
    L.push(`| 2 | Compose check, p99 per file (ms) | ${ms(s2.ours.p99Ms)} | ${ms(s2.baseline.p99Ms)} | ${ms(s2.ratioP99, 2)}× | ≤ ${TARGETS.composeRatio}× | ${verdict(s2.ratioP99 <= TARGETS.composeRatio)} |`);
    L.push(`| 2 | Compose check, whole corpus (ms, sum of per-file medians) | ${ms(s2.ours.totalMs, 1)} | ${ms(s2.baseline.totalMs, 1)} | ${ms(s2.ratioTotal, 2)}× | | |`);
    if (s2.cpu) L.push(`| 2 | Compose check, whole corpus (ms of CPU time) | ${ms(s2.cpu.oursMs, 1)} | ${ms(s2.cpu.baselineMs, 1)} | ${ms(s2.cpu.ratio, 2)}× | ≤ ${TARGETS.composeRatio}× | ${verdict(s2.cpu.ratio <= TARGETS.composeRatio)} |`);
    L.push(`| 2 | Compose check, generated ${s2.large.lines}-line file (ms) | ${ms(s2.large.oursMs)} | ${ms(s2.large.baselineMs)} | ${ms(s2.large.ratio, 2)}× | | |`);
  } else {
    L.push(`| 2 | Compose check | not available: ${s2.note} | | | ≤ ${TARGETS.composeRatio}× | n/a |`);
  }
  const s3 = r.lsp;
  if (!s3?.dockerfile) missing(3, 'LSP didChange → diagnostics');
  else for (const [label, x] of [['Dockerfile (generated)', s3.dockerfile], ['typical Dockerfile (corpus)', s3.typical], ['typical Dockerfile (corpus)', s3.typicalWarm], ['compose (generated)', s3.compose]] as const) {
    if (!x) continue;
    const target = x.targetMs ?? TARGETS.lspP99Ms;
    const base = x.baseline ? `${ms(x.baseline.p50Ms, 2)} / ${ms(x.baseline.p99Ms, 2)} (${x.baseline.what} alone, CPU per edit)` : '';
    const after = x.steadyState ? ` after ${x.warmupEdits.toLocaleString('en')} warm-up edits (steady state)` : '';
    L.push(`| 3 | LSP didChange → diagnostics, ${x.lines}-line ${label}, ${x.edits} edits${after}: p50 / p99 (ms)${x.serverCpuMsPerEdit !== undefined ? `; server CPU per edit ${ms(x.serverCpuMsPerEdit, 1)} ms` : ''} | ${ms(x.p50Ms, 2)} / ${ms(x.p99Ms, 2)} | ${base} | ${x.baseline ? `${ms(ratio(x.p99Ms, x.baseline.p99Ms), 2)}×` : ''} | ${x.steadyState ? '' : `p99 < ${target} ms`} | ${x.steadyState ? '' : verdict(x.p99Ms < target)}${x.note ? ` (${x.note})` : ''} |`);
  }
  const s4 = r.workspace;
  if (!s4?.cli) missing(4, 'Workspace scale (CLI cold, incremental)');
  else {
  const b4 = s4.baseline;
  L.push(`| 4 | CLI cold check, ${s4.dockerfiles} Dockerfiles + ${s4.composeFiles} compose files: wall (ms, median of ${s4.cli.runs}; CPU ${ms(s4.cli.cpuMsMedian, 0)} ms) | ${ms(s4.cli.wallMsMedian, 0)} | ${b4 ? `${ms(b4.wallMsMedian, 0)} wall, CPU ${ms(b4.cpuMsMedian, 0)} (validate + parseDocument only, in one process, without process start)` : ''} | ${b4 ? `${ms(ratio(s4.cli.cpuMsMedian, b4.cpuMsMedian), 2)}× CPU` : ''} | < ${TARGETS.workspaceColdMs} ms | ${verdict(s4.cli.wallMsMedian < TARGETS.workspaceColdMs)} |`);
  L.push(`| 4 | CLI cold check: peak RSS (MB) | ${ms(s4.cli.maxRssMb, 1)} | ${b4 ? ms(b4.maxRssMb, 1) : ''} | | < ${TARGETS.workspaceRssMb} MB | ${verdict(s4.cli.maxRssMb < TARGETS.workspaceRssMb)} |`);
  const incCpu = s4.incremental.wholeWorkspaceCpuMs !== undefined ? `; CPU ${ms(s4.incremental.editedFileCpuMs, 2)} / ${ms(s4.incremental.wholeWorkspaceCpuMs, 0)}` : '';
  L.push(`| 4 | Incremental after one compose edit (long-lived analysis): edited file / whole workspace (ms${incCpu}) | ${ms(s4.incremental.editedFileMs, 2)} / ${ms(s4.incremental.wholeWorkspaceMs, 1)} | first check ${ms(s4.incremental.inProcessFirstCheckMs, 0)} | | | |`);
  }
  const s5 = r.split;
  if (!s5 || s5.skipped) missing(5, 'Split planning');
  else if (s5.available) {
    const cpuNote = (x: any) => (x.cpuMedianMs !== undefined ? `; CPU ${ms(x.cpuMedianMs, 1)}` : '');
    L.push(`| 5 | Split planning, examples/photos, ${s5.photos.programs ?? '?'} programs (ms, median / p99${cpuNote(s5.photos)}) | ${ms(s5.photos.medianMs, 2)} / ${ms(s5.photos.p99Ms, 2)} | | | < ${TARGETS.splitMs} ms | ${verdict(s5.photos.medianMs < TARGETS.splitMs)} |`);
    L.push(`| 5 | Split planning, generated repo, ${s5.generated50.programs ?? '?'} programs (ms, median / p99${cpuNote(s5.generated50)}) | ${ms(s5.generated50.medianMs, 2)} / ${ms(s5.generated50.p99Ms, 2)} | | | | |`);
  } else {
    L.push(`| 5 | Split planning | not available: ${s5.note} | | | < ${TARGETS.splitMs} ms | n/a |`);
  }
  const s6 = r.extension;
  if (!s6?.bundles) missing(6, 'Extension activation and bundle sizes');
  else {
  const kb = (b: number) => (b / 1024).toFixed(0);
  const prod = Array.isArray(s6.production) ? s6.production : [];
  const floor = prod.find((b: any) => b.file === 'languageclient-only.js');
  const activation = (s6.clientBundleRequireMsMedian ?? 0) + (s6.activateCallMsMedian ?? 0);
  L.push(`| 6 | Client bundle require (production bundle, stub \`vscode\`, ms, median; CPU ${ms(s6.clientBundleRequireCpuMsMedian, 1)} ms) | ${ms(s6.clientBundleRequireMsMedian, 1)} | ${floor ? `${ms(s6.baselineLanguageClientRequireMsMedian, 1)}, CPU ${ms(s6.baselineLanguageClientRequireCpuMsMedian, 1)} (vscode-languageclient alone)` : ''} | ${ms(ratio(s6.clientBundleRequireCpuMsMedian, s6.baselineLanguageClientRequireCpuMsMedian), 2)}× CPU | | |`);
  if (s6.activateCallMsMedian !== undefined) {
    const activationCpu = (s6.clientBundleRequireCpuMsMedian ?? 0) + (s6.activateCallCpuMsMedian ?? 0);
    L.push(`| 6 | Activation: require + activate() until it returns (ms, median; CPU ${ms(activationCpu, 1)} ms) | ${ms(activation, 1)} | | | < ${TARGETS.activationMs} ms | ${verdict(activation < TARGETS.activationMs)} |`);
    L.push(`| 6 | Activation: require + activate() until its promise resolves (activate() starts the language server without waiting for it; its start is the next row) (ms, median) | ${ms(s6.clientBundleRequireMsMedian + s6.activateResolvedMsMedian, 1)} | | | < ${TARGETS.activationMs} ms | ${verdict(s6.clientBundleRequireMsMedian + s6.activateResolvedMsMedian < TARGETS.activationMs)} |`);
  }
  L.push(`| 6 | Language server start → initialize reply (ms, median) | ${ms(s6.serverStartToInitializeMsMedian, 1)} | | | | |`);
  for (const b of prod) {
    if (b.file === 'languageclient-only.js') continue;
    const client = b.file === 'client/extension.js';
    L.push(`| 6 | Bundle size (production, minified) ${b.file} (KiB / gzip KiB) | ${kb(b.bytes)} / ${kb(b.gzipBytes)} | ${client && floor ? `${kb(floor.bytes)} / ${kb(floor.gzipBytes)} (vscode-languageclient alone)` : ''} | ${client && floor ? `${ms(ratio(b.bytes, floor.bytes), 2)}×` : ''} | ${client ? `< ${TARGETS.clientBundleKb} KB` : ''} | ${client ? verdict(b.bytes < TARGETS.clientBundleKb * 1000) : ''} |`);
  }
  for (const b of s6.bundles) L.push(`| 6 | Bundle size (npm run build) ${b.file} (KiB / gzip KiB) | ${kb(b.bytes)} / ${kb(b.gzipBytes)} | | | | |`);
  }
  L.push('');
  if (s1?.slowest) L.push(`Slowest Dockerfiles (ours / dockerfile-utils, ms): ${s1.slowest.map((s: any) => `${s.file} ${ms(s.oursMs, 2)} / ${ms(s.baselineMs, 2)}`).join('; ')}.`);
  if (s2?.available && s2.slowest) L.push(`Slowest compose files (ours / yaml, ms): ${s2.slowest.map((s: any) => `${s.file} ${ms(s.oursMs, 2)} / ${ms(s.baselineMs, 2)}`).join('; ')}.`);
  if (s3?.dockerfile) L.push(`LSP edits: typing at the end of \`${s3.dockerfile.editedLine}\` (Dockerfile) and \`${s3.compose.editedLine}\` (compose), one character per didChange, 10 characters then one delete.`);
  L.push(`Rules in this build: ${r.rules.join(', ')}.`);
  return L.join('\n') + '\n';
}

/** `--splice=FILE`: merge the sections of an earlier `--only=…` run (its JSON output) into latest.json and re-render. */
function splice(file: string): void {
  const partial = JSON.parse(readFileSync(file, 'utf8'));
  const latestPath = join(__dirname, 'results', 'latest.json');
  const previous = JSON.parse(readFileSync(latestPath, 'utf8'));
  const keys = ['dockerfile', 'compose', 'lsp', 'workspace', 'split', 'extension'];
  const measured = (k: string) => partial[k] && !partial[k].skipped && (k !== 'dockerfile' || partial[k].ours) && (k !== 'compose' || partial[k].available !== undefined);
  const sections = keys.map((k, i) => (measured(k) ? i + 1 : 0)).filter(Boolean);
  for (const n of sections) previous[keys[n - 1]] = partial[keys[n - 1]];
  previous.reruns = [...(previous.reruns ?? []), { sections, date: partial.date, machine: partial.machine }];
  writeFileSync(latestPath, JSON.stringify(previous, null, 2) + '\n');
  const md = markdown(previous);
  writeFileSync(join(__dirname, 'results', 'latest.md'), md);
  process.stdout.write(md);
}

async function main() {
  const spliceFile = process.argv.find((a) => a.startsWith('--splice='))?.slice(9);
  if (spliceFile) return splice(spliceFile);
  const started = Date.now();
  mkdirSync(TMP, { recursive: true });
  if (!existsSync(join(ROOT, 'dist', 'cli', 'cli.js'))) throw new Error('dist/ is missing: run `npm run build` first (npm run bench does)');
  const dockerfiles = readCorpus('dockerfiles');
  const composeFiles = readCorpus('compose');
  const log = (s: string) => process.stderr.write(`bench: ${s}\n`);
  log(`corpus: ${dockerfiles.length} Dockerfiles, ${composeFiles.length} compose files`);
  try {
    const skipped = { skipped: true };
    log('1/6 Dockerfile check vs dockerfile-utils');
    const dockerfile: any = runs(1) ? section1(dockerfiles) : { failures: [], skipped: true };
    log('2/6 compose check vs yaml parse');
    const compose: any = runs(2) ? section2(composeFiles) : { failures: [], skipped: true };
    const failures = [...dockerfile.failures, ...compose.failures];
    if (failures.length) {
      process.stderr.write(`bench: FAILED: ${failures.length} corpus file(s) threw:\n${failures.join('\n')}\n`);
      process.exitCode = 1;
      return;
    }
    log('3/6 LSP edit latency');
    const lsp = runs(3) ? await section3() : skipped;
    log('4/6 workspace scale');
    const workspace = runs(4) ? await section4() : skipped;
    log('5/6 split planning');
    const split = runs(5) ? await section5() : skipped;
    log('6/6 extension activation and bundles');
    const extension = runs(6) ? await section6() : skipped;
    const result = { date: new Date().toISOString(), quick: QUICK, machine: machine(), rules: allRules.map((r) => r.code), dockerfile, compose, lsp, workspace, split, extension, targets: TARGETS, benchSeconds: (Date.now() - started) / 1000 };
    if (ONLY && process.argv.includes('--update')) {
      // Re-run of some sections: splice them into the last full results, and say so in them.
      const previous = JSON.parse(readFileSync(join(__dirname, 'results', 'latest.json'), 'utf8'));
      const keys = ['dockerfile', 'compose', 'lsp', 'workspace', 'split', 'extension'] as const;
      for (const n of ONLY) (previous as any)[keys[n - 1]] = (result as any)[keys[n - 1]];
      previous.reruns = [...(previous.reruns ?? []), { sections: ONLY, date: result.date, machine: result.machine }];
      Object.assign(result, previous);
    } else if (ONLY) {
      process.stdout.write(JSON.stringify(result, null, 2) + '\n');
      return;
    }
    const md = markdown(result);
    mkdirSync(join(__dirname, 'results'), { recursive: true });
    writeFileSync(join(__dirname, 'results', 'latest.json'), JSON.stringify(result, null, 2) + '\n');
    writeFileSync(join(__dirname, 'results', 'latest.md'), md);
    process.stdout.write(md);
    log(`done in ${result.benchSeconds.toFixed(0)} s; wrote bench/results/latest.{json,md}`);
  } finally {
    rmSync(TMP, { recursive: true, force: true });
  }
}

main().catch((error) => {
  process.stderr.write(`bench: FAILED: ${(error as Error)?.stack ?? error}\n`);
  process.exit(1);
});
