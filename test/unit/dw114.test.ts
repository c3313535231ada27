import assert from 'node:assert/strict';
import { test } from 'node:test';
import { check, fixAll } from '../helpers';

const dw114 = (files: Record<string, string>, path = 'Dockerfile') => check(files, path).filter((f) => f.code === 'DW114');

test('DW114 untagged image', () => assert.equal(dw114({ Dockerfile: 'FROM alpine\n' }).length, 1));
test('DW114 :latest', () => assert.equal(dw114({ Dockerfile: 'FROM node:latest\n' }).length, 1));
test('DW114 registry with port, no tag', () => assert.equal(dw114({ Dockerfile: 'FROM registry.local:5000/team/app\n' }).length, 1));
test('DW114 pinned', () => assert.equal(dw114({ Dockerfile: 'FROM alpine:3.20\n' }).length, 0));
test('DW114 digest', () => assert.equal(dw114({ Dockerfile: 'FROM alpine@sha256:' + 'a'.repeat(64) + '\n' }).length, 0));
test('DW114 scratch and stage references', () =>
  assert.equal(dw114({ Dockerfile: 'FROM golang:1.25 AS build\nFROM build AS test\nFROM scratch\n' }).length, 0));
test('DW114 ARG with pinned default', () => assert.equal(dw114({ Dockerfile: 'ARG BASE=alpine:3.20\nFROM ${BASE}\n' }).length, 0));
test('DW114 ARG defaulting to untagged', () => assert.equal(dw114({ Dockerfile: 'ARG BASE=alpine\nFROM ${BASE}\n' }).length, 1));

test('DW114 offers the tag used elsewhere and the fix pins it', () => {
  const files = { 'api/Dockerfile': 'FROM alpine:3.22\n', 'web/Dockerfile': 'FROM alpine AS run\nFROM node:latest\n', 'tools/Dockerfile': 'FROM node:22-alpine\n' };
  const findings = dw114(files, 'web/Dockerfile');
  assert.equal(findings.length, 2);
  assert.deepEqual(findings[0].fixes.map((f) => f.title), ['Pin alpine to :3.22 (used elsewhere in the workspace)']);
  const fixed = fixAll(files, 'web/Dockerfile', 'DW114')['web/Dockerfile'];
  assert.equal(fixed, 'FROM alpine:3.22 AS run\nFROM node:22-alpine\n');
  assert.equal(dw114({ ...files, 'web/Dockerfile': fixed }, 'web/Dockerfile').length, 0);
});

test('DW114 without a known tag offers no fix', () => {
  assert.deepEqual(dw114({ Dockerfile: 'FROM ubuntu\n' })[0].fixes, []);
});
