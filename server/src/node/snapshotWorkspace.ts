import { FsWorkspace } from './fsWorkspace';

/**
 * A file-system workspace for one-shot runs (the CLI): the tree is assumed not to change while it runs,
 * so listings and texts are read from disk once. Cross-file rules ask for the same compose files and
 * Dockerfiles once per checked file; without this a big workspace is read from disk quadratically often.
 */
export class SnapshotFsWorkspace extends FsWorkspace {
  private readonly texts = new Map<string, string | undefined>();
  private readonly listings = new Map<string, string[]>();
  private readonly existing = new Map<string, boolean>();

  override listFiles(dir = ''): string[] {
    let list = this.listings.get(dir);
    if (!list) this.listings.set(dir, (list = super.listFiles(dir)));
    return list.slice();
  }

  override readText(relative: string): string | undefined {
    if (this.texts.has(relative)) return this.texts.get(relative);
    const text = super.readText(relative);
    this.texts.set(relative, text);
    return text;
  }

  override exists(relative: string): boolean {
    let known = this.existing.get(relative);
    if (known === undefined) this.existing.set(relative, (known = super.exists(relative)));
    return known;
  }
}
