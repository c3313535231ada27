import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { validate as validateDockerfileSyntax } from 'dockerfile-utils';
import { parseDocument } from 'yaml';
import { parseDockerfile } from '../../server/src/core/dockerfile/model';
import { check } from '../helpers';
import { expandSnippet, parseSnippet, SnippetSyntaxError } from '../snippetExpander';

const ROOT = path.resolve(__dirname, '../..');

interface Snippet {
  name: string;
  prefix: string;
  description: string;
  body: string;
}

/** Parses a snippet file strictly: valid JSON, no duplicate keys, every entry complete, every body well-formed. */
export function loadSnippetFile(text: string): Snippet[] {
  const raw = JSON.parse(text) as unknown;
  const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: false });
  if (doc.errors.length) throw new Error(`snippet file: ${doc.errors[0].message}`);
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new Error('snippet file must be an object of named snippets');
  const out: Snippet[] = [];
  const prefixes = new Set<string>();
  for (const [name, entry] of Object.entries(raw)) {
    const e = entry as Record<string, unknown>;
    if (typeof e !== 'object' || e === null) throw new Error(`${name}: not an object`);
    const unknownKeys = Object.keys(e).filter((k) => !['prefix', 'body', 'description', 'scope', 'isFileTemplate'].includes(k));
    if (unknownKeys.length) throw new Error(`${name}: unknown keys ${unknownKeys.join(', ')}`);
    if (typeof e.prefix !== 'string' || !/^[a-z][a-z0-9-]*$/.test(e.prefix)) throw new Error(`${name}: prefix must be a lower-case word`);
    if (prefixes.has(e.prefix)) throw new Error(`${name}: duplicate prefix ${e.prefix}`);
    prefixes.add(e.prefix);
    if (typeof e.description !== 'string' || e.description.length < 20) throw new Error(`${name}: needs a description saying when to use it`);
    const body = Array.isArray(e.body) && e.body.every((l) => typeof l === 'string') ? e.body.join('\n') : e.body;
    if (typeof body !== 'string' || body.trim() === '') throw new Error(`${name}: body must be a string or an array of strings`);
    const { tabOrder } = parseSnippet(body);
    // Natural order: $1, $2, … first appear top to bottom, without gaps.
    assert.deepEqual(tabOrder, tabOrder.map((_, i) => i + 1), `${name}: tab stops appear in the order ${tabOrder.join(', ')}`);
    out.push({ name, prefix: e.prefix, description: e.description, body });
  }
  return out;
}

const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const contributed: { language: string; path: string }[] = manifest.contributes.snippets;
const load = (language: string) => {
  const entry = contributed.find((s) => s.language === language);
  assert.ok(entry, `package.json contributes no snippets for ${language}`);
  return loadSnippetFile(fs.readFileSync(path.join(ROOT, entry.path), 'utf8'));
};

describe('snippet expander', () => {
  test('expands tab stops, nested placeholders, mirrors, choices, variables and escapes', () => {
    assert.equal(expandSnippet('a ${1:x ${2:y}} $2 $1 $0'), 'a x y y x y ');
    assert.equal(expandSnippet('${1|alpine,debian|}:$1'), 'alpine:alpine');
    assert.equal(expandSnippet('\\${A:?\\$1} \\\\ \\} ${TM_FILENAME} ${NOPE:dflt}', { TM_FILENAME: 'Dockerfile' }), '${A:?$1} \\ } Dockerfile dflt');
    assert.equal(expandSnippet('RUN a \\\n    b'), 'RUN a \\\n    b');
    assert.equal(expandSnippet('${1|a\\,b,c|}'), 'a,b');
  });

  test('rejects malformed bodies', () => {
    for (const bad of ['${1:x', '${1|a,b}', 'echo $(nproc)', 'PATH=$PATH', '${1:a} ${1:b}', '$ 1', '${/x}']) {
      assert.throws(() => expandSnippet(bad), SnippetSyntaxError, bad);
    }
  });

  test('a malformed snippet file fails loading', () => {
    const ok = { prefix: 'ok', description: 'A snippet used in the loader tests only.', body: ['FROM ${1:alpine}'] };
    assert.equal(loadSnippetFile(JSON.stringify({ ok })).length, 1);
    assert.throws(() => loadSnippetFile('{ "a": { "prefix": "a", }'));
    assert.throws(() => loadSnippetFile(`{"a": ${JSON.stringify(ok)}, "a": ${JSON.stringify(ok)}}`), /[Dd]uplicate|unique/);
    assert.throws(() => loadSnippetFile(JSON.stringify({ a: { ...ok, body: ['${1:x'] } })), SnippetSyntaxError);
    assert.throws(() => loadSnippetFile(JSON.stringify({ a: { ...ok, body: 'x ${2:a} ${1:b}' } })), /order/);
    assert.throws(() => loadSnippetFile(JSON.stringify({ a: { prefix: 'a', body: 'x' } })), /description/);
    assert.throws(() => loadSnippetFile(JSON.stringify({ a: ok, b: ok })), /duplicate prefix/);
  });
});

const ALPINE_USER = 'RUN addgroup -S app && adduser -S app -G app\nUSER app';

/** Fragment snippets are checked inside the smallest Dockerfile that makes sense around them. */
const DOCKERFILE_CONTEXT: Record<string, (body: string) => string> = {
  'user-alpine': (b) => `FROM alpine:3.22\n${b}\nCMD ["sleep", "infinity"]\n`,
  'user-debian': (b) => `FROM debian:bookworm-slim\n${b}\nCMD ["sleep", "infinity"]\n`,
  'healthcheck-wget': (b) => `FROM alpine:3.22\n${ALPINE_USER}\nCOPY server ./server\nEXPOSE 8080\n${b}\nCMD ["./server"]\n`,
  'healthcheck-curl': (b) =>
    `FROM debian:bookworm-slim\nRUN apt-get update \\\n    && apt-get install -y --no-install-recommends curl \\\n    && rm -rf /var/lib/apt/lists/*\nCOPY server ./server\nUSER 1001\nEXPOSE 8080\n${b}\nCMD ["./server"]\n`,
  'cache-go': (b) => `FROM golang:1.25-alpine AS builder\nWORKDIR /src\nCOPY . .\n${b}\nFROM alpine:3.22\nCOPY --from=builder /bin/app /bin/app\n${ALPINE_USER}\nCMD ["/bin/app"]\n`,
  'cache-npm': (b) => `FROM node:22-alpine\nWORKDIR /app\nCOPY package.json package-lock.json ./\n${b}\nCOPY . .\nUSER node\nCMD ["node", "server.js"]\n`,
  'cache-pip': (b) => `FROM python:3.13-slim\nWORKDIR /app\nCOPY requirements.txt ./\n${b}\nCOPY . .\nUSER 1001\nCMD ["python", "-m", "app"]\n`,
  'cache-apt': (b) => `FROM debian:bookworm-slim\n${b}\nUSER 1001\nCMD ["bash"]\n`,
  'cache-ccache': (b) =>
    `FROM gcc:14 AS build\nRUN apt-get update \\\n    && apt-get install -y --no-install-recommends ccache \\\n    && rm -rf /var/lib/apt/lists/*\nWORKDIR /src\nCOPY . .\n${b}\nFROM debian:bookworm-slim\nCOPY --from=build /src/app /usr/local/bin/app\nUSER 1001\nCMD ["app"]\n`,
  syntax: (b) => `${b}\nFROM alpine:3.22\n${ALPINE_USER}\nCMD ["sleep", "infinity"]\n`,
};
const WHOLE_DOCKERFILES = ['go-service', 'rust-service', 'node-service', 'python-service', 'r-plumber'];

describe('Dockerfile snippets', () => {
  const snippets = load('dockerfile');

  test('cover what the issue asks for', () => {
    const prefixes = snippets.map((s) => s.prefix).sort();
    assert.deepEqual(prefixes, [...WHOLE_DOCKERFILES, ...Object.keys(DOCKERFILE_CONTEXT)].sort());
  });

  for (const snippet of snippets) {
    test(`${snippet.prefix}: expands to a Dockerfile that parses and checks clean`, () => {
      const body = expandSnippet(snippet.body);
      const wrap = DOCKERFILE_CONTEXT[snippet.prefix];
      assert.ok(wrap || WHOLE_DOCKERFILES.includes(snippet.prefix), `no test context for ${snippet.prefix}`);
      const text = wrap ? wrap(body) : body;
      const syntax = validateDockerfileSyntax(text);
      assert.deepEqual(syntax.map((d) => `${d.range.start.line + 1}: ${d.message}`), [], text);
      const model = parseDockerfile(text);
      assert.ok(model.stages.length > 0, 'no FROM');
      const final = model.finalStage!;
      assert.ok(final.instructions.some((i) => i.keyword === 'CMD'), 'final stage has no CMD');
      const findings = check({ Dockerfile: text }, 'Dockerfile');
      const serious = findings.filter((f) => f.severity === 'error' || f.severity === 'warning');
      assert.deepEqual(serious.map((f) => `${f.code} line ${f.range.start.line + 1}: ${f.message}`), [], text);
    });
  }

  test('go-service does not trigger our own missing-HEALTHCHECK info (DW109)', () => {
    const go = snippets.find((s) => s.prefix === 'go-service')!;
    const text = expandSnippet(go.body);
    assert.deepEqual(check({ Dockerfile: text }, 'Dockerfile').filter((f) => f.code === 'DW109').map((f) => f.message), []);
    assert.match(text, /^HEALTHCHECK .*http:\/\/127\.0\.0\.1:8080\/health/m);
  });

  test('choices offer alpine/debian and CGO on/off', () => {
    const go = snippets.find((s) => s.prefix === 'go-service')!;
    assert.match(go.body, /CGO_ENABLED=\$\{2\|0,1\|\}/);
    const node = snippets.find((s) => s.prefix === 'node-service')!;
    assert.match(node.body, /\$\{2\|alpine,bookworm-slim\|\}/);
    assert.match(expandSnippet(node.body), /FROM node:22-alpine\n/);
  });
});

/** Where a compose snippet goes: a whole service, keys inside a service, or entries of `environment:`. */
const COMPOSE_PLACE: Record<string, 'service' | 'service-keys' | 'environment'> = {
  'service-build': 'service',
  'postgres-prod': 'service',
  redis: 'service',
  proxy: 'service',
  profiles: 'service-keys',
  'depends-healthy': 'service-keys',
  'secret-required': 'environment',
};

const CLEAN_DOCKERFILE = 'FROM alpine:3.22\nCOPY server /server\nUSER 1001\nEXPOSE 8080\nHEALTHCHECK CMD wget -q --spider http://127.0.0.1:8080/health || exit 1\nCMD ["/server"]\n';

const indent = (text: string, by: number) =>
  text
    .split('\n')
    .map((l) => (l.trim() ? ' '.repeat(by) + l : ''))
    .join('\n');

/** A minimal compose file around the snippet, with stub services for what it depends on and its named volumes declared. */
export function embedComposeSnippet(prefix: string, body: string): string {
  const place = COMPOSE_PLACE[prefix];
  assert.ok(place, `no test context for ${prefix}`);
  let services: string;
  if (place === 'service') services = indent(body, 2);
  else if (place === 'service-keys') services = `  app:\n    image: alpine:3.22\n${indent(body, 4)}`;
  else services = `  app:\n    image: alpine:3.22\n    environment:\n${indent(body, 6)}`;
  const draft = parseDocument(`services:\n${services}\n`).toJS() as { services: Record<string, any> };
  const extra: string[] = [];
  const volumes = new Set<string>();
  for (const service of Object.values(draft.services)) {
    for (const dep of Object.keys(service?.depends_on ?? {})) {
      if (!draft.services[dep]) {
        extra.push(`  ${dep}:\n    image: alpine:3.22\n    healthcheck:\n      test: ["CMD", "true"]`);
        draft.services[dep] = {};
      }
    }
    for (const v of service?.volumes ?? []) {
      const source = String(v).split(':')[0];
      if (!/^[./~]/.test(source)) volumes.add(source);
    }
  }
  return [`services:\n${services}`, ...extra, volumes.size ? `volumes:\n${[...volumes].map((v) => `  ${v}: {}`).join('\n')}` : ''].join('\n') + '\n';
}

describe('compose snippets', () => {
  const snippets = load('dockercompose');

  test('cover what the issue asks for', () => {
    assert.deepEqual(snippets.map((s) => s.prefix).sort(), Object.keys(COMPOSE_PLACE).sort());
  });

  for (const snippet of snippets) {
    test(`${snippet.prefix}: expands to a compose fragment that parses and checks clean inside a minimal compose file`, () => {
      const text = embedComposeSnippet(snippet.prefix, expandSnippet(snippet.body));
      const doc = parseDocument(text, { uniqueKeys: true, strict: true });
      assert.deepEqual([...doc.errors, ...doc.warnings].map((e) => e.message), [], text);
      const compose = doc.toJS() as { services: Record<string, any> };
      for (const [name, service] of Object.entries(compose.services)) {
        assert.ok(service && typeof service === 'object', `${name} is not a mapping`);
        assert.ok(service.image || service.build, `${name} has neither image nor build`);
        for (const dep of Object.keys(service.depends_on ?? {})) assert.ok(compose.services[dep]?.healthcheck, `${name} waits for ${dep} without a healthcheck`);
        const profiles = service.profiles ?? [];
        assert.ok(Array.isArray(profiles) && profiles.every((p: unknown) => typeof p === 'string'), `${name}: profiles must be a list of names`);
      }
      // Schema and compose rules, with a clean Dockerfile wherever a service builds one.
      const files: Record<string, string> = { 'compose.yaml': text };
      for (const service of Object.values(compose.services)) {
        if (!service.build) continue;
        const context = String(service.build.context ?? service.build).replace(/^\.\/?/, '');
        files[`${context ? context + '/' : ''}${service.build.dockerfile ?? 'Dockerfile'}`] = CLEAN_DOCKERFILE;
      }
      const serious = check(files, 'compose.yaml').filter((f) => f.severity === 'error' || f.severity === 'warning');
      assert.deepEqual(serious.map((f) => `${f.code} line ${f.range.start.line + 1}: ${f.message}`), [], text);
    });
  }

  test('the prod database has no ports, a pg_isready healthcheck and a named volume; secrets are required', () => {
    const pg = parseDocument(embedComposeSnippet('postgres-prod', expandSnippet(snippets.find((s) => s.prefix === 'postgres-prod')!.body))).toJS();
    const service = pg.services['postgres-prod'];
    assert.equal(service.ports, undefined);
    assert.match(service.healthcheck.test.join(' '), /pg_isready -U app -d app/);
    assert.deepEqual(Object.keys(pg.volumes), ['pgdata-prod']);
    assert.equal(service.environment.POSTGRES_PASSWORD, '${POSTGRES_PASSWORD:?POSTGRES_PASSWORD must be set}');
    const secret = parseDocument(embedComposeSnippet('secret-required', expandSnippet(snippets.find((s) => s.prefix === 'secret-required')!.body))).toJS();
    assert.equal(secret.services.app.environment.JWT_SECRET, '${JWT_SECRET:?JWT_SECRET must be set}');
  });
});
