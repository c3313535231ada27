import assert from 'node:assert/strict';
import { test } from 'node:test';
import { check, codes, fixAll } from '../helpers';

const only = (text: string) => codes(check({ Dockerfile: text }, 'Dockerfile')).filter((c) => c === 'DW106');

const cases: { name: string; text: string; expected: number }[] = [
  { name: 'apk add without --no-cache', text: 'FROM alpine:3.20\nRUN apk add curl\n', expected: 1 },
  { name: 'apk add --no-cache', text: 'FROM alpine:3.20\nRUN apk add --no-cache curl\n', expected: 0 },
  { name: 'apk with cache mount', text: 'FROM alpine:3.20\nRUN --mount=type=cache,target=/var/cache/apk apk add curl\n', expected: 0 },
  { name: 'apt-get without both', text: 'FROM debian:12\nRUN apt-get update && apt-get install -y curl\n', expected: 2 },
  {
    name: 'apt-get done right',
    text: 'FROM debian:12\nRUN apt-get update \\\n    && apt-get install -y --no-install-recommends curl \\\n    && rm -rf /var/lib/apt/lists/*\n',
    expected: 0,
  },
  {
    name: 'apt-get with cache mounts',
    text: 'FROM debian:12\nRUN --mount=type=cache,target=/var/cache/apt,sharing=locked --mount=type=cache,target=/var/lib/apt,sharing=locked apt-get update && apt-get install -y --no-install-recommends curl\n',
    expected: 0,
  },
  { name: 'pip without --no-cache-dir', text: 'FROM python:3.12-slim\nRUN pip install -r requirements.txt\n', expected: 1 },
  { name: 'pip with flag', text: 'FROM python:3.12-slim\nRUN pip install --no-cache-dir -r requirements.txt\n', expected: 0 },
  { name: 'pip with cache mount', text: 'FROM python:3.12-slim\nRUN --mount=type=cache,target=/root/.cache/pip pip install -r requirements.txt\n', expected: 0 },
  { name: 'pip with PIP_NO_CACHE_DIR', text: 'FROM python:3.12-slim\nENV PIP_NO_CACHE_DIR=1\nRUN pip install flask\n', expected: 0 },
  { name: 'python -m pip', text: 'FROM python:3.12-slim\nRUN python -m pip install flask\n', expected: 1 },
  { name: 'set -eux prefix and continuation', text: 'FROM alpine:3.20\nRUN set -eux; \\\n    apk add \\\n      git\n', expected: 1 },
  { name: 'heredoc', text: 'FROM alpine:3.20\nRUN <<EOF\napk add git\nEOF\n', expected: 1 },
  { name: 'exec form', text: 'FROM alpine:3.20\nRUN ["apk", "add", "git"]\n', expected: 1 },
  { name: 'echo mentioning apk add', text: 'FROM alpine:3.20\nRUN echo "apk add git"\n', expected: 0 },
];

for (const c of cases) {
  test(`DW106 ${c.name}`, () => assert.equal(only(c.text).length, c.expected));
}

test('DW106 fixes: apply every fix, re-check, formatting kept', () => {
  const text = 'FROM debian:12\n# tools\nRUN apt-get update \\\n    && apt-get install -y curl\nRUN apk add git\nRUN pip install flask\n';
  const fixed = fixAll({ Dockerfile: text }, 'Dockerfile', 'DW106')['Dockerfile'];
  assert.equal(only(fixed).length, 0);
  assert.equal(
    fixed,
    'FROM debian:12\n# tools\nRUN apt-get update \\\n    && apt-get install --no-install-recommends -y curl \\\n    && rm -rf /var/lib/apt/lists/*\nRUN apk add --no-cache git\nRUN pip install --no-cache-dir flask\n',
  );
});

test('DW106 fix keeps CRLF line endings', () => {
  const text = 'FROM debian:12\r\nRUN apt-get install --no-install-recommends -y curl\r\n';
  const fixed = fixAll({ Dockerfile: text }, 'Dockerfile', 'DW106')['Dockerfile'];
  assert.equal(fixed, 'FROM debian:12\r\nRUN apt-get install --no-install-recommends -y curl \\\r\n    && rm -rf /var/lib/apt/lists/*\r\n');
});
