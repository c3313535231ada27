/**
 * Split of interpreted applications (Node/TypeScript, Python): the import-graph readers, the needs table, the
 * decision (split only when the programs provably need different system packages), the emitted files (goldens for
 * examples/node-media) and the verifier's interpreted checks.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { parse as parseYaml } from 'yaml';
import { parseDockerfile } from '../../server/src/core/dockerfile/model';
import { walkImports } from '../../server/src/core/interpreted/graph';
import { JsResolver, scanJs } from '../../server/src/core/node/jsImports';
import { PyResolver, scanPython } from '../../server/src/core/python/pyImports';
import { planSplit } from '../../server/src/core/split';
import { analyzeProgramNeeds, entryOfCommand, verifyInterpreted, workspaceFileOf } from '../../server/src/core/split/interpreted';
import type { Program } from '../../server/src/core/split/programs';
import { verifySplitFile } from '../../server/src/core/split/verify';
import { applyEdits } from '../../server/src/core/text';
import { MemoryWorkspace } from '../../server/src/core/workspace';
import { FsWorkspace } from '../../server/src/node/fsWorkspace';

const ROOT = path.resolve(__dirname, '../..');
const UPDATE = process.env.UPDATE_GOLDEN === '1';

function golden(rel: string, actual: string): void {
  const file = path.join(ROOT, 'test/golden/split', rel);
  if (UPDATE) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, actual);
  }
  assert.ok(fs.existsSync(file), `golden ${rel} is missing (UPDATE_GOLDEN=1 writes it)`);
  assert.equal(actual, fs.readFileSync(file, 'utf8'), `golden ${rel} differs (UPDATE_GOLDEN=1 rewrites it; review the diff)`);
}

const runtimePackages = (text: string) => {
  const m = parseDockerfile(text);
  return m.finalStage!.installs.filter((i) => i.manager === 'apt' || i.manager === 'apk').flatMap((i) => i.packages.map((p) => p.value)).sort();
};

describe('scanJs', () => {
  it('reads static, re-exported, required and dynamic imports; skips type-only imports, comments, strings and regexes', () => {
    const facts = scanJs(`
      import fs from 'node:fs';
      import type { Foo } from './types';
      import { a, type B } from "./a";
      import './side-effect';
      export * from './re';
      export { x as y } from '@scope/pkg/sub';
      const s = "import nope from 'not-this'";
      // import commented from 'commented';
      /* require('block-commented') */
      const re = /require\\('in-regex'\\)/g;
      const t = \`template \${require('./in-template')}\`;
      const lazy = () => import('./lazy.js');
      const c = require('cjs');
    `);
    assert.deepEqual(facts.imports.sort(), ['./a', './in-template', './lazy.js', './re', './side-effect', '@scope/pkg/sub', 'cjs', 'node:fs'].sort());
    assert.deepEqual(facts.computed, []);
    assert.equal(facts.runsProcess, false);
  });

  it('flags computed imports and computed commands, and reads tool names from literals', () => {
    const facts = scanJs(`
      const { spawn, execFile } = require('child_process');
      const plugin = require(\`./plugins/\${name}\`);
      const mod = await import(moduleName);
      spawn('ffmpeg', ['-i', input]);
      execFile(process.execPath, ['child.js']);
      const FFPROBE = process.env.FFPROBE ?? 'ffprobe -v error';
      execFile(cmd, args);
    `);
    assert.equal(facts.computed.length, 2);
    assert.equal(facts.runsProcess, true);
    assert.deepEqual(facts.toolLiterals.sort(), ['ffmpeg', 'ffprobe']);
    assert.deepEqual(facts.computedCommands, ['execFile(cmd, args)']);
  });

  it('does not read tool names from files that start no process', () => {
    assert.deepEqual(scanJs(`const label = 'ffmpeg'; export default label;`).toolLiterals, []);
  });
});

describe('scanPython', () => {
  it('reads import forms, relative and parenthesised imports; ignores strings and comments', () => {
    const facts = scanPython(`
import os, sys as system
import app.models.user
from . import db
from ..core import (
    settings,
    cache as c,
)
from PIL import Image
text = """
import not_this
"""
# import commented
mod = importlib.import_module("app.plugins.csv")
`);
    assert.deepEqual(
      facts.imports.sort(),
      ['os', 'sys', 'app.models.user', '.', '?.db', '..core', '?..core.settings', '?..core.cache', 'PIL', '?PIL.Image', 'app.plugins.csv'].sort(),
    );
    assert.deepEqual(facts.computed, []);
  });

  it('flags computed imports, Django apps and autodiscovered Celery tasks; reads subprocess tools', () => {
    const facts = scanPython(`
import subprocess
plugin = importlib.import_module(name)
INSTALLED_APPS = ["shop"]
app.autodiscover_tasks()
subprocess.run(["pdftoppm", "-png", src, dst], check=True)
`);
    assert.equal(facts.computed.length, 3);
    assert.equal(facts.runsProcess, true);
    assert.deepEqual(facts.toolLiterals, ['pdftoppm']);
    assert.deepEqual(facts.computedCommands, []);
  });

  it('reads Celery include= lists as imports', () => {
    assert.deepEqual(scanPython(`app = Celery("x", include=["shop.tasks", "shop.mail"])`).imports, ['shop.tasks', 'shop.mail']);
  });
});

describe('resolvers', () => {
  const ws = new MemoryWorkspace({
    'tsconfig.json': '{ // comment\n "compilerOptions": { "outDir": "dist", "rootDir": "src", "baseUrl": ".", "paths": { "@/*": ["src/*"] }, }, }',
    'src/main.ts': '',
    'src/lib/index.ts': '',
    'src/util.ts': '',
    'packages/shared/package.json': JSON.stringify({ name: '@acme/shared', exports: { '.': { import: './dist/index.js' } } }),
    'packages/shared/tsconfig.json': '{ "compilerOptions": { "outDir": "dist", "rootDir": "src" } }',
    'packages/shared/src/index.ts': '',
    'py/app/__init__.py': '',
    'py/app/web.py': '',
    'py/app/core/__init__.py': '',
    'py/app/core/db.py': '',
  });
  const js = new JsResolver(ws, '');
  it('JavaScript: .js written for .ts, index files, tsconfig paths, workspace package exports, builtins, packages', () => {
    assert.deepEqual(js.resolve('./util.js', 'src/main.ts'), [{ file: 'src/util.ts' }]);
    assert.deepEqual(js.resolve('./lib', 'src/main.ts'), [{ file: 'src/lib/index.ts' }]);
    assert.deepEqual(js.resolve('@/util', 'src/main.ts'), [{ file: 'src/util.ts' }]);
    assert.deepEqual(js.resolve('@acme/shared', 'src/main.ts'), [{ file: 'packages/shared/src/index.ts' }]);
    assert.deepEqual(js.resolve('fs/promises', 'src/main.ts'), [{ builtin: true }]);
    assert.deepEqual(js.resolve('sharp', 'src/main.ts'), [{ external: 'sharp' }]);
    assert.deepEqual(js.resolve('./missing', 'src/main.ts'), [{ unresolved: './missing' }]);
    assert.equal(js.sourceOfOutput('dist/main.js'), 'src/main.ts');
  });
  it('Python: relative imports, packages with their __init__.py, stdlib and third-party', () => {
    const py = new PyResolver(ws, ['py']);
    assert.deepEqual(py.resolve('app.core.db', 'py/app/web.py'), [{ file: 'py/app/__init__.py' }, { file: 'py/app/core/__init__.py' }, { file: 'py/app/core/db.py' }]);
    assert.deepEqual(py.resolve('.core', 'py/app/web.py'), [{ file: 'py/app/core/__init__.py' }]);
    assert.deepEqual(py.resolve('?.core.db', 'py/app/web.py'), [{ file: 'py/app/core/__init__.py' }, { file: 'py/app/core/db.py' }]);
    assert.deepEqual(py.resolve('?.core.settings', 'py/app/web.py'), []);
    assert.deepEqual(py.resolve('json', 'py/app/web.py'), [{ builtin: true }]);
    assert.deepEqual(py.resolve('PIL', 'py/app/web.py'), [{ external: 'PIL' }]);
    assert.deepEqual(py.resolve('app.generated', 'py/app/web.py'), [{ unresolved: 'app.generated' }]);
  });
  it('the walk stops at its bound and says so', () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 10; i++) files[`src/m${i}.js`] = `require('./m${i + 1}')`;
    const w = new MemoryWorkspace(files);
    const r = new JsResolver(w, '');
    const graph = walkImports(w, 'src/m0.js', scanJs, (s, f) => r.resolve(s, f), { maxFiles: 4, maxBytes: 1 << 20 });
    assert.equal(graph.files.length, 4);
    assert.match(graph.boundHit ?? '', /more than 4 files/);
  });
});

describe('entries', () => {
  it('reads the file or module a command runs', () => {
    const scripts = { worker: 'NODE_ENV=production node -r dotenv/config ./dist/worker.js', both: 'tsc && node dist/a.js' };
    assert.deepEqual(entryOfCommand(['npm', 'run', 'worker'], scripts), [{ path: './dist/worker.js', preload: ['dotenv/config'] }]);
    assert.deepEqual(entryOfCommand(['tini', '--'], scripts), []);
    assert.deepEqual(entryOfCommand(['python', '-m', 'app.worker'], undefined), [{ module: 'app.worker', preload: [] }]);
    assert.deepEqual(entryOfCommand(['celery', '-A', 'proj', 'worker'], undefined), [{ module: 'proj', preload: ['?proj.celery'] }]);
    assert.deepEqual(entryOfCommand(['gunicorn', '--bind', '0.0.0.0:8000', 'shop.web:app'], undefined), [{ module: 'shop.web', preload: [] }]);
    assert.match(entryOfCommand(['node', '-e', 'run()'], undefined)[0].problem ?? '', /inline code/);
  });
  it('maps a container path back to the build context through COPY and COPY --from', () => {
    const model = parseDockerfile('FROM node:22 AS build\nWORKDIR /app\nCOPY package.json ./\nCOPY src ./src\nRUN npm run build\nFROM node:22\nWORKDIR /srv\nCOPY --from=build /app/dist ./dist\n');
    assert.equal(workspaceFileOf(model, model.finalStage!, '/srv/dist/worker.js', 'svc'), 'svc/dist/worker.js');
    assert.equal(workspaceFileOf(model, model.stages[0], '/app/src/a.ts', 'svc'), 'svc/src/a.ts');
  });
});

describe('split examples/node-media (web, ffmpeg worker, GraphicsMagick thumbnailer)', () => {
  const root = path.join(ROOT, 'examples/node-media');
  const workspace = new FsWorkspace(root);
  const result = planSplit(workspace, 'Dockerfile');
  const created = new Map(result.plan.creates.map((c) => [c.path, c.content]));

  it('splits it: each program reaches different system tools', () => {
    assert.equal(result.notMonolithReason, undefined, result.plan.notes.join('\n'));
    assert.deepEqual(result.programs.map((p) => `${p.name}:${p.services.join(',')}`).sort(), ['thumbnailer:thumbnailer', 'web:web', 'worker:worker']);
    const reasons = (name: string) => result.programs.find((p) => p.name === name)!.reasons.join('\n');
    assert.match(reasons('worker'), /src\/worker\.ts → src\/jobs\/transcode\.ts runs ffmpeg/);
    assert.match(reasons('thumbnailer'), /src\/thumbnailer\.ts → src\/jobs\/thumbnail\.ts imports gm/);
    assert.match(reasons('web'), /leaves out ffmpeg graphicsmagick/);
    assert.ok(result.plan.notes.some((n) => /tini ca-certificates: purpose not attributed to a program/.test(n)), result.plan.notes.join('\n'));
  });

  it('gives each file only the tools its program needs, its own CMD, and keeps the rest', () => {
    const want: Record<string, { pkgs: string[]; cmd: string; absent: string[] }> = {
      'Dockerfile.web': { pkgs: ['ca-certificates', 'tini'], cmd: '["node", "dist/web.js"]', absent: ['ffmpeg', 'GraphicsMagick', 'graphicsmagick'] },
      'Dockerfile.worker': { pkgs: ['ca-certificates', 'ffmpeg', 'tini'], cmd: '["node", "dist/worker.js"]', absent: ['graphicsmagick', 'GraphicsMagick', 'EXPOSE'] },
      'Dockerfile.thumbnailer': { pkgs: ['ca-certificates', 'graphicsmagick', 'tini'], cmd: '["node", "dist/thumbnailer.js"]', absent: ['ffmpeg', '/data/spool', 'EXPOSE'] },
    };
    assert.deepEqual([...created.keys()].sort(), Object.keys(want).sort());
    for (const [file, w] of Object.entries(want)) {
      const text = created.get(file)!;
      assert.deepEqual(runtimePackages(text), w.pkgs, file);
      assert.ok(text.includes(`CMD ${w.cmd}`), file);
      assert.ok(text.includes('ENTRYPOINT ["tini", "--"]'), file);
      assert.ok(text.includes('RUN npm ci'), file);
      for (const a of w.absent) assert.ok(!text.includes(a), `${file} still mentions ${a}`);
      golden(`node-media/${file}`, text);
    }
  });

  it('rewires compose: each service builds its file, the now redundant command: goes', () => {
    const edit = result.plan.edits.find((e) => e.path === 'compose.yaml')!;
    const after = applyEdits(workspace.readText('compose.yaml')!, edit.edits);
    golden('node-media/compose.yaml', after);
    const doc = parseYaml(after);
    assert.equal(doc.services.worker.build.dockerfile, 'Dockerfile.worker');
    assert.equal(doc.services.worker.command, undefined);
    assert.deepEqual(result.plan.deletes, [{ path: 'Dockerfile' }]);
  });

  it('the verifier catches a file that lost the tool its program needs, its entry file or its runtime', () => {
    const worker = result.programs.find((p) => p.name === 'worker')!;
    const text = created.get('Dockerfile.worker')!;
    const check = { language: 'node' as const, entry: '/app/dist/worker.js', packages: ['ffmpeg', 'tini', 'ca-certificates'] };
    const ctx = { program: worker.name, command: ['node', 'dist/worker.js'], interpreted: check };
    assert.deepEqual(verifySplitFile(text, ctx), []);
    assert.deepEqual(verifySplitFile(text.replace('ffmpeg ', ''), ctx), ['ffmpeg is not installed in the shipped stage']);
    assert.deepEqual(verifySplitFile(text.replace('COPY --from=build /app/dist ./dist\n', ''), ctx), ['/app/dist/worker.js (the file it runs) is not copied or built into the shipped stage']);
    const alpine = text.replace('FROM node:22-bookworm-slim\n# ffmpeg', 'FROM debian:bookworm-slim\n# ffmpeg');
    assert.match(verifySplitFile(alpine, ctx).join('\n'), /no Node\.js runtime/);
  });
});

describe('split examples/python-shared (web, Celery worker and beat share every package)', () => {
  it('refuses, naming each shared package and how every process reaches it', () => {
    const result = planSplit(new FsWorkspace(path.join(ROOT, 'examples/python-shared')), 'Dockerfile');
    assert.ok(result.notMonolithReason);
    assert.match(result.notMonolithReason, /^it is one interpreted application \(python\)/);
    assert.match(result.notMonolithReason, /all processes share every package: libpq5 \(web: shop\/web\.py → shop\/db\.py imports psycopg2; worker: shop\/tasks\.py → shop\/db\.py imports psycopg2; beat: /);
    assert.match(result.notMonolithReason, /poppler-utils \(web: shop\/web\.py → shop\/tasks\.py → shop\/invoices\.py imports pdf2image; worker: shop\/tasks\.py → shop\/invoices\.py imports pdf2image/);
    assert.equal(result.plan.creates.length + result.plan.edits.length + result.plan.deletes.length, 0);
  });
});

/** A Python web + worker where only the worker converts audio (pydub runs ffmpeg). */
function pythonAudio(extra: Record<string, string> = {}): MemoryWorkspace {
  return new MemoryWorkspace({
    'Dockerfile': [
      'FROM python:3.12-slim',
      'RUN apt-get update && apt-get install -y --no-install-recommends ffmpeg && rm -rf /var/lib/apt/lists/*',
      'WORKDIR /srv',
      'COPY requirements.txt uv.lock ./',
      'RUN pip install --no-cache-dir -r requirements.txt',
      'COPY app ./app',
      'CMD ["gunicorn", "-b", "0.0.0.0:8000", "app.web:app"]',
      '',
    ].join('\n'),
    'compose.yaml': 'services:\n  web:\n    build: .\n    ports: ["8000:8000"]\n  worker:\n    build: .\n    command: ["python", "-m", "app.worker"]\n',
    'requirements.txt': 'flask==3.1.0\npydub==0.25.1\n',
    'app/__init__.py': '',
    'app/web.py': 'from flask import Flask\nfrom .store import save\napp = Flask(__name__)\n',
    'app/store.py': 'import json\ndef save(x):\n    return json.dumps(x)\n',
    'app/worker.py': 'from pydub import AudioSegment\nfrom app.store import save\n\ndef convert(p):\n    return AudioSegment.from_file(p).export(p + ".mp3", format="mp3")\n',
    'uv.lock': [
      'version = 1',
      '[[package]]\nname = "flask"\nversion = "3.1.0"\ndependencies = [{ name = "werkzeug" }, { name = "jinja2" }, { name = "click" }]',
      '[[package]]\nname = "werkzeug"\nversion = "3.1.3"\ndependencies = [{ name = "markupsafe" }]',
      '[[package]]\nname = "jinja2"\nversion = "3.1.4"\ndependencies = [{ name = "markupsafe" }]',
      '[[package]]\nname = "markupsafe"\nversion = "3.0.2"',
      '[[package]]\nname = "click"\nversion = "8.1.7"',
      '[[package]]\nname = "pydub"\nversion = "0.25.1"',
      '',
    ].join('\n'),
    ...extra,
  });
}

describe('Python with a lock file', () => {
  it('splits when only the worker reaches ffmpeg (through pydub), and the web file leaves it out', () => {
    const result = planSplit(pythonAudio(), 'Dockerfile');
    assert.equal(result.notMonolithReason, undefined, result.plan.notes.join('\n'));
    const web = result.plan.creates.find((c) => c.path === 'Dockerfile.web')!.content;
    const worker = result.plan.creates.find((c) => c.path === 'Dockerfile.worker')!.content;
    assert.ok(!web.includes('apt-get'), web);
    assert.ok(web.includes('CMD ["gunicorn", "-b", "0.0.0.0:8000", "app.web:app"]'), web);
    assert.deepEqual(runtimePackages(worker), ['ffmpeg']);
    assert.ok(worker.includes('CMD ["python", "-m", "app.worker"]'), worker);
  });

  it('refuses without the lock file: the web app imports flask, whose dependencies it cannot see', () => {
    const ws = pythonAudio();
    ws.delete('uv.lock');
    const result = planSplit(ws, 'Dockerfile');
    assert.match(result.notMonolithReason ?? '', /all processes share every package: ffmpeg \(web: its import graph is incomplete \(app\/web\.py imports flask, whose dependencies are not known without a lock file/);
  });

  it('refuses when a computed import makes a graph incomplete', () => {
    const result = planSplit(pythonAudio({ 'app/web.py': 'import importlib\nfrom flask import Flask\nplugin = importlib.import_module(PLUGIN)\napp = Flask(__name__)\n' }), 'Dockerfile');
    assert.match(result.notMonolithReason ?? '', /web: its import graph is incomplete \(app\/web\.py imports a module whose name is computed/);
  });

  it('keeps a tool the Dockerfile itself runs (a HEALTHCHECK or RUN) in every file', () => {
    const ws = pythonAudio();
    ws.set('Dockerfile', ws.readText('Dockerfile')!.replace('CMD [', 'RUN ffmpeg -version\nCMD ['));
    const result = planSplit(ws, 'Dockerfile');
    assert.match(result.notMonolithReason ?? '', /ffmpeg: the Dockerfile or an entry script runs ffmpeg itself/);
  });

  it('adds the CMD even when the image had none and the dropped install was its last instruction', () => {
    const ws = pythonAudio();
    ws.set('Dockerfile', 'FROM python:3.12-slim\nWORKDIR /srv\nCOPY requirements.txt uv.lock ./\nRUN pip install -r requirements.txt\nCOPY app ./app\nRUN apt-get update && apt-get install -y ffmpeg\n');
    ws.set('compose.yaml', 'services:\n  web:\n    build: .\n    command: ["gunicorn", "app.web:app"]\n  worker:\n    build: .\n    command: ["python", "-m", "app.worker"]\n');
    const result = planSplit(ws, 'Dockerfile');
    assert.equal(result.notMonolithReason, undefined, result.plan.notes.join('\n'));
    const web = result.plan.creates.find((c) => c.path === 'Dockerfile.web')!.content;
    assert.ok(!web.includes('ffmpeg'), web);
    assert.match(web, /COPY app \.\/app\nCMD \["gunicorn", "app\.web:app"\]\n$/);
    assert.match(result.plan.creates.find((c) => c.path === 'Dockerfile.worker')!.content, /install -y ffmpeg\nCMD \["python", "-m", "app\.worker"\]\n$/);
  });

  it('the needs of one program: entry module, graph, lock closure', () => {
    const ws = pythonAudio();
    const model = parseDockerfile(ws.readText('Dockerfile')!);
    const worker = analyzeProgramNeeds(ws, model, { command: ['python', '-m', 'app.worker'] } as Program, '')!;
    assert.equal(worker.entry, 'app/worker.py');
    assert.deepEqual(worker.incomplete, []);
    assert.deepEqual([...worker.needs.keys()], ['pypi:pydub']);
    const web = analyzeProgramNeeds(ws, model, { command: ['gunicorn', '-b', '0.0.0.0:8000', 'app.web:app'] } as Program, '')!;
    assert.deepEqual([...web.needs.keys()], []);
    assert.deepEqual(web.graph!.files.sort(), ['app/__init__.py', 'app/store.py', 'app/web.py']);
  });
});

describe('verifyInterpreted', () => {
  it('checks the runtime, the entry file and the packages in the shipped stage', () => {
    const model = parseDockerfile('FROM python:3.12-slim\nRUN apt-get install -y ffmpeg\nWORKDIR /srv\nCOPY app ./app\nCMD ["python", "-m", "app.worker"]\n');
    const ok = verifyInterpreted(model, model.finalStage!, { language: 'python', entry: '/srv/app/worker', packages: ['ffmpeg'] });
    assert.deepEqual(ok, []);
    const bad = verifyInterpreted(model, model.finalStage!, { language: 'node', entry: '/srv/lib/worker', packages: ['poppler-utils'] });
    assert.equal(bad.length, 3, bad.join('\n'));
  });
});
