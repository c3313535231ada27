import assert from 'node:assert/strict';
import { test } from 'node:test';
import { check } from '../helpers';

/** Odd but parseable shapes: no rule may throw (the helper turns a rule error into a failure). */
const odd = [
  '',
  '# only a comment\n',
  'services:\n',
  'services: []\n',
  'services:\n  web:\n',
  'services:\n  web: null\n  api: 3\n',
  'services:\n  web:\n    environment: "A=1"\n    ports: 8080\n    volumes: /data\n    depends_on: db\n    profiles: dev\n    healthcheck: true\n    build: 42\n',
  'services:\n  web:\n    image: [a, b]\n    command: {a: 1}\n    ports: [{}, null, [1]]\n    volumes: [{type: volume}, null]\n    environment: [null, {A: 1}]\n    depends_on: {db: null}\n',
  'services:\n  web:\n    build:\n      context: ../../../../outside\n      dockerfile: ../../etc/passwd\n      target: ${T}\n',
  'services:\n  a:\n    depends_on: [b]\n    profiles: [x]\n  b:\n    depends_on: [a]\n    profiles: [y]\n',
  'x: &x\n  <<: *x\nservices: {}\n',
  'services:\n  web:\n    <<: [*nope]\n',
  'volumes:\n  data:\n    external: true\nservices:\n  web:\n    image: a\n    volumes: [data:/d, "C:\\\\data:/d2"]\n',
  'services:\n  web:\n    image: "${A:-${B:-${C:-${D:-${E:-${F:-${G:-${H:-${I:-${J:-${K:-${L}}}}}}}}}}}}"\n',
  'include:\n  - compose.yaml\nservices:\n  a:\n    image: a\n',
  'services:\n  web:\n    image: a\n    ports: ["99999999999999999999:80", "1-100000:1-100000", "::80"]\n',
];

for (const [i, text] of odd.entries()) {
  test(`odd compose #${i} never throws`, () => {
    const findings = check({ 'compose.yaml': text, Dockerfile: 'FROM alpine:3\n' }, 'compose.yaml');
    assert.ok(Array.isArray(findings));
  });
}

test('a large compose file (300 services) is checked', () => {
  let text = 'services:\n';
  for (let i = 0; i < 300; i++) text += `  s${i}:\n    image: postgres:16\n    profiles: ["p${i % 7}"]\n    ports: ["${10000 + i}:5432"]\n    depends_on: [s${(i + 1) % 300}]\n    environment:\n      DB_PASSWORD: \${PW_${i}}\n`;
  const findings = check({ 'compose.yaml': text }, 'compose.yaml');
  assert.ok(findings.some((f) => f.code === 'DW204'));
  assert.ok(findings.some((f) => f.code === 'DW210'));
});
