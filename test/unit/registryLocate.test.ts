// WorkspaceRegistry.locate memoises each URI's folder and path: a registry kept across folder changes and closes must
// answer what a fresh registry with the same folders answers.
import assert from 'node:assert/strict';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { seededRandom } from '../helpers';
import { WorkspaceRegistry } from '../../server/src/lsp/workspaces';

test('locate: a long-lived registry equals a fresh one over folder changes and closes', () => {
  const base = path.join(os.tmpdir(), 'dockwright-locate');
  const folders = ['', 'a', 'a/b', 'c', 'a/b/d'].map((f) => path.join(base, f));
  const files = ['Dockerfile', 'a/Dockerfile', 'a/b/compose.yaml', 'a/b/d/Dockerfile', 'c/x/Dockerfile', 'e/Dockerfile'].map((f) => pathToFileURL(path.join(base, f)).toString());
  const rnd = seededRandom(7);
  const longLived = new WorkspaceRegistry();
  let current: string[] = [];
  for (let step = 0; step < 200; step++) {
    const r = rnd();
    if (r < 0.2) {
      current = folders.filter(() => rnd() < 0.5).map((f) => pathToFileURL(f).toString());
      longLived.setFolders(current);
    } else if (r < 0.3) longLived.didClose(files[Math.floor(rnd() * files.length)]);
    const uri = files[Math.floor(rnd() * files.length)];
    const fresh = new WorkspaceRegistry();
    fresh.setFolders(current);
    const got = longLived.locate(uri)!;
    const want = fresh.locate(uri)!;
    assert.deepEqual({ root: got.root, path: got.path }, { root: want.root, path: want.path }, `step ${step}: ${uri}`);
  }
});
