import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { applyPlanAtomically } from '../../server/src/node/applyPlan';
import type { EditPlan } from '../../server/src/core/types';

function tree(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dw-apply-'));
  for (const [p, t] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, p)), { recursive: true });
    fs.writeFileSync(path.join(dir, p), t);
  }
  return dir;
}

function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out[path.relative(dir, p)] = fs.readFileSync(p, 'utf8');
    }
  };
  walk(dir);
  return out;
}

const plan: EditPlan = {
  creates: [{ path: 'app/Dockerfile.a', content: 'FROM a\n' }, { path: 'app/Dockerfile.b', content: 'FROM b\n' }],
  edits: [{ path: 'compose.yaml', edits: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 5 } }, newText: 'x' }] }],
  deletes: [{ path: 'app/Dockerfile' }],
  notes: [],
};

test('applies creates, edits and deletes', () => {
  const dir = tree({ 'compose.yaml': 'hello world\n', 'app/Dockerfile': 'FROM old\n' });
  applyPlanAtomically(dir, plan);
  assert.deepEqual(snapshot(dir), { 'compose.yaml': 'x world\n', 'app/Dockerfile.a': 'FROM a\n', 'app/Dockerfile.b': 'FROM b\n' });
});

for (const failAt of [0, 1, 2, 3]) {
  test(`a failure at step ${failAt} leaves the tree unchanged`, () => {
    const files = { 'compose.yaml': 'hello world\n', 'app/Dockerfile': 'FROM old\n' };
    const dir = tree(files);
    assert.throws(
      () =>
        applyPlanAtomically(dir, plan, {
          beforeRename: (_t, i) => {
            if (i === failAt) throw new Error('disk full');
          },
        }),
      /disk full/,
    );
    assert.deepEqual(snapshot(dir), { 'compose.yaml': 'hello world\n', 'app/Dockerfile': 'FROM old\n' });
  });
}

test('refuses paths outside the root and symlinks out of it', () => {
  const dir = tree({ 'compose.yaml': 'a\n' });
  assert.throws(() => applyPlanAtomically(dir, { creates: [{ path: '../evil', content: '' }], edits: [], deletes: [], notes: [] }), /outside the workspace/);
  const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'dw-out-'));
  fs.symlinkSync(outside, path.join(dir, 'link'));
  assert.throws(() => applyPlanAtomically(dir, { creates: [{ path: 'link/x', content: '' }], edits: [], deletes: [], notes: [] }), /outside the workspace/);
  assert.deepEqual(fs.readdirSync(outside), []);
});
