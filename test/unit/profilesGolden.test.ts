import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { Analysis } from '../../server/src/core/analysis';
import { checkFiles } from '../../server/src/core/check';
import { planProfiles, type WiringStrategy } from '../../server/src/core/profiles';
import { applyEdits } from '../../server/src/core/text';
import { MemoryWorkspace } from '../../server/src/core/workspace';
import { main } from '../../server/src/cli/cli';
import { FsWorkspace } from '../../server/src/node/fsWorkspace';

const repo = path.resolve(__dirname, '../..');
const golden = (name: string) => fs.readFileSync(path.join(repo, 'test/golden/profiles', name), 'utf8');

const cases: { example: string; file: string; strategy: WiringStrategy; expected: string }[] = [
  { example: 'photos', file: 'docker-compose.yml', strategy: 'twins', expected: 'photos.twins.yml' },
  { example: 'photos', file: 'docker-compose.yml', strategy: 'shared', expected: 'photos.shared.yml' },
  { example: 'node-mongo', file: 'docker-compose.yml', strategy: 'twins', expected: 'node-mongo.twins.yml' },
  { example: 'python-rabbitmq', file: 'compose.yaml', strategy: 'twins', expected: 'python-rabbitmq.twins.yml' },
];

function wire(workspace: { readText(p: string): string | undefined } & ConstructorParameters<typeof Analysis>[0], file: string, strategy: WiringStrategy): { wired: string; created: Record<string, string> } {
  const { plan } = planProfiles(workspace, file, { strategy });
  const text = workspace.readText(file)!;
  const own = plan.edits.find((e) => e.path === file);
  assert.deepEqual(plan.edits.filter((e) => e.path !== file), [], 'a first wiring only edits the compose file');
  return { wired: own ? applyEdits(text, own.edits) : text, created: Object.fromEntries(plan.creates.map((c) => [c.path, c.content])) };
}

/** The files the wiring creates, as recorded next to the golden compose file (`<golden>.created/`). */
function goldenCreated(name: string): Record<string, string> {
  const dir = path.join(repo, 'test/golden/profiles', name.replace(/\.yml$/, '.created'));
  const out: Record<string, string> = {};
  if (!fs.existsSync(dir)) return out;
  for (const f of fs.readdirSync(dir, { recursive: true }) as string[]) {
    const full = path.join(dir, f);
    if (fs.statSync(full).isFile()) out[f.split(path.sep).join('/')] = fs.readFileSync(full, 'utf8');
  }
  return out;
}

for (const c of cases) {
  test(`profile wiring golden: ${c.example} (${c.strategy})`, () => {
    const disk = new FsWorkspace(path.join(repo, 'examples', c.example));
    const { wired, created } = wire(disk, c.file, c.strategy);
    assert.equal(wired, golden(c.expected));
    assert.deepEqual(created, goldenCreated(c.expected));

    // Idempotent: wiring the result changes nothing.
    const files: Record<string, string> = {};
    for (const f of disk.listFiles()) files[f] = disk.readText(f) ?? '';
    files[c.file] = wired;
    Object.assign(files, created);
    const memory = new MemoryWorkspace(files);
    const again = planProfiles(memory, c.file, { strategy: c.strategy });
    assert.deepEqual(again.plan.edits, []);
    assert.deepEqual(again.plan.creates, []);

    // The wired file has no compose findings left (Dockerfile findings are not this feature's business).
    const findings = checkFiles([c.file], new Analysis(memory)).filter((f) => f.code.startsWith('DW2'));
    assert.deepEqual(findings.map((f) => `${f.code} ${f.message}`), []);
  });
}

test('photos golden has the seed shape', () => {
  const wired = golden('photos.twins.yml');
  assert.match(wired, /\n {2}postgres:\n {4}profiles: \["dev"\]\n/);
  assert.match(wired, /\n {2}postgres-prod:\n {4}profiles: \["prod"\]\n/);
  assert.match(wired, /postgres-prod-data:\/var\/lib\/postgresql\/data/);
  // Required secrets of prod-only services live in their env files, not in the compose file (see DW213).
  assert.doesNotMatch(wired, /:\?/);
  assert.match(wired, /\n {2}backend:\n {4}profiles: \["prod"\]\n {4}env_file: env\/backend\.prod\.env\n/);
  assert.match(goldenCreated('photos.twins.yml')['env/backend.prod.env'], /^JWT_SECRET=\$\{JWT_SECRET:\?JWT_SECRET must be set\}$/m);
  assert.doesNotMatch(wired, /DEBUG/);
  assert.match(wired, /REDIS_URL: redis:\/\/redis-prod:6379/);
  assert.match(wired, /# Photo backend/);
  const postgresProd = wired.slice(wired.indexOf('  postgres-prod:'), wired.indexOf('  redis:'));
  assert.doesNotMatch(postgresProd, /ports:/);
  assert.match(postgresProd, /healthcheck:/);
});

test('planner leaves a broken file alone', () => {
  const { plan, notes } = planProfiles(new MemoryWorkspace({ 'compose.yaml': 'services:\n  a: [\n' }), 'compose.yaml');
  assert.deepEqual(plan.edits, []);
  assert.match(notes[0], /YAML errors/);
});

test('CLI: dockwright profiles dry-run prints a diff, --write applies, twice is a no-op', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dw-profiles-'));
  fs.cpSync(path.join(repo, 'examples/photos'), dir, { recursive: true });
  let out = '';
  const io = { cwd: dir, stdout: (t: string) => (out += t), stderr: (t: string) => (out += t) };
  assert.equal(main(['profiles'], io), 0);
  assert.match(out, /^\+ {2}postgres-prod:$/m);
  assert.match(out, /--- a\/docker-compose\.yml/);
  assert.equal(fs.readFileSync(path.join(dir, 'docker-compose.yml'), 'utf8'), fs.readFileSync(path.join(repo, 'examples/photos/docker-compose.yml'), 'utf8'));
  out = '';
  assert.equal(main(['profiles', 'docker-compose.yml', '--write', '--format', 'json'], io), 0);
  assert.deepEqual(JSON.parse(out).changes.map((c: { path: string }) => c.path).sort(), ['docker-compose.yml', ...Object.keys(goldenCreated('photos.twins.yml'))].sort());
  assert.equal(fs.readFileSync(path.join(dir, 'docker-compose.yml'), 'utf8'), golden('photos.twins.yml'));
  for (const [f, content] of Object.entries(goldenCreated('photos.twins.yml'))) assert.equal(fs.readFileSync(path.join(dir, f), 'utf8'), content);
  out = '';
  assert.equal(main(['profiles', '--write'], io), 0);
  assert.match(out, /Already wired/);
  assert.equal(main(['profiles', '--strategy', 'weird'], io), 2);
  fs.rmSync(dir, { recursive: true, force: true });
});

test('planner: developer tools go to dev, unused infra stays dev-only, shared keeps one service', () => {
  const text = 'services:\n  db:\n    image: mysql:8.4\n    environment:\n      MYSQL_ROOT_PASSWORD: root\n  adminer:\n    image: adminer:4\n    ports: ["8081:8080"]\n  cache:\n    image: memcached:1.6\n  app:\n    build: .\n    environment:\n      DB_HOST: db\n    depends_on: [db]\n';
  const { plan, notes } = planProfiles(new MemoryWorkspace({ 'compose.yaml': text }), 'compose.yaml');
  const out = applyEdits(text, plan.edits[0].edits);
  assert.match(out, /adminer:\n {4}profiles: \["dev"\]/);
  assert.match(out, /db-prod:\n {4}profiles: \["prod"\]/);
  assert.doesNotMatch(out.slice(out.indexOf('db-prod:')), /MYSQL_ROOT_PASSWORD/);
  assert.match(out, /db-prod:\n {4}profiles: \["prod"\]\n {4}image: mysql:8\.4\n {4}env_file: env\/db-prod\.prod\.env\n/);
  assert.deepEqual(plan.creates.map((c) => c.path), ['env/db-prod.prod.env']);
  assert.match(plan.creates[0].content, /^MYSQL_ROOT_PASSWORD=\$\{MYSQL_ROOT_PASSWORD:\?MYSQL_ROOT_PASSWORD must be set\}$/m);
  assert.match(out, /DB_HOST: db-prod/);
  assert.doesNotMatch(out, /cache-prod/);
  assert.ok(notes.some((n) => n.startsWith('adminer: developer tool')));
  assert.deepEqual(planProfiles(new MemoryWorkspace({ 'compose.yaml': out, [plan.creates[0].path]: plan.creates[0].content }), 'compose.yaml').plan.edits, []);
});

test('planner: a deleted env file is created again, a partial one gets the missing lines', () => {
  const text = golden('photos.twins.yml');
  const created = goldenCreated('photos.twins.yml');
  const files: Record<string, string> = { 'docker-compose.yml': fs.readFileSync(path.join(repo, 'examples/photos/docker-compose.yml'), 'utf8') };
  files['env/backend.prod.env'] = 'JWT_SECRET=${JWT_SECRET:?custom message}\n';
  const { plan } = planProfiles(new MemoryWorkspace(files), 'docker-compose.yml');
  assert.equal(applyEdits(files['docker-compose.yml'], plan.edits[0].edits), text);
  assert.ok(!plan.creates.some((c) => c.path === 'env/backend.prod.env'));
  const backend = plan.edits.find((e) => e.path === 'env/backend.prod.env')!;
  assert.equal(applyEdits(files['env/backend.prod.env'], backend.edits), 'JWT_SECRET=${JWT_SECRET:?custom message}\n' + created['env/backend.prod.env'].split('\n').filter((l) => l.startsWith('DATABASE_URL=')).join('\n') + '\n');
});

test('notes claim only what was written: a twin without secrets is not said to require any', () => {
  const { notes } = planProfiles(new MemoryWorkspace({ 'compose.yaml': 'services:\n  cache:\n    image: redis:7\n  app:\n    build: .\n    depends_on: [cache]\n' }), 'compose.yaml');
  const twin = notes.find((n) => n.startsWith('cache-prod:'))!;
  assert.doesNotMatch(twin, /secret|required/i);
  assert.match(twin, /healthcheck/);
});

test('planner keeps CRLF line endings', () => {
  const crlf = fs.readFileSync(path.join(repo, 'examples/photos/docker-compose.yml'), 'utf8').replace(/\n/g, '\r\n');
  const { plan } = planProfiles(new MemoryWorkspace({ 'docker-compose.yml': crlf }), 'docker-compose.yml');
  assert.equal(applyEdits(crlf, plan.edits[0].edits), golden('photos.twins.yml').replace(/\n/g, '\r\n'));
});

test('planner leaves a file without infrastructure alone', () => {
  const { plan, notes } = planProfiles(new MemoryWorkspace({ 'compose.yaml': 'services:\n  api:\n    build: .\n  worker:\n    build: .\n' }), 'compose.yaml');
  assert.deepEqual(plan.edits, []);
  assert.match(notes[0], /No database, cache or broker/);
});
