/**
 * Property: over generated multi-stage Dockerfiles (seeded, bounded), Split never writes a per-program file that
 * fails verification, and every file it writes runs and ships its own program and names no other one.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { planSplit } from '../../server/src/core/split';
import { verifySplitFile } from '../../server/src/core/split/verify';
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

function generate(seed: number): { files: Record<string, string>; names: string[] } {
  const r = rng(seed);
  const pick = <T>(xs: T[]) => xs[Math.floor(r() * xs.length)];
  const n = 2 + Math.floor(r() * 3);
  const names = POOL.slice().sort(() => r() - 0.5).slice(0, n);
  const files: Record<string, string> = { 'go.mod': 'module example.com/p\n\ngo 1.22\n' };
  for (const name of names) files[`cmd/${name}/main.go`] = `package main\n\nimport "net/http"\n\nfunc main() { http.ListenAndServe(":80${names.indexOf(name)}0", nil) }\n`;
  const build = pick(['build', 'builder', 'builder_src', 'base']);
  const composed = r() < 0.25;
  const lines: string[] = [];
  if (composed) lines.push('ARG copy=', '');
  if (r() < 0.3) lines.push('FROM alpine:3.20 AS certs', 'RUN apk add --no-cache ca-certificates', '');
  lines.push(`FROM golang:1.22-alpine AS ${build}`, 'WORKDIR /src', 'COPY . .');
  const out = pick(['/out', '/usr/local/bin', '/src/bin']);
  const style = pick(['one-run', 'runs', 'wildcard']);
  if (style === 'wildcard') lines.push(`RUN go build -o ${out}/ ./cmd/...`);
  else if (style === 'one-run') lines.push(`RUN ${names.map((x) => `go build -o ${out}/${x} ./cmd/${x}`).join(' \\\n    && ')}`);
  else for (const x of names) lines.push(`RUN go build -o ${out}/${x} ./cmd/${x}`);
  let from = build;
  if (composed) {
    lines.push('', `FROM ${build}\${copy} AS staged`, `RUN true`);
    from = 'staged';
  }
  lines.push('', `FROM alpine:3.20 AS runtime`);
  if (lines.some((l) => l.includes('AS certs'))) lines.push('COPY --from=certs /etc/ssl/certs /etc/ssl/certs');
  const shipped = names.filter((x, i) => i < 2 || r() < 0.7);
  if (r() < 0.4) lines.push(`COPY --from=${from} ${out}/ /usr/local/bin/`);
  else for (const x of shipped) lines.push(`COPY --from=${from} ${out}/${x} /usr/local/bin/${x}`);
  lines.push('USER 1001', `EXPOSE ${names.map((_, i) => `80${i}0`).join(' ')}`, `CMD ["${names[0]}"]`);
  const tests = r() < 0.3;
  if (tests) lines.push('', `FROM ${build} AS tests`, 'RUN go test ./...');
  files.Dockerfile = lines.join('\n') + '\n';
  const services = names.filter((x, i) => i < 2 || r() < 0.5);
  files['compose.yaml'] =
    'services:\n' +
    services
      .map((x, i) => `  ${x}:\n    build:\n      context: .\n${tests ? '      target: runtime\n' : ''}${i === 0 && r() < 0.5 ? '' : `    command: ["${x}"]\n`}`)
      .join('');
  return { files, names };
}

test('Split never writes a file that fails verification (400 generated multi-stage Dockerfiles)', () => {
  let splits = 0;
  let refusals = 0;
  for (let seed = 1; seed <= 400; seed++) {
    const { files, names } = generate(seed);
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
      const shippedStage = /target: runtime/.test(files['compose.yaml']) ? 'runtime' : undefined;
      const problems = verifySplitFile(create.content, { program: program.name, programs: names, originalStages: stages, shippedStage });
      assert.deepEqual(problems, [], `seed ${seed}: ${create.path}\n${create.content}`);
      // Independent of the verifier: the file runs its program and builds, copies or runs no other one.
      const shipped = shippedStage ? create.content.slice(create.content.indexOf('AS runtime')).split(/\nFROM /)[0] : create.content.split(/\nFROM /).pop()!;
      assert.match(shipped, new RegExp(`CMD \\["[^"]*${program.name}"\\]`), `seed ${seed}: ${create.path} CMD in the shipped stage`);
      for (const other of names.filter((x) => x !== program.name)) assert.doesNotMatch(create.content, new RegExp(`cmd/${other}\\b|/${other}\\b`), `seed ${seed}: ${create.path} names ${other}`);
    }
  }
  assert.ok(splits >= 100 && refusals >= 1, `${splits} splits, ${refusals} refusals`);
});
