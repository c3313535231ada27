/**
 * Property: over generated multi-stage Dockerfiles (seeded, bounded: random stages, ARG-named stages, COPY --from
 * chains, a build.target before a tests/debug stage, CI --target builds, several programs), Split never writes a
 * per-program file or target that fails verification, and every file or target it writes runs and ships its own
 * program and names no other one; the targets layout shares the builder and keeps the CI and no-target outputs.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { planSplit } from '../../server/src/core/split';
import { extractTarget } from '../../server/src/core/split/targets';
import { verifySplitFile } from '../../server/src/core/split/verify';
import { parseDockerfile } from '../../server/src/core/dockerfile/model';
import { applyEdits } from '../../server/src/core/text';
import { MemoryWorkspace } from '../../server/src/core/workspace';

function rng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const POOL = ['api', 'worker', 'scheduler', 'mailer', 'indexer', 'relay'];

interface Generated {
  files: Record<string, string>;
  names: string[];
  /** The stage compose ships (build.target), when the Dockerfile has a stage after it. */
  target?: string;
  /** A stage CI builds with --target (kept by the targets layout). */
  ciTarget?: string;
}

function generate(seed: number): Generated {
  const r = rng(seed);
  const pick = <T>(xs: T[]) => xs[Math.floor(r() * xs.length)];
  const n = 2 + Math.floor(r() * 3);
  const names = POOL.slice().sort(() => r() - 0.5).slice(0, n);
  const files: Record<string, string> = { 'go.mod': 'module example.com/p\n\ngo 1.22\n' };
  for (const name of names) files[`cmd/${name}/main.go`] = `package main\n\nimport "net/http"\n\nfunc main() { http.ListenAndServe(":80${names.indexOf(name)}0", nil) }\n`;
  const build = pick(['build', 'builder', 'builder_src', 'base']);
  const composed = r() < 0.3;
  const arg = pick(['copy', 'variant']);
  const ref = pick([`$${arg}`, `\${${arg}}`]);
  const lines: string[] = [];
  if (composed) lines.push(`ARG ${arg}=`, '');
  if (r() < 0.3) lines.push('FROM alpine:3.20 AS certs', 'RUN apk add --no-cache ca-certificates', '');
  // A source stage the builder derives from (through an ARG-composed name, or plainly).
  const src = r() < 0.4;
  if (src) lines.push(`FROM golang:1.22-alpine AS ${build}_src`, 'WORKDIR /src', 'COPY go.mod ./', 'RUN go mod download', 'COPY . .', '', `FROM ${build}_src${composed && r() < 0.5 ? ref : ''} AS ${build}`);
  else lines.push(`FROM golang:1.22-alpine AS ${build}`, 'WORKDIR /src', 'COPY . .');
  const out = pick(['/out', '/usr/local/bin', '/src/bin']);
  const style = pick(['one-run', 'runs', 'wildcard']);
  if (style === 'wildcard') lines.push(`RUN go build -o ${out}/ ./cmd/...`);
  else if (style === 'one-run') lines.push(`RUN ${names.map((x) => `go build -o ${out}/${x} ./cmd/${x}`).join(' \\\n    && ')}`);
  else for (const x of names) lines.push(`RUN go build -o ${out}/${x} ./cmd/${x}`);
  // COPY --from chains: through a stage derived from the builder (maybe ARG-named), or one more hop.
  let from = build;
  if (composed && r() < 0.7) {
    lines.push('', `FROM ${build}${ref} AS staged`, `RUN true`);
    from = 'staged';
  } else if (r() < 0.3) {
    lines.push('', `FROM ${build} AS staged`, 'RUN ls /');
    from = 'staged';
  }
  if (r() < 0.25) {
    lines.push('', `FROM ${from} AS packed`, 'RUN true');
    from = 'packed';
  }
  const tests = r() < 0.35;
  const debugAfter = !tests && r() < 0.2;
  lines.push('', `FROM alpine:3.20 AS runtime`);
  if (lines.some((l) => l.includes('AS certs'))) lines.push('COPY --from=certs /etc/ssl/certs /etc/ssl/certs');
  const shipped = names.filter((x, i) => i < 2 || r() < 0.7);
  if (r() < 0.4) lines.push(`COPY --from=${from} ${out}/ /usr/local/bin/`);
  else for (const x of shipped) lines.push(`COPY --from=${from} ${out}/${x} /usr/local/bin/${x}`);
  lines.push('USER 1001', `EXPOSE ${names.map((_, i) => `80${i}0`).join(' ')}`, `CMD ["${names[0]}"]`);
  if (tests) lines.push('', `FROM ${build} AS tests`, 'RUN go test ./...');
  if (debugAfter) lines.push('', 'FROM runtime AS debug', 'USER root', 'RUN apk add --no-cache strace');
  files.Dockerfile = lines.join('\n') + '\n';
  const target = tests || debugAfter ? 'runtime' : undefined;
  const services = names.filter((x, i) => i < 2 || r() < 0.5);
  files['compose.yaml'] =
    'services:\n' +
    services
      .map((x, i) => `  ${x}:\n    build:\n      context: .\n${target ? `      target: ${target}\n` : ''}${i === 0 && r() < 0.5 ? '' : `    command: ["${x}"]\n`}`)
      .join('');
  let ciTarget: string | undefined;
  if (tests && r() < 0.6) {
    ciTarget = 'tests';
    files['.github/workflows/ci.yml'] = 'jobs:\n  test:\n    steps:\n      - run: docker build --target tests .\n';
  }
  return { files, names, target, ciTarget };
}

/** The part of a file from the stage named `name` (or the last FROM) to the next FROM. */
function stageBody(text: string, name?: string): string {
  const parts = text.split(/\n(?=FROM )/);
  const hit = name ? parts.find((p) => new RegExp(`^FROM \\S+ AS ${name}$`, 'm').test(p.split('\n')[0])) : parts[parts.length - 1];
  return hit ?? '';
}

test('Split never writes a file that fails verification (400 generated multi-stage Dockerfiles, files layout)', () => {
  let splits = 0;
  let refusals = 0;
  for (let seed = 1; seed <= 400; seed++) {
    const { files, names, target } = generate(seed);
    const result = planSplit(new MemoryWorkspace(files), 'Dockerfile');
    if (result.notMonolithReason) {
      refusals++;
      assert.equal(result.plan.creates.length, 0, `seed ${seed}: a refusal writes nothing`);
      continue;
    }
    splits++;
    const stages = [...files.Dockerfile.matchAll(/ AS (\S+)/g)].map((m) => m[1]);
    for (const create of result.plan.creates) {
      const program = result.programs.find((p) => p.dockerfile === create.path)!;
      const problems = verifySplitFile(create.content, { program: program.name, programs: names, originalStages: stages, shippedStage: target });
      assert.deepEqual(problems, [], `seed ${seed}: ${create.path}\n${create.content}`);
      // Independent of the verifier: the file runs its program and builds, copies or runs no other one.
      const shipped = stageBody(create.content, target);
      assert.match(shipped, new RegExp(`CMD \\["[^"]*${program.name}"\\]`), `seed ${seed}: ${create.path} CMD in the shipped stage`);
      if (target) assert.match(create.content, /AS runtime\n[\s\S]*CMD[^\n]*\n$/, `seed ${seed}: ${create.path} ends with the stage compose ships`);
      for (const other of names.filter((x) => x !== program.name)) assert.doesNotMatch(create.content, new RegExp(`cmd/${other}\\b|/${other}\\b`), `seed ${seed}: ${create.path} names ${other}`);
      assert.doesNotMatch(create.content, /\n\s*\n\s*\n/, `seed ${seed}: ${create.path} has a run of blank lines`);
    }
  }
  assert.ok(splits >= 150 && refusals >= 1, `${splits} splits, ${refusals} refusals`);
});

test('Split --layout targets never writes a target that fails verification, and keeps CI and no-target builds (400 generated)', () => {
  let splits = 0;
  let shared = 0;
  for (let seed = 1; seed <= 400; seed++) {
    const { files, names, target, ciTarget } = generate(seed);
    const result = planSplit(new MemoryWorkspace(files), 'Dockerfile', { layout: 'targets' });
    if (result.notMonolithReason) {
      assert.deepEqual(result.plan.edits, [], `seed ${seed}: a refusal writes nothing`);
      continue;
    }
    splits++;
    const edit = result.plan.edits.find((e) => e.path === 'Dockerfile')!;
    const merged = applyEdits(files.Dockerfile, edit.edits);
    const model = parseDockerfile(merged);
    const stageNames = [...new Set([...files.Dockerfile.matchAll(/ AS (\S+)/g), ...merged.matchAll(/ AS (\S+)/g)].map((m) => m[1]))];
    assert.equal(new Set(model.stages.map((s) => s.name).filter(Boolean)).size, model.stages.filter((s) => s.name).length, `seed ${seed}: stage names are unique\n${merged}`);
    for (const program of result.programs) {
      const own = extractTarget(merged, program.name);
      assert.ok(own, `seed ${seed}: target ${program.name}\n${merged}`);
      assert.deepEqual(verifySplitFile(own, { program: program.name, programs: names, originalStages: stageNames }), [], `seed ${seed}: target ${program.name}\n${own}\n--- merged:\n${merged}`);
      // Independent of the verifier: the target's stage runs its program; the stages it needs name no other program.
      assert.match(stageBody(merged, program.name), new RegExp(`CMD \\["[^"]*${program.name}"\\]`), `seed ${seed}: CMD of target ${program.name}\n${merged}`);
      for (const other of names.filter((x) => x !== program.name)) assert.doesNotMatch(own, new RegExp(`cmd/${other}\\b|/${other}\\b`), `seed ${seed}: target ${program.name} names ${other}\n${own}`);
      // Every stage reference in the closure resolves to a stage defined before it.
      const ownModel = parseDockerfile(own);
      for (const s of ownModel.stages) {
        const ref = s.from.argsText.replace(/--\S+\s+/g, '').trim().split(/\s+/)[0];
        const resolved = ref.replace(/\$\{?(copy|variant)\}?/g, '');
        if (stageNames.includes(resolved) || ref !== resolved) assert.ok(ownModel.stages.slice(0, s.index).some((o) => o.name === resolved), `seed ${seed}: FROM ${ref} in target ${program.name}\n${own}`);
      }
    }
    // What a build with no target produced is still the last stage; the stage CI builds is still there, as it was.
    if (target === 'runtime' && /AS tests/.test(files.Dockerfile)) assert.match(merged, /FROM \S+ AS tests\nRUN go test \.\/\.\.\.\n$/, `seed ${seed}: tests stays last\n${merged}`);
    else if (/AS debug/.test(files.Dockerfile)) assert.equal(model.finalStage?.name, 'debug', `seed ${seed}: debug stays last\n${merged}`);
    else assert.ok(names.includes(model.finalStage?.name ?? ''), `seed ${seed}: the last stage is a program target\n${merged}`);
    if (ciTarget) assert.ok(model.stages.some((s) => s.name === ciTarget), `seed ${seed}: CI target ${ciTarget} kept`);
    assert.doesNotMatch(merged, /\n\s*\n\s*\n/, `seed ${seed}: a run of blank lines`);
    // Shared, not cloned: the builder's COPY . . is written fewer times than there are programs.
    if ((merged.match(/^COPY \. \.$/gm)?.length ?? 0) < result.programs.length) shared++;
  }
  assert.ok(splits >= 150, `${splits} targets splits`);
  assert.ok(shared >= splits * 0.9, `${shared} of ${splits} targets splits share the builder's source stage`);
});
