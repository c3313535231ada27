import type { Workspace } from '../workspace';
import { findReferences } from './references';

/** A CI job, script or Makefile that builds the Dockerfile, and the `--target` it builds (undefined: none). */
export interface CiBuild {
  where: string;
  target?: string;
  /** The target is templated (`${{ matrix.target }}`): which one cannot be told. */
  templated?: boolean;
}

const BUILD = /\b(?:docker|podman|buildah)\s+(?:image\s+|buildx\s+)?(?:build|bud)\b|\bbuildx\s+build\b|docker\/build-push-action|\bbake\b/;

/**
 * The builds of `dockerfilePath` outside the compose files in `skip`: a `docker build` line (with its `\` continuations)
 * or a YAML step (build-push-action `file:`/`target:` siblings) that names it, with the target it builds.
 */
export function ciBuilds(workspace: Workspace, dockerfilePath: string, skip: Set<string>): CiBuild[] {
  const out: CiBuild[] = [];
  for (const ref of findReferences(workspace, dockerfilePath, skip)) {
    const lines = (workspace.readText(ref.file) ?? '').split(/\r?\n/);
    const at = ref.line - 1;
    let block: string[];
    if (/\.ya?ml$/i.test(ref.file) && !BUILD.test(lines[at])) {
      // The YAML mapping the reference is in: the lines around it at the same or a deeper indentation.
      const indent = (l: string) => /^\s*(?:-\s+)?/.exec(l)![0].length;
      const own = indent(lines[at]);
      let a = at;
      while (a > 0 && (lines[a - 1].trim() === '' || indent(lines[a - 1]) >= own) && at - a < 40) a--;
      let b = at;
      while (b + 1 < lines.length && (lines[b + 1].trim() === '' || indent(lines[b + 1]) >= own) && b - at < 40) b++;
      block = lines.slice(Math.max(0, a - 2), b + 1);
    } else {
      let a = at;
      while (a > 0 && /\\\s*$/.test(lines[a - 1])) a--;
      let b = at;
      while (b + 1 < lines.length && /\\\s*$/.test(lines[b])) b++;
      block = lines.slice(a, b + 1);
    }
    const text = block.filter((l) => !/^\s*#/.test(l)).join('\n');
    if (!BUILD.test(text)) continue;
    const m = /--target(?:=|\s+)["']?([^\s"'\\]+)|^\s*target\s*[:=]\s*["']?([^\s"'#]+)/m.exec(text);
    const target = m ? m[1] ?? m[2] : undefined;
    out.push({ where: `${ref.file}:${ref.line}`, target, templated: !!target && /\$/.test(target) });
  }
  return out;
}
