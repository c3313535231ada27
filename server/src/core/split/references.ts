import { baseName, dirName, joinPath, type Workspace } from '../workspace';

/** Files that commonly name a Dockerfile: CI, build scripts, dev containers, deployment tools. */
const REFERENCE_FILE = /(^|\/)(?:\.github\/workflows\/[^/]+\.ya?ml|\.gitlab-ci\.ya?ml|Makefile|GNUmakefile|[^/]+\.mk|Justfile|justfile|Taskfile\.ya?ml|Jenkinsfile|skaffold\.ya?ml|devcontainer\.json|\.devcontainer\/[^/]+\.json|docker-bake\.(?:hcl|json)|[^/]+\.sh|scripts\/[^/]+|\.circleci\/config\.yml|azure-pipelines\.ya?ml|cloudbuild\.ya?ml|\.drone\.ya?ml|bitbucket-pipelines\.yml|tilt_config\.json|Tiltfile|(?:docker-)?compose[^/]*\.ya?ml)$/;

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
  for (const file of workspace.listFiles()) {
    if (file === dockerfilePath || skip.has(file) || !REFERENCE_FILE.test(file)) continue;
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
  for (const file of workspace.listFiles()) {
    if (!REFERENCE_FILE.test(file) || /(?:^|\/)(?:docker-)?compose[^/]*\.ya?ml$/.test(file)) continue;
    const text = workspace.readText(file);
    if (!text || text.length > 2_000_000 || !text.includes(baseName(dockerfilePath))) continue;
    const lines = text.split(/\r?\n/);
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i];
      if (/^\s*(?:#|\/\/)/.test(line)) continue;
      const names = (v: string) => joinPath(v.replace(/^["']|["']$/g, '').replace(/^\$\{\{\s*github\.workspace\s*\}\}\/?/, '')) === dockerfilePath;
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
      const fileKey = /^\s*-?\s*file:\s*["']?([^"'\s#]+)/.exec(line);
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
