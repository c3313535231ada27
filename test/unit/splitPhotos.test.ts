import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { Analysis } from '../../server/src/core/analysis';
import { checkFile } from '../../server/src/core/check';
import { planSplit } from '../../server/src/core/split';
import { applyEdits } from '../../server/src/core/text';
import { MemoryWorkspace } from '../../server/src/core/workspace';
import { FsWorkspace } from '../../server/src/node/fsWorkspace';

const ROOT = path.resolve(__dirname, '../..');
const EXAMPLE = path.join(ROOT, 'examples/photos');
const GOLDEN = path.join(ROOT, 'test/golden/split/photos');
const UPDATE = process.env.UPDATE_GOLDEN === '1';

function golden(rel: string, actual: string): void {
  const file = path.join(GOLDEN, rel);
  if (UPDATE) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, actual);
  }
  assert.equal(actual, fs.readFileSync(file, 'utf8'), `golden ${rel} differs (UPDATE_GOLDEN=1 rewrites it)`);
}

const workspace = new FsWorkspace(EXAMPLE);
const result = planSplit(workspace, 'backend/Dockerfile');
const created = Object.fromEntries(result.plan.creates.map((c) => [c.path, c.content]));
const composeEdit = result.plan.edits.find((e) => e.path === 'docker-compose.yml');
const compose = applyEdits(workspace.readText('docker-compose.yml')!, composeEdit?.edits ?? []);

test('split photos: files created, compose edited, original deleted — exactly the golden output', () => {
  assert.equal(result.notMonolithReason, undefined);
  assert.deepEqual(Object.keys(created).sort(), ['backend/Dockerfile.scheduler', 'backend/Dockerfile.server', 'backend/Dockerfile.worker']);
  for (const [p, text] of Object.entries(created)) golden(p, text);
  golden('docker-compose.yml', compose);
  assert.deepEqual(result.plan.edits.map((e) => e.path), ['docker-compose.yml']);
  assert.deepEqual(result.plan.deletes, [{ path: 'backend/Dockerfile' }]);
});

test('split photos: the seed decisions', () => {
  const server = created['backend/Dockerfile.server'];
  const worker = created['backend/Dockerfile.worker'];
  const scheduler = created['backend/Dockerfile.scheduler'];
  for (const [text, name] of [[server, 'server'], [worker, 'worker'], [scheduler, 'scheduler']] as const) {
    assert.equal(text.match(/go build/g)?.length, 1, `${name}: one go build`);
    assert.match(text, new RegExp(`go build .*-o /bin/${name} \\./cmd/${name}`));
    assert.match(text, new RegExp(`CMD \\["\\./${name}"\\]`));
    assert.match(text, /-ldflags="-s -w"/);
    assert.match(text, /ca-certificates tzdata/);
    assert.match(text, /USER app/);
    assert.match(text, /# ---- Builder ----/);
  }
  assert.match(server, /CGO_ENABLED=1/);
  assert.match(server, /apk add --no-cache build-base libwebp-dev/);
  assert.match(server, /apk add --no-cache libwebp ca-certificates/);
  assert.match(server, /^EXPOSE 8080$/m);
  assert.match(server, /mkdir -p \/data\/photos/);

  assert.match(worker, /CGO_ENABLED=0/);
  assert.doesNotMatch(worker, /build-base|libwebp|CGO_ENABLED=1/);
  assert.match(worker, /^EXPOSE 8081$/m);
  assert.doesNotMatch(worker, /\/data\/photos/);

  assert.match(scheduler, /CGO_ENABLED=1/);
  assert.match(scheduler, /build-base libwebp-dev/);
  assert.match(scheduler, /apk add --no-cache libwebp /);
  assert.doesNotMatch(scheduler, /EXPOSE/);
  assert.match(scheduler, /mkdir -p \/data\/photos/);

  const byName = Object.fromEntries(result.programs.map((p) => [p.name, p]));
  assert.deepEqual(byName.server.services, ['migrate', 'backend']);
  assert.deepEqual(byName.worker.services, ['worker']);
  assert.equal(byName.server.cgo, true);
  assert.equal(byName.worker.cgo, false);
  assert.equal(byName.scheduler.cgo, true);
  assert.ok(byName.scheduler.reasons.some((r) => r.includes('internal/jobs → backend/internal/imageproc → backend/internal/webp')), byName.scheduler.reasons.join('\n'));
});

test('split photos: compose points at the new files, redundant command: gone, the rest untouched', () => {
  const section = (name: string) => compose.split(/\n(?=  \S)/).find((s) => s.startsWith(`  ${name}:`))!;
  assert.match(section('migrate'), /dockerfile: Dockerfile\.server/);
  assert.match(section('migrate'), /command: \["\.\/server", "migrate"\]/);
  assert.match(section('backend'), /dockerfile: Dockerfile\.server/);
  assert.match(section('worker'), /dockerfile: Dockerfile\.worker/);
  assert.doesNotMatch(section('worker'), /command:/);
  assert.match(section('scheduler'), /dockerfile: Dockerfile\.scheduler/);
  assert.doesNotMatch(section('scheduler'), /command:/);
  const original = workspace.readText('docker-compose.yml')!;
  const originalSection = (name: string) => original.split(/\n(?=  \S)/).find((s) => s.startsWith(`  ${name}:`))!;
  for (const untouched of ['postgres', 'redis', 'frontend']) assert.equal(section(untouched), originalSection(untouched));
  assert.ok(compose.startsWith('# Photo backend:'), 'comments kept');
});

test('split photos: every generated Dockerfile passes check with no new finding codes', () => {
  const files: Record<string, string> = {};
  for (const f of workspace.listFiles()) files[f] = workspace.readText(f) ?? '';
  const before = new Set(checkFile('backend/Dockerfile', new Analysis(new MemoryWorkspace(files))).map((f) => f.code));
  const after: Record<string, string> = { ...files, ...created, 'docker-compose.yml': compose };
  delete after['backend/Dockerfile'];
  const analysis = new Analysis(new MemoryWorkspace(after));
  for (const p of Object.keys(created)) {
    const codes = checkFile(p, analysis).map((f) => `${f.code}: ${f.message}`);
    const fresh = codes.filter((c) => !before.has(c.slice(0, 5)));
    assert.deepEqual(fresh, [], `${p} has new findings`);
  }
});

test('split photos: deterministic', () => {
  const again = planSplit(new FsWorkspace(EXAMPLE), 'backend/Dockerfile');
  assert.deepEqual(again, result);
});

test('split photos, targets layout: one Dockerfile with a target per program, compose build.target', () => {
  const targets = planSplit(workspace, 'backend/Dockerfile', { layout: 'targets' });
  assert.equal(targets.plan.creates.length, 0);
  assert.equal(targets.plan.deletes.length, 0);
  const dockerfileEdit = targets.plan.edits.find((e) => e.path === 'backend/Dockerfile')!;
  const merged = applyEdits(workspace.readText('backend/Dockerfile')!, dockerfileEdit.edits);
  golden('targets/backend/Dockerfile', merged);
  // Shared, not cloned: server and scheduler build FROM one cgo builder and one runtime with libwebp; the pure-Go worker has its own.
  assert.match(merged, /^FROM alpine:3\.22 AS worker$/m);
  for (const name of ['server', 'scheduler']) assert.match(merged, new RegExp(`^FROM runtime AS ${name}$`, 'm'));
  for (const name of ['server', 'scheduler']) assert.match(merged, new RegExp(`^FROM builder AS builder-${name}\nRUN CGO_ENABLED=1 go build [^\n]+ \\./cmd/${name}\n`, 'm'));
  assert.equal(merged.match(/apk add --no-cache build-base libwebp-dev/g)?.length, 1, 'one C toolchain install for both cgo programs');
  assert.match(merged, /FROM golang:1\.25-alpine AS builder-worker\nWORKDIR/);
  assert.match(merged, /CMD \["\.\/server"\]\n$/, 'a build with no target still produces the server image');
  const composeText = applyEdits(workspace.readText('docker-compose.yml')!, targets.plan.edits.find((e) => e.path === 'docker-compose.yml')!.edits);
  golden('targets/docker-compose.yml', composeText);
  assert.match(composeText, /dockerfile: Dockerfile\n      target: worker\n/);
  const analysis = new Analysis(new MemoryWorkspace({ 'backend/Dockerfile': merged }));
  const codes = new Set(checkFile('backend/Dockerfile', analysis).map((f) => f.code));
  const before = new Set(checkFile('backend/Dockerfile', new Analysis(new MemoryWorkspace({ 'backend/Dockerfile': workspace.readText('backend/Dockerfile')! }))).map((f) => f.code));
  for (const c of codes) assert.ok(before.has(c), `new finding ${c} in the targets layout`);
});
