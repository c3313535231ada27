// Rebuilds bench/corpus/{dockerfiles,compose,licenses} and the provenance table in README.md
// from local git snapshots of the source repositories (one-off tool, kept for provenance;
// the bench itself never touches the network). Usage: node bench/corpus/collect.mjs MIRROR_DIR
// where MIRROR_DIR holds <owner>+<name>/repo bare clones.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const mirrors = process.argv[2] ?? '/work/.mirror';

/** include: regexes on the repository path; every match is taken unless its text was already taken. */
const SOURCES = [
  { repo: 'docker/awesome-compose', licence: 'CC0-1.0', include: [/(^|\/)Dockerfile$/, /(^|\/)compose\.ya?ml$/] },
  { repo: 'docker-library/python', licence: 'MIT', include: [/^3\.14\/[^/]+(\/[^/]+)?\/Dockerfile$/] },
  { repo: 'docker-library/postgres', licence: 'MIT', include: [/^18\/[^/]+\/Dockerfile$/] },
  { repo: 'nodejs/docker-node', licence: 'MIT', include: [/^24\/[^/]+\/Dockerfile$/] },
  { repo: 'docker-library/php', licence: 'MIT', include: [/^8\.4\/(alpine3\.24|trixie)\/[^/]+\/Dockerfile$/] },
  { repo: 'docker-library/golang', licence: 'BSD-3-Clause', include: [/^1\.26\/[^/]+(\/[^/]+)?\/Dockerfile$/] },
  { repo: 'nginxinc/docker-nginx', licence: 'BSD-2-Clause', include: [/^mainline\/[^/]+\/Dockerfile$/, /^modules\/Dockerfile(\.alpine)?$/] },
  { repo: 'moby/buildkit', licence: 'Apache-2.0', include: [/^Dockerfile$/, /^examples\/[^/]+\/Dockerfile$/, /^frontend\/dockerfile\/cmd\/[^/]+\/Dockerfile$/, /^frontend\/dockerfile\/parser\/testfiles(-negative)?\/[^/]+\/Dockerfile$/, /^frontend\/dockerfile\/parser\/testfile-line\/Dockerfile$/] },
  { repo: 'docker/compose', licence: 'Apache-2.0', include: [/^Dockerfile$/, /^pkg\/e2e\/fixtures\/.*(Dockerfile|\.dockerfile)$/, /^pkg\/e2e\/fixtures\/.*(^|\/)(docker-)?compose[^/]*\.ya?ml$/, /^pkg\/compose\/testdata\/.*compose\.ya?ml$/] },
  { repo: 'deviantony/docker-elk', licence: 'MIT', include: [/(^|\/)Dockerfile$/, /(^|\/)(docker-compose|[a-z-]+-compose)\.ya?ml$/] },
  { repo: 'temporalio/docker-compose', licence: 'MIT', include: [/(^|\/)Dockerfile(\.[a-z-]+)?$/, /^docker-compose[^/]*\.ya?ml$/] },
  { repo: 'dockersamples/example-voting-app', licence: 'Apache-2.0', include: [/(^|\/)Dockerfile$/, /(^|\/)docker-compose[^/]*\.ya?ml$/] },
];

const git = (repoDir, ...args) => execFileSync('git', ['-C', repoDir, ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });

function kindOf(path) {
  const name = path.split('/').pop();
  if (/compose[^/]*\.ya?ml$/i.test(name)) return 'compose';
  if (/^Dockerfile(\.[\w.-]+)?$|\.dockerfile$/i.test(name)) return 'dockerfile';
  return undefined;
}

/** A flat, collision-free name that Dockwright's fileKind() still recognises. */
function targetName(repo, path, kind) {
  const flat = `${repo.replace('/', '__')}__${path.replace(/\//g, '__')}`;
  if (kind === 'dockerfile') return flat.replace(/__Dockerfile$/, '') + '.Dockerfile';
  return 'compose.' + flat.replace(/\.ya?ml$/, '') + '.yaml';
}

for (const sub of ['dockerfiles', 'compose', 'licenses']) {
  rmSync(join(here, sub), { recursive: true, force: true });
  mkdirSync(join(here, sub), { recursive: true });
}
const seen = new Set();
const rows = [];
for (const source of SOURCES) {
  const repoDir = join(mirrors, source.repo.replace('/', '+'), 'repo');
  const commit = git(repoDir, 'rev-parse', 'HEAD').trim();
  const paths = git(repoDir, 'ls-tree', '-r', '--name-only', 'HEAD').split('\n').filter(Boolean);
  writeFileSync(join(here, 'licenses', `${source.repo.replace('/', '__')}.LICENSE`), git(repoDir, 'show', `HEAD:LICENSE`));
  for (const path of paths) {
    if (!source.include.some((re) => re.test(path))) continue;
    const kind = kindOf(path);
    if (!kind) continue;
    const text = git(repoDir, 'show', `HEAD:${path}`);
    const hash = createHash('sha256').update(text).digest('hex');
    if (seen.has(hash)) continue;
    seen.add(hash);
    const name = targetName(source.repo, path, kind);
    writeFileSync(join(here, kind === 'dockerfile' ? 'dockerfiles' : 'compose', name), text);
    rows.push({ kind, name, repo: source.repo, path, commit, licence: source.licence, lines: text.split('\n').length - (text.endsWith('\n') ? 1 : 0) });
  }
}

const count = (k) => rows.filter((r) => r.kind === k).length;
const table = rows
  .map((r) => `| ${r.kind === 'dockerfile' ? 'dockerfiles' : 'compose'}/${r.name} | [${r.repo}](https://github.com/${r.repo}) | \`${r.path}\` | \`${r.commit.slice(0, 12)}\` | ${r.licence} | ${r.lines} |`)
  .join('\n');
writeFileSync(
  join(here, 'README.md'),
  `# Benchmark corpus

Real public Dockerfiles and compose files, copied unchanged from the repositories below
(only repositories under licences that allow redistribution: CC0-1.0, MIT, BSD-2-Clause,
BSD-3-Clause, Apache-2.0). Each source repository's licence text is in \`licenses/\`; the files
remain under those licences and are not part of Dockwright's MIT licence. Files whose text was
identical to one already taken were skipped. Regenerate with \`node bench/corpus/collect.mjs MIRROR_DIR\`.

${count('dockerfile')} Dockerfiles, ${count('compose')} compose files.

| File | Source repository | Path | Commit | Licence | Lines |
| --- | --- | --- | --- | --- | ---: |
${table}
`,
);
console.log(`${count('dockerfile')} Dockerfiles, ${count('compose')} compose files`);
