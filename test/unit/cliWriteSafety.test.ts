/**
 * `dockwright split|profiles --write` end to end (in-process CLI): a write failure at any step leaves the tree
 * byte-identical, and plans that would write through a symlink or outside the folder are refused.
 * Failures are injected in the file system calls the CLI makes (root ignores permission bits, so a read-only
 * folder would not fail here), plus one real file-system clash.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { main } from '../../server/src/cli/cli';

// The module object the CLI's `import * as fs` reads through (bindings are live), so its calls can be made to fail.
const nodeFs: typeof import('node:fs') = require('node:fs');

const ROOT = path.resolve(__dirname, '../..');

function runCli(args: string[], cwd: string) {
  let stdout = '';
  let stderr = '';
  const status = main(args, { cwd, stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { status, stdout, stderr };
}

type Entry = { kind: 'file'; bytes: Buffer; mode: number } | { kind: 'dir' } | { kind: 'link'; target: string };

/** Every entry under `dir` (symlinks not followed) with its bytes, mode or link target. */
function snapshot(dir: string): Map<string, Entry> {
  const out = new Map<string, Entry>();
  const walk = (d: string) => {
    for (const name of fs.readdirSync(d).sort()) {
      const p = path.join(d, name);
      const rel = path.relative(dir, p);
      const st = fs.lstatSync(p);
      if (st.isSymbolicLink()) out.set(rel, { kind: 'link', target: fs.readlinkSync(p) });
      else if (st.isDirectory()) {
        out.set(rel, { kind: 'dir' });
        walk(p);
      } else out.set(rel, { kind: 'file', bytes: fs.readFileSync(p), mode: st.mode });
    }
  };
  walk(dir);
  return out;
}

function assertSameTree(dir: string, before: Map<string, Entry>, what: string): void {
  const after = snapshot(dir);
  assert.deepEqual([...after.keys()], [...before.keys()], `${what}: the same entries`);
  for (const [rel, entry] of before) assert.deepEqual(after.get(rel), entry, `${what}: ${rel} unchanged`);
}

function photosCopy(): string {
  const base = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'dw-cliwrite-')));
  const dir = path.join(base, 'ws');
  fs.cpSync(path.join(ROOT, 'examples/photos'), dir, { recursive: true });
  return dir;
}

/**
 * Makes the `n`-th (0-based) commit step of a write fail once: a rename of a temp file into place, or the unlink of
 * a file the plan deletes. Returns how many commit steps were attempted.
 */
function withFailingStep<T>(n: number, body: () => T): { result: T; steps: number } {
  const rename = nodeFs.renameSync;
  const unlink = nodeFs.unlinkSync;
  let steps = 0;
  let failed = false;
  const step = () => {
    if (steps++ === n && !failed) {
      failed = true;
      throw Object.assign(new Error(`EIO: i/o error (injected at step ${n})`), { code: 'EIO' });
    }
  };
  nodeFs.renameSync = (from, to) => {
    step();
    return rename(from, to);
  };
  nodeFs.unlinkSync = (p) => {
    // Removing our own temp files is rollback, not a commit step.
    if (!failed && !String(p).endsWith('.tmp')) step();
    return unlink(p);
  };
  try {
    return { result: body(), steps };
  } finally {
    nodeFs.renameSync = rename;
    nodeFs.unlinkSync = unlink;
  }
}

test('split --write: a write failure at every step leaves the tree byte-identical', () => {
  const dir = photosCopy();
  const before = snapshot(dir);
  const dry = JSON.parse(runCli(['split', 'backend/Dockerfile', '--format', 'json'], dir).stdout);
  const totalSteps = dry.creates.length + dry.edits.length + dry.deletes.length;
  assert.equal(totalSteps, 5, 'three new Dockerfiles, the compose edit, the old Dockerfile deleted');
  for (let n = 0; n < totalSteps; n++) {
    const { result, steps } = withFailingStep(n, () => runCli(['split', 'backend/Dockerfile', '--write'], dir));
    assert.ok(steps > n, `step ${n} was reached`);
    assert.equal(result.status, 1, result.stderr);
    assert.match(result.stderr, new RegExp(`^dockwright: writing failed, every change was rolled back: EIO: i/o error \\(injected at step ${n}\\)`));
    assertSameTree(dir, before, `failure at step ${n}`);
  }
  // Without a failure the same command writes (so the failures above were mid-write, not refusals).
  const ok = runCli(['split', 'backend/Dockerfile', '--write'], dir);
  assert.equal(ok.status, 0, ok.stderr);
  assert.ok(fs.existsSync(path.join(dir, 'backend/Dockerfile.worker')));
  assert.ok(!fs.existsSync(path.join(dir, 'backend/Dockerfile')));
});

test('split --write: a real clash while staging (a folder where a temp file goes) changes nothing', () => {
  const dir = photosCopy();
  // The CLI stages each new content as .<name>.dockwright-<pid>-<index>.tmp next to its target; occupy the second.
  fs.mkdirSync(path.join(dir, `backend/.Dockerfile.worker.dockwright-${process.pid}-1.tmp`));
  const before = snapshot(dir);
  const r = runCli(['split', 'backend/Dockerfile', '--write'], dir);
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stderr, /writing failed, every change was rolled back: EEXIST/);
  assertSameTree(dir, before, 'clash');
});

test('profiles --write: a failed rename of the compose file leaves it byte-identical', () => {
  const dir = photosCopy();
  const before = snapshot(dir);
  const { result, steps } = withFailingStep(0, () => runCli(['profiles', 'docker-compose.yml', '--write'], dir));
  assert.equal(steps, 1);
  assert.equal(result.status, 1, result.stderr);
  assert.match(result.stderr, /writing failed, every change was rolled back: EIO/);
  assertSameTree(dir, before, 'profiles');
  const ok = runCli(['profiles', 'docker-compose.yml', '--write'], dir);
  assert.equal(ok.status, 0, ok.stderr);
  assert.notDeepEqual(fs.readFileSync(path.join(dir, 'docker-compose.yml')), (before.get('docker-compose.yml') as { bytes: Buffer }).bytes, 'without a failure it writes');
});

test('--write refuses to write through a symlink, and nothing is written', () => {
  const dir = photosCopy();
  // The compose file the split edits is a link (inside the folder, so it is read); writing through it is refused.
  fs.mkdirSync(path.join(dir, 'deploy'));
  fs.renameSync(path.join(dir, 'docker-compose.yml'), path.join(dir, 'deploy/docker-compose.yml'));
  fs.symlinkSync('deploy/docker-compose.yml', path.join(dir, 'docker-compose.yml'));
  const before = snapshot(dir);
  const dry = JSON.parse(runCli(['split', 'backend/Dockerfile', '--format', 'json'], dir).stdout);
  assert.ok(dry.edits.includes('docker-compose.yml'), 'the plan edits the linked compose file');
  const r = runCli(['split', 'backend/Dockerfile', '--write'], dir);
  assert.equal(r.status, 1, r.stderr);
  assert.equal(r.stderr, 'dockwright: refusing to write through a symlink: docker-compose.yml (nothing was written)\n');
  assertSameTree(dir, before, 'symlinked compose file');
  const p = runCli(['profiles', 'docker-compose.yml', '--write'], dir);
  assert.equal(p.status, 1, p.stderr);
  assert.match(p.stderr, /refusing to write through a symlink/);
  assertSameTree(dir, before, 'profiles through a symlink');
});

test('--write never touches files outside the folder: links out of it and .. paths', () => {
  const dir = photosCopy();
  const outside = path.join(path.dirname(dir), 'outside');
  fs.mkdirSync(outside);
  fs.writeFileSync(path.join(outside, 'Dockerfile'), fs.readFileSync(path.join(dir, 'backend/Dockerfile')));
  // A compose file that is a link to a file outside: not read, so not edited.
  fs.renameSync(path.join(dir, 'docker-compose.yml'), path.join(outside, 'docker-compose.yml'));
  fs.symlinkSync(path.join(outside, 'docker-compose.yml'), path.join(dir, 'docker-compose.yml'));
  const beforeOutside = snapshot(outside);
  const beforeInside = snapshot(dir);

  const profiles = runCli(['profiles', 'docker-compose.yml', '--write'], dir);
  assert.equal(profiles.status, 0, profiles.stderr);
  assert.match(profiles.stdout, /cannot be read/);
  assertSameTree(dir, beforeInside, 'profiles through a link out');

  const escape = runCli(['split', '../outside/Dockerfile', '--write'], dir);
  assert.equal(escape.status, 2);
  assert.match(escape.stderr, /is not inside the root/);
  const viaRoot = runCli(['split', path.join(outside, 'Dockerfile'), '--root', dir, '--write'], dir);
  assert.equal(viaRoot.status, 2);

  // The split itself still works inside the folder and leaves the linked compose file (and its target) alone.
  const split = runCli(['split', 'backend/Dockerfile', '--write'], dir);
  assert.equal(split.status, 0, split.stderr);
  assert.equal(fs.readlinkSync(path.join(dir, 'docker-compose.yml')), path.join(outside, 'docker-compose.yml'));
  assertSameTree(outside, beforeOutside, 'outside folder');
});
