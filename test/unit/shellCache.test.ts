import assert from 'node:assert/strict';
import { test } from 'node:test';
import { clearShellCache, parseShell } from '../../server/src/core/dockerfile/shell';

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
