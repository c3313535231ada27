/**
 * The split planner on example repositories of different shapes (examples/<name>, each README says what the
 * right split is and why). Per example: the decisions, the exact generated files (goldens under
 * test/golden/split/<name>/; `UPDATE_GOLDEN=1` rewrites them — review every change by hand), and no new
 * `dockwright check` findings in a generated Dockerfile compared with the original.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { parse as parseYaml } from 'yaml';
import { Analysis } from '../../server/src/core/analysis';
import { checkFile } from '../../server/src/core/check';
import { findStage, parseDockerfile, stageLineage, type Stage } from '../../server/src/core/dockerfile/model';
import { planSplit, type SplitResult } from '../../server/src/core/split';
import { applyEdits } from '../../server/src/core/text';
import { MemoryWorkspace } from '../../server/src/core/workspace';
import { FsWorkspace } from '../../server/src/node/fsWorkspace';

const ROOT = path.resolve(__dirname, '../..');
const UPDATE = process.env.UPDATE_GOLDEN === '1';

interface ProgramExpectation {
  file: string;
  services: string[];
  /** For Rust: links a system C library. */
  cgo: boolean;
  /** `CGO_ENABLED` the go build runs with (Go only). */
  cgoEnabled?: '0' | '1';
  builderPackages: string[];
  runtimePackages: string[];
  expose: string[];
  dataDirs: string[];
  cmd?: string[];
  entrypoint?: string[];
  /** The one build line, as a pattern. */
  build: RegExp;
  /** Texts that must not appear anywhere in the file (other programs' names, dropped packages). */
  absent: string[];
  /** Texts that must be kept from the original. */
  present?: string[];
  /** Some reason of the plan must contain each of these. */
  reasons?: string[];
}

interface ExampleExpectation {
  name: string;
  dockerfile: string;
  programs: Record<string, ProgramExpectation>;
  /** Compose file → service → what its definition must look like after the split (`null`: key absent). */
  compose: Record<string, Record<string, { dockerfile?: string; command?: unknown; entrypoint?: unknown }>>;
  /** Compose files the plan must not touch. */
  untouched: string[];
  original: { deleted: true; note: RegExp } | { deleted: false; note: RegExp };
  /** Other notes the plan must contain. */
  notes?: RegExp[];
}

const EXAMPLES: ExampleExpectation[] = [
  {
    name: 'go-sqlite',
    dockerfile: 'Dockerfile',
    programs: {
      api: {
        file: 'Dockerfile.api',
        services: ['api'],
        cgo: true,
        cgoEnabled: '1',
        builderPackages: ['gcc', 'musl-dev'],
        runtimePackages: ['ca-certificates', 'tzdata'],
        expose: ['8000'],
        dataDirs: ['/var/lib/notes'],
        cmd: ['api'],
        build: /go build -trimpath -ldflags="-s -w" -o \/out\/api \.\/cmd\/api$/,
        absent: ['mailer'],
        reasons: ['cmd/api → internal/repo → internal/db → github.com/mattn/go-sqlite3'],
      },
      mailer: {
        file: 'Dockerfile.mailer',
        services: ['mailer'],
        cgo: false,
        cgoEnabled: '0',
        builderPackages: [],
        runtimePackages: ['ca-certificates', 'tzdata'],
        expose: [],
        dataDirs: [],
        cmd: ['mailer'],
        build: /go build -trimpath -ldflags="-s -w" -o \/out\/mailer \.\/cmd\/mailer$/,
        absent: ['/out/api', 'gcc', 'musl-dev', 'go-sqlite3', '/var/lib/notes', 'EXPOSE'],
        reasons: ['pure Go'],
      },
    },
    compose: {
      'compose.yaml': {
        api: { dockerfile: 'Dockerfile.api', command: null },
        mailer: { dockerfile: 'Dockerfile.mailer', command: null },
      },
    },
    untouched: [],
    original: { deleted: true, note: /Dockerfile is deleted: nothing else refers to it/ },
  },
  {
    name: 'go-vips',
    dockerfile: 'Dockerfile',
    programs: {
      web: {
        file: 'Dockerfile.web',
        services: ['web'],
        cgo: false,
        cgoEnabled: '0',
        builderPackages: [],
        runtimePackages: ['ca-certificates'],
        expose: ['8080'],
        dataDirs: ['/srv/media'],
        cmd: ['web'],
        build: /go build -trimpath -ldflags="-s -w" -o \/out\/ \.\/cmd\/web$/,
        absent: ['libvips', 'apt-get update\n', 'bimg', 'cmd/...', 'resizer', 'cleanup'],
      },
      resizer: {
        file: 'Dockerfile.resizer',
        services: ['resizer'],
        cgo: true,
        cgoEnabled: '1',
        builderPackages: ['libvips-dev'],
        runtimePackages: ['ca-certificates', 'libvips42'],
        expose: [],
        dataDirs: ['/srv/media'],
        cmd: ['resizer'],
        build: /go build -trimpath -ldflags="-s -w" -o \/out\/ \.\/cmd\/resizer$/,
        absent: ['EXPOSE', 'cmd/...', 'cleanup'],
        reasons: ['cmd/resizer → internal/pipeline → internal/imaging → github.com/h2non/bimg'],
      },
      cleanup: {
        file: 'Dockerfile.cleanup',
        services: [],
        cgo: false,
        cgoEnabled: '0',
        builderPackages: [],
        runtimePackages: ['ca-certificates'],
        expose: [],
        // No service tells what cleanup writes: the original's data folder stays.
        dataDirs: ['/srv/media'],
        cmd: ['cleanup'],
        build: /go build -trimpath -ldflags="-s -w" -o \/out\/ \.\/cmd\/cleanup$/,
        absent: ['libvips', 'EXPOSE', 'resizer'],
        reasons: ['no compose service runs it'],
      },
    },
    compose: {
      'docker-compose.yml': {
        web: { dockerfile: 'Dockerfile.web' },
        resizer: { dockerfile: 'Dockerfile.resizer', command: null },
      },
    },
    untouched: [],
    original: { deleted: true, note: /Dockerfile is deleted: nothing else refers to it/ },
  },
  {
    name: 'rust-workspace',
    dockerfile: 'Dockerfile',
    programs: {
      gateway: {
        file: 'Dockerfile.gateway',
        services: ['gateway'],
        cgo: true,
        builderPackages: ['libssl-dev', 'pkg-config'],
        runtimePackages: ['ca-certificates', 'libssl3'],
        expose: ['3000'],
        dataDirs: ['/var/lib/search'],
        cmd: ['gateway'],
        build: /cargo build --release --bin gateway \\\n\s+&& cp target\/release\/gateway \/usr\/local\/bin\/$/,
        absent: ['indexer', 'reindex', '--bins'],
        reasons: ['gateway → openssl → openssl-sys'],
      },
      indexer: {
        file: 'Dockerfile.indexer',
        services: ['indexer'],
        cgo: false,
        builderPackages: [],
        runtimePackages: ['ca-certificates'],
        expose: [],
        dataDirs: ['/var/lib/search'],
        cmd: ['indexer'],
        build: /cargo build --release --bin indexer \\\n\s+&& cp target\/release\/indexer \/usr\/local\/bin\/$/,
        absent: ['gateway', 'reindex', 'libssl', 'pkg-config', 'openssl', 'EXPOSE', '--bins'],
      },
      reindex: {
        file: 'Dockerfile.reindex',
        services: [],
        cgo: false,
        builderPackages: [],
        runtimePackages: ['ca-certificates'],
        expose: [],
        dataDirs: ['/var/lib/search'],
        cmd: ['reindex'],
        build: /cargo build --release --bin reindex \\\n\s+&& cp target\/release\/reindex \/usr\/local\/bin\/$/,
        absent: ['gateway', 'indexer', 'libssl', 'EXPOSE'],
      },
    },
    compose: {
      'compose.yaml': {
        gateway: { dockerfile: 'Dockerfile.gateway' },
        indexer: { dockerfile: 'Dockerfile.indexer', command: null },
      },
    },
    untouched: [],
    original: { deleted: true, note: /Dockerfile is deleted: nothing else refers to it/ },
  },
  {
    name: 'two-compose-ci',
    dockerfile: 'Dockerfile',
    programs: {
      'ledger-api': {
        file: 'Dockerfile.ledger-api',
        services: ['api'],
        cgo: false,
        cgoEnabled: '0',
        builderPackages: [],
        runtimePackages: [],
        expose: ['9090'],
        dataDirs: [],
        entrypoint: ['/usr/local/bin/ledger-api'],
        build: /go install -trimpath -ldflags="-s -w -X main\.version=\$\{VERSION\}" \.\/cmd\/ledger-api$/,
        absent: ['ledger-worker'],
      },
      'ledger-worker': {
        file: 'Dockerfile.ledger-worker',
        services: ['worker'],
        cgo: false,
        cgoEnabled: '0',
        builderPackages: [],
        runtimePackages: [],
        expose: [],
        dataDirs: [],
        entrypoint: ['/usr/local/bin/ledger-worker'],
        build: /go install -trimpath -ldflags="-s -w -X main\.version=\$\{VERSION\}" \.\/cmd\/ledger-worker$/,
        absent: ['ledger-api', 'EXPOSE'],
      },
    },
    compose: {
      'compose.yaml': {
        api: { dockerfile: 'Dockerfile.ledger-api' },
        worker: {
          dockerfile: 'Dockerfile.ledger-worker',
          entrypoint: null,
          command: ['-journal', '/var/lib/ledger/journal.jsonl', '-every', '24h'],
        },
      },
    },
    untouched: ['compose.override.yaml'],
    original: { deleted: false, note: /Dockerfile is kept: still referred to by \.github\/workflows\/build\.yml:21$/ },
    notes: [/^service worker → Dockerfile\.ledger-worker \(entrypoint: removed, it equals the new ENTRYPOINT\) \(command: kept, it differs from the CMD\)$/],
  },
  {
    name: 'go-xx',
    dockerfile: 'Dockerfile',
    programs: {
      ingest: {
        file: 'Dockerfile.ingest',
        services: ['ingest'],
        cgo: true,
        builderPackages: ['clang', 'gcc', 'lld', 'musl-dev'],
        runtimePackages: ['ca-certificates'],
        expose: [],
        dataDirs: ['/var/lib/clickstream'],
        cmd: ['ingest'],
        build: /xx-go build -tags musl -ldflags="-s -w" -o \/out\/ingest \.\/cmd\/ingest \\\n\s+&& xx-verify \/out\/ingest$/,
        absent: ['/out/api', 'cmd/api', 'EXPOSE'],
        present: ['FROM --platform=$BUILDPLATFORM tonistiigi/xx:1.6.1 AS xx', 'FROM --platform=$BUILDPLATFORM golang:1.25-alpine AS build', 'COPY --from=xx / /', 'ARG TARGETPLATFORM', 'ENV CGO_ENABLED=1'],
        reasons: ['cmd/ingest → internal/consumer → github.com/confluentinc/confluent-kafka-go/v2/kafka'],
      },
      api: {
        file: 'Dockerfile.api',
        services: ['api'],
        cgo: false,
        cgoEnabled: '0',
        builderPackages: [],
        runtimePackages: ['ca-certificates'],
        expose: ['8090'],
        dataDirs: ['/var/lib/clickstream'],
        cmd: ['api'],
        build: /CGO_ENABLED=0 xx-go build -tags musl -ldflags="-s -w" -o \/out\/api \.\/cmd\/api \\\n\s+&& xx-verify \/out\/api$/,
        absent: ['ingest', 'clang', 'lld', 'gcc', 'musl-dev'],
        present: ['FROM --platform=$BUILDPLATFORM tonistiigi/xx:1.6.1 AS xx', 'COPY --from=xx / /', 'ARG TARGETPLATFORM'],
      },
    },
    compose: {
      'docker-compose.yml': {
        ingest: { dockerfile: 'Dockerfile.ingest', command: null },
        api: { dockerfile: 'Dockerfile.api' },
      },
    },
    untouched: [],
    original: { deleted: true, note: /Dockerfile is deleted: nothing else refers to it/ },
  },
  {
    name: 'no-compose',
    dockerfile: 'Dockerfile',
    programs: {
      relay: {
        file: 'Dockerfile.relay',
        services: [],
        cgo: false,
        cgoEnabled: '0',
        builderPackages: [],
        runtimePackages: [],
        expose: ['7000'],
        dataDirs: ['/var/lib/archive/spool'],
        cmd: ['relay'],
        build: /go build -ldflags="-s -w" -o \/usr\/local\/bin\/relay \.\/cmd\/relay$/,
        absent: ['archiver', 'zstd', 'build-base'],
      },
      archiver: {
        file: 'Dockerfile.archiver',
        services: [],
        cgo: true,
        cgoEnabled: '1',
        // A local `import "C"` says cgo, not which packages: the original's are kept.
        builderPackages: ['build-base', 'zstd-dev'],
        runtimePackages: ['zstd-libs'],
        expose: [],
        dataDirs: ['/var/lib/archive/spool'],
        cmd: ['archiver'],
        build: /go build -ldflags="-s -w" -o \/usr\/local\/bin\/archiver \.\/cmd\/archiver$/,
        absent: ['relay', 'EXPOSE'],
        reasons: ['cmd/archiver → internal/zstd has import "C"', 'not in the cgo table'],
      },
    },
    compose: {},
    untouched: [],
    original: { deleted: true, note: /Dockerfile is deleted: nothing else refers to it/ },
  },
];

interface Facts {
  builderPackages: string[];
  runtimePackages: string[];
  expose: string[];
  dataDirs: string[];
  cmd?: string[];
  entrypoint?: string[];
  buildLines: string[];
  cgoEnabled: string[];
}

function argv(text: string): string[] {
  const t = text.trim();
  try {
    const v = JSON.parse(t);
    if (Array.isArray(v)) return v.map(String);
  } catch {
    /* shell form */
  }
  return t.split(/\s+/);
}

/** What a generated Dockerfile decides (for `target`: the stage of that name and what it copies from), read back with the same model the rules use. */
function factsOf(text: string, target?: string): Facts {
  const model = parseDockerfile(text);
  const final = target ? model.stages.find((s) => s.name === target)! : model.finalStage!;
  assert.ok(final, `no stage ${target}`);
  const reached = new Set<Stage>();
  const visit = (stage: Stage | undefined) => {
    if (!stage || reached.has(stage)) return;
    reached.add(stage);
    visit(stage.parent);
    for (const instr of stage.instructions) for (const f of instr.flags) if (f.name === 'from' && f.value) visit(findStage(model, f.value));
  };
  visit(final);
  // The image is the final stage and the stages it is built FROM (the targets layout shares a common runtime stage).
  const lineage = stageLineage(final);
  const builders = model.stages.filter((s) => !lineage.includes(s) && reached.has(s));
  const pkgs = (stages: typeof model.stages) => stages.flatMap((s) => s.installs.flatMap((i) => i.packages.map((p) => p.value))).sort();
  const last = (k: string) => lineage.map((s) => [...s.instructions].reverse().find((i) => i.keyword === k)).find(Boolean);
  const buildRuns = builders.concat(lineage).flatMap((s) => s.runs).filter((r) => r.commands.some((c) => /^(go|cargo|xx-go)$/.test(c.words[0]?.value ?? '') && /^(build|install)$/.test(c.words[1]?.value ?? '')));
  return {
    builderPackages: pkgs(builders),
    runtimePackages: pkgs(lineage),
    expose: lineage.flatMap((s) => s.instructions).filter((i) => i.keyword === 'EXPOSE').flatMap((i) => i.argsText.split(/\s+/).filter(Boolean)),
    dataDirs: lineage.flatMap((s) => s.runs).flatMap((r) => r.commands.filter((c) => c.words[0]?.value === 'mkdir').flatMap((c) => c.words.slice(1).map((w) => w.value).filter((w) => !w.startsWith('-')))),
    cmd: last('CMD') && argv(last('CMD')!.argsText),
    entrypoint: last('ENTRYPOINT') && argv(last('ENTRYPOINT')!.argsText),
    buildLines: buildRuns.map((r) => r.instr.argsText),
    cgoEnabled: buildRuns.flatMap((r) => r.commands.map((c) => c.env.CGO_ENABLED).filter((v): v is string => v !== undefined)),
  };
}

function goldenCompare(example: string, rel: string, actual: string): void {
  const file = path.join(ROOT, 'test/golden/split', example, rel);
  if (UPDATE) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, actual);
  }
  assert.ok(fs.existsSync(file), `golden ${example}/${rel} is missing (UPDATE_GOLDEN=1 writes it)`);
  assert.equal(actual, fs.readFileSync(file, 'utf8'), `golden ${example}/${rel} differs (UPDATE_GOLDEN=1 rewrites it; review the diff)`);
}

function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true } as never as { withFileTypes: true; recursive: true })
    .filter((d) => d.isFile())
    .map((d) => path.relative(dir, path.join((d as unknown as { parentPath?: string; path: string }).parentPath ?? d.path, d.name)).split(path.sep).join('/'))
    .sort();
}

function codeCounts(findings: { code: string }[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const f of findings) counts.set(f.code, (counts.get(f.code) ?? 0) + 1);
  return counts;
}

/** Planning is the slow part (every variant is re-parsed); each example is planned once per layout. */
const plans = new Map<string, SplitResult>();
function planOf(example: ExampleExpectation, layout: 'files' | 'targets' = 'files'): SplitResult {
  const key = `${example.name}:${layout}`;
  if (!plans.has(key)) plans.set(key, planSplit(new FsWorkspace(path.join(ROOT, 'examples', example.name)), example.dockerfile, { layout }));
  return plans.get(key)!;
}

for (const example of EXAMPLES) {
  describe(`split examples/${example.name}`, () => {
    const workspace = new FsWorkspace(path.join(ROOT, 'examples', example.name));
    const result: SplitResult = planOf(example);
    const created = new Map(result.plan.creates.map((c) => [c.path, c.content]));
    const edited = new Map(result.plan.edits.map((e) => [e.path, applyEdits(workspace.readText(e.path)!, e.edits)]));
    const programs = new Map(result.programs.map((p) => [p.name, p]));

    it('finds every program and gives each its own file', () => {
      assert.equal(result.notMonolithReason, undefined, result.plan.notes.join('\n'));
      assert.deepEqual([...programs.keys()].sort(), Object.keys(example.programs).sort());
      assert.deepEqual([...created.keys()].sort(), Object.values(example.programs).map((p) => p.file).sort());
      for (const [name, want] of Object.entries(example.programs)) {
        const got = programs.get(name)!;
        assert.equal(got.dockerfile, want.file, name);
        assert.deepEqual(got.services, want.services, `${name}: services`);
        assert.equal(got.cgo, want.cgo, `${name}: cgo / C libraries\n${got.reasons.join('\n')}`);
        for (const reason of want.reasons ?? []) {
          assert.ok(got.reasons.some((r) => r.includes(reason)), `${name}: no reason mentions "${reason}":\n${got.reasons.join('\n')}`);
        }
      }
    });

    for (const [name, want] of Object.entries(example.programs)) {
      it(`${want.file}: builds only ${name}, with only its packages, ports, data folders and command`, () => {
        const text = created.get(want.file);
        assert.ok(text, `${want.file} not created`);
        const facts = factsOf(text);
        assert.equal(facts.buildLines.length, 1, `one build RUN:\n${text}`);
        assert.match(facts.buildLines[0], want.build);
        if (want.cgoEnabled) assert.deepEqual(facts.cgoEnabled, [want.cgoEnabled], 'CGO_ENABLED');
        assert.deepEqual(facts.builderPackages, [...want.builderPackages].sort(), 'builder packages');
        assert.deepEqual(facts.runtimePackages, [...want.runtimePackages].sort(), 'runtime packages');
        assert.deepEqual(facts.expose, want.expose, 'EXPOSE');
        assert.deepEqual(facts.dataDirs, want.dataDirs, 'mkdir in the final stage');
        if (want.cmd) assert.deepEqual(facts.cmd, want.cmd, 'CMD');
        if (want.entrypoint) assert.deepEqual(facts.entrypoint, want.entrypoint, 'ENTRYPOINT');
        for (const word of want.absent) assert.ok(!text.includes(word), `${want.file} still mentions "${word}":\n${text}`);
        for (const word of want.present ?? []) assert.ok(text.includes(word), `${want.file} lost "${word}":\n${text}`);
      });
    }

    it('rewires the compose files and leaves the rest of them alone', () => {
      assert.deepEqual([...edited.keys()].sort(), Object.keys(example.compose).sort());
      for (const file of example.untouched) assert.ok(!edited.has(file), `${file} must not be edited`);
      for (const [file, services] of Object.entries(example.compose)) {
        const before = parseYaml(workspace.readText(file)!);
        const after = parseYaml(edited.get(file)!);
        for (const [service, want] of Object.entries(services)) {
          const def = after.services[service];
          const build = typeof def.build === 'string' ? { context: def.build } : def.build;
          if (want.dockerfile) assert.equal(build.dockerfile, want.dockerfile, `${file}: ${service}.build.dockerfile`);
          for (const key of ['command', 'entrypoint'] as const) {
            if (!(key in want)) continue;
            if (want[key] === null) assert.equal(def[key], undefined, `${file}: ${service}.${key} should be gone`);
            else assert.deepEqual(def[key], want[key], `${file}: ${service}.${key}`);
          }
          // Everything but build/command/entrypoint is exactly as before.
          const strip = (d: Record<string, unknown>) => Object.fromEntries(Object.entries(d).filter(([k]) => !['build', 'command', 'entrypoint'].includes(k)));
          assert.deepEqual(strip(def), strip(before.services[service]), `${file}: ${service} changed beyond its build`);
        }
        for (const service of Object.keys(before.services)) {
          if (!(service in services)) assert.deepEqual(after.services[service], before.services[service], `${file}: ${service} must be untouched`);
        }
        // Comments survive.
        const comments = (t: string) => t.split('\n').filter((l) => /^\s*#/.test(l));
        assert.deepEqual(comments(edited.get(file)!), comments(workspace.readText(file)!), `${file}: comments`);
      }
    });

    it(`${example.original.deleted ? 'deletes' : 'keeps'} the original Dockerfile and says why`, () => {
      assert.deepEqual(result.plan.deletes, example.original.deleted ? [{ path: example.dockerfile }] : []);
      for (const note of [example.original.note, ...(example.notes ?? [])]) {
        assert.ok(result.plan.notes.some((n) => note.test(n)), `no note matches ${note}:\n${result.plan.notes.join('\n')}`);
      }
    });

    it('matches the golden files exactly', () => {
      const expected = new Set<string>();
      for (const [p, text] of created) {
        goldenCompare(example.name, p, text);
        expected.add(p);
      }
      for (const [p, text] of edited) {
        goldenCompare(example.name, p, text);
        expected.add(p);
      }
      // targets/ holds the --layout targets goldens, compared in the describe below.
      const stale = filesUnder(path.join(ROOT, 'test/golden/split', example.name)).filter((f) => !expected.has(f) && !f.startsWith('targets/'));
      assert.deepEqual(stale, [], 'golden files the plan no longer produces');
    });

    it('adds no dockwright check finding the original did not have', () => {
      const before: Record<string, string> = {};
      for (const f of workspace.listFiles()) before[f] = workspace.readText(f) ?? '';
      // The workspace as it is after the split: new files, rewired compose files, the original gone if deleted.
      const after: Record<string, string> = { ...before };
      for (const [p, text] of created) after[p] = text;
      for (const [p, text] of edited) after[p] = text;
      for (const d of result.plan.deletes) delete after[d.path];
      const analysis = new Analysis(new MemoryWorkspace(before));
      const analysisAfter = new Analysis(new MemoryWorkspace(after));
      const original = codeCounts(checkFile(example.dockerfile, analysis));
      for (const p of created.keys()) {
        const findings = checkFile(p, analysisAfter);
        for (const [code, count] of codeCounts(findings)) {
          assert.ok(count <= (original.get(code) ?? 0), `${p}: ${count}× ${code} (original: ${original.get(code) ?? 0}): ${findings.filter((f) => f.code === code).map((f) => f.message).join('; ')}`);
        }
      }
    });
  });
}

describe('split examples with --layout targets', () => {
  for (const example of EXAMPLES) {
    it(`${example.name}: one target per program with the same decisions as its own file, compose build.target set`, () => {
      const workspace = new FsWorkspace(path.join(ROOT, 'examples', example.name));
      const files = planOf(example);
      const targets = planOf(example, 'targets');
      assert.deepEqual(targets.plan.creates, []);
      assert.deepEqual(targets.plan.deletes, []);
      const dockerfileEdit = targets.plan.edits.find((e) => e.path === example.dockerfile);
      assert.ok(dockerfileEdit, 'the original is rewritten with one target per program');
      const merged = applyEdits(workspace.readText(example.dockerfile)!, dockerfileEdit.edits);
      // The merged file shares the stages the programs have in common; review the golden by hand.
      goldenCompare(example.name, `targets/${example.dockerfile}`, merged);
      for (const [name, want] of Object.entries(example.programs)) {
        const own = factsOf(files.plan.creates.find((c) => c.path === want.file)!.content);
        const stage = factsOf(merged, name);
        assert.deepEqual(stage, own, `${name}: target stage differs from ${want.file}`);
      }
      for (const [file, services] of Object.entries(example.compose)) {
        const edit = targets.plan.edits.find((e) => e.path === file);
        assert.ok(edit, `${file} not rewired`);
        const after = parseYaml(applyEdits(workspace.readText(file)!, edit.edits));
        for (const service of Object.keys(services)) {
          const program = Object.entries(example.programs).find(([, p]) => p.services.includes(service))![0];
          assert.equal(after.services[service].build.target, program, `${file}: ${service}.build.target`);
        }
      }
    });
  }
});

describe('DW101 on the examples', () => {
  it('says "links system C libraries" for a Rust workspace, not cgo/pure Go', () => {
    const analysis = new Analysis(new FsWorkspace(path.join(ROOT, 'examples/rust-workspace')));
    const [finding] = checkFile('Dockerfile', analysis).filter((f) => f.code === 'DW101');
    assert.ok(finding, 'DW101 expected');
    assert.match(finding.message, /Only gateway links system C libraries; indexer, reindex link none yet ship with them\./);
    assert.doesNotMatch(finding.message, /cgo|pure Go/);
  });
});
