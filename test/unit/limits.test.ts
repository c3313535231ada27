import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { normalizeConfig } from '../../server/src/core/config';
import { parseDockerfile } from '../../server/src/core/dockerfile/model';
import { ruleMeta } from '../../server/src/core/catalogue';
import { utf8Length } from '../../server/src/core/limits';
import { MemoryWorkspace } from '../../server/src/core/workspace';
import { readWorkspaceConfig } from '../../server/src/node/configFile';
import { FsWorkspace } from '../../server/src/node/fsWorkspace';
import { check, codes } from '../helpers';

const ROOT = path.resolve(__dirname, '../..');
const BIN = path.join(ROOT, 'bin/dockwright.js');
const SMALL = 'FROM alpine\nRUN apk add git\n';

function bigDockerfile(bytes: number): string {
  const line = 'RUN echo ' + 'x'.repeat(90) + '\n';
  return 'FROM alpine\n' + line.repeat(Math.ceil(bytes / line.length));
}

test('a file over the default 2 MB limit gets DW090 and nothing else', () => {
  const findings = check({ Dockerfile: bigDockerfile(3 * 1024 * 1024) }, 'Dockerfile');
  assert.deepEqual(codes(findings), ['DW090']);
  assert.equal(findings[0].severity, 'warning');
  assert.match(findings[0].message, /^File too large, not analysed: 3\.0 MB is over the 2\.0 MB limit/);
  assert.deepEqual(findings[0].range, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } });
  assert.equal(ruleMeta('DW090')?.title, 'File too large, not analysed');
});

test('the limit is configurable, counts UTF-8 bytes and DW090 can be turned off', () => {
  const text = 'FROM alpine\n# ' + 'é'.repeat(600) + '\n';
  assert.equal(utf8Length(text), text.length + 600);
  assert.deepEqual(codes(check({ Dockerfile: text }, 'Dockerfile', { maxFileBytes: 1000 })), ['DW090']);
  assert.deepEqual(codes(check({ Dockerfile: text }, 'Dockerfile', { maxFileBytes: 1300 })).sort(), ['DW107', 'DW114']);
  assert.deepEqual(check({ Dockerfile: text }, 'Dockerfile', { maxFileBytes: 10, rules: { DW090: 'off' } }), []);
  assert.equal(utf8Length('😀a'), 5);
});

test('binary (NUL-containing) files get DW091 and are not parsed', () => {
  assert.deepEqual(codes(check({ Dockerfile: 'FROM alpine\0\x01\x02\nRUN apk add git\n' }, 'Dockerfile')), ['DW091']);
  assert.deepEqual(codes(check({ 'compose.yaml': 'services:\0\n' }, 'compose.yaml')), ['DW091']);
  assert.deepEqual(check({ 'notes.txt': '\0' }, 'notes.txt'), []);
});

test('a too-large sibling Dockerfile is not parsed by cross-file rules', () => {
  // DW114 looks at other Dockerfiles for a tag to offer; the huge one must be skipped, not parsed.
  const files = { Dockerfile: 'FROM alpine\nUSER 1001\n', 'other/Dockerfile': 'FROM alpine:3.21\n' + bigDockerfile(50_000) };
  const findings = check(files, 'Dockerfile', { maxFileBytes: 20_000 });
  assert.deepEqual(codes(findings), ['DW114']);
  assert.deepEqual(findings[0].fixes.map((f) => f.title).filter((t) => t.includes('3.21')), []);
});

test('maxFileBytes is validated', () => {
  assert.deepEqual(normalizeConfig({ maxFileBytes: 4096 }).config.maxFileBytes, 4096);
  for (const bad of [0, -1, 1.5, '2MB', null]) assert.equal(normalizeConfig({ maxFileBytes: bad }).problems.length, 1, String(bad));
});

test('YAML alias bombs in the config file are refused, not expanded', () => {
  const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]'];
  for (let i = 1; i < 12; i++) bomb.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10).fill('*' + String.fromCharCode(96 + i)).join(',')}]`);
  const { problems } = readWorkspaceConfig(new MemoryWorkspace({ '.dockwright.yaml': bomb.join('\n') + '\n' }));
  assert.equal(problems.length, 1);
  assert.match(problems[0], /alias/i);
});

function tmp(): string {
  return fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'dw-limits-')));
}

test('the CLI reports DW090 for a large file on disk and honours maxFileBytes from .dockwright.json', () => {
  const dir = tmp();
  // Comment lines keep the analysis of the accepted file fast; only the size matters here.
  fs.writeFileSync(path.join(dir, 'Dockerfile'), 'FROM alpine\n' + ('# ' + 'x'.repeat(98) + '\n').repeat(26_000));
  const run = () => spawnSync(process.execPath, [BIN, 'check', '--format', 'json'], { cwd: dir, encoding: 'utf8' });
  const first = run();
  assert.equal(first.status, 0, first.stderr);
  assert.deepEqual(JSON.parse(first.stdout).map((f: { code: string }) => f.code), ['DW090']);
  fs.writeFileSync(path.join(dir, '.dockwright.json'), JSON.stringify({ maxFileBytes: 4 * 1024 * 1024 }));
  const second = run();
  const found = JSON.parse(second.stdout).map((f: { code: string }) => f.code);
  assert.ok(!found.includes('DW090') && found.includes('DW107'), found.join());
});

test('symlink loops terminate, each file is listed once, links out of the workspace are refused', () => {
  const dir = tmp();
  const outside = tmp();
  fs.writeFileSync(path.join(outside, 'secret'), 'top secret');
  fs.mkdirSync(path.join(dir, 'a/b'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'a/b/Dockerfile'), 'FROM alpine\n');
  fs.symlinkSync('..', path.join(dir, 'a/b/up')); // loop back to a/
  fs.symlinkSync(dir, path.join(dir, 'a/root')); // loop to the root
  fs.symlinkSync('self', path.join(dir, 'self')); // ELOOP
  fs.symlinkSync(outside, path.join(dir, 'out'));
  fs.symlinkSync(path.join(outside, 'secret'), path.join(dir, 'secret-link'));
  const ws = new FsWorkspace(dir);
  assert.deepEqual(ws.listFiles(), ['a/b/Dockerfile']);
  assert.equal(ws.readText('out/secret'), undefined);
  assert.equal(ws.readText('secret-link'), undefined);
  assert.equal(ws.readText('../' + path.basename(outside) + '/secret'), undefined);
  assert.equal(ws.readText('/etc/passwd'), undefined);
  assert.equal(ws.readText('self'), undefined);
  assert.equal(ws.exists('out/secret'), false);
  assert.equal(ws.resolve('a/b/up/b/Dockerfile'), path.join(dir, 'a/b/up/b/Dockerfile'));
  assert.equal(ws.readText('a/root/a/b/Dockerfile'), 'FROM alpine\n');
});

test('FsWorkspace does not read files over its limit but reports their size', () => {
  const dir = tmp();
  fs.writeFileSync(path.join(dir, 'Dockerfile'), SMALL.repeat(100));
  const ws = new FsWorkspace(dir, 1000);
  assert.equal(ws.readText('Dockerfile'), undefined);
  assert.equal(ws.fileSize('Dockerfile'), SMALL.length * 100);
  ws.maxFileBytes = 10_000;
  assert.equal(ws.readText('Dockerfile'), SMALL.repeat(100));
});

test('a RUN with thousands of chained commands is reported as not analysed instead of overflowing the stack', () => {
  const text = 'FROM alpine:3.22\nRUN ' + Array(3000).fill('echo a').join(' && ') + '\nUSER 1001\n';
  const findings = check({ Dockerfile: text }, 'Dockerfile');
  // Nothing but the DW093 note that says the RUN was skipped, and which limit it hit.
  assert.deepEqual(codes(findings), ['DW093']);
  assert.match(findings[0].message, /more than 1000 chained commands/);
  assert.match(parseDockerfile(text).stages[0].runs[0].parseError ?? '', /not analysed/);
  assert.equal(Error.stackTraceLimit < 1000, true, 'loading the shell parser must not leave an infinite stack-trace limit');
});
