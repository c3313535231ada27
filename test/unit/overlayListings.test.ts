// The language server keeps what the disk said about the tree (listings, existence) in its OverlayWorkspace until a
// document is opened or closed or a watched file changes (server/src/lsp/workspaces.ts), as the analysis keeps its file
// list. (1) On real repositories, the findings of a registry that keeps them across edits equal those of a fresh
// registry, after every edit; (2) after each invalidating event, what the overlay answers equals what the disk says now.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'node:test';
import { checkFile } from '../../server/src/core/check';
import { FsWorkspace } from '../../server/src/node/fsWorkspace';
import { OverlayWorkspace, WorkspaceRegistry } from '../../server/src/lsp/workspaces';

const ROOT = path.resolve(__dirname, '../..');
const SPLIT_CORPUS = path.join(ROOT, 'test', 'split-corpus');

function dockerfilesUnder(dir: string, depth = 0): string[] {
  if (depth > 6 || !fs.existsSync(dir)) return [];
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory() && e.name !== 'node_modules' && e.name !== '.git') out.push(...dockerfilesUnder(p, depth + 1));
    else if (e.isFile() && /^(dockerfile|containerfile)/i.test(e.name)) out.push(p);
  }
  return out;
}

const repos = fs.existsSync(SPLIT_CORPUS)
  ? fs.readdirSync(SPLIT_CORPUS).map((n) => path.join(SPLIT_CORPUS, n, 'repo')).filter((d) => fs.existsSync(d))
  : [];

test('kept disk listings give the findings of a fresh registry on every edit (real repositories)', { skip: repos.length ? false : 'no split corpus' }, () => {
  let checked = 0;
  for (const repo of repos) {
    const kept = new WorkspaceRegistry();
    kept.setFolders([pathToFileURL(repo).toString()]);
    for (const file of dockerfilesUnder(repo).slice(0, 3)) {
      const uri = pathToFileURL(file).toString();
      let text = fs.readFileSync(file, 'utf8');
      for (let edit = 0; edit < 3; edit++) {
        if (edit > 0) text = text.replace(/\n$/, '') + `\nRUN echo edit${edit}\n`;
        const loc = kept.didOpenOrChange(uri, text)!;
        const fresh = new WorkspaceRegistry();
        fresh.setFolders([pathToFileURL(repo).toString()]);
        const freshLoc = fresh.didOpenOrChange(uri, text)!;
        const got = JSON.stringify(checkFile(loc.path, loc.analysis));
        const want = JSON.stringify(checkFile(freshLoc.path, freshLoc.analysis));
        assert.equal(got, want, `${path.relative(ROOT, file)} after edit ${edit}`);
        checked++;
      }
    }
  }
  assert.ok(checked > 0);
});

test('disk listings are re-read after a watched-file event, an open and a close', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dockwright-overlay-'));
  try {
    fs.mkdirSync(path.join(dir, 'cmd', 'api'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'Dockerfile'), 'FROM alpine\n');
    fs.writeFileSync(path.join(dir, 'cmd', 'api', 'main.go'), 'package main\n');
    const registry = new WorkspaceRegistry();
    registry.setFolders([pathToFileURL(dir).toString()]);
    const uri = (p: string) => pathToFileURL(path.join(dir, p)).toString();
    const same = (when: string) => {
      const o = registry.allEntries()[0].overlay;
      // The plain computation: an overlay with the same open documents that has read nothing yet.
      const fresh = new OverlayWorkspace(new FsWorkspace(dir));
      for (const [p, t] of o.open) fresh.open.set(p, t);
      for (const d of ['', 'cmd', 'cmd/api', 'cmd/web']) {
        assert.deepEqual(o.listFiles(d), fresh.listFiles(d), `${when}: listFiles(${d})`);
        assert.deepEqual(o.listDir(d), fresh.listDir(d), `${when}: listDir(${d})`);
      }
      for (const p of ['cmd/web/main.go', 'cmd/api/main.go', '.dockerignore']) assert.equal(o.exists(p), fresh.exists(p), `${when}: exists(${p})`);
    };
    registry.didOpenOrChange(uri('Dockerfile'), 'FROM alpine\n');
    same('opened');
    // A new program and a .dockerignore on disk, reported by the file watcher.
    fs.mkdirSync(path.join(dir, 'cmd', 'web'));
    fs.writeFileSync(path.join(dir, 'cmd', 'web', 'main.go'), 'package main\n');
    fs.writeFileSync(path.join(dir, '.dockerignore'), '*\n');
    registry.didChangeFiles([{ uri: uri('.dockerignore') }]);
    same('after a watched-file event');
    // Removed on disk, then a second document opened.
    fs.rmSync(path.join(dir, 'cmd', 'web'), { recursive: true });
    fs.rmSync(path.join(dir, '.dockerignore'));
    registry.didOpenOrChange(uri('cmd/api/Dockerfile'), 'FROM alpine\n');
    same('after an open');
    fs.writeFileSync(path.join(dir, '.dockerignore'), '*\n');
    registry.didClose(uri('cmd/api/Dockerfile'));
    same('after a close');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
