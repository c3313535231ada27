// Builds the ecosystem corpus: for every repository in test/ecosystem/repos.json, the files Dockwright's analysis
// reads, taken at the pinned commit from a local bare mirror, under OUT/<owner>__<name>/ with their original paths,
// plus the repository's licence text and OUT/PROVENANCE.json (repository, commit, licence, every path taken and how).
//
//   node test/ecosystem/collect.mjs [--mirrors DIR] [--out DIR] [--pin]
//
// --mirrors: folder of <owner>+<name>/repo bare clones (default /work/.mirror, what the `fetch` tool writes).
// --out:     where the corpus goes (default test/ecosystem/corpus, which git ignores: see docs/ecosystem.md).
// --pin:     write each mirror's HEAD commit into repos.json instead of failing when a pinned commit is missing.
//
// What is taken (see docs/ecosystem.md): Dockerfiles/Containerfiles, compose files (by name, or any YAML file outside
// .github whose top level has `services:`), .env files, .dockerignore files, manifests, Makefiles and *.mk, CI
// workflows, shell scripts that run docker, and, for repositories marked `goSources`, the Go files the split reads
// (main packages whole; other packages cut after their imports, which is all the cgo walk reads). Lock files whose
// content no rule reads (only their existence) are written empty; this is recorded per file as "placeholder".
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : dflt;
};
const mirrors = opt('mirrors', '/work/.mirror');
const out = opt('out', join(here, 'corpus'));
const pin = args.includes('--pin');
const manifestPath = join(here, 'repos.json');
const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));

const MAX_FILE = 256 * 1024;
const SKIP_DIR = /(^|\/)(node_modules|vendor|\.git|dist|target|testdata|__snapshots__|fixtures?)\//;

const DOCKERFILE = /(^|\/)(Dockerfile|Containerfile)(\.[^/]+)?$|\.(Dockerfile|Containerfile|dockerfile)$/;
const COMPOSE_NAME = /(^|\/)(docker-)?compose([.-][^/]*)?\.ya?ml$/i;
const YAML = /\.ya?ml$/i;
const ENV = /(^|\/)(\.env(\.[\w.-]+)?|[\w.-]+\.env)$/;
const DOCKERIGNORE = /(^|\/)([\w.-]*\.)?dockerignore$/;
const MANIFEST = /(^|\/)(go\.mod|Cargo\.toml|package\.json|pyproject\.toml|requirements[\w.-]*\.txt|[\w.-]+\.csproj|[\w.-]+\.fsproj|[\w.-]+\.sln|Directory\.Build\.props|global\.json|pom\.xml|build\.gradle(\.kts)?|settings\.gradle(\.kts)?|composer\.json|Gemfile|setup\.cfg|Pipfile|nuget\.config|NuGet\.Config|rust-toolchain(\.toml)?)$/;
const LOCK = /(^|\/)(go\.sum|package-lock\.json|npm-shrinkwrap\.json|yarn\.lock|pnpm-lock\.yaml|composer\.lock|Gemfile\.lock|poetry\.lock|uv\.lock|Pipfile\.lock)$/;
const CARGO_LOCK = /(^|\/)Cargo\.lock$/;
const MAKE = /(^|\/)(Makefile|GNUmakefile|[\w.-]+\.mk|Justfile|justfile|Taskfile\.ya?ml)$/;
const WORKFLOW = /^\.github\/workflows\/[^/]+\.ya?ml$/;
const SCRIPT = /(^|\/)([\w.-]+\.(sh|bash|ps1)|scripts\/[\w.-]+)$/;
const RUST_BIN = /(^|\/)src\/(main\.rs|bin\/[\w-]+\.rs)$/;

const git = (dir, ...a) => execFileSync('git', ['-C', dir, ...a], { encoding: 'buffer', maxBuffer: 256 << 20 });

/** A Go file cut after its package clause, build constraints, cgo preamble and imports. */
function goHeader(text) {
  const lines = text.split('\n');
  const end = lines.findIndex((l) => /^(func|type|var|const)\b/.test(l));
  return (end < 0 ? lines : lines.slice(0, end)).join('\n').replace(/\s*$/, '\n');
}

function classify(path, text, spec) {
  if (DOCKERFILE.test(path) && !/\.(md|txt|ya?ml|json|template|tmpl|j2|go|rs|sh|py|ts|js)$/i.test(path)) return 'dockerfile';
  if (COMPOSE_NAME.test(path)) return 'compose';
  if (WORKFLOW.test(path)) return 'workflow';
  if (YAML.test(path) && !path.startsWith('.github/') && /^services:\s*(#.*)?$/m.test(text)) return 'compose';
  if (ENV.test(path)) return 'env';
  if (DOCKERIGNORE.test(path)) return 'dockerignore';
  if (MANIFEST.test(path)) return 'manifest';
  if (LOCK.test(path)) return 'placeholder';
  if (CARGO_LOCK.test(path)) return 'manifest';
  if (MAKE.test(path)) return 'make';
  if (SCRIPT.test(path) && /\bdocker(-compose|\s+(compose|build|buildx|run))\b|\bpodman\b/.test(text)) return 'script';
  if (spec.goSources && path.endsWith('.go') && !path.endsWith('_test.go')) return 'go';
  if (RUST_BIN.test(path)) return 'placeholder';
  return undefined;
}

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const provenance = [];
let totalBytes = 0;
let changedManifest = false;
for (const spec of manifest.repos) {
  const dir = join(mirrors, spec.repo.replace('/', '+'), 'repo');
  const head = git(dir, 'rev-parse', 'HEAD').toString().trim();
  let commit = spec.commit;
  if (!/^[0-9a-f]{40}$/.test(commit) || !(() => { try { git(dir, 'cat-file', '-e', `${commit}^{commit}`); return true; } catch { return false; } })()) {
    if (!pin) throw new Error(`${spec.repo}: pinned commit ${commit} is not in ${dir} (run with --pin to take HEAD ${head})`);
    commit = spec.commit = head;
    changedManifest = true;
  }
  const target = join(out, spec.repo.replace('/', '__'));
  const only = (spec.only ?? []).map((p) => new RegExp(p));
  const exclude = (spec.exclude ?? []).map((p) => new RegExp(p));
  const listing = git(dir, 'ls-tree', '-r', '-l', commit).toString().split('\n').filter(Boolean);
  const files = [];
  let repoBytes = 0;
  for (const licence of spec.licenceFiles) {
    const text = git(dir, 'show', `${commit}:${licence}`);
    mkdirSync(dirname(join(target, licence)), { recursive: true });
    writeFileSync(join(target, licence), text);
  }
  for (const row of listing) {
    const m = /^(\d+) (\w+) ([0-9a-f]+)\s+(-|\d+)\t(.*)$/.exec(row);
    if (!m || m[2] !== 'blob' || m[1] === '120000' || m[1] === '160000') continue;
    const [, , , sha, size, path] = m;
    if (SKIP_DIR.test(path) && !spec.keepFixtures) continue;
    if (only.length && !only.some((re) => re.test(path)) && !/^(\.github\/workflows\/|[^/]+$)/.test(path)) continue;
    if (exclude.some((re) => re.test(path))) continue;
    if (Number(size) > MAX_FILE && !CARGO_LOCK.test(path)) continue;
    if (Number(size) > 4 * MAX_FILE) continue;
    const cheap = DOCKERFILE.test(path) || YAML.test(path) || ENV.test(path) || DOCKERIGNORE.test(path) || MANIFEST.test(path) || LOCK.test(path) || CARGO_LOCK.test(path) || MAKE.test(path) || SCRIPT.test(path) || RUST_BIN.test(path) || (spec.goSources && path.endsWith('.go'));
    if (!cheap) continue;
    const raw = git(dir, 'cat-file', 'blob', sha);
    if (raw.includes(0)) continue;
    let text = raw.toString('utf8');
    const kind = classify(path, text, spec);
    if (!kind) continue;
    let how = 'copied';
    if (kind === 'placeholder') {
      text = '';
      how = 'placeholder';
    } else if (kind === 'go' && !/^package main\b/m.test(text)) {
      text = goHeader(text);
      how = 'go-header';
    }
    mkdirSync(dirname(join(target, path)), { recursive: true });
    writeFileSync(join(target, path), text);
    repoBytes += Buffer.byteLength(text);
    files.push(how === 'copied' ? path : { path, how });
  }
  totalBytes += repoBytes;
  provenance.push({ repo: spec.repo, url: `https://github.com/${spec.repo}`, commit, licence: spec.licence, licenceFiles: spec.licenceFiles, bytes: repoBytes, files });
  console.log(`${spec.repo.padEnd(48)} ${commit.slice(0, 12)} ${String(files.length).padStart(5)} files ${(repoBytes / 1024).toFixed(0).padStart(6)} KiB`);
}
writeFileSync(join(out, 'PROVENANCE.json'), JSON.stringify(provenance, null, 1) + '\n');
if (changedManifest) writeFileSync(manifestPath, JSON.stringify(manifest, null, 2) + '\n');
console.log(`${provenance.length} repositories, ${(totalBytes / 1024 / 1024).toFixed(2)} MiB in ${out}`);
