/**
 * The split of examples/go-debian-webp (apt-based Go monolith, cgo from the project's own `import "C"` libwebp
 * binding): the exact generated files (goldens under test/golden/split/go-debian-webp/, `UPDATE_GOLDEN=1` rewrites
 * them) and no new `dockwright check` finding. test/engine/splitBuild.test.ts builds and runs the same output.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { Analysis } from '../../server/src/core/analysis';
import { checkFile } from '../../server/src/core/check';
import { planSplit } from '../../server/src/core/split';
import { applyEdits } from '../../server/src/core/text';
import { MemoryWorkspace } from '../../server/src/core/workspace';
import { FsWorkspace } from '../../server/src/node/fsWorkspace';

const ROOT = path.resolve(__dirname, '../..');
const GOLDEN = path.join(ROOT, 'test/golden/split/go-debian-webp');
const UPDATE = process.env.UPDATE_GOLDEN === '1';

function golden(rel: string, actual: string): void {
  const file = path.join(GOLDEN, rel);
  if (UPDATE) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, actual);
  }
  assert.ok(fs.existsSync(file), `golden ${rel} is missing (UPDATE_GOLDEN=1 writes it)`);
  assert.equal(actual, fs.readFileSync(file, 'utf8'), `golden ${rel} differs (UPDATE_GOLDEN=1 rewrites it; review the diff)`);
}

describe('split examples/go-debian-webp', () => {
  const workspace = new FsWorkspace(path.join(ROOT, 'examples/go-debian-webp'));
  const result = planSplit(workspace, 'Dockerfile');
  const created = Object.fromEntries(result.plan.creates.map((c) => [c.path, c.content]));
  const edited = Object.fromEntries(result.plan.edits.map((e) => [e.path, applyEdits(workspace.readText(e.path)!, e.edits)]));
  const programs = Object.fromEntries(result.programs.map((p) => [p.name, p]));

  it('one file per program, compose rewired, original deleted — exactly the golden output', () => {
    assert.equal(result.notMonolithReason, undefined, result.plan.notes.join('\n'));
    assert.deepEqual(Object.keys(created).sort(), ['Dockerfile.api', 'Dockerfile.sweeper']);
    assert.deepEqual(Object.keys(edited), ['compose.yaml']);
    assert.deepEqual(result.plan.deletes, [{ path: 'Dockerfile' }]);
    for (const [p, text] of Object.entries({ ...created, ...edited })) golden(p, text);
    const stale = fs.readdirSync(GOLDEN).filter((f) => !(f in created) && !(f in edited));
    assert.deepEqual(stale, [], 'golden files the plan no longer produces');
  });

  it('api keeps cgo and libwebp (found through its own import "C"); sweeper is pure Go without them', () => {
    assert.equal(programs.api.cgo, true);
    assert.ok(programs.api.reasons.some((r) => r.includes('cmd/api → internal/thumbs → internal/webp')), programs.api.reasons.join('\n'));
    assert.equal(programs.sweeper.cgo, false);
    const api = created['Dockerfile.api'];
    const sweeper = created['Dockerfile.sweeper'];
    assert.match(api, /CGO_ENABLED=1 go build .* -o \/out\/api \.\/cmd\/api$/m);
    assert.match(api, /install -y --no-install-recommends libwebp-dev/);
    assert.match(api, /install -y --no-install-recommends ca-certificates libwebp7/);
    assert.match(api, /^EXPOSE 8080$/m);
    assert.match(sweeper, /CGO_ENABLED=0 go build .* -o \/out\/sweeper \.\/cmd\/sweeper$/m);
    for (const gone of ['libwebp', 'EXPOSE', '/out/api', 'cgo']) assert.ok(!sweeper.includes(gone), `Dockerfile.sweeper still mentions ${gone}`);
    for (const text of [api, sweeper]) {
      assert.match(text, /^FROM golang:1\.23-bookworm AS build$/m);
      assert.match(text, /^FROM debian:bookworm-slim$/m);
      assert.match(text, /mkdir -p \/var\/cache\/thumbs && chown thumbs:thumbs/);
      assert.match(text, /^USER thumbs$/m);
    }
  });

  it('adds no dockwright check finding the original did not have', () => {
    const before: Record<string, string> = {};
    for (const f of workspace.listFiles()) before[f] = workspace.readText(f) ?? '';
    const after: Record<string, string> = { ...before, ...created, ...edited };
    delete after.Dockerfile;
    const original = checkFile('Dockerfile', new Analysis(new MemoryWorkspace(before))).map((f) => f.code);
    const analysisAfter = new Analysis(new MemoryWorkspace(after));
    for (const p of Object.keys(created)) {
      const findings = checkFile(p, analysisAfter);
      for (const f of findings) {
        assert.ok(original.includes(f.code) && f.code !== 'DW101', `${p}: new finding ${f.code} ${f.message}`);
        assert.ok(f.severity !== 'error' && f.severity !== 'warning', `${p}: ${f.severity} ${f.code} ${f.message}`);
      }
    }
  });
});
