import assert from 'node:assert/strict';
import { test } from 'node:test';
import { check, codes, fixAll } from '../helpers';

const has = (text: string) => codes(check({ Dockerfile: text }, 'Dockerfile')).includes('DW107');

test('DW107 no USER in final stage', () => assert.ok(has('FROM alpine:3.20\nCMD ["sh"]\n')));
test('DW107 USER root', () => assert.ok(has('FROM alpine:3.20\nUSER root\nCMD ["sh"]\n')));
test('DW107 USER 0:0', () => assert.ok(has('FROM alpine:3.20\nUSER 0:0\n')));
test('DW107 non-root user', () => assert.ok(!has('FROM alpine:3.20\nUSER app\nCMD ["sh"]\n')));
test('DW107 USER in builder only', () => assert.ok(has('FROM alpine:3.20 AS b\nUSER app\nFROM alpine:3.20\nCMD ["sh"]\n')));
test('DW107 USER inherited from parent stage', () => assert.ok(!has('FROM alpine:3.20 AS base\nUSER app\nFROM base\nCMD ["sh"]\n')));
test('DW107 distroless nonroot tag', () => assert.ok(!has('FROM gcr.io/distroless/static:nonroot\nCMD ["/app"]\n')));

const fixCases: { name: string; text: string; expected: string }[] = [
  {
    name: 'alpine, before CMD',
    text: 'FROM alpine:3.20\nWORKDIR /app\nCMD ["./app"]\n',
    expected: 'FROM alpine:3.20\nWORKDIR /app\nRUN addgroup -S -g 1001 app && adduser -S -u 1001 -G app app\nUSER app\nCMD ["./app"]\n',
  },
  {
    name: 'debian, at end without trailing newline',
    text: 'FROM debian:12-slim\nCOPY app /app',
    expected: 'FROM debian:12-slim\nCOPY app /app\nRUN groupadd --system --gid 1001 app && useradd --system --uid 1001 --gid app --no-create-home app\nUSER app\n',
  },
  {
    name: 'replaces USER root',
    text: 'FROM alpine:3.20\nUSER root\nCMD ["sh"]\n',
    expected: 'FROM alpine:3.20\nRUN addgroup -S -g 1001 app && adduser -S -u 1001 -G app app\nUSER app\nCMD ["sh"]\n',
  },
  { name: 'scratch gets a numeric user', text: 'FROM scratch\nCOPY app /app\nENTRYPOINT ["/app"]\n', expected: 'FROM scratch\nCOPY app /app\nUSER 1001:1001\nENTRYPOINT ["/app"]\n' },
  { name: 'distroless', text: 'FROM gcr.io/distroless/static-debian12\nCMD ["/app"]\n', expected: 'FROM gcr.io/distroless/static-debian12\nUSER nonroot:nonroot\nCMD ["/app"]\n' },
];

for (const c of fixCases) {
  test(`DW107 fix: ${c.name}`, () => {
    const fixed = fixAll({ Dockerfile: c.text }, 'Dockerfile', 'DW107')['Dockerfile'];
    assert.equal(fixed, c.expected);
    assert.ok(!has(fixed));
  });
}
