import assert from 'node:assert/strict';
import { test } from 'node:test';
import { check } from '../helpers';

/** The DW117 findings of a Dockerfile as `severity` strings. */
const dw117 = (text: string) => check({ Dockerfile: text }, 'Dockerfile').filter((f) => f.code === 'DW117').map((f) => f.severity);

// BusyBox sh (alpine) and bash (the Red Hat family's /bin/sh) exec the last simple command of `sh -c`, so the program
// is PID 1 and gets SIGTERM: advice. Debian/Ubuntu's dash forks and stays PID 1 (checked with dash 0.5.12-2): warning.
test('DW117 lone command on alpine (BusyBox sh execs it): info', () => {
  // payloadcms templates: `CMD HOSTNAME="0.0.0.0" node server.js` on node:22-alpine.
  assert.deepEqual(dw117('FROM node:22.17.0-alpine AS base\nFROM base AS runner\nCMD HOSTNAME="0.0.0.0" node server.js\n'), ['info']);
  assert.deepEqual(dw117('FROM alpine:3.22\nCMD     /bin/meilisearch\n'), ['info']);
  assert.deepEqual(dw117('FROM alpine:3.22\nCMD cd /app && ./server >/var/log/server.log 2>&1\n'), ['info']);
});

test('DW117 lone command on the Red Hat family (bash execs it): info, unless redirected', () => {
  assert.deepEqual(dw117('FROM centos:7\nCMD sqlservr\n'), ['info']);
  assert.deepEqual(dw117('FROM redhat/ubi9\nCMD /bin/bash\n'), ['info']);
  assert.deepEqual(dw117('FROM registry.access.redhat.com/rhel7:latest\nCMD /opt/mssql/bin/sqlservr\n'), ['info']);
  assert.deepEqual(dw117('FROM centos:7\nCMD sqlservr >/tmp/log\n'), ['warning']);
});

test('DW117 shell kept as PID 1: warning', () => {
  // Debian/Ubuntu: dash forks even a lone command (sparkjava's `CMD java -jar /app.jar` on eclipse-temurin:17-jre-focal).
  assert.deepEqual(dw117('FROM eclipse-temurin:17-jre-focal\nCMD java -jar /app.jar\n'), ['warning']);
  assert.deepEqual(dw117('FROM ubuntu:16.04\nCMD /bin/bash ./entrypoint.sh\n'), ['warning']);
  // A pipe, `;`, `||` or a background job keeps the shell on alpine too.
  assert.deepEqual(dw117('FROM alpine:3.22\nCMD ./server | tee /log\n'), ['warning']);
  assert.deepEqual(dw117('FROM alpine:3.22\nCMD ./migrate; ./server\n'), ['warning']);
  assert.deepEqual(dw117('FROM alpine:3.22\nCMD ./server || true\n'), ['warning']);
  assert.deepEqual(dw117('FROM alpine:3.22\nCMD (./server)\n'), ['warning']);
  // Unknown base: its shell is unknown.
  assert.deepEqual(dw117('FROM myorg/base:1\nCMD ./server\n'), ['warning']);
});

test('DW117 info keeps the JSON-form fix', () => {
  const [f] = check({ Dockerfile: 'FROM alpine:3.22\nCMD ./server --port 8080\n' }, 'Dockerfile').filter((x) => x.code === 'DW117');
  assert.match(f.message, /BusyBox sh/);
  assert.equal(f.fixes?.[0]?.edits[0].edits[0].newText, '["./server", "--port", "8080"]');
});
