import assert from 'node:assert/strict';
import * as path from 'node:path';
import { test } from 'node:test';
import { Analysis } from '../../server/src/core/analysis';
import { checkFile } from '../../server/src/core/check';
import { planSplit } from '../../server/src/core/split';
import { polishPlan } from '../../server/src/core/split/polish';
import { applyEdits } from '../../server/src/core/text';
import { MemoryWorkspace } from '../../server/src/core/workspace';
import { main } from '../../server/src/cli/cli';
import { FsWorkspace } from '../../server/src/node/fsWorkspace';

const repo = path.resolve(__dirname, '../..');

/** The workspace after the plan: every file of the example, created and edited ones with their new text, deleted ones gone. */
function after(ws: FsWorkspace, plan: ReturnType<typeof planSplit>['plan']): MemoryWorkspace {
  const files: Record<string, string> = {};
  for (const f of ws.listFiles()) files[f] = ws.readText(f) ?? '';
  for (const c of plan.creates) files[c.path] = c.content;
  for (const e of plan.edits) files[e.path] = applyEdits(files[e.path], e.edits);
  for (const d of plan.deletes) delete files[d.path];
  return new MemoryWorkspace(files);
}

const codesOn = (ws: MemoryWorkspace, file: string, codes: string[]) => checkFile(file, new Analysis(ws)).filter((f) => codes.includes(f.code)).map((f) => f.code);

test('split without polish leaves findings Dockwright would flag on the new files (DW111, DW109)', () => {
  const ws = new FsWorkspace(path.join(repo, 'examples/photos'));
  const { plan } = planSplit(ws, 'backend/Dockerfile');
  const raw = after(ws, plan);
  assert.ok(codesOn(raw, 'backend/Dockerfile.server', ['DW111', 'DW109']).length > 0);
});

test('polish applies the cache-mount and HEALTHCHECK fixes to the created Dockerfiles, notes them, changes nothing else', () => {
  const ws = new FsWorkspace(path.join(repo, 'examples/photos'));
  const { plan } = planSplit(ws, 'backend/Dockerfile');
  const polished = polishPlan(ws, plan);
  assert.deepEqual(polished.edits, plan.edits);
  assert.deepEqual(polished.deletes, plan.deletes);
  assert.deepEqual(polished.creates.map((c) => c.path), plan.creates.map((c) => c.path));
  const done = after(ws, polished);
  for (const c of polished.creates) assert.deepEqual(codesOn(done, c.path, ['DW111', 'DW109']), [], c.path);
  const server = polished.creates.find((c) => c.path === 'backend/Dockerfile.server')!.content;
  assert.match(server, /RUN --mount=type=cache,target=\/go\/pkg\/mod go mod download/);
  assert.match(server, /^HEALTHCHECK .*http:\/\/127\.0\.0\.1:8080\/health/m);
  assert.ok(polished.notes.some((n) => /^backend\/Dockerfile\.server: Dockwright's own fixes applied — .*DW111.*DW109/.test(n)), polished.notes.join('\n'));
  // The input plan is left as it was.
  assert.doesNotMatch(plan.creates[0].content, /--mount=type=cache/);
  // Polishing twice changes nothing more.
  assert.deepEqual(polishPlan(ws, polished).creates, polished.creates);
});

test('polish only applies the rules asked for', () => {
  const ws = new FsWorkspace(path.join(repo, 'examples/photos'));
  const { plan } = planSplit(ws, 'backend/Dockerfile');
  const polished = polishPlan(ws, plan, { rules: ['DW109'] });
  const server = polished.creates.find((c) => c.path === 'backend/Dockerfile.server')!.content;
  assert.doesNotMatch(server, /--mount=type=cache/);
  assert.match(server, /^HEALTHCHECK /m);
});

test('CLI: dockwright split --polish', () => {
  let out = '';
  const io = { cwd: path.join(repo, 'examples/photos'), stdout: (t: string) => (out += t), stderr: (t: string) => (out += t) };
  assert.equal(main(['split', 'backend/Dockerfile', '--polish', '--format', 'json'], io), 0);
  const json = JSON.parse(out);
  assert.ok(json.notes.some((n: string) => /own fixes applied/.test(n)));
  assert.match(json.files.find((f: { path: string }) => f.path === 'backend/Dockerfile.worker').after, /--mount=type=cache/);
});
