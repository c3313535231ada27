// Relative links in README.md, ARCHITECTURE.md, CHANGELOG.md, SECURITY.md and docs/**/*.md point at files that exist,
// and `#anchors` at headings that exist (GitHub's slug rules; vsce rewrites relative links with --baseContentUrl).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';

const ROOT = path.resolve(__dirname, '../..');

function markdownFiles(): string[] {
  const out = ['README.md', 'ARCHITECTURE.md', 'CHANGELOG.md', 'SECURITY.md'].filter((f) => fs.existsSync(path.join(ROOT, f)));
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
      const rel = path.join(dir, e.name);
      if (e.isDirectory()) walk(rel);
      else if (e.name.endsWith('.md')) out.push(rel);
    }
  };
  walk('docs');
  if (fs.existsSync(path.join(ROOT, 'media/walkthrough'))) walk('media/walkthrough');
  return out;
}

/** GitHub's heading anchor: lower case, punctuation except `-` and `_` dropped, spaces to `-`. */
export function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/<[^>]+>/g, '')
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

function anchors(file: string): Set<string> {
  const text = fs.readFileSync(file, 'utf8').replace(/```[\s\S]*?```/g, '');
  const seen = new Map<string, number>();
  const out = new Set<string>();
  for (const m of text.matchAll(/^#{1,6} (.+)$/gm)) {
    const base = slug(m[1]);
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    out.add(n ? `${base}-${n}` : base);
  }
  return out;
}

test('slug follows GitHub for the headings the docs link to', () => {
  assert.equal(slug('Engine tests (`npm run test:engine`)'), 'engine-tests-npm-run-testengine');
  assert.equal(slug('Compose (DW2xx) and across files (DW3xx)'), 'compose-dw2xx-and-across-files-dw3xx');
  assert.equal(slug('Split output, really built (`npm run test:engine`)'), 'split-output-really-built-npm-run-testengine');
});

test('every relative link in the docs resolves to a file and heading', () => {
  const broken: string[] = [];
  let checked = 0;
  for (const rel of markdownFiles()) {
    const file = path.join(ROOT, rel);
    const text = fs.readFileSync(file, 'utf8').replace(/```[\s\S]*?```/g, '');
    for (const m of text.matchAll(/!?\[[^\]]*\]\(([^)\s]+)\)/g)) {
      const target = m[1];
      if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // https:, command:, mailto:
      const [p, hash] = target.split('#');
      const dest = p ? path.resolve(path.dirname(file), decodeURI(p)) : file;
      checked++;
      if (!fs.existsSync(dest)) {
        broken.push(`${rel}: ${target} (no such file)`);
        continue;
      }
      if (hash && dest.endsWith('.md') && !anchors(dest).has(hash)) broken.push(`${rel}: ${target} (no such heading)`);
    }
  }
  assert.deepEqual(broken, []);
  assert.ok(checked > 40, `only ${checked} links checked`);
});

test("README's precision table is the one npm run ecosystem -- --update last wrote to PRECISION.md", () => {
  const rows = (file: string) =>
    fs
      .readFileSync(path.join(ROOT, file), 'utf8')
      .split('\n')
      .filter((l) => /^\| (error|warning|info) \|/.test(l))
      .map((l) => l.split('|').map((c) => c.trim()))
      // severity, findings, true, debatable, false and the measure (PRECISION.md also has an unreviewed column).
      .map((c) => (c.length > 10 ? [c[1], c[2], c[3], c[4], c[5], c[7]] : [c[1], c[2], c[3], c[4], c[5], c[6]]));
  const precision = rows('test/ecosystem/PRECISION.md').slice(0, 3);
  assert.equal(precision.length, 3, 'PRECISION.md has its error, warning and info rows');
  assert.deepEqual(rows('README.md'), precision, 'update the table in README.md from test/ecosystem/PRECISION.md');
});
