import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_MAX_FILE_BYTES } from '../core/limits';
import { IGNORED_DIRS, type Workspace } from '../core/workspace';

export { DEFAULT_MAX_FILE_BYTES };

/** A Workspace over a folder on disk. Never follows symlinks out of the root, never descends ignored folders. */
export class FsWorkspace implements Workspace {
  readonly root: string;
  private readonly realRoot: string;

  constructor(
    root: string,
    /** Files larger than this are never read (set it from the config's maxFileBytes). */
    public maxFileBytes = DEFAULT_MAX_FILE_BYTES,
  ) {
    this.root = path.resolve(root);
    this.realRoot = safeRealpath(this.root) ?? this.root;
  }

  /** Absolute path of a workspace-relative path, or undefined if it would leave the workspace. */
  resolve(relative: string): string | undefined {
    const abs = path.resolve(this.root, relative);
    if (!isInside(this.root, abs)) return undefined;
    // The nearest existing ancestor decides: a symlink anywhere on the way may point out of the workspace.
    let probe = abs;
    let real = this.realpath(probe);
    while (real === undefined && probe !== this.root && isInside(this.root, probe)) {
      probe = path.dirname(probe);
      real = this.realpath(probe);
    }
    if (real !== undefined && !isInside(this.realRoot, real)) return undefined;
    return abs;
  }

  relative(absolute: string): string {
    return path.relative(this.root, absolute).split(path.sep).join('/');
  }

  listFiles(dir = ''): string[] {
    const start = this.resolve(dir);
    if (!start) return [];
    const out: string[] = [];
    const seen = new Set<string>();
    const walk = (abs: string) => {
      const real = this.realpath(abs);
      if (!real || seen.has(real) || !isInside(this.realRoot, real)) return;
      seen.add(real);
      let entries: fs.Dirent[];
      try {
        entries = fs.readdirSync(abs, { withFileTypes: true });
      } catch {
        return;
      }
      for (const entry of entries) {
        const child = path.join(abs, entry.name);
        if (entry.isDirectory()) {
          if (!IGNORED_DIRS.has(entry.name)) walk(child);
        } else if (entry.isFile()) {
          out.push(this.relative(child));
        } else if (entry.isSymbolicLink()) {
          const target = this.realpath(child);
          if (!target || !isInside(this.realRoot, target)) continue;
          try {
            const st = fs.statSync(child);
            if (st.isFile()) out.push(this.relative(child));
            else if (st.isDirectory() && !IGNORED_DIRS.has(entry.name)) walk(child);
          } catch {
            /* dangling link */
          }
        }
      }
    };
    if (fs.existsSync(start) && fs.statSync(start).isFile()) return [this.relative(start)];
    walk(start);
    return out.sort();
  }

  readText(relative: string): string | undefined {
    const abs = this.resolve(relative);
    if (!abs) return undefined;
    try {
      const st = fs.statSync(abs);
      if (!st.isFile() || st.size > this.maxFileBytes) return undefined;
      return fs.readFileSync(abs, 'utf8');
    } catch {
      return undefined;
    }
  }

  fileSize(relative: string): number | undefined {
    const abs = this.resolve(relative);
    if (!abs) return undefined;
    try {
      const st = fs.statSync(abs);
      return st.isFile() ? st.size : undefined;
    } catch {
      return undefined;
    }
  }

  listDir(relative: string): string[] | undefined {
    const abs = this.resolve(relative);
    if (!abs) return undefined;
    try {
      return fs.readdirSync(abs);
    } catch {
      return undefined;
    }
  }

  exists(relative: string): boolean {
    const abs = this.resolve(relative);
    return abs !== undefined && fs.existsSync(abs);
  }

  /** The real path of an absolute path (symlinks resolved), or undefined when it does not exist. */
  protected realpath(abs: string): string | undefined {
    return safeRealpath(abs);
  }
}

export function isInside(root: string, candidate: string): boolean {
  const rel = path.relative(root, candidate);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

function safeRealpath(p: string): string | undefined {
  try {
    return fs.realpathSync(p);
  } catch {
    return undefined;
  }
}
