import * as fs from 'node:fs';
import * as path from 'node:path';
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
  private readonly reals = new Map<string, string | undefined>();

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

  /**
   * Real paths from the real path of the parent folder (memoised) and one lstat() of the entry itself, instead of an
   * lstat() of every component per call: every read and existence check resolves its path (a tenth of a cold check).
   * Only a symlink is resolved in full.
   */
  protected override realpath(abs: string): string | undefined {
    if (this.reals.has(abs)) return this.reals.get(abs);
    const parent = path.dirname(abs);
    let real: string | undefined;
    if (parent === abs) real = super.realpath(abs);
    else {
      const realParent = this.realpath(parent);
      const st = realParent === undefined ? undefined : lstat(abs);
      if (st) real = st.isSymbolicLink() ? super.realpath(abs) : path.join(realParent!, path.basename(abs));
    }
    this.reals.set(abs, real);
    return real;
  }
}

function lstat(abs: string): fs.Stats | undefined {
  try {
    return fs.lstatSync(abs, { throwIfNoEntry: false });
  } catch {
    return undefined;
  }
}
