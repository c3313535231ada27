import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { main } from '../../server/src/cli/cli';
import { formatText } from '../../server/src/cli/format';

const ROOT = path.resolve(__dirname, '../..');
const BIN = path.join(ROOT, 'bin/dockwright.js');

function run(args: string[], cwd = ROOT) {
  return spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8' });
}

test('check examples/photos --format json reports real findings with the documented shape', () => {
  const r = run(['check', 'examples/photos', '--format', 'json']);
  assert.ok(r.status === 0 || r.status === 1, r.stderr);
  const findings = JSON.parse(r.stdout);
  assert.ok(Array.isArray(findings) && findings.length > 0);
  for (const f of findings) {
    assert.deepEqual(Object.keys(f).sort(), ['code', 'column', 'endColumn', 'endLine', 'file', 'line', 'message', 'severity']);
    assert.match(f.code, /^DW\d{3}$/);
    assert.ok(['error', 'warning', 'info', 'hint'].includes(f.severity));
    assert.ok(f.line >= 1 && f.column >= 1);
    assert.ok(f.file.startsWith('examples/photos/'), f.file);
  }
  assert.ok(findings.some((f: { file: string; code: string }) => f.file === 'examples/photos/frontend/Dockerfile' && f.code === 'DW107'));
  assert.equal(r.status, findings.some((f: { severity: string }) => f.severity === 'error') ? 1 : 0);
});

test('check exits 1 on an error finding, sarif is valid, config file is read', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dw-cli-'));
  fs.writeFileSync(path.join(dir, 'Dockerfile'), 'FROM alpine\nRUN apk add git\n');
  fs.mkdirSync(path.join(dir, 'node_modules/x'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'node_modules/x/Dockerfile'), 'FROM alpine\n');
  fs.writeFileSync(path.join(dir, '.dockwright.json'), JSON.stringify({ rules: { DW114: 'error' } }));
  const json = run(['check', '--format', 'json'], dir);
  assert.equal(json.status, 1, json.stderr);
  const findings = JSON.parse(json.stdout);
  assert.ok(findings.every((f: { file: string }) => f.file === 'Dockerfile'), 'node_modules is skipped');
  assert.ok(findings.some((f: { code: string; severity: string }) => f.code === 'DW114' && f.severity === 'error'));
  const sarif = JSON.parse(run(['check', '.', '--format=sarif'], dir).stdout);
  assert.equal(sarif.version, '2.1.0');
  assert.ok(sarif.runs[0].results.length >= 3);
  assert.ok(sarif.runs[0].tool.driver.rules.some((r: { id: string }) => r.id === 'DW106'));
  fs.writeFileSync(path.join(dir, '.dockwright.json'), JSON.stringify({ rules: { DW114: 'off', DW106: 'off', DW107: 'off' } }));
  const text = run(['check'], dir);
  assert.equal(text.status, 0);
  assert.match(text.stdout, /No problems found/);
});

test('usage errors exit 2', () => {
  assert.equal(run(['check', '--format', 'xml']).status, 2);
  assert.equal(run(['check', 'does/not/exist']).status, 2);
  assert.equal(run(['frobnicate']).status, 2);
  assert.equal(run(['check', '--bogus']).status, 2);
});

test('--version prints the package version', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  assert.equal(execFileSync(process.execPath, [BIN, '--version'], { encoding: 'utf8' }).trim(), pkg.version);
});

function copyDir(from: string, to: string): void {
  fs.cpSync(from, to, { recursive: true });
}

/** Runs the CLI in-process (the spawned binary is covered by the first split test). */
function runInProcess(args: string[], cwd: string) {
  let stdout = '';
  let stderr = '';
  const status = main(args, { cwd, stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { status, stdout, stderr };
}

test('split dry-run prints notes and unified diffs and writes nothing; --write applies the plan', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dw-split-'));
  copyDir(path.join(ROOT, 'examples/photos'), dir);
  const before = fs.readFileSync(path.join(dir, 'docker-compose.yml'), 'utf8');
  const dry = run(['split', 'backend/Dockerfile'], dir);
  assert.equal(dry.status, 0, dry.stderr);
  assert.match(dry.stdout, /worker .*pure Go/);
  assert.match(dry.stdout, /^\+\+\+ b\/backend\/Dockerfile\.worker$/m);
  assert.match(dry.stdout, /^-    command: \["\.\/worker"\]$/m);
  assert.match(dry.stdout, /^\+\+\+ \/dev\/null$/m, 'the deletion is shown');
  assert.match(dry.stdout, /Dry run: nothing written/);
  assert.ok(!fs.existsSync(path.join(dir, 'backend/Dockerfile.worker')));
  assert.equal(fs.readFileSync(path.join(dir, 'docker-compose.yml'), 'utf8'), before);

  const json = runInProcess(['split', 'backend/Dockerfile', '--format', 'json'], dir);
  const parsed = JSON.parse(json.stdout);
  assert.deepEqual(parsed.creates, ['backend/Dockerfile.server', 'backend/Dockerfile.worker', 'backend/Dockerfile.scheduler']);
  assert.deepEqual(parsed.deletes, ['backend/Dockerfile']);
  assert.equal(parsed.written, false);

  const write = runInProcess(['split', path.join(dir, 'backend/Dockerfile'), '--root', dir, '--write'], ROOT);
  assert.equal(write.status, 0, write.stderr);
  assert.match(write.stdout, /Wrote 5 file changes/);
  for (const name of ['server', 'worker', 'scheduler']) {
    assert.equal(fs.readFileSync(path.join(dir, `backend/Dockerfile.${name}`), 'utf8'), fs.readFileSync(path.join(ROOT, `test/golden/split/photos/backend/Dockerfile.${name}`), 'utf8'));
  }
  assert.equal(fs.readFileSync(path.join(dir, 'docker-compose.yml'), 'utf8'), fs.readFileSync(path.join(ROOT, 'test/golden/split/photos/docker-compose.yml'), 'utf8'));
  assert.ok(!fs.existsSync(path.join(dir, 'backend/Dockerfile')));
  const again = runInProcess(['split', 'backend/Dockerfile'], dir);
  assert.equal(again.status, 2, 'the original is gone');
});

test('split: usage errors and a Dockerfile that is not a monolith', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dw-split-'));
  fs.writeFileSync(path.join(dir, 'Dockerfile'), 'FROM alpine:3.22\nCMD ["sh"]\n');
  assert.equal(runInProcess(['split'], dir).status, 2);
  assert.equal(runInProcess(['split', 'Dockerfile', '--layout', 'bogus'], dir).status, 2);
  assert.equal(runInProcess(['split', 'nope/Dockerfile'], dir).status, 2);
  assert.equal(runInProcess(['split', 'Dockerfile', '--root', path.join(dir, 'sub')], dir).status, 2);
  const r = runInProcess(['split', 'Dockerfile', '--format', 'json'], dir);
  assert.equal(r.status, 0);
  assert.match(JSON.parse(r.stdout).notMonolithReason, /no program/);
  const w = runInProcess(['split', 'Dockerfile', '--write'], dir);
  assert.equal(w.status, 0);
  assert.match(w.stdout, /Not split: it builds no program/);
  assert.deepEqual(fs.readdirSync(dir), ['Dockerfile']);
});

function runMain(args: string[], cwd: string) {
  let stdout = '';
  let stderr = '';
  const status = main(args, { cwd, stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { status, stdout, stderr };
}

test('check on a file whose name matches no pattern: checked when its content is compose or a Dockerfile, exit 2 otherwise', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dw-cli-'));
  fs.mkdirSync(path.join(dir, 'deploy'));
  // A compose file (our own minimal text: a database with a hard-coded password) under a name no pattern matches.
  const stack = 'services:\n  db:\n    image: mysql:8.4\n    environment:\n      MYSQL_ROOT_PASSWORD: example\n  app:\n    image: example/app:1\n    depends_on: [db]\n';
  fs.writeFileSync(path.join(dir, 'deploy/stack.yml'), stack);
  const compose = runMain(['check', 'deploy/stack.yml', '--format', 'json'], dir);
  const findings = JSON.parse(compose.stdout);
  assert.ok(findings.some((f: { code: string; file: string }) => f.code === 'DW206' && f.file === 'deploy/stack.yml'), compose.stdout);

  fs.writeFileSync(path.join(dir, 'deploy/app.docker'), '# syntax=docker/dockerfile:1\nFROM alpine\nRUN apk add git\n');
  const dockerfile = runMain(['check', 'deploy/app.docker', '--format', 'json'], dir);
  assert.ok(JSON.parse(dockerfile.stdout).some((f: { code: string }) => f.code === 'DW106'), dockerfile.stdout);

  fs.writeFileSync(path.join(dir, 'deploy/values.yml'), 'replicaCount: 2\nimage:\n  repository: nginx\n');
  const neither = runMain(['check', 'deploy/values.yml'], dir);
  assert.equal(neither.status, 2);
  assert.equal(neither.stdout, '');
  assert.equal(neither.stderr.trim().split('\n').length, 1);
  assert.match(neither.stderr, /deploy\/values\.yml is neither a Dockerfile nor a compose file/);
  // A key named services that is not a top-level mapping does not make a compose file.
  fs.writeFileSync(path.join(dir, 'deploy/ci.yml'), 'jobs:\n  test:\n    services:\n      db: postgres\n');
  assert.equal(runMain(['check', 'deploy/ci.yml'], dir).status, 2);
});

test('text summary counts errors, warnings and infos (the editor\'s names), singular when one', () => {
  const f = (severity: string) => ({ file: 'Dockerfile', line: 1, column: 1, severity, code: 'DW000', message: 'm' }) as any;
  assert.match(formatText([f('error'), f('info'), f('info'), f('hint')]), /^4 problems \(1 error, 0 warnings, 3 infos\)$/m);
  assert.doesNotMatch(formatText([f('info')]), /hint/);
});
