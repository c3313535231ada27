/**
 * Property-based robustness checks over the core: generated and mutated Dockerfiles and compose files must give
 * findings or a parse diagnostic, never an exception, in bounded time; every offered fix must apply cleanly and
 * its result must re-check without an exception. Shared by the fast profile in `npm test` and `npm run fuzz`.
 */
import fc from 'fast-check';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Document, parseDocument } from 'yaml';
import { Analysis } from '../../server/src/core/analysis';
import { checkFile } from '../../server/src/core/check';
import { collectionKey, MAX_YAML_ALIAS_COUNT } from '../../server/src/core/limits';
import { applyEdits } from '../../server/src/core/text';
import type { Finding } from '../../server/src/core/types';
import { MemoryWorkspace } from '../../server/src/core/workspace';

/** A case using more CPU than this is a hang, not a slow machine (CPU time, so a busy machine does not fail it). */
export const HANG_MS = 5000;

function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

const IMAGES = ['alpine', 'alpine:3.22', 'golang:1.25-alpine', 'node:22', 'python:3.13-slim', 'debian:bookworm-slim', 'scratch', 'gcr.io/distroless/static:nonroot', '${BASE}', '$IMG:${TAG:-1}', 'builder', 'a@sha256:00', ':', '@', 'x:y:z/w'];
const WORDS = ['apk', 'add', '--no-cache', 'apt-get', 'install', '-y', '--no-install-recommends', 'pip', 'install', '-r', 'npm', 'ci', 'go', 'build', '-o', '/bin/x', './cmd/x', 'rm', '-rf', '/var/lib/apt/lists/*', 'CGO_ENABLED=0', '&&', '||', '|', ';', '\\\n', '"', "'", '$(', ')', '${X}', '$', '`', '<<EOF', 'EOF', '{', '}', '(', ')', '#', '\t', '[', ']', ',', 'é', '😀', '\u0000', '\r'];
const KEYWORDS = ['FROM', 'RUN', 'CMD', 'ENTRYPOINT', 'USER', 'COPY', 'ADD', 'ENV', 'ARG', 'EXPOSE', 'HEALTHCHECK', 'WORKDIR', 'LABEL', 'SHELL', 'ONBUILD', 'STOPSIGNAL', 'VOLUME', 'MAINTAINER', 'from', 'Run', 'BOGUS'];

const word = fc.oneof(fc.constantFrom(...WORDS), fc.string({ maxLength: 8 }), fc.string({ unit: 'binary', maxLength: 6 }));
const words = fc.array(word, { maxLength: 12 }).map((ws) => ws.join(' '));

const instruction: fc.Arbitrary<string> = fc.oneof(
  fc.tuple(fc.constantFrom(...IMAGES), fc.option(fc.constantFrom(' AS builder', ' AS b', ' as Builder', ' AS', ' --platform=$P'))).map(([img, as]) => `FROM ${img}${as ?? ''}`),
  fc.tuple(fc.constantFrom('', '--mount=type=cache,target=/root/.cache/pip ', '--mount=type=cache,target=/var/cache/apt,sharing=locked ', '--mount=', '--mount=type=secret,id=x '), words).map(([m, w]) => `RUN ${m}${w}`),
  words.map((w) => `RUN <<EOF\n${w}\nEOF`),
  fc.json({ maxDepth: 2 }).map((j) => `${['CMD', 'RUN', 'ENTRYPOINT', 'HEALTHCHECK CMD'][j.length % 4]} ${j}`),
  fc.tuple(fc.constantFrom(...KEYWORDS), words).map(([k, w]) => `${k} ${w}`),
  fc.constantFrom('USER root', 'USER 0', 'USER app:app', 'ARG BASE=alpine:3.22', 'ARG TAG', 'COPY --from=builder /bin/x /x', 'COPY --from=9 a b', 'EXPOSE 8080/tcp', '# escape=`', '# syntax=docker/dockerfile:1', '# comment', '', '\\', 'RUN \\', 'RUN apt-get install curl \\\n  # comment\n  git'),
);

export const dockerfileText = fc
  .tuple(fc.array(instruction, { maxLength: 14 }), fc.constantFrom('\n', '\r\n', '\r'), fc.boolean(), fc.boolean())
  .map(([lines, eol, bom, trailingEol]) => (bom ? '\uFEFF' : '') + lines.join(eol) + (trailingEol ? eol : ''));

const composeScalar = fc.oneof(fc.constantFrom('alpine:3.22', 'postgres:17', '${X:?x}', '${X:-d}', '$$', '8080:80', '127.0.0.1:5432:5432', 'service_healthy', 'prod', 'true', 'null', '~', '"q', "'", '{', '[', '- ', ': ', '&a', '*a', '!!binary', '!tag', '? k', '|', '>'), fc.string({ maxLength: 10 }));
const composeValue: fc.Arbitrary<unknown> = fc.letrec<{ v: unknown }>((tie) => ({
  v: fc.oneof({ depthSize: 'small', withCrossShrink: true }, composeScalar, fc.integer(), fc.array(tie('v'), { maxLength: 4 }), fc.dictionary(fc.constantFrom('image', 'build', 'context', 'dockerfile', 'ports', 'profiles', 'depends_on', 'condition', 'healthcheck', 'test', 'environment', 'volumes', 'command', 'x', '<<'), tie('v'), { maxKeys: 4 })),
})).v;

export const composeText = fc
  .tuple(fc.dictionary(fc.constantFrom('api', 'db', 'proxy', 'worker', 'a b', '0', ''), composeValue, { maxKeys: 4 }), fc.option(fc.dictionary(fc.constantFrom('pgdata', 'x'), composeValue, { maxKeys: 2 })), fc.constantFrom('block', 'flow'))
  .map(([services, volumes, style]) => {
    const doc = { services, ...(volumes ? { volumes } : {}) };
    return style === 'flow' ? JSON.stringify(doc) : new Document(doc).toString();
  });

/** Hostile YAML shapes: deep nesting, alias bombs, anchors in odd places, huge scalars. */
export const hostileYaml = fc.oneof(
  fc.integer({ min: 10, max: 1500 }).map((n) => 'services:\n  a:\n    image: ' + '['.repeat(n) + ']'.repeat(n) + '\n'),
  fc.integer({ min: 10, max: 400 }).map((n) => 'services:\n' + Array.from({ length: n }, (_, i) => '  '.repeat(i + 1) + `k${i}:`).join('\n') + ' x\n'),
  fc.integer({ min: 2, max: 12 }).map((n) => {
    const lines = ['x-a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i <= n; i++) lines.push(`x-a${i}: &a${i} [${Array(9).fill(`*a${i - 1}`).join(',')}]`);
    return lines.join('\n') + `\nservices:\n  api:\n    image: alpine\n    environment: *a${n}\n`;
  }),
  fc.constantFrom('services: &s\n  a: *s\n', 'services:\n  a: &x\n    <<: *x\n', '*undefined\n', '&a [*a]\n', 'services: !!binary AAAA\n', '%YAML 9.9\n---\nservices: {}\n', '---\n---\n...\n', 'services:\n\ta: {}\n'),
  fc.integer({ min: 1000, max: 50_000 }).map((n) => 'services:\n  a:\n    image: "' + 'x'.repeat(n) + '"\n'),
);

/** Mutations applied to generated (valid-looking) texts. */
export function mutated(base: fc.Arbitrary<string>): fc.Arbitrary<string> {
  const mutation = fc.oneof(
    { weight: 4, arbitrary: fc.nat().map((n) => (t: string) => t.slice(0, t.length ? n % (t.length + 1) : 0)) },
    fc.tuple(fc.nat(), fc.constantFrom('\0', '\r', '\n', '\t', '\\', '"', '[', '$', '{', '}', ':', '-', '#', '\uFEFF', '\uD800', '\uDC00', 'é', '😀', '\u2028', ' ')).map(
      ([n, ch]) =>
        (t: string) => {
          const i = t.length ? n % t.length : 0;
          return t.slice(0, i) + ch + t.slice(i + 1);
        },
    ),
    { weight: 1, arbitrary: fc.tuple(fc.nat(), fc.integer({ min: 1000, max: 30_000 }), fc.constantFrom('a', ' ', '\\', '$', '&& ', '"')).map(
      ([n, len, unit]) =>
        (t: string) => {
          const i = t.length ? n % t.length : 0;
          return t.slice(0, i) + unit.repeat(Math.ceil(len / unit.length)) + t.slice(i);
        },
    ) },
    fc.constant((t: string) => t.replace(/\n/g, '\r\n')),
    fc.constant((t: string) => t.replace(/ {2}/g, '\t')),
    fc.constant((t: string) => '\uFEFF' + t),
    fc.string({ unit: 'binary', maxLength: 20 }).map((s) => (t: string) => t + s),
  );
  return fc.tuple(base, fc.array(mutation, { maxLength: 4 })).map(([text, ms]) => ms.reduce((t, m) => m(t), text));
}

export interface CaseResult {
  findings: Finding[];
  fixesApplied: number;
  ms: number;
}

function assertFinding(f: Finding, text: string): void {
  const ok = (n: unknown) => typeof n === 'number' && Number.isInteger(n) && n >= 0;
  if (![f.range.start.line, f.range.start.character, f.range.end.line, f.range.end.character].every(ok)) throw new Error(`${f.code}: bad range ${JSON.stringify(f.range)}`);
  if (typeof f.message !== 'string' || f.message === '') throw new Error(`${f.code}: empty message`);
  if (!/^DW\d{3}$/.test(f.code)) throw new Error(`bad code ${f.code}`);
  if (f.range.start.line > text.length + 1) throw new Error(`${f.code}: range beyond the text`);
}

/**
 * Checks one file in a one- or two-file workspace, applies each fix offered (up to `maxFixes`) and re-checks.
 * Throws on any exception, on a rule that failed, on a malformed finding and on a hang.
 */
export function checkCase(files: Record<string, string>, path: string, maxFixes = 8): CaseResult {
  const started = cpuMs();
  const ruleErrors: string[] = [];
  const run = (fs: Record<string, string>) =>
    checkFile(path, new Analysis(new MemoryWorkspace(fs), {}), {
      onRuleError: (code, _file, error) => ruleErrors.push(`${code}: ${(error as Error)?.stack ?? error}`),
    });
  const findings = run(files);
  for (const f of findings) assertFinding(f, files[f.file] ?? '');
  let fixesApplied = 0;
  for (const finding of findings) {
    for (const fix of finding.fixes) {
      if (fixesApplied >= maxFixes) break;
      const next = { ...files };
      for (const edit of fix.edits) {
        if (next[edit.path] === undefined) throw new Error(`${finding.code} fix "${fix.title}" edits unknown file ${edit.path}`);
        next[edit.path] = applyEdits(next[edit.path], edit.edits);
      }
      fixesApplied++;
      for (const f of run(next)) assertFinding(f, next[f.file] ?? '');
    }
  }
  if (ruleErrors.length) throw new Error(`rule failed:\n${ruleErrors.join('\n')}`);
  const ms = cpuMs() - started;
  if (ms > HANG_MS) throw new Error(`took ${Math.round(ms)} ms of CPU (> ${HANG_MS} ms)`);
  return { findings, fixesApplied, ms };
}

/** YAML the way the core must read it: alias expansion capped, errors reported, never thrown past this point. */
export function parseYamlSafely(text: string): void {
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: false });
  // Like the core: a collection used as a key is refused before toJS (which would stringify it, for seconds).
  if (doc.errors.length === 0 && !collectionKey(doc)) {
    try {
      doc.toJS({ maxAliasCount: MAX_YAML_ALIAS_COUNT });
    } catch (err) {
      if (!/alias|Excessive|recursion|circular/i.test(String((err as Error).message))) throw err;
    }
  }
}

export interface Stats {
  cases: number;
  fixes: number;
  slowestMs: number;
  slowestInput?: string;
  /** Called with each input before it is checked (the long runner's hang watchdog). */
  onCase?: (input: string) => void;
}

export function newStats(): Stats {
  return { cases: 0, fixes: 0, slowestMs: 0 };
}

const SLOW_MS = Number(process.env.FUZZ_SLOW_MS ?? 1000);

function record(stats: Stats, r: CaseResult, input: string): void {
  stats.cases++;
  if (process.env.FUZZ_PROGRESS && stats.cases % 1000 === 0) process.stderr.write(`[${process.env.FUZZ_SEED ?? ''}] ${stats.cases} cases\n`);
  stats.fixes += r.fixesApplied;
  if (r.ms > stats.slowestMs) {
    stats.slowestMs = r.ms;
    stats.slowestInput = input.length > 200 ? `${JSON.stringify(input.slice(0, 200))}… (${input.length} chars)` : JSON.stringify(input);
  }
  if (process.env.FUZZ_SLOW_DIR && r.ms > SLOW_MS) {
    fs.mkdirSync(process.env.FUZZ_SLOW_DIR, { recursive: true });
    fs.writeFileSync(path.join(process.env.FUZZ_SLOW_DIR, `${process.env.FUZZ_SEED ?? 'x'}-${stats.cases}-${Math.round(r.ms)}ms.txt`), input);
  }
}

/** Runs one case: tells the watchdog first, then checks and records it. */
function run(stats: Stats, input: string, check: () => CaseResult): void {
  stats.onCase?.(input);
  record(stats, check(), input);
}

/** The properties, by name, so both profiles run the same set. */
export function properties(stats: Stats): Record<string, fc.IProperty<any>> {
  return {
    'generated Dockerfiles': fc.property(dockerfileText, (text) => run(stats, text, () => checkCase({ Dockerfile: text }, 'Dockerfile'))),
    'mutated Dockerfiles': fc.property(mutated(dockerfileText), (text) => run(stats, text, () => checkCase({ Dockerfile: text }, 'Dockerfile'))),
    'Dockerfile next to another Dockerfile': fc.property(dockerfileText, mutated(dockerfileText), (a, b) =>
      run(stats, `${a}\n--- svc/Dockerfile ---\n${b}`, () => checkCase({ Dockerfile: a, 'svc/Dockerfile': b }, 'Dockerfile')),
    ),
    'generated compose files': fc.property(composeText, (text) =>
      run(stats, text, () => {
        parseYamlSafely(text);
        return checkCase({ 'compose.yaml': text, Dockerfile: 'FROM alpine:3.22\nUSER 1001\n' }, 'compose.yaml');
      }),
    ),
    'mutated compose files': fc.property(mutated(composeText), (text) =>
      run(stats, text, () => {
        parseYamlSafely(text);
        return checkCase({ 'compose.yaml': text }, 'compose.yaml');
      }),
    ),
    'hostile YAML': fc.property(mutated(hostileYaml), (text) =>
      run(stats, text, () => {
        parseYamlSafely(text);
        return checkCase({ 'docker-compose.yml': text }, 'docker-compose.yml');
      }),
    ),
  };
}
