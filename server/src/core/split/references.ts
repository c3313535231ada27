import { dockerHubRepository } from '../dockerfile/model';
import { baseName, dirName, joinPath, type Workspace } from '../workspace';

/** Files that commonly name a Dockerfile: CI, build scripts, dev containers, deployment tools. */
const REFERENCE_FILE = /(^|\/)(?:\.github\/workflows\/[^/]+\.ya?ml|\.gitlab-ci\.ya?ml|Makefile|GNUmakefile|[^/]+\.mk|Justfile|justfile|Taskfile\.ya?ml|Jenkinsfile|skaffold\.ya?ml|devcontainer\.json|\.devcontainer\/[^/]+\.json|docker-bake\.(?:hcl|json)|[^/]+\.sh|scripts\/[^/]+|\.circleci\/config\.yml|azure-pipelines\.ya?ml|cloudbuild\.ya?ml|\.drone\.ya?ml|bitbucket-pipelines\.yml|tilt_config\.json|Tiltfile|(?:docker-)?compose[^/]*\.ya?ml)$/;

/** The listing last seen per workspace and its files that match REFERENCE_FILE. */
const referenceFileMemo = new WeakMap<Workspace, { listing: string[]; files: string[] }>();

/**
 * The workspace's files that match REFERENCE_FILE, in listing order. Asked once per Dockerfile of a workspace check:
 * the RegExp runs once per listing (a listing equal to the last one, entry by entry, reuses its result).
 */
function referenceFiles(workspace: Workspace): string[] {
  const listing = workspace.listFiles();
  const memo = referenceFileMemo.get(workspace);
  if (memo && (memo.listing === listing || (memo.listing.length === listing.length && memo.listing.every((f, i) => f === listing[i])))) return memo.files;
  const files = listing.filter((f) => REFERENCE_FILE.test(f));
  referenceFileMemo.set(workspace, { listing, files });
  return files;
}

export interface Reference {
  file: string;
  line: number;
  text: string;
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Where else the Dockerfile is used: its path written relative to the workspace or to the referring file, or — for a
 * file named plain `Dockerfile` — a `docker build DIR` / build-push-action `context: DIR` without a file of its own.
 * `skip` lists files whose references are handled (the compose files being rewired).
 */
export function findReferences(workspace: Workspace, dockerfilePath: string, skip: Set<string>): Reference[] {
  const out: Reference[] = [];
  const dir = dirName(dockerfilePath);
  const name = baseName(dockerfilePath);
  for (const file of referenceFiles(workspace)) {
    if (file === dockerfilePath || skip.has(file)) continue;
    const text = workspace.readText(file);
    if (text === undefined || text.length > 2_000_000) continue;
    const fileDir = dirName(file);
    const candidates = new Set<string>([dockerfilePath]);
    const rel = relativePath(fileDir, dockerfilePath);
    if (rel) candidates.add(rel);
    const pattern = new RegExp(`(?:^|[\\s"'=:(,\\[])(?:\\./)?(?:${[...candidates].map(escape).join('|')})(?![\\w.-])`);
    const lines = text.split(/\r?\n/);
    lines.forEach((line, i) => {
      // Comments are not references.
      if (/^\s*(?:#|\/\/)/.test(line)) return;
      if (pattern.test(line) || templated(line, candidates)) out.push({ file, line: i + 1, text: line.trim() });
      else if (name === 'Dockerfile' && usesDefaultDockerfile(line, lines, i, fileDir, dir)) out.push({ file, line: i + 1, text: line.trim() });
    });
  }
  return out;
}

const TEMPLATE = /\$\{\{[^}]*\}\}|\$\{[A-Za-z_][A-Za-z0-9_]*[^}]*\}|\$[A-Za-z_][A-Za-z0-9_]*|\$\([A-Za-z_][A-Za-z0-9_]*\)/g;

/** A templated name (`Complement${{ matrix.postgres }}.Dockerfile`, `Dockerfile.$SERVICE`) that can name one of the candidates. */
function templated(line: string, candidates: Set<string>): boolean {
  if (!line.includes('$')) return false;
  for (const word of line.replace(/\$\{\{[^}]*\}\}/g, '${{}}').split(/[\s"'=,()[\]]+/)) {
    if (!TEMPLATE.test(word)) continue;
    TEMPLATE.lastIndex = 0;
    const parts = word.replace(/^\.\//, '').split(TEMPLATE);
    TEMPLATE.lastIndex = 0;
    if (parts.join('').length < 4 || !/dockerfile|containerfile/i.test(parts.join(''))) continue;
    const re = new RegExp(`^${parts.map(escape).join('[^/]*')}$`);
    if ([...candidates].some((c) => re.test(c))) return true;
  }
  return false;
}

function usesDefaultDockerfile(line: string, lines: string[], i: number, fileDir: string, dir: string): boolean {
  const docker = /\bdocker\s+(?:buildx\s+)?build\b(.*)$/.exec(line);
  if (docker) {
    const args = docker[1].split(/\s+/).filter(Boolean);
    if (args.some((a) => a === '-f' || a.startsWith('--file') || a.startsWith('-f'))) return false;
    return args.some((a) => !a.startsWith('-') && sameDir(a, fileDir, dir));
  }
  const context = /^\s*-?\s*context:\s*["']?([^"'\s#]+)/.exec(line);
  if (context && sameDir(context[1], '', dir)) {
    const indent = line.search(/\S/);
    for (let j = i + 1; j < Math.min(lines.length, i + 12); j++) {
      const l = lines[j];
      if (l.trim() && l.search(/\S/) < indent) break;
      if (/^\s*(?:file|dockerfile):/.test(l)) return false;
    }
    for (let j = i - 1; j >= Math.max(0, i - 12); j--) {
      const l = lines[j];
      if (l.trim() && l.search(/\S/) < indent) break;
      if (/^\s*(?:file|dockerfile):/.test(l)) return false;
    }
    return true;
  }
  return false;
}

function sameDir(arg: string, fileDir: string, dir: string): boolean {
  const cleaned = arg.replace(/^["']|["']$/g, '').replace(/\$\{\{\s*github\.workspace\s*\}\}\/?/, '');
  if (/[$]/.test(cleaned)) return false;
  return joinPath(cleaned) === dir || joinPath(fileDir, cleaned) === dir;
}

function relativePath(fromDir: string, to: string): string | undefined {
  const from = fromDir ? fromDir.split('/') : [];
  const target = to.split('/');
  let common = 0;
  while (common < from.length && common < target.length - 1 && from[common] === target[common]) common++;
  const ups = from.length - common;
  return [...Array(ups).fill('..'), ...target.slice(common)].join('/');
}

/**
 * The build context CI or a script uses for this Dockerfile when no compose file builds it: `docker build -f PATH CTX`
 * (relative to the repository root, where CI runs) or a build-push-action step with `file: PATH` and `context: CTX`.
 */
export function contextFromReferences(workspace: Workspace, dockerfilePath: string): string | undefined {
  for (const file of referenceFiles(workspace)) {
    if (COMPOSE_FILE.test(file)) continue;
    const text = workspace.readText(file);
    if (!text || text.length > 2_000_000 || !(text.includes(baseName(dockerfilePath)) || (text.includes('$') && /dockerfile|containerfile/i.test(text)))) continue;
    const lines = text.split(/\r?\n/);
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i];
      if (/^\s*(?:#|\/\/)/.test(line)) continue;
      // Also a templated name that can expand to it (`Complement${{ matrix.postgres }}.Dockerfile`).
      const names = (v: string) => namesDockerfile(v, dockerfilePath, '', false);
      const docker = /\bdocker\s+(?:buildx\s+)?build\b(.*)$/.exec(line);
      if (docker) {
        const args = docker[1].split(/\s+/).filter(Boolean);
        const f = args.findIndex((a) => a === '-f' || a === '--file');
        const fileArg = f >= 0 ? args[f + 1] : args.find((a) => /^--file=|^-f./.test(a))?.replace(/^--file=|^-f/, '');
        if (!fileArg || !names(fileArg)) continue;
        const positional = args.filter((a, k) => !a.startsWith('-') && k !== f + 1 && !/^[A-Za-z_]+=/.test(a) && (k === 0 || !/^-(?:t|-tag|-build-arg|-target|-platform)$/.test(args[k - 1])));
        const ctx = positional[positional.length - 1];
        if (ctx && !ctx.includes('$') && !/^[a-z]+:\/\//.test(ctx)) return joinPath(ctx.replace(/^["']|["']$/g, '').replace(/\\$/, '')) ?? '';
      }
      const fileKey = /^\s*-?\s*file:\s*["']?((?:\$\{\{[^}]*\}\}|[^"'\s#])+)/.exec(line);
      if (fileKey && names(fileKey[1])) {
        const indent = line.search(/\S/);
        for (let j = Math.max(0, i - 12); j < Math.min(lines.length, i + 12); j++) {
          const c = /^\s*-?\s*context:\s*["']?([^"'\s#]+)/.exec(lines[j]);
          if (c && lines[j].search(/\S/) === indent && !c[1].includes('$') && !/^[a-z]+:\/\//.test(c[1])) return joinPath(c[1]) ?? '';
        }
      }
    }
  }
  return undefined;
}

export { relativePath };

/** An image repository CI or a script publishes this Dockerfile's build as, with where it is said. */
export interface PublishedTag {
  /** The tag as written (`ghcr.io/org/app:${{ github.sha }}`). */
  tag: string;
  where: string;
}

const COMPOSE_FILE = /(?:^|\/)(?:docker-)?compose[^/]*\.ya?ml$/;

/** Splits a shell line into words, keeping quoted strings together (quotes removed). */
function shellWords(line: string): string[] {
  return (line.match(/"(?:[^"\\]|\\.)*"|'[^']*'|\S+/g) ?? []).map((w) => w.replace(/^["']|["']$/g, ''));
}

/** Whether a Dockerfile path written in a reference (`file:`, `-f`) names this Dockerfile, also when templated. */
function namesDockerfile(value: string, dockerfilePath: string, fileDir: string, relativeToFile: boolean): boolean {
  const cleaned = value.replace(/^["']|["']$/g, '').replace(/^\$\{\{\s*github\.workspace\s*\}\}\/?/, '').replace(/^\.\//, '');
  const candidates = new Set<string>([dockerfilePath]);
  if (relativeToFile) {
    const rel = relativePath(fileDir, dockerfilePath);
    if (rel) candidates.add(rel);
  }
  if (candidates.has(joinPath(cleaned) ?? cleaned) || (relativeToFile && joinPath(fileDir, cleaned) === dockerfilePath)) return true;
  return templated(cleaned, candidates);
}

/** One image build a CI file or script states: its Dockerfile (`-f`/`file:`), context, and tags. */
interface BuildRecord {
  kind: 'docker' | 'action';
  file?: string;
  context?: string;
  tags: string[];
  line: number;
}

// Every Dockerfile's check asks which tags its build gets; each reference file's builds are read once per text.
const BUILD_RECORDS_LIMIT = 1024;
const buildRecordsCache = new Map<string, BuildRecord[]>();

const DOCKER_BUILD = /\bdocker\s+(?:buildx\s+)?build\b/;

/** The `docker build -t` commands and the CI `with:` blocks that have `tags:` in one file (comment lines ignored). */
function buildRecords(text: string, isYaml: boolean): BuildRecord[] {
  const key = `${isYaml ? 'y' : 's'}${text}`;
  const hit = buildRecordsCache.get(key);
  if (hit) return hit;
  const out: BuildRecord[] = [];
  const lines = text.split(/\r?\n/);
  const code = (l: string) => !/^\s*(?:#|\/\/)/.test(l);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (!code(line)) continue;
    // docker build … (with `\` continuations, also inside YAML `run: |` blocks).
    if (DOCKER_BUILD.test(line)) {
      let joined = line.slice(line.search(DOCKER_BUILD));
      for (let j = i; /\\\s*$/.test(lines[j]) && j + 1 < lines.length; j++) joined = joined.replace(/\\\s*$/, ' ') + (code(lines[j + 1]) ? lines[j + 1] : '');
      joined = joined.split(/\s(?:&&|\|\||;|\|)\s/)[0];
      const args = shellWords(joined).slice(/^docker\s+buildx/.test(joined) ? 3 : 2);
      const record: BuildRecord = { kind: 'docker', tags: [], line: i + 1 };
      const positional: string[] = [];
      for (let k = 0; k < args.length; k++) {
        const a = args[k];
        if (a === '-t' || a === '--tag') record.tags.push(args[++k] ?? '');
        else if (a.startsWith('--tag=')) record.tags.push(a.slice(6));
        else if (/^-t[^-]/.test(a)) record.tags.push(a.slice(2));
        else if (a === '-f' || a === '--file') record.file = args[++k];
        else if (a.startsWith('--file=')) record.file = a.slice(7);
        else if (/^--(?:build-arg|target|platform|label|secret|ssh|cache-from|cache-to|output|progress|network|build-context|iidfile|metadata-file|provenance|sbom|attest|annotation|add-host|shm-size|ulimit|allow|builder)$/.test(a)) k++;
        else if (!a.startsWith('-')) positional.push(a);
      }
      record.context = positional[positional.length - 1];
      record.tags = record.tags.filter(Boolean);
      if (record.tags.length) out.push(record);
      continue;
    }
    // A `with:` block of a build action: `file:` / `context:` / `tags:` siblings.
    const tagsKey = isYaml ? /^(\s*)(?:-\s+)?tags:\s*(.*)$/.exec(line) : null;
    if (!tagsKey) continue;
    const indent = line.search(/\S/) + (/^\s*-\s/.test(line) ? 2 : 0);
    const siblings = new Map<string, string>();
    for (const step of [-1, 1]) {
      for (let j = i + step; j >= 0 && j < lines.length && Math.abs(j - i) < 40; j += step) {
        const l = lines[j];
        if (!l.trim() || !code(l)) continue;
        const at = l.search(/\S/) + (/^\s*-\s/.test(l) ? 2 : 0);
        if (at < indent) break;
        if (at > indent) continue;
        const kv = /^\s*(?:-\s+)?([A-Za-z_-]+):\s*(.*)$/.exec(l);
        if (kv) siblings.set(kv[1], kv[2].replace(/\s+#.*$/, '').trim().replace(/^["']|["']$/g, ''));
        if (/^\s*-\s/.test(l)) break;
      }
    }
    const values: string[] = [];
    const inline = tagsKey[2].replace(/\s+#.*$/, '').trim();
    if (/^[|>][-+]?$/.test(inline) || inline === '') {
      for (let j = i + 1; j < lines.length; j++) {
        const l = lines[j];
        if (!l.trim()) continue;
        if (l.search(/\S/) <= indent) break;
        if (!code(l)) continue;
        values.push(...l.trim().replace(/^-\s+/, '').split(/\s*,\s*/));
      }
    } else values.push(...inline.replace(/^\[|\]$/g, '').split(/\s*,\s*/));
    const tags = values.map((x) => x.trim().replace(/^["']|["']$/g, '')).filter(Boolean);
    if (tags.length) out.push({ kind: 'action', file: siblings.get('file') ?? siblings.get('dockerfile'), context: siblings.get('context'), tags, line: i + 1 });
  }
  // Tags written through variables of the same file: make (`IMAGE ?= ghcr.io/acme/app`, `$(IMAGE)`), shell
  // (`IMAGE=ghcr.io/acme/app`, `$IMAGE`, `${IMAGE}`) and workflow `env:` keys (`${{ env.IMAGE }}`).
  if (out.length && /\$/.test(out.flatMap((r) => r.tags).join(' '))) {
    const vars = new Map<string, string>();
    for (const l of lines) {
      if (!code(l) || /^\t/.test(l)) continue;
      const m = isYaml ? /^\s+([A-Z_][A-Z0-9_]*):\s*(\S[^#]*?)\s*$/.exec(l) : /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*(?:\?=|:=|::=|=)\s*(\S[^#]*?)\s*$/.exec(l);
      if (m && !vars.has(m[1])) vars.set(m[1], m[2].replace(/^["']|["']$/g, ''));
    }
    const resolve = (t: string) => {
      for (let n = 0; n < 4 && t.includes('$'); n++) {
        t = t
          .replace(/\$\{\{\s*env\.([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g, (all, v) => vars.get(v) ?? all)
          .replace(/\$\(([A-Za-z_][A-Za-z0-9_]*)\)|\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (all, a, b, c) => vars.get(a ?? b ?? c) ?? all);
      }
      return t;
    };
    for (const r of out) r.tags = r.tags.map(resolve);
  }
  if (buildRecordsCache.size >= BUILD_RECORDS_LIMIT) buildRecordsCache.delete(buildRecordsCache.keys().next().value!);
  buildRecordsCache.set(key, out);
  return out;
}

/**
 * The image tags CI or scripts give the build of this Dockerfile: a build-push-action (or any `with:` block) that has
 * `file:` naming it (or, for a plain `Dockerfile`, `context:` its folder and no `file:`) and `tags:`; and
 * `docker build`/`docker buildx build` with `-t`/`--tag` and `-f` naming it (or, for a plain `Dockerfile`, its folder
 * as the context). Comment lines are ignored; templated file names (`Dockerfile.${{ matrix.service }}`) match.
 * Compose files are not read here (a service with `build:` and `image:` is handled with the compose services).
 */
export function tagsFromReferences(workspace: Workspace, dockerfilePath: string): PublishedTag[] {
  const out: PublishedTag[] = [];
  const dir = dirName(dockerfilePath);
  const name = baseName(dockerfilePath);
  for (const file of referenceFiles(workspace)) {
    if (COMPOSE_FILE.test(file)) continue;
    const text = workspace.readText(file);
    if (!text || text.length > 2_000_000 || !/\bdocker\b|\btags:/.test(text)) continue;
    const isYaml = /\.ya?ml$/.test(file);
    const fileDir = dirName(file);
    for (const r of buildRecords(text, isYaml)) {
      // CI runs at the repository root; a script's paths are taken from the root or from its own folder.
      const ctx = r.context !== undefined && !r.context.includes('$') && !/^[a-z]+:\/\//.test(r.context) ? r.context : undefined;
      const ours = r.file !== undefined
        ? namesDockerfile(r.file, dockerfilePath, fileDir, r.kind === 'docker' && !isYaml) || (ctx !== undefined && joinPath(ctx, r.file) === dockerfilePath)
        : name === 'Dockerfile' && ctx !== undefined && (sameDir(ctx, '', dir) || (r.kind === 'docker' && !isYaml && sameDir(ctx, fileDir, dir)));
      if (ours) for (const tag of r.tags) out.push({ tag, where: `${file}:${r.line}` });
    }
  }
  return out;
}

/**
 * The repository an image reference names, without tag or digest, for comparing a compose `image:` with a tag CI
 * publishes: `${VAR:-default}` / `${VAR-default}` take their default, `docker.io/` and `library/` are dropped,
 * and it is lower-cased. Undefined when it cannot be known (a variable without a default, a templated name).
 */
export function imageRepository(ref: string): string | undefined {
  let s = ref.trim().replace(/^["']|["']$/g, '');
  // Innermost defaults first: `${A:-${B:-16}}`.
  for (let n = 0; n < 10 && /\$\{[A-Za-z_][A-Za-z0-9_]*:?-[^${}]*\}/.test(s); n++) s = s.replace(/\$\{[A-Za-z_][A-Za-z0-9_]*:?-([^${}]*)\}/g, '$1');
  const at = s.indexOf('@');
  if (at >= 0) s = s.slice(0, at);
  const slash = s.lastIndexOf('/');
  // The tag: after the last `:` of the last path component; it may be templated (`:${{ github.sha }}`, `:$TAG`).
  const lastPart = s.slice(slash + 1);
  const colon = lastPart.search(/:(?![^{]*\}\})/);
  if (colon >= 0) s = s.slice(0, slash + 1 + colon);
  if (!s || /\$/.test(s)) return undefined;
  s = dockerHubRepository(s);
  return /^[a-z0-9._\-/:]+$/.test(s) ? s : undefined;
}
