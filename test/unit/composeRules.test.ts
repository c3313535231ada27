import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { allRules } from '../../server/src/core/catalogue';
import { applyFix, check, codes, fixAll } from '../helpers';

type Files = Record<string, string>;
const C = 'compose.yaml';
const has = (files: Files, code: string, path = C) => check(files, path).filter((f) => f.code === code);

// ---------- DW201
test('DW201 unknown key, on the key itself', () => {
  const f = has({ [C]: 'services:\n  web:\n    image: nginx:1\n    imagee: x\n' }, 'DW201');
  assert.equal(f.length, 1);
  assert.deepEqual(f[0].range, { start: { line: 3, character: 4 }, end: { line: 3, character: 10 } });
  assert.match(f[0].message, /imagee/);
});
test('DW201 wrong type on the value', () => {
  const f = has({ [C]: 'services:\n  web:\n    image: nginx:1\n    depends_on:\n      db:\n        condition: sometimes\n  db:\n    image: postgres:16\n' }, 'DW201');
  assert.equal(f.length, 1);
  assert.equal(f[0].range.start.line, 5);
  assert.match(f[0].message, /service_healthy/);
});
test('DW201 YAML syntax error', () => assert.equal(has({ [C]: 'services:\n  web: [\n' }, 'DW201').length, 1));
test('DW201 a valid file', () => assert.deepEqual(has({ [C]: 'name: x\nservices:\n  web:\n    image: nginx:1\n    ports: ["80:80"]\nx-extra: 1\n' }, 'DW201'), []));
test('DW201 not a mapping', () => assert.equal(has({ [C]: '- just\n- a list\n' }, 'DW201').length, 1));
// NUL bytes make it a binary file: skipped with DW091 (core/limits.ts) before YAML parsing.
test('binary compose file: DW091 only', () => assert.deepEqual(codes(check({ [C]: '\u0000\u0001' }, C)), ['DW091']));

// ---------- DW202
const d202: Files = { [C]: 'services:\n  api:\n    build:\n      context: ./api\n      dockerfile: Dockerfile.missing\n', 'api/Dockerfile.server': 'FROM alpine:3\nUSER app\n' };
test('DW202 missing dockerfile', () => assert.equal(has(d202, 'DW202').length, 1));
test('DW202 default Dockerfile exists', () => assert.deepEqual(has({ [C]: 'services:\n  api:\n    build: ./api\n', 'api/Dockerfile': 'FROM alpine:3\n' }, 'DW202'), []));
test('DW202 fix picks an existing Dockerfile', () => {
  const out = fixAll(d202, C, 'DW202');
  assert.equal(out[C], 'services:\n  api:\n    build:\n      context: ./api\n      dockerfile: Dockerfile.server\n');
});
test('DW202 fix on short build form', () => {
  const out = fixAll({ [C]: 'services:\n  api:\n    build: ./api\n', 'api/Dockerfile.server': 'FROM alpine:3\n' }, C, 'DW202');
  assert.equal(out[C], 'services:\n  api:\n    build: \n      context: ./api\n      dockerfile: Dockerfile.server\n');
});

// ---------- DW203
const d203: Files = { [C]: 'services:\n  api:\n    build: ./api\n    command: ["./server"]\n    environment:\n      A: "1"\n', 'api/Dockerfile': 'FROM alpine:3\nCMD ["./server"]\n' };
test('DW203 command equals CMD', () => assert.equal(has(d203, 'DW203').length, 1));
test('DW203 different command', () => assert.deepEqual(has({ ...d203, [C]: d203[C].replace('./server', './worker') }, 'DW203'), []));
test('DW203 fix removes the command line', () => assert.equal(fixAll(d203, C, 'DW203')[C], 'services:\n  api:\n    build: ./api\n    environment:\n      A: "1"\n'));

// ---------- DW204
const d204 = 'services:\n  backend:\n    image: app:1\n    depends_on:\n      - postgres\n  postgres:\n    image: postgres:16\n    profiles: ["dev"]\n  postgres-prod:\n    image: postgres:16\n    profiles: ["prod"]\n';
test('DW204 unprofiled service depends on a dev-only one', () => assert.equal(has({ [C]: d204 }, 'DW204').length, 1));
test('DW204 dependency in the same profile', () => assert.deepEqual(has({ [C]: 'services:\n  a:\n    image: a:1\n    profiles: [dev]\n    depends_on: [b]\n  b:\n    image: b:1\n    profiles: [dev]\n' }, 'DW204'), []));
test('DW204 required: false is fine', () => assert.deepEqual(has({ [C]: 'services:\n  a:\n    image: a:1\n    depends_on:\n      b:\n        condition: service_started\n        required: false\n  b:\n    image: b:1\n    profiles: [dev]\n' }, 'DW204'), []));
test('DW204 fix: add the profile to the dependency', () => {
  const files = { [C]: 'services:\n  a:\n    image: a:1\n    profiles: [prod]\n    depends_on: [b]\n  b:\n    image: b:1\n    profiles: [dev]\n' };
  assert.equal(fixAll(files, C, 'DW204')[C], 'services:\n  a:\n    image: a:1\n    profiles: [prod]\n    depends_on: [b]\n  b:\n    image: b:1\n    profiles: [dev, prod]\n');
});
test('DW204 fix: enable the dependant only with the profile', () => {
  const out = fixAll({ [C]: d204 }, C, 'DW204');
  assert.match(out[C], /backend:\n {4}profiles: \["dev"\]\n/);
});
test('DW204 fix: point at the twin', () => {
  const files = { [C]: 'services:\n  backend:\n    image: app:1\n    profiles: [prod]\n    depends_on:\n      postgres:\n        condition: service_healthy\n  postgres:\n    image: postgres:16\n    profiles: [dev]\n  postgres-prod:\n    image: postgres:16\n    profiles: [prod]\n    healthcheck:\n      test: ["CMD-SHELL", "pg_isready"]\n' };
  const f = has(files, 'DW204')[0];
  assert.equal(f.fixes[0].title, 'Depend on postgres-prod instead');
  assert.match(fixAll(files, C, 'DW204')[C], /depends_on:\n {6}postgres-prod:\n/);
});

/** Applies DW204's `required: false` fix and re-checks: the finding is gone and no new code appeared. */
function makeOptional(files: Files, dependency: string): string {
  const before = check(files, C);
  const finding = before.find((f) => f.code === 'DW204' && f.message.includes(`on "${dependency}"`));
  assert.ok(finding, 'DW204 reported');
  const fix = finding.fixes.find((f) => f.title === `Make ${dependency} optional (required: false, Compose v2.20+)`);
  assert.ok(fix, `fixes: ${finding.fixes.map((f) => f.title).join(' | ')}`);
  const after = applyFix(files, fix);
  const recheck = check(after, C);
  assert.deepEqual(recheck.filter((f) => f.code === 'DW204' && f.message.includes(`on "${dependency}"`)), []);
  const known = new Set(codes(before));
  assert.deepEqual(codes(recheck).filter((c) => !known.has(c)), []);
  return after[C];
}
test('DW204 fix: required: false, block list rewritten to long syntax', () => {
  assert.equal(
    makeOptional({ [C]: d204.replace('      - postgres\n', '      - postgres\n      - cache\n') + '  cache:\n    image: redis:7\n' }, 'postgres'),
    'services:\n  backend:\n    image: app:1\n    depends_on:\n      postgres:\n        condition: service_started\n        required: false\n      cache:\n        condition: service_started\n  postgres:\n    image: postgres:16\n    profiles: ["dev"]\n  postgres-prod:\n    image: postgres:16\n    profiles: ["prod"]\n  cache:\n    image: redis:7\n',
  );
});
test('DW204 fix: required: false, flow list and CRLF', () => {
  const text = 'services:\r\n  a:\r\n    image: a:1\r\n    depends_on: [b]   # comment\r\n  b:\r\n    image: b:1\r\n    profiles: [dev]\r\n';
  assert.equal(makeOptional({ [C]: text }, 'b'), 'services:\r\n  a:\r\n    image: a:1\r\n    depends_on:\r\n      b:\r\n        condition: service_started\r\n        required: false   # comment\r\n  b:\r\n    image: b:1\r\n    profiles: [dev]\r\n');
});
test('DW204 fix: required: false added to a long-syntax entry, or replaces required: true', () => {
  const long = 'services:\n  a:\n    image: a:1\n    depends_on:\n      b:\n        condition: service_healthy\n  b:\n    image: b:1\n    profiles: [dev]\n    healthcheck:\n      test: ["CMD", "true"]\n';
  assert.equal(makeOptional({ [C]: long }, 'b'), long.replace('service_healthy\n', 'service_healthy\n        required: false\n'));
  const required = long.replace('service_healthy\n', 'service_healthy\n        required: true\n');
  assert.equal(makeOptional({ [C]: required }, 'b'), long.replace('service_healthy\n', 'service_healthy\n        required: false\n'));
});
test('DW204 no required: false fix in a file that declares version: (docker-compose v1 rejects it)', () => {
  const f = has({ [C]: 'version: "3.9"\n' + d204 }, 'DW204')[0];
  assert.ok(f.fixes.length > 0);
  assert.deepEqual(f.fixes.filter((x) => x.title.includes('required: false')), []);
});

// ---------- DW205
const d205 = 'services:\n  db:\n    image: postgres:16\n    ports:\n      - "5432:5432"\n    environment:\n      POSTGRES_PASSWORD: ${PW:?PW must be set}\n';
test('DW205 database publishes a port (no profiles = production)', () => assert.equal(has({ [C]: d205, '.env': 'PW=x\n' }, 'DW205').length, 1));
test('DW205 only in dev profile', () => assert.deepEqual(has({ [C]: d205.replace('image: postgres:16', 'image: postgres:16\n    profiles: [dev]') + '  app:\n    image: a:1\n    profiles: [prod]\n' }, 'DW205'), []));
test('DW205 bound to localhost', () => assert.deepEqual(has({ [C]: d205.replace('"5432:5432"', '"127.0.0.1:5432:5432"') }, 'DW205'), []));
test('DW205 app ports are fine', () => assert.deepEqual(has({ [C]: 'services:\n  web:\n    image: nginx:1\n    ports: ["80:80"]\n' }, 'DW205'), []));
test('DW205 fix removes ports', () => assert.equal(fixAll({ [C]: d205, '.env': 'PW=x\n' }, C, 'DW205')[C], 'services:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_PASSWORD: ${PW:?PW must be set}\n'));
test('DW205 fix binds to 127.0.0.1', () => assert.match(fixAll({ [C]: d205, '.env': 'PW=x\n' }, C, 'DW205', 1)[C], /- "127\.0\.0\.1:5432:5432"/));

// Production known vs assumed (issue #15): a warning only where production is known; info when it is assumed.
test('DW205 without profiles: production is only assumed → info, says so, offers Wire Compose Profiles', () => {
  const [f] = has({ [C]: d205, '.env': 'PW=x\n' }, 'DW205');
  assert.equal(f.severity, 'info');
  assert.match(f.message, /in production, if this file is deployed \(assumed: the project has no profiles and no file named for production\)/);
  const wire = f.fixes.find((x) => x.command?.id === 'dockwright.wireProfiles');
  assert.deepEqual(wire?.command?.arguments, [{ workspacePath: C }]);
});
test('DW205 in a prod profile: production is known → warning', () => {
  const [f] = has({ [C]: d205.replace('image: postgres:16', 'image: postgres:16\n    profiles: [prod]'), '.env': 'PW=x\n' }, 'DW205');
  assert.equal(f.severity, 'warning');
  assert.match(f.message, /in profile prod\.$/);
  assert.equal(f.fixes.some((x) => x.command), false);
});
test('DW205 in a file named for production (docker-compose.prod.yml) → warning', () => {
  const [f] = has({ 'docker-compose.prod.yml': d205, '.env': 'PW=x\n' }, 'DW205', 'docker-compose.prod.yml');
  assert.equal(f.severity, 'warning');
  assert.match(f.message, /in production \(the file is named for it\)/);
});
test('DW205 in a base file the repository combines with a prod file (-f in a Makefile) → warning', () => {
  const files = { 'docker-compose.yml': d205, 'docker-compose.prod.yml': 'services:\n  db:\n    restart: always\n', Makefile: 'deploy:\n\tdocker compose -f docker-compose.yml -f docker-compose.prod.yml up -d\n', '.env': 'PW=x\n' };
  const [f] = has(files, 'DW205', 'docker-compose.yml');
  assert.equal(f.severity, 'warning');
  assert.match(f.message, /combined with docker-compose\.prod\.yml/);
});
// vectordotdev/vector tests/integration/*/config/compose.yaml, redash .ci/compose.cypress.yaml, .devcontainer stacks.
test('DW205/206/207 are not reported in test, CI and development stacks (by path)', () => {
  const stack = d205 + '  api:\n    image: api:1\n    environment:\n      JWT_SECRET: dev\n      NODE_ENV: development\n';
  for (const path of ['tests/integration/redis/config/compose.yaml', '.ci/compose.cypress.yaml', '.devcontainer/docker-compose.yml', 'docker-compose.dev.yml', 'result/docker-compose.test.yml'])
    assert.deepEqual(check({ [path]: stack, '.env': 'PW=x\n' }, path).filter((f) => /DW20[567]/.test(f.code)), [], path);
  assert.deepEqual(has({ [C]: stack, '.env': 'PW=x\n' }, 'DW206').map((f) => f.severity), ['info']);
  assert.deepEqual(has({ [C]: stack, '.env': 'PW=x\n' }, 'DW207').map((f) => f.severity), ['info']);
});
test('DW205/206/207 do not switch off for unprofiled services because an unrelated service has a profile', () => {
  const files = { [C]: d205 + '  api:\n    image: api:1\n    environment:\n      JWT_SECRET: dev\n      NODE_ENV: development\n  adminer:\n    image: adminer:4\n    profiles: [debug]\n', '.env': 'PW=x\n' };
  for (const code of ['DW205', 'DW206', 'DW207']) {
    const found = has(files, code);
    assert.equal(found.length, 1, code);
    assert.equal(found[0].severity, 'info', code);
    assert.match(found[0].message, /assumed: it has no profile, so `docker compose up` starts it, and the project has no prod profile/, code);
    // The project has profiles already: no "Wire Compose Profiles" offer.
    assert.equal(found[0].fixes.some((x) => x.command), false, code);
  }
});

// ---------- DW206
const d206 = 'services:\n  api:\n    image: api:1\n    environment:\n      JWT_SECRET: ${JWT_SECRET:-changeme}\n      DB_PASSWORD: hunter2\n      - bad\n';
test('DW206 defaulted and hard-coded secrets', () => {
  const files = { [C]: 'services:\n  api:\n    image: api:1\n    environment:\n      JWT_SECRET: ${JWT_SECRET:-changeme}\n      DB_PASSWORD: hunter2\n      API_TOKEN_FILE: /run/secrets/token\n      LOG: x\n' };
  assert.deepEqual(has(files, 'DW206').map((f) => f.message.split(' ')[0]), ['JWT_SECRET', 'DB_PASSWORD']);
  assert.equal(fixAll(files, C, 'DW206')[C], 'services:\n  api:\n    image: api:1\n    environment:\n      JWT_SECRET: ${JWT_SECRET:?JWT_SECRET must be set}\n      DB_PASSWORD: ${DB_PASSWORD:?DB_PASSWORD must be set}\n      API_TOKEN_FILE: /run/secrets/token\n      LOG: x\n');
  void d206;
});
test('DW206 list form fix', () => {
  const files = { [C]: 'services:\n  api:\n    image: api:1\n    environment:\n      - SESSION_SECRET=abc\n' };
  assert.equal(fixAll(files, C, 'DW206')[C], 'services:\n  api:\n    image: api:1\n    environment:\n      - SESSION_SECRET=${SESSION_SECRET:?SESSION_SECRET must be set}\n');
});
test('DW206 dev-only service is fine', () => assert.deepEqual(has({ [C]: 'services:\n  api:\n    image: api:1\n    profiles: [dev]\n    environment:\n      JWT_SECRET: dev\n  web:\n    image: w:1\n    profiles: [prod]\n' }, 'DW206'), []));
test('DW206 required secret is fine', () => assert.deepEqual(has({ [C]: 'services:\n  api:\n    image: api:1\n    environment:\n      JWT_SECRET: ${JWT_SECRET:?set it}\n' }, 'DW206'), []));

// ---------- DW207
const d207 = { [C]: 'services:\n  api:\n    image: api:1\n    environment:\n      DEBUG: "true"\n      NODE_ENV: development\n      GIN_MODE: debug\n      PORT: 80\n' };
test('DW207 debug settings', () => assert.deepEqual(has(d207, 'DW207').map((f) => f.message.split('=')[0]), ['DEBUG', 'NODE_ENV', 'GIN_MODE']));
test('DW207 production values are fine', () => assert.deepEqual(has({ [C]: 'services:\n  api:\n    image: api:1\n    environment:\n      DEBUG: "false"\n      NODE_ENV: production\n' }, 'DW207'), []));
test('DW207 fixes remove or set production values', () => assert.equal(fixAll(d207, C, 'DW207')[C], 'services:\n  api:\n    image: api:1\n    environment:\n      NODE_ENV: production\n      GIN_MODE: release\n      PORT: 80\n'));
test('DW207 removing the only entry removes environment', () => assert.equal(fixAll({ [C]: 'services:\n  api:\n    image: api:1\n    environment:\n      - DEBUG=1\n    ports: ["80:80"]\n' }, C, 'DW207')[C], 'services:\n  api:\n    image: api:1\n    ports: ["80:80"]\n'));

// ---------- DW208
const d208 = { [C]: 'services:\n  api:\n    image: api:1\n    depends_on:\n      db:\n        condition: service_healthy\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_USER: app\n' };
test('DW208 service_healthy without healthcheck', () => assert.equal(has(d208, 'DW208').length, 1));
test('DW208 image HEALTHCHECK counts', () => assert.deepEqual(has({ [C]: 'services:\n  api:\n    image: a:1\n    depends_on:\n      web:\n        condition: service_healthy\n  web:\n    build: ./web\n', 'web/Dockerfile': 'FROM nginx:1-alpine\nHEALTHCHECK CMD wget -qO- http://127.0.0.1/\n' }, 'DW208'), []));
test('DW208 fix adds pg_isready', () => assert.equal(fixAll(d208, C, 'DW208')[C], d208[C] + '    healthcheck:\n      test: ["CMD-SHELL", "pg_isready -U app"]\n      interval: 10s\n      timeout: 3s\n      retries: 5\n      start_period: 10s\n'));
test('DW208 fix for a built app uses busybox wget on the exposed port', () => {
  const files = { [C]: 'services:\n  a:\n    image: a:1\n    depends_on:\n      api:\n        condition: service_healthy\n  api:\n    build: ./api\n', 'api/Dockerfile': 'FROM alpine:3.22\nUSER app\nEXPOSE 8080\nCMD ["./api"]\n' };
  assert.match(fixAll(files, C, 'DW208')[C], /test: \["CMD", "wget", "-qO-", "http:\/\/127\.0\.0\.1:8080\/"\]/);
});

// ---------- DW209
test('DW209 undeclared and unused volumes', () => {
  const files = { [C]: 'services:\n  db:\n    image: postgres:16\n    volumes:\n      - pgdata:/var/lib/postgresql/data\n      - ./init:/docker-entrypoint-initdb.d\nvolumes:\n  old:\n' };
  assert.deepEqual(has(files, 'DW209').map((f) => f.message.split('"')[1]), ['pgdata', 'old']);
  const declared = fixAll(files, C, 'DW209');
  assert.equal(declared[C], 'services:\n  db:\n    image: postgres:16\n    volumes:\n      - pgdata:/var/lib/postgresql/data\n      - ./init:/docker-entrypoint-initdb.d\nvolumes:\n  pgdata:\n');
});
test('DW209 adds a volumes section', () => assert.equal(fixAll({ [C]: 'services:\n  db:\n    image: postgres:16\n    volumes: [data:/data]\n' }, C, 'DW209')[C], 'services:\n  db:\n    image: postgres:16\n    volumes: [data:/data]\n\nvolumes:\n  data:\n'));
test('DW209 all fine', () => assert.deepEqual(has({ [C]: 'services:\n  db:\n    image: postgres:16\n    volumes: [data:/data]\nvolumes:\n  data:\n  ext:\n    external: true\n' }, 'DW209'), []));

// ---------- DW210
test('DW210 unresolved variable, exact range', () => {
  const f = has({ [C]: 'services:\n  api:\n    image: "api:${TAG}"\n' }, 'DW210');
  assert.equal(f.length, 1);
  assert.deepEqual(f[0].range, { start: { line: 2, character: 16 }, end: { line: 2, character: 22 } });
});
test('DW210 resolved by .env, env_file, defaults, $$', () => {
  assert.deepEqual(has({ [C]: 'services:\n  api:\n    image: api:${TAG}\n    command: echo $$HOME ${X:-1} ${Y:?y}\n    env_file: [api.env]\n    environment:\n      A: $FROM_FILE\n', '.env': 'TAG=1\n', 'api.env': 'FROM_FILE=2\n' }, 'DW210'), []);
});
test('DW210 fixes: require with a message, add to .env.example', () => {
  const files = { [C]: 'services:\n  api:\n    image: api:${TAG}\n', '.env.example': 'OTHER=1\n' };
  const f = has(files, 'DW210')[0];
  assert.deepEqual(f.fixes.map((x) => x.title), ['Require TAG with a message', 'Add TAG to .env.example']);
  assert.equal(fixAll(files, C, 'DW210')[C], 'services:\n  api:\n    image: api:${TAG:?TAG must be set}\n');
  assert.equal(fixAll(files, C, 'DW210', 1)['.env.example'], 'OTHER=1\nTAG=\n');
});

test('DW210 environment pass-through (KEY: ${VAR}, - KEY=${VAR}) is advice (info); other uses stay warnings', () => {
  const files = { [C]: 'services:\n  e2e:\n    image: "cypress:${TAG}"\n    environment:\n      PERCY_TOKEN: ${PERCY_TOKEN}\n      URL: http://${HOST}:5000\n  api:\n    image: api:1\n    environment:\n      - API_KEY=${API_KEY}\n' };
  const f = has(files, 'DW210');
  assert.deepEqual(f.map((x) => [x.message.split('}')[0].slice(2), x.severity]), [['TAG', 'warning'], ['PERCY_TOKEN', 'info'], ['HOST', 'warning'], ['API_KEY', 'info']]);
  assert.match(f[1].message, /passes it to the container empty; if it is optional, say so with `\$\{PERCY_TOKEN:-\}`/);
  // A variable named like an environment key elsewhere (a label, a network name) is not a pass-through.
  assert.equal(has({ [C]: 'services:\n  api:\n    image: api:1\n    labels:\n      TOKEN: ${TOKEN}\nnetworks:\n  default:\n    name: ${NET}\n' }, 'DW210').filter((x) => x.severity === 'warning').length, 2);
});

// getredash/redash: .github/workflows/ci.yml sets `COMPOSE_FILE: .ci/compose.cypress.yaml` and
// `echo "CODE_COVERAGE=true" >> "$GITHUB_ENV"`; the compose file passes `code_coverage: ${CODE_COVERAGE}` as a build arg.
test('DW210: a variable the CI workflow / Makefile / script that uses the compose file sets is not reported', () => {
  const compose = 'services:\n  e2e:\n    build:\n      context: .\n      args:\n        code_coverage: ${CODE_COVERAGE}\n    image: "cypress:${TAG}"\n';
  const workflow = 'jobs:\n  e2e:\n    env:\n      COMPOSE_FILE: stacks/compose.cypress.yaml\n    steps:\n      - run: echo "CODE_COVERAGE=true" >> "$GITHUB_ENV"\n      - run: docker compose up -d\n';
  const files = { 'stacks/compose.cypress.yaml': compose, '.github/workflows/ci.yml': workflow };
  assert.deepEqual(check(files, 'stacks/compose.cypress.yaml').filter((f) => f.code === 'DW210').map((f) => f.message.split('}')[0].slice(2)), ['TAG']);
  // A Makefile that exports the variable and runs the file; a script that passes it inline.
  const make = { [C]: 'services:\n  api:\n    image: "api:${TAG}"\n', Makefile: 'export TAG ?= 1.2\nup:\n\tdocker compose -f compose.yaml up\n' };
  assert.deepEqual(has(make, 'DW210'), []);
  const script = { [C]: 'services:\n  api:\n    image: "api:${TAG}"\n', 'run.sh': '#!/bin/sh\nTAG=1.2 docker compose -f compose.yaml up\n' };
  assert.deepEqual(has(script, 'DW210'), []);
  // The same assignment in a script that does not use this compose file says nothing about it.
  assert.equal(has({ [C]: 'services:\n  api:\n    image: "api:${TAG}"\n', 'other.sh': 'TAG=1.2 docker compose -f other.yaml up\n' }, 'DW210').length, 1);
});
test('DW210: HOME/USER/PATH are set in every login shell: not reported', () =>
  assert.deepEqual(has({ [C]: 'services:\n  api:\n    image: api:1\n    volumes:\n      - ${HOME}/.aws:/root/.aws\n' }, 'DW210'), []));
// vectordotdev/vector tests/integration/*/config/compose.yaml: `image: docker.io/redis:${CONFIG_VERSION}`, set by vector's
// test runner (vdev) from the test matrix; compose v2 `config` without it warns and yields `docker.io/redis:`.
test('DW210 in a test/CI stack without a runner found: info that says the runner may set it', () => {
  const path = 'tests/integration/redis/config/compose.yaml';
  const files = { [path]: 'services:\n  redis:\n    image: docker.io/redis:${CONFIG_VERSION}\nnetworks:\n  default:\n    name: ${VECTOR_NETWORK}\n    external: true\n' };
  const found = check(files, path).filter((f) => f.code === 'DW210');
  assert.deepEqual(found.map((f) => f.severity), ['info', 'info']);
  assert.match(found[0].message, /unless the runner of this test\/CI stack sets it \(Dockwright did not find where\)/);
  // The same file outside a test/CI folder stays a warning.
  assert.deepEqual(has({ [C]: files[path] }, 'DW210').map((f) => f.severity), ['warning', 'warning']);
});

// ---------- DW211
test('DW211 same host port in the same profile', () => {
  const f = has({ [C]: 'services:\n  a:\n    image: a:1\n    ports: ["8080:80"]\n  b:\n    image: b:1\n    ports: ["8080:8080"]\n' }, 'DW211');
  assert.equal(f.length, 2);
});
test('DW211 different profiles are fine', () => assert.deepEqual(has({ [C]: 'services:\n  a:\n    image: a:1\n    profiles: [dev]\n    ports: ["5432:5432"]\n  b:\n    image: b:1\n    profiles: [prod]\n    ports: ["5432:5432"]\n' }, 'DW211'), []));
test('DW211 other IP or protocol are fine', () => assert.deepEqual(has({ [C]: 'services:\n  a:\n    image: a:1\n    ports: ["127.0.0.1:53:53", "53:53/udp"]\n  b:\n    image: b:1\n    ports: ["10.0.0.1:53:53"]\n' }, 'DW211'), []));

// ---------- DW212
const d212 = { [C]: 'services:\n  postgres:\n    image: postgres:16\n  postgres-prod:\n    image: postgres:16\n    profiles: ["prod"]\n  app:\n    image: app:1\n' };
test('DW212 unprofiled next to twin', () => assert.equal(has(d212, 'DW212').length, 1));
test('DW212 no twin', () => assert.deepEqual(has({ [C]: 'services:\n  postgres:\n    image: postgres:16\n  app:\n    image: app:1\n    profiles: [prod]\n' }, 'DW212'), []));
test('DW212: a service of the same image with another command or entrypoint is another role, not a twin (appwrite workers, kibana-genkeys)', () => {
  const files = { [C]: 'services:\n  app:\n    image: example/app:1\n  app-worker-mail:\n    image: example/app:1\n    entrypoint: worker-mail\n    profiles: [separate]\n  kibana:\n    image: kibana:8\n  kibana-genkeys:\n    image: kibana:8\n    command: bin/kibana-encryption-keys generate\n    profiles: [setup]\n' };
  assert.deepEqual(has(files, 'DW212'), []);
  // Same image and same command: still a twin.
  assert.equal(has({ [C]: 'services:\n  app:\n    image: example/app:1\n    command: serve\n  app-prod:\n    image: example/app:1\n    command: serve\n    profiles: [prod]\n' }, 'DW212').length, 1);
});
test('DW212 fix adds the other profile', () => assert.equal(fixAll(d212, C, 'DW212')[C], d212[C].replace('  postgres:\n', '  postgres:\n    profiles: ["dev"]\n')));

test('a compose file of another project is not mixed in', () => {
  assert.deepEqual(codes(check({ 'a/compose.yaml': 'services:\n  x:\n    image: x:1\n    ports: ["80:80"]\n', 'b/compose.yaml': 'services:\n  y:\n    image: y:1\n    ports: ["80:80"]\n' }, 'a/compose.yaml')), []);
});

test('every compose and cross-file rule is registered and has a docs page', () => {
  const codes = allRules.map((r) => r.code).filter((c) => /^DW[23]/.test(c));
  assert.deepEqual(codes, ['DW201', 'DW202', 'DW203', 'DW204', 'DW205', 'DW206', 'DW207', 'DW208', 'DW209', 'DW210', 'DW211', 'DW212', 'DW213', 'DW301', 'DW302', 'DW303', 'DW304', 'DW305', 'DW306']);
  for (const code of codes) assert.ok(fs.existsSync(path.resolve(__dirname, '../../docs/rules', `${code}.md`)), code);
});

// ---------- DW213
const d213 = (backendEnv: string, extra: Record<string, string> = {}) => ({
  [C]: `services:\n  db:\n    image: postgres:16\n    profiles: ["dev"]\n  backend:\n    build: .\n    profiles: ["prod"]\n    environment:\n${backendEnv}`,
  ...extra,
});
test('DW213 a required variable in a prod-only service breaks --profile dev', () => {
  const found = has(d213('      JWT_SECRET: ${JWT_SECRET:?JWT_SECRET must be set}\n'), 'DW213');
  assert.equal(found.length, 1);
  assert.equal(found[0].severity, 'warning');
  assert.match(found[0].message, /JWT_SECRET .*--profile dev config/);
  assert.deepEqual(found[0].range, { start: { line: 8, character: 18 }, end: { line: 8, character: 55 } });
});
test('DW213 also inside a URL and in the `?` form; not for defaults or $$-escapes', () => {
  assert.equal(has(d213('      DATABASE_URL: postgres://u:${PW?set PW}@db/x\n'), 'DW213').length, 1);
  assert.deepEqual(has(d213('      JWT_SECRET: ${JWT_SECRET:-dev}\n      ESCAPED: $${NOT:?x}\n'), 'DW213'), []);
});
test('DW213 quiet when .env sets the variable, or when the service runs in every profile used', () => {
  assert.deepEqual(has(d213('      JWT_SECRET: ${JWT_SECRET:?x}\n', { '.env': 'JWT_SECRET=s\n' }), 'DW213'), []);
  assert.equal(has(d213('      JWT_SECRET: ${JWT_SECRET:?x}\n', { '.env': 'JWT_SECRET=\n' }), 'DW213').length, 1, '`:?` rejects an empty value');
  const both = `services:\n  db:\n    image: postgres:16\n    profiles: ["dev", "prod"]\n    environment:\n      POSTGRES_PASSWORD: \${PG:?x}\n  app:\n    build: .\n    profiles: ["prod"]\n`;
  assert.deepEqual(has({ [C]: both }, 'DW213'), []);
  assert.deepEqual(has({ [C]: 'services:\n  app:\n    image: a\n    environment:\n      X: ${X:?x}\n' }, 'DW213'), []);
});
test('DW206 sees a password repeated inside DATABASE_URL, and requires the database\'s own variable there', () => {
  const files = { [C]: 'services:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_PASSWORD: photos\n  api:\n    image: api:1\n    environment:\n      DATABASE_URL: postgres://photos:photos@db:5432/photos\n' };
  const found = has(files, 'DW206');
  assert.deepEqual(found.map((f) => f.message.split(' ')[0]), ['POSTGRES_PASSWORD', 'DATABASE_URL']);
  assert.deepEqual(found[1].range, { start: { line: 8, character: 38 }, end: { line: 8, character: 44 } });
  assert.equal(fixAll(files, C, 'DW206')[C], files[C].replace('POSTGRES_PASSWORD: photos', 'POSTGRES_PASSWORD: ${POSTGRES_PASSWORD:?POSTGRES_PASSWORD must be set}').replace('photos:photos@', 'photos:${POSTGRES_PASSWORD:?POSTGRES_PASSWORD must be set}@'));
  assert.deepEqual(has({ [C]: 'services:\n  api:\n    image: api:1\n    environment:\n      - DATABASE_URL=postgres://u:${PW:?x}@db/x\n      - REDIS_URL=redis://cache:6379\n' }, 'DW206'), []);
});
