// Work a check skips or shares must not change a finding:
// - BuildKit reports are grouped once per model and batch (dw13x-buildkit-checks.ts): a long-lived Analysis, kept
//   across random Dockerfile edits and `.dockerignore` changes (with the Dockerfile unchanged, so the same model is
//   checked in a new batch), gives the findings of a fresh Analysis after every step.
// - DW112 runs buildCommands only when mayBuildGo(model): whenever buildCommands finds a go build, mayBuildGo is true.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { dockerfilesUnder, seededRandom } from '../helpers';
import { Analysis } from '../../server/src/core/analysis';
import { checkFile } from '../../server/src/core/check';
import { buildCommands, mayBuildGo } from '../../server/src/core/dockerfile/buildCommands';
import { parseDockerfile } from '../../server/src/core/dockerfile/model';
import { MemoryWorkspace } from '../../server/src/core/workspace';

const ROOT = path.resolve(__dirname, '../..');
const files = [...dockerfilesUnder(path.join(ROOT, 'bench/corpus/dockerfiles')), ...dockerfilesUnder(path.join(ROOT, 'test/ecosystem/corpus'))];

const SNIPPETS = [
  '\nRUN go build -o /app ./cmd/server\n', '\nRUN env CGO_ENABLED=0 go install ./...\n', '\nRUN /usr/local/go/bin/go build .\n',
  '\nRUN xx-go build -ldflags="-s -w" .\n', '\nRUN garble build\n', ' && go build ./x', '\nCOPY . /src\n', '\nCOPY app.js /app/\n',
  '\nCMD a\n', '\ncmd b\n', '\nFROM alpine as x\n', 'x', ' ', '\n', '$', '"', '\\\n',
];
const IGNORES = ['', '*\n', 'node_modules\n', '*.js\n', '**/*.go\n!main.go\n', 'src\n'];

function edit(text: string, rnd: () => number): string {
  const at = Math.floor(rnd() * (text.length + 1));
  if (rnd() < 0.25 && text.length) return text.slice(0, at) + text.slice(Math.min(text.length, at + 1 + Math.floor(rnd() * 8)));
  return text.slice(0, at) + SNIPPETS[Math.floor(rnd() * SNIPPETS.length)] + text.slice(at);
}

test('BuildKit reports grouped per model and batch: a long-lived Analysis equals a fresh one over edits and .dockerignore changes', () => {
  assert.ok(files.length > 100, `corpus Dockerfiles found: ${files.length}`);
  const rnd = seededRandom(20);
  for (const file of files) {
    let text = fs.readFileSync(file, 'utf8');
    const ws = new MemoryWorkspace({ 'app/Dockerfile': text, 'app/.dockerignore': '' });
    const longLived = new Analysis(ws);
    for (let step = 0; step < 6; step++) {
      const r = rnd();
      if (r < 0.4) ws.set('app/.dockerignore', IGNORES[Math.floor(rnd() * IGNORES.length)]);
      else if (r < 0.5) ws.set('app/Dockerfile.dockerignore', IGNORES[Math.floor(rnd() * IGNORES.length)]);
      else ws.set('app/Dockerfile', (text = edit(text, rnd)));
      const fresh = new Analysis(new MemoryWorkspace(Object.fromEntries(ws.listFiles().map((f) => [f, ws.readText(f)!]))));
      assert.deepEqual(checkFile('app/Dockerfile', longLived), checkFile('app/Dockerfile', fresh), `${path.basename(file)} step ${step}`);
    }
  }
});

test('DW112 precondition: buildCommands finds a go build only when mayBuildGo is true', () => {
  const rnd = seededRandom(112);
  let goBuilds = 0;
  for (const file of files) {
    let text = fs.readFileSync(file, 'utf8');
    for (let step = 0; step < 4; step++) {
      const model = parseDockerfile(text);
      const hasGoBuild = buildCommands(model).some((b) => b.tool === 'go');
      if (hasGoBuild) goBuilds++;
      assert.ok(!hasGoBuild || mayBuildGo(model), `${path.basename(file)} step ${step}`);
      text = edit(text, rnd);
    }
  }
  assert.ok(goBuilds > 50, `texts with a go build: ${goBuilds}`);
});
