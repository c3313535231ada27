import { BatchWorkspace } from './batchWorkspace';
import type { ComposeModel, ComposeService } from './compose/model';
import { reparseCompose } from './compose/reparse';
import { findComposeFileSets, isFileSetEvidence, runnerVariables, type ComposeFileSet } from './compose/fileSets';
import { loadProject, projectFiles, type ComposeProject, type ComposeSource } from './compose/project';
import type { DockwrightConfig } from './config';
import { parseDockerfile, type DockerfileModel } from './dockerfile/model';
import { reparseDockerfile } from './dockerfile/reparse';
import { limitProblem, type LimitProblem } from './limits';
import type { FileKind } from './types';
import { dirName, fileKind, isRemoteReference, joinPath, type Workspace } from './workspace';

interface Cached<T> {
  text: string;
  value: T;
  /** The config the text passed the size limits under. */
  config?: DockwrightConfig;
}

interface WorkspaceIndex {
  files: string[];
  texts: (string | undefined)[];
  config: DockwrightConfig;
  value: unknown;
  /** The batch it was last validated in (0: none). */
  batch: number;
}

/**
 * A workspace plus memoised parses. Models are cached by file text, so a
 * long-lived Analysis (the language server's) re-parses only files that changed.
 */
export class Analysis {
  private readonly dockerfiles = new Map<string, Cached<DockerfileModel>>();
  private readonly composeModels = new Map<string, Cached<ComposeModel>>();
  private readonly projects = new Map<string, Cached<ComposeProject>>();
  private readonly indexes = new Map<string, WorkspaceIndex>();
  private fileList?: string[];
  private kindListing?: { files: string[]; byKind: Map<string, string[]> };
  private fileSetMemo?: { batch: number; files: string[]; texts: (string | undefined)[]; value: ComposeFileSet[] };
  private batchDepth = 0;
  private batchId = 0;

  /** Files whose kind was told explicitly (a CLI argument recognised from its content), whatever their name says. */
  private readonly kindOverrides = new Map<string, 'dockerfile' | 'compose'>();

  /**
   * False when nobody reads the findings' fixes (the CLI prints none): rules may then skip work that only serves
   * fixes (DW114's workspace-wide pinned-tag index, which parses every Dockerfile of the workspace).
   */
  fixesWanted = true;

  /**
   * At most this many Dockerfile models are kept (least recently used dropped first); unbounded when undefined. A
   * one-shot check of a big workspace sets it so that parsed models do not all stay alive until the end.
   */
  dockerfileModelLimit?: number;

  constructor(
    public workspace: Workspace,
    public config: DockwrightConfig = {},
  ) {}

  /** Treats `path` as a Dockerfile or compose file although its name does not say so (`dockwright check deploy/stack.yml`). */
  setKind(path: string, kind: 'dockerfile' | 'compose'): void {
    this.kindOverrides.set(path, kind);
    this.kindListing = undefined;
  }

  /** The kind of a file: from its name, unless it was set with setKind. */
  kindOf(path: string): FileKind {
    return this.kindOverrides.get(path) ?? fileKind(path);
  }

  /**
   * Runs `fn` with the workspace treated as unchanging (one CLI run, one whole-workspace re-check): texts, listings
   * and existence checks are memoised, and workspace-wide indexes are validated once instead of once per checked file.
   */
  batch<T>(fn: () => T): T {
    if (this.batchDepth > 0) return fn();
    const outer = this.workspace;
    this.batchDepth++;
    this.batchId++;
    this.workspace = new BatchWorkspace(outer);
    try {
      return fn();
    } finally {
      this.workspace = outer;
      this.batchDepth--;
    }
  }

  /**
   * A value computed from all files of one kind (their models, their texts), shared by every file's check.
   * Recomputed only when the listing, the config or one of those texts changed (checked once per batch).
   */
  workspaceIndex<T>(name: string, kind: 'dockerfile' | 'compose', compute: () => T): T {
    const hit = this.indexes.get(name);
    if (hit && this.batchDepth > 0 && hit.batch === this.batchId) return hit.value as T;
    const files = this.filesOfKind(kind);
    const texts = files.map((f) => this.workspace.readText(f));
    const batch = this.batchDepth > 0 ? this.batchId : 0;
    if (hit && hit.config === this.config && sameList(hit.files, files) && sameList(hit.texts, texts)) {
      hit.batch = batch;
      return hit.value as T;
    }
    const value = compute();
    this.indexes.set(name, { files, texts, config: this.config, value, batch });
    return value;
  }

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
    if (!list) this.kindListing.byKind.set(kind, (list = files.filter((f) => this.kindOf(f) === kind)));
    return list;
  }

  dockerfile(path: string): DockerfileModel | undefined {
    // A new text of a file parsed before (an editor's keystroke): re-parse only the edited instruction when possible.
    const model = this.memoised(this.dockerfiles, path, 'dockerfile', (text, previous) => (previous ? reparseDockerfile(previous, text) : parseDockerfile(text)));
    const limit = this.dockerfileModelLimit;
    if (limit !== undefined && model) {
      // Least recently used first: move this one to the end, drop from the front.
      const entry = this.dockerfiles.get(path)!;
      this.dockerfiles.delete(path);
      this.dockerfiles.set(path, entry);
      for (const key of this.dockerfiles.keys()) {
        if (this.dockerfiles.size <= limit) break;
        this.dockerfiles.delete(key);
      }
    }
    return model;
  }

  compose(path: string): ComposeModel | undefined {
    // The previous model of the file (if any) is handed over: an edit inside one block re-parses only that block.
    return this.memoised(this.composeModels, path, 'compose', (text, previous) => reparseCompose(previous, text));
  }

  /** The parsed model of a file, re-parsed only when its text changed; undefined when unreadable or over a limit. */
  private memoised<T>(cache: Map<string, Cached<T>>, path: string, kind: 'dockerfile' | 'compose', parse: (text: string, previous?: T) => T): T | undefined {
    const text = this.workspace.readText(path);
    const hit = cache.get(path);
    // Same text under the same config passed the limits before: skip re-scanning it (cross-file rules ask often).
    if (hit && hit.text === text && hit.config === this.config) return hit.value;
    if (text === undefined || limitProblem(this.workspace, path, text, this.config, kind)) return undefined;
    if (hit && hit.text === text) {
      hit.config = this.config;
      return hit.value;
    }
    const value = parse(text, hit?.value);
    cache.set(path, { text, value, config: this.config });
    return value;
  }

  /** The merged compose project `path` belongs to (base + override files, includes, `.env`), memoised by the texts involved. */
  composeProject(path: string): ComposeProject | undefined {
    if (!this.compose(path)) return undefined;
    // Only compose files can belong to a project: listing just those keeps this linear on big workspaces.
    const source: ComposeSource = { files: () => this.filesOfKind('compose'), compose: (p) => this.compose(p), readText: (p) => this.readText(p), fileSets: () => this.composeFileSets() };
    const files = projectFiles(source, path);
    const dotEnv = joinPath(dirName(files[0]), '.env')!;
    const signature = (list: string[]) => [...list, dotEnv].map((f) => `${f}\u0000${this.workspace.readText(f) ?? ''}`).join('\u0001');
    const cacheKey = files.join('|');
    const hit = this.projects.get(cacheKey);
    if (hit && hit.text === signature([...hit.value.files, ...hit.value.auxiliaryFiles])) return hit.value;
    const value = loadProject(source, path);
    this.projects.set(cacheKey, { text: signature([...value.files, ...value.auxiliaryFiles]), value });
    return value;
  }

  /**
   * Compose files the repository combines with `-f` (header comments, Makefiles, scripts, CI workflows, `COMPOSE_FILE`
   * in `.env`), recomputed when one of those texts or the listing changed.
   */
  composeFileSets(): ComposeFileSet[] {
    const memo = this.fileSetMemo;
    if (memo && this.batchDepth > 0 && memo.batch === this.batchId) return memo.value;
    const files = [...this.files().filter(isFileSetEvidence), ...this.filesOfKind('compose')];
    const texts = files.map((f) => this.workspace.readText(f));
    const batch = this.batchDepth > 0 ? this.batchId : 0;
    if (memo && sameList(memo.files, files) && sameList(memo.texts, texts)) {
      memo.batch = batch;
      return memo.value;
    }
    const textMap = new Map<string, string>();
    files.forEach((f, i) => texts[i] !== undefined && textMap.set(f, texts[i]!));
    const all = new Set(this.files());
    const value = findComposeFileSets(textMap, this.filesOfKind('compose'), (p) => all.has(p));
    this.fileSetMemo = { batch, files, texts, value };
    return value;
  }

  /** Variables the repository's Makefiles, scripts and CI workflows set where they use this compose file (name → setter). */
  composeRunnerVariables(composePath: string): Map<string, string> {
    const texts = new Map<string, string>();
    for (const f of this.files().filter(isFileSetEvidence)) {
      const text = this.workspace.readText(f);
      if (text !== undefined) texts.set(f, text);
    }
    return runnerVariables(texts, composePath);
  }

  /** Why the file is not analysed (too large, binary), if it is not. */
  limitProblem(path: string): LimitProblem | undefined {
    return limitProblem(this.workspace, path, this.workspace.readText(path), this.config, this.kindOf(path));
  }

  readText(path: string): string | undefined {
    return this.workspace.readText(path);
  }

  /** Compose services that build from this Dockerfile, with the compose file each is in; indexed once per workspace state. */
  composeServicesUsing(dockerfilePath: string): { file: string; service: ComposeService }[] {
    const index = this.workspaceIndex('compose services by Dockerfile', 'compose', () => {
      const byDockerfile = new Map<string, { file: string; service: ComposeService }[]>();
      for (const file of this.filesOfKind('compose')) {
        for (const service of this.compose(file)?.services ?? []) {
          const dockerfile = dockerfileOf(file, service.build);
          if (dockerfile === undefined) continue;
          const list = byDockerfile.get(dockerfile);
          if (list) list.push({ file, service });
          else byDockerfile.set(dockerfile, [{ file, service }]);
        }
      }
      return byDockerfile;
    });
    return [...(index.get(dockerfilePath) ?? [])];
  }

  /** Compose files whose services build from this Dockerfile (for cross-file refresh). */
  composeFilesUsing(dockerfilePath: string): string[] {
    return [...new Set(this.composeServicesUsing(dockerfilePath).map((u) => u.file))];
  }

  /** Drops cached models of files that no longer exist. */
  forget(path: string): void {
    this.dockerfiles.delete(path);
    this.composeModels.delete(path);
  }
}

function sameList<T>(a: T[], b: T[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
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
  if (isRemoteReference(context) || context.includes('$')) return undefined;
  return joinPath(dirName(composePath), context);
}
