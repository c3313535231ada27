import type { DockwrightConfig } from './config';
import { parseDockerfile, type DockerfileModel } from './dockerfile/model';
import { limitProblem, type LimitProblem } from './limits';
import { fileKind, type Workspace } from './workspace';

interface Cached<T> {
  text: string;
  value: T;
}

/**
 * A workspace plus memoised parses. Models are cached by file text, so a
 * long-lived Analysis (the language server's) re-parses only files that changed.
 */
export class Analysis {
  private readonly dockerfiles = new Map<string, Cached<DockerfileModel>>();
  private fileList?: string[];

  constructor(
    public workspace: Workspace,
    public config: DockwrightConfig = {},
  ) {}

  /** Call when files were added or removed, so listings are recomputed. */
  invalidateListing(): void {
    this.fileList = undefined;
  }

  files(): string[] {
    return (this.fileList ??= this.workspace.listFiles());
  }

  filesOfKind(kind: 'dockerfile' | 'compose'): string[] {
    return this.files().filter((f) => fileKind(f) === kind);
  }

  dockerfile(path: string): DockerfileModel | undefined {
    const text = this.workspace.readText(path);
    if (text === undefined || limitProblem(this.workspace, path, text, this.config)) return undefined;
    const hit = this.dockerfiles.get(path);
    if (hit && hit.text === text) return hit.value;
    const value = parseDockerfile(text);
    this.dockerfiles.set(path, { text, value });
    return value;
  }

  /** Why the file is not analysed (too large, binary), if it is not. */
  limitProblem(path: string): LimitProblem | undefined {
    return limitProblem(this.workspace, path, this.workspace.readText(path), this.config);
  }

  /** Drops cached models of files that no longer exist. */
  forget(path: string): void {
    this.dockerfiles.delete(path);
  }
}
