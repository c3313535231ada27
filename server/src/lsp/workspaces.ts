import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { Analysis } from '../core/analysis';
import type { DockwrightConfig } from '../core/config';
import { mergeConfigs } from '../core/config';
import { maxFileBytes } from '../core/limits';
import { MemoryWorkspace, type Workspace } from '../core/workspace';
import { readWorkspaceConfig } from '../node/configFile';
import { FsWorkspace, isInside } from '../node/fsWorkspace';

/** Open documents take precedence over what is on disk. */
export class OverlayWorkspace implements Workspace {
  readonly open = new Map<string, string>();
  /** Texts read from disk, kept until the file watcher reports a change, so unchanged files are not re-read. */
  private readonly diskTexts = new Map<string, string | undefined>();
  /**
   * What the disk said about the tree (listings, existence), kept as long as the analysis keeps its file list: until
   * `invalidateListings()`, which the registry calls wherever it calls `Analysis.invalidateListing()` (a document
   * opened or closed, a watched-file event). Without it every keystroke walked folders and listed directories again
   * (the monolith rule's program discovery, `.dockerignore`/hadolint-ignore lookups).
   */
  private readonly diskListings = new Map<string, string[]>();
  private readonly diskDirs = new Map<string, string[] | undefined>();
  private readonly diskExists = new Map<string, boolean>();

  constructor(readonly disk: FsWorkspace) {}

  /** Forget cached disk texts (all, or the given paths). */
  invalidate(paths?: string[]): void {
    if (!paths) this.diskTexts.clear();
    else for (const p of paths) this.diskTexts.delete(p);
  }

  /** Forget what the disk said about the tree (see `diskListings`). */
  invalidateListings(): void {
    this.diskListings.clear();
    this.diskDirs.clear();
    this.diskExists.clear();
  }

  /** How many disk texts are cached (for tests and diagnostics). */
  get cachedCount(): number {
    return this.diskTexts.size;
  }

  listFiles(dir = ''): string[] {
    const prefix = dir ? dir.replace(/\/$/, '') + '/' : '';
    let listed = this.diskListings.get(dir);
    if (!listed) this.diskListings.set(dir, (listed = this.disk.listFiles(dir)));
    const files = new Set(listed);
    for (const p of this.open.keys()) if (p.startsWith(prefix) || p === dir) files.add(p);
    return [...files].sort();
  }

  readText(p: string): string | undefined {
    const open = this.open.get(p);
    if (open !== undefined) return open;
    if (this.diskTexts.has(p)) return this.diskTexts.get(p);
    const text = this.disk.readText(p);
    this.diskTexts.set(p, text);
    return text;
  }

  exists(p: string): boolean {
    if (this.open.has(p)) return true;
    let known = this.diskExists.get(p);
    if (known === undefined) this.diskExists.set(p, (known = this.disk.exists(p)));
    return known;
  }

  listDir(dir: string): string[] | undefined {
    if (!this.diskDirs.has(dir)) this.diskDirs.set(dir, this.disk.listDir(dir));
    const cached = this.diskDirs.get(dir);
    // A copy: callers may sort or change what they are given.
    const names = cached && cached.slice();
    const prefix = dir ? dir.replace(/\/$/, '') + '/' : '';
    const opened = [...this.open.keys()].filter((p) => p.startsWith(prefix) && !p.slice(prefix.length).includes('/')).map((p) => p.slice(prefix.length));
    if (!opened.length) return names;
    return [...new Set([...(names ?? []), ...opened])];
  }

  fileSize(p: string): number | undefined {
    return this.open.has(p) ? undefined : this.disk.fileSize(p);
  }
}

export interface DocumentLocation {
  analysis: Analysis;
  /** Workspace-relative path of the document. */
  path: string;
  /** Absolute folder the analysis is rooted at, for turning paths back into URIs (undefined for virtual documents). */
  root?: string;
}

/** Maps documents to long-lived analyses, one per workspace folder (or per folder of a loose file). */
export class WorkspaceRegistry {
  private readonly roots = new Map<string, { analysis: Analysis; overlay: OverlayWorkspace; fileConfig: DockwrightConfig }>();
  private folders: string[] = [];
  /** Per document URI: the folder it belongs to and its path there (they change only with the folders). */
  private readonly located = new Map<string, { root: string; path: string }>();
  private settings: DockwrightConfig = {};
  readonly configProblems: string[] = [];

  setFolders(uris: string[]): void {
    this.folders = uris.map((u) => fileURLToPath(u)).sort((a, b) => b.length - a.length);
    this.located.clear();
  }

  setSettings(settings: DockwrightConfig): void {
    this.settings = settings;
    for (const entry of this.roots.values()) this.configure(entry);
  }

  /** The workspace folder (absolute path) that contains a file, if any. */
  folderOf(file: string): string | undefined {
    return this.folders.find((f) => isInside(f, file));
  }

  locate(uri: string): DocumentLocation | undefined {
    if (!uri.startsWith('file:')) return undefined;
    let where = this.located.get(uri);
    if (!where) {
      const file = fileURLToPath(uri);
      const root = this.folders.find((f) => isInside(f, file)) ?? path.dirname(file);
      where = { root, path: this.entry(root).overlay.disk.relative(file) };
      this.located.set(uri, where);
    }
    return { analysis: this.entry(where.root).analysis, path: where.path, root: where.root };
  }

  /** A one-file analysis for documents that are not on disk (untitled, virtual file systems). */
  virtual(uri: string, document: TextDocument, name: string): DocumentLocation {
    const memory = new MemoryWorkspace({ [name]: document.getText() });
    return { analysis: new Analysis(memory, this.settings), path: name };
  }

  didOpenOrChange(uri: string, text: string): DocumentLocation | undefined {
    const loc = this.locate(uri);
    if (!loc) return undefined;
    const entry = this.roots.get(loc.root!)!;
    const isNew = !entry.overlay.open.has(loc.path);
    entry.overlay.open.set(loc.path, text);
    if (isNew) this.invalidateListing(entry);
    return loc;
  }

  didClose(uri: string): void {
    const loc = this.locate(uri);
    if (!loc) return;
    const entry = this.roots.get(loc.root!)!;
    entry.overlay.open.delete(loc.path);
    entry.overlay.invalidate([loc.path]);
    this.located.delete(uri);
    this.invalidateListing(entry);
  }

  /** Files changed on disk: drop the cached texts of those files (all, when unknown), listings, and re-read config. */
  didChangeFiles(changes?: { uri: string }[]): void {
    const byRoot = new Map<string, string[]>();
    for (const change of changes ?? []) {
      if (!change.uri.startsWith('file:')) continue;
      const file = fileURLToPath(change.uri);
      for (const root of this.roots.keys()) if (isInside(root, file)) byRoot.set(root, [...(byRoot.get(root) ?? []), path.relative(root, file).split(path.sep).join('/')]);
    }
    for (const [root, entry] of this.roots) {
      entry.overlay.invalidate(changes ? byRoot.get(root) ?? [] : undefined);
      this.invalidateListing(entry);
      entry.fileConfig = this.readConfig(entry.overlay.disk, root);
      this.configure(entry);
    }
  }

  uriOf(root: string | undefined, relative: string): string | undefined {
    if (!root) return undefined;
    return pathToFileURL(path.join(root, relative)).toString();
  }

  allEntries(): { root: string; analysis: Analysis; overlay: OverlayWorkspace }[] {
    return [...this.roots].map(([root, e]) => ({ root, analysis: e.analysis, overlay: e.overlay }));
  }

  private entry(root: string) {
    let entry = this.roots.get(root);
    if (!entry) {
      const disk = new FsWorkspace(root);
      const overlay = new OverlayWorkspace(disk);
      const fileConfig = this.readConfig(disk, root);
      entry = { analysis: new Analysis(overlay, {}), overlay, fileConfig };
      this.configure(entry);
      this.roots.set(root, entry);
    }
    return entry;
  }

  /** The analysis' file list and the overlay's disk listings go stale together. */
  private invalidateListing(entry: { analysis: Analysis; overlay: OverlayWorkspace }): void {
    entry.analysis.invalidateListing();
    entry.overlay.invalidateListings();
  }

  private configure(entry: { analysis: Analysis; overlay: OverlayWorkspace; fileConfig: DockwrightConfig }): void {
    entry.analysis.config = mergeConfigs(entry.fileConfig, this.settings);
    entry.overlay.disk.maxFileBytes = maxFileBytes(entry.analysis.config);
  }

  private readConfig(disk: FsWorkspace, root: string): DockwrightConfig {
    const { config, problems } = readWorkspaceConfig(disk);
    for (const p of problems) this.configProblems.push(`${root}: ${p}`);
    return config;
  }
}
