import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { allRules } from '../../server/src/core/catalogue';
import { check } from '../helpers';

const DOCS = path.resolve(__dirname, '../../docs/rules');
const OTHER_BRANCH = new Set<string>();

test('every Dockerfile rule in the catalogue has a docs page with what/why/bad/good/fix', () => {
  for (const rule of allRules) {
    if (OTHER_BRANCH.has(rule.code) || !/^DW[01]/.test(rule.code)) continue;
    const file = path.join(DOCS, `${rule.code}.md`);
    assert.ok(fs.existsSync(file), `docs/rules/${rule.code}.md`);
    const text = fs.readFileSync(file, 'utf8');
    for (const heading of ['## What it finds', '## Why it matters', '## Bad', '## Good', '## Fix']) assert.ok(text.includes(heading), `${rule.code}: ${heading}`);
  }
});

test('docs examples: the Bad example triggers the rule, the Good one does not', () => {
  let checked = 0;
  for (const file of fs.readdirSync(DOCS)) {
    const code = file.replace(/\.md$/, '');
    // Compose and cross-file rules need a compose file next to the Dockerfile; their examples are checked by their own tests.
    if (!/^DW[01]/.test(code)) continue;
    const text = fs.readFileSync(path.join(DOCS, file), 'utf8');
    const block = (heading: string) => new RegExp(`## ${heading}\\n\\n\`\`\`dockerfile\\n([\\s\\S]*?)\`\`\``).exec(text)?.[1];
    const bad = block('Bad');
    const good = block('Good');
    if (!bad || !good || !/^(FROM|ARG|#)/.test(bad)) continue;
    const codesOf = (t: string) => check({ Dockerfile: t }, 'Dockerfile').map((f) => f.code);
    assert.ok(codesOf(bad).includes(code), `${code}: bad example should trigger it`);
    assert.ok(!codesOf(good).includes(code), `${code}: good example should not trigger it: ${codesOf(good)}`);
    checked++;
  }
  assert.ok(checked >= 18, `only ${checked} docs examples checked`);
});
