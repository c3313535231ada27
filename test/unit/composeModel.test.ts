import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseCompose } from '../../server/src/core/compose/model';
import { interpolate, parseDotEnv } from '../../server/src/core/compose/interpolate';

const text = `x-app: &app
  build:
    context: ./api
    dockerfile: Dockerfile.api
    target: runtime
    args:
      - GO_VERSION=1.25
  environment:
    SHARED: "1"
services:
  api:
    <<: *app
    image: api:1
    command: ["./api", "serve"]
    entrypoint: /bin/entry
    ports:
      - "8080:80"
      - 127.0.0.1:9090:9090/udp
      - target: 443
        published: "8443"
        host_ip: 0.0.0.0
    expose: ["9000"]
    volumes:
      - data:/var/lib/data:ro
      - ./src:/src
      - type: volume
        source: cache
        target: /cache
    environment:
      - KEY=value
      - PASSTHROUGH
    env_file: [.env.api]
    depends_on:
      db:
        condition: service_healthy
        required: false
        restart: true
    healthcheck:
      test: ["CMD", "curl", "-f", "http://localhost"]
    profiles: [prod, debug]
    secrets: [token]
    configs:
      - source: cfg
        target: /etc/cfg
    networks: [back]
    extends:
      file: base.yaml
      service: base
  db:
    image: postgres:16
    depends_on: [cache]
include:
  - other/compose.yaml
volumes:
  data:
  cache:
    external: true
`;

test('compose model: every attribute with positions, merge keys resolved (own keys win)', () => {
  const m = parseCompose(text);
  assert.deepEqual(m.syntaxErrors, []);
  const api = m.services.find((s) => s.name === 'api')!;
  assert.equal(api.image!.value, 'api:1');
  assert.equal(api.build!.context, './api');
  assert.equal(api.build!.dockerfile!.value, 'Dockerfile.api');
  assert.equal(api.build!.target!.value, 'runtime');
  assert.deepEqual(api.build!.args, { GO_VERSION: '1.25' });
  assert.deepEqual(api.command!.value, ['./api', 'serve']);
  assert.equal(api.entrypoint!.value, '/bin/entry');
  assert.deepEqual(api.ports.map((p) => [p.hostIp, p.published, p.target, p.protocol]), [[undefined, '8080', '80', 'tcp'], ['127.0.0.1', '9090', '9090', 'udp'], ['0.0.0.0', '8443', '443', 'tcp']]);
  assert.deepEqual(api.expose.map((e) => e.value), ['9000']);
  assert.deepEqual(api.volumes.map((v) => [v.type, v.source, v.target, v.readOnly]), [['volume', 'data', '/var/lib/data', true], ['bind', './src', '/src', false], ['volume', 'cache', '/cache', false]]);
  // Own environment replaces the merged one (merge keys are shallow).
  assert.deepEqual(api.environment.map((e) => [e.name, e.value, e.form]), [['KEY', 'value', 'list'], ['PASSTHROUGH', undefined, 'list']]);
  assert.deepEqual(api.envFiles.map((e) => e.value), ['.env.api']);
  assert.deepEqual(api.dependsOn.map((d) => [d.name, d.condition, d.required, d.restart, d.form]), [['db', 'service_healthy', false, true, 'map']]);
  assert.deepEqual(api.healthcheck!.test, ['CMD', 'curl', '-f', 'http://localhost']);
  assert.deepEqual(api.profiles.map((p) => p.value), ['prod', 'debug']);
  assert.deepEqual(api.secrets.map((s) => s.value), ['token']);
  assert.deepEqual(api.configs.map((s) => s.value), ['cfg']);
  assert.deepEqual(api.networks.map((s) => s.value), ['back']);
  assert.deepEqual(api.extends, { service: 'base', file: 'base.yaml', range: api.extends!.range });
  assert.deepEqual(m.services[1].dependsOn.map((d) => [d.name, d.form]), [['cache', 'list']]);
  assert.deepEqual(m.includes.map((i) => i.value), ['other/compose.yaml']);
  assert.deepEqual(m.volumes.map((v) => [v.name, v.external]), [['data', false], ['cache', true]]);
  // Positions: the image value on line 13 (0-based 12), column 11.
  assert.deepEqual(api.image!.range, { start: { line: 12, character: 11 }, end: { line: 12, character: 16 } });
  // Values from the anchor point at the anchor's text.
  assert.equal(api.build!.dockerfile!.range.start.line, 3);
});

test('broken YAML never throws and reports a position', () => {
  for (const bad of ['services:\n  a: [\n', 'services:\n\tweb: {}\n', ': : :\n', 'a: *missing\n', 'services:\n  web:\n    image: a\n    image: b\n']) {
    const m = parseCompose(bad);
    assert.ok(m.syntaxErrors.length > 0, bad);
  }
});

test('alias bombs are capped instead of expanding', () => {
  let bomb = 'a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n';
  for (let i = 1; i < 12; i++) bomb += `a${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(', ')}]\n`;
  const m = parseCompose(bomb);
  assert.ok(m.syntaxErrors.some((e) => /alias/i.test(e.message)));
  assert.equal(m.services.length, 0);
});

const interpolationTable: [string, Record<string, string>, string, string[]][] = [
  ['${A}', { A: 'x' }, 'x', []],
  ['$A-$B', { A: 'x' }, 'x-', ['B']],
  ['${A:-d}', {}, 'd', []],
  ['${A:-d}', { A: '' }, 'd', []],
  ['${A-d}', { A: '' }, '', []],
  ['${A-d}', {}, 'd', []],
  ['${A:+alt}', { A: 'x' }, 'alt', []],
  ['${A+alt}', { A: '' }, 'alt', []],
  ['${A:+alt}', { A: '' }, '', []],
  ['$$A and $${B}', {}, '$A and ${B}', []],
  ['${A:-${B:-deep}}', {}, 'deep', []],
  ['${A:-${B}}', {}, '', ['B']],
  ['${A:?must}', { A: 'v' }, 'v', []],
  ['price: 5$', {}, 'price: 5$', []],
  ['${', {}, '${', []],
];

for (const [input, env, expected, unresolved] of interpolationTable) {
  test(`interpolate ${JSON.stringify(input)} with ${JSON.stringify(env)}`, () => {
    const r = interpolate(input, (n) => env[n]);
    assert.equal(r.value, expected);
    assert.deepEqual(r.unresolved.map((u) => u.name), unresolved);
  });
}

test('interpolate: required variables fail with their message', () => {
  assert.deepEqual(interpolate('${A:?A must be set}', () => '').errors.map((e) => e.message), ['A must be set']);
  assert.deepEqual(interpolate('${A?gone}', () => '').errors, []);
  assert.deepEqual(interpolate('${A?gone}', () => undefined).errors.map((e) => e.message), ['gone']);
});

test('dotenv parsing: export, quotes, comments, multi-line', () => {
  const env = parseDotEnv('# c\nexport A=1\nB="two words" # note\nC=\'single\'\nD=plain # comment\nE="line1\nline2"\nbad line\nF=\n');
  assert.deepEqual(Object.fromEntries(env), { A: '1', B: 'two words', C: 'single', D: 'plain', E: 'line1\nline2', F: '' });
});
