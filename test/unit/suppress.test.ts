import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyInlineIgnores } from '../../server/src/core/ignore';
import { fixAllEdits, suppressFileEdit, suppressLineEdit } from '../../server/src/core/suppress';
import { applyEdits } from '../../server/src/core/text';
import type { Finding } from '../../server/src/core/types';

const finding = (line: number, code = 'DW106', file = 'Dockerfile'): Finding => ({
  file,
  code,
  severity: 'warning',
  range: { start: { line, character: 0 }, end: { line, character: 3 } },
  message: 'm',
  fixes: [],
});

test('disable for this line goes above the instruction (continuations included) and really silences it', () => {
  const text = '# syntax=docker/dockerfile:1\nFROM alpine:3.22\nRUN apk add \\\n    curl\n';
  const edit = suppressLineEdit('Dockerfile', text, 3, 'DW106')!;
  const out = applyEdits(text, [edit]);
  assert.equal(out, '# syntax=docker/dockerfile:1\nFROM alpine:3.22\n# dockwright-ignore DW106\nRUN apk add \\\n    curl\n');
  assert.deepEqual(applyInlineIgnores(out, [finding(4)], 'Dockerfile'), []);
  // A second code merges into the same directive.
  const again = applyEdits(out, [suppressLineEdit('Dockerfile', out, 3, 'DW107')!]);
  assert.match(again, /^# dockwright-ignore DW106 DW107$/m);
  assert.equal(suppressLineEdit('Dockerfile', again, 3, 'DW107'), undefined);
  // Parser directives and comments cannot be silenced line by line.
  assert.equal(suppressLineEdit('Dockerfile', text, 0, 'DW001'), undefined);
});

test('disable for this line in YAML keeps the indentation of the item', () => {
  const text = 'services:\n  api:\n    ports:\n      - "80:80"\n';
  const out = applyEdits(text, [suppressLineEdit('compose.yaml', text, 3, 'DW211')!]);
  assert.equal(out, 'services:\n  api:\n    ports:\n      # dockwright-ignore DW211\n      - "80:80"\n');
  assert.deepEqual(applyInlineIgnores(out, [finding(4, 'DW211', 'compose.yaml')], 'compose.yaml'), []);
});

test('disable for this file goes after parser directives and merges into an existing directive', () => {
  const text = '# escape=`\nFROM alpine\n';
  const out = applyEdits(text, [suppressFileEdit('Dockerfile', text, 'DW114')!]);
  assert.equal(out, '# escape=`\n# dockwright-ignore-file DW114\nFROM alpine\n');
  const more = applyEdits(out, [suppressFileEdit('Dockerfile', out, 'DW107')!]);
  assert.match(more, /^# dockwright-ignore-file DW114 DW107$/m);
  assert.equal(suppressFileEdit('Dockerfile', more, 'DW107'), undefined);
  const crlf = 'services:\r\n  a:\r\n    image: x\r\n';
  assert.equal(applyEdits(crlf, [suppressFileEdit('compose.yaml', crlf, 'DW2')!]), '# dockwright-ignore-file DW2\r\nservices:\r\n  a:\r\n    image: x\r\n');
});

test('fix all takes preferred single-file fixes and skips overlaps, commands and other files', () => {
  const fix = (line: number, text: string, extra: Partial<Finding['fixes'][number]> = {}) => ({
    title: 't',
    isPreferred: true,
    edits: [{ path: 'Dockerfile', edits: [{ range: { start: { line, character: 0 }, end: { line, character: 0 } }, newText: text }] }],
    ...extra,
  });
  const findings: Finding[] = [
    { ...finding(2), fixes: [fix(2, 'b')] },
    { ...finding(1), fixes: [fix(1, 'a')] },
    { ...finding(1), fixes: [fix(1, 'again')] },
    { ...finding(3), fixes: [fix(3, 'c', { command: { id: 'x', arguments: [] } })] },
    { ...finding(4), fixes: [{ ...fix(4, 'd'), isPreferred: false }, fix(4, 'e', { isPreferred: false })] },
    { ...finding(5, 'DW107'), fixes: [fix(5, 'other code')] },
  ];
  const only106 = fixAllEdits('Dockerfile', findings, 'DW106');
  assert.equal(only106.fixed, 2);
  assert.deepEqual(only106.edits.map((e) => e.newText), ['a', 'b']);
  assert.equal(fixAllEdits('Dockerfile', findings).fixed, 3);
  assert.equal(fixAllEdits('other/Dockerfile', findings).fixed, 0);
});
