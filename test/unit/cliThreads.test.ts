// `dockwright check` on worker threads (DOCKWRIGHT_CHECK_THREADS=N) must print exactly what one thread prints: the
// same findings in the same order, the same exit code, in every format; in process (tsx) and from the built bundle.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { generateWorkspace } from '../../bench/generate';
import { main, runCheckParallel } from '../../server/src/cli/cli';
import { checkJob, checkJobInWorkers, openAnalysis, type CheckJob } from '../../server/src/cli/parallel';
import { fileKind } from '../../server/src/core/workspace';
import { SnapshotFsWorkspace } from '../../server/src/node/snapshotWorkspace';

const ROOT = path.resolve(__dirname, '../..');
const BIN = path.join(ROOT, 'bin/dockwright.js');

/** A generated workspace like the bench's (real corpus Dockerfiles, compose files wiring them), smaller. */
function workspace(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dw-threads-'));
  generateWorkspace(dir, 40, 12);
  return dir;
}

function withThreads<T>(n: string | undefined, fn: () => T): T {
  const before = process.env.DOCKWRIGHT_CHECK_THREADS;
  if (n === undefined) delete process.env.DOCKWRIGHT_CHECK_THREADS;
  else process.env.DOCKWRIGHT_CHECK_THREADS = n;
  try {
    return fn();
  } finally {
    if (before === undefined) delete process.env.DOCKWRIGHT_CHECK_THREADS;
    else process.env.DOCKWRIGHT_CHECK_THREADS = before;
  }
}

test('check slices on 2 and 3 threads merge to exactly the one-thread findings', async () => {
  const root = workspace();
  const files = new SnapshotFsWorkspace(root).listFiles().filter((f) => fileKind(f) !== 'other');
  const job: CheckJob = { root, files };
  const one = checkJob(job);
  assert.ok(one.findings.length > 50);
  const strip = (r: typeof one) => ({ ...r, findings: r.findings.map((f) => ({ ...f, fixes: [] })) });
  for (const threads of [2, 3]) assert.deepEqual(strip(await checkJobInWorkers(job, threads, openAnalysis(job).analysis)), strip(one), `${threads} threads`);
});

test('dockwright check prints the same with DOCKWRIGHT_CHECK_THREADS=2 as in one thread (in process and the bundle)', async () => {
  const root = workspace();
  for (const format of ['json', 'text', 'sarif']) {
    const args = ['check', '.', '--format', format];
    let stdout1 = '';
    let stderr1 = '';
    const status1 = withThreads(undefined, () => main(args, { cwd: root, stdout: (t) => (stdout1 += t), stderr: (t) => (stderr1 += t) }));
    let stdout2 = '';
    let stderr2 = '';
    const pending = withThreads('2', () => runCheckParallel(args.slice(1), { cwd: root, stdout: (t) => (stdout2 += t), stderr: (t) => (stderr2 += t) }));
    const status2 = await pending;
    assert.equal(stderr2, stderr1, format);
    assert.equal(stdout2, stdout1, format);
    assert.equal(status2, status1, format);
    // The built CLI: its bundle is also the worker's entry.
    const spawned = (threads: string) => spawnSync(process.execPath, [BIN, ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, DOCKWRIGHT_CHECK_THREADS: threads }, maxBuffer: 1 << 26 });
    const a = spawned('1');
    const b = spawned('2');
    assert.equal(b.stderr, '', format);
    assert.equal(b.stdout, a.stdout, format);
    assert.equal(b.status, a.status, format);
    // (SARIF names the version, which only the bundle knows.)
    if (format !== 'sarif') assert.equal(a.stdout, stdout1, format);
  }
});
