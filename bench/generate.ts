// Generated benchmark inputs: large single files and whole workspaces, built from deterministic
// templates (and, for workspaces, from the real corpus) so every run measures the same texts.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export const CORPUS_DIR = join(__dirname, 'corpus');

export interface CorpusFile {
  name: string;
  text: string;
}

export function readCorpus(kind: 'dockerfiles' | 'compose'): CorpusFile[] {
  const dir = join(CORPUS_DIR, kind);
  return readdirSync(dir)
    .sort()
    .map((name) => ({ name, text: readFileSync(join(dir, name), 'utf8') }));
}

const RUNTIMES = ['alpine:3.20', 'debian:bookworm-slim', 'ubuntu:24.04', 'node:22-alpine', 'python:3.12-slim', 'golang:1.23-alpine'];

/** A multi-stage Dockerfile of about `lines` lines mixing every instruction kind and shell shapes the rules look at. */
export function largeDockerfile(lines: number): string {
  const out: string[] = ['# syntax=docker/dockerfile:1', 'ARG BASE_TAG=3.20', ''];
  let stage = 0;
  while (out.length < lines) {
    const base = RUNTIMES[stage % RUNTIMES.length];
    const apk = base.includes('alpine');
    out.push(`FROM ${base} AS stage${stage}`);
    out.push(`LABEL org.opencontainers.image.title="stage ${stage}"`);
    out.push(`ARG VERSION_${stage}=1.${stage}.0`);
    out.push(`ENV APP_HOME=/opt/app${stage} \\`, `    PATH=/opt/app${stage}/bin:$PATH`);
    out.push(`WORKDIR /opt/app${stage}`);
    if (apk) out.push('RUN apk add --no-cache curl ca-certificates \\', '    && update-ca-certificates');
    else
      out.push(
        'RUN apt-get update \\',
        '    && apt-get install -y --no-install-recommends curl ca-certificates git \\',
        '    && rm -rf /var/lib/apt/lists/*',
      );
    out.push(`COPY src/part${stage} ./src`);
    if (stage > 0) out.push(`COPY --from=stage${stage - 1} /opt/app${stage - 1}/bin /opt/prev/bin`);
    out.push(
      `RUN --mount=type=cache,target=/root/.cache set -eux; \\`,
      `    for f in a b c; do echo "$f" > /tmp/$f; done; \\`,
      `    if [ -n "$VERSION_${stage}" ]; then echo ok; fi`,
    );
    out.push(`RUN mkdir -p /data/${stage} && chown -R 1000:1000 /data/${stage}`);
    out.push(`EXPOSE ${8000 + stage}`);
    out.push(`HEALTHCHECK --interval=30s CMD curl -fsS http://localhost:${8000 + stage}/health || exit 1`);
    out.push(`USER 1000:1000`);
    out.push(`CMD ["./bin/app${stage}", "--port", "${8000 + stage}"]`, '');
    stage++;
  }
  return out.slice(0, lines).join('\n') + '\n';
}

/** A compose file of about `lines` lines: many services with build/image, env, ports, volumes, depends_on, healthchecks, profiles. */
export function largeCompose(lines: number): string {
  const out: string[] = ['name: bench', 'services:'];
  const volumes: string[] = [];
  let i = 0;
  while (out.length < lines - 10) {
    const svc = `svc${i}`;
    out.push(`  ${svc}:`);
    if (i % 3 === 0) out.push(`    build:`, `      context: ./services/${svc}`, `      dockerfile: Dockerfile`);
    else out.push(`    image: registry.example.com/${svc}:1.${i}.0`);
    out.push(`    environment:`, `      LOG_LEVEL: info`, `      DATABASE_URL: postgres://app:\${DB_PASSWORD:-dev}@db:5432/app`);
    out.push(`    ports:`, `      - "${10000 + i}:8080"`);
    out.push(`    volumes:`, `      - data${i}:/var/lib/${svc}`);
    volumes.push(`data${i}`);
    if (i > 0) out.push(`    depends_on:`, `      svc${i - 1}:`, `        condition: service_started`);
    if (i % 2 === 0) out.push(`    profiles: ["${i % 4 === 0 ? 'dev' : 'prod'}"]`);
    out.push(
      `    healthcheck:`,
      `      test: ["CMD", "wget", "-qO-", "http://127.0.0.1:8080/health"]`,
      `      interval: 10s`,
      `      retries: 3`,
    );
    i++;
  }
  out.push('volumes:');
  for (const v of volumes) out.push(`  ${v}:`);
  return out.join('\n') + '\n';
}

function write(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}

/**
 * A workspace with `dockerfiles` Dockerfiles (real corpus texts, rotated) in services/svcNNNN/ and
 * `composeFiles` compose files in stacks/stackNNN/, each wiring 4 of those services by build context.
 */
export function generateWorkspace(root: string, dockerfiles: number, composeFiles: number): void {
  rmSync(root, { recursive: true, force: true });
  const corpus = readCorpus('dockerfiles');
  const pad = (n: number, w: number) => String(n).padStart(w, '0');
  // Real texts, rotated; the label makes every file's text distinct (so no whole-file cache can hit), but
  // RUN scripts do repeat across files, as they do in real monorepos built from templates.
  for (let i = 0; i < dockerfiles; i++) {
    const text = corpus[i % corpus.length].text;
    write(join(root, 'services', `svc${pad(i, 4)}`, 'Dockerfile'), `${text}${text.endsWith('\n') ? '' : '\n'}LABEL dev.dockwright.bench.service="svc${pad(i, 4)}"\n`);
  }
  for (let s = 0; s < composeFiles; s++) {
    const lines = ['services:'];
    for (let k = 0; k < 4; k++) {
      const svc = (s * 4 + k) % dockerfiles;
      lines.push(
        `  app${k}:`,
        `    build:`,
        `      context: ../../services/svc${pad(svc, 4)}`,
        `    environment:`,
        `      SECRET: \${APP_SECRET:?set APP_SECRET}`,
        `    ports:`,
        `      - "${20000 + k}:8080"`,
        ...(k > 0 ? [`    depends_on: [app${k - 1}]`] : []),
        ...(k === 3 ? [`    profiles: [prod]`] : []),
      );
    }
    lines.push(`  db:`, `    image: postgres:16-alpine`, `    volumes:`, `      - pgdata:/var/lib/postgresql/data`, `volumes:`, `  pgdata:`);
    write(join(root, 'stacks', `stack${pad(s, 3)}`, 'compose.yaml'), lines.join('\n') + '\n');
  }
}

/**
 * A Go repository shaped like examples/photos/backend but with `programs` commands under cmd/,
 * all built by one Dockerfile; odd programs import a cgo package (libwebp), even ones are pure Go.
 */
export function generateSplitRepo(root: string, programs: number): string {
  rmSync(root, { recursive: true, force: true });
  write(join(root, 'go.mod'), 'module example.com/mono\n\ngo 1.25\n');
  write(join(root, 'go.sum'), '');
  write(
    join(root, 'internal', 'webp', 'webp.go'),
    'package webp\n\n// #cgo LDFLAGS: -lwebp\n// #include <webp/encode.h>\nimport "C"\n\nfunc Version() int { return int(C.WebPGetEncoderVersion()) }\n',
  );
  write(join(root, 'internal', 'health', 'health.go'), 'package health\n\nimport "net/http"\n\nfunc Handler(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(200) }\n');
  const names: string[] = [];
  for (let i = 0; i < programs; i++) {
    const name = `prog${String(i).padStart(2, '0')}`;
    names.push(name);
    const cgo = i % 2 === 1;
    write(
      join(root, 'cmd', name, 'main.go'),
      `package main\n\nimport (\n\t"log"\n\t"net/http"\n\n\t"example.com/mono/internal/health"\n${cgo ? '\t"example.com/mono/internal/webp"\n' : ''})\n\nfunc main() {\n${cgo ? '\tlog.Println(webp.Version())\n' : ''}\thttp.HandleFunc("/health", health.Handler)\n\tlog.Fatal(http.ListenAndServe(":${8000 + i}", nil))\n}\n`,
    );
  }
  // Ten builds per RUN: one RUN chaining all of them is over the shell analysis' per-script limit
  // (MAX_SCRIPT_ELEMENTS) and would not be analysed at all, so nothing would be planned.
  const build = names
    .map((n, i) => `${i % 10 === 0 ? 'RUN ' : '    && '}CGO_ENABLED=1 go build -ldflags="-s -w" -o /bin/${n} ./cmd/${n}${i % 10 === 9 || i === names.length - 1 ? '\n' : ' \\\n'}`)
    .join('');
  const dockerfile = [
    'FROM golang:1.25-alpine AS builder',
    'RUN apk add --no-cache build-base libwebp-dev',
    'WORKDIR /src',
    'COPY go.mod go.sum ./',
    'RUN go mod download',
    'COPY . .',
    build,
    '',
    'FROM alpine:3.22',
    'RUN apk add --no-cache libwebp ca-certificates tzdata \\',
    '    && addgroup -S app && adduser -S app -G app',
    'WORKDIR /app',
    ...names.map((n) => `COPY --from=builder /bin/${n} ./${n}`),
    'USER app',
    `EXPOSE ${names.map((_, i) => 8000 + i).join(' ')}`,
    `CMD ["./${names[0]}"]`,
    '',
  ].join('\n');
  write(join(root, 'Dockerfile'), dockerfile);
  const compose = ['services:', ...names.flatMap((n, i) => [`  ${n}:`, `    build: .`, `    command: ["./${n}"]`, `    ports: ["${8000 + i}:${8000 + i}"]`])];
  write(join(root, 'compose.yaml'), compose.join('\n') + '\n');
  return 'Dockerfile';
}
