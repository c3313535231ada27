import assert from 'node:assert/strict';
import { test } from 'node:test';
import { check, fixAll } from '../helpers';

/** The DW107 findings of a file as `line severity message`. */
const dw107 = (files: Record<string, string>, path = 'Dockerfile') =>
  check(files, path)
    .filter((f) => f.code === 'DW107')
    .map((f) => `${f.range.start.line + 1} ${f.severity} ${f.message}`);

// awesome-compose's shape: compose runs `target: builder`; the last stage is a Docker Dev Environments stage.
const DEV_ENVS = 'FROM python:3.10-alpine AS builder\nWORKDIR /app\nCOPY . .\nCMD ["python3", "app.py"]\n\nFROM builder AS dev-envs\nRUN apk update && apk add git\nCMD ["python3", "app.py"]\n';

test('DW107 judges the stage compose runs (build.target), not the last stage', () => {
  const found = dw107({ 'app/Dockerfile': DEV_ENVS, 'compose.yaml': 'services:\n  web:\n    build:\n      context: app\n      target: builder\n' }, 'app/Dockerfile');
  assert.deepEqual(found, ['1 warning The stage "builder" that compose runs (its build target) has no USER instruction, so the container runs as root.']);
  // Without compose, `docker build` gives the last stage.
  assert.deepEqual(dw107({ Dockerfile: DEV_ENVS }), ['6 warning The final stage "dev-envs" has no USER instruction, so the container runs as root.']);
  // A service without target runs the final stage.
  assert.deepEqual(dw107({ 'app/Dockerfile': DEV_ENVS, 'compose.yaml': 'services:\n  web:\n    build: app\n' }, 'app/Dockerfile'), ['6 warning The final stage "dev-envs" has no USER instruction, so the container runs as root.']);
});

test('DW107 fix for a compose target stage goes into that stage', () => {
  const files = { 'app/Dockerfile': 'FROM python:3.10-alpine AS builder\nCOPY . .\n\nFROM builder AS dev-envs\nRUN apk add git\n', 'compose.yaml': 'services:\n  web:\n    build:\n      context: app\n      target: builder\n' };
  const fixed = fixAll(files, 'app/Dockerfile', 'DW107')['app/Dockerfile'];
  assert.equal(fixed, 'FROM python:3.10-alpine AS builder\nCOPY . .\n\nRUN addgroup -S -g 1001 app && adduser -S -u 1001 -G app app\nUSER app\n\nFROM builder AS dev-envs\nRUN apk add git\n');
  assert.deepEqual(dw107({ ...files, 'app/Dockerfile': fixed }, 'app/Dockerfile'), []);
});

test('DW107 official server images whose master drops its workers: nothing to report', () => {
  // nginxinc/docker-nginx mainline/debian: builds nginx itself; its master runs the workers as `nginx`.
  assert.deepEqual(dw107({ Dockerfile: 'FROM debian:bookworm-slim\nRUN groupadd --system --gid 101 nginx && apt-get update && apt-get install -y nginx\nCOPY docker-entrypoint.sh /\nENTRYPOINT ["/docker-entrypoint.sh"]\nEXPOSE 80\nSTOPSIGNAL SIGQUIT\nCMD ["nginx", "-g", "daemon off;"]\n' }), []);
  // docker-library httpd and php-fpm / php-apache.
  assert.deepEqual(dw107({ Dockerfile: 'FROM debian:trixie-slim\nRUN apt-get update\nCOPY httpd-foreground /usr/local/bin/\nEXPOSE 80\nCMD ["httpd-foreground"]\n' }), []);
  assert.deepEqual(dw107({ Dockerfile: 'FROM debian:bookworm-slim\nCOPY docker-php-ext-* docker-php-entrypoint /usr/local/bin/\nENTRYPOINT ["docker-php-entrypoint"]\nEXPOSE 9000\nCMD ["php-fpm"]\n' }), []);
  // nginx + dynamic modules only (alpine-otel, modules/Dockerfile): the official image plus modules.
  assert.deepEqual(dw107({ Dockerfile: 'FROM nginx:1.27.4-alpine\nRUN apk add --no-cache nginx-module-otel\n' }), []);
  // An app built on nginx keeps the advice.
  assert.match(dw107({ Dockerfile: 'FROM nginx:1.27-alpine\nCOPY site/ /usr/share/nginx/html/\n' })[0], /^1 info The final stage runs nginx as root/);
  // A non-server CMD on the same base is still a warning.
  assert.match(dw107({ Dockerfile: 'FROM debian:bookworm-slim\nCOPY app /app\nCMD ["/app"]\n' })[0], /^1 warning /);
});

test('DW107 images built FROM Elastic Beats / Elastic Agent run as their non-root user', () => {
  assert.deepEqual(dw107({ Dockerfile: 'ARG ELASTIC_VERSION\nFROM docker.elastic.co/beats/filebeat:${ELASTIC_VERSION:-9.5.1}\nCOPY config/filebeat.yml /usr/share/filebeat/filebeat.yml\n' }), []);
  assert.deepEqual(dw107({ Dockerfile: 'FROM docker.elastic.co/elastic-agent/elastic-agent:9.5.1\n' }), []);
  assert.match(dw107({ Dockerfile: 'FROM docker.elastic.co/beats/filebeat:9.5.1\nUSER root\n' })[0], /switches to root/);
});

test('DW107 an export-only scratch stage (docker build --output) runs no container', () => {
  assert.deepEqual(dw107({ Dockerfile: 'FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build\nRUN dotnet publish -o /out\nFROM scratch\nCOPY --link --from=build /out .\n' }), []);
  assert.equal(dw107({ Dockerfile: 'FROM scratch\nCOPY app /app\nENTRYPOINT ["/app"]\n' }).length, 1);
});

test('DW107 a JRE-style base image (wrapper ENTRYPOINT, no CMD: the OS shell CMD) is advice', () => {
  // adoptium/containers 21/jre/alpine: ENTRYPOINT ["/__cacert_entrypoint.sh"], no CMD, nothing but the entrypoint copied.
  const found = dw107({ Dockerfile: 'FROM alpine:3.21\nENV JAVA_HOME=/opt/java/openjdk\nRUN wget -O /tmp/jre.tgz https://example.org/jre.tgz\nCOPY --chmod=755 entrypoint.sh /__cacert_entrypoint.sh\nENTRYPOINT ["/__cacert_entrypoint.sh"]\n' });
  assert.match(found[0], /^1 info .*looks like a base image/);
  // The same wrapper in front of an app is an app image.
  assert.match(dw107({ Dockerfile: 'FROM alpine:3.21\nCOPY server /server\nCOPY entrypoint.sh /entrypoint.sh\nENTRYPOINT ["/entrypoint.sh"]\n' })[0], /^1 warning /);
});

test('DW107 Windows: generated official images are advice, IIS runs the app in its pool identity', () => {
  const header = '#\n# NOTE: THIS DOCKERFILE IS GENERATED VIA "apply-templates.sh"\n#\n# PLEASE DO NOT EDIT IT DIRECTLY.\n#\n\n';
  const mongo = 'FROM mcr.microsoft.com/windows/servercore:ltsc2022\nSHELL ["powershell", "-Command"]\nEXPOSE 27017\nCMD ["mongod", "--bind_ip_all"]\n';
  assert.match(dw107({ Dockerfile: header + mongo })[0], /^7 info .*ContainerAdministrator.*may stay administrator/);
  assert.match(dw107({ Dockerfile: mongo })[0], /^1 warning .*ContainerAdministrator/);
  assert.deepEqual(dw107({ Dockerfile: 'FROM mcr.microsoft.com/dotnet/framework/aspnet:4.8.1\nCOPY site/ /inetpub/wwwroot/\n' }), []);
  assert.deepEqual(dw107({ Dockerfile: 'FROM mcr.microsoft.com/dotnet/aspnet:10.0-windowsservercore-ltsc2022\nCOPY app/ /inetpub/wwwroot/\nENTRYPOINT ["C:\\\\ServiceMonitor.exe", "w3svc"]\n' }), []);
});

test('DW107 test, CI, dev-container and tool images: advice', () => {
  const text = 'FROM mcr.microsoft.com/playwright:v1.50.0-noble\nWORKDIR /app\nCOPY . .\nCMD ["npx", "playwright", "test"]\n';
  assert.match(dw107({ 'frontend/Dockerfile.playwright': text }, 'frontend/Dockerfile.playwright')[0], /^1 info .*test, CI, dev-container or tool image \(its name says playwright\)/);
  assert.match(dw107({ 'tests/e2e/Dockerfile': text }, 'tests/e2e/Dockerfile')[0], /^1 info .*\(it lives in tests\/\)/);
  assert.match(dw107({ '.ci/Dockerfile.cypress': text }, '.ci/Dockerfile.cypress')[0], /^1 info /);
  // A service's Dockerfile stays a warning (names that merely contain the words do not count).
  assert.match(dw107({ 'services/contest-api/Dockerfile': text }, 'services/contest-api/Dockerfile')[0], /^1 warning /);
});
