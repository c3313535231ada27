// SnapshotFsWorkspace (the CLI's) memoises real paths per folder and lstat()s only the entry itself. It must resolve,
// list, read and answer existence exactly as FsWorkspace (fs.realpathSync per call) does: on every corpus file and
// folder, on missing paths below them, and on a tree with symlinks inside, out of the root, dangling and chained.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { FsWorkspace } from '../../server/src/node/fsWorkspace';
import { SnapshotFsWorkspace } from '../../server/src/node/snapshotWorkspace';
import { corpusRepositories } from '../helpers';


class Probe extends SnapshotFsWorkspace {
  real(abs: string): string | undefined {
    return this.realpath(abs);
  }
}

function plainRealpath(abs: string): string | undefined {
  try {
    return fs.realpathSync(abs);
  } catch {
    return undefined;
  }
}

function compare(root: string, extra: string[] = []): number {
  const plain = new FsWorkspace(root);
  const snapshot = new Probe(root);
  const files = plain.listFiles();
  assert.deepEqual(snapshot.listFiles(), files, root);
  const folders = new Set<string>(['']);
  for (const f of files) for (let d = path.posix.dirname(f); d !== '.'; d = path.posix.dirname(d)) folders.add(d);
  const paths = [...files, ...folders, ...extra];
  for (const p of [...paths]) paths.push(`${p}/missing`, `${p}/missing/deeper`, `${p}/../${path.posix.basename(p)}x`);
  for (const p of paths) {
    const abs = path.resolve(root, p);
    assert.equal(snapshot.real(abs), plainRealpath(abs), `realpath ${abs}`);
    assert.equal(snapshot.resolve(p), plain.resolve(p), `resolve ${root} ${p}`);
    assert.equal(snapshot.exists(p), plain.exists(p), `exists ${root} ${p}`);
  }
  for (const p of [...files, ...extra]) assert.equal(snapshot.readText(p), plain.readText(p), `readText ${root} ${p}`);
  // Asked again (memoised answers), in reverse.
  for (const p of [...paths].reverse()) assert.equal(snapshot.resolve(p), plain.resolve(p), `again ${root} ${p}`);
  return paths.length;
}

test('snapshot real paths: symlinks inside, out of the root, dangling, chained, and through a file', () => {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'dw-realpath-'));
  const root = path.join(base, 'root');
  const outside = path.join(base, 'outside');
  fs.mkdirSync(path.join(root, 'app/src'), { recursive: true });
  fs.mkdirSync(outside);
  fs.writeFileSync(path.join(root, 'app/Dockerfile'), 'FROM alpine\n');
  fs.writeFileSync(path.join(root, 'app/src/main.go'), 'package main\n');
  fs.writeFileSync(path.join(outside, 'Dockerfile'), 'FROM evil\n');
  fs.symlinkSync(path.join(root, 'app'), path.join(root, 'alias'));
  fs.symlinkSync('alias', path.join(root, 'alias2'));
  fs.symlinkSync(outside, path.join(root, 'out'));
  fs.symlinkSync(path.join(outside, 'Dockerfile'), path.join(root, 'Dockerfile.out'));
  fs.symlinkSync(path.join(root, 'app/Dockerfile'), path.join(root, 'Dockerfile.in'));
  fs.symlinkSync(path.join(base, 'gone'), path.join(root, 'dangling'));
  const extra = ['alias/Dockerfile', 'alias2/src/main.go', 'out/Dockerfile', 'Dockerfile.out', 'Dockerfile.in', 'dangling', 'dangling/x', 'app/Dockerfile/x', '../outside/Dockerfile'];
  try {
    compare(root, extra);
    // Through a symlinked root too.
    fs.symlinkSync(root, path.join(base, 'rootlink'));
    compare(path.join(base, 'rootlink'), extra);
  } finally {
    fs.rmSync(base, { recursive: true, force: true });
  }
});

test('snapshot real paths: the same answers as FsWorkspace on every corpus repository', () => {
  const repos = corpusRepositories();
  for (const repo of repos) compare(repo);
});
