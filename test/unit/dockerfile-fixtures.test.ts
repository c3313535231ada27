import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { check, fixAll } from '../helpers';

const FIXTURES = path.resolve(__dirname, '../fixtures');

/** Exact findings (code@1-based line) for realistic Dockerfiles. */
const expected: Record<string, string[]> = {
  'dockerfiles/debian-apt.Dockerfile': ['DW107@1', 'DW106@2', 'DW111@2'],
  'dockerfiles/distroless.Dockerfile': ['DW110@12'],
  'dockerfiles/go-multistage.Dockerfile': ['DW113@6', 'DW111@7', 'DW111@9', 'DW110@18', 'DW117@19'],
  'dockerfiles/heredocs.Dockerfile': ['DW106@14', 'DW109@17'],
  'dockerfiles/node.Dockerfile': ['DW115@14', 'DW119@15', 'DW116@16'],
  'dockerfiles/python.Dockerfile': ['DW113@5', 'DW106@6', 'DW111@6', 'DW108@10', 'DW109@11', 'DW117@12'],
  'dockerfiles/scratch.Dockerfile': [],
  'dockerfiles/windows.Dockerfile': [],
  'dockerfiles/single-stage-go.Dockerfile': ['DW105@1', 'DW118@5', 'DW112@7'],
  'dockerfiles/broken.Dockerfile': ['DW111@2', 'DW112@2', 'DW001@5', 'DW104@7'],
  // The seed's per-service Dockerfiles: only deliberate info hints (cache mounts, a health check for served ports).
  'seed/Dockerfile.server': ['DW111@6', 'DW111@8', 'DW109@18'],
  'seed/Dockerfile.worker': ['DW111@5', 'DW111@7', 'DW109@16'],
  'seed/Dockerfile.scheduler': ['DW111@6', 'DW111@8'],
};

function findingsOf(files: Record<string, string>, name: string): string[] {
  return check(files, name)
    .map((f) => `${f.code}@${f.range.start.line + 1}`)
    .sort((a, b) => Number(a.split('@')[1]) - Number(b.split('@')[1]) || a.localeCompare(b));
}

for (const [fixture, codes] of Object.entries(expected)) {
  test(`fixture ${fixture}: exact findings, every fix applies cleanly`, () => {
    const name = path.basename(fixture);
    const files = { [name]: fs.readFileSync(path.join(FIXTURES, fixture), 'utf8') };
    const sort = (l: string[]) => [...l].sort((a, b) => Number(a.split('@')[1]) - Number(b.split('@')[1]) || a.localeCompare(b));
    assert.deepEqual(findingsOf(files, name), sort(codes));
    if (fixture.startsWith('seed/')) assert.ok(check(files, name).every((f) => f.severity === 'info'), 'seed files get info hints only');
    let current = files;
    for (const code of new Set(codes.map((c) => c.split('@')[0]))) current = fixAll(current, name, code);
    const unfixable = check(files, name).filter((f) => f.fixes.length === 0).map((f) => f.code);
    const left = check(current, name).map((f) => f.code);
    for (const code of left) assert.ok(unfixable.includes(code), `${code} still reported after its fixes:\n${current[name]}`);
  });
}

test('Windows escape directive: RUN lines are not shell-parsed, CRLF kept', () => {
  const files = { Dockerfile: fs.readFileSync(path.join(FIXTURES, 'dockerfiles/windows.Dockerfile'), 'utf8') };
  assert.ok(files.Dockerfile.includes('\r\n'));
  assert.deepEqual(check(files, 'Dockerfile'), []);
});
