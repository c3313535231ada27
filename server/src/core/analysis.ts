import { parseCompose, type ComposeModel } from './compose/model';
import { loadProject, projectFiles, type ComposeProject } from './compose/project';
import type { DockwrightConfig } from './config';
import { parseDockerfile, type DockerfileModel } from './dockerfile/model';
import { limitProblem, type LimitProblem } from './limits';
import { dirName, fileKind, joinPath, type Workspace } from './workspace';

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
  private readonly composeModels = new Map<string, Cached<ComposeModel>>();
  private readonly projects = new Map<string, Cached<ComposeProject>>();
  private fileList?: string[];
  private kindListing?: { files: string[]; byKind: Map<string, string[]> };

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
    const files = this.files();
    // Rules ask for this once per checked file; memoise per listing (callers must not mutate the array).
    if (this.kindListing?.files !== files) this.kindListing = { files, byKind: new Map() };
    let list = this.kindListing.byKind.get(kind);
    if (!list) this.kindListing.byKind.set(kind, (list = files.filter((f) => fileKind(f) === kind)));
    return list;
  }

  dockerfile(path: string): DockerfileModel | undefined {
    return this.memoised(this.dockerfiles, path, parseDockerfile);
  }

  compose(path: string): ComposeModel | undefined {
    return this.memoised(this.composeModels, path, parseCompose);
  }

  /** The parsed model of a file, re-parsed only when its text changed; undefined when unreadable or over a limit. */
  private memoised<T>(cache: Map<string, Cached<T>>, path: string, parse: (text: string) => T): T | undefined {
    const text = this.workspace.readText(path);
    if (text === undefined || limitProblem(this.workspace, path, text, this.config)) return undefined;
    const hit = cache.get(path);
    if (hit && hit.text === text) return hit.value;
    const value = parse(text);
    cache.set(path, { text, value });
    return value;
  }

  /** The merged compose project `path` belongs to (base + override files, includes, `.env`), memoised by the texts involved. */
  composeProject(path: string): ComposeProject | undefined {
    if (!this.compose(path)) return undefined;
    const files = projectFiles(this, path);
    const dotEnv = joinPath(dirName(files[0]), '.env')!;
    const signature = (list: string[]) => [...list, dotEnv].map((f) => `${f}\u0000${this.workspace.readText(f) ?? ''}`).join('\u0001');
    const cacheKey = files.join('|');
    const hit = this.projects.get(cacheKey);
    if (hit && hit.text === signature([...hit.value.files, ...hit.value.auxiliaryFiles])) return hit.value;
    const value = loadProject(this, path);
    this.projects.set(cacheKey, { text: signature([...value.files, ...value.auxiliaryFiles]), value });
    return value;
  }

  /** Why the file is not analysed (too large, binary), if it is not. */
  limitProblem(path: string): LimitProblem | undefined {
    return limitProblem(this.workspace, path, this.workspace.readText(path), this.config);
  }

  readText(path: string): string | undefined {
    return this.workspace.readText(path);
  }

  /** Compose files whose services build from this Dockerfile (for cross-file refresh). */
  composeFilesUsing(dockerfilePath: string): string[] {
    return this.filesOfKind('compose').filter((c) => this.compose(c)?.services.some((s) => dockerfileOf(c, s.build) === dockerfilePath));
  }

  /** Drops cached models of files that no longer exist. */
  forget(path: string): void {
    this.dockerfiles.delete(path);
    this.composeModels.delete(path);
  }
}

/** Workspace path of the Dockerfile a compose build section uses, or undefined (remote context, inline Dockerfile). */
export function dockerfileOf(composePath: string, build: { context: string; dockerfile?: { value: string }; dockerfileInline?: boolean } | undefined): string | undefined {
  if (!build || build.dockerfileInline) return undefined;
  const context = contextOf(composePath, build.context);
  if (context === undefined) return undefined;
  const file = build.dockerfile?.value ?? 'Dockerfile';
  if (file.includes('$')) return undefined;
  return joinPath(context, file);
}

/** Workspace path of a build context, or undefined when it is remote or leaves the workspace. */
export function contextOf(composePath: string, context: string): string | undefined {
  if (/^[a-z]+:\/\/|^git@|\.git(#|$)/i.test(context) || context.includes('$')) return undefined;
  return joinPath(dirName(composePath), context);
}
