import assert from 'node:assert/strict';
import { test } from 'node:test';
import { clearShellCache, parseShell } from '../../server/src/core/dockerfile/shell';
import { parseDockerfile } from '../../server/src/core/dockerfile/model';

const SCRIPT = 'apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y curl "git" && rm -rf /var/lib/apt/lists/*';

test('parseShell: a memoised parse equals a fresh one', () => {
  clearShellCache();
  const fresh = parseShell(SCRIPT);
  const memoised = parseShell(SCRIPT);
  assert.deepEqual(memoised, fresh);
  assert.equal(fresh.commands.length, 3);
  assert.deepEqual(fresh.commands[1].env, { DEBIAN_FRONTEND: 'noninteractive' });
});

test('parseShell: mutating a result does not leak into later results', () => {
  clearShellCache();
  const first = parseShell(SCRIPT);
  first.commands[0].argv[0].value = 'changed';
  first.commands[1].env.DEBIAN_FRONTEND = 'changed';
  first.commands.pop();
  const second = parseShell(SCRIPT);
  assert.equal(second.commands.length, 3);
  assert.equal(second.commands[0].argv[0].value, 'apt-get');
  assert.equal(second.commands[1].env.DEBIAN_FRONTEND, 'noninteractive');
});

test('parseShell: parse errors are memoised too', () => {
  clearShellCache();
  const a = parseShell('if then fi (');
  const b = parseShell('if then fi (');
  assert.ok(a.error);
  assert.equal(b.error, a.error);
  assert.deepEqual(b.commands, []);
});

test('parseShell: commands nested in substitutions are still found', () => {
  clearShellCache();
  const script = 'apk add $(cat pkgs.txt) && echo `uname -m` && diff <(ls a) b && plain arg';
  const names = parseShell(script).commands.map((c) => c.argv[0]?.value);
  assert.deepEqual(names, ['apk', 'cat', 'echo', 'uname', 'diff', 'ls', 'plain']);
});

test('parseDockerfile: the per-file shell budget gives the same result whether scripts are cached or not', () => {
  // 400 distinct RUN scripts of ~40 elements each exceed the per-file budget: the tail is reported as not analysed.
  const runs = Array.from({ length: 400 }, (_, i) => `RUN apt-get install -y pkg${i} && echo "step ${i}" | tee /tmp/log${i} && rm -rf /tmp/x${i}`);
  const text = ['FROM debian:bookworm', ...runs, ''].join('\n');
  const summary = () => parseDockerfile(text).stages[0].runs.map((r) => r.parseError ?? r.commands.length);
  clearShellCache();
  const cold = summary();
  assert.ok(cold.some((r) => typeof r === 'string'), 'the budget is exceeded in this file');
  // Warm every script through small files (each well within its own budget), then check the big file again.
  for (const run of runs) parseDockerfile(`FROM debian:bookworm\n${run}\n`);
  assert.deepEqual(summary(), cold);
});
