// Really builds and runs what `dockwright split --write` makes of examples/go-debian-webp (an apt-based Go
// monolith: `api` links libwebp through its own `import "C"` binding, `sweeper` is pure Go), in both layouts
// (`files`: one Dockerfile per program; `targets`: one Dockerfile, one `--target` per program), and the original.
// Started by test/engine/run.sh. No registry is reachable: the bases the Dockerfiles name (golang:1.23-bookworm,
// debian:bookworm-slim) are LOCAL STAND-INS assembled from Debian packages by test/engine/standins.sh
// (debootstrap + docker import; Go from Debian's golang-1.23-go), labelled org.dockwright.standin=true.
// Builds use the engine's default network (RUN apt-get reaches the Debian mirror through the bridge) and never --pull.
// DW_SPLIT_BUILD_ROUTES (default "modern") says on which engine routes this file runs.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse as parseYaml } from 'yaml';
import { DEFAULT_SETTINGS, Engine } from '../../client/src/engine/engine';
import { build, imageSize } from '../../client/src/engine/operations';
import { main as cli } from '../../server/src/cli/cli';

const route = process.env.DW_ENGINE_ROUTE;
const docker = process.env.DW_DOCKER;
if (!route || !docker || !process.env.DOCKER_HOST) {
  throw new Error('engine tests need DW_ENGINE_ROUTE, DW_DOCKER and DOCKER_HOST: run them with `npm run test:engine`');
}
const ROOT = path.resolve(__dirname, '../..');
const EXAMPLE = path.join(ROOT, 'examples/go-debian-webp');
const routes = (process.env.DW_SPLIT_BUILD_ROUTES ?? 'modern').split(/[\s,]+/).filter(Boolean);
const MINUTE = 60_000;
const suffix = `${route}-${process.pid}`;
const tagOf = (name: string) => `dw-split-build/${name}:${suffix}`;
const MB = (bytes: number | undefined) => (bytes === undefined ? '?' : `${(bytes / 1e6).toFixed(1)} MB`);

interface Cmd {
  code: number | null;
  out: string;
}

function sh(command: string, args: string[], timeoutMs: number): Promise<Cmd> {
  return new Promise((resolve) => {
    execFile(command, args, { env: process.env, timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024, killSignal: 'SIGKILL' }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? ((err as { code: number }).code) : null) : 0;
      resolve({ code, out: `${stdout}${stderr}` });
    });
  });
}

type Layout = 'files' | 'targets';
const PROGRAMS = ['api', 'sweeper'];

/** What `split --layout X --write` must leave, and how each program's image is built from it. */
const LAYOUTS: Record<Layout, { outputs: string[]; build(program: string): { dockerfile: string; target?: string }; compose(program: string): unknown }> = {
  files: {
    outputs: PROGRAMS.map((p) => `Dockerfile.${p}`),
    build: (p) => ({ dockerfile: `Dockerfile.${p}` }),
    compose: (p) => ({ context: '.', dockerfile: `Dockerfile.${p}` }),
  },
  targets: {
    outputs: ['Dockerfile'],
    build: (p) => ({ dockerfile: 'Dockerfile', target: p }),
    compose: (p) => ({ context: '.', target: p }),
  },
};

function dockwright(args: string[], cwd: string): { code: number; stdout: string; stderr: string } {
  let stdout = '';
  let stderr = '';
  const code = cli(args, { cwd, stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t) });
  return { code, stdout, stderr };
}

describe(`split output really builds and runs (${route})`, { timeout: 90 * MINUTE, skip: routes.includes(route) ? false : `route ${route} not in DW_SPLIT_BUILD_ROUTES=${routes.join(',')}` }, () => {
  // The legacy route's docker 20.10 needs BuildKit switched on for the `RUN --mount=type=cache` lines.
  const engine = new Engine({ ...DEFAULT_SETTINGS, dockerPath: docker }, { ...process.env, DOCKER_BUILDKIT: '1' });
  const d = (args: string[], timeoutMs = MINUTE) => sh(docker, args, timeoutMs);
  let tmp: string;
  let mono: string; // untouched copy: the original monolith
  const images: string[] = [];
  const containers: string[] = [];
  const sizes: Record<string, number | undefined> = {};

  async function buildImage(dir: string, dockerfile: string, name: string, stage?: string): Promise<string> {
    const tag = tagOf(name);
    images.push(tag);
    const outcome = await build(engine, { kind: 'dockerfile', dockerfile: path.join(dir, dockerfile), context: dir, tag, target: stage }, { timeoutMs: 12 * MINUTE });
    assert.equal(outcome.ok, true, `${dockerfile}${stage ? ` --target ${stage}` : ''}: ${outcome.summary}\n${outcome.result.output.slice(-4000)}`);
    sizes[name] = await imageSize(engine, tag);
    return tag;
  }

  async function inImage(tag: string, script: string): Promise<Cmd> {
    return d(['run', '--rm', '--network', 'none', '--entrypoint', 'sh', tag, '-c', script]);
  }

  before(async () => {
    const prep = await sh('bash', [path.join(__dirname, 'standins.sh')], 20 * MINUTE);
    assert.equal(prep.code, 0, `stand-in base images could not be made:\n${prep.out.slice(-4000)}`);
    tmp = mkdtempSync(path.join(tmpdir(), 'dw-split-build-'));
    mono = path.join(tmp, 'mono');
    cpSync(EXAMPLE, mono, { recursive: true });
  }, { timeout: 21 * MINUTE });

  after(async () => {
    for (const c of containers) await d(['rm', '-f', c]);
    if (images.length) await d(['rmi', '-f', ...images]);
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  }, { timeout: 2 * MINUTE });

  it('the stand-in bases are what the Dockerfiles name, built locally and labelled', { timeout: MINUTE }, async () => {
    for (const image of ['golang:1.23-bookworm', 'debian:bookworm-slim']) {
      const r = await d(['image', 'inspect', '-f', '{{index .Config.Labels "org.dockwright.standin"}}', image]);
      assert.equal(r.code, 0, r.out);
      // A real image of that name (a machine with registry access) is used as it is; here it must be the stand-in.
      if (r.out.trim() !== 'true') console.error(`# ${image} is a real image, not a stand-in`);
    }
    const go = await d(['run', '--rm', '--network', 'none', 'golang:1.23-bookworm', 'go', 'version']);
    assert.match(go.out, /go version go1\.23\.\d+ linux\//);
  });

  it('the original monolith builds and both programs run from it', { timeout: 13 * MINUTE }, async () => {
    const tag = await buildImage(mono, 'Dockerfile', 'monolith');
    const api = await d(['run', '--rm', '--network', 'none', tag, 'api', '-selftest']);
    assert.match(api.out, /api selftest: libwebp 1\.\d+\.\d+, \d+-byte webp \(RIFF=true\)/, api.out);
    const sweeper = await d(['run', '--rm', '--network', 'none', tag, 'sweeper', '-once']);
    assert.match(sweeper.out, /sweeper: removed 0 thumbnails/, sweeper.out);
    const libs = await inImage(tag, 'ldconfig -p | grep -c "libwebp\\.so"');
    assert.notEqual(libs.out.trim(), '0', `the monolith carries libwebp for both programs: ${libs.out}`);
  });

  for (const layout of ['files', 'targets'] as const) {
    const spec = LAYOUTS[layout];
    const image = (program: string) => `${layout}-${program}`;
    describe(`--layout ${layout}`, () => {
      let split: string; // fresh copy that `dockwright split --layout X --write` rewrites

      it(`dockwright split --layout ${layout} --write rewrites the copy and rewires compose`, { timeout: MINUTE }, () => {
        split = path.join(tmp, `split-${layout}`);
        cpSync(EXAMPLE, split, { recursive: true });
        const r = dockwright(['split', 'Dockerfile', '--root', split, '--layout', layout, '--write'], split);
        assert.equal(r.code, 0, r.stdout + r.stderr);
        assert.deepEqual(readdirSync(split).filter((f) => /^Dockerfile/.test(f)).sort(), spec.outputs);
        if (layout === 'targets') {
          const stages = [...readFileSync(path.join(split, 'Dockerfile'), 'utf8').matchAll(/^FROM\s.*\sAS\s+(\S+)\s*$/gim)].map((m) => m[1]);
          for (const p of PROGRAMS) assert.ok(stages.includes(p), `no stage ${p}: ${stages.join(', ')}`);
        }
        const compose = parseYaml(readFileSync(path.join(split, 'compose.yaml'), 'utf8'));
        for (const p of PROGRAMS) assert.deepEqual(compose.services[p].build, spec.compose(p));
      });

      it('dockwright check on the result: no warning or error, and no finding code the original did not have', { timeout: MINUTE }, () => {
        const findings = (dir: string) => JSON.parse(dockwright(['check', dir, '--format', 'json'], dir).stdout) as { file: string; code: string; severity: string }[];
        const before = findings(mono).filter((f) => f.file === 'Dockerfile');
        const afterSplit = findings(split);
        assert.deepEqual(afterSplit.filter((f) => f.severity === 'error' || f.severity === 'warning'), []);
        const known = new Set(before.map((f) => f.code));
        for (const file of spec.outputs) {
          const codes = afterSplit.filter((f) => f.file === file).map((f) => f.code);
          assert.deepEqual(codes.filter((c) => !known.has(c)), [], `${file}: new finding codes`);
          assert.ok(!codes.includes('DW101'), `${file} is still a monolith`);
        }
      });

      it(`every program's image builds with the real engine (${layout})`, { timeout: 25 * MINUTE }, async () => {
        assert.ok(split && existsSync(path.join(split, spec.outputs[0])), 'split ran first');
        for (const p of PROGRAMS) {
          const { dockerfile, target } = spec.build(p);
          await buildImage(split, dockerfile, image(p), target);
        }
      });

      it('api image: cgo binary linked against libwebp.so.7, encodes WebP, serves /thumb on a loopback port', { timeout: 3 * MINUTE }, async () => {
        const tag = tagOf(image('api'));
        const ldd = await inImage(tag, 'ldd /usr/local/bin/api; test ! -e /usr/local/bin/sweeper && echo no-sweeper');
        assert.match(ldd.out, /libwebp\.so\.7 => \S+libwebp\.so\.7/, ldd.out);
        assert.match(ldd.out, /no-sweeper/, 'the api image holds only the api');
        const selftest = await d(['run', '--rm', '--network', 'none', tag, 'api', '-selftest']);
        assert.match(selftest.out, /api selftest: libwebp 1\.\d+\.\d+, \d+-byte webp \(RIFF=true\)/, selftest.out);

        // The image as compose runs it: CMD ["api"], non-root, port 8080 published on loopback only.
        const name = `dw-split-build-${image('api')}-${suffix}`;
        containers.push(name);
        const run = await d(['run', '-d', '--name', name, '-p', '127.0.0.1::8080', tag]);
        assert.equal(run.code, 0, run.out);
        const port = (await d(['port', name, '8080/tcp'])).out.match(/127\.0\.0\.1:(\d+)/)?.[1];
        assert.ok(port, 'published port');
        let body: Buffer | undefined;
        let lastError = '';
        for (let i = 0; i < 40 && !body; i++) {
          try {
            const res = await fetch(`http://127.0.0.1:${port}/thumb?w=40&h=30&name=probe`, { signal: AbortSignal.timeout(2000) });
            if (res.status === 200) body = Buffer.from(await res.arrayBuffer());
            else lastError = `HTTP ${res.status}`;
          } catch (e) {
            lastError = String(e);
          }
          if (!body) await new Promise((r) => setTimeout(r, 250));
        }
        assert.ok(body, `no thumbnail from the api container: ${lastError}\n${(await d(['logs', name])).out}`);
        assert.equal(body.subarray(0, 4).toString('latin1'), 'RIFF');
        assert.equal(body.subarray(8, 12).toString('latin1'), 'WEBP');
        const stored = await d(['exec', name, 'sh', '-c', 'id -un; ls /var/cache/thumbs']);
        assert.match(stored.out, /^thumbs\nprobe\.webp$/m, stored.out);
      });

      it('sweeper image: static pure-Go binary, no libwebp anywhere in the image, runs', { timeout: 2 * MINUTE }, async () => {
        const tag = tagOf(image('sweeper'));
        const r = await inImage(tag, 'ldd /usr/local/bin/sweeper 2>&1; echo "webp files: $(find / -xdev -name "*webp*" 2>/dev/null | wc -l)"; ldconfig -p | grep -c webp; dpkg-query -W -f "\\${Package}\\n" | grep -c webp; test ! -e /usr/local/bin/api && echo no-api');
        assert.match(r.out, /not a dynamic executable/, r.out);
        assert.match(r.out, /webp files: 0\n0\n0\n/, `libwebp must not be in the sweeper image:\n${r.out}`);
        assert.match(r.out, /no-api/);
        const sweep = await d(['run', '--rm', '--network', 'none', '-e', 'MAX_AGE=1s', tag, 'sweeper', '-once']);
        assert.match(sweep.out, /sweeper: removed 0 thumbnails older than 1s from \/var\/cache\/thumbs/, sweep.out);
      });

      it('image sizes: every per-service image is smaller than the monolith', { timeout: MINUTE }, () => {
        const [api, sweeper] = PROGRAMS.map((p) => sizes[image(p)]);
        const line = `image sizes (${route}, ${layout}): monolith ${MB(sizes.monolith)}, api ${MB(api)}, sweeper ${MB(sweeper)}`;
        console.error(`# ${line}`);
        for (const [name, size] of [['monolith', sizes.monolith], ['api', api], ['sweeper', sweeper]] as const) assert.ok(size !== undefined, `${name} size: ${line}`);
        assert.ok(api! < sizes.monolith!, line);
        assert.ok(sweeper! < api!, line);
      });
    });
  }
});
