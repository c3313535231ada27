import { baseName, dirName, type Workspace } from './workspace';

/**
 * A read-through memo over another workspace for the duration of one batch of checks (a CLI run, a whole-workspace
 * re-check), during which the tree is treated as unchanging. Cross-file rules ask for the same listings, texts and
 * existence checks once per checked file; without this a big workspace is read from disk quadratically often.
 */
export class BatchWorkspace implements Workspace {
  private readonly texts = new Map<string, string | undefined>();
  private readonly listings = new Map<string, string[]>();
  private readonly existing = new Map<string, boolean>();
  private readonly sizes = new Map<string, number | undefined>();
  /** Lower-cased entry names of folders, to answer "does X not exist" with one listing per folder. */
  private readonly folders = new Map<string, Set<string> | undefined>();

  constructor(readonly inner: Workspace) {}

  listFiles(dir = ''): string[] {
    let list = this.listings.get(dir);
    if (!list) this.listings.set(dir, (list = this.inner.listFiles(dir)));
    return list.slice();
  }

  readText(path: string): string | undefined {
    if (this.texts.has(path)) return this.texts.get(path);
    const text = this.inner.readText(path);
    this.texts.set(path, text);
    return text;
  }

  exists(path: string): boolean {
    let known = this.existing.get(path);
    if (known === undefined) this.existing.set(path, (known = this.absentByListing(path) ? false : this.inner.exists(path)));
    return known;
  }

  fileSize(path: string): number | undefined {
    if (!this.inner.fileSize) return undefined;
    if (this.sizes.has(path)) return this.sizes.get(path);
    const size = this.inner.fileSize(path);
    this.sizes.set(path, size);
    return size;
  }

  listDir(dir: string): string[] | undefined {
    return this.inner.listDir?.(dir);
  }

  /**
   * True when folder listings prove the path does not exist: its folder's listing lacks the name, or the folder itself
   * is absent. Only plain names are decided this way (no `.`/`..`, no trailing slash); names are compared
   * case-insensitively so a case-insensitive file system still goes to the inner workspace. Anything undecided is
   * asked of the inner workspace.
   */
  private absentByListing(path: string): boolean {
    if (!this.inner.listDir) return false;
    const name = baseName(path);
    if (name === '' || name === '.' || name === '..') return false;
    const dir = dirName(path);
    if (dir.split('/').some((s) => s === '.' || s === '..')) return false;
    let names = this.folders.get(dir);
    if (!this.folders.has(dir)) {
      const listed = this.inner.listDir(dir);
      names = listed && new Set(listed.map((n) => n.toLowerCase()));
      this.folders.set(dir, names);
    }
    if (names) return !names.has(name.toLowerCase());
    return dir !== '' && this.absentByListing(dir);
  }
}
