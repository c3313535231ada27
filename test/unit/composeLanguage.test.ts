import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatCompose, sameData, schemaCompletions, schemaHover } from '../../server/src/core/compose/language';
import { describeKey, keysAt, valuesAt } from '../../server/src/core/compose/schemaNav';

test('schema navigation follows $ref, oneOf and list items at any depth', () => {
  const limits = keysAt(['services', 'api', 'deploy', 'resources', 'limits']).map((k) => k.key);
  for (const key of ['cpus', 'memory', 'pids']) assert.ok(limits.includes(key), key);
  assert.ok(!limits.includes('image'));
  assert.ok(keysAt(['services', 'api', 'ports']).some((k) => k.key === 'published'), 'long-form port items');
  assert.deepEqual(valuesAt(['services', 'api', 'depends_on', 'db', 'condition']).sort(), ['service_completed_successfully', 'service_healthy', 'service_started']);
  assert.match(describeKey(['services', 'api', 'healthcheck']) ?? '', /health/i);
  assert.deepEqual(keysAt(['x-common', 'a']), []);
  assert.deepEqual(keysAt(['no-such-key']), []);
});

test('key completion inserts blocks on their own line and scalars after a space', () => {
  const items = schemaCompletions('services:\n  api:\n    heal\n', { line: 2, character: 8 });
  assert.equal(items.find((i) => i.label === 'healthcheck')?.insertText, 'healthcheck:\n');
  assert.equal(items.find((i) => i.label === 'image')?.insertText, 'image: ');
  assert.deepEqual(items.find((i) => i.label === 'image')?.range, { start: { line: 2, character: 4 }, end: { line: 2, character: 8 } });
  assert.deepEqual(schemaCompletions('services:\n  ', { line: 1, character: 2 }), [], 'service names are the user\'s');
  assert.deepEqual(schemaCompletions('services:\n  api:\n    image: "ng', { line: 2, character: 14 }), []);
});

test('schema hover only on a key', () => {
  assert.match(schemaHover('services:\n  api:\n    restart: always\n', { line: 2, character: 6 })!.contents, /Restart policy/);
  assert.equal(schemaHover('services:\n  api:\n    restart: always\n', { line: 2, character: 14 }), undefined);
});

test('formatting keeps comments, anchors and data; refuses broken YAML and leaves formatted text alone', () => {
  const text = '# top\nx-env: &env\n    A: "1"   # quoted\nservices:\n    api:\n        environment: *env\n---\nservices: {}\n';
  const out = formatCompose(text, { tabSize: 2 })!;
  assert.equal(out, '# top\nx-env: &env\n  A: "1" # quoted\nservices:\n  api:\n    environment: *env\n---\nservices: {}\n');
  assert.ok(sameData(text, out));
  assert.equal(formatCompose(out, { tabSize: 2 }), undefined);
  assert.equal(formatCompose('services:\n  api: [\n', { tabSize: 2 }), undefined);
  assert.equal(formatCompose('', { tabSize: 2 }), undefined);
});
