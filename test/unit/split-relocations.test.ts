import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseDockerfile } from '../../server/src/core/dockerfile/model';
import { planSplit } from '../../server/src/core/split';
import { followRelocations } from '../../server/src/core/split/relocations';
import { MemoryWorkspace } from '../../server/src/core/workspace';

function relocate(dockerfile: string, from: string): string {
  const model = parseDockerfile(dockerfile);
  const stage = model.stages[0];
  const build = stage.runs.flatMap((r) => r.commands).find((c) => c.words[0]?.value === 'cargo' || c.words[0]?.value === 'go')!;
  return followRelocations(stage, build, from).path;
}

describe('split: following a binary through cp/mv/install', () => {
  it('follows cp into a directory, install -m into a file, mv, and cp -t', () => {
    const head = 'FROM rust:1.90 AS build\nWORKDIR /src\nRUN cargo build --release';
    assert.equal(relocate(`${head} && cp target/release/a target/release/b /usr/local/bin/`, '/src/target/release/a'), '/usr/local/bin/a');
    assert.equal(relocate(`${head} && install -m 0755 target/release/a /app/server`, '/src/target/release/a'), '/app/server');
    assert.equal(relocate(`${head}\nRUN mv target/release/a /usr/bin`, '/src/target/release/a'), '/usr/bin/a');
    assert.equal(relocate(`${head} && cp -t /opt/bin target/release/a`, '/src/target/release/a'), '/opt/bin/a');
    // A cp before the build, or of another file, does not move it.
    assert.equal(relocate('FROM rust:1.90\nWORKDIR /src\nRUN cp target/release/a /x/ && cargo build --release', '/src/target/release/a'), '/src/target/release/a');
    assert.equal(relocate(`${head} && cp Cargo.lock /tmp/`, '/src/target/release/a'), '/src/target/release/a');
  });
});

const GO_MOD = 'module example.com/m\n\ngo 1.25\n';
const MAIN = (listen: string) => `package main\n\nimport "net/http"\n\nfunc main() { http.ListenAndServe("${listen}", nil) }\n`;

describe('split: narrowing commands that handle several binaries', () => {
  it('keeps only the program\'s own binary in strip/upx lines and in the install of several binaries', () => {
    const files = {
      'docs/run.md': 'docker run -d example/m a\ndocker run -d example/m b\n',
      'go.mod': GO_MOD,
      'cmd/a/main.go': MAIN(':8001'),
      'cmd/b/main.go': MAIN(':8002'),
      Dockerfile: [
        'FROM golang:1.25-alpine AS build',
        'WORKDIR /src',
        'COPY . .',
        'RUN CGO_ENABLED=0 go build -o /out/a ./cmd/a && CGO_ENABLED=0 go build -o /out/b ./cmd/b \\',
        '    && strip /out/a /out/b \\',
        '    && upx ../out/a ../out/b \\',
        '    && install -m 0755 /out/a /out/b /usr/local/bin/',
        'FROM alpine:3.22',
        'COPY --from=build /usr/local/bin/a /usr/local/bin/b /usr/local/bin/',
        'USER 65534',
        'CMD ["a"]',
        '',
      ].join('\n'),
    };
    const result = planSplit(new MemoryWorkspace(files), 'Dockerfile');
    const b = result.plan.creates.find((c) => c.path === 'Dockerfile.b')!.content;
    assert.match(b, /go build -o \/out\/b \.\/cmd\/b \\\n {4}&& strip \/out\/b \\\n {4}&& upx \.\.\/out\/b \\\n {4}&& install -m 0755 \/out\/b \/usr\/local\/bin\/\n/);
    assert.match(b, /^COPY --from=build \/usr\/local\/bin\/b \/usr\/local\/bin\/$/m);
    assert.match(b, /^CMD \["b"\]$/m);
    assert.doesNotMatch(b, /\/out\/a|cmd\/a|bin\/a/);
  });
});

describe('split: compose facts', () => {
  const files = {
    'go.mod': GO_MOD,
    'cmd/api/main.go': MAIN(':8000'),
    'cmd/mailer/main.go': 'package main\n\nfunc main() {}\n',
    Dockerfile: 'FROM golang:1.25-alpine AS build\nWORKDIR /src\nCOPY . .\nRUN go build -o /out/api ./cmd/api && go build -o /out/mailer ./cmd/mailer\nFROM alpine:3.22\nCOPY --from=build /out/api /out/mailer /usr/local/bin/\nEXPOSE 8000\nCMD ["api"]\n',
    'compose.yaml': [
      'services:',
      '  api:',
      '    build: { context: ., dockerfile: Dockerfile }',
      '    ports: ["8000:8000"]',
      '  mailer:',
      '    build: { context: ., dockerfile: Dockerfile }',
      '    command: ["mailer"]',
      '    environment:',
      '      SMTP_ADDR: mailpit:1025',
      '      SMTP_PORT: "2525"',
      '      METRICS_ADDR: ":9102"',
      '      MAILER_PORT: "9103"',
      '',
    ].join('\n'),
    'compose.override.yaml': 'services:\n  api:\n    build:\n      args:\n        DEBUG: "1"\n',
  };

  it('a peer\'s address is not a port the service listens on; its own listen address is', () => {
    const result = planSplit(new MemoryWorkspace(files), 'Dockerfile');
    const mailer = result.plan.creates.find((c) => c.path === 'Dockerfile.mailer')!.content;
    // MAILER_PORT names the service's own port (its prefix is the service name); SMTP_PORT a peer's.
    assert.match(mailer, /^EXPOSE 9102 9103$/m);
    assert.doesNotMatch(mailer, /1025|2525/);
  });

  it('an override that only adds build args is not rewired (the base file names the Dockerfile)', () => {
    const result = planSplit(new MemoryWorkspace(files), 'Dockerfile');
    assert.deepEqual(result.plan.edits.map((e) => e.path), ['compose.yaml']);
    const alone = planSplit(new MemoryWorkspace({ ...files, 'compose.yaml': files['compose.yaml'].replace('  api:\n    build: { context: ., dockerfile: Dockerfile }\n', '  api:\n    image: x\n') }), 'Dockerfile');
    // With no other file naming the Dockerfile for `api`, the override's build (context defaults to .) is the one to rewire.
    assert.ok(alone.plan.edits.some((e) => e.path === 'compose.override.yaml'));
  });
});

describe('model: tonistiigi/xx package wrappers', () => {
  it('reads xx-apk add and xx-apt-get install as package installs of the target platform', () => {
    const model = parseDockerfile(
      'FROM --platform=$BUILDPLATFORM golang:1.25-alpine\nRUN xx-apk add --no-cache gcc musl-dev\nRUN xx-apt-get install -y libc6-dev\n',
    );
    assert.deepEqual(
      model.stages[0].installs.map((i) => [i.manager, i.packages.map((p) => p.value)]),
      [
        ['apk', ['gcc', 'musl-dev']],
        ['apt', ['libc6-dev']],
      ],
    );
  });
});
